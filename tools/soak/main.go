// Command soak holds a running Klimaspor server under a fixed, mixed load for a long time and
// reports, window by window, what it answered: errors, the latency percentiles of reads,
// writes and imports, and the server process's resident memory. It is the long-running
// counterpart of tools/load, which measures how fast a server can go; soak asks whether it
// stays well at a steady pace (scripts/soak.sh runs it for an hour against each engine).
//
// The load is open-loop: requests start on a clock whatever the answers take, so a slow
// server meets the same pace rather than a gentler one.
//
//   - reads: -reads per second, picked at random from public pages and API lists (the
//     front page, a municipality, the actions list, the library and its search, the
//     cross-plan overview, the climate accounts, the API's actions and library search);
//   - writes: -writes per second, one after another with the token (-token, a write token of
//     a person who may change the organisation's actions, e.g. the demo's administrator):
//     creating actions in the organisation's first plan, updating their progress with the
//     version last read, and deleting the oldest so that their number stays near 40;
//   - imports: every -import-every, the organisation's indicator values (without breakdown)
//     as a Danish CSV file with the values nudged, through POST /api/v1/indicator-values/import.
//
// With -pid it reads the server's resident memory (VmRSS, /proc/PID/status) every five
// seconds and reports each window's largest.
//
//	go run ./tools/soak -base http://127.0.0.1:8080 -token ks_… -pid 1234 -duration 1h -window 5m
//
// Each window is one line of text and, with -out, one row of a CSV file; the last line is a
// "RESULT key=value …" line for scripts. It exits 1 if any request failed.
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	cfg := config{}
	flag.StringVar(&cfg.base, "base", "http://127.0.0.1:8080", "server address")
	flag.StringVar(&cfg.token, "token", "", "API token with write scope (klimaspor user token --scope write)")
	flag.StringVar(&cfg.org, "org", "101", "the municipality (code) whose actions and values are written")
	flag.Float64Var(&cfg.reads, "reads", 20, "reads per second")
	flag.Float64Var(&cfg.writes, "writes", 2, "writes per second")
	flag.DurationVar(&cfg.importEvery, "import-every", 30*time.Second, "time between imports (0: none)")
	flag.DurationVar(&cfg.duration, "duration", time.Hour, "how long to run")
	flag.DurationVar(&cfg.window, "window", 5*time.Minute, "length of one reported window")
	flag.IntVar(&cfg.pid, "pid", 0, "the server's process id, for its memory (0: not measured)")
	flag.StringVar(&cfg.out, "out", "", "also write the windows to this CSV file")
	flag.Uint64Var(&cfg.seed, "seed", 1, "random seed")
	flag.Parse()
	if cfg.token == "" || cfg.reads <= 0 || cfg.writes < 0 || cfg.duration <= 0 || cfg.window <= 0 {
		fmt.Fprintln(os.Stderr, "soak: give -token; -reads, -duration and -window must be positive")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	failed, err := run(ctx, cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

type config struct {
	base, token, org, out string
	reads, writes         float64
	importEvery           time.Duration
	duration, window      time.Duration
	pid                   int
	seed                  uint64
}

// The three kinds of request, reported apart.
const (
	read = iota
	write
	imp
	kinds
)

var kindNames = [kinds]string{"read", "write", "import"}

// window collects one window's latencies and failures.
type window struct {
	mu       sync.Mutex
	lat      [kinds][]time.Duration
	errs     [kinds]int
	firstErr [kinds]string
	rss      int64 // the largest VmRSS seen in the window, kB
}

func (w *window) add(k int, d time.Duration, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.errs[k]++
		if w.firstErr[k] == "" {
			w.firstErr[k] = err.Error()
		}
		return
	}
	w.lat[k] = append(w.lat[k], d)
}

func (w *window) seeRSS(kb int64) {
	w.mu.Lock()
	w.rss = max(w.rss, kb)
	w.mu.Unlock()
}

type soak struct {
	cfg    config
	client *http.Client
	rnd    *rand.Rand // only the writer and the setup use it
	paths  []string
	orgID  int64
	planID int64
	values [][]string // the organisation's values as exported: header first

	cur atomic.Pointer[window]
}

func run(ctx context.Context, cfg config, stdout io.Writer) (failed int, err error) {
	s := &soak{
		cfg: cfg,
		client: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
			MaxIdleConns: 64, MaxIdleConnsPerHost: 64, IdleConnTimeout: time.Minute,
		}},
		rnd: rand.New(rand.NewPCG(cfg.seed, 7)),
	}
	if err := s.setup(ctx); err != nil {
		return 0, err
	}
	var csvOut *csv.Writer
	if cfg.out != "" {
		f, err := os.Create(cfg.out)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		csvOut = csv.NewWriter(f)
		defer csvOut.Flush()
		csvOut.Write([]string{"minute", "kind", "requests", "errors", "p50_ms", "p99_ms", "max_ms", "rss_mb"})
	}
	s.cur.Store(&window{})
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); s.readLoop(ctx) }()
	go func() { defer wg.Done(); s.writeLoop(ctx) }()
	go func() { defer wg.Done(); s.importLoop(ctx) }()
	if cfg.pid > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); s.memLoop(ctx) }()
	}

	fmt.Fprintf(stdout, "%8s  %-6s  %7s  %6s  %8s  %8s  %8s  %7s\n", "minute", "kind", "requests", "errors", "p50 ms", "p99 ms", "max ms", "RSS MB")
	var total [kinds]int
	var errTotal [kinds]int
	var worstP99 [kinds]time.Duration
	var rssFirst, rssLast, rssMax int64
	report := func(end bool) {
		w := s.cur.Swap(&window{})
		w.mu.Lock()
		defer w.mu.Unlock()
		if end && len(w.lat[read])+w.errs[read] == 0 {
			return // the run ended with a window
		}
		minute := time.Since(start).Minutes()
		if w.rss > 0 {
			if rssFirst == 0 {
				rssFirst = w.rss
			}
			rssLast, rssMax = w.rss, max(rssMax, w.rss)
		}
		for k := range kinds {
			lat := w.lat[k]
			slices.Sort(lat)
			p50, p99, top := pct(lat, 0.50), pct(lat, 0.99), pct(lat, 1)
			total[k] += len(lat) + w.errs[k]
			errTotal[k] += w.errs[k]
			if !end || len(lat) > 0 {
				worstP99[k] = max(worstP99[k], p99)
			}
			fmt.Fprintf(stdout, "%8.1f  %-6s  %7d  %6d  %8.1f  %8.1f  %8.1f  %7.1f\n", minute, kindNames[k], len(lat)+w.errs[k], w.errs[k], ms(p50), ms(p99), ms(top), float64(w.rss)/1024)
			if w.firstErr[k] != "" {
				fmt.Fprintf(stdout, "          first %s error: %s\n", kindNames[k], w.firstErr[k])
			}
			if csvOut != nil {
				csvOut.Write([]string{fmt.Sprintf("%.1f", minute), kindNames[k], strconv.Itoa(len(lat) + w.errs[k]), strconv.Itoa(w.errs[k]),
					fmt.Sprintf("%.1f", ms(p50)), fmt.Sprintf("%.1f", ms(p99)), fmt.Sprintf("%.1f", ms(top)), fmt.Sprintf("%.1f", float64(w.rss)/1024)})
				csvOut.Flush()
			}
		}
	}
	tick := time.NewTicker(cfg.window)
	defer tick.Stop()
