// Package oidctest runs a small but real OpenID Connect provider on loopback
// for tests: discovery, an authorization endpoint whose user is already signed
// in, a token endpoint that enforces client authentication, single-use codes,
// redirect_uri and PKCE (S256), RS256-signed ID tokens and a JWKS endpoint.
//
// Options make it misbehave (wrong nonce, wrong audience, expired token,
// foreign signing key, error redirect) so a client's checks can be tested.
// The JWS is built by hand with crypto/rsa, so a client that verifies with
// go-jose is checked against an independent implementation.
package oidctest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// User is the person signed in at the provider.
type User struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	Username      string // sent as preferred_username
}

// Authorization records one request to /authorize.
type Authorization struct {
	ClientID            string
	RedirectURI         string
	Scope               string
	State               string
	Nonce               string
	CodeChallenge       string
	CodeChallengeMethod string
}

// Exchange records one request to /token, successful or not.
type Exchange struct {
	Code         string
	CodeVerifier string
	// CodeChallenge is the challenge recorded for Code ("" for an unknown
	// or already used code).
	CodeChallenge string
	// PKCEMatched is true when base64url(SHA-256(CodeVerifier)) equals
	// CodeChallenge.
	PKCEMatched bool
	// ClientAuth is "basic", "post" or "" (no credentials).
	ClientAuth string
	// Error is the OAuth error code returned, "" on success.
	Error string
}

// Provider is a running test provider.
type Provider struct {
	server *httptest.Server

	clientID     string
	clientSecret string

	mu             sync.Mutex
	user           *User
	wrongNonce     bool
	wrongAudience  bool
	expired        bool
	foreignKey     bool
	authError      string
	authErrorDesc  string
	claimEdits     []func(map[string]any)
	authMethods    []string
	codes          map[string]Authorization
	authorizations []Authorization
	exchanges      []Exchange
}

// Option configures a Provider.
type Option func(*Provider)

// WithClient sets the client credentials the provider accepts
// (default "klimaspor-test" / "test-secret").
func WithClient(id, secret string) Option {
	return func(p *Provider) { p.clientID, p.clientSecret = id, secret }
}

// WithUser signs u in from the start.
func WithUser(u User) Option {
	return func(p *Provider) { p.user = &u }
}

// WithWrongNonce puts a nonce other than the requested one in the ID token.
func WithWrongNonce() Option { return func(p *Provider) { p.wrongNonce = true } }

// WithWrongAudience issues the ID token to another client.
func WithWrongAudience() Option { return func(p *Provider) { p.wrongAudience = true } }

// WithExpiredToken issues an ID token that expired an hour ago.
func WithExpiredToken() Option { return func(p *Provider) { p.expired = true } }

// WithForeignKey signs ID tokens with a key that is not in the JWKS (under
// the published key's kid), so the signature does not verify.
func WithForeignKey() Option { return func(p *Provider) { p.foreignKey = true } }

// WithAuthorizeError makes /authorize redirect back with error=code, e.g.
// "access_denied", as when the user declines.
func WithAuthorizeError(code, description string) Option {
	return func(p *Provider) { p.authError, p.authErrorDesc = code, description }
}

// WithClaims lets a test edit the ID token's claims just before signing,
// e.g. delete(c, "email_verified") or c["upn"] = "…" to imitate Entra ID.
func WithClaims(edit func(claims map[string]any)) Option {
	return func(p *Provider) { p.claimEdits = append(p.claimEdits, edit) }
}

// WithAuthMethods sets the token endpoint's client authentication methods
// ("client_secret_basic", "client_secret_post"; default both). Discovery
// advertises them and /token refuses any other.
func WithAuthMethods(methods ...string) Option {
	return func(p *Provider) { p.authMethods = methods }
}

const keyID = "oidctest-1"

// Keys are generated once per test binary: RSA key generation is the slow
// part of starting a provider.
var keys = sync.OnceValues(func() (*rsa.PrivateKey, *rsa.PrivateKey) {
	gen := func() *rsa.PrivateKey {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(fmt.Sprintf("oidctest: generate key: %v", err))
		}
		return k
	}
	return gen(), gen()
})

