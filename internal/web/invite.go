package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"unicode/utf8"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Accepting an invitation (/invitation?token=…): a new person gives their name and a
// password; a person who has an account already (the link then says konto=1) only accepts.
// The token works once and for seven days; accepting signs the person in.

type inviteData struct {
	Token    string
	Existing bool // the address had an account when invited
	Name     string
	Errors   []formError
	// MinPassword is the shortest password, for the hint.
	MinPassword int
}

func (s *Server) renderInvite(w http.ResponseWriter, r *http.Request, status int, d inviteData) error {
	l := s.localizer(r)
	title := l.T("invite.title")
	if len(d.Errors) > 0 {
		title = l.T("form.error_title", title)
	}
	d.MinPassword = auth.MinPasswordLength
	p := s.newPage(r, l, title)
	p.Data = d
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the address holds a token
	return s.write(w, "invite", status, p)
}

// invitationPage shows the form of an invitation; the token is spent only by the form.
func (s *Server) invitationPage(w http.ResponseWriter, r *http.Request) error {
	l := s.localizer(r)
	q := r.URL.Query()
	if !tokenShape(q.Get("token")) {
		return s.badLink(w, r, http.StatusBadRequest, "link.bad_invite", "/log-ind", l.T("invite.ask_again"))
	}
	return s.renderInvite(w, r, http.StatusOK, inviteData{Token: q.Get("token"), Existing: q.Get("konto") == "1"})
}

// acceptInvitation spends the token, makes the account (or adds the role to the account the
// address has) and signs the person in.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := s.localizer(r)
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	d := inviteData{Token: r.PostForm.Get("token"), Existing: r.PostForm.Get("konto") == "1", Name: trimmed(r, "name")}
	if !tokenShape(d.Token) {
		return s.badLink(w, r, http.StatusBadRequest, "link.bad_invite", "/log-ind", l.T("invite.ask_again"))
	}
	pw := r.PostForm.Get("password")
	if !d.Existing {
		// Checked before the token is spent, so a mistake does not cost the invitation.
		switch n := utf8.RuneCountInString(d.Name); {
		case n == 0:
			d.Errors = append(d.Errors, formError{ID: "f-name", Label: l.T("account.name"), Message: l.T("invite.name_required")})
		case n > maxPersonName:
			d.Errors = append(d.Errors, formError{ID: "f-name", Label: l.T("account.name"), Message: l.T("validation.too_long", l.Int(int64(maxPersonName)))})
		case model.TextProblem(d.Name) != "":
			d.Errors = append(d.Errors, formError{ID: "f-name", Label: l.T("account.name"), Message: l.T("validation.invalid_text")})
		}
		d.Errors = append(d.Errors, passwordErrors(l, pw, r.PostForm.Get("password2"), "f-password", "f-password2")...)
		if len(d.Errors) > 0 {
			return s.renderInvite(w, r, http.StatusUnprocessableEntity, d)
		}
	}
	t, err := s.db.UseMailToken(ctx, "invite", auth.HashToken(d.Token))
	if errors.Is(err, store.ErrNotFound) {
		return s.badLink(w, r, http.StatusGone, "link.bad_invite", "/log-ind", l.T("invite.ask_again"))
	}
	if err != nil {
		return err
	}
	// The invitation grants only what its sender may still grant: someone disabled, deleted or
	// stripped of the right since sending it can no longer give the role.
	if !s.mayStillGrant(ctx, t.CreatedBy, t.Role) {
		s.log.Warn("web: invitation refused: its sender may no longer grant the role", "invited_by", t.CreatedBy, "role", t.Role)
		return s.badLink(w, r, http.StatusGone, "link.bad_invite", "/log-ind", l.T("invite.ask_again"))
	}
	m := store.Membership{OrganisationID: t.OrganisationID, Role: t.Role}
	u, err := s.db.UserByEmail(ctx, t.Email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		nu := store.User{Email: t.Email, Name: d.Name, Memberships: []store.Membership{m}}
		if !d.Existing {
			if nu.PasswordHash, err = auth.HashPassword(pw); err != nil {
				return err
			}
		}
		// An account made from a konto=1 link (its account was deleted since) has no
		// password; the person sets one on their account page or signs in by single sign-on.
		if u, err = s.db.CreateUser(ctx, nu); err != nil {
			return err
		}
		s.log.Info("web: invitation accepted, account made", "user", u.ID, "invited_by", t.CreatedBy)
	case err != nil:
		return err
	case u.Disabled:
		return s.renderNotice(w, r, http.StatusForbidden, noticeData{Heading: l.T("invite.title"), Message: l.T("invite.disabled"), Alert: true,
			Links: []noticeLink{{Href: "/", Text: l.T("notice.home")}}})
	default:
		if !slices.Contains(u.Memberships, m) {
			if err := s.db.SetMemberships(ctx, u.ID, append(u.Memberships, m)); err != nil {
				return err
			}
		}
		s.log.Info("web: invitation accepted by an account", "user", u.ID, "invited_by", t.CreatedBy)
	}
	// A new session: whoever was signed in in this browser is signed out.
	if err := s.sessions.End(ctx, w, r); err != nil {
		return err
	}
	if _, err := s.sessions.Start(ctx, w, u.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/konto?besked=velkommen", http.StatusSeeOther)
	return nil
}

// mayStillGrant reports whether the person who sent an invitation may still give role.
func (s *Server) mayStillGrant(ctx context.Context, by int64, role string) bool {
	u, err := s.db.UserByID(ctx, by)
	if err != nil || u.Disabled || u.Deleted {
		return false
	}
	p := &auth.Principal{User: u}
	return p.Secretariat() && slices.Contains(grantable(p), role)
}
