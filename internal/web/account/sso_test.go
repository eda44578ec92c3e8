package account_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/oidc"
	"klimaspor/internal/oidc/oidctest"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// ssoFlow is one single sign-on through the browser's steps: the sign-in page's button, the
// provider's redirect back, and our callback.
type ssoFlow struct {
	callback string // our callback's URL, as the provider sent the browser to it
	cookie   string // the attempt's cookie, name=value
	result   sitetest.Fetched
}

func runSSO(t *testing.T, s *web.Server, tsURL, next string, withCookie bool) ssoFlow {
	t.Helper()
	start := sitetest.PostForm(t, tsURL+"/log-ind/sso", url.Values{"next": {next}}, sitetest.ActDA)
	if start.Status != http.StatusSeeOther {
		t.Fatalf("start: %d", start.Status)
	}
	var flow ssoFlow
	for _, c := range (&http.Response{Header: start.Header}).Cookies() {
		if c.Name == s.Accounts().SSOCookieName() && c.Value != "" {
			flow.cookie = c.Name + "=" + c.Value
		}
	}
	if flow.cookie == "" {
		t.Fatal("start sets no attempt cookie")
	}
	at := sitetest.Fetch(t, start.Header.Get("Location"), nil, "")
	if at.Status != http.StatusFound {
		t.Fatalf("the provider: %d %s", at.Status, at.Body)
	}
	flow.callback = at.Header.Get("Location")
	if !strings.HasPrefix(flow.callback, tsURL+"/log-ind/sso/retur?") {
		t.Fatalf("the provider sends the browser to %q", flow.callback)
	}
	h := map[string]string{"Accept-Language": "da"}
	if withCookie {
		h["Cookie"] = flow.cookie
	}
	flow.result = sitetest.Fetch(t, flow.callback, h, "")
	return flow
}

