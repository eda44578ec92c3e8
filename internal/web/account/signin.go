package account

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	klmail "klimaspor/internal/mail"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// Sign-in limits, kept in the database so that every app server sees them. Per client
// address, a fixed window (store.DB.Hit), so that many passwords or accounts cannot be tried
// from one place. Per account, a slowdown rather than a lock, so that nobody can lock the
// owner out by failing on purpose (store.DB.ClaimSignIn, DECISIONS.md "Sign-in: a slowdown,
// not an account lock"): after signInFreeFailures failures on an account, a client that has
// failed on it waits signInDelay after its last failure before it may try again, while a
// client that has not may try at once. The refusal comes before the password is read, so it
// takes no server time and says nothing about the password or the account. The owner hears
// of the failures by mail, at most once per signInNoticeEvery.
const (
	signInWindow        = 15 * time.Minute // of the limit per client address
	signInPerAddress    = 30
	signInFailureWindow = time.Hour // an account's failures count until it has had none for this long
	signInFreeFailures  = 5
	signInFirstDelay    = time.Second
	signInMaxDelay      = 15 * time.Minute
	signInNoticeEvery   = 24 * time.Hour
)

// signInDelay is how long after its last failure a client that has failed on an account
// waits, when the account has had failures from every client together: nothing for the
// first signInFreeFailures, then signInFirstDelay, doubling with each failure up to
// signInMaxDelay.
func signInDelay(failures int) time.Duration {
	if failures < signInFreeFailures {
		return 0
	}
	return min(signInFirstDelay<<min(failures-signInFreeFailures, 30), signInMaxDelay)
}

type signInData struct {
	Email, Next string
	Error       string // one message for a wrong address or password: no user enumeration
	Limited     string // the rate limit's message
	OIDC        string // the name of the single sign-on provider, when one is configured
}

