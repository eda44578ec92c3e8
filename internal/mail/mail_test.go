package mail_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/mail"
	"klimaspor/internal/mail/mailtest"
)

const wait = 2 * time.Second

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// config points a sender at srv without TLS or credentials.
func config(srv *mailtest.Server) mail.Config {
	return mail.Config{
		Host:    srv.Host(),
		Port:    srv.Port(),
		From:    "Klimaspor Ærø <noreply@klimaspor.dk>",
		TLS:     mail.TLSNone,
		Timeout: wait,
	}
}

func send(t *testing.T, cfg mail.Config, m mail.Message) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	return mail.New(cfg, discard).Send(ctx, m)
}

func TestSendDeliversUTF8PlainText(t *testing.T) {
	long := "Linket virker i 24 timer: https://klimaspor.example.dk/nulstil?token=" + strings.Repeat("abcdef0123", 12)
	tests := []struct {
		name       string
		msg        mail.Message
		rcpt       string
		rawSubject string // the Subject header as sent, when it matters
	}{
		{
			name: "Danish subject, name and body",
			msg: mail.Message{
				To:      "Søren Ærø <soeren@kommune.dk>",
				Subject: "Nulstil din adgangskode – æøå ÆØÅ",
				Body:    "Hej Søren,\n\nDu har bedt om en ny adgangskode.\n" + long + "\n\nVenlig hilsen\nKlimaspor\n",
			},
			rcpt: "soeren@kommune.dk",
		},
		{
			name:       "ASCII subject stays readable",
			msg:        mail.Message{To: "ann@example.org", Subject: "Invitation to Klimaspor", Body: "Welcome.\n"},
			rcpt:       "ann@example.org",
			rawSubject: "Invitation to Klimaspor",
		},
		{
			name:       "long ASCII subject is folded and unfolds unchanged",
			msg:        mail.Message{To: "ann@example.org", Subject: strings.Repeat("Invitation to the climate plan ", 5) + "end", Body: "x"},
			rcpt:       "ann@example.org",
			rawSubject: strings.Repeat("Invitation to the climate plan ", 5) + "end",
		},
		{
			name: "long Danish subject is split into encoded words",
			msg:  mail.Message{To: "ann@example.org", Subject: strings.Repeat("Æbler og pærer på Ærø ", 8), Body: "x"},
			rcpt: "ann@example.org",
		},
		{
			name: "lines starting with a dot survive dot-stuffing",
			msg:  mail.Message{To: "ann@example.org", Subject: "Dots", Body: "one\n.\n.two\n..three\n"},
			rcpt: "ann@example.org",
		},
		{
			name: "CRLF body and no final newline",
			msg:  mail.Message{To: "ann@example.org", Subject: "Æ", Body: "first\r\nlast"},
			rcpt: "ann@example.org",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t)
			if err := send(t, config(srv), tt.msg); err != nil {
				t.Fatal(err)
			}
			got := srv.WaitFor(t, 1, wait)[0]

			if got.From != "noreply@klimaspor.dk" {
				t.Errorf("MAIL FROM = %q, want noreply@klimaspor.dk", got.From)
			}
			if diff := cmp.Diff([]string{tt.rcpt}, got.To); diff != "" {
				t.Errorf("RCPT TO (-want +got):\n%s", diff)
			}
			for i, b := range got.Data {
				if b >= 0x80 {
					t.Fatalf("byte %d of the message is not 7-bit: %q", i, got.Data[max(0, i-20):i+1])
				}
			}
			for l := range strings.SplitSeq(string(got.Data), "\r\n") {
				if len(l) > 78 {
					t.Errorf("line longer than 78 characters: %q", l)
				}
			}

			h := got.Header
			if h == nil {
				t.Fatalf("message did not parse:\n%s", got.Data)
			}
			fixed := map[string]string{
				"MIME-Version":              "1.0",
				"Content-Type":              "text/plain; charset=utf-8",
				"Content-Transfer-Encoding": "quoted-printable",
			}
			for k, want := range fixed {
				if v := h.Get(k); v != want {
					t.Errorf("%s = %q, want %q", k, v, want)
				}
			}
			var dec mime.WordDecoder
			subject, err := dec.DecodeHeader(h.Get("Subject"))
			if err != nil || subject != tt.msg.Subject {
				t.Errorf("Subject decodes to %q (%v), want %q", subject, err, tt.msg.Subject)
			}
			if tt.rawSubject != "" && h.Get("Subject") != tt.rawSubject {
				t.Errorf("raw Subject = %q, want %q", h.Get("Subject"), tt.rawSubject)
			}
			if !isASCII(tt.msg.Subject) && !strings.HasPrefix(h.Get("Subject"), "=?utf-8?q?") {
				t.Errorf("raw Subject = %q, want Q-encoded UTF-8", h.Get("Subject"))
			}
			from, err := h.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != "Klimaspor Ærø" || from[0].Address != "noreply@klimaspor.dk" {
				t.Errorf("From = %q parses to %v (%v)", h.Get("From"), from, err)
			}
			to, err := h.AddressList("To")
			if err != nil || len(to) != 1 || to[0].Address != tt.rcpt {
				t.Errorf("To = %q parses to %v (%v)", h.Get("To"), to, err)
			}
			if d, err := h.Date(); err != nil || time.Since(d).Abs() > time.Minute {
				t.Errorf("Date = %q (%v), want about now", h.Get("Date"), err)
			}
			if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@klimaspor.dk>") {
				t.Errorf("Message-ID = %q, want <…@klimaspor.dk>", id)
			}

			want := strings.ReplaceAll(tt.msg.Body, "\r\n", "\n")
			if !strings.HasSuffix(want, "\n") {
				want += "\n"
			}
			if diff := cmp.Diff(want, got.Body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMessageIDsDiffer(t *testing.T) {
	srv := mailtest.Start(t)
	for range 2 {
		if err := send(t, config(srv), mail.Message{To: "ann@example.org", Subject: "x", Body: "y"}); err != nil {
			t.Fatal(err)
		}
	}
	got := srv.WaitFor(t, 2, wait)
	if a, b := got[0].Header.Get("Message-ID"), got[1].Header.Get("Message-ID"); a == b {
		t.Errorf("two messages share Message-ID %q", a)
	}
}

func TestSendAuthenticates(t *testing.T) {
	tests := []struct {
		name      string
		user, pw  string
		wantErr   string // "" means delivered
		wantAuth  string
		forbidden string // must not appear in the error
	}{
		{name: "right password", user: "klimaspor", pw: "hemmeligt-æø", wantAuth: "klimaspor"},
		{name: "wrong password is refused with 535", user: "klimaspor", pw: "forkert-kode", wantErr: "535", forbidden: "forkert-kode"},
		{name: "unknown user is refused with 535", user: "mallory", pw: "hemmeligt-æø", wantErr: "535", forbidden: "hemmeligt"},
		{name: "no credentials is refused with 530", wantErr: "530"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, mailtest.WithAuth("klimaspor", "hemmeligt-æø"))
			cfg := config(srv)
			cfg.Username, cfg.Password = tt.user, tt.pw
			err := send(t, cfg, mail.Message{To: "ann@example.org", Subject: "Hej", Body: "secret link"})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := srv.WaitFor(t, 1, wait)[0]; got.Auth != tt.wantAuth {
					t.Errorf("authenticated as %q, want %q", got.Auth, tt.wantAuth)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one with %s", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "mail: send to ann@example.org: ") {
				t.Errorf("err = %q, want it to name the recipient", err)
			}
			if tt.forbidden != "" && strings.Contains(err.Error(), tt.forbidden) {
				t.Errorf("err = %q leaks the password", err)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server accepted %d messages", n)
			}
		})
	}
}

