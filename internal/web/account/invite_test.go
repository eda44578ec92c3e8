package account_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/mail"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

var inviteLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+(/invitation\?[^\s"]+)`)

// TestInvitation: an administrator invites, the mail carries the link, the invited person
// makes their account with it once and is signed in; a person with an account signs in and
// accepts.
func TestInvitation(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	ms := withMail(t, s, ts.URL)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := strconv.FormatInt(kbh.ID(), 10)
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")

	page := sitetest.Fetch(t, ts.URL+"/admin/brugere", admin, "")
	if page.Status != 200 || !strings.Contains(page.Body, `action="/admin/brugere/inviter"`) || !strings.Contains(page.Body, `<option value="admin">Administrator</option>`) {
		t.Fatalf("GET /admin/brugere: %d", page.Status)
	}
	sitetest.CheckPage(t, page, "da")

	f := sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"Ny@KK.dk"}, "role": {auth.RoleEditor}, "org": {kbhID}}, admin)
	if f.Status != 200 || !strings.Contains(f.Body, "Invitationen er sendt til ny@kk.dk.") || strings.Contains(f.Body, "/invitation?token=") {
		t.Fatalf("invite: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	m := ms.WaitFor(t, 1, 5*time.Second)[0]
	link := inviteLink.FindStringSubmatch(m.Body)
	if len(m.To) != 1 || m.To[0] != "ny@kk.dk" || link == nil || !strings.Contains(m.Body, "Redaktør – København") ||
		!strings.Contains(m.Body, "with the role: Editor – Copenhagen") || !strings.Contains(subjectOf(t, m), "Invitation til Klimaspor") {
		t.Fatalf("the mail: to %v, body %q", m.To, m.Body)
	}

	g := sitetest.Fetch(t, ts.URL+link[1], sitetest.ActDA, "")
	if g.Status != 200 || !strings.Contains(g.Body, `id="f-name"`) || !strings.Contains(g.Body, `id="f-password2"`) {
		t.Fatalf("GET the invitation: %d", g.Status)
	}
	sitetest.CheckPage(t, g, "da")
	token, _ := url.ParseQuery(strings.TrimPrefix(link[1], "/invitation?"))
	const pw = "min første lange adgangskode"
	bad := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}, "name": {""}, "password": {pw}, "password2": {pw + "!"}}, sitetest.ActDA)
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Skriv dit navn.") || !strings.Contains(bad.Body, "De to adgangskoder er ikke ens.") {
		t.Errorf("a bad form: %d", bad.Status)
	}
	sitetest.CheckPage(t, bad, "da")
	ok := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}, "name": {"Nina Ny"}, "password": {pw}, "password2": {pw}}, sitetest.ActDA)
	if ok.Status != http.StatusSeeOther || ok.Header.Get("Location") != "/konto?besked=velkommen" {
		t.Fatalf("accept: %d to %q", ok.Status, ok.Header.Get("Location"))
	}
	u, err := s.DB.UserByEmail(ctx, "ny@kk.dk")
	if err != nil || u.Name != "Nina Ny" || !auth.CheckPassword(u.PasswordHash, pw) ||
		!slices.Equal(u.Memberships, []store.Membership{{OrganisationID: kbh.ID(), Role: auth.RoleEditor}}) {
		t.Fatalf("the new account: %+v, %v", u, err)
	}
	me := newSession(s, ok, "da")
	if me == nil || sitetest.UserOf(t, s.DB, me).ID != u.ID {
		t.Fatal("accepting does not sign the person in")
	}
	if p := sitetest.Fetch(t, ts.URL+"/konto?besked=velkommen", me, ""); !strings.Contains(p.Body, "Velkommen") {
		t.Error("no welcome")
	}
	again := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}, "name": {"Igen"}, "password": {pw}, "password2": {pw}}, sitetest.ActDA)
	if again.Status != http.StatusGone || !strings.Contains(again.Body, "Invitationen er udløbet, er allerede brugt") {
		t.Errorf("the link a second time: %d", again.Status)
	}

	// The address has an account: its owner signs in and accepts, and the role is added.
	f = sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"ny@kk.dk"}, "role": {auth.RoleProjectLead}, "org": {kbhID}}, admin)
	if f.Status != 200 {
		t.Fatalf("invite an account: %d", f.Status)
	}
	link = inviteLink.FindStringSubmatch(ms.WaitFor(t, 2, 5*time.Second)[1].Body)
	if link == nil {
		t.Fatal("no link for an account")
	}
	g = sitetest.Fetch(t, ts.URL+link[1], sitetest.ActEN, "")
	if g.Status != 200 || strings.Contains(g.Body, `id="f-password"`) || !strings.Contains(g.Body, "The address ny@kk.dk has an account already") ||
		!strings.Contains(g.Body, "Sign in as ny@kk.dk") {
		t.Errorf("GET the account's invitation, not signed in: %d", g.Status)
	}
	sitetest.CheckPage(t, g, "en")
	me["Accept-Language"] = "en"
	g = sitetest.Fetch(t, ts.URL+link[1], me, "")
	if g.Status != 200 || strings.Contains(g.Body, `id="f-password"`) || !strings.Contains(g.Body, "You are signed in as ny@kk.dk") ||
		!strings.Contains(g.Body, "Project lead – Copenhagen") {
		t.Errorf("GET the account's invitation, signed in: %d", g.Status)
	}
	sitetest.CheckPage(t, g, "en")
	token, _ = url.ParseQuery(strings.TrimPrefix(link[1], "/invitation?"))
	if f := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}}, me); f.Status != http.StatusSeeOther {
		t.Fatalf("accept with an account: %d", f.Status)
	}
	u, _ = s.DB.UserByEmail(ctx, "ny@kk.dk")
	if len(u.Memberships) != 2 || !auth.CheckPassword(u.PasswordHash, pw) || u.Name != "Nina Ny" {
		t.Errorf("after the second invitation: %+v", u.Memberships)
	}
	// The same role twice is refused at once.
	if f := sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"ny@kk.dk"}, "role": {auth.RoleEditor}, "org": {kbhID}}, admin); f.Status != http.StatusUnprocessableEntity {
		t.Errorf("inviting to a role held already: %d", f.Status)
	}
}

