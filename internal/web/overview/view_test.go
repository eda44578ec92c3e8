package overview

import (
	"slices"
	"testing"
	"time"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// TestBuildView: the overview's rules on hand-made records: stale actions first, then by
// status; an indicator is due for an organisation until it has a value of the last year;
// drafts are the unpublished plans and actions; only the projects one of the person's
// organisations leads (all of them for the secretariat).
func TestBuildView(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	old, recent := "2026-01-01T00:00:00Z", "2026-11-30T00:00:00Z"
	alb := model.AsOrganisation(model.Record{"id": int64(1), "name_da": "Albertslund Kommune", "code": "165"})
	kbh := model.AsOrganisation(model.Record{"id": int64(2), "name_da": "Københavns Kommune", "code": "101"})
	act := func(id int64, title, status, updated string, published bool) model.Action {
		return model.AsAction(model.Record{"id": id, "organisation_id": int64(1), "title": title, "status": status, "updated_at": updated, "published": published})
	}
	ind := func(id int64, code string) model.Indicator {
		return model.AsIndicator(model.Record{"id": id, "code": code, "name_da": "Nøgletal " + code})
	}
	in := input{
		Orgs:  []model.Organisation{alb},
		Names: map[int64]model.Organisation{1: alb, 2: kbh},
		Now:   now, Year: 2025, Editable: map[int64]bool{7: true},
		Actions: []model.Action{
			act(1, "A frisk i gang", "in_progress", recent, true),
			act(2, "B gammel forsinket", "delayed", old, true),
			act(3, "C gammel planlagt", "planned", old, true),
			act(4, "D gammel gennemført", "completed", old, true),
			act(5, "E frisk kladde", "planned", recent, false),
		},
		Plans: []model.Plan{
			model.AsPlan(model.Record{"id": int64(7), "organisation_id": int64(1), "title": "Planudkast", "published": false, "updated_at": recent}),
			model.AsPlan(model.Record{"id": int64(8), "organisation_id": int64(1), "title": "Vedtaget plan", "published": true}),
		},
		Reportable: []reportable{{ind(10, "reported"), 1}, {ind(11, "missing"), 1}, {ind(12, "old-only"), 1}},
		Values: []model.IndicatorValue{
			model.AsIndicatorValue(model.Record{"indicator_id": int64(10), "organisation_id": int64(1), "period_year": int64(2025)}),
			model.AsIndicatorValue(model.Record{"indicator_id": int64(12), "organisation_id": int64(1), "period_year": int64(2024)}),
			model.AsIndicatorValue(model.Record{"indicator_id": int64(11), "organisation_id": int64(2), "period_year": int64(2025)}),
		},
		Projects: []model.Project{
			model.AsProject(model.Record{"id": int64(20), "code": "VIP2", "name_da": "Madspild", "leads": []int64{1}}),
			model.AsProject(model.Record{"id": int64(21), "code": "VIP1", "name_da": "Andet", "leads": []int64{2}}),
		},
	}
	v := buildView(i18n.For(i18n.Danish), in)
	var order []int64
	for _, a := range v.Actions {
		order = append(order, a.ID)
	}
	// Stale first (planned before delayed, by the statuses' order), then the rest by status.
	if want := []int64{3, 2, 5, 1, 4}; !slices.Equal(order, want) {
		t.Errorf("actions in order %v, want %v", order, want)
	}
	if !v.Actions[0].Stale || v.Actions[2].Stale || v.Actions[4].Stale {
		t.Errorf("stale flags: %+v", v.Actions)
	}
	if len(v.Due) != 2 || v.Due[0].Code != "missing" || v.Due[1].Code != "old-only" || v.Due[0].AddHref != "/noegletal/missing/vaerdier/ny" {
		t.Errorf("due: %+v, want missing and old-only", v.Due)
	}
	if len(v.Drafts) != 2 || !slices.ContainsFunc(v.Drafts, func(d draftRow) bool { return d.Href == "/indsatser/5" }) {
		t.Errorf("drafts: %+v, want the draft action and the draft plan", v.Drafts)
	}
	for _, d := range v.Drafts {
		if d.Title == "Planudkast" && d.Href != "/planer/7/rediger" {
			t.Errorf("the draft plan links to %q", d.Href)
		}
	}
	if len(v.Projects) != 1 || v.Projects[0].Code != "VIP2" || v.Projects[0].Leads != "Albertslund Kommune" {
		t.Errorf("projects: %+v, want VIP2 only", v.Projects)
	}
	in.Secretariat = true
	if v := buildView(i18n.For(i18n.English), in); len(v.Projects) != 2 {
		t.Errorf("the secretariat's projects: %+v, want both", v.Projects)
	}
	if x := overviewExport(i18n.For(i18n.Danish), v, listActions); x == nil || len(x.Rows) != 5 {
		t.Error("the actions' export does not hold the page's rows")
	}
	if overviewExport(i18n.For(i18n.Danish), v, "nothing") != nil {
		t.Error("an unknown list exports")
	}
}
