package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// MaxPendingAge bounds how long a user may take between Start and Finish.
const MaxPendingAge = 10 * time.Minute

// Errors the caller can map to messages for the user. Finish wraps them, so
// test with errors.Is (and errors.As for *ProviderError). Any other error from
// Finish means "sign-in failed" and belongs in the log only.
var (
	// ErrState: the callback's state does not match the pending sign-in
	// (a forged or crossed callback, or a second tab).
	ErrState = errors.New("state mismatch")
	// ErrExpired: the pending sign-in is older than MaxPendingAge.
	ErrExpired = errors.New("sign-in attempt expired")
	// ErrNonce: the ID token was not issued for this sign-in attempt.
	ErrNonce = errors.New("nonce mismatch")
)

// ProviderError is an error the provider sent back to the callback, e.g. the
// user declined consent (access_denied). Description is provider-supplied text:
// log it, but prefer messages keyed on Code for the user.
type ProviderError struct {
	Code        string
	Description string
}

func (e *ProviderError) Error() string {
	if e.Description == "" {
		return fmt.Sprintf("provider returned %q", e.Code)
	}
	return fmt.Sprintf("provider returned %q: %s", e.Code, e.Description)
}

// Pending is one sign-in attempt between Start and Finish. It holds secrets
// (the PKCE verifier): keep it server-side or in a signed, encrypted, HttpOnly
// cookie, and use it once.
type Pending struct {
	State    string
	Nonce    string
	Verifier string
	Created  time.Time
}

// Identity is the verified result of a sign-in. Key users on Issuer+Subject;
// Email and Username are for display and for an administrator's mapping.
type Identity struct {
	Issuer  string
	Subject string
	Email   string
	// EmailVerified is false when the provider omits the claim, which Entra
	// ID usually does.
	EmailVerified bool
	Name          string
	// Username is preferred_username, or upn when that is missing (Entra ID).
	Username string
}

// Client runs the authorization code flow with PKCE against one provider.
type Client struct {
	cfg      Config
	http     *http.Client
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier
	now      func() time.Time
}

// New validates cfg and fetches the provider's discovery document. go-oidc
// checks that the document's issuer equals cfg.Issuer exactly, which is why an
// Entra ID tenant must be configured with its tenant issuer and not /common.
// httpClient is used for discovery, keys and the token exchange; nil means a
// client with a 10 s timeout.
func New(ctx context.Context, cfg Config, httpClient *http.Client) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	scopes := cfg.Scopes
	if len(scopes) == 0 {
		scopes = DefaultScopes
	}
	if !slices.Contains(scopes, gooidc.ScopeOpenID) {
		scopes = append([]string{gooidc.ScopeOpenID}, scopes...)
	}
	cfg.Scopes = slices.Clone(scopes)

	provider, err := gooidc.NewProvider(gooidc.ClientContext(ctx, httpClient), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover %s: %w", cfg.Issuer, err)
	}
	authStyle, err := authStyle(provider)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover %s: %w", cfg.Issuer, err)
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = authStyle
	return &Client{
		cfg:  cfg,
		http: httpClient,
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint:     endpoint,
			RedirectURL:  cfg.RedirectURL,
			Scopes:       cfg.Scopes,
		},
		// The provider's key set fetches /keys with httpClient (it was in
		// the discovery context) and refetches when it meets an unknown kid,
		// so key rotation needs no restart.
		verifier: provider.Verifier(&gooidc.Config{ClientID: cfg.ClientID}),
		now:      time.Now,
	}, nil
}

