package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"klimaspor/internal/model"
)

// Reminders of status reporting (C5). What is due on a day is reporting.Due's to decide;
// here is what it and the sender (internal/remind) read, and the record of what was sent.
// Before sending, the sender claims each reminder for each receiver by a unique key in
// report_reminders; a second app server, or the same one after a restart, finds the key
// taken and leaves it. A claim is a system write, not a record: it has no audit entry, but
// it raises the data version, because the round's page lists what was sent.

// Receiver is a person a reminder goes to.
type Receiver struct {
	UserID   int64
	Email    string
	Name     string
	Language string // "da", "en", or "" (Danish)
}

// ReminderReport is a report of an open round, with its project and the people who get its
// reminders: those with the project-lead role in one of the project's lead organisations.
type ReminderReport struct {
	ID            int64
	ProjectID     int64
	ProjectCode   string
	ProjectNameDA string
	ProjectNameEN string
	State         string
	Leads         []Receiver
}

// ReminderRound is a round that has opened, with its reports by project code.
type ReminderRound struct {
	ID       int64
	NameDA   string
	NameEN   string
	OpensOn  string // YYYY-MM-DD
	Deadline string // YYYY-MM-DD
	Days     []int  // model.ReportingRound.Reminders
	Reports  []ReminderReport
}

// ReminderWork is what the reminder sender reads for a day: the rounds that have opened by
// then, and the secretariat, who get the digest.
type ReminderWork struct {
	Rounds      []ReminderRound
	Secretariat []Receiver
}

