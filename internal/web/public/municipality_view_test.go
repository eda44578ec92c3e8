package public

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/page"
	"klimaspor/internal/web/sitetest"
)

// The municipality page's rules, on a hand-made input: no HTTP, no database.
func TestBuildMunicipalityView(t *testing.T) {
	l := i18n.For(i18n.English)
	org := model.AsOrganisation(model.Record{"id": int64(1), "code": "101", "name_da": "København", "kind": "municipality"})
	action := func(id int64, title, sector string, progress ...float64) store.ActionLine {
		a := store.ActionLine{ID: id, Title: title, Sector: sector, Status: "planned"}
		if len(progress) > 0 {
			a.Progress, a.HasProgress = progress[0], true
		}
		return a
	}
	plan := func(id int64, title string, published bool) model.Plan {
		return model.AsPlan(model.Record{"id": id, "title": title, "kind": "climate_plan", "status": "adopted", "organisation_id": int64(1), "published": published})
	}
	goal := func(id, plan, pos int64, text string) model.Goal {
		return model.AsGoal(model.Record{"id": id, "plan_id": plan, "position": pos, "text_da": text, "text_en": text})
	}
	indicator := func(id int64, code string, targets ...model.Target) model.Indicator {
		return model.AsIndicator(model.Record{"id": id, "code": code, "name_da": code, "name_en": code, "unit": "t", "direction": "lower",
			"baseline_value": 100.0, "baseline_year": int64(2018), "targets": targets, "owner_organisation_id": int64(1)})
	}
	total := func(id, ind int64, period string, v float64) store.ValueTotal {
		return store.ValueTotal{ID: id, IndicatorID: ind, OrganisationID: 1, Period: period, Value: v}
	}
	sectors := func(d muniData) (out []string) {
		for _, s := range d.Sectors {
			var titles []string
			for _, a := range s.Actions {
				titles = append(titles, a.Title)
			}
			out = append(out, fmt.Sprint(s.Name, titles))
		}
		return out
	}
	cases := []struct {
		name  string
		in    muniInput
		check func(t *testing.T, d muniData)
	}{
		{"actions by sector in the vocabulary's order, by title within", muniInput{Org: org, Actions: []store.ActionLine{
			action(1, "Busser", model.SectorTransport), action(2, "Varme", model.SectorEnergy), action(3, "Cykler", model.SectorTransport),
			action(4, "Sol", model.SectorEnergy)}},
			func(t *testing.T, d muniData) {
				want := []string{fmt.Sprint(l.Enum("sector", model.SectorEnergy), []string{"Sol", "Varme"}),
					fmt.Sprint(l.Enum("sector", model.SectorTransport), []string{"Busser", "Cykler"})}
				if got := sectors(d); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("sectors %v, want %v", got, want)
				}
			}},
		{"a sector over the limit links to the rest", muniInput{Org: org, Actions: func() (as []store.ActionLine) {
			for i := range maxSectorActions + 2 {
				as = append(as, action(int64(i+1), fmt.Sprintf("Indsats %02d", i), model.SectorEnergy, 40))
			}
			return as
		}()},
			func(t *testing.T, d muniData) {
				s := d.Sectors[0]
				if len(s.Actions) != maxSectorActions || s.Total != maxSectorActions+2 || len(s.all) != maxSectorActions+2 ||
					s.MoreURL != "/indsatser?organisation=1&sector=energy" || s.Actions[0].Pct != "40" {
					t.Errorf("sector %+v", s)
				}
			}},
		{"a plan's goals are those in the input, by position; a draft plan is marked", muniInput{Org: org,
			Plans: []model.Plan{plan(1, "Klimaplan", true), plan(2, "Udkast", false)},
			Goals: []model.Goal{goal(1, 2, 2, "Andet"), goal(2, 2, 1, "Første")}},
			func(t *testing.T, d muniData) {
				if len(d.Plans) != 2 || d.Plans[0].Draft || len(d.Plans[0].Goals) != 0 {
					t.Fatalf("plans %+v", d.Plans)
				}
				if p := d.Plans[1]; !p.Draft || len(p.Goals) != 2 || p.Goals[0].Text != "Første" || p.Goals[1].N != 2 {
					t.Errorf("draft plan %+v", p)
				}
			}},
		{"progress only with a target; an indicator without totals is left out", muniInput{Org: org,
			Indicators: []model.Indicator{indicator(1, "a"), indicator(2, "b", model.Target{Year: 2030, Value: 50}), indicator(3, "c")},
			Totals:     []store.ValueTotal{total(1, 1, "2022", 90), total(2, 2, "2023", 75), total(3, 2, "2022", 80)}},
			func(t *testing.T, d muniData) {
				if len(d.Indicators) != 2 {
					t.Fatalf("indicators %+v", d.Indicators)
				}
				a, b := d.Indicators[0], d.Indicators[1]
				if a.Progress != "" || a.hasPct {
					t.Errorf("indicator without a target shows progress %q", a.ProgressText)
				}
				if b.Progress == "" || !b.hasPct || b.pct != 50 || b.latest != 75 || b.period != "2023" {
					t.Errorf("indicator with a target: %+v", b)
				}
			}},
		{"progress toward the target that counts this year", muniInput{Org: org,
			Indicators: []model.Indicator{indicator(1, "a", model.Target{Year: 2025, Value: 60}, model.Target{Year: 2030, Value: 50})},
			Totals:     []store.ValueTotal{total(1, 1, "2022", 90)}},
			func(t *testing.T, d muniData) {
				if mi := d.Indicators[0]; mi.pct != 20 || !strings.Contains(mi.ProgressText, "2030") {
					t.Errorf("progress %v: %q", mi.pct, mi.ProgressText)
				}
			}},
		{"a target the chart draws is named on the card when progress cannot be measured (issue 10, 4: the card said no target)", muniInput{Org: org,
			Indicators: []model.Indicator{model.AsIndicator(model.Record{"id": int64(1), "code": "a", "name_da": "a", "unit": "t", "direction": "lower",
				"targets": []model.Target{{Year: 2030, Value: 0}}, "owner_organisation_id": int64(1)})},
			Totals: []store.ValueTotal{total(1, 1, "2022", 90)}},
			func(t *testing.T, d muniData) {
				mi := d.Indicators[0]
				if mi.Progress != "" || mi.Target != "Target for 2030: 0" || !strings.Contains(string(mi.Chart), "2030") {
					t.Errorf("card: progress %q, target %q", mi.Progress, mi.Target)
				}
			}},
		{"a plan's goal tied to an indicator shows its progress, or once due whether it was met (issue 10, 4)", muniInput{Org: org,
			Plans: []model.Plan{plan(1, "Klimaplan", true)},
			Goals: []model.Goal{
				model.AsGoal(model.Record{"id": int64(1), "plan_id": int64(1), "position": int64(1), "text_da": "Halvering", "indicator_id": int64(5), "target_value": 50.0, "target_year": int64(2030)}),
				model.AsGoal(model.Record{"id": int64(2), "plan_id": int64(1), "position": int64(2), "text_da": "Først", "indicator_id": int64(5), "target_value": 80.0, "target_year": int64(2025)}),
				model.AsGoal(model.Record{"id": int64(3), "plan_id": int64(1), "position": int64(3), "text_da": "Sidst", "indicator_id": int64(5), "target_value": 70.0, "target_year": int64(2024)}),
				goal(4, 1, 4, "Uden nøgletal")},
			GoalIndicators: map[int64]model.Indicator{5: indicator(5, "e")},
			Totals:         []store.ValueTotal{total(1, 5, "2022", 90), total(2, 5, "2025", 75)}},
			func(t *testing.T, d muniData) {
				g := d.Plans[0].Goals
				want := []string{"Target for 2030: 50: 50% of the way (latest 75 (2025))", "Met – Target for 2025: 80 (latest 75 (2025))",
					"Not met – Target for 2024: 70 (latest 75 (2025))", ""}
				for i, w := range want {
					if g[i].Outcome != strings.ReplaceAll(w, "50%", l.Percent(50, 0)) {
						t.Errorf("goal %d: %q, want %q", i+1, g[i].Outcome, w)
					}
				}
				if g[1].Met != "met" || g[2].Met != "missed" || g[0].Met != "" {
					t.Errorf("met %q %q %q", g[0].Met, g[1].Met, g[2].Met)
				}
			}},
		{"no emissions, no chart", muniInput{Org: org}, func(t *testing.T, d muniData) {
			if d.Emissions != "" || d.Region != "" {
				t.Errorf("emissions %q, region %q", d.Emissions, d.Region)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.check(t, buildMunicipalityView(l, c.in, 2026)) })
	}
}

