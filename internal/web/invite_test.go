package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/mail"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

var inviteLink = regexp.MustCompile(`http://127\.0\.0\.1:\d+(/invitation\?[^\s"]+)`)

// TestInvitation: an administrator invites, the mail carries the link, the invited person
// makes their account with it once and is signed in; a person with an account only accepts.
func TestInvitation(t *testing.T) {
	s, ts := newTestServer(t)
	ctx := context.Background()
	ms := withMail(t, s, "") // links take the request's host: the test server's
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := idString(kbh.ID())
	admin := signedIn(t, s, "da")

	page := fetch(t, ts.URL+"/admin/brugere", admin, "")
	if page.status != 200 || !strings.Contains(page.body, `action="/admin/brugere/inviter"`) || !strings.Contains(page.body, `<option value="admin">Administrator</option>`) {
		t.Fatalf("GET /admin/brugere: %d", page.status)
	}
	checkPage(t, page, "da")

	f := postForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"Ny@KK.dk"}, "role": {auth.RoleEditor}, "org": {kbhID}}, admin)
	if f.status != 200 || !strings.Contains(f.body, "Invitationen er sendt til ny@kk.dk.") || strings.Contains(f.body, "/invitation?token=") {
		t.Fatalf("invite: %d", f.status)
	}
	checkPage(t, f, "da")
	m := ms.WaitFor(t, 1, 5*time.Second)[0]
	link := inviteLink.FindStringSubmatch(m.Body)
	if len(m.To) != 1 || m.To[0] != "ny@kk.dk" || link == nil || !strings.Contains(m.Body, "Redaktør – København") ||
		!strings.Contains(m.Body, "with the role: Editor – Copenhagen") || !strings.Contains(subjectOf(t, m), "Invitation til Klimaspor") {
		t.Fatalf("the mail: to %v, body %q", m.To, m.Body)
	}
	if strings.Contains(link[1], "konto=1") {
		t.Error("a new address's link says it has an account")
	}

	g := fetch(t, ts.URL+link[1], actDA, "")
	if g.status != 200 || !strings.Contains(g.body, `id="f-name"`) || !strings.Contains(g.body, `id="f-password2"`) {
		t.Fatalf("GET the invitation: %d", g.status)
	}
	checkPage(t, g, "da")
	token, _ := url.ParseQuery(strings.TrimPrefix(link[1], "/invitation?"))
	const pw = "min første lange adgangskode"
	bad := postForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}, "name": {""}, "password": {pw}, "password2": {pw + "!"}}, actDA)
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Skriv dit navn.") || !strings.Contains(bad.body, "De to adgangskoder er ikke ens.") {
		t.Errorf("a bad form: %d", bad.status)
	}
	checkPage(t, bad, "da")
	ok := postForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}, "name": {"Nina Ny"}, "password": {pw}, "password2": {pw}}, actDA)
	if ok.status != http.StatusSeeOther || ok.header.Get("Location") != "/konto?besked=velkommen" {
		t.Fatalf("accept: %d to %q", ok.status, ok.header.Get("Location"))
	}
	u, err := s.db.UserByEmail(ctx, "ny@kk.dk")
	if err != nil || u.Name != "Nina Ny" || !auth.CheckPassword(u.PasswordHash, pw) ||
		!slices.Equal(u.Memberships, []store.Membership{{OrganisationID: kbh.ID(), Role: auth.RoleEditor}}) {
		t.Fatalf("the new account: %+v, %v", u, err)
	}
	me := newSession(s, ok, "da")
	if me == nil || userOfHeader(t, s, me).ID != u.ID {
		t.Fatal("accepting does not sign the person in")
	}
	if p := fetch(t, ts.URL+"/konto?besked=velkommen", me, ""); !strings.Contains(p.body, "Velkommen") {
		t.Error("no welcome")
	}
	again := postForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}, "name": {"Igen"}, "password": {pw}, "password2": {pw}}, actDA)
	if again.status != http.StatusGone || !strings.Contains(again.body, "Invitationen er udløbet, er allerede brugt") {
		t.Errorf("the link a second time: %d", again.status)
	}

	// The address has an account: the link only asks to accept, and the role is added.
	f = postForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"ny@kk.dk"}, "role": {auth.RoleProjectLead}, "org": {kbhID}}, admin)
	if f.status != 200 {
		t.Fatalf("invite an account: %d", f.status)
	}
	link = inviteLink.FindStringSubmatch(ms.WaitFor(t, 2, 5*time.Second)[1].Body)
	if link == nil || !strings.Contains(link[1], "konto=1") {
		t.Fatalf("the link for an account: %v", link)
	}
	g = fetch(t, ts.URL+link[1], actEN, "")
	if g.status != 200 || strings.Contains(g.body, `id="f-password"`) || !strings.Contains(g.body, "You have an account already") {
		t.Errorf("GET the account's invitation: %d", g.status)
	}
	checkPage(t, g, "en")
	token, _ = url.ParseQuery(strings.TrimPrefix(link[1], "/invitation?"))
	if f := postForm(t, ts.URL+"/invitation", url.Values{"token": {token.Get("token")}, "konto": {"1"}}, actEN); f.status != http.StatusSeeOther {
		t.Fatalf("accept with an account: %d", f.status)
	}
	u, _ = s.db.UserByEmail(ctx, "ny@kk.dk")
	if len(u.Memberships) != 2 || !auth.CheckPassword(u.PasswordHash, pw) || u.Name != "Nina Ny" {
		t.Errorf("after the second invitation: %+v", u.Memberships)
	}
	// The same role twice is refused at once.
	if f := postForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"ny@kk.dk"}, "role": {auth.RoleEditor}, "org": {kbhID}}, admin); f.status != http.StatusUnprocessableEntity {
		t.Errorf("inviting to a role held already: %d", f.status)
	}
}

