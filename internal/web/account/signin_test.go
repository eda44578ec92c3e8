package account_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestSignIn: the sign-in form, its one message for wrong address or password, the cookie's
// flags, a new session at every sign-in, the slowdown, and signing out.
func TestSignIn(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	s.Clock = func() time.Time { return time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC) } // the slowdown's
	ctx := context.Background()
	hash, err := auth.HashPassword("en lang og god adgangskode")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.DB.CreateUser(ctx, store.User{Email: "Editor@Kk.dk", Name: "Eva", PasswordHash: hash,
		Memberships: []store.Membership{{OrganisationID: 1, Role: auth.RoleEditor}}})
	if err != nil {
		t.Fatal(err)
	}
	if f := sitetest.Fetch(t, ts.URL+"/log-ind?next=/indsatser", sitetest.ActDA, ""); f.Status != 200 || !strings.Contains(f.Body, `name="next" value="/indsatser"`) {
		t.Fatalf("GET /log-ind: %d", f.Status)
	}
	signIn := func(email, pw string, header map[string]string) sitetest.Fetched {
		return sitetest.PostForm(t, ts.URL+"/log-ind", url.Values{"email": {email}, "password": {pw}, "next": {"/indsatser"}}, header)
	}
	wrongUser := signIn("nobody@kk.dk", "en lang og god adgangskode", sitetest.ActDA)
	wrongPw := signIn("editor@kk.dk", "forkert adgangskode her", sitetest.ActDA)
	for _, f := range []sitetest.Fetched{wrongUser, wrongPw} {
		if f.Status != http.StatusUnauthorized || !strings.Contains(f.Body, "E-mail eller adgangskode er forkert.") || f.Header.Get("Set-Cookie") != "" {
			t.Errorf("a wrong sign-in: %d, want 401 with the one message and no cookie", f.Status)
		}
	}
	old := map[string]string{"Cookie": "__Host-klimaspor_session=planted-by-someone-else", "Accept-Language": "da"}
	f := signIn(" EDITOR@kk.dk ", "en lang og god adgangskode", old)
	if f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/indsatser" {
		t.Fatalf("sign-in: %d to %q, want 303 to /indsatser", f.Status, f.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: f.Header}).Cookies() {
		if c.Name == "__Host-klimaspor_session" && c.Value != "" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.Value == "planted-by-someone-else" {
		t.Fatalf("session cookie %+v: want a new HttpOnly, Secure, SameSite=Lax cookie for the whole site", cookie)
	}
	me := map[string]string{"Accept-Language": "da", "Cookie": cookie.Name + "=" + cookie.Value}
	page := sitetest.Fetch(t, ts.URL+"/indsatser", me, "")
	if !strings.Contains(page.Body, "Din konto (editor@kk.dk)") || page.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("signed in, the page does not name the person or is cacheable (%q)", page.Header.Get("Cache-Control"))
	}
	// A form without the session's form token is refused.
	if f := sitetest.PostForm(t, ts.URL+"/log-ud", url.Values{"csrf": {"wrong"}}, me); f.Status != http.StatusForbidden {
		t.Errorf("sign-out with a wrong form token: %d, want 403", f.Status)
	}
	if f := sitetest.PostForm(t, ts.URL+"/log-ud", url.Values{}, me); f.Status != http.StatusSeeOther {
		t.Errorf("sign-out: %d, want 303", f.Status)
	}
	if _, err := s.DB.SessionByHash(ctx, auth.HashToken(cookie.Value)); err == nil {
		t.Error("the session outlives signing out")
	}

	// The slowdown: five wrong passwords from one address, then that address waits with a
	// clear message, also with the right password (TestWrongPasswordsDoNotLockTheOwnerOut has
	// the rest).
	for range 5 {
		signIn("editor@kk.dk", "forkert adgangskode her", sitetest.ActEN)
	}
	f = signIn("editor@kk.dk", "en lang og god adgangskode", sitetest.ActEN)
	if f.Status != http.StatusTooManyRequests || !strings.Contains(f.Body, "too many wrong attempts") || f.Header.Get("Retry-After") == "" {
		t.Errorf("after five wrong passwords: %d, want 429 with a message and Retry-After", f.Status)
	}
	_ = u
}

// TestClientAddress: X-Forwarded-For counts only from a trusted proxy, and then the last
// address before the proxies is the client's.
func TestClientAddress(t *testing.T) {
	s, _ := sitetest.Start(t, web.New)
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
		if got := s.Accounts().ClientAddress(r); got != c.want {
			t.Errorf("%s with X-Forwarded-For %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}
