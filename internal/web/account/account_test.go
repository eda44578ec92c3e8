package account_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// setPassword gives a person a password.
func setPassword(t *testing.T, s *web.Server, id int64, pw string) {
	t.Helper()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DB.SetPassword(context.Background(), id, hash); err != nil {
		t.Fatal(err)
	}
}

// anotherSession signs the person in a second time, as from another device.
func anotherSession(t *testing.T, s *web.Server, id int64, lang string) map[string]string {
	t.Helper()
	token := auth.NewToken("")
	if err := s.DB.CreateSession(context.Background(), auth.HashToken(token), id); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"Accept-Language": lang, "Cookie": s.Sessions.CookieName() + "=" + token}
}

// alive reports whether the header's session still exists.
func alive(s *web.Server, h map[string]string) bool {
	_, err := s.DB.SessionByHash(context.Background(), auth.HashToken(sitetest.SessionOf(h)))
	return err == nil
}

// newSession is the session cookie an answer sets, as a header map; nil when it sets none.
func newSession(s *web.Server, f sitetest.Fetched, lang string) map[string]string {
	for _, c := range (&http.Response{Header: f.Header}).Cookies() {
		if c.Name == s.Sessions.CookieName() && c.Value != "" {
			return map[string]string{"Accept-Language": lang, "Cookie": c.Name + "=" + c.Value}
		}
	}
	return nil
}

// auditedChange makes a change to an action as the person, so the audit trail names them.
func auditedChange(t *testing.T, s *web.Server, u store.User, title string) int64 {
	t.Helper()
	ctx := context.Background()
	act := sitetest.OneOf(t, s.DB, model.Actions, nil)
	ver, _ := act.Int("version")
	// The change is the fixture, not the test: made with an administrator's rights.
	p := &auth.Principal{User: store.User{ID: u.ID, Email: u.Email, Memberships: []store.Membership{{Role: auth.RoleAdmin}}}}
	ctx = store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelWeb, Guard: auth.Guard(p)})
	if _, err := s.DB.Update(ctx, model.Actions, act.ID(), ver, model.Record{"title": title}); err != nil {
		t.Fatalf("change as %s: %v", u.Email, err)
	}
	return act.ID()
}

func TestAccountPage(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})

	if f := sitetest.Fetch(t, ts.URL+"/konto", sitetest.ActDA, ""); f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/log-ind?next=%2Fkonto" {
		t.Errorf("the public opens /konto: %d to %q, want the sign-in page", f.Status, f.Header.Get("Location"))
	}
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "en")
	for _, c := range []struct {
		name, lang string
		header     map[string]string
		want       []string
	}{
		{"editor in Danish", "da", editor, []string{"<h1>Din konto</h1>", "Redaktør – København", "Vælg en adgangskode", "API-nøgler", "Log ud overalt", "Hent mine data", sitetest.UserOf(t, s.DB, editor).Email}},
		{"admin in English", "en", admin, []string{"<h1>Your account</h1>", "Administrator – the whole platform", "Sign out everywhere", "You have no API tokens."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := sitetest.Fetch(t, ts.URL+"/konto", c.header, "")
			if f.Status != 200 {
				t.Fatalf("GET /konto: %d", f.Status)
			}
			sitetest.CheckPage(t, f, c.lang)
			for _, w := range c.want {
				if !strings.Contains(f.Body, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			if !strings.Contains(f.Header.Get("Cache-Control"), "no-store") {
				t.Errorf("Cache-Control %q", f.Header.Get("Cache-Control"))
			}
		})
	}
}

func TestChangePassword(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	me := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleViewer, OrganisationID: 1})
	u := sitetest.UserOf(t, s.DB, me)
	const old, fresh = "den gamle adgangskode", "en helt ny og lang adgangskode"
	setPassword(t, s, u.ID, old)
	other := anotherSession(t, s, u.ID, "da")

	for _, c := range []struct {
		name                     string
		current, password, again string
		want                     string
	}{
		{"wrong current password", "forkert gammel kode", fresh, fresh, "Den nuværende adgangskode er forkert."},
		{"too short", old, "kort", "kort", "Adgangskoden skal være mindst 12 tegn."},
		{"not the same twice", old, fresh, fresh + "x", "De to adgangskoder er ikke ens."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := sitetest.PostForm(t, ts.URL+"/konto/adgangskode", url.Values{"current": {c.current}, "password": {c.password}, "password2": {c.again}}, me)
			if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, c.want) || !strings.Contains(f.Body, `role="alert"`) {
				t.Errorf("%d, want 422 with %q in an alert", f.Status, c.want)
			}
			sitetest.CheckPage(t, f, "da")
			if got, _ := s.DB.UserByID(context.Background(), u.ID); !auth.CheckPassword(got.PasswordHash, old) {
				t.Error("a refused change changed the password")
			}
			if !alive(s, other) || !alive(s, me) {
				t.Error("a refused change ended sessions")
			}
		})
	}

	f := sitetest.PostForm(t, ts.URL+"/konto/adgangskode", url.Values{"current": {old}, "password": {fresh}, "password2": {fresh}}, me)
	if f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/konto?besked=adgangskode" {
		t.Fatalf("change: %d to %q", f.Status, f.Header.Get("Location"))
	}
	if got, _ := s.DB.UserByID(context.Background(), u.ID); !auth.CheckPassword(got.PasswordHash, fresh) {
		t.Error("the new password does not work")
	}
	if alive(s, other) || alive(s, me) {
		t.Error("the other sessions (or the old one of this browser) outlive the change")
	}
	renewed := newSession(s, f, "da")
	if renewed == nil || !alive(s, renewed) {
		t.Fatal("no new session for this browser")
	}
	if page := sitetest.Fetch(t, ts.URL+"/konto?besked=adgangskode", renewed, ""); !strings.Contains(page.Body, "Din adgangskode er ændret") {
		t.Error("the account page does not confirm the change")
	}
}

