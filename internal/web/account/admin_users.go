package account

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	klmail "klimaspor/internal/mail"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// User administration (/admin/brugere): administrators see everybody and disable, enable,
// change the roles of and delete people; administrators and the secretariat invite people.
// Only an administrator grants the administrator and secretariat roles. An administrator may
// not disable or delete themselves or give up their own administrator role, so the site
// never loses its last way in by a slip.

type adminUsersData struct {
	Users      []userRow
	ExportHere string // the list's address, for its export links
	Admin      bool   // may act on each person
	Invite     inviteForm
	Status     string // role="status"
	InviteLink string // the invitation's link, when no mail carried it (in demo mode only)
	LinkNote   string // why no mail carried the invitation, and where its link is
	// InviteOff says invitations cannot be sent: no base URL for their links (SetMail).
	InviteOff bool
}

type userRow struct {
	ID                     int64
	Email, Name, LastLogin string
	Roles                  []string
	Disabled, SSO          bool
}

type inviteForm struct {
	Email, Org, Role string
	Orgs, Roles      []page.Option
	Errors           []page.FormError
}

// adminUsersMessages are the confirmations a redirect to the list may ask for.
var adminUsersMessages = map[string]string{"slettet": "admin.msg.deleted"}

// adminUserMessages are the confirmations a redirect to one person's page may ask for.
var adminUserMessages = map[string]string{"roller": "admin.msg.roles", "deaktiveret": "admin.msg.disabled", "aktiveret": "admin.msg.enabled"}

// inviter is the reader if they may invite people: an administrator or the secretariat.
func inviter(r *http.Request) (*auth.Principal, error) {
	return readerWho(r, (*auth.Principal).Secretariat)
}

// administrator is the reader if they are an administrator.
func administrator(r *http.Request) (*auth.Principal, error) {
	return readerWho(r, (*auth.Principal).Admin)
}

// readerWho is the reader if they are signed in and may: ErrSignIn or ErrForbidden if not.
func readerWho(r *http.Request, may func(*auth.Principal) bool) (*auth.Principal, error) {
	p := page.PrincipalOf(r.Context())
	switch {
	case !p.Signed():
		return nil, auth.ErrSignIn
	case !may(p):
		return nil, auth.ErrForbidden
	}
	return p, nil
}

// grantable are the roles p may give.
func grantable(p *auth.Principal) []string {
	if p.Admin() {
		return auth.Roles
	}
	return []string{auth.RoleEditor, auth.RoleProjectLead, auth.RoleViewer}
}

func roleOptions(l i18n.Localizer, roles []string, chosen, blank string) []page.Option {
	out := []page.Option{{Value: "", Label: blank, Selected: chosen == ""}}
	for _, r := range roles {
		out = append(out, page.Option{Value: r, Label: roleName(l, r), Selected: r == chosen})
	}
	return out
}

func (s *Pages) orgChoices(r *http.Request, l i18n.Localizer, chosen string) ([]page.Option, error) {
	orgs, err := s.organisations(r.Context(), l)
	if err != nil {
		return nil, err
	}
	out := []page.Option{{Value: "", Label: l.T("admin.org_everywhere"), Selected: chosen == "" || chosen == "0"}}
	for _, o := range orgs {
		id := strconv.FormatInt(o.ID(), 10)
		out = append(out, page.Option{Value: id, Label: o.Name(l.Code()), Selected: id == chosen})
	}
	return out, nil
}

func (s *Pages) adminUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := inviter(r)
	if err != nil {
		return err
	}
	d := adminUsersData{}
	if key, ok := adminUsersMessages[r.URL.Query().Get("besked")]; ok {
		d.Status = page.Localizer(r).T(key)
	}
	return s.renderAdminUsers(w, r, p, http.StatusOK, d)
}

