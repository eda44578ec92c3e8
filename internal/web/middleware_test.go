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
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// sitePages are one page of each kind, found from the front page and the actions list.
func sitePages(t *testing.T, base string) []string {
	t.Helper()
	pages := []string{"/", "/kommuner/101", "/indsatser", "/noegletal/co2e_total_t", "/sammenlign", "/sammenlign?indicator=co2e_total_t"}
	home := sitetest.Fetch(t, base+"/", nil, "da")
	if m := regexp.MustCompile(`href="(/projekter/[^"]+)"`).FindStringSubmatch(home.Body); m != nil {
		pages = append(pages, m[1])
	} else {
		t.Error("no project link on the front page")
	}
	list := sitetest.Fetch(t, base+"/indsatser", nil, "da")
	if m := regexp.MustCompile(`href="(/indsatser/[0-9]+)"`).FindStringSubmatch(list.Body); m != nil {
		pages = append(pages, m[1])
	} else {
		t.Error("no action link on the actions list")
	}
	return pages
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	paths := append(sitePages(t, ts.URL), "/findes-ikke", s.CSSPath(), "/sprog?lang=en&next=/", "/robots.txt", "/favicon.svg")
	for _, p := range paths {
		f := sitetest.Fetch(t, ts.URL+p, nil, "")
		for _, kv := range securityHeaders {
			if got := f.Header.Get(kv[0]); got != kv[1] {
				t.Errorf("%s: %s = %q, want %q", p, kv[0], got, kv[1])
			}
		}
		if strings.Contains(f.Body, "style=") || strings.Contains(f.Body, "<script") {
			t.Errorf("%s: inline style or script, which the CSP forbids", p)
		}
	}
	css := sitetest.Fetch(t, ts.URL+s.CSSPath(), nil, "")
	if cc := css.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("stylesheet Cache-Control = %q", cc)
	}
}

func TestETagAndNotModified(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	for _, p := range sitePages(t, ts.URL) {
		f := sitetest.Fetch(t, ts.URL+p, nil, "da")
		tag := f.Header.Get("ETag")
		if f.Status != 200 || tag == "" || strings.HasPrefix(tag, "W/") {
			t.Fatalf("%s: status %d, ETag %q; want 200 with a strong tag", p, f.Status, tag)
		}
		if cc := f.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", p, cc)
		}
		if v := f.Header.Get("Vary"); v != "Accept-Encoding, Cookie, Accept-Language" {
			t.Errorf("%s: Vary %q", p, v)
		}
		again := sitetest.Fetch(t, ts.URL+p, map[string]string{"If-None-Match": tag}, "da")
		if again.Status != http.StatusNotModified || again.Body != "" {
			t.Errorf("%s: repeat view with the ETag: %d, %d bytes; want 304 and no body", p, again.Status, len(again.Body))
		}
		en := sitetest.Fetch(t, ts.URL+p, map[string]string{"If-None-Match": tag}, "en")
		if en.Status != 200 || en.Header.Get("ETag") == tag {
			t.Errorf("%s: English with the Danish tag: %d, tag %q; want 200 and another tag", p, en.Status, en.Header.Get("ETag"))
		}
	}
	// Another path or query, another tag.
	a := sitetest.Fetch(t, ts.URL+"/sammenlign", nil, "da").Header.Get("ETag")
	b := sitetest.Fetch(t, ts.URL+"/sammenlign?indicator=co2e_total_t", nil, "da").Header.Get("ETag")
	if a == b {
		t.Error("two queries share an ETag")
	}

	// A write changes the tag, and the page shows the change: nothing stale from the cache.
	before := sitetest.Fetch(t, ts.URL+"/indsatser", nil, "da")
	ctx := context.Background()
	pg, err := s.DB.List(ctx, model.Actions, model.ListQuery{Limit: 1})
	if err != nil || len(pg.Items) == 0 {
		t.Fatalf("list actions: %v", err)
	}
	rec := pg.Items[0]
	ver, _ := rec.Int("version")
	const title = "Ny titel efter en ændring"
	if _, err := s.DB.Update(ctx, model.Actions, rec.ID(), ver, model.Record{"title": title}); err != nil {
		t.Fatal(err)
	}
	after := sitetest.Fetch(t, ts.URL+"/indsatser", map[string]string{"If-None-Match": before.Header.Get("ETag")}, "da")
	if after.Status != 200 || after.Header.Get("ETag") == before.Header.Get("ETag") {
		t.Errorf("after a write: %d with tag %q (before %q); want 200 and a new tag", after.Status, after.Header.Get("ETag"), before.Header.Get("ETag"))
	}
	detail := sitetest.Fetch(t, ts.URL+"/indsatser/"+strconv.FormatInt(rec.ID(), 10), nil, "da")
	if !strings.Contains(detail.Body, title) {
		t.Error("the action page does not show the new title after the write")
	}
}

