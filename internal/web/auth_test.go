package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// TestSignIn: the sign-in form, its one message for wrong address or password, the cookie's
// flags, a new session at every sign-in, the slowdown, and signing out.
func TestSignIn(t *testing.T) {
	s, ts := newTestServer(t)
	s.Clock = func() time.Time { return time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC) } // the slowdown's
	ctx := context.Background()
	hash, err := auth.HashPassword("en lang og god adgangskode")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.db.CreateUser(ctx, store.User{Email: "Editor@Kk.dk", Name: "Eva", PasswordHash: hash,
		Memberships: []store.Membership{{OrganisationID: 1, Role: auth.RoleEditor}}})
	if err != nil {
		t.Fatal(err)
	}
	if f := fetch(t, ts.URL+"/log-ind?next=/indsatser", actDA, ""); f.status != 200 || !strings.Contains(f.body, `name="next" value="/indsatser"`) {
		t.Fatalf("GET /log-ind: %d", f.status)
	}
	signIn := func(email, pw string, header map[string]string) fetched {
		return postForm(t, ts.URL+"/log-ind", url.Values{"email": {email}, "password": {pw}, "next": {"/indsatser"}}, header)
	}
	wrongUser := signIn("nobody@kk.dk", "en lang og god adgangskode", actDA)
	wrongPw := signIn("editor@kk.dk", "forkert adgangskode her", actDA)
	for _, f := range []fetched{wrongUser, wrongPw} {
		if f.status != http.StatusUnauthorized || !strings.Contains(f.body, "E-mail eller adgangskode er forkert.") || f.header.Get("Set-Cookie") != "" {
			t.Errorf("a wrong sign-in: %d, want 401 with the one message and no cookie", f.status)
		}
	}
	old := map[string]string{"Cookie": "__Host-klimaspor_session=planted-by-someone-else", "Accept-Language": "da"}
	f := signIn(" EDITOR@kk.dk ", "en lang og god adgangskode", old)
	if f.status != http.StatusSeeOther || f.header.Get("Location") != "/indsatser" {
		t.Fatalf("sign-in: %d to %q, want 303 to /indsatser", f.status, f.header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: f.header}).Cookies() {
		if c.Name == "__Host-klimaspor_session" && c.Value != "" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.Value == "planted-by-someone-else" {
		t.Fatalf("session cookie %+v: want a new HttpOnly, Secure, SameSite=Lax cookie for the whole site", cookie)
	}
	me := map[string]string{"Accept-Language": "da", "Cookie": cookie.Name + "=" + cookie.Value}
	page := fetch(t, ts.URL+"/indsatser", me, "")
	if !strings.Contains(page.body, "Din konto (editor@kk.dk)") || page.header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("signed in, the page does not name the person or is cacheable (%q)", page.header.Get("Cache-Control"))
	}
	// A form without the session's form token is refused.
	if f := postForm(t, ts.URL+"/log-ud", url.Values{"csrf": {"wrong"}}, me); f.status != http.StatusForbidden {
		t.Errorf("sign-out with a wrong form token: %d, want 403", f.status)
	}
	if f := postForm(t, ts.URL+"/log-ud", url.Values{}, me); f.status != http.StatusSeeOther {
		t.Errorf("sign-out: %d, want 303", f.status)
	}
	if _, err := s.db.SessionByHash(ctx, auth.HashToken(cookie.Value)); err == nil {
		t.Error("the session outlives signing out")
	}

	// The slowdown: five wrong passwords from one address, then that address waits with a
	// clear message, also with the right password (TestWrongPasswordsDoNotLockTheOwnerOut has
	// the rest).
	for range 5 {
		signIn("editor@kk.dk", "forkert adgangskode her", actEN)
	}
	f = signIn("editor@kk.dk", "en lang og god adgangskode", actEN)
	if f.status != http.StatusTooManyRequests || !strings.Contains(f.body, "too many wrong attempts") || f.header.Get("Retry-After") == "" {
		t.Errorf("after five wrong passwords: %d, want 429 with a message and Retry-After", f.status)
	}
	_ = u
}

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
	form := formOf(t, s, actionEditor, act, i18n.Danish)
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
	form = formOf(t, s, actionEditor, mustGet(t, s, act.ID()), i18n.Danish)
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

// TestEditorsNeedTheRight: every edit form sends the public to sign in, refuses a viewer
// (403) and changes nothing for either; an administrator may.
func TestEditorsNeedTheRight(t *testing.T) {
	s, ts := newTestServer(t)
	ctx := context.Background()
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	viewer := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	admin := signedIn(t, s, "da")
	for _, c := range editorCases {
		t.Run(c.name, func(t *testing.T) {
			rec := c.find(t, s)
			path := c.e.path(rec) + "/rediger"
			form := formOf(t, s, c.e, rec, i18n.Danish)
			form.Set("source", "Ændret uden lov")
			if f := fetch(t, ts.URL+path, actDA, ""); f.status != http.StatusSeeOther || !strings.HasPrefix(f.header.Get("Location"), "/log-ind") {
				t.Errorf("public GET: %d %q", f.status, f.header.Get("Location"))
			}
			if f := postForm(t, ts.URL+path, form, actDA); f.status != http.StatusSeeOther {
				t.Errorf("public POST: %d", f.status)
			}
			if f := fetch(t, ts.URL+path, viewer, ""); f.status != http.StatusForbidden {
				t.Errorf("viewer GET: %d, want 403", f.status)
			}
			if f := postForm(t, ts.URL+path, form, viewer); f.status != http.StatusForbidden {
				t.Errorf("viewer POST: %d, want 403", f.status)
			}
			if got, _ := s.db.Get(ctx, c.e.res, rec.ID()); got["version"] != rec["version"] {
				t.Error("a refused edit changed the record")
			}
			if f := fetch(t, ts.URL+path, admin, ""); f.status != http.StatusOK {
				t.Errorf("admin GET: %d", f.status)
			}
		})
	}
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

// TestClientAddress: X-Forwarded-For counts only from a trusted proxy, and then the last
// address before the proxies is the client's.
func TestClientAddress(t *testing.T) {
	s, _ := newTestServer(t)
	if err := s.SetTrustedProxies("10.0.0.0/8, 192.168.1.5"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTrustedProxies("10.0.0.0/8, 192.168.1.5, not-an-address"); err == nil {
		t.Error("a bad proxy address is accepted")
	}
	s.SetTrustedProxies("10.0.0.0/8, 192.168.1.5")
	for _, c := range []struct {
		remote, xff, want string
	}{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"203.0.113.7:5000", "1.2.3.4", "203.0.113.7"},                          // not from a proxy: the header is ignored
		{"10.1.2.3:5000", "198.51.100.9", "198.51.100.9"},                       // the load balancer
		{"10.1.2.3:5000", "6.6.6.6, 198.51.100.9, 192.168.1.5", "198.51.100.9"}, // a forged first hop is skipped
		{"10.1.2.3:5000", "garbage", "10.1.2.3"},
	} {
		r := httptest.NewRequest("POST", "/log-ind", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientAddress(r); got != c.want {
			t.Errorf("%s with X-Forwarded-For %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}
