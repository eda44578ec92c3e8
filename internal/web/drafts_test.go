package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// asPerson is a context whose changes are made by the person signed in with header, through
// the pages, with their rights.
func asPerson(t *testing.T, s *Server, header map[string]string) context.Context {
	t.Helper()
	u := userOfHeader(t, s, header)
	p := &auth.Principal{User: u}
	return store.WithActor(context.Background(), store.Actor{UserID: u.ID, Channel: store.ChannelWeb, Guard: auth.Guard(p)})
}

// mustCreate makes a record in ctx's name.
func mustCreate(t *testing.T, s *Server, ctx context.Context, res *model.Resource, rec model.Record) model.Record {
	t.Helper()
	out, err := s.db.Create(ctx, res, rec)
	if err != nil {
		t.Fatalf("create %s %v: %v", res.Name, rec, err)
	}
	return out
}

// TestWhatADraftPlanHoldsIsHidden: a published action, a goal and an indicator of a draft
// plan, and the plan's title, are as hidden as the plan on every page, list and export, and
// their edit forms and histories answer 404 as if they were not there; Copenhagen's people
// see them all.
func TestWhatADraftPlanHoldsIsHidden(t *testing.T) {
	s, ts := newTestServer(t)
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := oneOf(t, s, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	kbhEditor := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	kbhViewer := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	albEditor := signedIn(t, s, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	secretariat := signedIn(t, s, "da", store.Membership{Role: auth.RoleSecretariat})
	ctx := asPerson(t, s, kbhEditor)
	plan := mustCreate(t, s, ctx, model.Plans, model.Record{"code": "UDKAST-101", "organisation_id": kbh.ID(), "kind": "strategy",
		"title": "Hemmelig strategi", "status": "draft"})
	action := mustCreate(t, s, ctx, model.Actions, model.Record{"plan_id": plan.ID(), "organisation_id": kbh.ID(), "title": "Hemmelig indsats",
		"sector": "energy", "status": "in_progress", "published": true})
	goal := mustCreate(t, s, ctx, model.Goals, model.Record{"plan_id": plan.ID(), "text_da": "Hemmeligt mål"})
	ind := mustCreate(t, s, ctx, model.Indicators, model.Record{"code": "hemmeligt", "name_da": "Hemmeligt nøgletal", "unit": "t",
		"direction": "lower", "owner_plan_id": plan.ID(), "targets": []model.Target{{Year: 2030, Value: 1}}})
	value := mustCreate(t, s, ctx, model.IndicatorValues, model.Record{"indicator_id": ind.ID(), "organisation_id": kbh.ID(), "period": "2024", "value": 7.0})

	id := idString
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
		header map[string]string
		sees   bool
	}{{"the public", actDA, false}, {"Albertslund's editor", albEditor, false}, {"the secretariat", secretariat, false},
		{"Copenhagen's viewer", kbhViewer, true}, {"Copenhagen's editor", kbhEditor, true}} {
		for _, pg := range pages {
			f := fetch(t, ts.URL+pg.path, who.header, "")
			form := strings.HasSuffix(pg.path, "/rediger") || strings.HasSuffix(pg.path, "/ny")
			switch {
			case strings.HasPrefix(pg.path, "/historik/") && who.header["Cookie"] == "":
				if f.status != http.StatusSeeOther {
					t.Errorf("%s: %s answers %d, want the sign-in page, as for any history", who.name, pg.path, f.status)
				}
			case pg.text != "" && f.status == http.StatusOK:
				if shown := strings.Contains(f.body, pg.text); shown != who.sees {
					t.Errorf("%s: %s shows %q: %v, want %v", who.name, pg.path, pg.text, shown, who.sees)
				}
			case pg.text != "" && who.sees:
				t.Errorf("%s: %s answers %d, want 200", who.name, pg.path, f.status)
			case who.sees && form && who.name == "Copenhagen's viewer":
				if f.status != http.StatusForbidden {
					t.Errorf("%s: %s answers %d, want 403 (may see, may not edit)", who.name, pg.path, f.status)
				}
			case who.sees:
				if f.status != http.StatusOK {
					t.Errorf("%s: %s answers %d, want 200", who.name, pg.path, f.status)
				}
			case f.status != http.StatusNotFound:
				t.Errorf("%s: %s answers %d, want 404", who.name, pg.path, f.status)
			}
		}
	}
}

// TestHistoryFollowsTheRecordAsItLastWas: the history of a deleted draft, and of a deleted
// goal of a deleted draft plan, is for those who could see them as they last were; anybody
// else signed in gets 404, as for a record that never was, and so learns neither its content
// nor who edited it.
func TestHistoryFollowsTheRecordAsItLastWas(t *testing.T) {
	s, ts := newTestServer(t)
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := oneOf(t, s, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	published := oneOf(t, s, model.Plans, map[string]string{"organisation": idString(kbh.ID())})
	kbhEditor := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	kbhViewer := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	albEditor := signedIn(t, s, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	ctx := asPerson(t, s, kbhEditor)
	draft := mustCreate(t, s, ctx, model.Actions, model.Record{"plan_id": published.ID(), "organisation_id": kbh.ID(), "title": "Slettet udkast",
		"sector": "energy", "status": "planned"})
	plan := mustCreate(t, s, ctx, model.Plans, model.Record{"code": "SLETTET", "organisation_id": kbh.ID(), "kind": "other", "title": "Slettet plan", "status": "draft"})
	goal := mustCreate(t, s, ctx, model.Goals, model.Record{"plan_id": plan.ID(), "text_da": "Slettet mål"})
	for _, d := range []struct {
		res *model.Resource
		id  int64
	}{{model.Actions, draft.ID()}, {model.Goals, goal.ID()}, {model.Plans, plan.ID()}} {
		if err := s.db.Delete(ctx, d.res, d.id, 0); err != nil {
			t.Fatal(err)
		}
	}
	editorEmail := userOfHeader(t, s, kbhEditor).Email
	for _, c := range []struct {
		path, text string
	}{
		{"/historik/actions/" + idString(draft.ID()), "Slettet udkast"},
		{"/historik/goals/" + idString(goal.ID()), "Slettet mål"},
		{"/historik/plans/" + idString(plan.ID()), "Slettet plan"},
	} {
		if f := fetch(t, ts.URL+c.path, albEditor, ""); f.status != http.StatusNotFound || strings.Contains(f.body, c.text) || strings.Contains(f.body, editorEmail) {
			t.Errorf("Albertslund's editor opens %s: %d, want 404 without its content or editor", c.path, f.status)
		}
		if f := fetch(t, ts.URL+c.path, kbhViewer, ""); f.status != http.StatusOK || !strings.Contains(f.body, c.text) {
			t.Errorf("Copenhagen's viewer opens %s: %d, want its history", c.path, f.status)
		}
	}
	if f := fetch(t, ts.URL+"/historik/actions/987654", kbhViewer, ""); f.status != http.StatusNotFound {
		t.Errorf("the history of an action that never was: %d, want 404", f.status)
	}
	// A published record's history stays open to everybody signed in, also once deleted.
	gone := mustCreate(t, s, ctx, model.Actions, model.Record{"plan_id": published.ID(), "organisation_id": kbh.ID(), "title": "Slettet offentlig",
		"sector": "energy", "status": "planned", "published": true})
	if err := s.db.Delete(ctx, model.Actions, gone.ID(), 0); err != nil {
		t.Fatal(err)
	}
	if f := fetch(t, ts.URL+"/historik/actions/"+idString(gone.ID()), albEditor, ""); f.status != http.StatusOK || !strings.Contains(f.body, "Slettet offentlig") {
		t.Errorf("the history of a deleted published action: %d, want it shown", f.status)
	}
}