loop:
	for {
		select {
		case <-tick.C:
			report(false)
		case <-ctx.Done():
			break loop
		}
	}
	wg.Wait()
	report(true)
	for k := range kinds {
		failed += errTotal[k]
	}
	fmt.Fprintf(stdout, "RESULT minutes=%.1f reads=%d read_errors=%d read_p99_worst_ms=%.1f writes=%d write_errors=%d write_p99_worst_ms=%.1f imports=%d import_errors=%d import_p99_worst_ms=%.1f rss_first_mb=%.1f rss_last_mb=%.1f rss_max_mb=%.1f\n",
		time.Since(start).Minutes(), total[read], errTotal[read], ms(worstP99[read]), total[write], errTotal[write], ms(worstP99[write]),
		total[imp], errTotal[imp], ms(worstP99[imp]), float64(rssFirst)/1024, float64(rssLast)/1024, float64(rssMax)/1024)
	return failed, nil
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// setup reads what the load needs from the server: the municipalities, the organisation and
// its first plan, and its values.
func (s *soak) setup(ctx context.Context) error {
	var orgs struct {
		Items []struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
		} `json:"items"`
	}
	if err := s.getJSON(ctx, "/api/v1/organisations?kind=municipality&limit=500", &orgs); err != nil {
		return fmt.Errorf("municipalities: %w", err)
	}
	if len(orgs.Items) == 0 {
		return errors.New("the server has no municipalities: load the demo data first")
	}
	for _, o := range orgs.Items {
		if o.Code == s.cfg.org {
			s.orgID = o.ID
		}
	}
	if s.orgID == 0 {
		return fmt.Errorf("no municipality has the code %s", s.cfg.org)
	}
	var plans struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := s.getJSON(ctx, fmt.Sprintf("/api/v1/plans?organisation=%d", s.orgID), &plans); err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	if len(plans.Items) == 0 {
		return fmt.Errorf("municipality %s has no plan", s.cfg.org)
	}
	s.planID = plans.Items[0].ID
	// Public pages and API answers; a municipality's pages for a few of them, so that the
	// cache holds some and not others.
	s.paths = []string{"/", "/indsatser", "/indsatser?sector=energy", "/bibliotek", "/soeg?q=energi",
		"/paa-tvaers", "/danmark/klimaregnskab", "/api/v1/library/search?q=affald",
		fmt.Sprintf("/api/v1/actions?organisation=%d&limit=50", s.orgID)}
	for i, o := range orgs.Items {
		if i%4 == 0 {
			s.paths = append(s.paths, "/kommuner/"+o.Code, "/kommuner/"+o.Code+"/klimaregnskab")
		}
	}
	if s.cfg.importEvery > 0 {
		body, err := s.do(ctx, "GET", "/api/v1/indicator-values/export?format=csv", "", nil, http.StatusOK)
		if err != nil {
			return fmt.Errorf("values: %w", err)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
		r.Comma = ';'
		all, err := r.ReadAll()
		if err != nil {
			return fmt.Errorf("values: %w", err)
		}
		s.values = [][]string{all[0]}
		for _, row := range all[1:] {
			// Totals only (column opdeling empty), so the nudged values never disagree with
			// a breakdown's parts.
			if row[1] == s.cfg.org && row[3] == "" {
				s.values = append(s.values, row)
			}
		}
		if len(s.values) < 2 {
			return fmt.Errorf("municipality %s has no values to import", s.cfg.org)
		}
	}
	return nil
}

