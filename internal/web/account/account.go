package account

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// Your account (/konto): who you are and what you may do, your password, signing out
// everywhere, your API tokens and a copy of your data. A new password and signing out
// everywhere revoke the API tokens too: whoever took the old password or a session may have
// made one.

// Limits of the account's forms.
const (
	maxTokenName       = 100
	maxPersonName      = 200
	passwordWindow     = 15 * time.Minute
	passwordTriesLimit = 10 // wrong current passwords per person and window
	// An API token works until the day its owner chooses begins (Danish time): a year ahead
	// unless they choose an earlier day, and at most two years ahead.
	tokenYears    = 1
	maxTokenYears = 2
	dateLayout    = "2006-01-02"
)

type accountData struct {
	Name, Email, Created, LastLogin string
	Roles                           []string
	HasPassword                     bool
	SSO                             bool // linked to the single sign-on provider
	Tokens                          []tokenRow
	Status                          string // a confirmation after a change, role="status"
	// The password form.
	PwErrors []page.FormError
	// The token form, and the token just made: shown once. The expiry date is YYYY-MM-DD,
	// between the first and last dates allowed.
	TokenErrors                            []page.FormError
	TokenName, TokenScope                  string
	TokenExpires, TokenFirstDay, TokenLast string
	TokenLastText                          string // TokenLast in the reader's language
	NewToken, NewTokenFor                  string
	MinPassword                            int
}

type tokenRow struct {
	ID                                               int64
	Name, Scope, Created, Expires, LastUsed, Revoked string
	Expired                                          bool
}

// accountMessages are the confirmations a redirect to /konto?besked=… may ask for.
var accountMessages = map[string]string{
	"adgangskode":         "account.msg.password",
	"adgangskode-noegler": "account.msg.password_tokens",
	"nulstillet":          "account.msg.reset",
	"nulstillet-noegler":  "account.msg.reset_tokens",
	"velkommen":           "account.msg.welcome",
	"tilbagekaldt":        "account.msg.revoked",
}

// signedInPerson is the reader, or ErrSignIn (which sends the public to sign in).
func signedInPerson(r *http.Request) (*auth.Principal, error) {
	p := page.PrincipalOf(r.Context())
	if !p.Signed() {
		return nil, auth.ErrSignIn
	}
	return p, nil
}

func (s *Pages) accountPage(w http.ResponseWriter, r *http.Request) error {
	p, err := signedInPerson(r)
	if err != nil {
		return err
	}
	d := accountData{TokenScope: auth.ScopeRead}
	if key, ok := accountMessages[r.URL.Query().Get("besked")]; ok {
		d.Status = key
	}
	return s.renderAccount(w, r, p, http.StatusOK, d)
}

func (s *Pages) renderAccount(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, d accountData) error {
	ctx := r.Context()
	l := page.Localizer(r)
	u, err := s.DB.UserByID(ctx, p.User.ID)
	if err != nil {
		return err
	}
	orgs, err := s.orgNames(ctx, l)
	if err != nil {
		return err
	}
	d.Name, d.Email = u.Name, u.Email
	d.Created, d.LastLogin = whenText(l, u.CreatedAt), whenText(l, u.LastLoginAt)
	d.HasPassword, d.SSO = u.PasswordHash != "", u.OIDCSubject != ""
	d.Roles = roleTexts(l, orgs, u.Memberships)
	d.MinPassword = auth.MinPasswordLength
	if d.Status != "" {
		d.Status = l.T(d.Status)
	}
	tokens, err := s.DB.Tokens(ctx, u.ID)
	if err != nil {
		return err
	}
	now := s.Now()
	for _, t := range tokens {
		d.Tokens = append(d.Tokens, tokenRow{ID: t.ID, Name: t.Name, Scope: l.T("account.scope." + t.Scope),
			Created: whenText(l, t.CreatedAt), Expires: whenText(l, t.ExpiresAt), LastUsed: whenText(l, t.LastUsedAt), Expired: t.Expired(now)})
		if t.RevokedAt != "" {
			d.Tokens[len(d.Tokens)-1].Revoked = whenText(l, t.RevokedAt)
		}
	}
	first, def, last := tokenDays(now)
	d.TokenFirstDay, d.TokenLast, d.TokenLastText = first.Format(dateLayout), last.Format(dateLayout), l.Date(last)
	if d.TokenExpires == "" {
		d.TokenExpires = def.Format(dateLayout)
	}
	title := l.T("account.title")
	if len(d.PwErrors) > 0 || len(d.TokenErrors) > 0 {
		title = l.T("form.error_title", title)
	}
	pg := s.NewPage(r, l, title)
	pg.Nav = "account"
	pg.Data = d
	// The page may show a new token: never kept anywhere.
	w.Header().Set("Cache-Control", "no-store")
	return s.Write(w, "account", status, pg)
}

