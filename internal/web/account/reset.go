package account

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"klimaspor/internal/auth"
	klmail "klimaspor/internal/mail"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// Password reset by email. Asking for a link always answers the same page, whether or not the
// address has an account, and the mail is sent in the background so that the answer takes as
// long either way. The link holds a single-use token that lasts an hour; only its hash is
// stored. Opening the link does not spend it; setting the new password does.

// Lifetimes of mailed tokens, and the limits on asking for reset links.
const (
	resetLifetime   = time.Hour
	inviteLifetime  = 7 * 24 * time.Hour
	resetWindow     = time.Hour
	resetPerAddress = 3  // links asked for one address per window
	resetPerClient  = 20 // links asked from one IP address per window
	mailTimeout     = time.Minute
)

// SetMail sets how mail is sent and the address the links in it begin with, such as
// "https://klimaspor.example.dk". Links in mails are built from baseURL alone, never from a
// request, whose Host a client chooses. With baseURL "" no mail with a link is sent: password
// resets and invitations are refused, and their forms say so.
func (s *Pages) SetMail(m klmail.Sender, baseURL string) error {
	s.mailer, s.baseURL = m, ""
	base, err := checkBaseURL(baseURL)
	if err != nil {
		return err
	}
	s.baseURL = base
	return nil
}

// checkBaseURL is baseURL without a trailing slash, if it is "" or an absolute http(s)
// address without query or fragment.
func checkBaseURL(baseURL string) (string, error) {
	base := strings.TrimRight(strings.TrimSpace(baseURL), "/")
	if base == "" {
		return "", nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(base, "?") {
		return "", fmt.Errorf("web: the base URL %q is not an absolute http(s) address such as https://klimaspor.example.dk", baseURL)
	}
	return base, nil
}

// SetDemo turns demo mode on or off. In demo mode an invitation whose mail was not sent
// shows its link on the page, for the person who invited to pass on; otherwise the link is
// only written to the log.
func (s *Pages) SetDemo(on bool) { s.demo = on }

// mailLinks reports whether mails with links may be sent: only with a configured base URL.
func (s *Pages) mailLinks() bool { return s.baseURL != "" }

// mailLogsOnly reports whether m sends nothing: nil, or the stand-in mail.New returns when
// no SMTP server is configured (which only logs).
func mailLogsOnly(m klmail.Sender) bool {
	if m == nil {
		return true
	}
	e, ok := m.(interface{ Enabled() bool })
	return ok && !e.Enabled()
}

// linkTo is an absolute link to path (with its query) for a mail, from the configured base
// URL; callers check mailLinks first.
func (s *Pages) linkTo(path string) string { return s.baseURL + path }

// send sends a mail now; without a sender it only logs.
func (s *Pages) send(ctx context.Context, m klmail.Message) error {
	if s.mailer == nil {
		s.Log.Warn("web: no mail sender, message not sent", "to", m.To, "subject", m.Subject)
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), mailTimeout)
	defer cancel()
	return s.mailer.Send(ctx, m)
}

// sendLater sends a mail in the background, so the answer does not wait for it (and does not
// tell by its time whether one was sent).
func (s *Pages) sendLater(ctx context.Context, m klmail.Message) {
	ctx = context.WithoutCancel(ctx)
	go func() {
		if err := s.send(ctx, m); err != nil {
			s.Log.Error("web: mail failed", "to", m.To, "subject", m.Subject, "err", err)
		}
	}()
}

type resetData struct {
	View    string // "ask", "sent", "new" or "off" (no base URL for the mail's link)
	Email   string
	Token   string
	Errors  []page.FormError
	Limited string
	// MinPassword is the shortest password, for the hint.
	MinPassword int
}

func (s *Pages) renderReset(w http.ResponseWriter, r *http.Request, status int, d resetData) error {
	l := page.Localizer(r)
	title := l.T("reset.title")
	if d.View == "new" {
		title = l.T("reset.new_title")
	}
	if len(d.Errors) > 0 || d.Limited != "" {
		title = l.T("form.error_title", title)
	}
	d.MinPassword = auth.MinPasswordLength
	p := s.NewPage(r, l, title)
	p.Data = d
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the address may hold a token
	return s.Write(w, "reset", status, p)
}

// forgotPage asks for the address to send a reset link to.
func (s *Pages) forgotPage(w http.ResponseWriter, r *http.Request) error {
	if !s.mailLinks() {
		return s.renderReset(w, r, http.StatusOK, resetData{View: "off"})
	}
	return s.renderReset(w, r, http.StatusOK, resetData{View: "ask"})
}

// validEmail reports whether s is one plain address.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254 && strings.Contains(s, "@")
}

// limitName is a rate limit's key without whom it limits: "reset:address:10.0.0.1" is
// limit reset:address.
func limitName(key string) string {
	if i := strings.IndexByte(key, ':'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], ':'); j >= 0 {
			return key[:i+1+j]
		}
	}
	return key
}