func TestSignOutEverywhere(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	me := sitetest.SignedIn(t, s.DB, s.Sessions, "en")
	other := anotherSession(t, s, sitetest.UserOf(t, s.DB, me).ID, "en")
	f := sitetest.PostForm(t, ts.URL+"/konto/log-ud-overalt", url.Values{}, me)
	if f.Status != 200 || !strings.Contains(f.Body, "You have been signed out on all devices.") || !strings.Contains(f.Body, `role="status"`) {
		t.Fatalf("sign out everywhere: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "en")
	if strings.Contains(f.Body, "Your account (") {
		t.Error("the answer still shows the person as signed in")
	}
	if alive(s, me) || alive(s, other) {
		t.Error("a session outlives signing out everywhere")
	}
	if g := sitetest.Fetch(t, ts.URL+"/konto", me, ""); g.Status != http.StatusSeeOther {
		t.Errorf("the old cookie still opens /konto: %d", g.Status)
	}
}

var shownToken = regexp.MustCompile(`value="(ks_[A-Za-z0-9_-]+)"`)

func TestAPITokens(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	me := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleViewer, OrganisationID: 1})
	u := sitetest.UserOf(t, s.DB, me)

	for _, c := range []struct {
		name  string
		form  url.Values
		want  string
		field string
	}{
		{"no name", url.Values{"name": {" "}, "scope": {"read"}}, "Giv nøglen et navn", "f-token-name"},
		{"unknown scope", url.Values{"name": {"Script"}, "scope": {"admin"}}, "Vælg nøglens adgang.", "f-scope-read"},
		{"long name", url.Values{"name": {strings.Repeat("x", 101)}, "scope": {"read"}}, "100", "f-token-name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := sitetest.PostForm(t, ts.URL+"/konto/noegler", c.form, me)
			if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, c.want) || !strings.Contains(f.Body, `href="#`+c.field+`"`) {
				t.Errorf("%d, want 422 with %q linking to #%s", f.Status, c.want, c.field)
			}
			sitetest.CheckPage(t, f, "da")
		})
	}
	if ts, _ := s.DB.Tokens(ctx, u.ID); len(ts) != 0 {
		t.Fatalf("refused forms made %d tokens", len(ts))
	}

	f := sitetest.PostForm(t, ts.URL+"/konto/noegler", url.Values{"name": {"Mit script"}, "scope": {"write"}}, me)
	if f.Status != 200 || !strings.Contains(f.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("create: %d, Cache-Control %q", f.Status, f.Header.Get("Cache-Control"))
	}
	sitetest.CheckPage(t, f, "da")
	m := shownToken.FindStringSubmatch(f.Body)
	if m == nil || !strings.Contains(f.Body, "vises kun denne ene gang") {
		t.Fatal("the new token is not shown with the note to copy it")
	}
	tok, err := s.DB.TokenByHash(ctx, auth.HashToken(m[1]))
	if err != nil || tok.UserID != u.ID || tok.Scope != auth.ScopeWrite || tok.Name != "Mit script" {
		t.Fatalf("the shown token: %+v, %v", tok, err)
	}
	if p, err := auth.TokenPrincipal(ctx, s.DB, m[1]); err != nil || p.User.ID != u.ID {
		t.Errorf("the token does not sign the API in: %v", err)
	}
	page := sitetest.Fetch(t, ts.URL+"/konto", me, "")
	if strings.Contains(page.Body, m[1]) || !strings.Contains(page.Body, "Mit script") || !strings.Contains(page.Body, "Læse og skrive") {
		t.Error("the list shows the token itself, or not its name and scope")
	}

	// Somebody else cannot revoke it; its owner can.
	other := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleViewer, OrganisationID: 1})
	path := fmt.Sprintf("%s/konto/noegler/%d/tilbagekald", ts.URL, tok.ID)
	if f := sitetest.PostForm(t, path, url.Values{}, other); f.Status != http.StatusNotFound {
		t.Errorf("another person revokes the token: %d, want 404", f.Status)
	}
	if f := sitetest.PostForm(t, path, url.Values{}, me); f.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", f.Status)
	}
	if _, err := s.DB.TokenByHash(ctx, auth.HashToken(m[1])); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the revoked token is still found: %v", err)
	}
	if page := sitetest.Fetch(t, ts.URL+"/konto?besked=tilbagekaldt", me, ""); !strings.Contains(page.Body, "Nøglen er tilbagekaldt") {
		t.Error("no confirmation of the revocation")
	}
	if f := sitetest.PostForm(t, path, url.Values{}, me); f.Status != http.StatusNotFound {
		t.Errorf("revoking twice: %d, want 404", f.Status)
	}
}

