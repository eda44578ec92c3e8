// Package retention decides how long Klimaspor keeps personal data and runs the job that
// removes what is kept longer (issue 16; DECISIONS 74). The settings come from the
// operator's environment (FromEnv); Cutoffs turns them and the time now into the times
// before which data is past retention; the store does the work in one transaction
// (store.DB.ApplyRetention). Run does that once across every app server on one database,
// by the store's job lease (store.DB.ClaimJob), every Interval; `klimaspor retention` runs
// it by hand. The privacy notice (/privatliv) shows the same settings.
package retention

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
)

// Day and Year are the units of the settings (a year of 365 days).
const (
	Day  = 24 * time.Hour
	Year = 365 * Day
)

// Defaults: the audit trail names its people for five years, then a pseudonym; a disabled
// account keeps its personal data for a year (it may be enabled again), then loses it; the job
// runs daily.
const (
	DefaultAudit    = 5 * Year
	DefaultAccounts = 1 * Year
	DefaultInterval = Day
)

// Short-lived records: sessions end at the latest auth.DefaultAbsolute after sign-in; the
// counters' windows (sign-in failures, rate limits) and sign-on attempts last an hour at most
// and mail links expire within days. What is older than CountersAfter is of no use and goes.
const CountersAfter = Day

// JobName is the job's name in the store's job lease.
const JobName = "retention"

// Config is the retention the operator chose. A zero Audit or Accounts keeps that data for
// ever ("off").
type Config struct {
	Audit    time.Duration // KLIMASPOR_AUDIT_RETENTION
	Accounts time.Duration // KLIMASPOR_ACCOUNT_RETENTION
	Interval time.Duration // KLIMASPOR_RETENTION_INTERVAL
}

// Default is the configuration when nothing is set.
func Default() Config {
	return Config{Audit: DefaultAudit, Accounts: DefaultAccounts, Interval: DefaultInterval}
}

// FromEnv reads the settings: KLIMASPOR_AUDIT_RETENTION and KLIMASPOR_ACCOUNT_RETENTION as a
// number of years (5y), days (400d) or a Go duration (720h), or off; and
// KLIMASPOR_RETENTION_INTERVAL the same way (at least a minute, never off).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Default()
	for _, s := range []struct {
		name string
		into *time.Duration
		off  bool
	}{
		{"KLIMASPOR_AUDIT_RETENTION", &c.Audit, true},
		{"KLIMASPOR_ACCOUNT_RETENTION", &c.Accounts, true},
		{"KLIMASPOR_RETENTION_INTERVAL", &c.Interval, false},
	} {
		v := strings.TrimSpace(getenv(s.name))
		if v == "" {
			continue
		}
		d, err := ParseDuration(v)
		switch {
		case err != nil:
			return c, fmt.Errorf("%s: %w", s.name, err)
		case d == 0 && !s.off:
			return c, fmt.Errorf("%s: the job cannot be turned off by its interval", s.name)
		case d != 0 && d < time.Minute:
			return c, fmt.Errorf("%s: %s is less than a minute", s.name, v)
		}
		*s.into = d
	}
	return c, nil
}

// ParseDuration reads 5y, 400d, 720h (any Go duration) or off (0).
func ParseDuration(v string) (time.Duration, error) {
	switch v = strings.ToLower(strings.TrimSpace(v)); {
	case v == "off" || v == "0":
		return 0, nil
	case strings.HasSuffix(v, "y") || strings.HasSuffix(v, "d"):
		n, err := strconv.Atoi(v[:len(v)-1])
		if err != nil || n <= 0 || n > 100*365 {
			return 0, fmt.Errorf("%q is not a number of years (5y) or days (400d)", v)
		}
		if v[len(v)-1] == 'y' {
			return time.Duration(n) * Year, nil
		}
		return time.Duration(n) * Day, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration such as 5y, 400d or 720h, or off", v)
	}
	return d, nil
}

// Days is a duration in whole days (rounded down), for the privacy notice.
func Days(d time.Duration) int { return int(d / Day) }

// Cutoffs are the times before which data is past retention at now.
func (c Config) Cutoffs(now time.Time) store.RetentionCutoffs {
	now = now.UTC()
	var out store.RetentionCutoffs
	if c.Audit > 0 {
		out.Audit = now.Add(-c.Audit)
	}
	if c.Accounts > 0 {
		out.Accounts = now.Add(-c.Accounts)
	}
	out.Sessions = now.Add(-auth.DefaultAbsolute)
	out.Counters = now.Add(-CountersAfter)
	return out
}

// Once runs the job now, whether or not another app server ran it lately (the command).
// Dry, it reports what it would do and changes nothing.
func Once(ctx context.Context, db *store.DB, c Config, now time.Time, dry bool) (store.RetentionReport, error) {
	return db.ApplyRetention(ctx, c.Cutoffs(now), dry)
}

// Run runs the job every c.Interval until ctx ends, on whichever app server claims each run
// first (store.DB.ClaimJob), logging what it did. It looks every interval/10 (at most an
// hour), so a run that another server missed is taken up soon.
func Run(ctx context.Context, db *store.DB, c Config, log *slog.Logger) {
	look := min(c.Interval/10, time.Hour)
	t := time.NewTicker(max(look, time.Second))
	defer t.Stop()
	for {
		if err := tick(ctx, db, c, log); err != nil && !errors.Is(ctx.Err(), context.Canceled) {
			log.ErrorContext(ctx, "retention: run", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// tick runs the job if this server claims the run.
func tick(ctx context.Context, db *store.DB, c Config, log *slog.Logger) error {
	ok, err := db.ClaimJob(ctx, JobName, c.Interval)
	if err != nil || !ok {
		return err
	}
	rep, err := Once(ctx, db, c, time.Now(), false)
	if err != nil {
		return err
	}
	log.InfoContext(ctx, "retention: run", "changed", rep.Total(), "what", rep.String())
	return db.FinishJob(ctx, JobName)
}
