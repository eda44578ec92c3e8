package account_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/mail"
	"klimaspor/internal/mail/mailtest"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/account"
	"klimaspor/internal/web/sitetest"
)

// withMail gives the server a real SMTP sender to a test server.
func withMail(t *testing.T, s *web.Server, baseURL string) *mailtest.Server {
	t.Helper()
	ms := mailtest.Start(t)
	s.SetMail(mail.New(mail.Config{Host: ms.Host(), Port: ms.Port(), From: "Klimaspor <noreply@klimaspor.test>", TLS: mail.TLSNone},
		slog.New(slog.NewTextHandler(io.Discard, nil))), baseURL)
	return ms
}

func subjectOf(t *testing.T, m mailtest.Received) string {
	t.Helper()
	sub, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

var resetLink = regexp.MustCompile(`https://klimaspor\.example\.dk(/nulstil\?token=[A-Za-z0-9_-]+)`)

func TestPasswordReset(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	ms := withMail(t, s, "https://klimaspor.example.dk/")
	u, err := s.DB.CreateUser(ctx, store.User{Email: "glemsom@kk.dk", Name: "Gitte", Memberships: []store.Membership{{OrganisationID: 1, Role: auth.RoleViewer}}})
	if err != nil {
		t.Fatal(err)
	}
	setPassword(t, s, u.ID, "den gamle adgangskode")
	elsewhere := anotherSession(t, s, u.ID, "da")

	ask := sitetest.Fetch(t, ts.URL+"/glemt-adgangskode", sitetest.ActDA, "")
	if ask.Status != 200 || !strings.Contains(ask.Body, `action="/glemt-adgangskode"`) {
		t.Fatalf("GET /glemt-adgangskode: %d", ask.Status)
	}
	sitetest.CheckPage(t, ask, "da")
	if f := sitetest.Fetch(t, ts.URL+"/log-ind", sitetest.ActDA, ""); !strings.Contains(f.Body, `href="/glemt-adgangskode"`) {
		t.Error("the sign-in page does not link to the reset")
	}

	// Known and unknown addresses get the same answer; only the known one gets a mail.
	known := sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {" Glemsom@KK.dk "}}, sitetest.ActDA)
	unknown := sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"ingen@kk.dk"}}, sitetest.ActDA)
	if known.Status != 200 || unknown.Status != known.Status || unknown.Body != known.Body {
		t.Errorf("known %d and unknown %d addresses are answered differently", known.Status, unknown.Status)
	}
	if !strings.Contains(known.Body, "Hvis adressen har en konto, har vi sendt et link") || !strings.Contains(known.Body, `role="status"`) {
		t.Error("the answer does not say what happens")
	}
	sitetest.CheckPage(t, known, "da")
	msgs := ms.WaitFor(t, 1, 5*time.Second)
	time.Sleep(50 * time.Millisecond)
	if n := len(ms.Messages()); n != 1 {
		t.Fatalf("%d mails, want 1 (none to the unknown address)", n)
	}
	m := msgs[0]
	if len(m.To) != 1 || m.To[0] != "glemsom@kk.dk" || subjectOf(t, m) != "Ny adgangskode til Klimaspor" || !strings.Contains(m.Body, "virker i 60 minutter") {
		t.Errorf("the mail: to %v, subject %q, body %q", m.To, subjectOf(t, m), m.Body)
	}
	link := resetLink.FindStringSubmatch(m.Body)
	if link == nil {
		t.Fatalf("no link in the mail: %q", m.Body)
	}

	// Opening the link twice does not spend it.
	for range 2 {
		f := sitetest.Fetch(t, ts.URL+link[1], sitetest.ActDA, "")
		if f.Status != 200 || !strings.Contains(f.Body, `name="token"`) || f.Header.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(f.Header.Get("Cache-Control"), "no-store") {
			t.Fatalf("GET the link: %d, Referrer-Policy %q", f.Status, f.Header.Get("Referrer-Policy"))
		}
		sitetest.CheckPage(t, f, "da")
	}
	token := strings.TrimPrefix(link[1], "/nulstil?token=")
	// A mistake in the form does not spend it either.
	f := sitetest.PostForm(t, ts.URL+"/nulstil", url.Values{"token": {token}, "password": {"kort"}, "password2": {"kort"}}, sitetest.ActDA)
	if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, "mindst 12 tegn") {
		t.Errorf("a short password: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	const fresh = "min nye og lange adgangskode"
	// A second link asked for earlier stops working once the password is reset.
	earlier := auth.NewToken("")
	if err := s.DB.CreateMailToken(ctx, auth.HashToken(earlier), store.MailToken{Kind: "reset", UserID: u.ID, Email: u.Email, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	f = sitetest.PostForm(t, ts.URL+"/nulstil", url.Values{"token": {token}, "password": {fresh}, "password2": {fresh}}, sitetest.ActDA)
	if f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/konto?besked=nulstillet" {
		t.Fatalf("reset: %d to %q", f.Status, f.Header.Get("Location"))
	}
	if got, _ := s.DB.UserByID(ctx, u.ID); !auth.CheckPassword(got.PasswordHash, fresh) {
		t.Error("the new password does not work")
	}
	if alive(s, elsewhere) {
		t.Error("an old session outlives the reset")
	}
	if me := newSession(s, f, "da"); me == nil || sitetest.UserOf(t, s.DB, me).ID != u.ID {
		t.Error("the reset does not sign the person in")
	}

	// Used once; an expired link fails the same way; both offer a new one.
	const other = "en anden lang adgangskode"
	expired := auth.NewToken("")
	if err := s.DB.CreateMailToken(ctx, auth.HashToken(expired), store.MailToken{Kind: "reset", UserID: u.ID, Email: u.Email, ExpiresAt: time.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	for name, tok := range map[string]string{"used": token, "expired": expired, "asked for earlier": earlier} {
		f := sitetest.PostForm(t, ts.URL+"/nulstil", url.Values{"token": {tok}, "password": {other}, "password2": {other}}, sitetest.ActEN)
		if f.Status != http.StatusGone || !strings.Contains(f.Body, "The link has expired, has been used already") || !strings.Contains(f.Body, `href="/glemt-adgangskode"`) {
			t.Errorf("%s link: %d", name, f.Status)
		}
		sitetest.CheckPage(t, f, "en")
	}
	if got, _ := s.DB.UserByID(ctx, u.ID); !auth.CheckPassword(got.PasswordHash, fresh) {
		t.Error("a spent or expired link changed the password")
	}
	if f := sitetest.Fetch(t, ts.URL+"/nulstil?token=x", sitetest.ActDA, ""); f.Status != http.StatusBadRequest || !strings.Contains(f.Body, "Linket virker ikke") {
		t.Errorf("a malformed link: %d", f.Status)
	}

	// In English, the mail is English.
	if _, err := s.DB.CreateUser(ctx, store.User{Email: "forgetful@kk.dk"}); err != nil {
		t.Fatal(err)
	}
	if f := sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"forgetful@kk.dk"}}, sitetest.ActEN); f.Status != 200 || !strings.Contains(f.Body, "If the address has an account") {
		t.Errorf("English: %d", f.Status)
	}
	if m := ms.WaitFor(t, 2, 5*time.Second)[1]; subjectOf(t, m) != "New password for Klimaspor" || !strings.Contains(m.Body, "The link works for 60 minutes") {
		t.Errorf("the English mail: %q %q", subjectOf(t, m), m.Body)
	}

	// A bad address is a form error; the limit per address applies to unknown addresses too.
	if f := sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"ikke en adresse"}}, sitetest.ActDA); f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, `href="#f-email"`) {
		t.Errorf("a bad address: %d", f.Status)
	}
	for range account.ResetPerAddress - 1 {
		sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"ingen@kk.dk"}}, sitetest.ActDA)
	}
	f = sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"ingen@kk.dk"}}, sitetest.ActDA)
	if f.Status != http.StatusTooManyRequests || f.Header.Get("Retry-After") == "" || !strings.Contains(f.Body, "for mange links") {
		t.Errorf("over the limit: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
}

// TestResetWithoutMail: with mail not configured the page answers as ever.
func TestResetWithoutMail(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	s.SetMail(mail.New(mail.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil))), "https://klimaspor.example.dk")
	if _, err := s.DB.CreateUser(context.Background(), store.User{Email: "a@kk.dk"}); err != nil {
		t.Fatal(err)
	}
	a := sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"a@kk.dk"}}, sitetest.ActDA)
	b := sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"b@kk.dk"}}, sitetest.ActDA)
	if a.Status != 200 || a.Body != b.Body {
		t.Errorf("without mail: %d, same answer %v", a.Status, a.Body == b.Body)
	}
}

