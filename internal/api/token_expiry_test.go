package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestAPIRefusesExpiredTokens: a token works until its expiry date; after it, reading and
// writing answer 401 saying that the token expired and where to make a new one.
func TestAPIRefusesExpiredTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClient(t, db)
		u, err := db.CreateUser(ctx, store.User{Email: "script@kk.dk", Memberships: []store.Membership{{Role: auth.RoleAdmin}}})
		if err != nil {
			t.Fatal(err)
		}
		token := func(expires time.Time) string {
			secret := auth.NewToken("ks_")
			if _, err := db.CreateToken(ctx, u.ID, "script", auth.ScopeWrite, auth.HashToken(secret), expires); err != nil {
				t.Fatal(err)
			}
			return "Bearer " + secret
		}
		live, expired := token(time.Now().Add(time.Minute)), token(time.Now().Add(-time.Second))
		body := `{"kind":"municipality","code":"999","name_da":"Prøvekommune"}`
		if status, got := c.do("GET", "/api/v1/organisations", "", "Authorization", live); status != 200 {
			t.Errorf("a token before its expiry reads: %d %v", status, got)
		}
		for _, req := range []struct{ method, path, body string }{{"GET", "/api/v1/organisations", ""}, {"POST", "/api/v1/organisations", body}} {
			status, got := c.do(req.method, req.path, req.body, "Authorization", expired)
			e, _ := got.(map[string]any)
			msg, _ := e["message"].(string)
			if status != 401 || e["code"] != "token_expired" || !strings.Contains(msg, "expired") || !strings.Contains(msg, "account page") {
				t.Errorf("%s with an expired token: %d %v, want 401 token_expired", req.method, status, got)
			}
		}
	})
}
