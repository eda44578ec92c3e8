package oidctest_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/oidc/oidctest"
)

const redirectURI = "http://127.0.0.1:1/cb"

var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// authorize sends an authorization request built from the defaults plus edit
// and returns the status and the redirect's query (nil without a redirect).
func authorize(t *testing.T, p *oidctest.Provider, edit func(url.Values)) (int, url.Values) {
	t.Helper()
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {p.ClientID()},
		"redirect_uri":          {redirectURI},
		"scope":                 {"openid email"},
		"state":                 {"st"},
		"nonce":                 {"no"},
		"code_challenge":        {challenge("verifier-verifier-verifier-verifier-verifier")},
		"code_challenge_method": {"S256"},
	}
	if edit != nil {
		edit(q)
	}
	resp, err := noRedirects.Get(p.Issuer() + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, loc.Query()
}

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func TestAuthorizeRefuses(t *testing.T) {
	user := oidctest.WithUser(oidctest.User{Subject: "s"})
	tests := []struct {
		name       string
		opts       []oidctest.Option
		edit       func(url.Values)
		wantStatus int
		wantError  string // error in the redirect
	}{
		{"unknown client: error page, no redirect", []oidctest.Option{user},
			func(q url.Values) { q.Set("client_id", "x") }, http.StatusBadRequest, ""},
		{"relative redirect_uri: error page", []oidctest.Option{user},
			func(q url.Values) { q.Set("redirect_uri", "/cb") }, http.StatusBadRequest, ""},
		{"plain PKCE", []oidctest.Option{user},
			func(q url.Values) { q.Set("code_challenge_method", "plain") }, http.StatusFound, "invalid_request"},
		{"no PKCE", []oidctest.Option{user},
			func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, http.StatusFound, "invalid_request"},
		{"no openid scope", []oidctest.Option{user},
			func(q url.Values) { q.Set("scope", "email") }, http.StatusFound, "invalid_scope"},
		{"implicit flow", []oidctest.Option{user},
			func(q url.Values) { q.Set("response_type", "id_token") }, http.StatusFound, "unsupported_response_type"},
		{"nobody signed in", nil, nil, http.StatusFound, "login_required"},
		{"configured error", []oidctest.Option{user, oidctest.WithAuthorizeError("access_denied", "no")},
			nil, http.StatusFound, "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oidctest.Start(t, tt.opts...)
			status, q := authorize(t, p, tt.edit)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d", status, tt.wantStatus)
			}
			if tt.wantError == "" {
				return
			}
			if q.Get("error") != tt.wantError || q.Get("state") != "st" || q.Has("code") {
				t.Errorf("redirect query %v, want error=%s with state and no code", q, tt.wantError)
			}
		})
	}
}

func TestTokenRefuses(t *testing.T) {
	const verifier = "verifier-verifier-verifier-verifier-verifier"
	tests := []struct {
		name       string
		basic      bool // send the client credentials in basic auth
		edit       func(form url.Values)
		wantStatus int
		wantError  string
	}{
		{"works as given (secret in form)", false, nil, http.StatusOK, ""},
		{"secret in basic auth", true, nil, http.StatusOK, ""},
		{"wrong secret", false, func(f url.Values) { f.Set("client_secret", "nope") },
			http.StatusUnauthorized, "invalid_client"},
		{"wrong secret in basic auth", true, func(f url.Values) { f.Set("client_secret", "nope") },
			http.StatusUnauthorized, "invalid_client"},
		{"no client authentication", false, func(f url.Values) { f.Del("client_secret") },
			http.StatusUnauthorized, "invalid_client"},
		{"wrong grant type", false, func(f url.Values) { f.Set("grant_type", "password") },
			http.StatusBadRequest, "unsupported_grant_type"},
		{"other redirect_uri", false, func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:1/other") },
			http.StatusBadRequest, "invalid_grant"},
		{"wrong verifier", false, func(f url.Values) { f.Set("code_verifier", verifier+"x") },
			http.StatusBadRequest, "invalid_grant"},
		{"no verifier", false, func(f url.Values) { f.Del("code_verifier") },
			http.StatusBadRequest, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oidctest.Start(t, oidctest.WithUser(oidctest.User{Subject: "s"}))
			_, q := authorize(t, p, nil)
			form := url.Values{
				"grant_type":    {"authorization_code"},
				"code":          {q.Get("code")},
				"redirect_uri":  {redirectURI},
				"code_verifier": {verifier},
				"client_id":     {p.ClientID()},
				"client_secret": {p.ClientSecret()},
			}
			if tt.edit != nil {
				tt.edit(form)
			}
			id, secret := form.Get("client_id"), form.Get("client_secret")
			if tt.basic {
				form.Del("client_id")
				form.Del("client_secret")
			}
			req, err := http.NewRequest(http.MethodPost, p.Issuer()+"/token", strings.NewReader(form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.basic {
				req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				Error   string `json:"error"`
				IDToken string `json:"id_token"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus || body.Error != tt.wantError {
				t.Fatalf("status %d error %q, want %d %q", resp.StatusCode, body.Error, tt.wantStatus, tt.wantError)
			}
			if tt.wantError == "" && strings.Count(body.IDToken, ".") != 2 {
				t.Errorf("id_token %q is not a compact JWS", body.IDToken)
			}
			if tt.wantError != "" && body.IDToken != "" {
				t.Errorf("refusal carries an id_token")
			}
		})
	}
}
