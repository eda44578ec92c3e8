// Package mailtest runs a real SMTP server on loopback inside a test, so mail code is tested
// through a real SMTP client and real sockets. It speaks the subset of SMTP a client uses:
// EHLO/HELO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT.
package mailtest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Received is one message the server accepted.
type Received struct {
	From string   // the MAIL FROM address
	To   []string // the RCPT TO addresses
	Data []byte   // the message as sent, CRLF line endings, dots unstuffed
	// Header is parsed from Data; nil if Data did not parse.
	Header mail.Header
	// Body is the body decoded from quoted-printable when the message says so, with line
	// endings normalised to \n.
	Body string
	TLS  bool   // whether the session was encrypted (STARTTLS or implicit TLS)
	Auth string // the user that authenticated, "" if none
}

// Option configures a Server.
type Option func(*Server)

// WithAuth advertises AUTH PLAIN and accepts only this user and password; other credentials get
// 535, and MAIL without authentication gets 530.
func WithAuth(user, password string) Option {
	return func(s *Server) { s.user, s.password = user, password }
}

// WithSTARTTLS advertises STARTTLS with a self-signed certificate for 127.0.0.1 and localhost;
// clients trust it through RootCAs.
func WithSTARTTLS() Option { return func(s *Server) { s.startTLS = true } }

// WithImplicitTLS speaks TLS from the first byte, like port 465, with the same certificate.
func WithImplicitTLS() Option { return func(s *Server) { s.implicitTLS = true } }

// RejectRcpt answers RCPT TO with 550 for these addresses, or for every address if none given.
func RejectRcpt(addrs ...string) Option {
	return func(s *Server) {
		s.rejectAllRcpt = len(addrs) == 0
		for _, a := range addrs {
			s.rejectRcpt[strings.ToLower(a)] = true
		}
	}
}

// RejectData answers the end of DATA with 554, so the message is refused after it was sent.
func RejectData() Option { return func(s *Server) { s.rejectData = true } }

// Silent accepts connections but never sends the greeting, to test client deadlines.
func Silent() Option { return func(s *Server) { s.silent = true } }

// Server is an SMTP server listening on 127.0.0.1 for the length of a test.
type Server struct {
	user, password string
	startTLS       bool
	implicitTLS    bool
	rejectRcpt     map[string]bool
	rejectAllRcpt  bool
	rejectData     bool
	silent         bool

	ln      net.Listener
	tlsConf *tls.Config
	roots   *x509.CertPool
	done    chan struct{} // closed when the server shuts down
	wg      sync.WaitGroup

	onDeliver func(Received) // the child process's report (process.go), or nil

	mu       sync.Mutex
	conns    map[net.Conn]bool
	messages []Received
	changed  chan struct{} // closed and replaced whenever a message arrives
}

// Start starts a server on 127.0.0.1:0; it stops when the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := newServer(opts...)
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	t.Cleanup(s.close)
	return s
}

// newServer starts a server on 127.0.0.1:0.
func newServer(opts ...Option) (*Server, error) {
	s := &Server{
		rejectRcpt: map[string]bool{},
		done:       make(chan struct{}),
		conns:      map[net.Conn]bool{},
		changed:    make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	if s.startTLS || s.implicitTLS {
		conf, roots, err := selfSigned()
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		s.tlsConf, s.roots = conf, roots
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if s.implicitTLS {
		ln = tls.NewListener(ln, s.tlsConf)
	}
	s.ln = ln
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// Addr is host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Host is always 127.0.0.1.
func (s *Server) Host() string { return s.ln.Addr().(*net.TCPAddr).IP.String() }

// Port is the port the server listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// RootCAs holds the self-signed certificate when TLS is on, nil otherwise.
func (s *Server) RootCAs() *x509.CertPool { return s.roots }

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// WaitFor waits until at least n messages have arrived and returns them; it fails the test
// after timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if len(s.messages) >= n {
			msgs := slices.Clone(s.messages)
			s.mu.Unlock()
			return msgs
		}
		changed := s.changed
		got := len(s.messages)
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			t.Fatalf("mailtest: got %d messages within %v, want %d", got, timeout, n)
			return nil
		}
	}
}

func (s *Server) close() {
	close(s.done)
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		s.mu.Lock()
		select {
		case <-s.done:
			s.mu.Unlock()
			c.Close()
			return
		default:
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.session(c)
		}()
	}
}