// readLoop starts a read every 1/reads seconds, each in its own goroutine, at most 256 at
// once (beyond that the server is not keeping up, and the reads that cannot start count as
// errors).
func (s *soak) readLoop(ctx context.Context) {
	every := time.Duration(float64(time.Second) / s.cfg.reads)
	tick := time.NewTicker(every)
	defer tick.Stop()
	sem := make(chan struct{}, 256)
	var wg sync.WaitGroup
	defer wg.Wait()
	rnd := rand.New(rand.NewPCG(s.cfg.seed, 11))
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		p := s.paths[rnd.IntN(len(s.paths))]
		select {
		case sem <- struct{}{}:
		default:
			s.cur.Load().add(read, 0, errors.New("256 reads waiting: the server does not keep up"))
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t := time.Now()
			_, err := s.do(context.WithoutCancel(ctx), "GET", p, "", nil, http.StatusOK)
			s.cur.Load().add(read, time.Since(t), err)
		}()
	}
}

// mine is an action the writer made, with the version it last read.
type mine struct {
	id, version int64
}

// writeLoop writes one thing every 1/writes seconds, one after another, so that it always
// holds the current version of its actions.
func (s *soak) writeLoop(ctx context.Context) {
	if s.cfg.writes == 0 {
		return
	}
	tick := time.NewTicker(time.Duration(float64(time.Second) / s.cfg.writes))
	defer tick.Stop()
	var actions []mine
	n := 0
	for {
		select {
		case <-ctx.Done():
			// Tidy up, so a soak leaves the database as it found it but for the audit trail.
			for _, a := range actions {
				s.do(context.Background(), "DELETE", fmt.Sprintf("/api/v1/actions/%d?version=%d", a.id, a.version), "", nil, http.StatusNoContent)
			}
			return
		case <-tick.C:
		}
		t := time.Now()
		var err error
		switch r := s.rnd.IntN(10); {
		case len(actions) < 40 && (r < 3 || len(actions) == 0):
			n++
			var a mine
			a, err = s.create(ctx, n)
			if err == nil {
				actions = append(actions, a)
			}
		case len(actions) >= 40 && r < 3:
			a := actions[0]
			_, err = s.do(ctx, "DELETE", fmt.Sprintf("/api/v1/actions/%d?version=%d", a.id, a.version), "", nil, http.StatusNoContent)
			if err == nil {
				actions = actions[1:]
			}
		default:
			i := s.rnd.IntN(len(actions))
			actions[i], err = s.update(ctx, actions[i])
		}
		if ctx.Err() != nil {
			return // a request cut short by the end is not the server's error
		}
		s.cur.Load().add(write, time.Since(t), err)
	}
}

