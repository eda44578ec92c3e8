package audit_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestHistory: an edit shows in the record's history with who, how and what changed; the
// administrators' trail lists it, filters and exports it; neither is public.
func TestHistory(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	plan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	forms, _ := s.Forms()
	form, err := forms.Values(context.Background(), model.Plans, plan, i18n.Danish)
	if err != nil {
		t.Fatal(err)
	}
	form.Set("title", "Klimaplan med ny titel")
	if f := sitetest.PostForm(t, ts.URL+"/planer/"+strconv.FormatInt(plan.ID(), 10)+"/rediger", form, editor); f.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", f.Status)
	}
	path := "/historik/plans/" + strconv.FormatInt(plan.ID(), 10)
	if f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, ""); f.Status != http.StatusSeeOther {
		t.Errorf("the public opens a history: %d, want the sign-in page", f.Status)
	}
	h := sitetest.Fetch(t, ts.URL+path, editor, "")
	sitetest.CheckPage(t, h, "da")
	for _, want := range []string{"Historik for plan", "Hjemmesiden", "Ændret", "<del>" + plan.Str("title") + "</del> → <ins>Klimaplan med ny titel</ins>", "@example.dk"} {
		if !strings.Contains(h.Body, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/log", editor, ""); f.Status != http.StatusForbidden {
		t.Errorf("an editor opens the audit trail: %d, want 403", f.Status)
	}
	log := sitetest.Fetch(t, ts.URL+"/admin/log?"+url.Values{"resource": {"plans"}, "channel": {"web"}}.Encode(), admin, "")
	sitetest.CheckPage(t, log, "da")
	if !strings.Contains(log.Body, "Klimaplan med ny titel") || !strings.Contains(log.Body, `href="`+path+`"`) {
		t.Error("the audit trail does not list the edit with a link to the record's history")
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/log?channel=api", admin, ""); strings.Contains(f.Body, "Klimaplan med ny titel") {
		t.Error("the channel filter lets the web edit through")
	}
	// Accounts are in the trail too: the editor's was made with a role, without their address.
	accounts := sitetest.Fetch(t, ts.URL+"/admin/log?resource=users", admin, "")
	if !strings.Contains(accounts.Body, "roles: editor@"+strconv.FormatInt(kbh.ID(), 10)) {
		t.Error("the audit trail does not list the accounts made")
	}
	csv := sitetest.Fetch(t, ts.URL+"/admin/log?resource=plans&eksport=log&format=csv", admin, "")
	if csv.Status != 200 || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.Body, "Titel: "+plan.Str("title")+" → Klimaplan med ny titel") {
		t.Errorf("the audit export: %d %s\n%s", csv.Status, csv.Header.Get("Content-Type"), csv.Body)
	}
}

// TestHistoryFollowsTheRecordAsItLastWas: the history of a deleted draft, and of a deleted
// goal of a deleted draft plan, is for those who could see them as they last were; anybody
// else signed in gets 404, as for a record that never was, and so learns neither its content
// nor who edited it.
func TestHistoryFollowsTheRecordAsItLastWas(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	published := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	kbhEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	kbhViewer := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	albEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	ctx := sitetest.AsPerson(t, s.DB, kbhEditor)
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