func (s *Server) deliver(r Received) {
	if s.onDeliver != nil {
		s.onDeliver(r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

// maxLine bounds a command or text line (RFC 5321 says 512 and 1000; we are lenient).
const maxLine = 4096

// session runs one SMTP conversation.
type session struct {
	s    *Server
	r    *bufio.Reader
	w    *bufio.Writer
	tls  bool
	auth string

	helo bool
	from string
	rcpt []string
	mail bool // MAIL seen
}

func (s *Server) session(c net.Conn) {
	if s.silent {
		<-s.done
		return
	}
	// A client that goes quiet must not keep this goroutine forever.
	c.SetDeadline(time.Now().Add(30 * time.Second))
	ss := &session{s: s, r: bufio.NewReaderSize(c, maxLine), w: bufio.NewWriter(c), tls: s.implicitTLS}
	ss.reply(220, "mailtest ESMTP ready")
	for {
		line, err := ss.readLine()
		if err != nil {
			if errors.Is(err, errLineTooLong) {
				ss.reply(500, "5.5.2 line too long")
				continue
			}
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ss.hello(strings.ToUpper(verb), arg)
		case "STARTTLS":
			if !ss.startTLS(c) {
				return
			}
		case "AUTH":
			ss.authenticate(arg)
		case "MAIL":
			ss.mailFrom(arg)
		case "RCPT":
			ss.rcptTo(arg)
		case "DATA":
			if !ss.data() {
				return
			}
		case "RSET":
			ss.reset()
			ss.reply(250, "2.0.0 ok")
		case "NOOP":
			ss.reply(250, "2.0.0 ok")
		case "QUIT":
			ss.reply(221, "2.0.0 bye")
			return
		default:
			ss.reply(502, "5.5.2 command not implemented")
		}
	}
}

// hello answers EHLO or HELO, offering what the server has; it starts a new transaction.
func (ss *session) hello(verb, arg string) {
	s := ss.s
	ss.reset()
	ss.helo = true
	if verb == "HELO" {
		ss.reply(250, "mailtest")
		return
	}
	lines := []string{"mailtest greets " + arg, "8BITMIME"}
	if s.startTLS && !ss.tls {
		lines = append(lines, "STARTTLS")
	}
	if s.user != "" {
		lines = append(lines, "AUTH PLAIN")
	}
	ss.reply(250, lines...)
}

// startTLS answers STARTTLS and, where offered, makes the handshake on c; it reports whether
// the session goes on.
func (ss *session) startTLS(c net.Conn) bool {
	s := ss.s
	if !s.startTLS || ss.tls {
		ss.reply(502, "5.5.1 STARTTLS not available")
		return true
	}
	ss.reply(220, "2.0.0 ready to start TLS")
	tc := tls.Server(c, s.tlsConf)
	if err := tc.Handshake(); err != nil {
		return false
	}
	// Everything said before the handshake is forgotten (RFC 3207).
	*ss = session{s: s, r: bufio.NewReaderSize(tc, maxLine), w: bufio.NewWriter(tc), tls: true}
	return true
}

// mailFrom answers MAIL FROM.
func (ss *session) mailFrom(arg string) {
	addr, ok := pathArg(arg, "FROM:")
	switch {
	case !ss.helo:
		ss.reply(503, "5.5.1 say EHLO first")
	case ss.mail:
		ss.reply(503, "5.5.1 nested MAIL")
	case ss.s.user != "" && ss.auth == "":
		ss.reply(530, "5.7.0 authentication required")
	case !ok:
		ss.reply(501, "5.5.4 syntax: MAIL FROM:<address>")
	default:
		ss.mail, ss.from = true, addr
		ss.reply(250, "2.1.0 ok")
	}
}

// rcptTo answers RCPT TO, refusing the recipients the server is told to.
func (ss *session) rcptTo(arg string) {
	s := ss.s
	addr, ok := pathArg(arg, "TO:")
	switch {
	case !ss.mail:
		ss.reply(503, "5.5.1 need MAIL first")
	case !ok || addr == "":
		ss.reply(501, "5.5.4 syntax: RCPT TO:<address>")
	case s.rejectAllRcpt || s.rejectRcpt[strings.ToLower(addr)]:
		ss.reply(550, "5.1.1 mailbox unavailable")
	default:
		ss.rcpt = append(ss.rcpt, addr)
		ss.reply(250, "2.1.5 ok")
	}
}

// data answers DATA: it reads the message and delivers it, unless told to refuse it; it
// reports whether the session goes on.
func (ss *session) data() bool {
	s := ss.s
	if len(ss.rcpt) == 0 {
		ss.reply(503, "5.5.1 need RCPT first")
		return true
	}
	ss.reply(354, "end data with <CR><LF>.<CR><LF>")
	data, err := ss.readData()
	switch {
	case errors.Is(err, errLineTooLong):
		ss.reply(500, "5.5.2 line too long")
	case err != nil:
		return false
	case s.rejectData:
		ss.reply(554, "5.6.0 message refused")
	default:
		s.deliver(received(ss.from, ss.rcpt, data, ss.tls, ss.auth))
		ss.reply(250, "2.0.0 queued")
	}
	ss.reset()
	return true
}

func (ss *session) reset() { ss.mail, ss.from, ss.rcpt = false, "", nil }

func (ss *session) authenticate(arg string) {
	mech, initial, _ := strings.Cut(arg, " ")
	switch {
	case ss.s.user == "":
		ss.reply(502, "5.5.1 AUTH not available")
		return
	case ss.auth != "":
		ss.reply(503, "5.5.1 already authenticated")
		return
	case ss.mail:
		ss.reply(503, "5.5.1 AUTH not allowed during a mail transaction")
		return
	case !strings.EqualFold(mech, "PLAIN"):
		ss.reply(504, "5.5.4 only PLAIN")
		return
	}
	if initial == "" {
		ss.reply(334, "")
		line, err := ss.readLine()
		if err != nil {
			return
		}
		initial = line
	}
	if initial == "*" {
		ss.reply(501, "5.0.0 authentication cancelled")
		return
	}
	raw, err := base64.StdEncoding.DecodeString(initial)
	if err != nil {
		ss.reply(501, "5.5.2 bad base64")
		return
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 {
		ss.reply(501, "5.5.2 bad PLAIN response")
		return
	}
	if parts[1] != ss.s.user || parts[2] != ss.s.password {
		ss.reply(535, "5.7.8 authentication credentials invalid")
		return
	}
	ss.auth = parts[1]
	ss.reply(235, "2.7.0 authentication successful")
}

// pathArg takes the address out of "FROM:<a@b> BODY=8BITMIME".
func pathArg(arg, prefix string) (string, bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if !strings.HasPrefix(rest, "<") {
		return "", false
	}
	addr, _, ok := strings.Cut(rest[1:], ">")
	return addr, ok
}

// reply writes a reply, as a multi-line reply when given several lines.
func (ss *session) reply(code int, lines ...string) {
	if len(lines) == 0 {
		lines = []string{""}
	}
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		fmt.Fprintf(ss.w, "%d%s%s\r\n", code, sep, l)
	}
	ss.w.Flush()
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its line ending.
func (ss *session) readLine() (string, error) {
	line, err := ss.readRaw()
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(line), "\r\n"), nil
}

// readRaw reads one line with its line ending. A line longer than maxLine is read to its end
// and reported as errLineTooLong.
func (ss *session) readRaw() ([]byte, error) {
	line, err := ss.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = ss.r.ReadSlice('\n')
		}
		if err != nil {
			return nil, err
		}
		return nil, errLineTooLong
	}
	if err != nil {
		return nil, err
	}
	return bytes.Clone(line), nil
}

// readData reads the DATA section up to the lone dot, undoing dot-stuffing and keeping CRLF.
// A line that is too long is reported as errLineTooLong once the whole section is read.
func (ss *session) readData() ([]byte, error) {
	var b bytes.Buffer
	tooLong := false
	for {
		line, err := ss.readRaw()
		if errors.Is(err, errLineTooLong) {
			tooLong = true
			continue
		}
		if err != nil {
			return nil, err
		}
		text := bytes.TrimRight(line, "\r\n")
		if string(text) == "." {
			if tooLong {
				return nil, errLineTooLong
			}
			return b.Bytes(), nil
		}
		text = bytes.TrimPrefix(text, []byte("."))
		b.Write(text)
		b.WriteString("\r\n")
	}
}

func received(from string, to []string, data []byte, tls bool, auth string) Received {
	r := Received{From: from, To: slices.Clone(to), Data: data, TLS: tls, Auth: auth}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		r.Body = string(data)
		return r
	}
	r.Header = msg.Header
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		raw = data
	}
	r.Body = strings.ReplaceAll(string(raw), "\r\n", "\n")
	return r
}

// selfSigned makes a short-lived certificate for 127.0.0.1 and localhost, and a pool that
// trusts it.
func selfSigned() (*tls.Config, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	conf := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}
	return conf, roots, nil
}
