package metrics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/httpcache"
	"klimaspor/internal/metrics"
	"klimaspor/internal/metrics/metricstest"
	"klimaspor/internal/proxy"
)

// site is the shape of the real server (internal/cli serve): a top-level mux sends /api/ to
// a router whose middleware passes a copy of the request to its mux (WithContext), and
// everything else to the pages' router, whose middleware answers some paths itself (a page
// from the cache) without reaching its mux.
func site() http.Handler {
	ok := func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
	api := http.NewServeMux()
	api.HandleFunc("GET /api/v1/kommuner/{code}", ok)
	api.HandleFunc("/api/", http.NotFound)
	type key struct{}
	apiMiddleware := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		metrics.SetUser(r.Context(), 7)
		api.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, 1)))
	})
	pages := http.NewServeMux()
	pages.HandleFunc("GET /kommuner/{code}", ok)
	pages.HandleFunc("POST /log-ind", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTooManyRequests) })
	pages.HandleFunc("/", http.NotFound)
	cached := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/kommuner/147" {
			w.Write([]byte("from the cache"))
			return
		}
		pages.ServeHTTP(w, r)
	})
	top := http.NewServeMux()
	top.Handle("/api/", metrics.Label(api, apiMiddleware, "/api/"))
	top.Handle("/", metrics.Label(pages, cached, "/"))
	return top
}

// TestRequestsAreCountedByRoutePattern: a request is counted under the pattern of the
// innermost router that took it, also when its middleware answered without reaching the
// mux or passed it a copy of the request; a path no route takes is "unmatched", and no
// path is ever a label.
func TestRequestsAreCountedByRoutePattern(t *testing.T) {
	m := metrics.New()
	h := m.Observe(site(), nil)
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/kommuner/101"},
		{"GET", "/api/v1/kommuner/147"},
		{"GET", "/api/v1/intet"},
		{"GET", "/kommuner/101"},
		{"GET", "/kommuner/147"}, // from the cache
		{"GET", "/ingen/side"},
		{"POST", "/log-ind"},
		{"BREW", "/kommuner/101"},
	} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(c.method, c.path, nil))
	}
	fams := scrape(t, m)
	for _, c := range []struct {
		route, method, status string
		want                  float64
	}{
		{"GET /api/v1/kommuner/{code}", "GET", "200", 2},
		{"GET /kommuner/{code}", "GET", "200", 2},
		{"POST /log-ind", "POST", "429", 1},
		{metrics.Unmatched, "GET", "404", 2},
		{metrics.Unmatched, "other", "404", 1}, // the pages' catch-all takes every method
	} {
		if got, _ := fams.Value("klimaspor_http_requests_total", "route", c.route, "method", c.method, "status", c.status); got != c.want {
			t.Errorf("requests %s %s %s = %v, want %v", c.route, c.method, c.status, got, c.want)
		}
	}
	if got, _ := fams.Value("klimaspor_http_request_duration_seconds", "route", "GET /kommuner/{code}", "method", "GET"); got != 2 {
		t.Errorf("the latency histogram of GET /kommuner/{code} counts %v requests, want 2", got)
	}
	routes := fams.LabelValues("klimaspor_http_requests_total", "route")
	slices.Sort(routes)
	routes = slices.Compact(routes)
	if diff := cmp.Diff([]string{"GET /api/v1/kommuner/{code}", "GET /kommuner/{code}", "POST /log-ind", "unmatched"}, routes); diff != "" {
		t.Errorf("route labels (-want +got):\n%s", diff)
	}
}

// TestMetricsParse: the whole registry, with the caches, pools and counters, is read by
// Prometheus's own text parser, and the counters say what was counted.
func TestMetricsParse(t *testing.T) {
	m := metrics.New()
	lru := httpcache.NewLRU(1<<20, 1<<20, func(b []byte) int { return len(b) })
	lru.Put("a", 1, []byte("12345"))
	lru.Get("a", 1)
	lru.Get("a", 1)
	lru.Get("b", 1)
	lru.Recheck("b", 1) // not counted again
	m.Cache("api", lru.Stats)
	var off *httpcache.LRU[[]byte]
	m.Cache("web", off.Stats)
	m.Import("indicator_values", metrics.ImportOK, 12)
	m.Import("indicator_values", metrics.ImportRefused, 3)
	m.MailSent()
	m.MailFailed()
	m.Refused("signin:address")
	fams := scrape(t, m)
	fams.Expect(t,
		metricstest.W("klimaspor_cache_hits_total", 2, "cache", "api"),
		metricstest.W("klimaspor_cache_misses_total", 1, "cache", "api"),
		metricstest.W("klimaspor_cache_items", 1, "cache", "api"),
		metricstest.W("klimaspor_cache_size_bytes", 6, "cache", "api"),
		metricstest.W("klimaspor_cache_max_bytes", 1<<20, "cache", "api"),
		metricstest.W("klimaspor_cache_max_bytes", 0, "cache", "web"),
		metricstest.W("klimaspor_imports_total", 1, "kind", "indicator_values", "result", "ok"),
		metricstest.W("klimaspor_imports_total", 1, "kind", "indicator_values", "result", "refused"),
		metricstest.W("klimaspor_import_rows_total", 12, "kind", "indicator_values"),
		metricstest.W("klimaspor_mails_sent_total", 1),
		metricstest.W("klimaspor_mails_failed_total", 1),
		metricstest.W("klimaspor_rate_limit_refusals_total", 1, "limit", "signin:address"),
	)
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if _, ok := fams.Value(name); !ok {
			t.Errorf("%s is missing", name)
		}
	}
}

