package mail

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// ErrHeaderInjection is returned for a recipient or subject holding a line break, which could
// otherwise add headers of the caller's choosing.
var ErrHeaderInjection = errors.New("line break in header field")

// compose checks m and renders it as an RFC 5322 message with CRLF line endings. It returns the
// parsed recipient for RCPT TO.
func compose(from *mail.Address, m Message, now time.Time) (*mail.Address, []byte, error) {
	if strings.ContainsAny(m.To, "\r\n") {
		return nil, nil, fmt.Errorf("to: %w", ErrHeaderInjection)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, nil, fmt.Errorf("subject: %w", ErrHeaderInjection)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, nil, fmt.Errorf("to address %q: %w", m.To, err)
	}
	id := messageID(from.Address)

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(fold(name, value)) }
	// Address.String Q-encodes a display name that is not ASCII.
	header("From", from.String())
	header("To", to.String())
	// Encode leaves ASCII subjects as they are.
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")

	// Quoted-printable keeps every line short and 7-bit, and turns the body's line breaks
	// (\n or \r\n) into CRLF.
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(m.Body)); err != nil {
		return nil, nil, fmt.Errorf("encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, nil, fmt.Errorf("encode body: %w", err)
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return to, b.Bytes(), nil
}

// messageID returns a unique Message-ID in the sender's domain.
func messageID(fromAddr string) string {
	domain := "klimaspor.invalid"
	if i := strings.LastIndexByte(fromAddr, '@'); i >= 0 && i+1 < len(fromAddr) {
		domain = fromAddr[i+1:]
	}
	return "<" + rand.Text() + "@" + domain + ">"
}

// maxLineLen is the line length RFC 5322 asks header lines to keep to.
const maxLineLen = 78

// fold renders a header field, breaking a line longer than maxLineLen at a space in the value;
// each continuation line begins with the space it was broken at. Q-encoding separates its
// encoded words with spaces that are not part of the text, so an encoded subject folds without
// changing. A word longer than a line stays whole.
func fold(name, value string) string {
	var b strings.Builder
	line := name + ": " + value
	// The first break may come right after the colon, for a first encoded word that would not
	// fit beside the name (mime.QEncoding makes words of up to 75 characters).
	start := len(name) + 1
	for len(line) > maxLineLen {
		cut := strings.LastIndexByte(line[:maxLineLen+1], ' ')
		if cut < start {
			i := strings.IndexByte(line[start:], ' ')
			if i < 0 {
				break
			}
			cut = start + i
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n")
		line = line[cut:]
		start = 1 // a continuation line starts with its space
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}
