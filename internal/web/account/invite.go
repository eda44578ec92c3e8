package account

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// Accepting an invitation (/invitation?token=…). The token works once and for seven days.
// Whoever holds the link may be the invited person or someone who saw it on its way (the
// inviter, in demo mode), so the link alone never signs anyone in as an account that exists:
//
//   - an address without an account: the person gives a name and a password, the account is
//     made with the role, and they are signed in;
//   - an address with an account (with a password, a single sign-on identity or neither, also
//     one made after the invitation was sent): its owner first signs in their own way, then
//     accepts, and the role is added to the signed-in account.
//
// Which of the two the page asks is decided from the invitation and the accounts as they are
// now, never from the link. An invitation grants only what its sender may still grant, and
// never to its sender.

type inviteData struct {
	Token    string
	Role     string // the role the invitation gives, in words
	Existing bool   // the address has an account: its owner accepts, signed in as it
	Email    string // the invited address
	SignIn   string // the sign-in page that returns here, when the reader is not signed in
	Other    string // the address the reader is signed in with, when it is another account
	Name     string
	Errors   []page.FormError
	// MinPassword is the shortest password, for the hint.
	MinPassword int
}

// invitationRefused is why an invitation cannot be taken up, by anyone: a status and the
// message's key.
type invitationRefused struct {
	status int
	key    string
}

// invitation reads the unspent invitation token is for, and the account its address has now
// (ID 0 if none). A refusal says why nobody may take it up.
func (s *Pages) invitation(ctx context.Context, token string) (store.MailToken, store.User, *invitationRefused, error) {
	gone := &invitationRefused{http.StatusGone, "link.bad_invite"}
	if !tokenShape(token) {
		return store.MailToken{}, store.User{}, &invitationRefused{http.StatusBadRequest, "link.bad_invite"}, nil
	}
	t, err := s.DB.MailToken(ctx, "invite", auth.HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return t, store.User{}, gone, nil
	}
	if err != nil {
		return t, store.User{}, nil, err
	}
	// Someone disabled, deleted or stripped of the right since sending it no longer gives the role.
	if !s.mayStillGrant(ctx, t.CreatedBy, t.Role) {
		s.Log.Warn("web: invitation refused: its sender may no longer grant the role", "invited_by", t.CreatedBy, "role", t.Role)
		return t, store.User{}, gone, nil
	}
	u, err := s.DB.UserByEmail(ctx, t.Email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return t, store.User{}, nil, nil
	case err != nil:
		return t, u, nil, err
	case u.ID == t.CreatedBy:
		s.Log.Warn("web: invitation refused: it is to its sender", "user", u.ID)
		return t, u, &invitationRefused{http.StatusForbidden, "invite.self"}, nil
	case u.Disabled:
		return t, u, &invitationRefused{http.StatusForbidden, "invite.disabled"}, nil
	}
	return t, u, nil, nil
}

func (s *Pages) refuseInvitation(w http.ResponseWriter, r *http.Request, why *invitationRefused) error {
	return s.badLink(w, r, why.status, why.key, "/log-ind", page.Localizer(r).T("invite.ask_again"))
}

// renderInvite shows the invitation's page: the new account's form, the way to sign in as
// the invited account, or the invited account's accept button.
func (s *Pages) renderInvite(w http.ResponseWriter, r *http.Request, status int, t store.MailToken, u store.User, d inviteData) error {
	l := page.Localizer(r)
	orgs, err := s.orgNames(r.Context(), l)
	if err != nil {
		return err
	}
	d.Role = roleText(l, orgs, store.Membership{OrganisationID: t.OrganisationID, Role: t.Role})
	d.Email, d.Existing = t.Email, u.ID != 0
	if p := page.PrincipalOf(r.Context()); d.Existing && p.User.ID != u.ID {
		if p.Signed() {
			d.Other = p.User.Email
		} else {
			d.SignIn = page.SignInURL("/invitation?token=" + d.Token)
		}
	}
	title := l.T("invite.title")
	if len(d.Errors) > 0 || status >= 400 {
		title = l.T("form.error_title", title)
	}
	d.MinPassword = auth.MinPasswordLength
	p := s.NewPage(r, l, title)
	p.Data = d
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the address holds a token
	return s.Write(w, "invite", status, p)
}

// invitationPage shows an invitation; the token is spent only by accepting.
func (s *Pages) invitationPage(w http.ResponseWriter, r *http.Request) error {
	d := inviteData{Token: r.URL.Query().Get("token")}
	t, u, why, err := s.invitation(r.Context(), d.Token)
	if err != nil {
		return err
	}
	if why != nil {
		return s.refuseInvitation(w, r, why)
	}
	return s.renderInvite(w, r, http.StatusOK, t, u, d)
}

