// Package mail sends the few emails sign-in needs (password reset, invitations): plain text in
// UTF-8 over SMTP, with the standard library's client. When no SMTP server is configured, New
// returns a sender that only logs, so the product runs without mail.
package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"strconv"
	"strings"
	"time"
)

// TLS modes for Config.TLS.
const (
	// TLSStartTLS upgrades a plain connection with STARTTLS. It is the default. A server that
	// does not offer STARTTLS is refused, except on loopback, because the bodies hold secret
	// links.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (SMTPS, usually port 465).
	TLSImplicit = "tls"
	// TLSNone never encrypts. Only for loopback relays and tests.
	TLSNone = "none"
)

// defaultTimeout bounds a whole send when Config.Timeout is zero.
const defaultTimeout = 30 * time.Second

// Config says how to reach the SMTP server. The zero Config means mail is not configured.
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // address, optionally with a display name: "Klimaspor <noreply@example.dk>"
	TLS      string // TLSStartTLS (also for ""), TLSImplicit or TLSNone
	// Timeout bounds one send, on top of the context's deadline; zero means 30 seconds.
	Timeout time.Duration
	// RootCAs, when set, replaces the system roots for verifying the server; tests use it to
	// trust mailtest's self-signed certificate.
	RootCAs *x509.CertPool
}

// Enabled reports whether an SMTP server is configured.
func (c Config) Enabled() bool { return c.Host != "" }

// ConfigFromEnv reads the KLIMASPOR_SMTP_* variables through getenv (os.Getenv in main). An
// empty KLIMASPOR_SMTP_HOST means mail is not configured: the zero Config and no error.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	host := strings.TrimSpace(getenv("KLIMASPOR_SMTP_HOST"))
	if host == "" {
		return Config{}, nil
	}
	cfg := Config{
		Host:     host,
		Username: getenv("KLIMASPOR_SMTP_USERNAME"),
		Password: getenv("KLIMASPOR_SMTP_PASSWORD"),
		From:     strings.TrimSpace(getenv("KLIMASPOR_SMTP_FROM")),
		TLS:      strings.ToLower(strings.TrimSpace(getenv("KLIMASPOR_SMTP_TLS"))),
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return Config{}, fmt.Errorf("mail: KLIMASPOR_SMTP_TLS %q: want starttls, tls or none", cfg.TLS)
	}
	cfg.Port = 587
	if cfg.TLS == TLSImplicit {
		cfg.Port = 465
	}
	if p := strings.TrimSpace(getenv("KLIMASPOR_SMTP_PORT")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, fmt.Errorf("mail: KLIMASPOR_SMTP_PORT %q: want a number from 1 to 65535", p)
		}
		cfg.Port = n
	}
	if cfg.From == "" {
		return Config{}, errors.New("mail: KLIMASPOR_SMTP_FROM is required when KLIMASPOR_SMTP_HOST is set")
	}
	if _, err := mail.ParseAddress(cfg.From); err != nil {
		return Config{}, fmt.Errorf("mail: KLIMASPOR_SMTP_FROM %q: %w", cfg.From, err)
	}
	if (cfg.Username == "") != (cfg.Password == "") {
		return Config{}, errors.New("mail: set both KLIMASPOR_SMTP_USERNAME and KLIMASPOR_SMTP_PASSWORD, or neither")
	}
	return cfg, nil
}

// Message is one plain-text email to one recipient.
type Message struct {
	To      string // address, optionally with a display name
	Subject string
	Body    string // plain text; may hold secret links, so it is never logged
}

// Sender sends messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns a Sender for cfg: an SMTP sender when cfg is Enabled, otherwise one that logs
// each message's recipient and subject at WARN and returns nil.
func New(cfg Config, log *slog.Logger) Sender {
	if log == nil {
		log = slog.Default()
	}
	if !cfg.Enabled() {
		return logSender{log: log}
	}
	return &smtpSender{cfg: cfg, log: log}
}

// logSender stands in when no SMTP server is configured.
type logSender struct{ log *slog.Logger }

// Enabled is false: nothing is sent.
func (s logSender) Enabled() bool { return false }

