package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/proxy"
	"klimaspor/internal/store"
)

// Sign-in limits: per account, so a password cannot be guessed, and per address, so many
// accounts cannot be tried from one place. The counts live in the database (store.DB.Hit),
// so every app server sees them.
const (
	signInWindow     = 15 * time.Minute
	signInPerAccount = 5
	signInPerAddress = 30
)

type signInData struct {
	Email, Next string
	Error       string // one message for a wrong address or password: no user enumeration
	Limited     string // the rate limit's message
	OIDC        string // the name of the single sign-on provider, when one is configured
}

// signInPage shows the sign-in form.
func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) error {
	l := s.localizer(r)
	if principalOf(r.Context()).Signed() {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.renderSignIn(w, r, http.StatusOK, signInData{Next: localPath(r.URL.Query().Get("next"))}, l.T("signin.title"))
}

func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, d signInData, title string) error {
	l := s.localizer(r)
	d.OIDC = s.oidcName()
	p := s.newPage(r, l, title)
	p.Nav = "signin"
	p.Data = d
	s.allowSSOForm(w) // sso.go
	return s.write(w, "signin", status, p)
}

// clientAddress is the address a request came from, without its port: X-Forwarded-For
// counts only from a trusted proxy (SetTrustedProxies; see proxy.Trusted.ClientAddress).
func (s *Server) clientAddress(r *http.Request) string { return s.proxies.ClientAddress(r) }

// SetTrustedProxies names the load balancers and proxies (addresses or CIDR ranges, comma
// separated) whose X-Forwarded-For header tells the client's address, for the sign-in limits,
// and whose X-Forwarded-Proto tells that the client came over HTTPS, for HSTS.
func (s *Server) SetTrustedProxies(list string) error {
	t, err := proxy.Parse(list)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	s.proxies = t
	return nil
}

// signIn checks the posted address and password.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := s.localizer(r)
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return &statusError{status: http.StatusBadRequest, err: err}
	}
	email := store.NormalEmail(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	d := signInData{Email: email, Next: localPath(r.PostForm.Get("next"))}
	if model.TextProblem(email) != "" {
		// No account has an address that is not text, and PostgreSQL would refuse to look.
		d.Email, d.Error = "", l.T("signin.wrong")
		return s.renderSignIn(w, r, http.StatusUnauthorized, d, l.T("form.error_title", l.T("signin.title")))
	}
	for _, lim := range []struct {
		key   string
		limit int
	}{{"signin:account:" + email, signInPerAccount}, {"signin:address:" + s.clientAddress(r), signInPerAddress}} {
		ok, until, err := s.db.Hit(ctx, lim.key, signInWindow, lim.limit)
		if err != nil {
			return err
		}
		if !ok {
			mins := int(math.Ceil(time.Until(until).Minutes()))
			d.Limited = l.T("signin.limited", l.Int(int64(max(mins, 1))))
			w.Header().Set("Retry-After", fmt.Sprint(int(time.Until(until).Seconds())+1))
			s.log.Warn("web: sign-in rate limited", "key", lim.key)
			return s.renderSignIn(w, r, http.StatusTooManyRequests, d, l.T("form.error_title", l.T("signin.title")))
		}
	}
	u, err := s.db.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := u.PasswordHash
	if u.Disabled || u.Deleted {
		hash = ""
	}
	// CheckPassword takes as long for an unknown address as for a known one.
	if !auth.CheckPassword(hash, pw) {
		d.Error = l.T("signin.wrong")
		s.log.Info("web: sign-in refused", "address", s.clientAddress(r))
		return s.renderSignIn(w, r, http.StatusUnauthorized, d, l.T("form.error_title", l.T("signin.title")))
	}
	if err := s.db.ResetHits(ctx, "signin:account:"+email); err != nil {
		return err
	}
	// A new session id at every sign-in: an old or planted one is never promoted.
	if err := s.sessions.End(ctx, w, r); err != nil {
		return err
	}
	if _, err := s.sessions.Start(ctx, w, u.ID); err != nil {
		return err
	}
	s.log.Info("web: signed in", "user", u.ID)
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
	return nil
}

// signOut ends the session.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.End(r.Context(), w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// oidcName is the single sign-on provider's name, or "" without one.
func (s *Server) oidcName() string {
	if s.oidc == nil {
		return ""
	}
	return s.oidc.Name()
}

// trimmed is a form value without surrounding space.
func trimmed(r *http.Request, name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
