// Command load puts a running Klimaspor server under load: C clients at once send GET
// requests for a while and the latency of each is recorded. The requests are random picks
// of one of two queries, with municipalities and indicators read from the server's API
// first. By default every combination of municipality and sector (or indicator) is equally
// likely, so that an answer cache in the server helps only as much as it would with
// traffic spread evenly over the whole data set.
//
//	actions: /api/v1/actions?organisation=ID&sector=SECTOR
//	series:  /api/v1/indicators/ID/values?organisation=ID
//
// With -query pages it requests web pages instead: the comma-separated -path list, where
// "{municipality}" in a path stands for every municipality's code (one URL each) and
// "{municipality_id}" for its id (for the API's organisation=ID), e.g.
//
//	go run ./tools/load -query pages -path '/' -c 32 -duration 15s
//	go run ./tools/load -query pages -path '/kommuner/{municipality}' -gzip
//
// -gzip asks for gzipped answers (the byte counts are then the compressed sizes).
//
// It prints requests per second and the 50th, 90th and 99th percentile and the largest
// latency, in words and as one "RESULT key=value …" line for scripts. It stops by itself
// after -duration (or -n requests), and exits 1 if any request failed.
//
//	go run ./tools/load -base http://127.0.0.1:8080 -query actions -c 32 -duration 20s
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sectors are the action sectors (model.Sectors).
var sectors = []string{"energy", "transport", "agriculture", "waste_wastewater", "industrial_processes", "land_use", "consumption_procurement", "adaptation", "cross_cutting"}

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server address")
	query := flag.String("query", "actions", "actions, series, mixed (both, alternating at random) or pages (the -path list)")
	paths := flag.String("path", "/", "with -query pages: comma-separated paths; {municipality} stands for each municipality's code, {municipality_id} for its id")
	gz := flag.Bool("gzip", false, "send Accept-Encoding: gzip")
	clients := flag.Int("c", 32, "concurrent clients")
	duration := flag.Duration("duration", 20*time.Second, "how long to measure")
	warmup := flag.Duration("warmup", 3*time.Second, "load before measuring, not counted")
	maxReq := flag.Int64("n", 0, "stop after this many measured requests (0: only -duration counts)")
	picks := flag.Int("urls", 0, "how many random requests to choose from (0: every combination, shuffled)")
	seed := flag.Uint64("seed", 1, "random seed for the picks")
	timeout := flag.Duration("timeout", 10*time.Second, "time limit of one request")
	flag.Parse()
	if *clients < 1 || *duration <= 0 || *picks < 0 {
		fmt.Fprintln(os.Stderr, "load: -c and -duration must be positive, -urls not negative")
		os.Exit(2)
	}
	if *query != "actions" && *query != "series" && *query != "mixed" && *query != "pages" {
		fmt.Fprintln(os.Stderr, "load: -query must be actions, series, mixed or pages")
		os.Exit(2)
	}

	client := &http.Client{
		Timeout: *timeout,
		Transport: &http.Transport{
			MaxIdleConns: *clients, MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients,
			DisableCompression: true, IdleConnTimeout: time.Minute,
		},
	}
	acceptGzip = *gz
	var urls []string
	var err error
	if *query == "pages" {
		urls, err = pageURLs(client, strings.TrimRight(*base, "/"), *paths)
	} else {
		urls, err = buildURLs(client, strings.TrimRight(*base, "/"), *query, *picks, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}

	if *warmup > 0 {
		run(client, urls, *clients, *warmup, 0)
	}
	res := run(client, urls, *clients, *duration, *maxReq)
	res.print(*query, *clients)
	if res.errors > 0 {
		fmt.Fprintf(os.Stderr, "load: %d requests failed; the first: %s\n", res.errors, res.firstErr)
		os.Exit(1)
	}
}