// organisations are every organisation, by name in the reader's language.
func (s *Pages) organisations(ctx context.Context, l i18n.Localizer) ([]model.Organisation, error) {
	recs, err := s.All(ctx, model.Organisations, nil)
	orgs := model.AsOrganisations(recs)
	i18n.SortBy(l.Lang, orgs, func(o model.Organisation) string { return o.Name(l.Code()) })
	return orgs, err
}

// orgNames names every organisation in the reader's language, by id.
func (s *Pages) orgNames(ctx context.Context, l i18n.Localizer) (map[int64]string, error) {
	orgs, err := s.organisations(ctx, l)
	out := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		out[o.ID()] = o.Name(l.Code())
	}
	return out, err
}

// roleText names a role and where it holds: "Redaktør – København".
func roleText(l i18n.Localizer, orgs map[int64]string, m store.Membership) string {
	where := l.T("account.everywhere")
	if m.OrganisationID != 0 {
		where = orgs[m.OrganisationID]
		if where == "" {
			where = "#" + strconv.FormatInt(m.OrganisationID, 10)
		}
	}
	return l.T("account.role_in", roleName(l, m.Role), where)
}

func roleTexts(l i18n.Localizer, orgs map[int64]string, ms []store.Membership) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, roleText(l, orgs, m))
	}
	return out
}

// roleName is a role's name in the reader's language.
func roleName(l i18n.Localizer, role string) string {
	if i18n.Has("account.role." + role) {
		return l.T("account.role." + role)
	}
	return role
}

// whenText shows an RFC 3339 time as a date and a time of day in Danish time; "–" when empty.
func whenText(l i18n.Localizer, s string) string {
	if s == "" {
		return i18n.Dash
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	t = t.In(page.DanishTime)
	return l.Date(t) + " " + t.Format("15:04")
}

// passwordErrors checks a new password and its repetition; id is the first field's id.
func passwordErrors(l i18n.Localizer, pw, again, id, againID string) []page.FormError {
	var errs []page.FormError
	if utf8.RuneCountInString(pw) < auth.MinPasswordLength {
		errs = append(errs, page.FormError{ID: id, Label: l.T("account.new_password"), Message: l.T("account.pw.too_short", auth.MinPasswordLength)})
	} else if len(pw) > 1024 {
		errs = append(errs, page.FormError{ID: id, Label: l.T("account.new_password"), Message: l.T("account.pw.too_long")})
	}
	if pw != again {
		errs = append(errs, page.FormError{ID: againID, Label: l.T("account.new_password_again"), Message: l.T("account.pw.mismatch")})
	}
	return errs
}

// changePassword sets a new password; a person with a password gives the current one first.
// All other sessions end and this one is renewed.
func (s *Pages) changePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	p, err := postingPerson(w, r)
	if err != nil {
		return err
	}
	u, err := s.DB.UserByID(ctx, p.User.ID)
	if err != nil {
		return err
	}
	d := accountData{TokenScope: auth.ScopeRead}
	if u.PasswordHash != "" {
		ok, _, err := s.DB.Hit(ctx, "password:user:"+strconv.FormatInt(u.ID, 10), passwordWindow, passwordTriesLimit)
		if err != nil {
			return err
		}
		if !ok {
			s.Metrics.Refused("password:user")
			d.PwErrors = []page.FormError{{ID: "f-current", Label: l.T("account.current_password"), Message: l.T("account.pw.limited")}}
			return s.renderAccount(w, r, p, http.StatusTooManyRequests, d)
		}
		if !auth.CheckPassword(u.PasswordHash, r.PostForm.Get("current")) {
			d.PwErrors = append(d.PwErrors, page.FormError{ID: "f-current", Label: l.T("account.current_password"), Message: l.T("account.pw.wrong_current")})
		}
	}
	d.PwErrors = append(d.PwErrors, passwordErrors(l, r.PostForm.Get("password"), r.PostForm.Get("password2"), "f-password", "f-password2")...)
	if len(d.PwErrors) > 0 {
		return s.renderAccount(w, r, p, http.StatusUnprocessableEntity, d)
	}
	hash, err := auth.HashPassword(r.PostForm.Get("password"))
	if err != nil {
		return err
	}
	if err := s.DB.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	if err := s.DB.ResetHits(ctx, "password:user:"+strconv.FormatInt(u.ID, 10)); err != nil {
		return err
	}
	note, err := s.revokeTokens(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := s.renewSessions(ctx, w, r, u.ID); err != nil {
		return err
	}
	s.Log.Info("web: password changed", "user", u.ID)
	http.Redirect(w, r, "/konto?besked=adgangskode"+note, http.StatusSeeOther)
	return nil
}

// revokeTokens revokes a person's API tokens. It answers "-noegler" when it revoked any,
// which a confirmation's key (accountMessages) ends with to say so, and "" when there were none.
func (s *Pages) revokeTokens(ctx context.Context, user int64) (string, error) {
	n, err := s.DB.RevokeUserTokens(ctx, user)
	if err != nil || n == 0 {
		return "", err
	}
	s.Log.Info("web: API tokens revoked", "user", user, "tokens", n)
	return "-noegler", nil
}

// renewSessions ends every session of a person, this browser's too, and signs this browser
// in afresh.
func (s *Pages) renewSessions(ctx context.Context, w http.ResponseWriter, r *http.Request, user int64) error {
	if err := s.Sessions.End(ctx, w, r); err != nil {
		return err
	}
	if err := s.DB.DeleteUserSessions(ctx, user); err != nil {
		return err
	}
	_, err := s.Sessions.Start(ctx, w, user)
	return err
}

// signOutEverywhere ends all the person's sessions, this one too, and revokes their API tokens.
func (s *Pages) signOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := signedInPerson(r)
	if err != nil {
		return err
	}
	note, err := s.revokeTokens(ctx, p.User.ID)
	if err != nil {
		return err
	}
	msg := "account.out_everywhere.done"
	if note != "" {
		msg = "account.out_everywhere.done_tokens"
	}
	if err := s.DB.DeleteUserSessions(ctx, p.User.ID); err != nil {
		return err
	}
	if err := s.Sessions.End(ctx, w, r); err != nil {
		return err
	}
	s.Log.Info("web: signed out everywhere", "user", p.User.ID)
	l := page.Localizer(r)
	return s.renderNotice(w, r, http.StatusOK, noticeData{Heading: l.T("account.out_everywhere.title"), Message: l.T(msg),
		Links: []noticeLink{{Href: "/log-ind", Text: l.T("signin.link")}, {Href: "/", Text: l.T("notice.home")}}, signedOut: true})
}