func TestSSO(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	p := oidctest.Start(t)
	c, err := oidc.New(ctx, oidc.Config{Issuer: p.Issuer(), ClientID: p.ClientID(), ClientSecret: p.ClientSecret(),
		RedirectURL: ts.URL + "/log-ind/sso/retur", Name: "Testkommunens login"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.SetOIDC(c)

	page := sitetest.Fetch(t, ts.URL+"/log-ind", sitetest.ActDA, "")
	if !strings.Contains(page.Body, "Log ind med Testkommunens login") || !strings.Contains(page.Header.Get("Content-Security-Policy"), "form-action 'self' "+p.Issuer()) {
		t.Errorf("the sign-in page: button or form-action missing (CSP %q)", page.Header.Get("Content-Security-Policy"))
	}
	mk := func(email string, disabled bool) store.User {
		u, err := s.DB.CreateUser(ctx, store.User{Email: email, Name: email, Disabled: disabled, Memberships: []store.Membership{{OrganisationID: 1, Role: auth.RoleViewer}}})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	linked := mk("linket@kk.dk", false)
	if err := s.DB.LinkOIDC(ctx, linked.ID, p.Issuer(), "sub-linket"); err != nil {
		t.Fatal(err)
	}
	eva := mk("eva@kk.dk", false)
	ulla := mk("ulla@kk.dk", false)
	off := mk("lukket@kk.dk", true)
	if err := s.DB.LinkOIDC(ctx, off.ID, p.Issuer(), "sub-lukket"); err != nil {
		t.Fatal(err)
	}
	offByMail := mk("lukket2@kk.dk", true)

	var firstCallback, firstCookie string
	for _, c := range []struct {
		name   string
		user   oidctest.User
		signIn int64 // who is signed in; 0 for nobody
		status int
		want   string
	}{
		{"a linked identity", oidctest.User{Subject: "sub-linket", Email: "andet@kk.dk"}, linked.ID, http.StatusSeeOther, ""},
		{"a verified email links the identity", oidctest.User{Subject: "sub-eva", Email: "Eva@kk.dk", EmailVerified: true}, eva.ID, http.StatusSeeOther, ""},
		{"the linked identity again", oidctest.User{Subject: "sub-eva", Email: "ny-adresse@kk.dk"}, eva.ID, http.StatusSeeOther, ""},
		{"an unverified email", oidctest.User{Subject: "sub-ulla", Email: "ulla@kk.dk"}, 0, http.StatusForbidden, "Der er ingen konto på Klimaspor for dette login"},
		{"an unknown identity", oidctest.User{Subject: "sub-ukendt", Email: "ukendt@kk.dk", EmailVerified: true}, 0, http.StatusForbidden, "Bed din administrator om en invitation"},
		{"a disabled linked account", oidctest.User{Subject: "sub-lukket", Email: "lukket@kk.dk"}, 0, http.StatusForbidden, "Kontoen er lukket"},
		{"a disabled account by email", oidctest.User{Subject: "sub-lukket2", Email: "lukket2@kk.dk", EmailVerified: true}, 0, http.StatusForbidden, "Kontoen er lukket"},
		{"an email whose account has another identity", oidctest.User{Subject: "sub-andet", Email: "linket@kk.dk", EmailVerified: true}, 0, http.StatusForbidden, "Der er ingen konto"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p.SetUser(c.user)
			flow := runSSO(t, s, ts.URL, "/indsatser?side=2", true)
			f := flow.result
			if f.Status != c.status || !strings.Contains(f.Body, c.want) {
				t.Fatalf("%d, want %d with %q", f.Status, c.status, c.want)
			}
			me := newSession(s, f, "da")
			if c.signIn == 0 {
				if me != nil {
					t.Error("a refused sign-on set a session")
				}
				sitetest.CheckPage(t, f, "da")
				return
			}
			if f.Header.Get("Location") != "/indsatser?side=2" || me == nil || sitetest.UserOf(t, s.DB, me).ID != c.signIn {
				t.Errorf("signed in to %q as %v", f.Header.Get("Location"), me)
			}
			if firstCallback == "" {
				firstCallback, firstCookie = flow.callback, flow.cookie
			}
		})
	}
	if got, _ := s.DB.UserByID(ctx, eva.ID); got.OIDCSubject != "sub-eva" || got.OIDCIssuer != p.Issuer() {
		t.Errorf("Eva's identity is not linked: %q %q", got.OIDCIssuer, got.OIDCSubject)
	}
	for _, id := range []int64{ulla.ID, offByMail.ID} {
		if got, _ := s.DB.UserByID(ctx, id); got.OIDCSubject != "" {
			t.Errorf("%s was linked by a refused sign-on", got.Email)
		}
	}

	// A callback works once; a forged state, or another browser's, is refused.
	p.SetUser(oidctest.User{Subject: "sub-linket"})
	replay := sitetest.Fetch(t, firstCallback, map[string]string{"Accept-Language": "da", "Cookie": firstCookie}, "")
	if replay.Status != http.StatusBadRequest || !strings.Contains(replay.Body, "ukendt eller allerede brugt") || newSession(s, replay, "da") != nil {
		t.Errorf("a replayed callback: %d", replay.Status)
	}
	forged := sitetest.Fetch(t, ts.URL+"/log-ind/sso/retur?state=forfalsket-tilstand&code=abc", sitetest.ActEN, "")
	if forged.Status != http.StatusBadRequest || !strings.Contains(forged.Body, "unknown or has been used already") {
		t.Errorf("a forged state: %d", forged.Status)
	}
	sitetest.CheckPage(t, forged, "en")
	if f := runSSO(t, s, ts.URL, "/", false).result; f.Status != http.StatusBadRequest || newSession(s, f, "da") != nil {
		t.Errorf("a callback in a browser that did not start the sign-in: %d", f.Status)
	}
	// The next address stays on the site: a foreign one, like none, lands on the personal
	// overview (issue 10 item 2).
	if f := runSSO(t, s, ts.URL, "https://evil.example/", true).result; f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/mit" {
		t.Errorf("a foreign next: %d to %q", f.Status, f.Header.Get("Location"))
	}
	if f := runSSO(t, s, ts.URL, "", true).result; f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/mit" {
		t.Errorf("no next: %d to %q, want /mit", f.Status, f.Header.Get("Location"))
	}
}

func TestSSONotConfigured(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	if f := sitetest.PostForm(t, ts.URL+"/log-ind/sso", url.Values{}, sitetest.ActDA); f.Status != http.StatusNotFound {
		t.Errorf("POST /log-ind/sso without a provider: %d", f.Status)
	}
	if f := sitetest.Fetch(t, ts.URL+"/log-ind/sso/retur?state=x", sitetest.ActDA, ""); f.Status != http.StatusNotFound {
		t.Errorf("GET the callback without a provider: %d", f.Status)
	}
	if f := sitetest.Fetch(t, ts.URL+"/log-ind", sitetest.ActDA, ""); strings.Contains(f.Body, "/log-ind/sso") || !strings.Contains(f.Header.Get("Content-Security-Policy"), "form-action 'self'\"") && !strings.HasSuffix(f.Header.Get("Content-Security-Policy"), "form-action 'self'") {
		t.Errorf("the sign-in page offers single sign-on, or widens form-action, without a provider (CSP %q)", f.Header.Get("Content-Security-Policy"))
	}
}
