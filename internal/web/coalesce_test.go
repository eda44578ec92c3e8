package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/sitetest"
)

// renderProbe stands between the page cache and the pages' handlers: it counts the renders
// of one path and holds the first of them until the test lets it go, so a test can have
// many requests miss the cache together, as a fresh server's clients or those right after
// a write do.
type renderProbe struct {
	path    string
	renders atomic.Int64
	gate    chan struct{}
	opened  sync.Once
	// also runs on each render of the path before the page's own handler (nil: nothing).
	also func(w http.ResponseWriter, r *http.Request, n int64)
}

func (p *renderProbe) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == p.path {
			n := p.renders.Add(1)
			if n == 1 {
				<-p.gate
			}
			if p.also != nil {
				p.also(w, r, n)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// probed starts the pages' server as Handler makes it, with the probe around the pages.
func probed(t *testing.T, path string) (*Server, *httptest.Server, *renderProbe) {
	t.Helper()
	s, err := New(sitetest.DemoDB(t), sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	p := &renderProbe{path: path, gate: make(chan struct{})}
	mux := http.NewServeMux()
	s.routes(mux)
	ts := httptest.NewServer(s.wrap(p.wrap(mux)))
	t.Cleanup(ts.Close)
	t.Cleanup(p.open)
	return s, ts, p
}

// open lets the held render go.
func (p *renderProbe) open() { p.opened.Do(func() { close(p.gate) }) }

// waitFlight waits until n requests are in the page cache's flights, the first render held.
func waitFlight(t *testing.T, s *Server, n int64) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for s.flights.Callers() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests wait for the render, want %d", s.flights.Callers(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

type answer struct {
	status int
	header http.Header
	body   string
	err    error
}

// fetchAll GETs url n times at once in Danish with the header, on goroutines of their own.
func fetchAll(url string, n int, header map[string]string) <-chan answer {
	out := make(chan answer, n)
	for range n {
		go func() {
			req, err := http.NewRequest("GET", url, nil)
			if err != nil {
				out <- answer{err: err}
				return
			}
			req.AddCookie(&http.Cookie{Name: i18n.CookieName, Value: "da"})
			for k, v := range header {
				req.Header.Set(k, v)
			}
			resp, err := sitetest.NoRedirect.Do(req)
			if err != nil {
				out <- answer{err: err}
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			out <- answer{resp.StatusCode, resp.Header, string(b), err}
		}()
	}
	return out
}

// TestColdPageRendersOnce: many clients that miss the cache together on one page cause one
// render, and all get the same page and tag, as they would have from the cache.
func TestColdPageRendersOnce(t *testing.T) {
	const n = 32
	s, ts, p := probed(t, "/kommuner/101")
	answers := fetchAll(ts.URL+"/kommuner/101", n, nil)
	waitFlight(t, s, n)
	p.open()
	var first answer
	for i := range n {
		a := <-answers
		if a.err != nil || a.status != 200 {
			t.Fatalf("answer %d: %d %v", i, a.status, a.err)
		}
		if i == 0 {
			first = a
			sitetest.CheckPage(t, sitetest.Fetched{Status: a.status, Header: a.header, Body: a.body}, "da")
			continue
		}
		if a.body != first.body || a.header.Get("ETag") != first.header.Get("ETag") || a.header.Get("Cache-Control") != "no-cache" {
			t.Errorf("answer %d differs: ETag %q, Cache-Control %q, %d bytes; the first: %q, %d bytes",
				i, a.header.Get("ETag"), a.header.Get("Cache-Control"), len(a.body), first.header.Get("ETag"), len(first.body))
		}
	}
	if got := p.renders.Load(); got != 1 {
		t.Errorf("%d renders for %d clients, want 1", got, n)
	}
	if again := sitetest.Fetch(t, ts.URL+"/kommuner/101", nil, "da"); again.Body != first.body || p.renders.Load() != 1 {
		t.Errorf("the next request is not served from the cache (%d renders)", p.renders.Load())
	}
}

// TestSignedInIsNeverCoalesced: a signed-in person's request for a page the public is
// waiting for renders for them alone, at once, and what they get is theirs.
func TestSignedInIsNeverCoalesced(t *testing.T) {
	s, ts, p := probed(t, "/kommuner/101")
	public := fetchAll(ts.URL+"/kommuner/101", 4, nil)
	waitFlight(t, s, 4)
	signed := sitetest.Fetch(t, ts.URL+"/kommuner/101", sitetest.SignedIn(t, s.DB, s.Sessions, "da"), "")
	// The public render is still held: the signed-in answer did not wait for it.
	if !strings.Contains(signed.Body, `action="/log-ud"`) {
		t.Error("the signed-in answer has no sign-out form")
	}
	if signed.Status != 200 || signed.Header.Get("Cache-Control") != "private, no-store" || s.flights.Callers() != 4 {
		t.Fatalf("signed in: %d, Cache-Control %q, %d waiting", signed.Status, signed.Header.Get("Cache-Control"), s.flights.Callers())
	}
	p.open()
	for range 4 {
		a := <-public
		if a.err != nil || a.status != 200 || a.header.Get("Cache-Control") != "no-cache" || a.body == signed.Body {
			t.Errorf("public: %d %v, Cache-Control %q, same body as the signed-in one: %v", a.status, a.err, a.header.Get("Cache-Control"), a.body == signed.Body)
		}
		if strings.Contains(a.body, `action="/log-ud"`) {
			t.Error("a public answer has the signed-in person's sign-out form")
		}
	}
	if got := p.renders.Load(); got != 2 {
		t.Errorf("%d renders, want 2: one for the public, one for the person", got)
	}
}

// TestUncacheablePageIsNotShared: when the render turns out to be one the cache does not
// keep (here it sets a cookie), each waiting client renders its own and gets its own.
func TestUncacheablePageIsNotShared(t *testing.T) {
	const n = 6
	s, ts, p := probed(t, "/kommuner/101")
	p.also = func(w http.ResponseWriter, _ *http.Request, i int64) {
		http.SetCookie(w, &http.Cookie{Name: "visit", Value: strconv.FormatInt(i, 10)})
	}
	answers := fetchAll(ts.URL+"/kommuner/101", n, nil)
	waitFlight(t, s, n)
	p.open()
	seen := map[string]bool{}
	for range n {
		a := <-answers
		c := a.header.Get("Set-Cookie")
		if a.err != nil || a.status != 200 || c == "" || seen[c] {
			t.Errorf("%d %v: cookie %q (seen before: %v)", a.status, a.err, c, seen[c])
		}
		seen[c] = true
	}
	if got := p.renders.Load(); got != n {
		t.Errorf("%d renders for %d clients, want one each", got, n)
	}
}

// TestWriteDuringColdRender: a write while a render is held raises the data version; a
// request after it does not wait for the old render but renders the new data, and the old
// render is not served for the new version afterwards.
func TestWriteDuringColdRender(t *testing.T) {
	db := sitetest.DemoDB(t)
	ctx := context.Background()
	pg, err := db.List(ctx, model.Actions, model.ListQuery{Limit: 1})
	if err != nil || len(pg.Items) == 0 {
		t.Fatalf("list actions: %v", err)
	}
	rec := pg.Items[0]
	path := "/indsatser/" + strconv.FormatInt(rec.ID(), 10)
	s, err := New(db, sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	p := &renderProbe{path: path, gate: make(chan struct{})}
	mux := http.NewServeMux()
	s.routes(mux)
	ts := httptest.NewServer(s.wrap(p.wrap(mux)))
	defer ts.Close()
	defer p.open()

	old := fetchAll(ts.URL+path, 3, nil)
	waitFlight(t, s, 3)
	ver, _ := rec.Int("version")
	const title = "Titel skrevet mens siden blev dannet"
	if _, err := db.Update(ctx, model.Actions, rec.ID(), ver, model.Record{"title": title}); err != nil {
		t.Fatal(err)
	}
	fresh := sitetest.Fetch(t, ts.URL+path, nil, "da")
	if fresh.Status != 200 || !strings.Contains(fresh.Body, title) || p.renders.Load() != 2 {
		t.Fatalf("after the write: %d, shows the new title: %v, %d renders (want 2)", fresh.Status, strings.Contains(fresh.Body, title), p.renders.Load())
	}
	p.open()
	for range 3 {
		if a := <-old; a.err != nil || a.status != 200 {
			t.Errorf("a request from before the write: %d %v", a.status, a.err)
		}
	}
	for i := range 2 {
		if f := sitetest.Fetch(t, ts.URL+path, nil, "da"); !strings.Contains(f.Body, title) || f.Header.Get("ETag") != fresh.Header.Get("ETag") {
			t.Errorf("request %d after both renders: shows the new title %v, ETag %q (want %q)", i+1, strings.Contains(f.Body, title), f.Header.Get("ETag"), fresh.Header.Get("ETag"))
		}
	}
	if got := p.renders.Load(); got != 2 {
		t.Errorf("%d renders, want 2: the later requests are served from the cache", got)
	}
}
