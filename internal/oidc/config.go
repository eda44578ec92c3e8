// Package oidc signs users in with an OpenID Connect provider (in practice the
// municipality's Microsoft Entra ID tenant) using the authorization code flow
// with PKCE.
//
// The package does not touch HTTP handlers, cookies or sessions: [Client.Start]
// returns a [Pending] that the caller keeps server-side or in a signed cookie,
// and [Client.Finish] turns the provider's callback query into an [Identity].
// Users must be keyed on Issuer + Subject, never on Email.
package oidc

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Environment variables read by [ConfigFromEnv].
const (
	EnvIssuer       = "KLIMASPOR_OIDC_ISSUER"
	EnvClientID     = "KLIMASPOR_OIDC_CLIENT_ID"
	EnvClientSecret = "KLIMASPOR_OIDC_CLIENT_SECRET"
	EnvRedirectURL  = "KLIMASPOR_OIDC_REDIRECT_URL"
	EnvName         = "KLIMASPOR_OIDC_NAME"
)

// DefaultName is shown on the sign-in button when KLIMASPOR_OIDC_NAME is unset.
const DefaultName = "Microsoft Entra ID"

// DefaultScopes are requested when Config.Scopes is empty.
var DefaultScopes = []string{"openid", "email", "profile"}

// Config describes one OIDC provider. The zero value means "not configured".
type Config struct {
	// Issuer is the exact issuer the provider states in its discovery document
	// and in every ID token. For Entra ID this is the tenant issuer,
	// https://login.microsoftonline.com/{tenant-id}/v2.0, not /common or
	// /organizations: those discovery documents name a templated issuer that
	// go-oidc (rightly) refuses, and accepting them would admit any tenant.
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is our callback URL, registered with the provider.
	RedirectURL string
	// Scopes defaults to DefaultScopes; "openid" is always requested.
	Scopes []string
	// Name is shown on the sign-in button, e.g. "Microsoft Entra ID".
	Name string
}

// Enabled reports whether a provider is configured at all.
func (c Config) Enabled() bool { return c.Issuer != "" }

// ConfigFromEnv reads the KLIMASPOR_OIDC_* variables. When none of them is set
// the result is a disabled Config and no error. When some but not all of the
// required ones are set, the error names every missing variable.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := Config{
		Issuer:       get(EnvIssuer),
		ClientID:     get(EnvClientID),
		ClientSecret: get(EnvClientSecret),
		RedirectURL:  get(EnvRedirectURL),
		Name:         get(EnvName),
	}
	if cfg.Issuer+cfg.ClientID+cfg.ClientSecret+cfg.RedirectURL+cfg.Name == "" {
		return Config{}, nil
	}
	var missing []string
	for _, v := range []struct{ name, value string }{
		{EnvIssuer, cfg.Issuer},
		{EnvClientID, cfg.ClientID},
		{EnvClientSecret, cfg.ClientSecret},
		{EnvRedirectURL, cfg.RedirectURL},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return Config{}, fmt.Errorf("oidc: partial configuration: missing %s", strings.Join(missing, ", "))
	}
	if cfg.Name == "" {
		cfg.Name = DefaultName
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// Validate checks an enabled Config for mistakes that would otherwise only
// show up at the first sign-in.
func (c Config) Validate() error {
	if !c.Enabled() {
		return errors.New("oidc: not configured (empty issuer)")
	}
	if c.ClientID == "" {
		return fmt.Errorf("oidc: %s is empty", EnvClientID)
	}
	if c.ClientSecret == "" {
		return fmt.Errorf("oidc: %s is empty", EnvClientSecret)
	}
	if err := checkURL(c.Issuer); err != nil {
		return fmt.Errorf("oidc: %s: %w", EnvIssuer, err)
	}
	if err := checkURL(c.RedirectURL); err != nil {
		return fmt.Errorf("oidc: %s: %w", EnvRedirectURL, err)
	}
	u, _ := url.Parse(c.Issuer)
	if strings.EqualFold(u.Hostname(), "login.microsoftonline.com") {
		tenant, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
		switch strings.ToLower(tenant) {
		case "common", "organizations", "consumers":
			return fmt.Errorf("oidc: %s: Entra ID needs the tenant issuer (https://login.microsoftonline.com/{tenant-id}/v2.0), not /%s", EnvIssuer, tenant)
		}
	}
	return nil
}

// checkURL accepts absolute https URLs, and http only on loopback (tests,
// local development).
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("parse %q: %w", raw, err)
	}
	if u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
			return nil
		}
	}
	return fmt.Errorf("%q must use https (http only on loopback)", raw)
}
