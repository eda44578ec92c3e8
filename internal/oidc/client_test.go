package oidc_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"klimaspor/internal/oidc"
	"klimaspor/internal/oidc/oidctest"
)

const redirectURL = "http://127.0.0.1:1/auth/callback" // never contacted

var alice = oidctest.User{
	Subject:       "sub-alice",
	Email:         "alice@aarhus.dk",
	EmailVerified: true,
	Name:          "Alice Andersen",
	Username:      "alice@aarhus.dk",
}

// newClient starts a provider and a Client configured for it.
func newClient(t *testing.T, opts ...oidctest.Option) (*oidc.Client, *oidctest.Provider) {
	t.Helper()
	prov := oidctest.Start(t, opts...)
	c, err := oidc.New(t.Context(), oidc.Config{
		Issuer:       prov.Issuer(),
		ClientID:     prov.ClientID(),
		ClientSecret: prov.ClientSecret(),
		RedirectURL:  redirectURL,
		Name:         "Test",
	}, &http.Client{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, prov
}

// authorize plays the browser: it opens the authorization URL without
// following the redirect and returns the query the provider sent back.
func authorize(t *testing.T, authURL string) url.Values {
	t.Helper()
	browser := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatalf("GET authorization URL: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorization endpoint: status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("parse Location: %v", err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirectURL {
		t.Fatalf("redirected to %s, want %s", got, redirectURL)
	}
	return loc.Query()
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func TestFinishReturnsTheProvidersVerifiedUser(t *testing.T) {
	tests := []struct {
		name       string
		opts       []oidctest.Option
		want       oidc.Identity
		clientAuth string
	}{
		{
			name: "all claims, secret in basic auth",
			opts: []oidctest.Option{oidctest.WithUser(alice)},
			want: oidc.Identity{Subject: "sub-alice", Email: "alice@aarhus.dk", EmailVerified: true,
				Name: "Alice Andersen", Username: "alice@aarhus.dk"},
			clientAuth: "basic",
		},
		{
			name: "provider that only takes the secret in the form",
			opts: []oidctest.Option{oidctest.WithUser(alice), oidctest.WithAuthMethods("client_secret_post")},
			want: oidc.Identity{Subject: "sub-alice", Email: "alice@aarhus.dk", EmailVerified: true,
				Name: "Alice Andersen", Username: "alice@aarhus.dk"},
			clientAuth: "post",
		},
		{
			name: "Entra ID style: no email_verified, upn instead of preferred_username",
			opts: []oidctest.Option{oidctest.WithUser(alice), oidctest.WithClaims(func(c map[string]any) {
				delete(c, "email_verified")
				delete(c, "preferred_username")
				c["upn"] = "alice@aarhus.onmicrosoft.com"
			})},
			want: oidc.Identity{Subject: "sub-alice", Email: "alice@aarhus.dk", EmailVerified: false,
				Name: "Alice Andersen", Username: "alice@aarhus.onmicrosoft.com"},
			clientAuth: "basic",
		},
		{
			name:       "unverified email",
			opts:       []oidctest.Option{oidctest.WithUser(oidctest.User{Subject: "s3", Email: "c@x.dk", EmailVerified: false})},
			want:       oidc.Identity{Subject: "s3", Email: "c@x.dk", EmailVerified: false},
			clientAuth: "basic",
		},
		{
			name: "email_verified sent as a string",
			opts: []oidctest.Option{oidctest.WithUser(oidctest.User{Subject: "s2", Email: "b@x.dk"}),
				oidctest.WithClaims(func(c map[string]any) { c["email_verified"] = "true" })},
			want:       oidc.Identity{Subject: "s2", Email: "b@x.dk", EmailVerified: true},
			clientAuth: "basic",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, prov := newClient(t, tt.opts...)
			p, authURL := c.Start()

			id, err := c.Finish(t.Context(), p, authorize(t, authURL))
			if err != nil {
				t.Fatalf("Finish: %v", err)
			}
			tt.want.Issuer = prov.Issuer()
			if diff := cmp.Diff(tt.want, id); diff != "" {
				t.Errorf("Identity (-want +got):\n%s", diff)
			}

			auths := prov.Authorizations()
			if len(auths) != 1 {
				t.Fatalf("%d authorization requests, want 1", len(auths))
			}
			wantAuth := oidctest.Authorization{
				ClientID:            prov.ClientID(),
				RedirectURI:         redirectURL,
				Scope:               "openid email profile",
				State:               p.State,
				Nonce:               p.Nonce,
				CodeChallenge:       s256(p.Verifier),
				CodeChallengeMethod: "S256",
			}
			if diff := cmp.Diff(wantAuth, auths[0]); diff != "" {
				t.Errorf("authorization request (-want +got):\n%s", diff)
			}
			exs := prov.Exchanges()
			if len(exs) != 1 {
				t.Fatalf("%d token requests, want 1: %+v", len(exs), exs)
			}
			if !exs[0].PKCEMatched || exs[0].CodeVerifier != p.Verifier || exs[0].CodeChallenge != s256(p.Verifier) {
				t.Errorf("token request PKCE: %+v, want the pending verifier matching the S256 challenge", exs[0])
			}
			if exs[0].ClientAuth != tt.clientAuth {
				t.Errorf("client authentication %q, want %q", exs[0].ClientAuth, tt.clientAuth)
			}
		})
	}
}

func TestFinishRefuses(t *testing.T) {
	tests := []struct {
		name string
		opts []oidctest.Option
		// tamper changes what the browser brought back or what we kept.
		tamper func(p *oidc.Pending, q url.Values)
		// Exactly one of wantIs, wantProvider, wantText is set.
		wantIs       error
		wantProvider *oidc.ProviderError
		wantText     string
		// wantExchange is the token endpoint's error code; "" means the
		// client must not have called the token endpoint at all.
		wantExchange string
	}{
		{
			name:   "callback with another state",
			tamper: func(_ *oidc.Pending, q url.Values) { q.Set("state", "forged") },
			wantIs: oidc.ErrState,
		},
		{
			name:   "callback without state",
			tamper: func(_ *oidc.Pending, q url.Values) { q.Del("state") },
			wantIs: oidc.ErrState,
		},
		{
			name:   "pending without state",
			tamper: func(p *oidc.Pending, q url.Values) { p.State = ""; q.Del("state") },
			wantIs: oidc.ErrState,
		},
		{
			name:   "pending older than ten minutes",
			tamper: func(p *oidc.Pending, _ url.Values) { p.Created = time.Now().Add(-oidc.MaxPendingAge - time.Second) },
			wantIs: oidc.ErrExpired,
		},
		{
			name:   "pending without creation time",
			tamper: func(p *oidc.Pending, _ url.Values) { p.Created = time.Time{} },
			wantIs: oidc.ErrExpired,
		},
		{
			name:         "verifier that does not match the challenge",
			tamper:       func(p *oidc.Pending, _ url.Values) { p.Verifier = oauth2.GenerateVerifier() },
			wantText:     "invalid_grant",
			wantExchange: "invalid_grant",
		},
		{
			name:         "code the provider never issued",
			tamper:       func(_ *oidc.Pending, q url.Values) { q.Set("code", "made-up") },
			wantText:     "invalid_grant",
			wantExchange: "invalid_grant",
		},
		{
			name:     "callback with neither code nor error",
			tamper:   func(_ *oidc.Pending, q url.Values) { q.Del("code") },
			wantText: "neither code nor error",
		},
		{
			name:         "ID token for another sign-in (provider's nonce)",
			opts:         []oidctest.Option{oidctest.WithWrongNonce()},
			wantIs:       oidc.ErrNonce,
			wantExchange: "ok",
		},
		{
			name:         "ID token for another sign-in (our nonce)",
			tamper:       func(p *oidc.Pending, _ url.Values) { p.Nonce = "other" },
			wantIs:       oidc.ErrNonce,
			wantExchange: "ok",
		},
		{
			name:         "ID token for another client",
			opts:         []oidctest.Option{oidctest.WithWrongAudience()},
			wantText:     "expected audience",
			wantExchange: "ok",
		},
		{
			name:         "expired ID token",
			opts:         []oidctest.Option{oidctest.WithExpiredToken()},
			wantText:     "token is expired",
			wantExchange: "ok",
		},
		{
			name:         "ID token signed with a key not in the JWKS",
			opts:         []oidctest.Option{oidctest.WithForeignKey()},
			wantText:     "signature",
			wantExchange: "ok",
		},
		{
			name:         "ID token with another issuer",
			opts:         []oidctest.Option{oidctest.WithClaims(func(c map[string]any) { c["iss"] = "https://evil.example" })},
			wantText:     "different provider",
			wantExchange: "ok",
		},
		{
			name:         "user declined at the provider",
			opts:         []oidctest.Option{oidctest.WithAuthorizeError("access_denied", "The user declined")},
			wantProvider: &oidc.ProviderError{Code: "access_denied", Description: "The user declined"},
		},
		{
			name:   "provider error with a forged state",
			opts:   []oidctest.Option{oidctest.WithAuthorizeError("access_denied", "")},
			tamper: func(_ *oidc.Pending, q url.Values) { q.Set("state", "forged") },
			wantIs: oidc.ErrState,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]oidctest.Option{oidctest.WithUser(alice)}, tt.opts...)
			c, prov := newClient(t, opts...)
			p, authURL := c.Start()
			q := authorize(t, authURL)
			if tt.tamper != nil {
				tt.tamper(&p, q)
			}

			id, err := c.Finish(t.Context(), p, q)
			if err == nil {
				t.Fatalf("Finish succeeded with %+v, want an error", id)
			}
			if id != (oidc.Identity{}) {
				t.Errorf("Finish returned %+v with its error, want the zero Identity", id)
			}
			switch {
			case tt.wantIs != nil:
				if !errors.Is(err, tt.wantIs) {
					t.Errorf("error %q, want errors.Is %q", err, tt.wantIs)
				}
			case tt.wantProvider != nil:
				var pe *oidc.ProviderError
				if !errors.As(err, &pe) {
					t.Fatalf("error %q (%T), want a *ProviderError", err, err)
				}
				if diff := cmp.Diff(tt.wantProvider, pe); diff != "" {
					t.Errorf("ProviderError (-want +got):\n%s", diff)
				}
			default:
				if !strings.Contains(err.Error(), tt.wantText) {
					t.Errorf("error %q, want it to contain %q", err, tt.wantText)
				}
			}
			for _, sentinel := range []error{oidc.ErrState, oidc.ErrExpired, oidc.ErrNonce} {
				if sentinel != tt.wantIs && errors.Is(err, sentinel) {
					t.Errorf("error %q also matches %q", err, sentinel)
				}
			}

			var got []string
			for _, ex := range prov.Exchanges() {
				if ex.Error == "" {
					ex.Error = "ok"
				}
				got = append(got, ex.Error)
			}
			var want []string
			if tt.wantExchange != "" {
				want = []string{tt.wantExchange}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("token requests (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFinishRefusesAReplayedCode(t *testing.T) {
	c, prov := newClient(t, oidctest.WithUser(alice))
	p, authURL := c.Start()
	q := authorize(t, authURL)
	if _, err := c.Finish(t.Context(), p, q); err != nil {
		t.Fatalf("first Finish: %v", err)
	}
	_, err := c.Finish(t.Context(), p, q)
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("second Finish: error %v, want invalid_grant", err)
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Errorf("error %q does not wrap *oauth2.RetrieveError", err)
	}
	exs := prov.Exchanges()
	if len(exs) != 2 || exs[1].Error != "invalid_grant" {
		t.Errorf("token requests %+v, want a refused second one", exs)
	}
}

func TestStartMakesFreshSecretsEachTime(t *testing.T) {
	c, _ := newClient(t, oidctest.WithUser(alice))
	p1, u1 := c.Start()
	p2, u2 := c.Start()
	if p1.State == p2.State || p1.Nonce == p2.Nonce || p1.Verifier == p2.Verifier || u1 == u2 {
		t.Errorf("two Starts share secrets: %+v %+v", p1, p2)
	}
	for _, s := range []string{p1.State, p1.Nonce, p1.Verifier} {
		if len(s) < 22 {
			t.Errorf("secret %q is shorter than 128 bits of base32/base64", s)
		}
	}
	u, err := url.Parse(u1)
	if err != nil {
		t.Fatal(err)
	}
	if v := u.Query().Get("code_verifier"); v != "" {
		t.Errorf("authorization URL leaks the verifier")
	}
}

func TestNewRefusesAnIssuerThatDiffersFromDiscovery(t *testing.T) {
	prov := oidctest.Start(t)
	_, err := oidc.New(context.Background(), oidc.Config{
		Issuer:       prov.Issuer() + "/", // as with Entra ID's /common
		ClientID:     prov.ClientID(),
		ClientSecret: prov.ClientSecret(),
		RedirectURL:  redirectURL,
	}, nil)
	var mismatch *gooidc.IssuerMismatchError
	if !errors.As(err, &mismatch) {
		t.Fatalf("New: error %v, want *oidc.IssuerMismatchError", err)
	}
}

func TestNewAlwaysRequestsOpenID(t *testing.T) {
	prov := oidctest.Start(t, oidctest.WithUser(alice))
	c, err := oidc.New(t.Context(), oidc.Config{
		Issuer:       prov.Issuer(),
		ClientID:     prov.ClientID(),
		ClientSecret: prov.ClientSecret(),
		RedirectURL:  redirectURL,
		Scopes:       []string{"email"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, authURL := c.Start()
	u, _ := url.Parse(authURL)
	if got := u.Query().Get("scope"); got != "openid email" {
		t.Errorf("scope %q, want %q", got, "openid email")
	}
}