func (s *Pages) renderAdminUsers(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, d adminUsersData) error {
	ctx := r.Context()
	l := page.Localizer(r)
	d.Admin, d.InviteOff = p.Admin(), !s.mailLinks()
	var err error
	if d.Invite.Orgs, err = s.orgChoices(r, l, d.Invite.Org); err != nil {
		return err
	}
	d.Invite.Roles = roleOptions(l, grantable(p), d.Invite.Role, l.T("form.choose"))
	orgs, err := s.orgNames(ctx, l)
	if err != nil {
		return err
	}
	users, err := s.DB.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		d.Users = append(d.Users, userRow{ID: u.ID, Email: u.Email, Name: u.Name, LastLogin: whenText(l, u.LastLoginAt),
			Roles: roleTexts(l, orgs, u.Memberships), Disabled: u.Disabled, SSO: u.OIDCSubject != ""})
	}
	if ex, err := page.ExportOf(r); err != nil {
		return err
	} else if ex != nil {
		return page.SendExport(w, l, ex, usersExport(l, d, ex.List))
	}
	d.ExportHere = r.URL.RequestURI()
	title := l.T("admin.users.title")
	if len(d.Invite.Errors) > 0 {
		title = l.T("form.error_title", title)
	}
	pg := s.NewPage(r, l, title)
	pg.Nav = "admin"
	pg.Data = d
	w.Header().Set("Cache-Control", "no-store") // may show an invitation's link
	return s.Write(w, "admin_users", status, pg)
}

// parseMembership reads one organisation and role; the organisation is 0 for everywhere.
// The administrator role always holds everywhere; the organisations' own roles need one.
func parseMembership(l i18n.Localizer, orgs map[int64]string, org, role string) (store.Membership, string) {
	m := store.Membership{Role: role}
	if org != "" && org != "0" {
		id, err := strconv.ParseInt(org, 10, 64)
		if err != nil || orgs[id] == "" {
			return m, l.T("admin.bad_org")
		}
		m.OrganisationID = id
	}
	switch role {
	case auth.RoleAdmin:
		m.OrganisationID = 0
	case auth.RoleSecretariat:
	case auth.RoleEditor, auth.RoleProjectLead, auth.RoleViewer:
		if m.OrganisationID == 0 {
			return m, l.T("admin.org_needed")
		}
	default:
		return m, l.T("admin.bad_role")
	}
	return m, ""
}

