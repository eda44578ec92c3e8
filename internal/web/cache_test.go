package web

import (
	"strings"
	"testing"
	"time"

	"klimaspor/internal/web/sitetest"
)

// TestExportThroughTheCache: a cached file stays a download, and the page beside it stays a
// page.
func TestExportThroughTheCache(t *testing.T) {
	_, ts := sitetest.Start(t, New)
	path := "/kommuner/101?eksport=indsatser&format=csv"
	first := sitetest.Fetch(t, ts.URL+path, nil, "da")
	second := sitetest.Fetch(t, ts.URL+path, nil, "da")
	for i, f := range []sitetest.Fetched{first, second} {
		if f.Status != 200 || !strings.HasPrefix(f.Header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(f.Header.Get("Content-Disposition"), "attachment; ") || f.Header.Get("ETag") == "" {
			t.Errorf("fetch %d: %d %q %q ETag %q", i+1, f.Status, f.Header.Get("Content-Type"), f.Header.Get("Content-Disposition"), f.Header.Get("ETag"))
		}
	}
	if first.Body != second.Body {
		t.Error("the cached file differs")
	}
	page := sitetest.Fetch(t, ts.URL+"/kommuner/101", nil, "da")
	sitetest.CheckPage(t, page, "da")
	if page.Header.Get("Content-Disposition") != "" || page.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Error("the page shares the file's headers or ETag")
	}
	gz := sitetest.Fetch(t, ts.URL+path, map[string]string{"Accept-Encoding": "gzip"}, "da")
	if gz.Header.Get("Content-Disposition") == "" {
		t.Error("the gzipped file is not a download")
	}
	nm := sitetest.Fetch(t, ts.URL+path, map[string]string{"If-None-Match": first.Header.Get("ETag")}, "da")
	if nm.Status != 304 {
		t.Errorf("If-None-Match: status %d, want 304", nm.Status)
	}
}

// TestCacheTurnsWithTheDay: a cached page is not served on the next day (Danish time), even
// when nothing was written: what is overdue and which target counts change at midnight.
func TestCacheTurnsWithTheDay(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	now := time.Date(2026, 12, 4, 22, 30, 0, 0, time.UTC) // 23:30 in Copenhagen
	s.Clock = func() time.Time { return now }
	before := sitetest.Fetch(t, ts.URL+"/", nil, "da")
	if again := sitetest.Fetch(t, ts.URL+"/", nil, "da"); again.Header.Get("ETag") != before.Header.Get("ETag") {
		t.Fatal("the same day's page has another ETag")
	}
	now = now.Add(time.Hour) // 00:30 the next day in Copenhagen, still 4 December in UTC
	after := sitetest.Fetch(t, ts.URL+"/", nil, "da")
	if after.Header.Get("ETag") == before.Header.Get("ETag") {
		t.Error("the next day's page is the cached one of the day before")
	}
}
