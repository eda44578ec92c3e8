package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/sitetest"
)

// TestWhatADraftPlanHoldsIsHidden: a published action, a goal and an indicator of a draft
// plan, and the plan's title, are as hidden as the plan on every page, list and export, and
// their edit forms and histories answer 404 as if they were not there; Copenhagen's people
// see them all.
func TestWhatADraftPlanHoldsIsHidden(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	kbhEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	kbhViewer := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	albEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	secretariat := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
	ctx := sitetest.AsPerson(t, s.DB, kbhEditor)
	plan := sitetest.MustCreate(t, s.DB, ctx, model.Plans, model.Record{"code": "UDKAST-101", "organisation_id": kbh.ID(), "kind": "strategy",
		"title": "Hemmelig strategi", "status": "draft"})
	action := sitetest.MustCreate(t, s.DB, ctx, model.Actions, model.Record{"plan_id": plan.ID(), "organisation_id": kbh.ID(), "title": "Hemmelig indsats",
		"sector": "energy", "status": "in_progress", "published": true})
	goal := sitetest.MustCreate(t, s.DB, ctx, model.Goals, model.Record{"plan_id": plan.ID(), "text_da": "Hemmeligt mål"})
	ind := sitetest.MustCreate(t, s.DB, ctx, model.Indicators, model.Record{"code": "hemmeligt", "name_da": "Hemmeligt nøgletal", "unit": "t",
		"direction": "lower", "owner_plan_id": plan.ID(), "targets": []model.Target{{Year: 2030, Value: 1}}})
	value := sitetest.MustCreate(t, s.DB, ctx, model.IndicatorValues, model.Record{"indicator_id": ind.ID(), "organisation_id": kbh.ID(), "period": "2024", "value": 7.0})
	// A published library item naming the hidden action and indicator (only an administrator
	// sees them all to name them).
	item := sitetest.MustCreate(t, s.DB, sitetest.AsPerson(t, s.DB, sitetest.SignedIn(t, s.DB, s.Sessions, "da")), model.LibraryItems, model.Record{
		"title": "Offentlig idé", "kind": "idea", "published": true, "action_ids": []int64{action.ID()}, "indicator_ids": []int64{ind.ID()}})

	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	pages := []struct {
		path string
		text string // what the page shows when it may; "" when only the status tells
	}{
		{"/kommuner/101", "Hemmelig strategi"},
		{"/kommuner/101", "Hemmeligt mål"},
		{"/kommuner/101", "Hemmelig indsats"},
		{"/indsatser?q=Hemmelig", "Hemmelig indsats"},
		{"/indsatser?q=Hemmelig&eksport=indsatser&format=csv", "Hemmelig indsats"},
		{"/indsatser/" + id(action.ID()), "Hemmelig strategi"},
		{"/noegletal/hemmeligt", "Hemmelig strategi"},
		{"/bibliotek/" + id(item.ID()), "Hemmelig indsats"},
		{"/bibliotek/" + id(item.ID()), "Hemmeligt nøgletal"},
		{"/sammenlign", "Hemmeligt nøgletal"},
		{"/indsatser/" + id(action.ID()) + "/rediger", ""},
		{"/maal/" + id(goal.ID()) + "/rediger", ""},
		{"/vaerdier/" + id(value.ID()) + "/rediger", ""},
		{"/noegletal/hemmeligt/rediger", ""},
		{"/planer/" + id(plan.ID()) + "/indsatser/ny", ""},
		{"/historik/actions/" + id(action.ID()), ""},
		{"/historik/goals/" + id(goal.ID()), ""},
		{"/historik/indicators/" + id(ind.ID()), ""},
		{"/historik/indicator-values/" + id(value.ID()), ""},
	}
	for _, who := range []struct {
		name   string
		Header map[string]string
		sees   bool
	}{{"the public", sitetest.ActDA, false}, {"Albertslund's editor", albEditor, false}, {"the secretariat", secretariat, false},
		{"Copenhagen's viewer", kbhViewer, true}, {"Copenhagen's editor", kbhEditor, true}} {
		for _, pg := range pages {
			f := sitetest.Fetch(t, ts.URL+pg.path, who.Header, "")
			form := strings.HasSuffix(pg.path, "/rediger") || strings.HasSuffix(pg.path, "/ny")
			switch {
			case strings.HasPrefix(pg.path, "/historik/") && who.Header["Cookie"] == "":
				if f.Status != http.StatusSeeOther {
					t.Errorf("%s: %s answers %d, want the sign-in page, as for any history", who.name, pg.path, f.Status)
				}
			case pg.text != "" && f.Status == http.StatusOK:
				if shown := strings.Contains(f.Body, pg.text); shown != who.sees {
					t.Errorf("%s: %s shows %q: %v, want %v", who.name, pg.path, pg.text, shown, who.sees)
				}
			case pg.text != "" && who.sees:
				t.Errorf("%s: %s answers %d, want 200", who.name, pg.path, f.Status)
			case who.sees && form && who.name == "Copenhagen's viewer":
				if f.Status != http.StatusForbidden {
					t.Errorf("%s: %s answers %d, want 403 (may see, may not edit)", who.name, pg.path, f.Status)
				}
			case who.sees:
				if f.Status != http.StatusOK {
					t.Errorf("%s: %s answers %d, want 200", who.name, pg.path, f.Status)
				}
			case f.Status != http.StatusNotFound:
				t.Errorf("%s: %s answers %d, want 404", who.name, pg.path, f.Status)
			}
		}
	}
}
