package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
)

// sitePages are one page of each kind, found from the front page and the actions list.
func sitePages(t *testing.T, base string) []string {
	t.Helper()
	pages := []string{"/", "/kommuner/101", "/indsatser", "/noegletal/co2e_total_t", "/sammenlign", "/sammenlign?indicator=co2e_total_t"}
	home := fetch(t, base+"/", nil, "da")
	if m := regexp.MustCompile(`href="(/projekter/[^"]+)"`).FindStringSubmatch(home.body); m != nil {
		pages = append(pages, m[1])
	} else {
		t.Error("no project link on the front page")
	}
	list := fetch(t, base+"/indsatser", nil, "da")
	if m := regexp.MustCompile(`href="(/indsatser/[0-9]+)"`).FindStringSubmatch(list.body); m != nil {
		pages = append(pages, m[1])
	} else {
		t.Error("no action link on the actions list")
	}
	return pages
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	s, ts := newTestServer(t)
	paths := append(sitePages(t, ts.URL), "/findes-ikke", s.CSSPath(), "/sprog?lang=en&next=/")
	for _, p := range paths {
		f := fetch(t, ts.URL+p, nil, "")
		for _, kv := range securityHeaders {
			if got := f.header.Get(kv[0]); got != kv[1] {
				t.Errorf("%s: %s = %q, want %q", p, kv[0], got, kv[1])
			}
		}
		if strings.Contains(f.body, "style=") || strings.Contains(f.body, "<script") {
			t.Errorf("%s: inline style or script, which the CSP forbids", p)
		}
	}
	css := fetch(t, ts.URL+s.CSSPath(), nil, "")
	if cc := css.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("stylesheet Cache-Control = %q", cc)
	}
}

func TestETagAndNotModified(t *testing.T) {
	s, ts := newTestServer(t)
	for _, p := range sitePages(t, ts.URL) {
		f := fetch(t, ts.URL+p, nil, "da")
		tag := f.header.Get("ETag")
		if f.status != 200 || tag == "" || strings.HasPrefix(tag, "W/") {
			t.Fatalf("%s: status %d, ETag %q; want 200 with a strong tag", p, f.status, tag)
		}
		if cc := f.header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", p, cc)
		}
		if v := f.header.Get("Vary"); v != "Accept-Encoding, Cookie, Accept-Language" {
			t.Errorf("%s: Vary %q", p, v)
		}
		again := fetch(t, ts.URL+p, map[string]string{"If-None-Match": tag}, "da")
		if again.status != http.StatusNotModified || again.body != "" {
			t.Errorf("%s: repeat view with the ETag: %d, %d bytes; want 304 and no body", p, again.status, len(again.body))
		}
		en := fetch(t, ts.URL+p, map[string]string{"If-None-Match": tag}, "en")
		if en.status != 200 || en.header.Get("ETag") == tag {
			t.Errorf("%s: English with the Danish tag: %d, tag %q; want 200 and another tag", p, en.status, en.header.Get("ETag"))
		}
	}
	// Another path or query, another tag.
	a := fetch(t, ts.URL+"/sammenlign", nil, "da").header.Get("ETag")
	b := fetch(t, ts.URL+"/sammenlign?indicator=co2e_total_t", nil, "da").header.Get("ETag")
	if a == b {
		t.Error("two queries share an ETag")
	}

	// A write changes the tag, and the page shows the change: nothing stale from the cache.
	before := fetch(t, ts.URL+"/indsatser", nil, "da")
	ctx := context.Background()
	pg, err := s.db.List(ctx, model.Actions, model.ListQuery{Limit: 1})
	if err != nil || len(pg.Items) == 0 {
		t.Fatalf("list actions: %v", err)
	}
	rec := pg.Items[0]
	ver, _ := rec.Int("version")
	const title = "Ny titel efter en ændring"
	if _, err := s.db.Update(ctx, model.Actions, rec.ID(), ver, model.Record{"title": title}); err != nil {
		t.Fatal(err)
	}
	after := fetch(t, ts.URL+"/indsatser", map[string]string{"If-None-Match": before.header.Get("ETag")}, "da")
	if after.status != 200 || after.header.Get("ETag") == before.header.Get("ETag") {
		t.Errorf("after a write: %d with tag %q (before %q); want 200 and a new tag", after.status, after.header.Get("ETag"), before.header.Get("ETag"))
	}
	detail := fetch(t, ts.URL+"/indsatser/"+idString(rec.ID()), nil, "da")
	if !strings.Contains(detail.body, title) {
		t.Error("the action page does not show the new title after the write")
	}
}