// TestResetThroughAnSMTPProcess sends the reset mail to an SMTP server running as a process of
// its own on loopback, and signs in with the password the mail's link sets.
func TestResetThroughAnSMTPProcess(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	ms := mailtest.StartProcess(t)
	s.SetMail(mail.New(mail.Config{Host: ms.Host(), Port: ms.Port(), From: "Klimaspor <noreply@klimaspor.test>", TLS: mail.TLSNone},
		slog.New(slog.NewTextHandler(io.Discard, nil))), "https://klimaspor.example.dk")
	if _, err := s.DB.CreateUser(ctx, store.User{Email: "proces@kk.dk", Name: "Per"}); err != nil {
		t.Fatal(err)
	}
	if f := sitetest.PostForm(t, ts.URL+"/glemt-adgangskode", url.Values{"email": {"proces@kk.dk"}}, sitetest.ActDA); f.Status != 200 {
		t.Fatalf("ask for a reset: %d", f.Status)
	}
	msgs := ms.WaitFor(t, 1, 10*time.Second)
	link := resetLink.FindStringSubmatch(msgs[0].Body)
	if len(msgs[0].To) != 1 || msgs[0].To[0] != "proces@kk.dk" || link == nil {
		t.Fatalf("the mail: to %v, body %q", msgs[0].To, msgs[0].Body)
	}
	token := strings.TrimPrefix(link[1], "/nulstil?token=")
	const pw = "en adgangskode fra en anden proces"
	if f := sitetest.PostForm(t, ts.URL+"/nulstil", url.Values{"token": {token}, "password": {pw}, "password2": {pw}}, sitetest.ActDA); f.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", f.Status)
	}
	if f := sitetest.PostForm(t, ts.URL+"/log-ind", url.Values{"email": {"proces@kk.dk"}, "password": {pw}, "next": {"/"}}, sitetest.ActDA); f.Status != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: %d", f.Status)
	}
}