// countReads serves path from the public pages of s and returns how many queries the store
// ran for it.
func countReads(t *testing.T, s *Pages, path string) int64 {
	t.Helper()
	mux := http.NewServeMux()
	s.Routes(mux)
	before := s.DB.ReadCount()
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", path, w.Code)
	}
	return s.DB.ReadCount() - before
}

// pageServer is the public pages, without the server's page cache, over a fresh database.
// readsDoNotGrow builds the data of a page twice, with 1 and with 5 of the rows it lists
// (build makes records with mk and stores a 2022 value of an indicator for an organisation
// with value), and fails unless serving path reads the same number of times both ways.
func readsDoNotGrow(t *testing.T, path, what string, build func(mk func(*model.Resource, model.Record) int64, value func(ind, org int64), n int)) {
	t.Helper()
	ctx := context.Background()
	reads := map[int]int64{}
	for _, n := range []int{1, 5} {
		s, db := pageServer(t)
		value := func(ind, org int64) {
			t.Helper()
			err := db.Tx(ctx, func(tx *store.Tx) error {
				v := model.Record{"indicator_id": ind, "organisation_id": org, "period": "2022", "breakdown": "", "value": 1.0, "source": "test"}
				model.Normalize(model.IndicatorValues, v)
				return tx.InsertValues(ctx, []model.Record{v})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		build(creator(t, db), value, n)
		reads[n] = countReads(t, s, path)
	}
	t.Logf("reads of %s: %v", path, reads)
	if reads[1] != reads[5] {
		t.Errorf("reads with 1 %s: %d; with 5: %d", what, reads[1], reads[5])
	}
}

// creator stores records for a test and gives their ids; a failure ends the test.
func creator(t *testing.T, db *store.DB) func(res *model.Resource, r model.Record) int64 {
	return func(res *model.Resource, r model.Record) int64 {
		t.Helper()
		rec, err := db.Create(context.Background(), res, r)
		if err != nil {
			t.Fatalf("create %s: %v", res.Name, err)
		}
		return rec.ID()
	}
}

func pageServer(t *testing.T) (*Pages, *store.DB) {
	t.Helper()
	db := storetest.Open(t, "sqlite")
	site, err := page.NewSite(db, sitetest.Quiet(), "/static/site.css")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

// A municipality's page reads the same number of times whatever it holds: its plans' goals
// and its indicators' totals each in one query, not one per plan or indicator.
func TestMunicipalityReadsDoNotGrow(t *testing.T) {
	readsDoNotGrow(t, "/kommuner/101", "plan and indicator", func(mk func(*model.Resource, model.Record) int64, value func(ind, org int64), n int) {
		region := mk(model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
		org := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
		for i := range n {
			plan := mk(model.Plans, model.Record{"code": fmt.Sprintf("P%d", i), "organisation_id": org, "kind": "climate_plan", "title": "Plan", "status": "adopted", "published": true})
			mk(model.Goals, model.Record{"plan_id": plan, "text_da": "Mål", "position": int64(1)})
			mk(model.Actions, model.Record{"plan_id": plan, "organisation_id": org, "title": "Indsats", "sector": "energy", "status": "planned", "published": true})
			ind := mk(model.Indicators, model.Record{"code": fmt.Sprintf("i%d", i), "name_da": "Nøgletal", "unit": "t", "direction": "lower", "owner_organisation_id": org})
			value(ind, org)
		}
	})
}