// ReminderWork reads the rounds that have opened by today (YYYY-MM-DD), their reports and
// their receivers, and the secretariat's people. Disabled and deleted people get no mail.
func (db *DB) ReminderWork(ctx context.Context, today string) (ReminderWork, error) {
	var w ReminderWork
	rows, err := db.r.QueryContext(ctx, `SELECT id, name_da, COALESCE(name_en, ''), opens_on, deadline, COALESCE(reminder_days, '')
		FROM reporting_rounds WHERE opens_on <= $1 ORDER BY deadline, id`, today)
	if err != nil {
		return w, fmt.Errorf("store: rounds to remind of: %w", err)
	}
	byRound := map[int64]int{}
	for rows.Next() {
		var r ReminderRound
		var days string
		if err := rows.Scan(&r.ID, &r.NameDA, &r.NameEN, &r.OpensOn, &r.Deadline, &days); err != nil {
			rows.Close()
			return w, fmt.Errorf("store: rounds to remind of: %w", err)
		}
		r.Days = model.AsReportingRound(model.Record{"reminder_days": days}).Reminders()
		byRound[r.ID] = len(w.Rounds)
		w.Rounds = append(w.Rounds, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return w, fmt.Errorf("store: rounds to remind of: %w", err)
	}
	if len(w.Rounds) > 0 {
		if err := db.reminderReports(ctx, today, &w, byRound); err != nil {
			return w, err
		}
	}
	sec, err := db.receivers(ctx, `SELECT DISTINCT u.id, u.email, u.name, COALESCE(u.language, ''), 0
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role = 'secretariat' AND NOT u.disabled AND NOT u.deleted ORDER BY u.email`)
	if err != nil {
		return w, fmt.Errorf("store: the secretariat's people: %w", err)
	}
	w.Secretariat = sec[0]
	return w, nil
}

// reminderReports fills the rounds' reports and their leads.
func (db *DB) reminderReports(ctx context.Context, today string, w *ReminderWork, byRound map[int64]int) error {
	const opened = "SELECT id FROM reporting_rounds WHERE opens_on <= $1"
	rows, err := db.r.QueryContext(ctx, `SELECT r.id, r.round_id, r.project_id, r.state, p.code, p.name_da, COALESCE(p.name_en, '')
		FROM reports r JOIN projects p ON p.id = r.project_id
		WHERE r.round_id IN (`+opened+`) ORDER BY p.code, r.id`, today)
	if err != nil {
		return fmt.Errorf("store: reports to remind of: %w", err)
	}
	type at struct{ round, report int }
	var where []at
	for rows.Next() {
		var r ReminderReport
		var round int64
		if err := rows.Scan(&r.ID, &round, &r.ProjectID, &r.State, &r.ProjectCode, &r.ProjectNameDA, &r.ProjectNameEN); err != nil {
			rows.Close()
			return fmt.Errorf("store: reports to remind of: %w", err)
		}
		i, ok := byRound[round]
		if !ok {
			continue // a round that opened between the two queries
		}
		where = append(where, at{i, len(w.Rounds[i].Reports)})
		w.Rounds[i].Reports = append(w.Rounds[i].Reports, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: reports to remind of: %w", err)
	}
	leads, err := db.receivers(ctx, `SELECT DISTINCT u.id, u.email, u.name, COALESCE(u.language, ''), pt.project_id
		FROM participants pt
		JOIN memberships m ON m.organisation_id = pt.organisation_id AND m.role = 'project_lead'
		JOIN users u ON u.id = m.user_id
		WHERE pt.lead AND NOT u.disabled AND NOT u.deleted
		AND pt.project_id IN (SELECT project_id FROM reports WHERE round_id IN (`+opened+`))
		ORDER BY pt.project_id, u.email`, today)
	if err != nil {
		return fmt.Errorf("store: the leads to remind: %w", err)
	}
	for _, a := range where {
		r := &w.Rounds[a.round].Reports[a.report]
		r.Leads = leads[r.ProjectID]
	}
	return nil
}

// receivers reads people by the number in the query's fifth column (a project, or 0).
func (db *DB) receivers(ctx context.Context, query string, args ...any) (map[int64][]Receiver, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Receiver{}
	for rows.Next() {
		var r Receiver
		var by int64
		if err := rows.Scan(&r.UserID, &r.Email, &r.Name, &r.Language, &by); err != nil {
			return nil, err
		}
		out[by] = append(out[by], r)
	}
	return out, rows.Err()
}

// Reminder states in report_reminders.
const (
	ReminderClaimed = "claimed" // being sent; a sender that stops here leaves it so: at most once
	ReminderSent    = "sent"
	ReminderFailed  = "failed"
)

// ReminderClaim is one reminder to one receiver, claimed before it is sent.
type ReminderClaim struct {
	Key      string // unique: the reminder's key (reporting.Reminder.Key) and the receiver
	RoundID  int64
	ReportID int64 // 0 for a digest
	UserID   int64
	Email    string
	Kind     string // reporting.ReminderBefore, ReminderOverdue or ReminderDigest
}

// ClaimReminder claims c.Key. It returns the claim's id and true when this caller has it,
// and false when the key was claimed already (by this server earlier or by another): the
// caller must then not send it.
func (db *DB) ClaimReminder(ctx context.Context, c ReminderClaim) (id int64, ok bool, err error) {
	var report, user any
	if c.ReportID != 0 {
		report = c.ReportID
	}
	if c.UserID != 0 {
		user = c.UserID
	}
	err = db.Tx(ctx, func(tx *Tx) error {
		err := tx.tx.QueryRowContext(tx.ctx, `INSERT INTO report_reminders (key, round_id, report_id, user_id, email, kind, state, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING RETURNING id`,
			c.Key, c.RoundID, report, user, c.Email, c.Kind, ReminderClaimed, tx.now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return errTaken
		}
		return err
	})
	if errors.Is(err, errTaken) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: claim reminder %s: %w", c.Key, err)
	}
	return id, true, nil
}

// errTaken rolls back a claim whose key was taken, so the data version stays.
var errTaken = errors.New("store: reminder claimed already")

// FinishReminder records how a claimed reminder went: sent when sendErr is nil, otherwise
// failed with the error's text.
func (db *DB) FinishReminder(ctx context.Context, id int64, sendErr error) error {
	state, msg := ReminderSent, any(nil)
	if sendErr != nil {
		state, msg = ReminderFailed, sendErr.Error()
	}
	err := db.Tx(ctx, func(tx *Tx) error {
		r, err := tx.tx.ExecContext(tx.ctx, "UPDATE report_reminders SET state = $1, error = $2, at = $3 WHERE id = $4 AND state = $5",
			state, msg, tx.now, id, ReminderClaimed)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: finish reminder %d: %w", id, err)
	}
	return nil
}

// SentReminder is one reminder to one receiver, as recorded.
type SentReminder struct {
	ID          int64  `json:"id"`
	Key         string `json:"key"`
	RoundID     int64  `json:"round_id"`
	ReportID    int64  `json:"report_id,omitempty"`  // 0 for a digest
	ProjectID   int64  `json:"project_id,omitempty"` // the report's
	ProjectCode string `json:"project_code,omitempty"`
	UserID      int64  `json:"user_id,omitempty"` // 0 when the person was deleted since
	Email       string `json:"email"`
	Kind        string `json:"kind"`
	State       string `json:"state"` // ReminderClaimed, ReminderSent or ReminderFailed
	Error       string `json:"error,omitempty"`
	At          string `json:"at"` // when claimed, then when sent or failed (RFC 3339, UTC)
}

// RoundReminders lists the reminders of a round, newest first.
func (db *DB) RoundReminders(ctx context.Context, round int64) ([]SentReminder, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT m.id, m.key, m.round_id, COALESCE(m.report_id, 0), COALESCE(r.project_id, 0), COALESCE(p.code, ''),
		COALESCE(m.user_id, 0), m.email, m.kind, m.state, COALESCE(m.error, ''), m.at
		FROM report_reminders m LEFT JOIN reports r ON r.id = m.report_id LEFT JOIN projects p ON p.id = r.project_id
		WHERE m.round_id = $1 ORDER BY m.at DESC, m.id DESC`, round)
	if err != nil {
		return nil, fmt.Errorf("store: reminders of round %d: %w", round, err)
	}
	defer rows.Close()
	var out []SentReminder
	for rows.Next() {
		var s SentReminder
		if err := rows.Scan(&s.ID, &s.Key, &s.RoundID, &s.ReportID, &s.ProjectID, &s.ProjectCode, &s.UserID, &s.Email, &s.Kind, &s.State, &s.Error, &s.At); err != nil {
			return nil, fmt.Errorf("store: reminders of round %d: %w", round, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
