package gen_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"klimaspor/internal/api"
	"klimaspor/internal/gen"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// The API benchmarks run the two hot queries against a national data set:
//
//	actions: GET /api/v1/actions?organisation=ID&sector=S   (one municipality's actions in a sector)
//	series:  GET /api/v1/indicators/ID/values?organisation=ID (one indicator's series for a municipality)
//
// The data set is $KLIMASPOR_BENCH_DB (a SQLite file) and $KLIMASPOR_BENCH_DATABASE_URL (a
// PostgreSQL database) when set, as scripts/bench.sh does after `klimaspor gen`; otherwise
// it is generated first (gen.National(), or gen.Small() with -short), which takes a while.
// Requests go straight to the handler, without a network in between. BenchmarkAPI turns
// the API's answer cache off, so that every request runs its queries; BenchmarkAPICached
// leaves it on.

func benchDB(b *testing.B, engine string) *store.DB {
	ctx := context.Background()
	var cfg store.Config
	switch engine {
	case "sqlite":
		cfg.Path = os.Getenv("KLIMASPOR_BENCH_DB")
	case "postgres":
		cfg.URL = os.Getenv("KLIMASPOR_BENCH_DATABASE_URL")
	}
	if cfg.Path != "" || cfg.URL != "" {
		db, err := store.Open(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	}
	db := storetest.Open(b, engine)
	gc := gen.National()
	if testing.Short() {
		gc = gen.Small()
	}
	b.Logf("generating the data set on %s; set KLIMASPOR_BENCH_DB / KLIMASPOR_BENCH_DATABASE_URL to use one made before", engine)
	st, err := gen.Generate(ctx, db, gc, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s", st)
	return db
}

// benchURLs picks n random requests of each query from the data set.
func benchURLs(b *testing.B, db *store.DB, n int) (actions, series []string) {
	munis := all(b, db, model.Organisations, map[string]string{"kind": "municipality"})
	inds := all(b, db, model.Indicators, nil)
	if len(munis) == 0 || len(inds) == 0 {
		b.Fatal("the database holds no generated data set")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range n {
		m := munis[r.IntN(len(munis))].ID()
		actions = append(actions, fmt.Sprintf("/api/v1/actions?organisation=%d&sector=%s", m, model.Sectors[r.IntN(len(model.Sectors))]))
		series = append(series, fmt.Sprintf("/api/v1/indicators/%d/values?organisation=%d", inds[r.IntN(len(inds))].ID(), m))
	}
	return actions, series
}

// serveOne sends one request to the handler; it may run on RunParallel's goroutines.
func serveOne(b *testing.B, h http.Handler, url string) bool {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
	if rec.Code != http.StatusOK {
		b.Errorf("GET %s: %d %.300s", url, rec.Code, rec.Body.String())
		return false
	}
	return true
}

func BenchmarkAPI(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			srv := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "bench")
			srv.SetCache(0) // every request runs its queries; see BenchmarkAPICached
			benchQueries(b, db, srv.Handler())
		})
	}
}

// BenchmarkAPICached is BenchmarkAPI with the answer cache at its default size: with
// 1000 different requests of each query, all are served from the cache once warm.
func BenchmarkAPICached(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			benchQueries(b, db, api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "bench").Handler())
		})
	}
}

func benchQueries(b *testing.B, db *store.DB, h http.Handler) {
	actions, series := benchURLs(b, db, 1000)
	for _, q := range []struct {
		name string
		urls []string
	}{{"actions", actions}, {"series", series}} {
		// One client after another: the latency of a request on an idle server.
		b.Run(q.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if !serveOne(b, h, q.urls[i%len(q.urls)]) {
					return
				}
				i++
			}
		})
		// 32 clients at once (16 per core on 2 cores): throughput and latency under load.
		b.Run(q.name+"-32clients", func(b *testing.B) {
			b.SetParallelism(max(1, 32/max(1, runtime.GOMAXPROCS(0))))
			var mu sync.Mutex
			var lat []time.Duration
			var next int64
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				mu.Lock()
				i := int(next)
				next += 7919
				mu.Unlock()
				for pb.Next() {
					t := time.Now()
					if !serveOne(b, h, q.urls[i%len(q.urls)]) {
						break
					}
					mine = append(mine, time.Since(t))
					i++
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
				b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