func TestGzip(t *testing.T) {
	for _, cache := range []int{DefaultPageCache, 0} {
		s, ts := sitetest.Start(t, New)
		s.SetCache(cache)
		for _, p := range sitePages(t, ts.URL) {
			plain := sitetest.Fetch(t, ts.URL+p, map[string]string{"Accept-Encoding": "identity"}, "da")
			if plain.Header.Get("Content-Encoding") != "" {
				t.Fatalf("%s: gzipped for a client that does not take it", p)
			}
			for range 2 { // rendered, then (with the cache) from the cache
				gz := sitetest.Fetch(t, ts.URL+p, map[string]string{"Accept-Encoding": "gzip"}, "da")
				if gz.Header.Get("Content-Encoding") != "gzip" {
					t.Fatalf("%s (cache %d): Content-Encoding %q, want gzip", p, cache, gz.Header.Get("Content-Encoding"))
				}
				zr, err := gzip.NewReader(strings.NewReader(gz.Body))
				if err != nil {
					t.Fatal(err)
				}
				unpacked, err := io.ReadAll(zr)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(unpacked, []byte(plain.Body)) {
					t.Errorf("%s (cache %d): the gzipped page unpacks to other HTML (%d vs %d bytes)", p, cache, len(unpacked), len(plain.Body))
				}
				if gz.Header.Get("ETag") == plain.Header.Get("ETag") {
					t.Errorf("%s: the gzipped and plain answers share a strong ETag", p)
				}
				// Either tag answers 304.
				if f := sitetest.Fetch(t, ts.URL+p, map[string]string{"If-None-Match": gz.Header.Get("ETag")}, "da"); f.Status != 304 {
					t.Errorf("%s: the gzipped tag gives %d, want 304", p, f.Status)
				}
			}
		}
		css := sitetest.Fetch(t, ts.URL+s.CSSPath(), map[string]string{"Accept-Encoding": "gzip"}, "")
		if css.Header.Get("Content-Encoding") != "gzip" {
			t.Error("the stylesheet is not gzipped")
		}
	}
}

func TestHeadAndPost(t *testing.T) {
	_, ts := sitetest.Start(t, New)
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
		f := sitetest.Fetch(t, ts.URL+p, nil, "en")
		found := map[string]bool{}
		for _, m := range link.FindAllStringSubmatch(f.Body, -1) {
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
		if !strings.Contains(f.Body, "The file") {
			t.Errorf("%s: the export links do not say what the files contain", p)
		}
	}
}

// TestHSTSOverTLS: pages served over TLS ask browsers to keep to HTTPS; over plain HTTP (the
// demo on localhost) they do not.
func TestHSTSOverTLS(t *testing.T) {
	s, _ := sitetest.Start(t, New)
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
	s, ts := sitetest.Start(t, New)
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
		f := sitetest.Fetch(t, ts.URL+"/indsatser", map[string]string{"X-Forwarded-Proto": c.proto}, "")
		if got := f.Header.Get("Strict-Transport-Security") != ""; got != c.want {
			t.Errorf("%s: HSTS sent %v, want %v", c.name, got, c.want)
		}
	}
}

// TestRobotsAndFavicon: /robots.txt keeps crawlers from what is a person's, the forms, the
// lists' downloads and the API, and from no public page; every page links /favicon.svg,
// which is served as SVG.
func TestRobotsAndFavicon(t *testing.T) {
	_, ts := sitetest.Start(t, New)
	r := sitetest.Fetch(t, ts.URL+"/robots.txt", nil, "")
	if r.Status != 200 || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("/robots.txt: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	var rules []string
	for _, line := range strings.Split(r.Body, "\n") {
		if v, ok := strings.CutPrefix(line, "Disallow: "); ok {
			rules = append(rules, v)
		}
	}
	// disallowed matches a path as crawlers read the rules: a prefix, * any run of characters.
	disallowed := func(path string) bool {
		for _, rule := range rules {
			re := "^" + strings.ReplaceAll(regexp.QuoteMeta(rule), `\*`, ".*")
			if regexp.MustCompile(re).MatchString(path) {
				return true
			}
		}
		return false
	}
	for path, want := range map[string]bool{
		"/": false, "/kommuner/101": false, "/indsatser": false, "/indsatser/7": false, "/bibliotek": false, "/bibliotek/3": false,
		"/soeg?q=energi": false, "/paa-tvaers": false, "/noegletal/co2e_total_t": false, "/projekter/VIP3": false,
		"/admin/log": true, "/konto": true, "/mit": true, "/log-ind": true, "/api/v1/actions": true, "/indsatser/7/rediger": true,
		"/bibliotek/ny": true, "/indsatser?eksport=indsatser&format=csv": true, "/historik/actions/7": true, "/rapportering/runder/1": true,
	} {
		if got := disallowed(path); got != want {
			t.Errorf("robots.txt disallows %s: %v, want %v", path, got, want)
		}
	}
	icon := sitetest.Fetch(t, ts.URL+"/favicon.svg", nil, "")
	if icon.Status != 200 || icon.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(icon.Body, "<svg") {
		t.Errorf("/favicon.svg: %d %q", icon.Status, icon.Header.Get("Content-Type"))
	}
	if home := sitetest.Fetch(t, ts.URL+"/", nil, "da"); !strings.Contains(home.Body, `<link rel="icon" href="/favicon.svg" type="image/svg+xml">`) {
		t.Error("the front page does not link the icon")
	}
}
