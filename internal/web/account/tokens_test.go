package account_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestAPITokensEndWithTheAccountsAccess: a password change, a password reset, signing out
// everywhere and an administrator disabling the person revoke their API tokens, and the
// person is told; enabling the person again does not bring the tokens back.
func TestAPITokensEndWithTheAccountsAccess(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	const old, fresh = "den gamle adgangskode", "en helt ny og lang adgangskode"
	for _, c := range []struct {
		name string
		// do ends the access as the case says, with the person's own session me, and
		// returns the answer the person sees.
		do   func(t *testing.T, u store.User, me map[string]string) sitetest.Fetched
		want string // what the person is told, "" when they see nothing
	}{
		{"password change", func(t *testing.T, u store.User, me map[string]string) sitetest.Fetched {
			f := sitetest.PostForm(t, ts.URL+"/konto/adgangskode", url.Values{"current": {old}, "password": {fresh}, "password2": {fresh}}, me)
			if f.Status != http.StatusSeeOther {
				t.Fatalf("change: %d", f.Status)
			}
			return sitetest.Fetch(t, ts.URL+f.Header.Get("Location"), newSession(s, f, "da"), "")
		}, "Dine API-nøgler er tilbagekaldt"},
		{"password reset", func(t *testing.T, u store.User, me map[string]string) sitetest.Fetched {
			token := auth.NewToken("")
			if err := s.DB.CreateMailToken(ctx, auth.HashToken(token), store.MailToken{Kind: "reset", UserID: u.ID, Email: u.Email, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			f := sitetest.PostForm(t, ts.URL+"/nulstil", url.Values{"token": {token}, "password": {fresh}, "password2": {fresh}}, sitetest.ActDA)
			if f.Status != http.StatusSeeOther {
				t.Fatalf("reset: %d", f.Status)
			}
			return sitetest.Fetch(t, ts.URL+f.Header.Get("Location"), newSession(s, f, "da"), "")
		}, "Dine API-nøgler er tilbagekaldt"},
		{"sign out everywhere", func(t *testing.T, u store.User, me map[string]string) sitetest.Fetched {
			return sitetest.PostForm(t, ts.URL+"/konto/log-ud-overalt", url.Values{}, me)
		}, "dine API-nøgler er tilbagekaldt"},
		{"disabled by an administrator", func(t *testing.T, u store.User, me map[string]string) sitetest.Fetched {
			for _, v := range []string{"1", "0"} {
				if f := sitetest.PostForm(t, fmt.Sprintf("%s/admin/brugere/%d/status", ts.URL, u.ID), url.Values{"disabled": {v}}, admin); f.Status != http.StatusSeeOther {
					t.Fatalf("disabled=%s: %d", v, f.Status)
				}
			}
			return sitetest.Fetched{}
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			me := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleViewer, OrganisationID: 1})
			u := sitetest.UserOf(t, s.DB, me)
			setPassword(t, s, u.ID, old)
			secret := auth.NewToken("ks_")
			if _, err := s.DB.CreateToken(ctx, u.ID, "Script", auth.ScopeWrite, auth.HashToken(secret), time.Now().AddDate(1, 0, 0)); err != nil {
				t.Fatal(err)
			}
			if _, err := auth.TokenPrincipal(ctx, s.DB, secret); err != nil {
				t.Fatalf("the token does not work to begin with: %v", err)
			}
			f := c.do(t, u, me)
			if _, err := auth.TokenPrincipal(ctx, s.DB, secret); !errors.Is(err, auth.ErrSignIn) {
				t.Errorf("the token still works: %v", err)
			}
			if c.want != "" && !strings.Contains(f.Body, c.want) {
				t.Errorf("the person is not told that their tokens were revoked (%d)", f.Status)
			}
		})
	}
}

// TestAPITokensExpire: a new token expires a year ahead unless its owner chooses an earlier
// day, never more than two years ahead and never today or before; the account page shows
// when each token expires and which have expired.
func TestAPITokensExpire(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	// Noon in Copenhagen on 4 May 2026.
	s.Clock = func() time.Time { return time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC) }
	me := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleViewer, OrganisationID: 1})
	u := sitetest.UserOf(t, s.DB, me)

	page := sitetest.Fetch(t, ts.URL+"/konto", me, "")
	if !strings.Contains(page.Body, `name="expires" value="2027-05-04" min="2026-05-05" max="2028-05-04"`) || !strings.Contains(page.Body, "senest 4. maj 2028") {
		t.Error("the token form does not offer a year ahead, from tomorrow to two years ahead")
	}
	for _, c := range []struct{ expires, want string }{
		{"2028-05-05", "Vælg en dato senest 4. maj 2028."},
		{"2026-05-04", "Vælg en dato efter i dag."},
		{"2026-05-03", "Vælg en dato efter i dag."},
		{"næste år", "Skriv datoen som år-måned-dag"},
	} {
		f := sitetest.PostForm(t, ts.URL+"/konto/noegler", url.Values{"name": {"Script"}, "scope": {"read"}, "expires": {c.expires}}, me)
		if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, c.want) || !strings.Contains(f.Body, `href="#f-token-expires"`) {
			t.Errorf("expires %s: %d, want 422 with %q", c.expires, f.Status, c.want)
		}
	}
	if ts, _ := s.DB.Tokens(ctx, u.ID); len(ts) != 0 {
		t.Fatalf("refused forms made %d tokens", len(ts))
	}
	for _, c := range []struct{ name, expires, want string }{
		{"Kort", "2026-05-05", "2026-05-04T22:00:00Z"},   // the day begins at midnight, summer time
		{"Længst", "2028-05-04", "2028-05-03T22:00:00Z"}, // two years ahead
		{"Standard", "", "2027-05-03T22:00:00Z"},         // a year ahead
		{"Vinter", "2026-12-24", "2026-12-23T23:00:00Z"}, // winter time
	} {
		if f := sitetest.PostForm(t, ts.URL+"/konto/noegler", url.Values{"name": {c.name}, "scope": {"read"}, "expires": {c.expires}}, me); f.Status != 200 {
			t.Fatalf("%s: %d", c.name, f.Status)
		}
		tokens, err := s.DB.Tokens(ctx, u.ID)
		if err != nil || tokens[0].Name != c.name || tokens[0].ExpiresAt != c.want {
			t.Errorf("%s expires at %+v (%v), want %s", c.name, tokens[0], err, c.want)
		}
	}
	if _, err := s.DB.CreateToken(ctx, u.ID, "Gammel", auth.ScopeRead, "gammel", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	page = sitetest.Fetch(t, ts.URL+"/konto", me, "")
	sitetest.CheckPage(t, page, "da")
	for _, want := range []string{"<th scope=\"col\">Udløber</th>", "5. maj 2026 00:00", "4. maj 2028 00:00", "<td>1. maj 2026 02:00</td><td>–</td><td>Udløbet</td>"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the token list lacks %q", want)
		}
	}
}
