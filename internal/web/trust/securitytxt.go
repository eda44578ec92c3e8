package trust

import (
	"net/http"
	"strings"
	"time"

	"klimaspor/internal/web/page"
)

// expiresAfter is how far ahead security.txt's Expires lies: RFC 9116 requires the field and
// recommends less than a year, so that a stale file is noticed.
const expiresAfter = 90 * 24 * time.Hour

// securityTxt is /.well-known/security.txt (RFC 9116): the operator's contact for reporting
// vulnerabilities, the languages reports may be written in, and, when the site knows its
// address, where the file canonically is. Without a contact there is no file (404): the RFC
// requires one and Klimaspor cannot invent it. The file is made from the running
// configuration on each request, so its Expires is counted from today (the end of the day
// 90 days on, the same all day): it is as fresh as the configuration, which is read at every
// start, and never in the past.
func (s *Pages) securityTxt(w http.ResponseWriter, r *http.Request) error {
	if s.set.SecurityContact == "" {
		return page.ErrNotFound
	}
	now := s.Now().UTC()
	expires := time.Date(now.Year(), now.Month(), now.Day(), 23, 59, 59, 0, time.UTC).Add(expiresAfter)
	var b strings.Builder
	b.WriteString("Contact: " + s.set.SecurityContact + "\n")
	b.WriteString("Expires: " + expires.Format(time.RFC3339) + "\n")
	b.WriteString("Preferred-Languages: da, en\n")
	if s.BaseURL != "" {
		b.WriteString("Canonical: " + s.BaseURL + SecurityTxtPath + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write([]byte(b.String()))
	return err
}
