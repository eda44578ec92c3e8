package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"klimaspor/internal/model"
)

// Channels a change comes through, as the audit trail records them.
const (
	ChannelWeb    = "web"
	ChannelAPI    = "api"
	ChannelCLI    = "cli"
	ChannelImport = "import"
	ChannelSystem = "system" // the demo loader, the generator, migrations
)

// Actor is who makes the changes of a context and through which channel. Every create,
// update and delete writes an audit entry with the actor of its context, in the same
// transaction, so a change is never stored without its entry.
type Actor struct {
	UserID  int64 // 0: no person (the system)
	Channel string
	// Guard decides whether each change may be made. The store asks it for every record it
	// writes, inside the write's transaction, so no path (a form, the API, an import, the
	// command line) can change what its person may not. A person's change without a guard
	// is refused.
	Guard Guard
}

// Getter reads records; a transaction's reads see its own writes.
type Getter interface {
	Get(ctx context.Context, res *model.Resource, id int64) (model.Record, error)
}

// Guard says whether a change may be made: op is "create", "update" or "delete"; before is
// the stored record (nil for a create), after the record as it would be stored (nil for a
// delete).
type Guard func(ctx context.Context, g Getter, op string, res *model.Resource, before, after model.Record) error

// ErrNoGuard is returned for a person's change that comes without a guard: a programming
// error, refused rather than let through.
var ErrNoGuard = errors.New("store: a change by a person needs an authorization guard")

// guard asks the context's guard about one change.
func (tx *Tx) guard(op string, res *model.Resource, before, after model.Record) error {
	return tx.guardWith(tx, op, res, before, after)
}

// guardWith asks the guard, which reads the records it needs through g.
func (tx *Tx) guardWith(g Getter, op string, res *model.Resource, before, after model.Record) error {
	a := ActorOf(tx.ctx)
	if a.Guard == nil {
		if a.Channel == ChannelSystem && a.UserID == 0 {
			return nil
		}
		return ErrNoGuard
	}
	return a.Guard(tx.ctx, g, op, res, before, after)
}

type actorKey struct{}

// WithActor returns a context whose changes are recorded as made by a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf is the actor of ctx; without one it is the system.
func ActorOf(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Channel != "" {
		return a
	}
	return Actor{Channel: ChannelSystem}
}

// AuditEntry is one change in the audit trail.
type AuditEntry struct {
	ID       int64        `json:"id"`
	At       string       `json:"at"`
	UserID   int64        `json:"user_id,omitempty"`
	User     string       `json:"user"` // the person's email, their pseudonym once deleted, or "" for the system
	Channel  string       `json:"channel"`
	Resource string       `json:"resource"`
	RecordID int64        `json:"record_id"`
	Op       string       `json:"op"`
	Summary  string       `json:"summary,omitempty"`
	Before   model.Record `json:"before,omitempty"`
	After    model.Record `json:"after,omitempty"`
}

// audit appends an entry for a change of one record; before or after is nil for a create or
// a delete.
func (tx *Tx) audit(res *model.Resource, id int64, op string, before, after model.Record) error {
	a := ActorOf(tx.ctx)
	enc := func(r model.Record) (any, error) {
		if r == nil {
			return nil, nil
		}
		b, err := json.Marshal(r)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return fmt.Errorf("store: audit %s %d: %w", res.Singular, id, err)
	}
	af, err := enc(after)
	if err != nil {
		return fmt.Errorf("store: audit %s %d: %w", res.Singular, id, err)
	}
	return tx.appendAudit(a, res.Name, id, op, "", b, af)
}

// auditBulk appends one entry for a bulk write of many records, with a summary instead of
// each record (an import of a million values keeps its speed).
func (tx *Tx) auditBulk(res *model.Resource, summary string) error {
	return tx.appendAudit(ActorOf(tx.ctx), res.Name, 0, "import", summary, nil, nil)
}

func (tx *Tx) appendAudit(a Actor, resource string, id int64, op, summary string, before, after any) error {
	var user any
	if a.UserID != 0 {
		user = a.UserID
	}
	_, err := tx.tx.ExecContext(tx.ctx, "INSERT INTO audit_log (at, user_id, channel, resource, record_id, op, summary, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		tx.now, user, a.Channel, resource, id, op, summary, before, after)
	if err != nil {
		return fmt.Errorf("store: audit %s %d: %w", resource, id, err)
	}
	return nil
}

// AuditQuery filters the audit trail; zero fields do not filter.
type AuditQuery struct {
	Resource string
	RecordID int64
	UserID   int64
	Channel  string
	Op       string
	From, To string // dates, YYYY-MM-DD, inclusive
	Before   int64  // entries with a smaller id: the next page
	Limit    int
}

// Audit lists audit entries, newest first.
func (db *DB) Audit(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if q.Resource != "" {
		add("a.resource = ?", q.Resource)
	}
	if q.RecordID != 0 {
		add("a.record_id = ?", q.RecordID)
	}
	if q.UserID != 0 {
		add("a.user_id = ?", q.UserID)
	}
	if q.Channel != "" {
		add("a.channel = ?", q.Channel)
	}
	if q.Op != "" {
		add("a.op = ?", q.Op)
	}
	if q.From != "" {
		add("a.at >= ?", q.From)
	}
	if q.To != "" {
		add("a.at < ?", q.To+"T99") // the whole last day: timestamps are RFC 3339 text
	}
	if q.Before != 0 {
		add("a.id < ?", q.Before)
	}
	limit := q.Limit
	if limit <= 0 || limit > MaxLimit {
		limit = MaxLimit
	}
	s := "SELECT a.id, a.at, a.user_id, COALESCE(u.email, ''), a.channel, a.resource, a.record_id, a.op, a.summary, a.before, a.after FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
	if len(where) > 0 {
		s += " WHERE " + strings.Join(where, " AND ")
	}
	s += " ORDER BY a.id DESC LIMIT " + strconv.Itoa(limit)
	rows, err := db.r.QueryContext(ctx, s, args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit trail: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var user sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &user, &e.User, &e.Channel, &e.Resource, &e.RecordID, &e.Op, &e.Summary, &before, &after); err != nil {
			return nil, fmt.Errorf("store: audit trail: %w", err)
		}
		e.UserID = user.Int64
		for _, p := range []struct {
			s   sql.NullString
			dst *model.Record
		}{{before, &e.Before}, {after, &e.After}} {
			if p.s.Valid {
				if err := json.Unmarshal([]byte(p.s.String), p.dst); err != nil {
					return nil, fmt.Errorf("store: audit entry %d: %w", e.ID, err)
				}
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