// signInPage shows the sign-in form.
func (s *Pages) signInPage(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	if page.PrincipalOf(r.Context()).Signed() {
		http.Redirect(w, r, page.Landing(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.renderSignIn(w, r, http.StatusOK, signInData{Next: page.LocalPath(r.URL.Query().Get("next"))}, l.T("signin.title"))
}

func (s *Pages) renderSignIn(w http.ResponseWriter, r *http.Request, status int, d signInData, title string) error {
	l := page.Localizer(r)
	d.OIDC = s.oidcName()
	p := s.NewPage(r, l, title)
	p.Nav = "signin"
	p.Data = d
	s.allowSSOForm(w) // sso.go
	return s.Write(w, "signin", status, p)
}

// clientAddress is the address a request came from, without its port: X-Forwarded-For
// counts only from a trusted proxy (SetTrustedProxies; see proxy.Trusted.ClientAddress).
func (s *Pages) clientAddress(r *http.Request) string { return s.Proxies.ClientAddress(r) }

// signIn checks the posted address and password.
func (s *Pages) signIn(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return &page.StatusError{Status: http.StatusBadRequest, Err: err}
	}
	email := store.NormalEmail(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	d := signInData{Email: email, Next: page.LocalPath(r.PostForm.Get("next"))}
	if model.TextProblem(email) != "" {
		// No account has an address that is not text, and PostgreSQL would refuse to look.
		d.Email, d.Error = "", l.T("signin.wrong")
		return s.renderSignIn(w, r, http.StatusUnauthorized, d, l.T("form.error_title", l.T("signin.title")))
	}
	client := s.clientAddress(r)
	ok, until, err := s.DB.Hit(ctx, "signin:address:"+client, signInWindow, signInPerAddress)
	if err != nil {
		return err
	}
	if !ok {
		wait := time.Until(until)
		d.Limited = l.T("signin.limited", l.Int(int64(max(int(math.Ceil(wait.Minutes())), 1))))
		s.Metrics.Refused("signin:address")
		return s.signInRefused(w, r, d, wait, "address", client)
	}
	now := s.Now()
	attempt, err := s.DB.ClaimSignIn(ctx, email, client, now, signInFailureWindow, signInDelay)
	if err != nil {
		return err
	}
	if !attempt.Allowed {
		wait := attempt.RetryAt.Sub(now)
		d.Limited = l.T("signin.slowed", waitText(l, wait))
		s.Metrics.Refused("signin:failures")
		return s.signInRefused(w, r, d, wait, "address", client, "failures", attempt.Failures)
	}
	u, err := s.DB.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := u.PasswordHash
	if u.Disabled || u.Deleted {
		hash = ""
	}
	// CheckPassword takes as long for an unknown address as for a known one.
	if !auth.CheckPassword(hash, pw) {
		if err := s.noticeFailures(ctx, u, email, attempt.Failures, now); err != nil {
			return err
		}
		d.Error = l.T("signin.wrong")
		s.Log.Info("web: sign-in refused", "address", client, "failures", attempt.Failures)
		return s.renderSignIn(w, r, http.StatusUnauthorized, d, l.T("form.error_title", l.T("signin.title")))
	}
	// The attempt was counted as a failure before the password was checked: forgiven, with
	// this client's earlier ones.
	if err := s.DB.ForgetSignInFailures(ctx, email, client); err != nil {
		return err
	}
	// A new session id at every sign-in: an old or planted one is never promoted.
	if err := s.Sessions.End(ctx, w, r); err != nil {
		return err
	}
	if _, err := s.Sessions.Start(ctx, w, u.ID); err != nil {
		return err
	}
	s.Log.Info("web: signed in", "user", u.ID)
	http.Redirect(w, r, page.Landing(d.Next), http.StatusSeeOther)
	return nil
}

// signInRefused answers an attempt to sign in that a limit refuses before the password is
// read: 429 with d.Limited and when to try again.
func (s *Pages) signInRefused(w http.ResponseWriter, r *http.Request, d signInData, wait time.Duration, logArgs ...any) error {
	l := page.Localizer(r)
	w.Header().Set("Retry-After", fmt.Sprint(max(int(math.Ceil(wait.Seconds())), 1)))
	s.Log.Warn("web: sign-in limited", logArgs...)
	return s.renderSignIn(w, r, http.StatusTooManyRequests, d, l.T("form.error_title", l.T("signin.title")))
}

// waitText says how long to wait, in seconds under two minutes and in minutes from there.
func waitText(l i18n.Localizer, wait time.Duration) string {
	secs := max(int(math.Ceil(wait.Seconds())), 1)
	switch {
	case secs == 1:
		return l.T("signin.wait.second")
	case secs < 120:
		return l.T("signin.wait.seconds", l.Int(int64(secs)))
	}
	return l.T("signin.wait.minutes", l.Int(int64(math.Ceil(wait.Minutes()))))
}

// noticeFailures tells an account's owner by mail when the failed attempts to sign in to it
// pass the free ones: at most once per signInNoticeEvery, and not to a disabled or deleted
// account. The owner's language is not known, so the mail is in Danish and English. The notice
// is counted for every address tried, with an account or without, so that the time the answer
// takes does not tell which have one.
func (s *Pages) noticeFailures(ctx context.Context, u store.User, email string, failures int, now time.Time) error {
	if failures < signInFreeFailures {
		return nil
	}
	first, _, err := s.DB.Hit(ctx, "signin:notice:"+email, signInNoticeEvery, 1)
	if err != nil || !first || u.ID == 0 || u.Disabled || u.Deleted {
		return err
	}
	when := now.UTC().Format(time.RFC3339)
	da, en := i18n.For(i18n.Danish), i18n.For(i18n.English)
	s.sendLater(ctx, klmail.Message{To: u.Email, Subject: da.T("signin.notice.subject") + " / " + en.T("signin.notice.subject"),
		Body: da.T("signin.notice.body", da.Int(int64(failures)), whenText(da, when)) + "\n\n* * *\n\n" + en.T("signin.notice.body", en.Int(int64(failures)), whenText(en, when))})
	s.Log.Warn("web: owner told of failed sign-ins", "user", u.ID, "failures", failures)
	return nil
}

// signOut ends the session.
func (s *Pages) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.Sessions.End(r.Context(), w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// oidcName is the single sign-on provider's name, or "" without one.
func (s *Pages) oidcName() string {
	if s.oidc == nil {
		return ""
	}
	return s.oidc.Name()
}

// trimmed is a form value without surrounding space.
func trimmed(r *http.Request, name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
