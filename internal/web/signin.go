package web

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"klimaspor/internal/auth"
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

// clientAddress is the address a request came from, without its port. Behind a load
// balancer or proxy that the configuration trusts (SetTrustedProxies), it is the last address
// in X-Forwarded-For that is not itself a trusted proxy; otherwise the connection's address,
// so a client cannot choose its own address by sending the header.
func (s *Server) clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.proxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// SetTrustedProxies names the load balancers and proxies (addresses or CIDR ranges, comma
// separated) whose X-Forwarded-For header tells the client's address, for the sign-in limits.
func (s *Server) SetTrustedProxies(list string) error {
	s.proxies = nil
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			a, err := netip.ParseAddr(item)
			if err != nil {
				return fmt.Errorf("web: trusted proxy %q: %w", item, err)
			}
			item = netip.PrefixFrom(a, a.BitLen()).String()
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return fmt.Errorf("web: trusted proxy %q: %w", item, err)
		}
		s.proxies = append(s.proxies, p.Masked())
	}
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