// createToken makes an API token and shows it once.
func (s *Pages) createToken(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	p, err := postingPerson(w, r)
	if err != nil {
		return err
	}
	d := accountData{TokenName: trimmed(r, "name"), TokenScope: r.PostForm.Get("scope"), TokenExpires: trimmed(r, "expires")}
	if e, bad := nameError(l, "f-token-name", l.T("account.token_name"), d.TokenName, maxTokenName, "account.token.name_required"); bad {
		d.TokenErrors = append(d.TokenErrors, e)
	}
	if d.TokenScope != auth.ScopeRead && d.TokenScope != auth.ScopeWrite {
		d.TokenErrors = append(d.TokenErrors, page.FormError{ID: "f-scope-read", Label: l.T("account.token_scope"), Message: l.T("account.token.scope_required")})
	}
	expires, msg := tokenExpiry(l, d.TokenExpires, s.Now())
	if msg != "" {
		d.TokenErrors = append(d.TokenErrors, page.FormError{ID: "f-token-expires", Label: l.T("account.token_expires"), Message: msg})
	}
	if len(d.TokenErrors) > 0 {
		return s.renderAccount(w, r, p, http.StatusUnprocessableEntity, d)
	}
	token := auth.NewToken("ks_")
	if _, err := s.DB.CreateToken(ctx, p.User.ID, d.TokenName, d.TokenScope, auth.HashToken(token), expires); err != nil {
		return err
	}
	s.Log.Info("web: API token created", "user", p.User.ID, "scope", d.TokenScope)
	return s.renderAccount(w, r, p, http.StatusOK, accountData{TokenScope: auth.ScopeRead, NewToken: token, NewTokenFor: d.TokenName})
}

// tokenDays are, at now, the first day a new token may expire on (tomorrow), the day it
// expires on unless its owner chooses another, and the last day allowed; each at its start in
// Danish time, which is when a token expiring that day stops working.
func tokenDays(now time.Time) (first, def, last time.Time) {
	y, m, d := now.In(page.DanishTime).Date()
	day := func(years, days int) time.Time { return time.Date(y+years, m, d+days, 0, 0, 0, 0, page.DanishTime) }
	return day(0, 1), day(tokenYears, 0), day(maxTokenYears, 0)
}

// tokenExpiry reads the posted expiry date of a new token: the start of that day in Danish
// time; the default when none is given. A date out of range answers a message instead.
func tokenExpiry(l i18n.Localizer, date string, now time.Time) (time.Time, string) {
	first, def, last := tokenDays(now)
	if date == "" {
		return def, ""
	}
	t, err := time.ParseInLocation(dateLayout, date, page.DanishTime)
	switch {
	case err != nil:
		return time.Time{}, l.T("account.token.expires_bad")
	case t.Before(first):
		return time.Time{}, l.T("account.token.expires_past")
	case t.After(last):
		return time.Time{}, l.T("account.token.expires_late", l.Date(last))
	}
	return t, ""
}

