package web

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// BenchmarkPages renders pages with the page cache off: what a reader waits for after every
// change of the data. It uses the demo data, or the SQLite file KLIMASPOR_BENCH_DB names or
// the PostgreSQL database KLIMASPOR_BENCH_DATABASE_URL names (a national data set from
// `klimaspor gen --scale national`); KLIMASPOR_BENCH_PAGES lists the paths (space-separated)
// instead of the default few. docs/BENCHMARKS.md has figures.
func BenchmarkPages(b *testing.B) {
	var db *store.DB
	if cfg := (store.Config{Path: os.Getenv("KLIMASPOR_BENCH_DB"), URL: os.Getenv("KLIMASPOR_BENCH_DATABASE_URL")}); cfg.Path != "" || cfg.URL != "" {
		var err error
		if db, err = store.Open(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
	} else {
		db = storetest.Open(b, "sqlite")
		if err := demo.Load(context.Background(), db); err != nil {
			b.Fatal(err)
		}
	}
	s, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	s.SetCache(0)
	h := s.Handler()
	for _, path := range strings.Fields(cmp.Or(os.Getenv("KLIMASPOR_BENCH_PAGES"), "/ /?kort=indsatser /kommuner/101 /indsatser /sammenlign")) {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", path, w.Code)
				}
			}
		})
	}
}