// Start runs a provider on 127.0.0.1 until the test ends.
func Start(t testing.TB, opts ...Option) *Provider {
	t.Helper()
	p := &Provider{
		clientID:     "klimaspor-test",
		clientSecret: "test-secret",
		codes:        map[string]Authorization{},
		authMethods:  []string{"client_secret_basic", "client_secret_post"},
	}
	for _, o := range opts {
		o(p)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("/authorize", p.authorize)
	mux.HandleFunc("/token", p.token)
	mux.HandleFunc("GET /keys", p.jwks)
	p.server = httptest.NewServer(mux)
	t.Cleanup(p.server.Close)
	return p
}

// Issuer is the provider's issuer URL (http://127.0.0.1:port).
func (p *Provider) Issuer() string { return p.server.URL }

// ClientID is the client id the provider accepts.
func (p *Provider) ClientID() string { return p.clientID }

// ClientSecret is the client secret the provider accepts.
func (p *Provider) ClientSecret() string { return p.clientSecret }

// SetUser signs u in; later authorizations are for u.
func (p *Provider) SetUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user = &u
}

// Authorizations returns the /authorize requests seen so far.
func (p *Provider) Authorizations() []Authorization {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.authorizations)
}

// Exchanges returns the /token requests seen so far.
func (p *Provider) Exchanges() []Exchange {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.exchanges)
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	iss := p.Issuer()
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"authorization_endpoint":                iss + "/authorize",
		"token_endpoint":                        iss + "/token",
		"jwks_uri":                              iss + "/keys",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "email", "profile"},
		"token_endpoint_auth_methods_supported": p.authMethods,
		"code_challenge_methods_supported":      []string{"S256"},
		"grant_types_supported":                 []string{"authorization_code"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	pub, _ := keys()
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
		"kty": "RSA",
		"use": "sig",
		"alg": "RS256",
		"kid": keyID,
		"n":   b64(pub.N.Bytes()),
		"e":   b64(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

// authorize follows RFC 6749 §4.1.2: problems with the client or the
// redirect URI get an error page, everything else goes back to the client.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	a := Authorization{
		ClientID:            q.Get("client_id"),
		RedirectURI:         q.Get("redirect_uri"),
		Scope:               q.Get("scope"),
		State:               q.Get("state"),
		Nonce:               q.Get("nonce"),
		CodeChallenge:       q.Get("code_challenge"),
		CodeChallengeMethod: q.Get("code_challenge_method"),
	}
	p.mu.Lock()
	p.authorizations = append(p.authorizations, a)
	user, authErr, authErrDesc := p.user, p.authError, p.authErrorDesc
	p.mu.Unlock()

	if a.ClientID != p.clientID {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	redirect, err := url.Parse(a.RedirectURI)
	if err != nil || !redirect.IsAbs() {
		http.Error(w, "invalid redirect_uri", http.StatusBadRequest)
		return
	}
	back := func(params url.Values) {
		if a.State != "" {
			params.Set("state", a.State)
		}
		u := *redirect
		q := u.Query()
		for k, v := range params {
			q[k] = v
		}
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	fail := func(code, desc string) {
		back(url.Values{"error": {code}, "error_description": {desc}})
	}
	switch {
	case q.Get("response_type") != "code":
		fail("unsupported_response_type", "only response_type=code")
	case !slices.Contains(strings.Fields(a.Scope), "openid"):
		fail("invalid_scope", "scope must include openid")
	case a.CodeChallenge == "":
		fail("invalid_request", "code_challenge required")
	case a.CodeChallengeMethod != "S256":
		fail("invalid_request", "code_challenge_method must be S256")
	case authErr != "":
		fail(authErr, authErrDesc)
	case user == nil:
		fail("login_required", "no user is signed in at the test provider")
	default:
		code := rand.Text()
		p.mu.Lock()
		p.codes[code] = a
		p.mu.Unlock()
		back(url.Values{"code": {code}})
	}
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "unreadable form")
		return
	}
	ex := Exchange{Code: r.PostForm.Get("code"), CodeVerifier: r.PostForm.Get("code_verifier")}
	refuse := func(status int, code, desc string) {
		ex.Error = code
		p.mu.Lock()
		p.exchanges = append(p.exchanges, ex)
		p.mu.Unlock()
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="oidctest"`)
		}
		tokenError(w, status, code, desc)
	}

	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 §2.3.1: form-urlencoded before base64.
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
		ex.ClientAuth = "basic"
	} else if r.PostForm.Has("client_secret") {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		ex.ClientAuth = "post"
	}
	if method := "client_secret_" + ex.ClientAuth; ex.ClientAuth != "" && !slices.Contains(p.authMethods, method) {
		refuse(http.StatusUnauthorized, "invalid_client", method+" is not allowed")
		return
	}
	if !eq(id, p.clientID) || !eq(secret, p.clientSecret) {
		refuse(http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	if g := r.PostForm.Get("grant_type"); g != "authorization_code" {
		refuse(http.StatusBadRequest, "unsupported_grant_type", "only authorization_code")
		return
	}

	// A code is burnt on its first presentation, even if the request then
	// fails: RFC 6749 §4.1.2 allows a code to be used once.
	p.mu.Lock()
	a, ok := p.codes[ex.Code]
	delete(p.codes, ex.Code)
	user := p.user
	p.mu.Unlock()
	if !ok {
		refuse(http.StatusBadRequest, "invalid_grant", "unknown or used code")
		return
	}
	ex.CodeChallenge = a.CodeChallenge
	sum := sha256.Sum256([]byte(ex.CodeVerifier))
	ex.PKCEMatched = ex.CodeVerifier != "" && eq(b64(sum[:]), a.CodeChallenge)
	switch {
	case a.ClientID != id:
		refuse(http.StatusBadRequest, "invalid_grant", "code was issued to another client")
		return
	case r.PostForm.Get("redirect_uri") != a.RedirectURI:
		refuse(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match")
		return
	case !ex.PKCEMatched:
		refuse(http.StatusBadRequest, "invalid_grant", "code_verifier does not match code_challenge")
		return
	case user == nil:
		refuse(http.StatusBadRequest, "invalid_grant", "user signed out")
		return
	}

	idToken, err := p.idToken(*user, a)
	if err != nil {
		refuse(http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	p.mu.Lock()
	p.exchanges = append(p.exchanges, ex)
	p.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": rand.Text(),
		"token_type":   "Bearer",
		"expires_in":   3600,
		"scope":        a.Scope,
		"id_token":     idToken,
	})
}

func (p *Provider) idToken(u User, a Authorization) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	claims := map[string]any{
		"iss":                p.Issuer(),
		"sub":                u.Subject,
		"aud":                p.clientID,
		"iat":                now.Unix(),
		"exp":                now.Add(5 * time.Minute).Unix(),
		"nonce":              a.Nonce,
		"email":              u.Email,
		"email_verified":     u.EmailVerified,
		"name":               u.Name,
		"preferred_username": u.Username,
	}
	if p.wrongNonce {
		claims["nonce"] = "not-" + a.Nonce
	}
	if p.wrongAudience {
		claims["aud"] = "another-client"
	}
	if p.expired {
		claims["iat"] = now.Add(-2 * time.Hour).Unix()
		claims["exp"] = now.Add(-time.Hour).Unix()
	}
	for _, edit := range p.claimEdits {
		edit(claims)
	}
	key, foreign := keys()
	if p.foreignKey {
		key = foreign
	}
	return sign(key, claims)
}

// sign builds an RS256 JWS in compact serialization (RFC 7515 §7.1).
func sign(key *rsa.PrivateKey, claims map[string]any) (string, error) {
	header, err := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": keyID})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("oidctest: marshal claims: %w", err)
	}
	input := b64(header) + "." + b64(payload)
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		return "", fmt.Errorf("oidctest: sign: %w", err)
	}
	return input + "." + b64(sig), nil
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func eq(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