func TestGzip(t *testing.T) {
	for _, cache := range []int{DefaultPageCache, 0} {
		s, ts := newTestServer(t)
		s.SetCache(cache)
		for _, p := range sitePages(t, ts.URL) {
			plain := fetch(t, ts.URL+p, map[string]string{"Accept-Encoding": "identity"}, "da")
			if plain.header.Get("Content-Encoding") != "" {
				t.Fatalf("%s: gzipped for a client that does not take it", p)
			}
			for range 2 { // rendered, then (with the cache) from the cache
				gz := fetch(t, ts.URL+p, map[string]string{"Accept-Encoding": "gzip"}, "da")
				if gz.header.Get("Content-Encoding") != "gzip" {
					t.Fatalf("%s (cache %d): Content-Encoding %q, want gzip", p, cache, gz.header.Get("Content-Encoding"))
				}
				zr, err := gzip.NewReader(strings.NewReader(gz.body))
				if err != nil {
					t.Fatal(err)
				}
				unpacked, err := io.ReadAll(zr)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(unpacked, []byte(plain.body)) {
					t.Errorf("%s (cache %d): the gzipped page unpacks to other HTML (%d vs %d bytes)", p, cache, len(unpacked), len(plain.body))
				}
				if gz.header.Get("ETag") == plain.header.Get("ETag") {
					t.Errorf("%s: the gzipped and plain answers share a strong ETag", p)
				}
				// Either tag answers 304.
				if f := fetch(t, ts.URL+p, map[string]string{"If-None-Match": gz.header.Get("ETag")}, "da"); f.status != 304 {
					t.Errorf("%s: the gzipped tag gives %d, want 304", p, f.status)
				}
			}
		}
		css := fetch(t, ts.URL+s.CSSPath(), map[string]string{"Accept-Encoding": "gzip"}, "")
		if css.header.Get("Content-Encoding") != "gzip" {
			t.Error("the stylesheet is not gzipped")
		}
	}
}

func TestHeadAndPost(t *testing.T) {
	_, ts := newTestServer(t)
	resp, err := http.Head(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" {
		t.Errorf("HEAD /: %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
}

// TestExportLinks checks that every list page offers CSV and XLSX of its lists and that the
// links work when the API is mounted beside the pages, as klimaspor serve does.
func TestExportLinks(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	if err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pages, err := New(db, log)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api.New(db, log, "test").Handler())
	mux.Handle("/", pages.Handler())
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)

	link := regexp.MustCompile(`href="(/[^"]*eksport=[a-z]+&amp;format=(csv|xlsx)[^"]*)"`)
	for _, p := range []string{"/", "/indsatser", "/noegletal/co2e_total_t", "/sammenlign?indicator=co2e_total_t"} {
		f := fetch(t, ts.URL+p, nil, "en")
		found := map[string]bool{}
		for _, m := range link.FindAllStringSubmatch(f.body, -1) {
			found[m[2]] = true
			resp, err := http.Get(ts.URL + strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("%s: %s answers %d", p, m[1], resp.StatusCode)
			}
		}
		if !found["csv"] || !found["xlsx"] {
			t.Errorf("%s: export links %v, want CSV and XLSX", p, found)
		}
		if !strings.Contains(f.body, "The file") {
			t.Errorf("%s: the export links do not say what the files contain", p)
		}
	}
}

// TestHSTSOverTLS: pages served over TLS ask browsers to keep to HTTPS; over plain HTTP (the
// demo on localhost) they do not.
func TestHSTSOverTLS(t *testing.T) {
	s, _ := newTestServer(t)
	ts := httptest.NewTLSServer(s.Handler())
	defer ts.Close()
	resp, err := ts.Client().Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("over TLS: Strict-Transport-Security %q", got)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s", h)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || strings.Contains(resp.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Errorf("CSP %q", resp.Header.Get("Content-Security-Policy"))
	}
}

// TestHSTSBehindATrustedProxy: behind a load balancer that terminates TLS, the pages ask
// browsers to keep to HTTPS when the load balancer says the client came over HTTPS, and only
// when the configuration trusts it. (Links in mails come from KLIMASPOR_BASE_URL alone.)
func TestHSTSBehindATrustedProxy(t *testing.T) {
	s, ts := newTestServer(t)
	for _, c := range []struct {
		name, trusted, proto string
		want                 bool
	}{
		{"trusted proxy says https", "127.0.0.0/8, ::1", "https", true},
		{"trusted proxy says http", "127.0.0.0/8, ::1", "http", false},
		{"untrusted sender says https", "10.0.0.0/8", "https", false},
	} {
		if err := s.SetTrustedProxies(c.trusted); err != nil {
			t.Fatal(err)
		}
		f := fetch(t, ts.URL+"/indsatser", map[string]string{"X-Forwarded-Proto": c.proto}, "")
		if got := f.header.Get("Strict-Transport-Security") != ""; got != c.want {
			t.Errorf("%s: HSTS sent %v, want %v", c.name, got, c.want)
		}
	}
}
