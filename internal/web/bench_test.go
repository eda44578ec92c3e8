package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// BenchmarkPages renders each type of page with the page cache off: what a reader waits for
// after every change of the data. It uses the demo data, or the SQLite file
// KLIMASPOR_BENCH_DB names or the PostgreSQL database KLIMASPOR_BENCH_DATABASE_URL names (a
// national data set from `klimaspor gen --scale national`). KLIMASPOR_BENCH_PAGES lists the
// paths (space-separated) instead of one page of each type (pagePaths). With the demo data
// it runs in well under a minute; docs/BENCHMARKS.md has figures.
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
	paths := strings.Fields(os.Getenv("KLIMASPOR_BENCH_PAGES"))
	if len(paths) == 0 {
		paths = pagePaths(b, db)
	}
	for _, path := range paths {
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

// pagePaths is one public page of each type, for the records the database holds: the
// first municipality, action, indicator and joint project.
func pagePaths(b *testing.B, db *store.DB) []string {
	first := func(res *model.Resource, filters map[string]string) model.Record {
		q := model.ListQuery{Filters: filters, Limit: 1}
		auth.Visibility(nil, res).Apply(&q) // what the public sees
		p, err := db.List(context.Background(), res, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Items) == 0 {
			return nil
		}
		return p.Items[0]
	}
	paths := []string{"/", "/indsatser", "/sammenlign", "/paa-tvaers", "/paa-tvaers/kort", "/paa-tvaers/udvikling", "/paa-tvaers/sammenlign", "/rapportering"}
	if m := first(model.Organisations, map[string]string{"kind": "municipality"}); m != nil {
		code := url.PathEscape(m.Str("code"))
		paths = append(paths, "/kommuner/"+code, "/kommuner/"+code+"/klimaregnskab")
	}
	if a := first(model.Actions, nil); a != nil {
		paths = append(paths, "/indsatser/"+strconv.FormatInt(a.ID(), 10))
	}
	if i := first(model.Indicators, nil); i != nil {
		paths = append(paths, "/noegletal/"+url.PathEscape(i.Str("code")))
	}
	if p := first(model.Projects, nil); p != nil {
		paths = append(paths, "/projekter/"+url.PathEscape(p.Str("code")))
	}
	return paths
}