// hitLimits counts one event under each key and reports, when one is over its limit, the
// minutes until it may be tried again (0 when within every limit).
func (s *Pages) hitLimits(ctx context.Context, w http.ResponseWriter, window time.Duration, limits map[string]int) (int, error) {
	for key, limit := range limits {
		ok, until, err := s.DB.Hit(ctx, key, window, limit)
		if err != nil {
			return 0, err
		}
		if !ok {
			w.Header().Set("Retry-After", fmt.Sprint(int(time.Until(until).Seconds())+1))
			s.Log.Warn("web: rate limited", "key", key)
			s.Metrics.Refused(limitName(key))
			return max(int(math.Ceil(time.Until(until).Minutes())), 1), nil
		}
	}
	return 0, nil
}

// forgot sends a reset link if the address has an account, and answers the same either way.
func (s *Pages) forgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	if !s.mailLinks() {
		// The same answer for every address: nothing is sent to any.
		return s.renderReset(w, r, http.StatusServiceUnavailable, resetData{View: "off"})
	}
	email := store.NormalEmail(r.PostForm.Get("email"))
	if !validEmail(email) {
		return s.renderReset(w, r, http.StatusUnprocessableEntity, resetData{View: "ask", Email: r.PostForm.Get("email"),
			Errors: []page.FormError{{ID: "f-email", Label: l.T("signin.email"), Message: l.T("reset.bad_email")}}})
	}
	mins, err := s.hitLimits(ctx, w, resetWindow, map[string]int{"reset:account:" + email: resetPerAddress, "reset:address:" + s.clientAddress(r): resetPerClient})
	if err != nil {
		return err
	}
	if mins > 0 {
		return s.renderReset(w, r, http.StatusTooManyRequests, resetData{View: "ask", Email: email, Limited: l.T("reset.limited", l.Int(int64(mins)))})
	}
	u, err := s.DB.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.Log.Info("web: reset asked for an address without an account")
	case err != nil:
		return err
	case u.Disabled:
		s.Log.Info("web: reset asked for a disabled account", "user", u.ID)
	default:
		token := auth.NewToken("")
		if err := s.DB.CreateMailToken(ctx, auth.HashToken(token), store.MailToken{Kind: "reset", UserID: u.ID, Email: u.Email,
			ExpiresAt: time.Now().Add(resetLifetime)}); err != nil {
			return err
		}
		link := s.linkTo("/nulstil?token=" + url.QueryEscape(token))
		s.sendLater(ctx, klmail.Message{To: u.Email, Subject: l.T("reset.mail.subject"), Body: l.T("reset.mail.body", link, int(resetLifetime.Minutes()))})
		s.Log.Info("web: reset link made", "user", u.ID)
	}
	return s.renderReset(w, r, http.StatusOK, resetData{View: "sent"})
}

// badLink answers a mailed link that does not work (any more), with the way to a new one.
func (s *Pages) badLink(w http.ResponseWriter, r *http.Request, status int, msgKey, again, againText string) error {
	l := page.Localizer(r)
	return s.renderNotice(w, r, status, noticeData{Heading: l.T("link.bad_title"), Message: l.T(msgKey), Alert: true,
		Links: []noticeLink{{Href: again, Text: againText}, {Href: "/", Text: l.T("notice.home")}}})
}

// resetPage shows the new-password form of a reset link; the token is spent only by the form.
func (s *Pages) resetPage(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	token := r.URL.Query().Get("token")
	if !tokenShape(token) {
		return s.badLink(w, r, http.StatusBadRequest, "link.bad", "/glemt-adgangskode", l.T("reset.ask_again"))
	}
	return s.renderReset(w, r, http.StatusOK, resetData{View: "new", Token: token})
}

// reset spends the token, sets the password, ends the person's sessions and signs them in.
func (s *Pages) reset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	token := r.PostForm.Get("token")
	if !tokenShape(token) {
		return s.badLink(w, r, http.StatusBadRequest, "link.bad", "/glemt-adgangskode", l.T("reset.ask_again"))
	}
	pw := r.PostForm.Get("password")
	if errs := passwordErrors(l, pw, r.PostForm.Get("password2"), "f-password", "f-password2"); len(errs) > 0 {
		// Checked before the token is spent, so a mistake does not cost the link.
		return s.renderReset(w, r, http.StatusUnprocessableEntity, resetData{View: "new", Token: token, Errors: errs})
	}
	t, err := s.DB.UseMailToken(ctx, "reset", auth.HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return s.badLink(w, r, http.StatusGone, "link.bad", "/glemt-adgangskode", l.T("reset.ask_again"))
	}
	if err != nil {
		return err
	}
	u, err := s.DB.UserByID(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Disabled || u.Deleted)) {
		return s.badLink(w, r, http.StatusGone, "link.bad", "/glemt-adgangskode", l.T("reset.ask_again"))
	}
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := s.DB.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	// Any other reset link sent earlier stops working too.
	if err := s.DB.DeleteMailTokens(ctx, u.ID, "reset"); err != nil {
		return err
	}
	// Whoever knew the old password is signed out and loses the API tokens they may have
	// made, and the sign-in slowdown starts afresh.
	if err := s.DB.ForgetSignInFailures(ctx, u.Email, ""); err != nil {
		return err
	}
	note, err := s.revokeTokens(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := s.renewSessions(ctx, w, r, u.ID); err != nil {
		return err
	}
	s.Log.Info("web: password reset", "user", u.ID)
	http.Redirect(w, r, "/konto?besked=nulstillet"+note, http.StatusSeeOther)
	return nil
}
