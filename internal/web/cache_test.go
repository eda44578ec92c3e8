package web

import (
	"strings"
	"testing"

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