func TestSendOverTLS(t *testing.T) {
	tests := []struct {
		name    string
		opt     mailtest.Option
		mode    string
		trust   bool
		wantErr string
	}{
		{name: "STARTTLS by default when offered", opt: mailtest.WithSTARTTLS(), mode: "", trust: true},
		{name: "STARTTLS when asked for", opt: mailtest.WithSTARTTLS(), mode: mail.TLSStartTLS, trust: true},
		{name: "implicit TLS", opt: mailtest.WithImplicitTLS(), mode: mail.TLSImplicit, trust: true},
		{name: "STARTTLS with an untrusted certificate fails", opt: mailtest.WithSTARTTLS(), mode: mail.TLSStartTLS, wantErr: "certificate"},
		{name: "implicit TLS with an untrusted certificate fails", opt: mailtest.WithImplicitTLS(), mode: mail.TLSImplicit, wantErr: "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, tt.opt, mailtest.WithAuth("klimaspor", "pw"))
			cfg := config(srv)
			cfg.TLS = tt.mode
			cfg.Username, cfg.Password = "klimaspor", "pw"
			if tt.trust {
				cfg.RootCAs = srv.RootCAs()
			}
			err := send(t, cfg, mail.Message{To: "ann@example.org", Subject: "Hej", Body: "Æblegrød"})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := srv.WaitFor(t, 1, wait)[0]
			if !got.TLS || got.Auth != "klimaspor" {
				t.Errorf("TLS = %v, Auth = %q; want an encrypted, authenticated session", got.TLS, got.Auth)
			}
			if got.Body != "Æblegrød\n" {
				t.Errorf("body = %q", got.Body)
			}
		})
	}
}