// TestNilMetricsCountNothing: a server without metrics needs none: every method of a nil
// *Metrics is safe, and without an access log Observe adds no layer at all.
func TestNilMetricsCountNothing(t *testing.T) {
	var m *metrics.Metrics
	m.Import("x", metrics.ImportOK, 1)
	m.MailSent()
	m.MailFailed()
	m.Refused("x")
	m.Cache("x", nil)
	m.DB(nil)
	h := http.NotFoundHandler()
	if got := m.Observe(h, nil); got == nil {
		t.Fatal("Observe returned nil")
	}
	rec := httptest.NewRecorder()
	m.Observe(h, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("X-Request-ID") != "" {
		t.Error("a nil Metrics without an access log wrapped the handler")
	}
}

// TestAccessLog: one line per request with the method, route pattern, status, bytes,
// duration and request id; the client's address (through the trusted proxies), the person,
// the path, the query and the user agent only when the operator names them.
func TestAccessLog(t *testing.T) {
	trusted, err := proxy.Parse("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	always := []string{"time", "level", "msg", "method", "route", "status", "bytes", "ms", "request_id"}
	for _, c := range []struct {
		name   string
		fields string
		extra  []string
	}{
		{"by default", "", nil},
		{"with everything", "ip, user,path,query,agent", []string{"ip", "user", "path", "query", "agent"}},
		{"with the address", "ip", []string{"ip"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fields, err := metrics.ParseFields(c.fields)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&buf, nil))
			h := (*metrics.Metrics)(nil).Observe(site(), &metrics.AccessLog{Log: log, Fields: fields, Proxies: trusted})
			req := httptest.NewRequest("GET", "/api/v1/kommuner/101?q=ann", nil)
			req.RemoteAddr = "10.1.2.3:5555"
			req.Header.Set("X-Forwarded-For", "192.0.2.9, 10.9.9.9")
			req.Header.Set("User-Agent", "curl/8")
			req.Header.Set("X-Request-ID", "abc-123")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1:\n%s", len(lines), buf.String())
			}
			var line map[string]any
			if err := json.Unmarshal([]byte(lines[0]), &line); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k := range line {
				keys = append(keys, k)
			}
			want := append(slices.Clone(always), c.extra...)
			slices.Sort(keys)
			slices.Sort(want)
			if diff := cmp.Diff(want, keys); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
			for k, v := range map[string]any{"method": "GET", "route": "GET /api/v1/kommuner/{code}", "status": 200.0, "bytes": 2.0, "request_id": "abc-123"} {
				if line[k] != v {
					t.Errorf("%s = %v, want %v", k, line[k], v)
				}
			}
			if ip, ok := line["ip"]; ok && ip != "192.0.2.9" {
				t.Errorf("ip = %v, want the client's address behind the trusted proxy, 192.0.2.9", ip)
			}
			if user, ok := line["user"]; ok && user != 7.0 {
				t.Errorf("user = %v, want 7", user)
			}
			if q, ok := line["query"]; ok && q != "q=ann" {
				t.Errorf("query = %v", q)
			}
			if rec.Header().Get("X-Request-ID") != "abc-123" {
				t.Errorf("X-Request-ID = %q, want the client's", rec.Header().Get("X-Request-ID"))
			}
		})
	}
}

// TestRequestIDs: a client's plain, short id is kept; anything else is replaced, since the
// id goes into the logs.
func TestRequestIDs(t *testing.T) {
	var m *metrics.Metrics
	var seen string
	h := m.Observe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = metrics.RequestID(r.Context()) }),
		&metrics.AccessLog{Log: slog.New(slog.DiscardHandler)})
	for _, c := range []struct {
		given string
		kept  bool
	}{
		{"", false},
		{"abc-123_X.y", true},
		{"a\nforged line", false},
		{strings.Repeat("a", 65), false},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-Request-ID", c.given)
		h.ServeHTTP(httptest.NewRecorder(), req)
		if (seen == c.given) != c.kept || len(seen) == 0 || len(seen) > 64 {
			t.Errorf("given %q: id %q, want kept=%v", c.given, seen, c.kept)
		}
	}
}

func TestParseFields(t *testing.T) {
	if _, err := metrics.ParseFields("ip,email"); err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("an unknown field: %v", err)
	}
	if f, err := metrics.ParseFields(" IP , query "); err != nil || f != (metrics.Fields{IP: true, Query: true}) {
		t.Errorf("ip and query: %+v %v", f, err)
	}
}

func scrape(t *testing.T, m *metrics.Metrics) metricstest.Families {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	return metricstest.Scrape(t, srv.URL)
}
