package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// TestEditRefused: the public is sent to sign in; Albertslund's editor may not touch
// Copenhagen's action and nothing changes; Copenhagen's editor may.
func TestEditRefused(t *testing.T) {
	s, ts := newTestServer(t)
	ctx := context.Background()
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := oneOf(t, s, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	plan := oneOf(t, s, model.Plans, map[string]string{"organisation": idString(kbh.ID())})
	act := oneOf(t, s, model.Actions, map[string]string{"plan": idString(plan.ID())})
	path := "/indsatser/" + idString(act.ID()) + "/rediger"
	form := formOf(t, s, model.Actions, act, i18n.Danish)
	form.Set("title", "Overtaget af Albertslund")

	if f := fetch(t, ts.URL+path, actDA, ""); f.status != http.StatusSeeOther || !strings.HasPrefix(f.header.Get("Location"), "/log-ind?next=") {
		t.Errorf("the public opens an edit form: %d to %q, want the sign-in page", f.status, f.header.Get("Location"))
	}
	if f := postForm(t, ts.URL+path, form, actDA); f.status != http.StatusSeeOther {
		t.Errorf("the public posts an edit: %d, want 303 to the sign-in page", f.status)
	}
	albEditor := signedIn(t, s, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	if f := fetch(t, ts.URL+path, albEditor, ""); f.status != http.StatusForbidden {
		t.Errorf("Albertslund's editor opens Copenhagen's action: %d, want 403", f.status)
	}
	if f := postForm(t, ts.URL+path, form, albEditor); f.status != http.StatusForbidden {
		t.Errorf("Albertslund's editor saves Copenhagen's action: %d, want 403", f.status)
	}
	if got, _ := s.db.Get(ctx, model.Actions, act.ID()); got["version"] != act["version"] || got.Str("title") != act.Str("title") {
		t.Error("a refused edit changed the action")
	}
	if p := fetch(t, ts.URL+"/indsatser/"+idString(act.ID()), albEditor, ""); strings.Contains(p.body, path) {
		t.Error("Albertslund's editor is offered the edit link")
	}
	kbhEditor := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	form.Set("title", "Rettet af København")
	if f := postForm(t, ts.URL+path, form, kbhEditor); f.status != http.StatusSeeOther {
		t.Errorf("Copenhagen's editor saves: %d, want 303", f.status)
	}
	entries, err := s.db.Audit(ctx, store.AuditQuery{Resource: "actions", RecordID: act.ID()})
	if err != nil || len(entries) == 0 || entries[0].Channel != "web" || entries[0].After.Str("title") != "Rettet af København" || !strings.HasPrefix(entries[0].User, "da-") {
		t.Errorf("audit trail of the edit: %+v (%v)", entries, err)
	}

	// A draft: Copenhagen's people see it, the public and Albertslund do not.
	form = formOf(t, s, model.Actions, mustGet(t, s, act.ID()), i18n.Danish)
	form.Del("published")
	if f := postForm(t, ts.URL+path, form, kbhEditor); f.status != http.StatusSeeOther {
		t.Fatalf("unpublishing: %d", f.status)
	}
	for _, c := range []struct {
		who    string
		header map[string]string
		see    bool
	}{{"the public", actDA, false}, {"Albertslund", albEditor, false}, {"Copenhagen", kbhEditor, true}} {
		page := fetch(t, ts.URL+"/kommuner/101", c.header, "")
		if got := strings.Contains(page.body, "Rettet af København"); got != c.see {
			t.Errorf("%s sees the draft on the municipality page: %v, want %v", c.who, got, c.see)
		}
		if f := fetch(t, ts.URL+"/indsatser/"+idString(act.ID()), c.header, ""); (f.status == 200) != c.see {
			t.Errorf("%s opens the draft: %d", c.who, f.status)
		}
		for _, list := range []string{"/indsatser?q=Rettet", "/indsatser?q=Rettet&eksport=indsatser&format=csv"} {
			if got := strings.Contains(fetch(t, ts.URL+list, c.header, "").body, "Rettet af København"); got != c.see {
				t.Errorf("%s sees the draft in %s: %v, want %v", c.who, list, got, c.see)
			}
		}
	}
}

func mustGet(t *testing.T, s *Server, id int64) model.Record {
	t.Helper()
	r, err := s.db.Get(context.Background(), model.Actions, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDemoAccounts: each demo account signs in with the demo password and sees exactly the
// edit links its role allows.
func TestDemoAccounts(t *testing.T) {
	s, ts := newTestServer(t)
	if err := demo.LoadAccounts(context.Background(), s.db); err != nil {
		t.Fatal(err)
	}
	// The pages whose edit link each role must (or must not) be offered.
	pages := []struct{ path, link string }{
		{"/kommuner/101", "/planer/"},
		{"/kommuner/165", "/planer/"},
		{"/projekter/VIP2", "/projekter/VIP2/rediger"},
		{"/projekter/VIP3", "/projekter/VIP3/rediger"},
		{"/noegletal/co2e_per_capita_t?organisation=101", "/vaerdier/"},
		{"/noegletal/co2e_per_capita_t?organisation=165", "/vaerdier/"},
	}
	// The national accounts are owner_only (docs/DECISIONS.md 38): the Energy Agency's people,
	// the secretariat and admins maintain their values, the municipalities' editors do not.
	want := map[string][]bool{ // by account: may edit on each page above
		"admin@demo.klimaspor.dk":            {true, true, true, true, true, true},
		"sekretariat@demo.klimaspor.dk":      {false, false, true, true, true, true},
		"redaktoer.kbh@demo.klimaspor.dk":    {true, false, false, false, false, false},
		"redaktoer.alb@demo.klimaspor.dk":    {false, true, false, false, false, false},
		"projektleder.alb@demo.klimaspor.dk": {false, false, true, false, false, false},
		"laeser.kbh@demo.klimaspor.dk":       {false, false, false, false, false, false},
	}
	for _, a := range demo.Accounts {
		t.Run(a.Email, func(t *testing.T) {
			f := postForm(t, ts.URL+"/log-ind", url.Values{"email": {a.Email}, "password": {demo.Password}, "next": {"/"}}, actDA)
			var cookie string
			for _, c := range (&http.Response{Header: f.header}).Cookies() {
				if c.Value != "" {
					cookie = c.Name + "=" + c.Value
				}
			}
			if f.status != http.StatusSeeOther || cookie == "" {
				t.Fatalf("sign-in: %d", f.status)
			}
			me := map[string]string{"Accept-Language": "da", "Cookie": cookie}
			for i, pg := range pages {
				body := fetch(t, ts.URL+pg.path, me, "").body
				got := strings.Contains(body, `href="`+pg.link) && strings.Contains(body, "/rediger")
				if pg.link == "/vaerdier/" {
					got = strings.Contains(body, `href="/vaerdier/`)
				}
				if got != want[a.Email][i] {
					t.Errorf("%s offers edit links: %v, want %v", pg.path, got, want[a.Email][i])
				}
			}
			admin := strings.Contains(fetch(t, ts.URL+"/", me, "").body, `href="/admin/brugere"`)
			if admin != (a.Role == auth.RoleAdmin) && a.Role != auth.RoleSecretariat {
				t.Errorf("the administration link: %v", admin)
			}
		})
	}
}