func TestSendPlainWhenLoopbackOffersNoSTARTTLS(t *testing.T) {
	srv := mailtest.Start(t)
	cfg := config(srv)
	cfg.TLS = mail.TLSStartTLS
	if err := send(t, cfg, mail.Message{To: "ann@example.org", Subject: "Hej", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.WaitFor(t, 1, wait)[0]; got.TLS {
		t.Error("session was encrypted, but the server offers no STARTTLS")
	}
}

func TestSendReportsRefusal(t *testing.T) {
	tests := []struct {
		name    string
		opt     mailtest.Option
		to      string
		wantErr string
	}{
		{name: "every recipient rejected", opt: mailtest.RejectRcpt(), to: "ann@example.org", wantErr: "RCPT TO: 550"},
		{name: "this recipient rejected", opt: mailtest.RejectRcpt("Bo@Example.org"), to: "Bo <bo@example.org>", wantErr: "RCPT TO: 550"},
		{name: "message rejected after DATA", opt: mailtest.RejectData(), to: "ann@example.org", wantErr: "end of DATA: 554"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, tt.opt)
			err := send(t, config(srv), mail.Message{To: tt.to, Subject: "Hej", Body: "x"})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one with %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "mail: send to "+tt.to+": ") {
				t.Errorf("err = %q, want it to name the recipient", err)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server kept %d messages", n)
			}
		})
	}
}

func TestSendRefusesBadMessages(t *testing.T) {
	tests := []struct {
		name      string
		msg       mail.Message
		injection bool
	}{
		{name: "CRLF in recipient", msg: mail.Message{To: "ann@example.org\r\nBcc: eve@example.org", Subject: "Hej"}, injection: true},
		{name: "LF in subject", msg: mail.Message{To: "ann@example.org", Subject: "Hej\nBcc: eve@example.org"}, injection: true},
		{name: "CR in subject", msg: mail.Message{To: "ann@example.org", Subject: "Hej\rBcc: eve@example.org"}, injection: true},
		{name: "not an address", msg: mail.Message{To: "ann at example", Subject: "Hej"}},
		{name: "no recipient", msg: mail.Message{Subject: "Hej"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t)
			err := send(t, config(srv), tt.msg)
			if err == nil {
				t.Fatal("sent; want an error")
			}
			if got := errors.Is(err, mail.ErrHeaderInjection); got != tt.injection {
				t.Errorf("errors.Is(%v, ErrHeaderInjection) = %v, want %v", err, got, tt.injection)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server got %d messages", n)
			}
		})
	}
}

