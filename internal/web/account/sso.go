package account

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/oidc"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// Single sign-on with the organisation's OpenID Connect provider. The attempt (nonce, PKCE
// verifier, where to go afterwards) is kept in the database under the hash of its state, and
// a short-lived cookie ties it to the browser that began it, so that nobody can sign another
// person's browser in with their own callback. A person is found by their identity (issuer
// and subject); the first time, by an email address the provider has verified, and the
// identity is then linked. No account is ever made here: people are invited.

// ssoCookie holds the attempt's state between the start and the return.
const ssoCookie = "klimaspor_sso"

// SSO start limits per client address.
const (
	ssoWindow    = 15 * time.Minute
	ssoPerClient = 30
)

// SetOIDC turns single sign-on on with c (nil turns it off).
func (s *Pages) SetOIDC(c *oidc.Client) {
	s.oidc, s.ssoForm = c, ""
	if c == nil {
		return
	}
	// The sign-in page's form leads to the provider: the page's form-action must allow it.
	_, authURL := c.Start()
	if u, err := url.Parse(authURL); err == nil && u.Host != "" {
		s.ssoForm = u.Scheme + "://" + u.Host
	}
}

// allowSSOForm lets the sign-in page's single sign-on form lead to the provider: browsers
// apply a page's form-action to where the form's answer redirects. The page then sets its own
// caching rule, so the page cache (which keeps no headers but a few) sends it as it is.
func (s *Pages) allowSSOForm(w http.ResponseWriter) {
	if s.ssoForm == "" {
		return
	}
	w.Header().Set("Content-Security-Policy", strings.Replace(page.ContentSecurityPolicy, "form-action 'self'", "form-action 'self' "+s.ssoForm, 1))
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-cache")
	}
}

func (s *Pages) ssoCookieName() string {
	if s.Sessions.Secure {
		return "__Host-" + ssoCookie
	}
	return ssoCookie
}

func (s *Pages) setSSOCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.ssoCookieName(), Value: value, Path: "/", HttpOnly: true, Secure: s.Sessions.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge})
}

// ssoStart begins a sign-in at the provider.
func (s *Pages) ssoStart(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return page.ErrNotFound
	}
	ctx := r.Context()
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	mins, err := s.hitLimits(ctx, w, ssoWindow, map[string]int{"sso:address:" + s.clientAddress(r): ssoPerClient})
	if err != nil {
		return err
	}
	if mins > 0 {
		l := page.Localizer(r)
		return s.renderNotice(w, r, http.StatusTooManyRequests, noticeData{Heading: l.T("sso.refused_title"), Message: l.T("signin.limited", l.Int(int64(mins))), Alert: true,
			Links: []noticeLink{{Href: "/log-ind", Text: l.T("sso.try_again")}}})
	}
	pending, authURL := s.oidc.Start()
	if err := s.DB.SaveOIDCPending(ctx, auth.HashToken(pending.State), store.OIDCPending{Nonce: pending.Nonce, Verifier: pending.Verifier,
		Next: page.LocalPath(r.PostForm.Get("next")), CreatedAt: pending.Created}); err != nil {
		return err
	}
	s.setSSOCookie(w, pending.State, int(oidc.MaxPendingAge.Seconds()))
	http.Redirect(w, r, authURL, http.StatusSeeOther)
	return nil
}

// ssoRefused answers a single sign-on that did not sign anybody in.
func (s *Pages) ssoRefused(w http.ResponseWriter, r *http.Request, status int, key string, logMsg string, args ...any) error {
	l := page.Localizer(r)
	s.Log.Info("web: single sign-on refused: "+logMsg, args...)
	return s.renderNotice(w, r, status, noticeData{Heading: l.T("sso.refused_title"), Message: l.T(key), Alert: true,
		Links: []noticeLink{{Href: "/log-ind", Text: l.T("sso.try_again")}, {Href: "/", Text: l.T("notice.home")}}})
}

// ssoReturn finishes a sign-in when the provider sends the browser back.
func (s *Pages) ssoReturn(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return page.ErrNotFound
	}
	ctx := r.Context()
	q := r.URL.Query()
	state := q.Get("state")
	// The attempt is taken (and so ended) whatever happens next: a callback works once.
	s.setSSOCookie(w, "", -1)
	if state == "" || len(state) > 200 {
		return s.ssoRefused(w, r, http.StatusBadRequest, "sso.bad_attempt", "no state")
	}
	pend, err := s.DB.TakeOIDCPending(ctx, auth.HashToken(state))
	if errors.Is(err, store.ErrNotFound) {
		return s.ssoRefused(w, r, http.StatusBadRequest, "sso.bad_attempt", "unknown or used state")
	}
	if err != nil {
		return err
	}
	if c, err := r.Cookie(s.ssoCookieName()); err != nil || !auth.Equal(c.Value, state) {
		return s.ssoRefused(w, r, http.StatusBadRequest, "sso.bad_attempt", "the state is not this browser's")
	}
	id, err := s.oidc.Finish(ctx, oidc.Pending{State: state, Nonce: pend.Nonce, Verifier: pend.Verifier, Created: pend.CreatedAt}, q)
	if err != nil {
		var pe *oidc.ProviderError
		switch {
		case errors.As(err, &pe) && pe.Code == "access_denied":
			return s.ssoRefused(w, r, http.StatusForbidden, "sso.cancelled", "declined at the provider")
		case errors.Is(err, oidc.ErrExpired):
			return s.ssoRefused(w, r, http.StatusBadRequest, "sso.expired", "attempt expired")
		}
		return s.ssoRefused(w, r, http.StatusBadGateway, "sso.failed", "finish", "err", err)
	}
	u, err := s.DB.UserByOIDC(ctx, id.Issuer, id.Subject)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if !id.EmailVerified || id.Email == "" {
			return s.ssoRefused(w, r, http.StatusForbidden, "sso.no_account", "unknown identity without a verified email", "subject", id.Subject)
		}
		u, err = s.DB.UserByEmail(ctx, id.Email)
		if errors.Is(err, store.ErrNotFound) {
			return s.ssoRefused(w, r, http.StatusForbidden, "sso.no_account", "no account for the verified email", "subject", id.Subject)
		}
		if err != nil {
			return err
		}
		if u.OIDCSubject != "" {
			// The account is linked to another identity already; an email match never moves it.
			return s.ssoRefused(w, r, http.StatusForbidden, "sso.no_account", "the account has another identity", "user", u.ID)
		}
		if u.Disabled {
			return s.ssoRefused(w, r, http.StatusForbidden, "sso.disabled", "disabled account", "user", u.ID)
		}
		if err := s.DB.LinkOIDC(ctx, u.ID, id.Issuer, id.Subject); err != nil {
			return err
		}
		s.Log.Info("web: single sign-on identity linked", "user", u.ID)
	case err != nil:
		return err
	}
	if u.Disabled || u.Deleted {
		return s.ssoRefused(w, r, http.StatusForbidden, "sso.disabled", "disabled account", "user", u.ID)
	}
	if err := s.Sessions.End(ctx, w, r); err != nil {
		return err
	}
	if _, err := s.Sessions.Start(ctx, w, u.ID); err != nil {
		return err
	}
	s.Log.Info("web: signed in by single sign-on", "user", u.ID)
	http.Redirect(w, r, page.Landing(pend.Next), http.StatusSeeOther)
	return nil
}