// TestMailLinksOnlyFromConfiguration: the links in password-reset and invitation mails begin
// with the configured base URL whatever Host a client sends; without one, no such mail is
// sent and the forms say why.
func TestMailLinksOnlyFromConfiguration(t *testing.T) {
	for _, c := range []struct {
		name, base string
		form       string // "reset" or "invite"
		status     int
		want       string // the mail's link begins so; "" for no mail
		note       string
	}{
		{"reset, base URL set", "https://klimaspor.example.dk", "reset", 200, "https://klimaspor.example.dk/nulstil?token=", "Hvis adressen har en konto"},
		{"reset, no base URL", "", "reset", http.StatusServiceUnavailable, "", "Nulstilling af adgangskoder med e-mail er ikke sat op"},
		{"invitation, base URL set", "https://klimaspor.example.dk", "invite", 200, "https://klimaspor.example.dk/invitation?token=", "Invitationen er sendt"},
		{"invitation, no base URL", "", "invite", http.StatusServiceUnavailable, "", "KLIMASPOR_BASE_URL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, ts := sitetest.Start(t, web.New)
			ctx := context.Background()
			ms := withMail(t, s, c.base)
			if _, err := s.DB.CreateUser(ctx, store.User{Email: "glemsom@kk.dk"}); err != nil {
				t.Fatal(err)
			}
			admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
			var f sitetest.Fetched
			if c.form == "reset" {
				f = sitetest.PostAs(t, ts.URL+"/glemt-adgangskode", "evil.example", url.Values{"email": {"glemsom@kk.dk"}}, sitetest.ActDA)
			} else {
				f = sitetest.PostAs(t, ts.URL+"/admin/brugere/inviter", "evil.example", url.Values{"email": {"ny@kk.dk"}, "role": {auth.RoleAdmin}}, admin)
			}
			if f.Status != c.status || !strings.Contains(f.Body, c.note) || strings.Contains(f.Body, "evil.example") {
				t.Errorf("POST: %d, want %d with %q", f.Status, c.status, c.note)
			}
			sitetest.CheckPage(t, f, "da")
			if c.want == "" {
				time.Sleep(100 * time.Millisecond)
				if n := len(ms.Messages()); n != 0 {
					t.Errorf("%d mails sent without a base URL: %q", n, ms.Messages()[0].Body)
				}
				return
			}
			m := ms.WaitFor(t, 1, 5*time.Second)[0]
			if !strings.Contains(m.Body, c.want) || strings.Contains(m.Body, "evil.example") {
				t.Errorf("the mail's link: %q", m.Body)
			}
		})
	}
	// Without a base URL the forms say so before anyone fills them in.
	s, ts := sitetest.Start(t, web.New)
	withMail(t, s, "")
	if f := sitetest.Fetch(t, ts.URL+"/glemt-adgangskode", sitetest.ActEN, ""); f.Status != 200 || strings.Contains(f.Body, `id="f-email"`) || !strings.Contains(f.Body, "Password reset by email has not been set up") {
		t.Errorf("GET /glemt-adgangskode without a base URL: %d", f.Status)
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/brugere", sitetest.SignedIn(t, s.DB, s.Sessions, "en"), ""); f.Status != 200 || strings.Contains(f.Body, `id="f-invite-email"`) || !strings.Contains(f.Body, "KLIMASPOR_BASE_URL") {
		t.Errorf("GET /admin/brugere without a base URL: %d", f.Status)
	}
}