// TestInviteRights: who may invite whom, and the form's checks.
func TestInviteRights(t *testing.T) {
	s, ts := newTestServer(t)
	ms := withMail(t, s, "https://klimaspor.example.dk")
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := idString(kbh.ID())
	editor := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	secretariat := signedIn(t, s, "en", store.Membership{Role: auth.RoleSecretariat})
	admin := signedIn(t, s, "da")
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
		{"the public", actDA, form("a@kk.dk", auth.RoleEditor, kbhID), http.StatusSeeOther, ""},
		{"an editor", editor, form("a@kk.dk", auth.RoleViewer, kbhID), http.StatusForbidden, ""},
		{"the secretariat grants admin", secretariat, form("a@kk.dk", auth.RoleAdmin, ""), http.StatusForbidden, ""},
		{"the secretariat grants secretariat", secretariat, form("a@kk.dk", auth.RoleSecretariat, ""), http.StatusForbidden, ""},
		{"an editor without organisation", admin, form("a@kk.dk", auth.RoleEditor, ""), http.StatusUnprocessableEntity, "Vælg den organisation, rollen gælder."},
		{"an unknown organisation", admin, form("a@kk.dk", auth.RoleEditor, "999999"), http.StatusUnprocessableEntity, "Organisationen findes ikke."},
		{"a bad address", admin, form("ikke-en-adresse", auth.RoleEditor, kbhID), http.StatusUnprocessableEntity, `href="#f-invite-email"`},
		{"no role", admin, form("a@kk.dk", "", kbhID), http.StatusUnprocessableEntity, "Vælg en rolle."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := postForm(t, ts.URL+"/admin/brugere/inviter", c.form, c.header)
			if f.status != c.status || !strings.Contains(f.body, c.want) {
				t.Errorf("%d, want %d with %q", f.status, c.status, c.want)
			}
			if f.status == http.StatusUnprocessableEntity {
				checkPage(t, f, "da")
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(ms.Messages()); n != 0 {
		t.Fatalf("refused invitations sent %d mails", n)
	}
	if f := fetch(t, ts.URL+"/admin/brugere", editor, ""); f.status != http.StatusForbidden {
		t.Errorf("an editor opens the user list: %d", f.status)
	}
	if f := fetch(t, ts.URL+"/indsatser", editor, ""); strings.Contains(f.body, `href="/admin/brugere"`) {
		t.Error("an editor is shown the administration link")
	}
	page := fetch(t, ts.URL+"/admin/brugere", secretariat, "")
	if page.status != 200 || strings.Contains(page.body, `<option value="admin">`) || strings.Contains(page.body, `<option value="secretariat">`) ||
		!strings.Contains(page.body, `<option value="editor">Editor</option>`) || strings.Contains(page.body, `href="/admin/brugere/`) ||
		!strings.Contains(page.body, `aria-current="page">Administration</a>`) {
		t.Errorf("the secretariat's page: %d", page.status)
	}
	checkPage(t, page, "en")
	if f := postForm(t, ts.URL+"/admin/brugere/inviter", form("b@kk.dk", auth.RoleViewer, kbhID), secretariat); f.status != 200 || !strings.Contains(f.body, "The invitation has been sent to b@kk.dk.") {
		t.Errorf("the secretariat invites a viewer: %d", f.status)
	}
	if m := ms.WaitFor(t, 1, 5*time.Second)[0]; !strings.Contains(m.Body, "https://klimaspor.example.dk/invitation?token=") || !strings.HasPrefix(m.Body, "Hello") {
		t.Errorf("the secretariat's invitation (English first): %q", m.Body)
	}
}

// TestInviteWithoutMail: without mail the administrator is shown the link to pass on.
func TestInviteWithoutMail(t *testing.T) {
	s, ts := newTestServer(t)
	s.SetMail(mail.New(mail.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil))), "https://klimaspor.example.dk")
	admin := signedIn(t, s, "da")
	f := postForm(t, ts.URL+"/admin/brugere/inviter", url.Values{"email": {"c@kk.dk"}, "role": {auth.RoleAdmin}}, admin)
	if f.status != 200 || !strings.Contains(f.body, "Der er ikke sat e-mail op") || !strings.Contains(f.body, `value="https://klimaspor.example.dk/invitation?token=`) ||
		!strings.Contains(f.header.Get("Cache-Control"), "no-store") {
		t.Errorf("invite without mail: %d", f.status)
	}
	checkPage(t, f, "da")
}

// TestInvitationOutlivesNoRight: an invitation from someone who has been disabled since
// grants nothing.
func TestInvitationOutlivesNoRight(t *testing.T) {
	s, ts := newTestServer(t)
	ctx := context.Background()
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	sender, err := s.db.CreateUser(ctx, store.User{Email: "sek@kk.dk", Memberships: []store.Membership{{Role: auth.RoleSecretariat}}})
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken("")
	if err := s.db.CreateMailToken(ctx, auth.HashToken(token), store.MailToken{Kind: "invite", Email: "ny@kk.dk", OrganisationID: kbh.ID(),
		Role: auth.RoleEditor, CreatedBy: sender.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.SetDisabled(ctx, sender.ID, true); err != nil {
		t.Fatal(err)
	}
	const pw = "min første lange adgangskode"
	f := postForm(t, ts.URL+"/invitation", url.Values{"token": {token}, "name": {"Ny"}, "password": {pw}, "password2": {pw}}, actDA)
	if f.status != http.StatusGone {
		t.Errorf("accepting a disabled sender's invitation: %d, want 410", f.status)
	}
	if _, err := s.db.UserByEmail(ctx, "ny@kk.dk"); err == nil {
		t.Error("the invitation made an account")
	}
}
