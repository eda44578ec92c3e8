package retention_test

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"klimaspor/internal/retention"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// countRuns is a log handler that counts the job's "retention: run" lines.
type countRuns struct{ n *atomic.Int64 }

func (c countRuns) Enabled(context.Context, slog.Level) bool { return true }
func (c countRuns) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "retention: run" && r.Level == slog.LevelInfo {
		c.n.Add(1)
	}
	return nil
}
func (c countRuns) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c countRuns) WithGroup(string) slog.Handler      { return c }

// Two app servers on one database (two handles, as two processes have) each look for the job
// every second, and each run is claimed by one of them: over nine seconds with an interval of
// four, the job runs at most four times in all (the lease's times are whole seconds, so runs
// are at least three seconds apart), where two servers without the lease would run it about
// eighteen times.
func TestRunOnceAcrossServers(t *testing.T) {
	ctx := context.Background()
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			cfg := storetest.NewConfig(t, engine)
			var dbs []*store.DB
			for range 2 {
				db, err := store.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				dbs = append(dbs, db)
			}
			var runs atomic.Int64
			log := slog.New(countRuns{&runs})
			c := retention.Config{Audit: retention.DefaultAudit, Accounts: retention.DefaultAccounts, Interval: 4 * time.Second}
			runCtx, cancel := context.WithTimeout(ctx, 9*time.Second)
			defer cancel()
			var wg sync.WaitGroup
			for _, db := range dbs {
				wg.Go(func() { retention.Run(runCtx, db, c, log) })
			}
			wg.Wait()
			if n := runs.Load(); n < 1 || n > 4 {
				t.Errorf("the job ran %d times in nine seconds on two servers with an interval of four; want 1 to 4", n)
			}
		})
	}
}
