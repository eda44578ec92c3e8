package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/sitetest"
)

// TestEditRefused: the public is sent to sign in; Albertslund's editor may not touch
// Copenhagen's action and nothing changes; Copenhagen's editor may.
func TestEditRefused(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	ctx := context.Background()
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	plan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	act := sitetest.OneOf(t, s.DB, model.Actions, map[string]string{"plan": strconv.FormatInt(plan.ID(), 10)})
	path := "/indsatser/" + strconv.FormatInt(act.ID(), 10) + "/rediger"
	form := formOf(t, s, model.Actions, act, i18n.Danish)
	form.Set("title", "Overtaget af Albertslund")

	if f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, ""); f.Status != http.StatusSeeOther || !strings.HasPrefix(f.Header.Get("Location"), "/log-ind?next=") {
		t.Errorf("the public opens an edit form: %d to %q, want the sign-in page", f.Status, f.Header.Get("Location"))
	}
	if f := sitetest.PostForm(t, ts.URL+path, form, sitetest.ActDA); f.Status != http.StatusSeeOther {
		t.Errorf("the public posts an edit: %d, want 303 to the sign-in page", f.Status)
	}
	albEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	if f := sitetest.Fetch(t, ts.URL+path, albEditor, ""); f.Status != http.StatusForbidden {
		t.Errorf("Albertslund's editor opens Copenhagen's action: %d, want 403", f.Status)
	}
	if f := sitetest.PostForm(t, ts.URL+path, form, albEditor); f.Status != http.StatusForbidden {
		t.Errorf("Albertslund's editor saves Copenhagen's action: %d, want 403", f.Status)
	}
	if got, _ := s.DB.Get(ctx, model.Actions, act.ID()); got["version"] != act["version"] || got.Str("title") != act.Str("title") {
		t.Error("a refused edit changed the action")
	}
	if p := sitetest.Fetch(t, ts.URL+"/indsatser/"+strconv.FormatInt(act.ID(), 10), albEditor, ""); strings.Contains(p.Body, path) {
		t.Error("Albertslund's editor is offered the edit link")
	}
	kbhEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	form.Set("title", "Rettet af København")
	if f := sitetest.PostForm(t, ts.URL+path, form, kbhEditor); f.Status != http.StatusSeeOther {
		t.Errorf("Copenhagen's editor saves: %d, want 303", f.Status)
	}
	entries, err := s.DB.Audit(ctx, store.AuditQuery{Resource: "actions", RecordID: act.ID()})
	if err != nil || len(entries) == 0 || entries[0].Channel != "web" || entries[0].After.Str("title") != "Rettet af København" || !strings.HasPrefix(entries[0].User, "da-") {
		t.Errorf("audit trail of the edit: %+v (%v)", entries, err)
	}

	// A draft: Copenhagen's people see it, the public and Albertslund do not.
	form = formOf(t, s, model.Actions, mustGet(t, s, act.ID()), i18n.Danish)
	form.Del("published")
	if f := sitetest.PostForm(t, ts.URL+path, form, kbhEditor); f.Status != http.StatusSeeOther {
		t.Fatalf("unpublishing: %d", f.Status)
	}
	for _, c := range []struct {
		who    string
		Header map[string]string
		see    bool
	}{{"the public", sitetest.ActDA, false}, {"Albertslund", albEditor, false}, {"Copenhagen", kbhEditor, true}} {
		page := sitetest.Fetch(t, ts.URL+"/kommuner/101", c.Header, "")
		if got := strings.Contains(page.Body, "Rettet af København"); got != c.see {
			t.Errorf("%s sees the draft on the municipality page: %v, want %v", c.who, got, c.see)
		}
		if f := sitetest.Fetch(t, ts.URL+"/indsatser/"+strconv.FormatInt(act.ID(), 10), c.Header, ""); (f.Status == 200) != c.see {
			t.Errorf("%s opens the draft: %d", c.who, f.Status)
		}
		for _, list := range []string{"/indsatser?q=Rettet", "/indsatser?q=Rettet&eksport=indsatser&format=csv"} {
			if got := strings.Contains(sitetest.Fetch(t, ts.URL+list, c.Header, "").Body, "Rettet af København"); got != c.see {
				t.Errorf("%s sees the draft in %s: %v, want %v", c.who, list, got, c.see)
			}
		}
	}
}

func mustGet(t *testing.T, s *Server, id int64) model.Record {
	t.Helper()
	r, err := s.DB.Get(context.Background(), model.Actions, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDemoAccounts: each demo account signs in with the demo password and sees exactly the
// edit links its role allows.
func TestDemoAccounts(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	if err := demo.LoadAccounts(context.Background(), s.DB); err != nil {
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
			f := sitetest.PostForm(t, ts.URL+"/log-ind", url.Values{"email": {a.Email}, "password": {demo.Password}, "next": {"/"}}, sitetest.ActDA)
			var cookie string
			for _, c := range (&http.Response{Header: f.Header}).Cookies() {
				if c.Value != "" {
					cookie = c.Name + "=" + c.Value
				}
			}
			if f.Status != http.StatusSeeOther || cookie == "" {
				t.Fatalf("sign-in: %d", f.Status)
			}
			me := map[string]string{"Accept-Language": "da", "Cookie": cookie}
			for i, pg := range pages {
				body := sitetest.Fetch(t, ts.URL+pg.path, me, "").Body
				got := strings.Contains(body, `href="`+pg.link) && strings.Contains(body, "/rediger")
				if pg.link == "/vaerdier/" {
					got = strings.Contains(body, `href="/vaerdier/`)
				}
				if got != want[a.Email][i] {
					t.Errorf("%s offers edit links: %v, want %v", pg.path, got, want[a.Email][i])
				}
			}
			admin := strings.Contains(sitetest.Fetch(t, ts.URL+"/", me, "").Body, `href="/admin/brugere"`)
			if admin != (a.Role == auth.RoleAdmin) && a.Role != auth.RoleSecretariat {
				t.Errorf("the administration link: %v", admin)
			}
		})
	}
}
