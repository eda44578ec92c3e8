package mailtest_test

import (
	"encoding/base64"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/mail/mailtest"
)

// step is one command and the reply code it must get.
type step struct {
	cmd  string
	code int
	text string // must appear in the reply, when set
}

func run(t *testing.T, srv *mailtest.Server, steps []step) {
	t.Helper()
	c, err := textproto.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, _, err := c.ReadResponse(220); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	for _, s := range steps {
		id, err := c.Cmd("%s", s.cmd)
		if err != nil {
			t.Fatalf("%s: %v", s.cmd, err)
		}
		c.StartResponse(id)
		code, msg, err := c.ReadResponse(s.code)
		c.EndResponse(id)
		if err != nil {
			t.Fatalf("%s: got %d %q (%v), want %d", s.cmd, code, msg, err, s.code)
		}
		if !strings.Contains(msg, s.text) {
			t.Errorf("%s: reply %q lacks %q", s.cmd, msg, s.text)
		}
	}
}

func TestProtocol(t *testing.T) {
	plain := func(user, pw string) string {
		return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pw))
	}
	tests := []struct {
		name  string
		opts  []mailtest.Option
		steps []step
	}{
		{name: "EHLO lists the extensions on several lines", opts: []mailtest.Option{mailtest.WithAuth("u", "p"), mailtest.WithSTARTTLS()}, steps: []step{
			{cmd: "EHLO client.example", code: 250, text: "8BITMIME\nSTARTTLS\nAUTH PLAIN"},
		}},
		{name: "HELO, NOOP, unknown command, QUIT", steps: []step{
			{cmd: "HELO client.example", code: 250},
			{cmd: "NOOP", code: 250},
			{cmd: "VRFY ann", code: 502},
			{cmd: "QUIT", code: 221},
		}},
		{name: "commands out of order", steps: []step{
			{cmd: "MAIL FROM:<a@example.org>", code: 503},
			{cmd: "EHLO client.example", code: 250},
			{cmd: "RCPT TO:<b@example.org>", code: 503},
			{cmd: "DATA", code: 503},
			{cmd: "MAIL FROM:<a@example.org> BODY=8BITMIME", code: 250},
			{cmd: "MAIL FROM:<a@example.org>", code: 503},
			{cmd: "RCPT TO:b@example.org", code: 501},
			{cmd: "RSET", code: 250},
			{cmd: "RCPT TO:<b@example.org>", code: 503},
		}},
		{name: "AUTH PLAIN with and without an initial response", opts: []mailtest.Option{mailtest.WithAuth("u", "p")}, steps: []step{
			{cmd: "EHLO client.example", code: 250},
			{cmd: "MAIL FROM:<a@example.org>", code: 530},
			{cmd: "AUTH PLAIN " + plain("u", "wrong"), code: 535},
			{cmd: "AUTH LOGIN", code: 504},
			{cmd: "AUTH PLAIN", code: 334},
			{cmd: plain("u", "p"), code: 235},
			{cmd: "AUTH PLAIN " + plain("u", "p"), code: 503},
			{cmd: "MAIL FROM:<a@example.org>", code: 250},
		}},
		{name: "no AUTH unless configured", steps: []step{
			{cmd: "EHLO client.example", code: 250},
			{cmd: "AUTH PLAIN " + plain("u", "p"), code: 502},
			{cmd: "STARTTLS", code: 502},
		}},
		{name: "a line that is too long", steps: []step{
			{cmd: "NOOP " + strings.Repeat("x", 5000), code: 500},
			{cmd: "NOOP", code: 250},
		}},
		{name: "rejected recipient", opts: []mailtest.Option{mailtest.RejectRcpt("bad@example.org")}, steps: []step{
			{cmd: "EHLO client.example", code: 250},
			{cmd: "MAIL FROM:<a@example.org>", code: 250},
			{cmd: "RCPT TO:<BAD@example.org>", code: 550},
			{cmd: "RCPT TO:<good@example.org>", code: 250},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, tt.opts...)
			run(t, srv, tt.steps)
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("got %d messages, want none", n)
			}
		})
	}
}

func TestDataIsUnstuffedAndDecoded(t *testing.T) {
	srv := mailtest.Start(t)
	c, err := textproto.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, _, err := c.ReadResponse(220); err != nil {
		t.Fatal(err)
	}
	for _, s := range []step{
		{cmd: "EHLO client.example", code: 250},
		{cmd: "MAIL FROM:<a@example.org>", code: 250},
		{cmd: "RCPT TO:<b@example.org>", code: 250},
		{cmd: "RCPT TO:<c@example.org>", code: 250},
		{cmd: "DATA", code: 354},
	} {
		if _, err := c.Cmd("%s", s.cmd); err != nil {
			t.Fatal(err)
		}
		if _, msg, err := c.ReadResponse(s.code); err != nil {
			t.Fatalf("%s: %q %v", s.cmd, msg, err)
		}
	}
	// DotWriter stuffs the dots, as a real client does.
	w := c.DotWriter()
	w.Write([]byte("Subject: Hej\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n.first\r\n..second\r\nS=C3=B8ren =\r\nfortsat\r\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, msg, err := c.ReadResponse(250); err != nil {
		t.Fatalf("end of DATA: %q %v", msg, err)
	}

	got := srv.WaitFor(t, 1, time.Second)[0]
	if diff := cmp.Diff([]string{"b@example.org", "c@example.org"}, got.To); diff != "" {
		t.Errorf("To (-want +got):\n%s", diff)
	}
	if got.From != "a@example.org" || got.Header.Get("Subject") != "Hej" {
		t.Errorf("From = %q, Subject = %q", got.From, got.Header.Get("Subject"))
	}
	if want := ".first\n..second\nSøren fortsat\n"; got.Body != want {
		t.Errorf("Body = %q, want %q", got.Body, want)
	}
	if !strings.Contains(string(got.Data), "\r\n.first\r\n..second\r\n") {
		t.Errorf("Data = %q, want the dots unstuffed and CRLF kept", got.Data)
	}
}

func TestWaitForFailsAfterTimeout(t *testing.T) {
	srv := mailtest.Start(t)
	ft := &fakeT{TB: t}
	got := srv.WaitFor(ft, 1, 10*time.Millisecond)
	if !ft.failed || got != nil {
		t.Error("WaitFor returned without failing")
	}
}

// fakeT records Fatalf instead of ending the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(string, ...any) {
	f.failed = true
}
