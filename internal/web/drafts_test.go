package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/sitetest"
)

// asPerson is a context whose changes are made by the person signed in with header, through
// the pages, with their rights.
func asPerson(t *testing.T, s *Server, header map[string]string) context.Context {
	t.Helper()
	u := sitetest.UserOf(t, s.DB, header)
	p := &auth.Principal{User: u}
	return store.WithActor(context.Background(), store.Actor{UserID: u.ID, Channel: store.ChannelWeb, Guard: auth.Guard(p)})
}

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
	ctx := asPerson(t, s, kbhEditor)
	plan := sitetest.MustCreate(t, s.DB, ctx, model.Plans, model.Record{"code": "UDKAST-101", "organisation_id": kbh.ID(), "kind": "strategy",
		"title": "Hemmelig strategi", "status": "draft"})
	action := sitetest.MustCreate(t, s.DB, ctx, model.Actions, model.Record{"plan_id": plan.ID(), "organisation_id": kbh.ID(), "title": "Hemmelig indsats",
		"sector": "energy", "status": "in_progress", "published": true})
	goal := sitetest.MustCreate(t, s.DB, ctx, model.Goals, model.Record{"plan_id": plan.ID(), "text_da": "Hemmeligt mål"})
	ind := sitetest.MustCreate(t, s.DB, ctx, model.Indicators, model.Record{"code": "hemmeligt", "name_da": "Hemmeligt nøgletal", "unit": "t",
		"direction": "lower", "owner_plan_id": plan.ID(), "targets": []model.Target{{Year: 2030, Value: 1}}})
	value := sitetest.MustCreate(t, s.DB, ctx, model.IndicatorValues, model.Record{"indicator_id": ind.ID(), "organisation_id": kbh.ID(), "period": "2024", "value": 7.0})

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

// TestHistoryFollowsTheRecordAsItLastWas: the history of a deleted draft, and of a deleted
// goal of a deleted draft plan, is for those who could see them as they last were; anybody
// else signed in gets 404, as for a record that never was, and so learns neither its content
// nor who edited it.
func TestHistoryFollowsTheRecordAsItLastWas(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	published := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	kbhEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	kbhViewer := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	albEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	ctx := asPerson(t, s, kbhEditor)
	draft := sitetest.MustCreate(t, s.DB, ctx, model.Actions, model.Record{"plan_id": published.ID(), "organisation_id": kbh.ID(), "title": "Slettet udkast",
		"sector": "energy", "status": "planned"})
	plan := sitetest.MustCreate(t, s.DB, ctx, model.Plans, model.Record{"code": "SLETTET", "organisation_id": kbh.ID(), "kind": "other", "title": "Slettet plan", "status": "draft"})
	goal := sitetest.MustCreate(t, s.DB, ctx, model.Goals, model.Record{"plan_id": plan.ID(), "text_da": "Slettet mål"})
	for _, d := range []struct {
		res *model.Resource
		id  int64
	}{{model.Actions, draft.ID()}, {model.Goals, goal.ID()}, {model.Plans, plan.ID()}} {
		if err := s.DB.Delete(ctx, d.res, d.id, 0); err != nil {
			t.Fatal(err)
		}
	}
	editorEmail := sitetest.UserOf(t, s.DB, kbhEditor).Email
	for _, c := range []struct {
		path, text string
	}{
		{"/historik/actions/" + strconv.FormatInt(draft.ID(), 10), "Slettet udkast"},
		{"/historik/goals/" + strconv.FormatInt(goal.ID(), 10), "Slettet mål"},
		{"/historik/plans/" + strconv.FormatInt(plan.ID(), 10), "Slettet plan"},
	} {
		if f := sitetest.Fetch(t, ts.URL+c.path, albEditor, ""); f.Status != http.StatusNotFound || strings.Contains(f.Body, c.text) || strings.Contains(f.Body, editorEmail) {
			t.Errorf("Albertslund's editor opens %s: %d, want 404 without its content or editor", c.path, f.Status)
		}
		if f := sitetest.Fetch(t, ts.URL+c.path, kbhViewer, ""); f.Status != http.StatusOK || !strings.Contains(f.Body, c.text) {
			t.Errorf("Copenhagen's viewer opens %s: %d, want its history", c.path, f.Status)
		}
	}
	if f := sitetest.Fetch(t, ts.URL+"/historik/actions/987654", kbhViewer, ""); f.Status != http.StatusNotFound {
		t.Errorf("the history of an action that never was: %d, want 404", f.Status)
	}
	// A published record's history stays open to everybody signed in, also once deleted.
	gone := sitetest.MustCreate(t, s.DB, ctx, model.Actions, model.Record{"plan_id": published.ID(), "organisation_id": kbh.ID(), "title": "Slettet offentlig",
		"sector": "energy", "status": "planned", "published": true})
	if err := s.DB.Delete(ctx, model.Actions, gone.ID(), 0); err != nil {
		t.Fatal(err)
	}
	if f := sitetest.Fetch(t, ts.URL+"/historik/actions/"+strconv.FormatInt(gone.ID(), 10), albEditor, ""); f.Status != http.StatusOK || !strings.Contains(f.Body, "Slettet offentlig") {
		t.Errorf("the history of a deleted published action: %d, want it shown", f.Status)
	}
}
