package retention

import (
	"testing"
	"time"

	"klimaspor/internal/auth"
)

func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		want Config
		bad  bool
	}{
		{"defaults", nil, Config{Audit: 5 * Year, Accounts: Year, Interval: Day}, false},
		{"years and days", map[string]string{"KLIMASPOR_AUDIT_RETENTION": "10y", "KLIMASPOR_ACCOUNT_RETENTION": "90d"}, Config{Audit: 10 * Year, Accounts: 90 * Day, Interval: Day}, false},
		{"off and a Go duration", map[string]string{"KLIMASPOR_AUDIT_RETENTION": "off", "KLIMASPOR_RETENTION_INTERVAL": "6h"}, Config{Audit: 0, Accounts: Year, Interval: 6 * time.Hour}, false},
		{"the interval cannot be off", map[string]string{"KLIMASPOR_RETENTION_INTERVAL": "off"}, Config{}, true},
		{"not a duration", map[string]string{"KLIMASPOR_ACCOUNT_RETENTION": "a year"}, Config{}, true},
		{"negative", map[string]string{"KLIMASPOR_ACCOUNT_RETENTION": "-5d"}, Config{}, true},
		{"under a minute", map[string]string{"KLIMASPOR_ACCOUNT_RETENTION": "30s"}, Config{}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := FromEnv(func(k string) string { return c.env[k] })
			if (err != nil) != c.bad {
				t.Fatalf("err = %v, want error %v", err, c.bad)
			}
			if !c.bad && got != c.want {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestCutoffs(t *testing.T) {
	now := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	c := Config{Audit: 5 * Year, Accounts: 0, Interval: Day}.Cutoffs(now)
	if want := now.Add(-5 * 365 * 24 * time.Hour); !c.Audit.Equal(want) {
		t.Errorf("audit cut-off %v, want %v", c.Audit, want)
	}
	if !c.Accounts.IsZero() {
		t.Errorf("accounts off, but the cut-off is %v", c.Accounts)
	}
	if !c.Sessions.Equal(now.Add(-auth.DefaultAbsolute)) || !c.Counters.Equal(now.Add(-Day)) {
		t.Errorf("sessions %v, counters %v", c.Sessions, c.Counters)
	}
}
