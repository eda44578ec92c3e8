package gen_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"klimaspor/internal/coverage"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
)

// BenchmarkCoverageHistory: the cross-plan overview's history and map at national scale
// (coverageDB: 98 municipalities, 19,600 actions, a nation above the regions).
//
//   - per-day-24 and one-pass-24: the nation's state at 24 quarter ends, by CoverageState per
//     day and by CoverageHistory's one pass. The generated records' audit entries are all
//     dated today, so the days are the 24 quarter ends from today on: every entry lies before
//     every day, the most either way can read.
//   - the pages /paa-tvaers (with its history) and /paa-tvaers/kort (a theme, and emissions
//     per inhabitant) for the nation, with the page cache off.
func BenchmarkCoverageHistory(b *testing.B) {
	ctx := context.Background()
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db, nation := coverageDB(b, engine)
			members, err := db.GroupMembers(ctx, nation)
			if err != nil {
				b.Fatal(err)
			}
			tree, err := db.ThemeTree(ctx)
			if err != nil {
				b.Fatal(err)
			}
			to := time.Now().UTC().AddDate(6, 0, 0).Format(time.DateOnly)
			days := coverage.HistoryDays(store.Today(), to)[:24]
			b.Run("per-day-24", func(b *testing.B) {
				for b.Loop() {
					for _, d := range days {
						st, err := db.CoverageState(ctx, members, d, nil)
						if err != nil {
							b.Fatal(err)
						}
						coverage.Compute(st, tree, coverage.BaseAdopted, nil)
					}
				}
			})
			b.Run("since", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.CoverageSince(ctx, members); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("one-pass-1", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.CoverageHistory(ctx, members, days[:1]); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("one-pass-24", func(b *testing.B) {
				for b.Loop() {
					states, err := db.CoverageHistory(ctx, members, days)
					if err != nil {
						b.Fatal(err)
					}
					for _, st := range states {
						coverage.Compute(st, tree, coverage.BaseAdopted, nil)
					}
				}
			})
			s, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			s.SetCache(0)
			h := s.Handler()
			theme := tree.Themes()[0].ID
			for name, path := range map[string]string{
				"page-overview":      fmt.Sprintf("/paa-tvaers?gruppe=%d", nation),
				"page-history":       fmt.Sprintf("/paa-tvaers/udvikling?gruppe=%d", nation),
				"page-map-theme":     fmt.Sprintf("/paa-tvaers/kort?gruppe=%d&maal=tema&tema=%d", nation, theme),
				"page-map-percapita": fmt.Sprintf("/paa-tvaers/kort?gruppe=%d&maal=co2-pr-indbygger", nation),
			} {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						w := httptest.NewRecorder()
						h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
						if w.Code != http.StatusOK {
							b.Fatalf("GET %s: %d %.300s", path, w.Code, w.Body.String())
						}
					}
				})
			}
		})
	}
}
