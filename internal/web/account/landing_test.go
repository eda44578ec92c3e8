package account_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestSignInLandsOnOverview: signing in lands on the personal overview, /mit, unless next
// names another page (issue 10 item 2); the front page, which the header's sign-in link
// names from there, counts as no wish.
func TestSignInLandsOnOverview(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	hash, err := auth.HashPassword("en lang og god adgangskode")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.CreateUser(context.Background(), store.User{Email: "lander@kk.dk", Name: "Lis", PasswordHash: hash,
		Memberships: []store.Membership{{OrganisationID: 1, Role: auth.RoleEditor}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ next, want string }{
		{"", "/mit"},
		{"/", "/mit"},
		{"//evil.example/", "/mit"},
		{"/indsatser?status=delayed", "/indsatser?status=delayed"},
	} {
		form := url.Values{"email": {"lander@kk.dk"}, "password": {"en lang og god adgangskode"}}
		if c.next != "" {
			form.Set("next", c.next)
		}
		f := sitetest.PostForm(t, ts.URL+"/log-ind", form, sitetest.ActDA)
		if f.Status != http.StatusSeeOther || f.Header.Get("Location") != c.want {
			t.Errorf("sign-in with next %q: %d to %q, want 303 to %q", c.next, f.Status, f.Header.Get("Location"), c.want)
		}
	}
	// A signed-in person opening the sign-in page without next goes to the overview too.
	me := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: 1, Role: auth.RoleEditor})
	if f := sitetest.Fetch(t, ts.URL+"/log-ind", me, ""); f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/mit" {
		t.Errorf("GET /log-ind signed in: %d to %q, want 303 to /mit", f.Status, f.Header.Get("Location"))
	}
}
