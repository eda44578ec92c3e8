package store_test

import (
	"context"
	"os"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// BenchmarkNarrowReads times the narrow reads of the indicator pages (issue 14) against the
// national data set KLIMASPOR_BENCH_DB (SQLite) or KLIMASPOR_BENCH_DATABASE_URL
// (PostgreSQL), as the public reads them; skipped without one. docs/BENCHMARKS.md has figures.
func BenchmarkNarrowReads(b *testing.B) {
	cfg := store.Config{Path: os.Getenv("KLIMASPOR_BENCH_DB"), URL: os.Getenv("KLIMASPOR_BENCH_DATABASE_URL")}
	if cfg.Path == "" && cfg.URL == "" {
		b.Skip("KLIMASPOR_BENCH_DB or KLIMASPOR_BENCH_DATABASE_URL names a national data set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ind := model.ListQuery{Filters: map[string]string{"indicator": "1"}}
	reads := []struct {
		name string
		read func() error
	}{
		{"ValueTotals/all", func() error { _, err := db.ValueTotals(ctx, ind, ""); return err }},
		{"ValueTotals/period", func() error { _, err := db.ValueTotals(ctx, ind, "2023"); return err }},
		{"TotalOrganisations", func() error { _, err := db.TotalOrganisations(ctx, ind); return err }},
		{"TotalPeriods", func() error { _, err := db.TotalPeriods(ctx, ind); return err }},
		{"IndicatorNames", func() error { _, err := db.IndicatorNames(ctx, model.ListQuery{}); return err }},
	}
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if err := r.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
