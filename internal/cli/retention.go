package cli

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"klimaspor/internal/retention"
	"klimaspor/internal/store"
)

// runRetention runs the retention job once, now (internal/retention): for operators who want
// to see what it does (--dry-run) or run it outside serve's schedule. It does not take the
// job lease: a person asked for it.
func runRetention(ctx context.Context, e *env, args []string) error {
	var cfg Config
	fs := e.flags("retention", "", "Remove personal data kept past its retention: disabled accounts' personal data after\n"+
		"KLIMASPOR_ACCOUNT_RETENTION, the person of audit entries older than KLIMASPOR_AUDIT_RETENTION (a pseudonym takes\n"+
		"their place), and ended sessions, expired tokens and old sign-in counters. serve runs it daily by itself.", &cfg, false)
	dry := fs.Bool("dry-run", false, "say what would be removed and change nothing")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	rc, err := retention.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := retention.Once(ctx, db, rc, time.Now(), *dry)
	if err != nil {
		return err
	}
	if *dry {
		fmt.Fprintln(e.stdout, "dry run, nothing changed; would do:", rep.String())
		return nil
	}
	fmt.Fprintln(e.stdout, "done:", rep.String())
	return nil
}

// startRetention runs the retention job in the background every KLIMASPOR_RETENTION_INTERVAL,
// once across every app server on the database (the store's job lease). The function it
// returns stops it and waits for it.
func startRetention(ctx context.Context, e *env, log *slog.Logger, db *store.DB) (stop func(), err error) {
	rc, err := retention.FromEnv(e.getenv)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		retention.Run(ctx, db, rc, log)
	}()
	log.Info("retention job runs", "every", rc.Interval.String(), "audit_days", retention.Days(rc.Audit), "account_days", retention.Days(rc.Accounts))
	return func() { cancel(); <-done }, nil
}
