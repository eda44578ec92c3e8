package page

import (
	"net/http/httptest"
	"testing"
	"time"

	"klimaspor/internal/i18n"
)

// The printout's header shows the page's address: from the configured base URL, never from the
// Host a client sends, which the page cache would then serve to every reader.
func TestPageAddress(t *testing.T) {
	day := time.Date(2026, 12, 3, 23, 30, 0, 0, time.UTC) // 4 December in Copenhagen
	for _, c := range []struct{ base, want string }{
		{"", "/kommuner/101?a=1"},
		{"https://klimaspor.example.dk", "https://klimaspor.example.dk/kommuner/101?a=1"},
	} {
		s := &Site{BaseURL: c.base, Clock: func() time.Time { return day }}
		r := httptest.NewRequest("GET", "http://evil.example/kommuner/101?a=1", nil)
		p := s.NewPage(r, i18n.For(i18n.Danish), "København")
		if p.Address != c.want {
			t.Errorf("base %q: Address %q, want %q", c.base, p.Address, c.want)
		}
		if got := p.DataDate.Format("2006-01-02"); got != "2026-12-04" {
			t.Errorf("DataDate %s, want 2026-12-04 (the day in Danish time)", got)
		}
	}
}