// invite makes an invitation and mails its link. A link no mail carried is written to the
// log, and shown on the page in demo mode only.
func (s *Pages) invite(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	p, err := inviter(r)
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	if !s.mailLinks() {
		return s.renderAdminUsers(w, r, p, http.StatusServiceUnavailable, adminUsersData{})
	}
	f := inviteForm{Email: trimmed(r, "email"), Org: r.PostForm.Get("org"), Role: r.PostForm.Get("role")}
	if slices.Contains(auth.Roles, f.Role) && !slices.Contains(grantable(p), f.Role) {
		// The form does not offer these roles to the secretariat.
		return &page.StatusError{Status: http.StatusForbidden, Err: fmt.Errorf("web: %s may not grant %s", p.Label(), f.Role)}
	}
	email := store.NormalEmail(f.Email)
	switch {
	case !validEmail(email):
		f.Errors = append(f.Errors, page.FormError{ID: "f-invite-email", Label: l.T("signin.email"), Message: l.T("reset.bad_email")})
	case email == p.User.Email:
		// Nobody grants themselves a role; invitation.go refuses such an invitation too.
		f.Errors = append(f.Errors, page.FormError{ID: "f-invite-email", Label: l.T("signin.email"), Message: l.T("admin.invite_self")})
	}
	orgs, err := s.orgNames(ctx, l)
	if err != nil {
		return err
	}
	var m store.Membership
	if f.Role == "" {
		f.Errors = append(f.Errors, page.FormError{ID: "f-invite-role", Label: l.T("admin.role"), Message: l.T("admin.bad_role")})
	} else if mm, msg := parseMembership(l, orgs, f.Org, f.Role); msg != "" {
		f.Errors = append(f.Errors, page.FormError{ID: "f-invite-org", Label: l.T("admin.organisation"), Message: msg})
	} else {
		m = mm
	}
	existing, err := s.DB.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	case existing.Disabled:
		f.Errors = append(f.Errors, page.FormError{ID: "f-invite-email", Label: l.T("signin.email"), Message: l.T("admin.invite_disabled")})
	case slices.Contains(existing.Memberships, m):
		f.Errors = append(f.Errors, page.FormError{ID: "f-invite-role", Label: l.T("admin.role"), Message: l.T("admin.invite_has_role")})
	}
	if len(f.Errors) > 0 {
		return s.renderAdminUsers(w, r, p, http.StatusUnprocessableEntity, adminUsersData{Invite: f})
	}
	token := auth.NewToken("")
	if err := s.DB.CreateMailToken(ctx, auth.HashToken(token), store.MailToken{Kind: "invite", Email: email, OrganisationID: m.OrganisationID,
		Role: m.Role, CreatedBy: p.User.ID, ExpiresAt: time.Now().Add(inviteLifetime)}); err != nil {
		return err
	}
	// The link says nothing of the address's account: the invitation page decides from the
	// accounts as they are when it is opened (invite.go).
	link := s.linkTo("/invitation?" + url.Values{"token": {token}}.Encode())
	s.Log.Info("web: invitation made", "by", p.User.ID, "role", m.Role, "organisation", m.OrganisationID)
	d := adminUsersData{}
	var demoNote, note string
	if mailLogsOnly(s.mailer) {
		demoNote, note = l.T("admin.invite_no_mail", email), l.T("admin.invite_no_mail_logged", email)
	} else if err := s.send(ctx, s.inviteMail(r, l, p, m, email, link)); err != nil {
		s.Log.Error("web: invitation mail failed", "err", err)
		demoNote, note = l.T("admin.invite_mail_failed", email), l.T("admin.invite_failed_logged", email)
	} else {
		d.Status = l.T("admin.invite_sent", email)
	}
	if note != "" {
		s.Log.Warn("web: invitation not mailed; pass its link on", "to", email, "link", link)
		d.LinkNote = note
		if s.demo {
			d.InviteLink, d.LinkNote = link, demoNote
		}
	}
	return s.renderAdminUsers(w, r, p, http.StatusOK, d)
}

// inviteMail is the invitation, in the inviter's language first and then in the other.
func (s *Pages) inviteMail(r *http.Request, l i18n.Localizer, p *auth.Principal, m store.Membership, to, link string) klmail.Message {
	who := p.User.Name
	if who == "" {
		who = p.User.Email
	}
	days := int(inviteLifetime.Hours() / 24)
	body := func(l i18n.Localizer) string {
		orgs, err := s.orgNames(r.Context(), l)
		if err != nil {
			s.Log.Warn("web: organisation names for a mail", "err", err)
		}
		return l.T("invite.mail.body", who, roleText(l, orgs, m), link, days)
	}
	other := i18n.For(l.Lang.Other())
	return klmail.Message{To: to, Subject: l.T("invite.mail.subject") + " / " + other.T("invite.mail.subject"),
		Body: body(l) + "\n\n----\n\n" + body(other)}
}

type adminUserData struct {
	View                            string // "edit" or "delete"
	ID                              int64
	Email, Name, Created, LastLogin string
	Disabled, SSO, Self             bool
	Roles                           []string
	Rows                            []membershipRow
	Errors                          []page.FormError
	Status                          string
	Pseudonym                       string
}

// membershipRow is one organisation and role of the roles form.
type membershipRow struct {
	N     int
	Orgs  []page.Option
	Roles []page.Option
	Error string
}

// userOf is the person of the path's {id}, or 404.
func (s *Pages) userOf(r *http.Request) (store.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.User{}, page.ErrNotFound
	}
	u, err := s.DB.UserByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Deleted) {
		return store.User{}, page.ErrNotFound
	}
	return u, err
}

// adminAndUser is the reader, if an administrator, and the person the path names.
func (s *Pages) adminAndUser(r *http.Request) (*auth.Principal, store.User, error) {
	p, err := administrator(r)
	if err != nil {
		return nil, store.User{}, err
	}
	u, err := s.userOf(r)
	return p, u, err
}

