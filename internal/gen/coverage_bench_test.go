package gen_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/gen"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// BenchmarkCoverage: the cross-plan coverage of every theme (30) for the nation at national
// scale (98 municipalities, 19,600 actions), GET /api/v1/coverage?group=NATION with the
// answer cache off, so every request reads and computes; and the actions behind one theme
// family's figure. The generated data set has no nation, so one is added above its five
// regions. The database is $KLIMASPOR_BENCH_DB / $KLIMASPOR_BENCH_DATABASE_URL when set and
// it already holds a nation; otherwise the national records (without indicator values,
// which coverage does not read) are generated first.
func BenchmarkCoverage(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db, nation := coverageDB(b, engine)
			srv := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "bench")
			srv.SetCache(0)
			h := srv.Handler()
			themes := all(b, db, model.Themes, nil)
			var family int64
			for _, t := range themes {
				if model.AsTheme(t).ParentID() == 0 {
					family = t.ID()
					break
				}
			}
			b.Run("nation", func(b *testing.B) {
				url := fmt.Sprintf("/api/v1/coverage?group=%d", nation)
				for b.Loop() {
					if !serveOne(b, h, url) {
						return
					}
				}
			})
			b.Run("nation-actions", func(b *testing.B) {
				url := fmt.Sprintf("/api/v1/coverage/%d/actions?group=%d", family, nation)
				for b.Loop() {
					if !serveOne(b, h, url) {
						return
					}
				}
			})
		})
	}
}

// coverageDB opens or generates the national data set with a nation above the regions.
func coverageDB(b *testing.B, engine string) (*store.DB, int64) {
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
		if n := all(b, db, model.Organisations, map[string]string{"kind": "country"}); len(n) > 0 {
			return db, n[0].ID()
		}
		b.Logf("%s has no nation; generating a data set of its own", engine)
	}
	db := storetest.Open(b, engine)
	gc := gen.National()
	if testing.Short() {
		gc = gen.Small()
	}
	gc.Indicators, gc.Years = 0, 0
	st, err := gen.Generate(ctx, db, gc, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s", st)
	var nation int64
	err = db.Tx(ctx, func(tx *store.Tx) error {
		n, err := tx.Create(ctx, model.Organisations, model.Record{"kind": "country", "code": "DK", "name_da": "Danmark", "name_en": "Denmark"})
		if err != nil {
			return err
		}
		nation = n.ID()
		page, err := tx.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "region"}, Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		for _, r := range page.Items {
			if _, err := tx.Update(ctx, model.Organisations, r.ID(), r.Version(), model.Record{"parent_id": nation}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, nation
}