func TestSendRespectsContext(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Silent()) // never greets
	cfg := config(srv)
	cfg.Timeout = time.Minute

	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := mail.New(cfg, discard).Send(ctx, mail.Message{To: "ann@example.org", Subject: "Hej", Body: "x"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > wait {
			t.Errorf("took %v", d)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		err := mail.New(cfg, discard).Send(ctx, mail.Message{To: "ann@example.org", Subject: "Hej", Body: "x"})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("Config.Timeout", func(t *testing.T) {
		cfg := cfg
		cfg.Timeout = 100 * time.Millisecond
		err := mail.New(cfg, discard).Send(context.Background(), mail.Message{To: "ann@example.org", Subject: "Hej", Body: "x"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestUnconfiguredSenderLogsWithoutBody(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	s := mail.New(mail.Config{}, log)
	err := s.Send(context.Background(), mail.Message{
		To:      "ann@example.org",
		Subject: "Nulstil adgangskode",
		Body:    "https://klimaspor.example.dk/nulstil?token=topsecret",
	})
	if err != nil {
		t.Fatalf("Send = %v, want nil", err)
	}
	out := buf.String()
	for _, want := range []string{"level=WARN", "ann@example.org", "Nulstil adgangskode"} {
		if !strings.Contains(out, want) {
			t.Errorf("log %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, "topsecret") {
		t.Errorf("log %q holds the body", out)
	}
}

func TestConfigFromEnv(t *testing.T) {
	full := map[string]string{
		"KLIMASPOR_SMTP_HOST":     "smtp.example.dk",
		"KLIMASPOR_SMTP_PORT":     "2525",
		"KLIMASPOR_SMTP_USERNAME": "klimaspor",
		"KLIMASPOR_SMTP_PASSWORD": "s3cret",
		"KLIMASPOR_SMTP_FROM":     "Klimaspor <noreply@klimaspor.dk>",
		"KLIMASPOR_SMTP_TLS":      "TLS",
	}
	with := func(kv ...string) map[string]string {
		env := map[string]string{"KLIMASPOR_SMTP_HOST": "smtp.example.dk", "KLIMASPOR_SMTP_FROM": "noreply@klimaspor.dk"}
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    mail.Config
		wantErr string
	}{
		{name: "no host: not configured", env: map[string]string{"KLIMASPOR_SMTP_PORT": "nonsense"}, want: mail.Config{}},
		{name: "everything set", env: full, want: mail.Config{
			Host: "smtp.example.dk", Port: 2525, Username: "klimaspor", Password: "s3cret",
			From: "Klimaspor <noreply@klimaspor.dk>", TLS: mail.TLSImplicit,
		}},
		{name: "defaults: STARTTLS on 587", env: with(), want: mail.Config{
			Host: "smtp.example.dk", Port: 587, From: "noreply@klimaspor.dk", TLS: mail.TLSStartTLS,
		}},
		{name: "implicit TLS defaults to 465", env: with("KLIMASPOR_SMTP_TLS", "tls"), want: mail.Config{
			Host: "smtp.example.dk", Port: 465, From: "noreply@klimaspor.dk", TLS: mail.TLSImplicit,
		}},
		{name: "none", env: with("KLIMASPOR_SMTP_TLS", "none", "KLIMASPOR_SMTP_PORT", "25"), want: mail.Config{
			Host: "smtp.example.dk", Port: 25, From: "noreply@klimaspor.dk", TLS: mail.TLSNone,
		}},
		{name: "port not a number", env: with("KLIMASPOR_SMTP_PORT", "smtp"), wantErr: "KLIMASPOR_SMTP_PORT"},
		{name: "port zero", env: with("KLIMASPOR_SMTP_PORT", "0"), wantErr: "KLIMASPOR_SMTP_PORT"},
		{name: "port too high", env: with("KLIMASPOR_SMTP_PORT", "65536"), wantErr: "KLIMASPOR_SMTP_PORT"},
		{name: "unknown TLS mode", env: with("KLIMASPOR_SMTP_TLS", "ssl"), wantErr: "KLIMASPOR_SMTP_TLS"},
		{name: "no From", env: with("KLIMASPOR_SMTP_FROM", ""), wantErr: "KLIMASPOR_SMTP_FROM"},
		{name: "bad From", env: with("KLIMASPOR_SMTP_FROM", "klimaspor"), wantErr: "KLIMASPOR_SMTP_FROM"},
		{name: "user without password", env: with("KLIMASPOR_SMTP_USERNAME", "klimaspor"), wantErr: "KLIMASPOR_SMTP_PASSWORD"},
		{name: "password without user", env: with("KLIMASPOR_SMTP_PASSWORD", "s3cret"), wantErr: "KLIMASPOR_SMTP_USERNAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mail.ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one about %s", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("err = %q leaks the password", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Config (-want +got):\n%s", diff)
			}
			if got.Enabled() != (tt.want.Host != "") {
				t.Errorf("Enabled() = %v", got.Enabled())
			}
		})
	}
}

func isASCII(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return true
}

func TestSendRefusesUnknownTLSMode(t *testing.T) {
	srv := mailtest.Start(t)
	cfg := config(srv)
	cfg.TLS = "ssl"
	err := send(t, cfg, mail.Message{To: "ann@example.org", Subject: "Hej", Body: "x"})
	if err == nil || !strings.Contains(err.Error(), `unknown TLS mode "ssl"`) {
		t.Fatalf("err = %v, want one about the TLS mode", err)
	}
}

type counter struct{ sent, failed int }

func (c *counter) MailSent()   { c.sent++ }
func (c *counter) MailFailed() { c.failed++ }

// TestCountedCountsSentAndFailed: a counted sender counts each mail the server takes and
// each it refuses; one without an SMTP server counts nothing, as it sends nothing.
func TestCountedCountsSentAndFailed(t *testing.T) {
	ctx := context.Background()
	var c counter
	ok := mail.Counted(mail.New(config(mailtest.Start(t)), discard), &c)
	refusing := mail.Counted(mail.New(config(mailtest.Start(t, mailtest.RejectRcpt())), discard), &c)
	off := mail.Counted(mail.New(mail.Config{}, discard), &c)
	for _, s := range []mail.Sender{ok, ok, refusing, off} {
		s.Send(ctx, mail.Message{To: "ann@example.org", Subject: "Hej", Body: "x"})
	}
	if c.sent != 2 || c.failed != 1 {
		t.Errorf("counted %d sent and %d failed, want 2 and 1", c.sent, c.failed)
	}
	if e, _ := off.(interface{ Enabled() bool }); e == nil || e.Enabled() {
		t.Error("a sender without an SMTP server is counted as enabled")
	}
	if e, _ := ok.(interface{ Enabled() bool }); e == nil || !e.Enabled() {
		t.Error("a counted SMTP sender does not say it is enabled")
	}
}
