package rollup_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/rollup"
	"klimaspor/internal/store"
)

// BenchmarkDemoRollup measures the roll-up of the demo's final VIP round (seven projects,
// every report approved) on SQLite, as the secretariat reads it: gathering it (Build), and
// writing it as HTML and XLSX. The PDF is chromium's time and is measured by hand (see
// docs/BENCHMARKS.md).
func BenchmarkDemoRollup(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{Path: filepath.Join(b.TempDir(), "demo.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if err := demo.Load(ctx, db); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadAccounts(ctx, db); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadReporting(ctx, db, time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)); err != nil {
		b.Fatal(err)
	}
	rounds, err := db.List(ctx, model.ReportingRounds, model.ListQuery{Filters: map[string]string{"kind": "final"}, Limit: 1})
	if err != nil || len(rounds.Items) != 1 {
		b.Fatalf("the final round: %v", err)
	}
	round := rounds.Items[0].ID()
	sec := &auth.Principal{User: store.User{ID: 1, Memberships: []store.Membership{{Role: auth.RoleSecretariat}}}}
	r, err := rollup.Build(ctx, db, sec, round, rollup.Filter{}, "2026-12-04")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			if _, err := rollup.Build(ctx, db, sec, round, rollup.Filter{}, "2026-12-04"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html", func(b *testing.B) {
		for b.Loop() {
			if _, err := rollup.HTML(i18n.Danish, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xlsx", func(b *testing.B) {
		for b.Loop() {
			if _, err := rollup.XLSX(i18n.Danish, r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