func (s *soak) create(ctx context.Context, n int) (mine, error) {
	body, _ := json.Marshal(map[string]any{
		"plan_id": s.planID, "organisation_id": s.orgID, "sector": "energy", "status": "planned",
		"title": fmt.Sprintf("Soak-indsats %d", n), "description": "Oprettet af tools/soak.",
	})
	var m mine
	b, err := s.do(ctx, "POST", "/api/v1/actions", "application/json", body, http.StatusCreated)
	if err == nil {
		err = json.Unmarshal(b, &struct {
			ID      *int64 `json:"id"`
			Version *int64 `json:"version"`
		}{&m.id, &m.version})
	}
	return m, err
}

func (s *soak) update(ctx context.Context, a mine) (mine, error) {
	body, _ := json.Marshal(map[string]any{"version": a.version, "progress": s.rnd.IntN(101), "status": "in_progress"})
	b, err := s.do(ctx, "PATCH", fmt.Sprintf("/api/v1/actions/%d", a.id), "application/json", body, http.StatusOK)
	if err != nil {
		return a, err
	}
	err = json.Unmarshal(b, &struct {
		Version *int64 `json:"version"`
	}{&a.version})
	return a, err
}

// importLoop imports the organisation's values, nudged, every -import-every.
func (s *soak) importLoop(ctx context.Context) {
	if s.cfg.importEvery <= 0 {
		return
	}
	tick := time.NewTicker(s.cfg.importEvery)
	defer tick.Stop()
	rnd := rand.New(rand.NewPCG(s.cfg.seed, 13))
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		var buf bytes.Buffer
		buf.WriteString("\ufeff")
		w := csv.NewWriter(&buf)
		w.Comma = ';'
		w.Write(s.values[0])
		for _, row := range s.values[1:] {
			row = slices.Clone(row)
			if v, err := strconv.ParseFloat(strings.ReplaceAll(row[4], ",", "."), 64); err == nil {
				v = float64(int(v*(0.95+rnd.Float64()*0.1)*10+0.5)) / 10
				row[4] = strings.ReplaceAll(strconv.FormatFloat(v, 'f', -1, 64), ".", ",")
			}
			w.Write(row)
		}
		w.Flush()
		t := time.Now()
		_, err := s.do(ctx, "POST", "/api/v1/indicator-values/import?format=csv", "text/csv", buf.Bytes(), http.StatusOK)
		if ctx.Err() != nil {
			return
		}
		s.cur.Load().add(imp, time.Since(t), err)
	}
}

// memLoop reads the server's VmRSS every five seconds.
func (s *soak) memLoop(ctx context.Context) {
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		if kb, err := rss(s.cfg.pid); err == nil {
			s.cur.Load().seeRSS(kb)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS")
}

func (s *soak) getJSON(ctx context.Context, path string, v any) error {
	b, err := s.do(ctx, "GET", path, "", nil, http.StatusOK)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// do sends one request and reads the whole answer; any status but want is an error.
func (s *soak) do(ctx context.Context, method, path, contentType string, body []byte, want int) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	u, err := url.JoinPath(s.cfg.base, "/")
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(u, "/")+path, rd)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	// Reads are the public's; writes, imports and the export need the token.
	if method != "GET" || strings.Contains(path, "/export") {
		req.Header.Set("Authorization", "Bearer "+s.cfg.token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(b[:min(len(b), 200)]))
	}
	return b, nil
}
