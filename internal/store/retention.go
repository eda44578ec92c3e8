package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Retention: the job that removes personal data kept longer than the operator's settings say
// (internal/retention decides the cut-off times; this file does the work), and the job lease
// that lets one app server of many run a periodic job.

// AuditRetention is the audit trail's resource name for what the retention job did.
const AuditRetention = "retention"

// holder names this process in job_runs: the host, the process id and a random part, so two
// processes on one host (or a restarted one) are told apart.
var holder = func() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}()

// ClaimJob claims this process's run of the job name when its last run started at least
// every ago (or it never ran), and reports whether it did. One conditional upsert decides, so
// of several app servers on one database asking at once exactly one wins; the others learn
// that the run is taken. A run that crashes is not retried before every has passed.
func (db *DB) ClaimJob(ctx context.Context, name string, every time.Duration) (bool, error) {
	return db.ClaimJobAt(ctx, name, holder, time.Now(), every)
}

// ClaimJobAt is ClaimJob for a given holder at a given time (tests, and tools that name
// themselves).
func (db *DB) ClaimJobAt(ctx context.Context, name, who string, now time.Time, every time.Duration) (bool, error) {
	now = now.UTC()
	// A row comes back only when this statement inserted or took over the run: the claim.
	var one int
	err := db.w.QueryRowContext(ctx, `INSERT INTO job_runs (name, started_at, holder) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at, holder = excluded.holder, finished_at = NULL
WHERE job_runs.started_at <= $4
RETURNING 1`, name, now.Format(time.RFC3339), who, now.Add(-every).Format(time.RFC3339)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: claim job %s: %w", name, err)
	}
	return true, nil
}

// FinishJob records that this process's run of the job name ended.
func (db *DB) FinishJob(ctx context.Context, name string) error {
	return db.FinishJobAt(ctx, name, holder, time.Now())
}

// FinishJobAt is FinishJob for a given holder at a given time.
func (db *DB) FinishJobAt(ctx context.Context, name, who string, now time.Time) error {
	if _, err := db.w.ExecContext(ctx, "UPDATE job_runs SET finished_at = $1 WHERE name = $2 AND holder = $3",
		now.UTC().Format(time.RFC3339), name, who); err != nil {
		return fmt.Errorf("store: finish job %s: %w", name, err)
	}
	return nil
}

// RetentionCutoffs are the times before which data is past its retention
// (internal/retention.Config.Cutoffs). A zero time keeps that data for ever.
type RetentionCutoffs struct {
	// Audit: audit entries made before it name their person by a pseudonym.
	Audit time.Time
	// Accounts: accounts disabled before it lose their personal data (as DeleteUser), and
	// API tokens revoked or expired before it are deleted.
	Accounts time.Time
	// Sessions: sessions begun before it are deleted (they have ended by then).
	Sessions time.Time
	// Counters: rate-limit counters and sign-in failure records last touched before it,
	// sign-on attempts begun before it, and mail tokens expired before it are deleted.
	Counters time.Time
}

// RetentionReport counts what a retention run did (or, dry, would do).
type RetentionReport struct {
	Accounts     int `json:"accounts"`      // disabled accounts whose personal data was removed
	AuditEntries int `json:"audit_entries"` // audit entries whose person became a pseudonym
	Pseudonyms   int `json:"pseudonyms"`    // pseudonyms made for them, one per person
	Sessions     int `json:"sessions"`
	APITokens    int `json:"api_tokens"`
	MailTokens   int `json:"mail_tokens"`
	RateLimits   int `json:"rate_limits"`
	SignIn       int `json:"sign_in_failures"`
	OIDCPending  int `json:"oidc_pending"`
}

// Total is how many rows the run changed or removed.
func (r RetentionReport) Total() int {
	return r.Accounts + r.AuditEntries + r.Sessions + r.APITokens + r.MailTokens + r.RateLimits + r.SignIn + r.OIDCPending
}

// String says what the run did in a line, for the log, the command and the audit entry.
func (r RetentionReport) String() string {
	return fmt.Sprintf("%d disabled accounts' personal data removed; %d audit entries moved to %d pseudonyms; deleted: %d sessions, %d API tokens, %d mail tokens, %d rate-limit counters, %d sign-in failure records, %d sign-on attempts",
		r.Accounts, r.AuditEntries, r.Pseudonyms, r.Sessions, r.APITokens, r.MailTokens, r.RateLimits, r.SignIn, r.OIDCPending)
}