// acceptInvitation takes up an invitation: it makes the account and signs its person in, or
// adds the role to the invited account when its owner is the one signed in.
func (s *Pages) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	d := inviteData{Token: r.PostForm.Get("token"), Name: trimmed(r, "name")}
	t, u, why, err := s.invitation(r.Context(), d.Token)
	if err != nil {
		return err
	}
	if why != nil {
		return s.refuseInvitation(w, r, why)
	}
	if u.ID != 0 {
		return s.acceptForAccount(w, r, t, u, d)
	}
	return s.acceptWithNewAccount(w, r, t, d)
}

// acceptForAccount adds the invitation's role to the account its address has, if the reader
// is signed in as that account; anyone else is shown the way to sign in and nothing changes.
func (s *Pages) acceptForAccount(w http.ResponseWriter, r *http.Request, t store.MailToken, u store.User, d inviteData) error {
	ctx := r.Context()
	if by := page.PrincipalOf(ctx).User.ID; by != u.ID {
		s.Log.Warn("web: invitation to an account refused: the reader is not signed in as it", "user", u.ID, "reader", by)
		return s.renderInvite(w, r, http.StatusForbidden, t, u, d)
	}
	if ok, err := s.spendInvitation(w, r, d.Token); !ok || err != nil {
		return err
	}
	m := store.Membership{OrganisationID: t.OrganisationID, Role: t.Role}
	if !slices.Contains(u.Memberships, m) {
		if err := s.DB.SetMemberships(ctx, u.ID, append(u.Memberships, m)); err != nil {
			return err
		}
	}
	s.Log.Info("web: invitation accepted by its account", "user", u.ID, "invited_by", t.CreatedBy)
	http.Redirect(w, r, "/konto?besked=velkommen", http.StatusSeeOther)
	return nil
}

// acceptWithNewAccount makes the invited address's account with the name and password given
// and signs its person in.
func (s *Pages) acceptWithNewAccount(w http.ResponseWriter, r *http.Request, t store.MailToken, d inviteData) error {
	ctx := r.Context()
	l := page.Localizer(r)
	pw := r.PostForm.Get("password")
	// Checked before the token is spent, so a mistake does not cost the invitation.
	if e, bad := nameError(l, "f-name", l.T("account.name"), d.Name, maxPersonName, "invite.name_required"); bad {
		d.Errors = append(d.Errors, e)
	}
	d.Errors = append(d.Errors, passwordErrors(l, pw, r.PostForm.Get("password2"), "f-password", "f-password2")...)
	if len(d.Errors) > 0 {
		return s.renderInvite(w, r, http.StatusUnprocessableEntity, t, store.User{}, d)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if ok, err := s.spendInvitation(w, r, d.Token); !ok || err != nil {
		return err
	}
	u, err := s.DB.CreateUser(ctx, store.User{Email: t.Email, Name: d.Name, PasswordHash: hash,
		Memberships: []store.Membership{{OrganisationID: t.OrganisationID, Role: t.Role}}})
	if errors.Is(err, store.ErrDuplicate) {
		// The address got an account between reading the invitation and spending it.
		return s.refuseInvitation(w, r, &invitationRefused{http.StatusConflict, "link.bad_invite"})
	}
	if err != nil {
		return err
	}
	s.Log.Info("web: invitation accepted, account made", "user", u.ID, "invited_by", t.CreatedBy)
	// A new session: whoever was signed in in this browser is signed out.
	if err := s.Sessions.End(ctx, w, r); err != nil {
		return err
	}
	if _, err := s.Sessions.Start(ctx, w, u.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/konto?besked=velkommen", http.StatusSeeOther)
	return nil
}

// spendInvitation spends the token; when another request spent it first it answers so and
// reports false.
func (s *Pages) spendInvitation(w http.ResponseWriter, r *http.Request, token string) (bool, error) {
	_, err := s.DB.UseMailToken(r.Context(), "invite", auth.HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return false, s.refuseInvitation(w, r, &invitationRefused{http.StatusGone, "link.bad_invite"})
	}
	return err == nil, err
}

// mayStillGrant reports whether the person who sent an invitation may still give role.
func (s *Pages) mayStillGrant(ctx context.Context, by int64, role string) bool {
	u, err := s.DB.UserByID(ctx, by)
	if err != nil || u.Disabled || u.Deleted {
		return false
	}
	p := &auth.Principal{User: u}
	return p.Secretariat() && slices.Contains(grantable(p), role)
}