// TestInviteRights: who may invite whom, and the form's checks.
func TestInviteRights(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ms := withMail(t, s, "https://klimaspor.example.dk")
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := strconv.FormatInt(kbh.ID(), 10)
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	secretariat := sitetest.SignedIn(t, s.DB, s.Sessions, "en", store.Membership{Role: auth.RoleSecretariat})
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	form := func(email, role, org string) url.Values {
		return url.Values{"email": {email}, "role": {role}, "org": {org}}
	}

	for _, c := range []struct {
		name   string
		header map[string]string
		form   url.Values
		status int
		want   string
	}{
		{"the public", sitetest.ActDA, form("a@kk.dk", auth.RoleEditor, kbhID), http.StatusSeeOther, ""},
		{"an editor", editor, form("a@kk.dk", auth.RoleViewer, kbhID), http.StatusForbidden, ""},
		{"the secretariat grants admin", secretariat, form("a@kk.dk", auth.RoleAdmin, ""), http.StatusForbidden, ""},
		{"the secretariat grants secretariat", secretariat, form("a@kk.dk", auth.RoleSecretariat, ""), http.StatusForbidden, ""},
		{"an editor without organisation", admin, form("a@kk.dk", auth.RoleEditor, ""), http.StatusUnprocessableEntity, "Vælg den organisation, rollen gælder."},
		{"an unknown organisation", admin, form("a@kk.dk", auth.RoleEditor, "999999"), http.StatusUnprocessableEntity, "Organisationen findes ikke."},
		{"a bad address", admin, form("ikke-en-adresse", auth.RoleEditor, kbhID), http.StatusUnprocessableEntity, `href="#f-invite-email"`},
		{"no role", admin, form("a@kk.dk", "", kbhID), http.StatusUnprocessableEntity, "Vælg en rolle."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", c.form, c.header)
			if f.Status != c.status || !strings.Contains(f.Body, c.want) {
				t.Errorf("%d, want %d with %q", f.Status, c.status, c.want)
			}
			if f.Status == http.StatusUnprocessableEntity {
				sitetest.CheckPage(t, f, "da")
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(ms.Messages()); n != 0 {
		t.Fatalf("refused invitations sent %d mails", n)
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/brugere", editor, ""); f.Status != http.StatusForbidden {
		t.Errorf("an editor opens the user list: %d", f.Status)
	}
	if f := sitetest.Fetch(t, ts.URL+"/indsatser", editor, ""); strings.Contains(f.Body, `href="/admin/brugere"`) {
		t.Error("an editor is shown the administration link")
	}
	page := sitetest.Fetch(t, ts.URL+"/admin/brugere", secretariat, "")
	if page.Status != 200 || strings.Contains(page.Body, `<option value="admin">`) || strings.Contains(page.Body, `<option value="secretariat">`) ||
		!strings.Contains(page.Body, `<option value="editor">Editor</option>`) || strings.Contains(page.Body, `href="/admin/brugere/`) ||
		!strings.Contains(page.Body, `aria-current="page">Administration</a>`) {
		t.Errorf("the secretariat's page: %d", page.Status)
	}
	sitetest.CheckPage(t, page, "en")
	if f := sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", form("b@kk.dk", auth.RoleViewer, kbhID), secretariat); f.Status != 200 || !strings.Contains(f.Body, "The invitation has been sent to b@kk.dk.") {
		t.Errorf("the secretariat invites a viewer: %d", f.Status)
	}
	if m := ms.WaitFor(t, 1, 5*time.Second)[0]; !strings.Contains(m.Body, "https://klimaspor.example.dk/invitation?token=") || !strings.HasPrefix(m.Body, "Hello") {
		t.Errorf("the secretariat's invitation (English first): %q", m.Body)
	}
}

// TestInvitationOutlivesNoRight: an invitation from someone who has been disabled since
// grants nothing.
func TestInvitationOutlivesNoRight(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	sender, err := s.DB.CreateUser(ctx, store.User{Email: "sek@kk.dk", Memberships: []store.Membership{{Role: auth.RoleSecretariat}}})
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken("")
	if err := s.DB.CreateMailToken(ctx, auth.HashToken(token), store.MailToken{Kind: "invite", Email: "ny@kk.dk", OrganisationID: kbh.ID(),
		Role: auth.RoleEditor, CreatedBy: sender.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.DB.SetDisabled(ctx, sender.ID, true); err != nil {
		t.Fatal(err)
	}
	const pw = "min første lange adgangskode"
	f := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token}, "name": {"Ny"}, "password": {pw}, "password2": {pw}}, sitetest.ActDA)
	if f.Status != http.StatusGone {
		t.Errorf("accepting a disabled sender's invitation: %d, want 410", f.Status)
	}
	if _, err := s.DB.UserByEmail(ctx, "ny@kk.dk"); err == nil {
		t.Error("the invitation made an account")
	}
}

var inviteToken = regexp.MustCompile(`/invitation\?token=([A-Za-z0-9_-]+)`)

// TestInvitationToAnAccountNeedsItsOwner: an invitation to an address that has an account
// never signs anyone in as that account, whether it has a password, a single sign-on identity,
// neither, or was made only after the invitation was sent; its role is granted only when the
// account's owner, signed in with their own credentials, accepts.
func TestInvitationToAnAccountNeedsItsOwner(t *testing.T) {
	const pw, attackerPW = "kontoens egen lange adgangskode", "angriberens lange adgangskode"
	for _, c := range []struct {
		name  string
		setUp func(t *testing.T, s *web.Server, id int64)
		after bool // the account is made after the invitation is sent
	}{
		{"with a password", func(t *testing.T, s *web.Server, id int64) { setPassword(t, s, id, pw) }, false},
		{"with single sign-on", func(t *testing.T, s *web.Server, id int64) {
			if err := s.DB.LinkOIDC(context.Background(), id, "https://login.example", "sub-ejer"); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"with neither", func(*testing.T, *web.Server, int64) {}, false},
		{"made after the invitation", func(t *testing.T, s *web.Server, id int64) { setPassword(t, s, id, pw) }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, ts := sitetest.Start(t, web.New)
			ctx := context.Background()
			ms := withMail(t, s, "https://klimaspor.example.dk")
			kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
			secretariat := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
			const email = "chef@kk.dk"
			var owner store.User
			makeAccount := func() {
				var err error
				if owner, err = s.DB.CreateUser(ctx, store.User{Email: email, Name: "Chefen", Memberships: []store.Membership{{Role: auth.RoleAdmin}}}); err != nil {
					t.Fatal(err)
				}
				c.setUp(t, s, owner.ID)
				owner, _ = s.DB.UserByID(ctx, owner.ID)
			}
			if !c.after {
				makeAccount()
			}
			if f := sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {email}, "role": {auth.RoleEditor}, "org": {strconv.FormatInt(kbh.ID(), 10)}}, secretariat); f.Status != 200 {
				t.Fatalf("invite: %d", f.Status)
			}
			m := inviteToken.FindStringSubmatch(ms.WaitFor(t, 1, 5*time.Second)[0].Body)
			if m == nil {
				t.Fatal("no link in the mail")
			}
			token := m[1]
			if c.after {
				makeAccount()
			}
			unchanged := func(t *testing.T, what string) {
				t.Helper()
				got, err := s.DB.UserByID(ctx, owner.ID)
				if err != nil || !slices.Equal(got.Memberships, owner.Memberships) || got.PasswordHash != owner.PasswordHash || got.Name != owner.Name {
					t.Errorf("%s changed the account: %+v, %v", what, got, err)
				}
			}

			// A fresh browser with the link: told to sign in as the account, and nothing else.
			g := sitetest.Fetch(t, ts.URL+"/invitation?token="+token, sitetest.ActDA, "")
			if g.Status != 200 || strings.Contains(g.Body, `id="f-password"`) || !strings.Contains(g.Body, `href="/log-ind?next=`+url.QueryEscape("/invitation?token="+token)+`"`) {
				t.Errorf("GET the link in a fresh browser: %d", g.Status)
			}
			sitetest.CheckPage(t, g, "da")
			for name, form := range map[string]url.Values{
				"accept":          {"token": {token}, "konto": {"1"}},
				"make an account": {"token": {token}, "name": {"Angriber"}, "password": {attackerPW}, "password2": {attackerPW}},
			} {
				f := sitetest.PostForm(t, ts.URL+"/invitation", form, sitetest.ActDA)
				if f.Status != http.StatusForbidden || newSession(s, f, "da") != nil {
					t.Errorf("%s in a fresh browser: %d, session %v", name, f.Status, newSession(s, f, "da") != nil)
				}
				unchanged(t, name+" in a fresh browser")
			}
			// Signed in as somebody else (here the inviter): refused too.
			if f := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token}}, secretariat); f.Status != http.StatusForbidden || newSession(s, f, "da") != nil ||
				!strings.Contains(f.Body, "men invitationen er til "+email) {
				t.Errorf("accept as somebody else: %d", f.Status)
			}
			unchanged(t, "somebody else")

			// The owner, signed in their own way, accepts; the role is added, the session kept.
			me := anotherSession(t, s, owner.ID, "en")
			if g := sitetest.Fetch(t, ts.URL+"/invitation?token="+token, me, ""); g.Status != 200 || !strings.Contains(g.Body, `name="token" value="`+token+`"`) || strings.Contains(g.Body, `id="f-password"`) {
				t.Errorf("GET the link as the owner: %d", g.Status)
			}
			f := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token}}, me)
			if f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/konto?besked=velkommen" || !alive(s, me) {
				t.Fatalf("the owner accepts: %d to %q", f.Status, f.Header.Get("Location"))
			}
			got, _ := s.DB.UserByID(ctx, owner.ID)
			if want := append(slices.Clone(owner.Memberships), store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor}); !slices.Equal(got.Memberships, want) ||
				got.PasswordHash != owner.PasswordHash {
				t.Errorf("after accepting: %+v, want roles %+v", got, want)
			}
			if f := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token}}, me); f.Status != http.StatusGone {
				t.Errorf("the link a second time: %d", f.Status)
			}
		})
	}
}

