// Package account serves the pages of people's accounts: signing in and out (signin.go),
// single sign-on (sso.go), your account and API tokens (account.go), password reset
// (reset.go), invitations (invite.go) and the administration of users (admin_users.go).
package account

import (
	"embed"
	"net/http"

	"klimaspor/internal/mail"
	"klimaspor/internal/oidc"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the account pages on the shared site.
type Pages struct {
	*page.Site
	oidc *oidc.Client // single sign-on; nil when not configured
	// mailer sends password resets and invitations (SetMail); nil sends nothing. baseURL
	// begins the links in them; with "" no such mail is sent.
	mailer  mail.Sender
	baseURL string
	demo    bool   // demo mode (SetDemo): invitation links not mailed are shown on the page
	ssoForm string // the single sign-on provider's origin, allowed as a form target (sso.go)
}

// New parses the account pages' templates into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.Parse(templateFS, "signin", "account", "reset", "invite", "admin_users", "admin_user", "notice"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Routes adds the account pages to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /log-ind", s.Handle(s.signInPage))
	mux.Handle("POST /log-ind", s.Post(s.signIn))
	mux.Handle("POST /log-ud", s.Post(s.signOut))
	mux.Handle("POST /log-ind/sso", s.Post(s.ssoStart))
	mux.Handle("GET /log-ind/sso/retur", s.Handle(s.ssoReturn))
	mux.Handle("GET /konto", s.Handle(s.accountPage))
	mux.Handle("GET /konto/data", s.Handle(s.myData))
	mux.Handle("POST /konto/adgangskode", s.Post(s.changePassword))
	mux.Handle("POST /konto/log-ud-overalt", s.Post(s.signOutEverywhere))
	mux.Handle("POST /konto/noegler", s.Post(s.createToken))
	mux.Handle("POST /konto/noegler/{id}/tilbagekald", s.Post(s.revokeToken))
	mux.Handle("GET /glemt-adgangskode", s.Handle(s.forgotPage))
	mux.Handle("POST /glemt-adgangskode", s.Post(s.forgot))
	mux.Handle("GET /nulstil", s.Handle(s.resetPage))
	mux.Handle("POST /nulstil", s.Post(s.reset))
	mux.Handle("GET /invitation", s.Handle(s.invitationPage))
	mux.Handle("POST /invitation", s.Post(s.acceptInvitation))
	mux.Handle("GET /admin/brugere", s.Handle(s.adminUsers))
	mux.Handle("POST /admin/brugere/inviter", s.Post(s.invite))
	mux.Handle("GET /admin/brugere/{id}", s.Handle(s.adminUser))
	mux.Handle("POST /admin/brugere/{id}/status", s.Post(s.adminUserStatus))
	mux.Handle("POST /admin/brugere/{id}/roller", s.Post(s.adminUserRoles))
	mux.Handle("GET /admin/brugere/{id}/slet", s.Handle(s.adminUserDelete))
	mux.Handle("POST /admin/brugere/{id}/slet", s.Post(s.adminUserDeleted))
}