type page struct {
	Items []struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	} `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// ids reads the ids of every record a list returns, page by page.
func ids(client *http.Client, base, path string) ([]int64, error) {
	var out []int64
	err := each(client, base, path, func(id int64, _ string) { out = append(out, id) })
	return out, err
}

// pageURLs expands the -path list of -query pages.
func pageURLs(client *http.Client, base, paths string) ([]string, error) {
	var codes []string
	var idsOf []int64
	var urls []string
	for _, p := range strings.Split(paths, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.Contains(p, "{municipality}") && !strings.Contains(p, "{municipality_id}") {
			urls = append(urls, base+p)
			continue
		}
		if codes == nil {
			err := each(client, base, "/api/v1/organisations?kind=municipality&limit=1000", func(id int64, code string) {
				codes = append(codes, code)
				idsOf = append(idsOf, id)
			})
			if err != nil {
				return nil, err
			}
			if len(codes) == 0 {
				return nil, errors.New("the server has no municipalities; generate data first (klimaspor gen)")
			}
		}
		for i, c := range codes {
			u := strings.ReplaceAll(p, "{municipality_id}", strconv.FormatInt(idsOf[i], 10))
			urls = append(urls, base+strings.ReplaceAll(u, "{municipality}", url.PathEscape(c)))
		}
	}
	if len(urls) == 0 {
		return nil, errors.New("-path names no page")
	}
	fmt.Fprintf(os.Stderr, "load: %d distinct pages at %s\n", len(urls), base)
	return urls, nil
}

// each calls f with the id and code of every record a list returns, page by page.
func each(client *http.Client, base, path string, f func(id int64, code string)) error {
	cursor := ""
	for {
		u := base + path
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		resp, err := client.Get(u)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s: %.200s", u, resp.Status, body)
		}
		var p page
		if err := json.Unmarshal(body, &p); err != nil {
			return fmt.Errorf("GET %s: %w", u, err)
		}
		for _, it := range p.Items {
			f(it.ID, it.Code)
		}
		if p.NextCursor == nil || *p.NextCursor == "" {
			return nil
		}
		cursor = *p.NextCursor
	}
}

func buildURLs(client *http.Client, base, query string, n int, seed uint64) ([]string, error) {
	munis, err := ids(client, base, "/api/v1/organisations?kind=municipality&limit=1000")
	if err != nil {
		return nil, err
	}
	inds, err := ids(client, base, "/api/v1/indicators?limit=1000")
	if err != nil {
		return nil, err
	}
	if len(munis) == 0 || len(inds) == 0 {
		return nil, errors.New("the server has no municipalities or no indicators; generate data first (klimaspor gen)")
	}
	actions := func(m int64, sector string) string {
		return fmt.Sprintf("%s/api/v1/actions?organisation=%d&sector=%s", base, m, sector)
	}
	series := func(m, ind int64) string {
		return fmt.Sprintf("%s/api/v1/indicators/%d/values?organisation=%d", base, ind, m)
	}
	r := rand.New(rand.NewPCG(seed, 0x6c6f6164))
	var urls []string
	if n == 0 {
		// Every combination once, in random order: traffic spread evenly over the data set,
		// so that an answer cache only helps as much as it would in real use.
		for _, m := range munis {
			if query != "series" {
				for _, s := range sectors {
					urls = append(urls, actions(m, s))
				}
			}
			if query != "actions" {
				for _, ind := range inds {
					urls = append(urls, series(m, ind))
				}
			}
		}
		r.Shuffle(len(urls), func(i, j int) { urls[i], urls[j] = urls[j], urls[i] })
	} else {
		for range n {
			m := munis[r.IntN(len(munis))]
			q := query
			if q == "mixed" {
				q = []string{"actions", "series"}[r.IntN(2)]
			}
			if q == "actions" {
				urls = append(urls, actions(m, sectors[r.IntN(len(sectors))]))
			} else {
				urls = append(urls, series(m, inds[r.IntN(len(inds))]))
			}
		}
	}
	fmt.Fprintf(os.Stderr, "load: %d municipalities, %d indicators at %s: %d distinct requests\n", len(munis), len(inds), base, len(urls))
	return urls, nil
}

type result struct {
	elapsed  time.Duration
	lat      []time.Duration // of the successful requests, sorted
	errors   int64
	firstErr string
	bytes    int64
}

// run sends requests from c clients until d has passed or max requests were sent.
func run(client *http.Client, urls []string, c int, d time.Duration, max int64) *result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		mu      sync.Mutex
		res     result
		started atomic.Int64
		wg      sync.WaitGroup
	)
	begin := time.Now()
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 0x636c69))
			var lat []time.Duration
			var errs, nbytes int64
			var first string
			for ctx.Err() == nil {
				if max > 0 && started.Add(1) > max {
					break
				}
				u := urls[r.IntN(len(urls))]
				t := time.Now()
				n, err := get(ctx, client, u)
				el := time.Since(t)
				if err != nil {
					if ctx.Err() != nil {
						break // cut off by the deadline: neither a result nor a failure
					}
					errs++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				lat = append(lat, el)
				nbytes += n
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			res.errors += errs
			res.bytes += nbytes
			if res.firstErr == "" {
				res.firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(begin)
	slices.Sort(res.lat)
	return &res
}

// acceptGzip is -gzip: ask for gzipped answers.
var acceptGzip bool

func get(ctx context.Context, client *http.Client, u string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0, err
	}
	if acceptGzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return n, err
	}
	if resp.StatusCode != http.StatusOK {
		return n, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return n, nil
}

func (r *result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat))*p/100+0.5) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

func msf(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/1e6) }

func (r *result) print(query string, clients int) {
	n := len(r.lat)
	rps := float64(n) / r.elapsed.Seconds()
	var sum time.Duration
	for _, l := range r.lat {
		sum += l
	}
	mean, avgBytes := time.Duration(0), int64(0)
	if n > 0 {
		mean, avgBytes = sum/time.Duration(n), r.bytes/int64(n)
	}
	fmt.Printf("%s: %d clients, %.1fs: %d requests, %d errors, %.0f req/s; latency p50 %s ms, p90 %s ms, p99 %s ms, max %s ms, mean %s ms; %d bytes per answer\n",
		query, clients, r.elapsed.Seconds(), n, r.errors, rps, msf(r.pct(50)), msf(r.pct(90)), msf(r.pct(99)), msf(r.pct(100)), msf(mean), avgBytes)
	fmt.Printf("RESULT query=%s clients=%d seconds=%.1f requests=%d errors=%d rps=%.0f p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s mean_ms=%s bytes=%d\n",
		query, clients, r.elapsed.Seconds(), n, r.errors, rps, msf(r.pct(50)), msf(r.pct(90)), msf(r.pct(99)), msf(r.pct(100)), msf(mean), avgBytes)
}