// TestInvitationToOneselfIsRefused: nobody grants themselves a role by inviting their own
// address, neither when sending nor when accepting an invitation made earlier.
func TestInvitationToOneselfIsRefused(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	ms := withMail(t, s, "https://klimaspor.example.dk")
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	secretariat := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
	me := sitetest.UserOf(t, s.DB, secretariat)
	f := sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {" " + strings.ToUpper(me.Email)}, "role": {auth.RoleEditor}, "org": {strconv.FormatInt(kbh.ID(), 10)}}, secretariat)
	if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, "Du kan ikke invitere dig selv.") {
		t.Errorf("invite oneself: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	time.Sleep(50 * time.Millisecond)
	if n := len(ms.Messages()); n != 0 {
		t.Errorf("%d mails sent", n)
	}
	// An invitation to oneself from before (or made some other way) grants nothing either.
	token := auth.NewToken("")
	if err := s.DB.CreateMailToken(ctx, auth.HashToken(token), store.MailToken{Kind: "invite", Email: me.Email, OrganisationID: kbh.ID(),
		Role: auth.RoleEditor, CreatedBy: me.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if f := sitetest.PostForm(t, ts.URL+"/invitation", url.Values{"token": {token}, "konto": {"1"}}, secretariat); f.Status != http.StatusForbidden {
		t.Errorf("accept one's own invitation: %d", f.Status)
	}
	if got, _ := s.DB.UserByID(ctx, me.ID); !slices.Equal(got.Memberships, me.Memberships) {
		t.Errorf("roles after accepting one's own invitation: %+v", got.Memberships)
	}
}

// TestInvitationLinkOnThePageOnlyInDemo: when no mail carries an invitation, its link is
// written to the log; the page shows it only in demo mode.
func TestInvitationLinkOnThePageOnlyInDemo(t *testing.T) {
	for _, c := range []struct {
		name       string
		demo       bool
		smtp       bool // an SMTP server is set, but refuses
		want, note string
	}{
		{"serve, no mail", false, false, "", "Linket er skrevet i serverens log"},
		{"serve, the mail fails", false, true, "", "Linket er skrevet i serverens log"},
		{"demo, no mail", true, false, "https://klimaspor.example.dk/invitation?token=", "Der er ikke sat e-mail op"},
		{"demo, the mail fails", true, true, "https://klimaspor.example.dk/invitation?token=", "kunne ikke sendes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, ts := sitetest.Start(t, web.New)
			var logs strings.Builder
			s.Log = slog.New(slog.NewTextHandler(&logs, nil))
			cfg := mail.Config{}
			if c.smtp {
				cfg = mail.Config{Host: "127.0.0.1", Port: closedPort(t), From: "noreply@klimaspor.test", TLS: mail.TLSNone}
			}
			s.SetMail(mail.New(cfg, s.Log), "https://klimaspor.example.dk")
			s.SetDemo(c.demo)
			admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
			f := sitetest.PostForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"c@kk.dk"}, "role": {auth.RoleAdmin}}, admin)
			if f.Status != 200 || !strings.Contains(f.Body, c.note) || !strings.Contains(f.Header.Get("Cache-Control"), "no-store") {
				t.Errorf("invite: %d", f.Status)
			}
			if shown := strings.Contains(f.Body, "/invitation?token="); shown != c.demo || (c.demo && !strings.Contains(f.Body, `value="`+c.want)) {
				t.Errorf("the link on the page: %v, want %v", shown, c.demo)
			}
			if !strings.Contains(logs.String(), "https://klimaspor.example.dk/invitation?token=") {
				t.Errorf("the link is not in the log: %s", logs.String())
			}
			sitetest.CheckPage(t, f, "da")
		})
	}
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}