func (s *Pages) adminUser(w http.ResponseWriter, r *http.Request) error {
	p, u, err := s.adminAndUser(r)
	if err != nil {
		return err
	}
	d := adminUserData{View: "edit"}
	if key, ok := adminUserMessages[r.URL.Query().Get("besked")]; ok {
		d.Status = page.Localizer(r).T(key)
	}
	return s.renderAdminUser(w, r, p, u, http.StatusOK, d, nil)
}

func (s *Pages) adminUserDelete(w http.ResponseWriter, r *http.Request) error {
	p, u, err := s.adminAndUser(r)
	if err != nil {
		return err
	}
	return s.renderAdminUser(w, r, p, u, http.StatusOK, adminUserData{View: "delete"}, nil)
}

// renderAdminUser shows a person's page; rows are the roles form's rows as posted, or nil
// for the stored roles.
func (s *Pages) renderAdminUser(w http.ResponseWriter, r *http.Request, p *auth.Principal, u store.User, status int, d adminUserData, rows [][2]string) error {
	l := page.Localizer(r)
	orgs, err := s.orgNames(r.Context(), l)
	if err != nil {
		return err
	}
	d.ID, d.Email, d.Name = u.ID, u.Email, u.Name
	d.Created, d.LastLogin = whenText(l, u.CreatedAt), whenText(l, u.LastLoginAt)
	d.Disabled, d.SSO, d.Self = u.Disabled, u.OIDCSubject != "", u.ID == p.User.ID
	d.Roles = roleTexts(l, orgs, u.Memberships)
	d.Pseudonym = pseudonym(u.ID)
	if rows == nil {
		for _, m := range u.Memberships {
			rows = append(rows, [2]string{strconv.FormatInt(m.OrganisationID, 10), m.Role})
		}
		rows = append(rows, [2]string{"", ""}) // a blank row adds a role
	}
	for i, row := range rows {
		oo, err := s.orgChoices(r, l, row[0])
		if err != nil {
			return err
		}
		mr := membershipRow{N: i + 1, Orgs: oo, Roles: roleOptions(l, auth.Roles, row[1], l.T("admin.role_none"))}
		for _, e := range d.Errors {
			if e.ID == fmt.Sprintf("f-org-%d", i+1) {
				mr.Error = e.Message
			}
		}
		d.Rows = append(d.Rows, mr)
	}
	title := l.T("admin.user.title", u.Email)
	if d.View == "delete" {
		title = l.T("admin.delete.title", u.Email)
	}
	if len(d.Errors) > 0 {
		title = l.T("form.error_title", title)
	}
	pg := s.NewPage(r, l, title)
	pg.Nav = "admin"
	pg.Data = d
	return s.Write(w, "admin_user", status, pg)
}

func pseudonym(id int64) string { return "slettet-bruger-" + strconv.FormatInt(id, 10) }

// adminUserStatus disables or enables a person; disabling ends their sessions.
func (s *Pages) adminUserStatus(w http.ResponseWriter, r *http.Request) error {
	p, u, err := s.adminAndUser(r)
	if err != nil {
		return err
	}
	disable := r.PostForm.Get("disabled") == "1"
	if u.ID == p.User.ID && disable {
		loc := page.Localizer(r)
		return s.renderAdminUser(w, r, p, u, http.StatusUnprocessableEntity, adminUserData{View: "edit",
			Errors: []page.FormError{{ID: "f-disable", Label: loc.T("admin.disable"), Message: loc.T("admin.not_yourself")}}}, nil)
	}
	if err := s.DB.SetDisabled(r.Context(), u.ID, disable); err != nil {
		return err
	}
	msg := "aktiveret"
	if disable {
		msg = "deaktiveret"
	}
	s.Log.Info("web: user "+msg, "user", u.ID, "by", p.User.ID)
	http.Redirect(w, r, fmt.Sprintf("/admin/brugere/%d?besked=%s", u.ID, msg), http.StatusSeeOther)
	return nil
}