// revokeToken revokes one of the person's tokens.
func (s *Pages) revokeToken(w http.ResponseWriter, r *http.Request) error {
	p, err := signedInPerson(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return page.ErrNotFound
	}
	if err := s.DB.RevokeToken(r.Context(), p.User.ID, id); errors.Is(err, store.ErrNotFound) {
		return page.ErrNotFound
	} else if err != nil {
		return err
	}
	s.Log.Info("web: API token revoked", "user", p.User.ID, "token", id)
	http.Redirect(w, r, "/konto?besked=tilbagekaldt#noegler", http.StatusSeeOther)
	return nil
}

// myData is what "download my data" holds.
type myData struct {
	ExportedAt  string             `json:"exported_at"`
	Profile     store.User         `json:"profile"`
	Memberships []myMembership     `json:"memberships"`
	Tokens      []store.APIToken   `json:"api_tokens"`
	Audit       []store.AuditEntry `json:"audit"`
}

type myMembership struct {
	store.Membership
	RoleName     string `json:"role_name"`
	Organisation string `json:"organisation,omitempty"`
}

// myData answers a JSON file of the person's data: profile, roles, tokens (without their
// secrets) and every change they made.
func (s *Pages) myData(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	p, err := signedInPerson(r)
	if err != nil {
		return err
	}
	u, err := s.DB.UserByID(ctx, p.User.ID)
	if err != nil {
		return err
	}
	orgs, err := s.orgNames(ctx, l)
	if err != nil {
		return err
	}
	d := myData{ExportedAt: time.Now().UTC().Format(time.RFC3339), Profile: u, Memberships: []myMembership{}, Audit: []store.AuditEntry{}}
	for _, m := range u.Memberships {
		d.Memberships = append(d.Memberships, myMembership{Membership: m, RoleName: roleName(l, m.Role), Organisation: orgs[m.OrganisationID]})
	}
	if d.Tokens, err = s.DB.Tokens(ctx, u.ID); err != nil {
		return err
	}
	q := store.AuditQuery{UserID: u.ID, Limit: store.MaxLimit}
	for {
		page, err := s.DB.Audit(ctx, q)
		if err != nil {
			return err
		}
		d.Audit = append(d.Audit, page...)
		if len(page) < store.MaxLimit {
			break
		}
		q.Before = page[len(page)-1].ID
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="klimaspor-mine-data.json"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(append(b, '\n'))
	return err
}

// noticeData is a page with one message and a few ways on: signed out, a link that no
// longer works, a refused sign-in.
type noticeData struct {
	Heading, Message string
	Alert            bool // a problem: role="alert"; otherwise role="status"
	Links            []noticeLink
	signedOut        bool // the page answers a sign-out: the header shows nobody signed in
}

type noticeLink struct{ Href, Text string }

func (s *Pages) renderNotice(w http.ResponseWriter, r *http.Request, status int, d noticeData) error {
	l := page.Localizer(r)
	title := d.Heading
	if d.Alert {
		title = l.T("form.error_title", d.Heading)
	}
	pg := s.NewPage(r, l, title)
	if d.signedOut {
		pg.User, pg.CSRF = auth.Public, ""
	}
	pg.Data = d
	w.Header().Set("Cache-Control", "no-store")
	return s.Write(w, "notice", status, pg)
}

// tokenShape reports whether a mailed token could be one of ours, before the database is asked.
func tokenShape(t string) bool {
	if len(t) < 20 || len(t) > 100 {
		return false
	}
	return strings.IndexFunc(t, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) < 0
}

// parseSmallForm reads a short posted form (page.Site.Post has read it already for a signed-in person).
func parseSmallForm(w http.ResponseWriter, r *http.Request) error {
	if r.PostForm != nil {
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return &page.StatusError{Status: http.StatusBadRequest, Err: err}
	}
	return nil
}

// postingPerson is the signed-in person of a POST, with its small form read.
func postingPerson(w http.ResponseWriter, r *http.Request) (*auth.Principal, error) {
	p, err := signedInPerson(r)
	if err != nil {
		return nil, err
	}
	return p, parseSmallForm(w, r)
}

// nameError checks a short name typed into a form (a person's, a token's): given, at most
// max characters, and text that can be stored. bad says whether e holds a message.
func nameError(l i18n.Localizer, id, label, name string, max int, requiredKey string) (e page.FormError, bad bool) {
	e = page.FormError{ID: id, Label: label}
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		e.Message = l.T(requiredKey)
	case n > max:
		e.Message = l.T("validation.too_long", l.Int(int64(max)))
	case model.TextProblem(name) != "":
		e.Message = l.T("validation.invalid_text")
	}
	return e, e.Message != ""
}