func (s logSender) Send(ctx context.Context, m Message) error {
	// The body is left out on purpose: it holds reset and invitation links.
	s.log.WarnContext(ctx, "mail: not configured, message not sent", "to", m.To, "subject", m.Subject)
	return nil
}

type smtpSender struct {
	cfg Config
	log *slog.Logger
}

// Enabled is true: messages go to the SMTP server.
func (s *smtpSender) Enabled() bool { return true }

func (s *smtpSender) Send(ctx context.Context, m Message) error {
	timeout := s.cfg.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.send(ctx, m); err != nil {
		ctxErr := ctx.Err()
		if ctxErr == nil && errors.Is(err, os.ErrDeadlineExceeded) {
			// The connection's deadline is the context's, and may pass a moment before the
			// context's timer marks it done.
			ctxErr = context.DeadlineExceeded
		}
		if ctxErr != nil && !errors.Is(err, ctxErr) {
			// The connection only saw its deadline pass; say why.
			err = fmt.Errorf("%w: %w", ctxErr, err)
		}
		return fmt.Errorf("mail: send to %s: %w", m.To, err)
	}
	s.log.InfoContext(ctx, "mail: sent", "to", m.To, "subject", m.Subject)
	return nil
}

func (s *smtpSender) send(ctx context.Context, m Message) (err error) {
	from, err := mail.ParseAddress(s.cfg.From)
	if err != nil {
		return fmt.Errorf("from address %q: %w", s.cfg.From, err)
	}
	switch s.cfg.TLS {
	case "", TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("unknown TLS mode %q", s.cfg.TLS)
	}
	to, msg, err := compose(from, m, time.Now())
	if err != nil {
		return err
	}

	deadline, _ := ctx.Deadline() // Send always sets one

	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	tlsConfig := &tls.Config{ServerName: s.cfg.Host, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12}
	var conn net.Conn
	if s.cfg.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{Config: tlsConfig}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("dial %s: %w", addr, err)
	}
	// The deadline covers every read and write of the session; cancelling the context cuts it
	// short as well.
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return fmt.Errorf("set deadline: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()

	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("greeting from %s: %w", addr, err)
	}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	if err := c.Hello(heloName()); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	switch s.cfg.TLS {
	case TLSImplicit, TLSNone:
	case "", TLSStartTLS:
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return fmt.Errorf("STARTTLS: %w", err)
			}
		} else if !isLoopback(s.cfg.Host) {
			return fmt.Errorf("%s does not offer STARTTLS; set KLIMASPOR_SMTP_TLS to tls or none", addr)
		}
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("%s does not offer AUTH", addr)
		}
		// PlainAuth refuses to send the password unencrypted except to loopback.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("AUTH as %s: %w", s.cfg.Username, err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return fmt.Errorf("write message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end of DATA: %w", err)
	}
	// The server has taken the message; a failed QUIT does not unsend it.
	if err := c.Quit(); err != nil {
		c.Close()
	}
	return nil
}

// heloName is the name the client greets with; servers may refuse a bare "localhost".
func heloName() string {
	h, err := os.Hostname()
	if err != nil || h == "" || strings.ContainsAny(h, " \r\n\t") {
		return "localhost"
	}
	return h
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Counter counts the mails sent and those that could not be sent (package metrics).
type Counter interface {
	MailSent()
	MailFailed()
}

// Counted is s counting each message it sends, or fails to, with c. A sender that sends
// nothing (no SMTP server: it only logs) is returned as it is.
func Counted(s Sender, c Counter) Sender {
	if e, ok := s.(interface{ Enabled() bool }); !ok || !e.Enabled() || c == nil {
		return s
	}
	return countedSender{s, c}
}

type countedSender struct {
	s Sender
	c Counter
}

// Enabled is true: only a sender that sends is counted.
func (s countedSender) Enabled() bool { return true }

func (s countedSender) Send(ctx context.Context, m Message) error {
	err := s.s.Send(ctx, m)
	if err != nil {
		s.c.MailFailed()
	} else {
		s.c.MailSent()
	}
	return err
}