// authStyle picks how to send the client secret from the discovery document.
// Leaving it to oauth2's auto-detection would, on any failed exchange, send the
// same code a second time the other way: a provider then refuses the replayed
// code and the real reason for the failure is lost.
func authStyle(p *gooidc.Provider) (oauth2.AuthStyle, error) {
	var meta struct {
		Methods []string `json:"token_endpoint_auth_methods_supported"`
	}
	if err := p.Claims(&meta); err != nil {
		return 0, fmt.Errorf("read token_endpoint_auth_methods_supported: %w", err)
	}
	switch {
	// OIDC Discovery §3: the default is client_secret_basic.
	case len(meta.Methods) == 0, slices.Contains(meta.Methods, "client_secret_basic"):
		return oauth2.AuthStyleInHeader, nil
	case slices.Contains(meta.Methods, "client_secret_post"):
		return oauth2.AuthStyleInParams, nil
	}
	return 0, fmt.Errorf("provider supports neither client_secret_basic nor client_secret_post (only %v)", meta.Methods)
}

// Name is the provider's display name for the sign-in button.
func (c *Client) Name() string { return c.cfg.Name }

// Start begins a sign-in: it returns the Pending to keep and the URL to send
// the browser to.
func (c *Client) Start() (Pending, string) {
	p := Pending{
		State:    rand.Text(),
		Nonce:    rand.Text(),
		Verifier: oauth2.GenerateVerifier(),
		Created:  c.now(),
	}
	u := c.oauth.AuthCodeURL(p.State,
		gooidc.Nonce(p.Nonce),
		oauth2.S256ChallengeOption(p.Verifier),
	)
	return p, u
}

// Finish completes the sign-in started with p, given the query of the request
// to the redirect URL. The caller must discard p afterwards, whatever the
// outcome.
func (c *Client) Finish(ctx context.Context, p Pending, query url.Values) (Identity, error) {
	if p.Created.IsZero() || c.now().Sub(p.Created) > MaxPendingAge {
		return Identity{}, fmt.Errorf("oidc: finish sign-in started %s: %w", p.Created.Format(time.RFC3339), ErrExpired)
	}
	// An empty expected state would match an empty callback state.
	if p.State == "" || !equal(p.State, query.Get("state")) {
		return Identity{}, fmt.Errorf("oidc: finish sign-in: %w", ErrState)
	}
	if code := query.Get("error"); code != "" {
		return Identity{}, fmt.Errorf("oidc: finish sign-in: %w",
			&ProviderError{Code: code, Description: query.Get("error_description")})
	}
	code := query.Get("code")
	if code == "" {
		return Identity{}, errors.New("oidc: finish sign-in: callback has neither code nor error")
	}

	tok, err := c.oauth.Exchange(gooidc.ClientContext(ctx, c.http), code, oauth2.VerifierOption(p.Verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("oidc: exchange code: %w", err)
	}
	rawID, ok := tok.Extra("id_token").(string)
	if !ok || rawID == "" {
		return Identity{}, errors.New("oidc: exchange code: token response has no id_token")
	}
	idt, err := c.verifier.Verify(ctx, rawID)
	if err != nil {
		return Identity{}, fmt.Errorf("oidc: verify id token: %w", err)
	}
	if p.Nonce == "" || !equal(p.Nonce, idt.Nonce) {
		return Identity{}, fmt.Errorf("oidc: verify id token: %w", ErrNonce)
	}

	var claims struct {
		Email             string          `json:"email"`
		EmailVerified     json.RawMessage `json:"email_verified"`
		Name              string          `json:"name"`
		PreferredUsername string          `json:"preferred_username"`
		UPN               string          `json:"upn"`
	}
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("oidc: read id token claims: %w", err)
	}
	id := Identity{
		Issuer:        idt.Issuer,
		Subject:       idt.Subject,
		Email:         claims.Email,
		EmailVerified: parseBool(claims.EmailVerified),
		Name:          claims.Name,
		Username:      claims.PreferredUsername,
	}
	if id.Username == "" {
		id.Username = claims.UPN
	}
	if id.Subject == "" {
		return Identity{}, errors.New("oidc: verify id token: empty sub claim")
	}
	return id, nil
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// parseBool reads email_verified, which some providers send as a string.
// Missing, null or unreadable means false.
func parseBool(raw json.RawMessage) bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		b, _ = strconv.ParseBool(s)
	}
	return b
}