// ApplyRetention removes what is past c's cut-offs in one transaction, with an audit entry
// for each account it empties and each pseudonym it makes, and one for the run, all by the
// system. Dry, it does the same and rolls back, so the report counts exactly what a run
// would do and nothing changes.
//
// A disabled account past retention keeps its row under the pseudonym slettet-bruger-ID, as
// an administrator's deletion does, so the audit trail's entries still point at a row. An
// audit entry past retention keeps everything but its person, who becomes a fresh pseudonym
// (a deleted account's row, pseudonym-…), one per person and run: the record history stays
// whole and still tells one person's changes of the time apart, but no longer says who made
// them, and nothing kept links the pseudonym back.
func (db *DB) ApplyRetention(ctx context.Context, c RetentionCutoffs, dry bool) (RetentionReport, error) {
	var rep RetentionReport
	ctx = context.WithoutCancel(ctx)
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("store: retention: %w", err)
	}
	defer tx.Rollback()
	sys := WithActor(ctx, Actor{Channel: ChannelSystem})
	now := nowText()
	text := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	exec := func(n *int, q string, args ...any) error {
		r, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: retention: %w", err)
		}
		k, _ := r.RowsAffected()
		*n += int(k)
		return nil
	}
	if !c.Accounts.IsZero() {
		ids, err := int64s(ctx, tx, "SELECT id FROM users WHERE disabled AND NOT deleted AND disabled_at IS NOT NULL AND disabled_at < $1 ORDER BY id", text(c.Accounts))
		if err != nil {
			return rep, err
		}
		for _, id := range ids {
			if _, err := eraseUser(ctx, tx, id, "slettet-bruger-"+strconv.FormatInt(id, 10)); err != nil {
				return rep, fmt.Errorf("store: retention: %w", err)
			}
			if err := db.auditAccount(sys, tx, id, "delete", "retention: personal data removed, disabled since before "+text(c.Accounts)+"; pseudonym slettet-bruger-"+strconv.FormatInt(id, 10)); err != nil {
				return rep, err
			}
			rep.Accounts++
		}
		if err := exec(&rep.APITokens, "DELETE FROM api_tokens WHERE (revoked_at IS NOT NULL AND revoked_at < $1) OR expires_at < $1", text(c.Accounts)); err != nil {
			return rep, err
		}
	}
	if !c.Audit.IsZero() {
		// People (not yet pseudonyms) named by entries past retention.
		people, err := int64s(ctx, tx, "SELECT DISTINCT a.user_id FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.at < $1 AND NOT u.deleted ORDER BY a.user_id", text(c.Audit))
		if err != nil {
			return rep, err
		}
		for _, person := range people {
			b := make([]byte, 8)
			rand.Read(b)
			alias := "pseudonym-" + hex.EncodeToString(b)
			var pid int64
			if err := tx.QueryRowContext(ctx, "INSERT INTO users (email, name, disabled, deleted, created_at, updated_at) VALUES ($1, '', $2, $2, $3, $3) RETURNING id",
				alias, true, now).Scan(&pid); err != nil {
				return rep, fmt.Errorf("store: retention: pseudonym: %w", err)
			}
			var n int
			if err := exec(&n, "UPDATE audit_log SET user_id = $1 WHERE user_id = $2 AND at < $3", pid, person, text(c.Audit)); err != nil {
				return rep, err
			}
			// The entry names the pseudonym only: the person it stands for is not recorded.
			if err := db.auditAccount(sys, tx, pid, "create", fmt.Sprintf("retention: pseudonym %s for one person's %d audit entries before %s", alias, n, text(c.Audit))); err != nil {
				return rep, err
			}
			rep.AuditEntries += n
			rep.Pseudonyms++
		}
	}
	if !c.Sessions.IsZero() {
		if err := exec(&rep.Sessions, "DELETE FROM sessions WHERE created_at < $1", text(c.Sessions)); err != nil {
			return rep, err
		}
	}
	if !c.Counters.IsZero() {
		cut := text(c.Counters)
		for _, d := range []struct {
			n *int
			q string
		}{
			{&rep.MailTokens, "DELETE FROM mail_tokens WHERE expires_at < $1"},
			{&rep.RateLimits, "DELETE FROM rate_limits WHERE window_start < $1"},
			{&rep.SignIn, "DELETE FROM sign_in_failures WHERE last_at < $1"},
			{&rep.OIDCPending, "DELETE FROM oidc_pending WHERE created_at < $1"},
		} {
			if err := exec(d.n, d.q, cut); err != nil {
				return rep, err
			}
		}
	}
	if dry {
		return rep, nil // the deferred rollback undoes it all
	}
	if rep.Total() == 0 {
		return rep, tx.Rollback()
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit_log (at, user_id, channel, resource, record_id, op, summary) VALUES ($1, NULL, $2, $3, 0, 'delete', $4)",
		now, ChannelSystem, AuditRetention, "retention: "+rep.String()); err != nil {
		return rep, fmt.Errorf("store: retention: audit: %w", err)
	}
	// The history pages show the pseudonyms from now on: pages cached by the data version
	// must be made again.
	if rep.Accounts+rep.AuditEntries > 0 {
		if _, err := tx.ExecContext(ctx, "UPDATE data_version SET n = n + 1 WHERE id = 1"); err != nil {
			return rep, fmt.Errorf("store: retention: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("store: retention: %w", err)
	}
	return rep, nil
}

// int64s runs a query of one integer column.
func int64s(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: retention: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: retention: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
