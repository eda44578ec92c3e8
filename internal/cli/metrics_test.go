package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/mail/mailtest"
	"klimaspor/internal/metrics/metricstest"
)

// servedDB makes a SQLite database with an administrator, and returns it with a write token
// of theirs.
func servedDB(t *testing.T) (db, token string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "k.db")
	e, out, errOut := testEnv(nil)
	e.stdin = strings.NewReader("en lang og god adgangskode\n")
	if code := run(context.Background(), e, []string{"user", "add", "--db", db, "--email", "ada@kk.dk", "--role", "admin", "--password-stdin"}); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	out.Reset()
	if code := run(context.Background(), e, []string{"user", "token", "--db", db, "--email", "ada@kk.dk", "--name", "test", "--scope", "write", "--days", "1"}); code != 0 {
		t.Fatalf("user token: %d %s", code, errOut)
	}
	return db, strings.TrimSpace(out.String())
}

func request(t *testing.T, method, url, token, contentType, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeMetrics: with KLIMASPOR_METRICS_ADDR, serve answers /metrics there (and not on
// the public address), in the text format Prometheus parses, counting requests by route
// pattern, the page cache's hits, an import through the API, mails, a rate-limit refusal
// and the database's pools.
func TestServeMetrics(t *testing.T) {
	db, token := servedDB(t)
	ms := mailtest.Start(t)
	vars := smtpEnv(ms)
	vars["KLIMASPOR_BASE_URL"] = "https://klimaspor.example.dk"
	vars["KLIMASPOR_METRICS_ADDR"] = "127.0.0.1:0"
	e, _, errOut := testEnv(vars)
	metricsAddr := make(chan string, 1)
	e.metricsListening = func(a string) { metricsAddr <- a }
	base, stop := startServingEnv(t, e, errOut, "serve", "--addr", "127.0.0.1:0", "--db", db)
	defer stop()
	scrapeURL := "http://" + <-metricsAddr + "/metrics"

	orgs := "type;kode;navn\nregion;1084;Region Hovedstaden\nmunicipality;101;København\n"
	for _, c := range []struct {
		method, path, token, contentType, body string
		status                                 int
	}{
		{"POST", "/api/v1/organisations/import", token, "text/csv", orgs, 200},
		{"GET", "/kommuner/101", "", "", "", 200},
		{"GET", "/kommuner/101", "", "", "", 200}, // from the page cache
		{"GET", "/api/v1/organisations/1", "", "", "", 200},
		{"GET", "/ingen/side", "", "", "", 404},
		{"GET", "/api/v1/ingenting", "", "", "", 404},
		{"GET", "/metrics", "", "", "", 404}, // never on the public address
	} {
		if got := request(t, c.method, base+c.path, c.token, c.contentType, c.body); got != c.status {
			t.Fatalf("%s %s = %d, want %d", c.method, c.path, got, c.status)
		}
	}
	// Three reset links for one address are sent; the fourth ask is refused (reset:account).
	for i, want := range []int{200, 200, 200, 429} {
		if got := askReset(t, base, strings.TrimPrefix(base, "http://"), "ada@kk.dk"); got != want {
			t.Fatalf("reset ask %d: %d, want %d", i+1, got, want)
		}
	}
	ms.WaitFor(t, 3, 10*time.Second)
	// The mails go out in the background: the counter follows each send's end.
	fams := metricstest.Scrape(t, scrapeURL)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); fams = metricstest.Scrape(t, scrapeURL) {
		if n, _ := fams.Value("klimaspor_mails_sent_total"); n == 3 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	fams.Expect(t,
		metricstest.W("klimaspor_http_requests_total", 2, "route", "GET /kommuner/{code}", "method", "GET", "status", "200"),
		metricstest.W("klimaspor_http_requests_total", 1, "route", "GET /api/v1/organisations/{id}", "status", "200"),
		metricstest.W("klimaspor_http_requests_total", 1, "route", "POST /api/v1/organisations/import", "status", "200"),
		metricstest.W("klimaspor_http_requests_total", 3, "route", "unmatched", "status", "404"),
		metricstest.W("klimaspor_http_requests_total", 1, "route", "POST /glemt-adgangskode", "status", "429"),
		metricstest.W("klimaspor_http_request_duration_seconds", 2, "route", "GET /kommuner/{code}"),
		metricstest.W("klimaspor_cache_hits_total", 1, "cache", "web"),
		metricstest.W("klimaspor_imports_total", 1, "kind", "organisations", "result", "ok"),
		metricstest.W("klimaspor_import_rows_total", 2, "kind", "organisations"),
		metricstest.W("klimaspor_mails_sent_total", 3),
		metricstest.W("klimaspor_mails_failed_total", 0),
		metricstest.W("klimaspor_rate_limit_refusals_total", 1, "limit", "reset:account"),
	)
	for _, name := range []string{"klimaspor_cache_misses_total", "klimaspor_cache_size_bytes", "go_goroutines", "process_resident_memory_bytes"} {
		if _, ok := fams.Value(name); !ok {
			t.Errorf("%s is missing", name)
		}
	}
	for _, pool := range []string{"writer", "readers"} {
		if _, ok := fams.Value("go_sql_max_open_connections", "db_name", pool); !ok {
			t.Errorf("the %s pool's statistics are missing", pool)
		}
	}
	for _, route := range fams.LabelValues("klimaspor_http_requests_total", "route") {
		if strings.Contains(route, "101") || strings.Contains(route, "organisations/1") || strings.Contains(route, "ingen") || strings.Contains(route, "metrics") {
			t.Errorf("a path as a route label: %q", route)
		}
	}
}

// TestServeAccessLog: serve writes one line per request, pages and API alike, with no
// personal data unless KLIMASPOR_ACCESS_LOG_FIELDS names it, and none with
// KLIMASPOR_ACCESS_LOG=off.
func TestServeAccessLog(t *testing.T) {
	db, token := servedDB(t)
	for _, c := range []struct {
		name string
		vars map[string]string
		want []string // the fields beyond the ones always there; nil: no lines
		off  bool
	}{
		{"by default", nil, nil, false},
		{"with the address and the person", map[string]string{"KLIMASPOR_ACCESS_LOG_FIELDS": "ip,user"}, []string{"ip", "user"}, false},
		{"off", map[string]string{"KLIMASPOR_ACCESS_LOG": "off"}, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			base, stop := startServing(t, c.vars, "serve", "--addr", "127.0.0.1:0", "--db", db)
			request(t, "GET", base+"/kommuner/101?q=hemmelig", "", "", "")
			request(t, "GET", base+"/api/v1/organisations", token, "", "")
			var lines []map[string]any
			sc := bufio.NewScanner(strings.NewReader(stop()))
			for sc.Scan() {
				var l map[string]any
				if json.Unmarshal(sc.Bytes(), &l) == nil && l["msg"] == "request" {
					lines = append(lines, l)
				}
			}
			if c.off {
				if len(lines) != 0 {
					t.Errorf("%d access log lines with the log off", len(lines))
				}
				return
			}
			if len(lines) != 2 {
				t.Fatalf("%d access log lines, want 2: %v", len(lines), lines)
			}
			for i, route := range []string{"GET /kommuner/{code}", "GET /api/v1/organisations"} {
				l := lines[i]
				if l["route"] != route || l["method"] != "GET" || l["status"] == nil || l["bytes"] == nil || l["ms"] == nil || l["request_id"] == "" {
					t.Errorf("line %d: %v", i, l)
				}
				for _, f := range []string{"ip", "user", "path", "query", "agent"} {
					_, got := l[f]
					want := slices.Contains(c.want, f) && (f != "user" || i == 1) // the page was asked by the public
					if got != want {
						t.Errorf("line %d has %s: %v, want %v (%v)", i, f, got, want, l)
					}
				}
				if ip, ok := l["ip"]; ok && ip != "127.0.0.1" {
					t.Errorf("line %d: ip %v", i, ip)
				}
				if b, _ := json.Marshal(l); strings.Contains(string(b), "hemmelig") {
					t.Errorf("line %d holds the query: %v", i, l)
				}
			}
		})
	}
}