// adminUserRoles replaces a person's roles with the form's rows; a row without a role is
// dropped.
func (s *Pages) adminUserRoles(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	loc := page.Localizer(r)
	p, u, err := s.adminAndUser(r)
	if err != nil {
		return err
	}
	orgs, err := s.orgNames(ctx, loc)
	if err != nil {
		return err
	}
	orgVals, roleVals := r.PostForm["org"], r.PostForm["role"]
	if len(orgVals) != len(roleVals) || len(roleVals) > 50 {
		return &page.StatusError{Status: http.StatusBadRequest, Err: errors.New("web: the roles form's rows do not pair up")}
	}
	var ms []store.Membership
	var errs []page.FormError
	var rows [][2]string
	for i := range roleVals {
		rows = append(rows, [2]string{orgVals[i], roleVals[i]})
		if roleVals[i] == "" {
			continue
		}
		m, msg := parseMembership(loc, orgs, orgVals[i], roleVals[i])
		if msg != "" {
			errs = append(errs, page.FormError{ID: fmt.Sprintf("f-org-%d", i+1), Label: loc.T("admin.row", i+1), Message: msg})
			continue
		}
		ms = append(ms, m)
	}
	if u.ID == p.User.ID {
		// Administrators may give up roles of their own, but neither add one nor the
		// administrator role itself.
		for _, m := range ms {
			if !slices.Contains(u.Memberships, m) {
				errs = append(errs, page.FormError{ID: "f-org-1", Label: loc.T("admin.roles"), Message: loc.T("admin.no_own_roles")})
				break
			}
		}
		if !slices.Contains(ms, store.Membership{Role: auth.RoleAdmin}) {
			errs = append(errs, page.FormError{ID: "f-org-1", Label: loc.T("admin.roles"), Message: loc.T("admin.keep_own_admin")})
		}
	}
	if len(errs) > 0 {
		return s.renderAdminUser(w, r, p, u, http.StatusUnprocessableEntity, adminUserData{View: "edit", Errors: errs}, rows)
	}
	if err := s.DB.SetMemberships(ctx, u.ID, ms); err != nil {
		return err
	}
	s.Log.Info("web: roles changed", "user", u.ID, "by", p.User.ID, "roles", len(ms))
	http.Redirect(w, r, fmt.Sprintf("/admin/brugere/%d?besked=roller", u.ID), http.StatusSeeOther)
	return nil
}

// adminUserDeleted deletes a person: their personal data go, their row stays under a
// pseudonym so the audit trail still tells their changes apart.
func (s *Pages) adminUserDeleted(w http.ResponseWriter, r *http.Request) error {
	p, u, err := s.adminAndUser(r)
	if err != nil {
		return err
	}
	if u.ID == p.User.ID {
		loc := page.Localizer(r)
		return s.renderAdminUser(w, r, p, u, http.StatusUnprocessableEntity, adminUserData{View: "delete",
			Errors: []page.FormError{{ID: "f-delete", Label: loc.T("admin.delete"), Message: loc.T("admin.not_yourself")}}}, nil)
	}
	if err := s.DB.DeleteUser(r.Context(), u.ID, pseudonym(u.ID)); err != nil {
		return err
	}
	s.Log.Info("web: user deleted", "user", u.ID, "by", p.User.ID)
	http.Redirect(w, r, "/admin/brugere?besked=slettet", http.StatusSeeOther)
	return nil
}

// listUsers is the user list's name in the export query.
const listUsers = "brugere"

// usersExport is the user list as a file.
func usersExport(l i18n.Localizer, d adminUsersData, list string) *page.Export {
	if list != listUsers {
		return nil
	}
	x := &page.Export{List: list, Columns: []string{l.T("signin.email"), l.T("account.name"), l.T("account.roles"), l.T("admin.state"), l.T("account.last_login")}}
	for _, u := range d.Users {
		state := l.T("admin.active")
		if u.Disabled {
			state = l.T("admin.disabled")
		}
		x.Add(sheet.Text(u.Email), sheet.Text(u.Name), sheet.Text(strings.Join(u.Roles, "; ")), sheet.Text(state), sheet.Text(u.LastLogin))
	}
	return x
}