func TestMyData(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	me := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	u := sitetest.UserOf(t, s.DB, me)
	secret := auth.NewToken("ks_")
	if _, err := s.DB.CreateToken(ctx, u.ID, "Eksport", auth.ScopeRead, auth.HashToken(secret), time.Now().AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	setPassword(t, s, u.ID, "en adgangskode der er lang nok")
	act := auditedChange(t, s, u, "Ændret af mig")

	if f := sitetest.Fetch(t, ts.URL+"/konto/data", sitetest.ActDA, ""); f.Status != http.StatusSeeOther {
		t.Errorf("the public downloads data: %d", f.Status)
	}
	f := sitetest.Fetch(t, ts.URL+"/konto/data", me, "")
	if f.Status != 200 || !strings.HasPrefix(f.Header.Get("Content-Type"), "application/json") ||
		!strings.HasPrefix(f.Header.Get("Content-Disposition"), "attachment;") || !strings.Contains(f.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("download: %d %q %q", f.Status, f.Header.Get("Content-Type"), f.Header.Get("Content-Disposition"))
	}
	var d struct {
		Profile struct {
			Email       string             `json:"email"`
			Memberships []store.Membership `json:"memberships"`
		} `json:"profile"`
		Memberships []struct {
			Role     string `json:"role"`
			RoleName string `json:"role_name"`
		} `json:"memberships"`
		Tokens []store.APIToken   `json:"api_tokens"`
		Audit  []store.AuditEntry `json:"audit"`
	}
	if err := json.Unmarshal([]byte(f.Body), &d); err != nil {
		t.Fatal(err)
	}
	if d.Profile.Email != u.Email || len(d.Memberships) != 1 || d.Memberships[0].Role != auth.RoleAdmin || d.Memberships[0].RoleName != "Administrator" {
		t.Errorf("profile and roles: %+v %+v", d.Profile, d.Memberships)
	}
	if len(d.Tokens) != 1 || d.Tokens[0].Name != "Eksport" {
		t.Errorf("tokens: %+v", d.Tokens)
	}
	if len(d.Audit) != 1 || d.Audit[0].RecordID != act || d.Audit[0].After.Str("title") != "Ændret af mig" {
		t.Errorf("audit: %+v", d.Audit)
	}
	for _, leak := range []string{secret, auth.HashToken(secret), "argon2id", "password"} {
		if strings.Contains(f.Body, leak) {
			t.Errorf("the file holds %q", leak)
		}
	}
}
