package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"klimaspor/internal/coverage"
)

// The cross-plan overview's history (issue 13, "a chart shows how coverage grew"): the
// state at the end of many past days in one pass over the audit trail, instead of one pass
// (pastPlansAndActions) per day. The rule of a record's state at a day is the same: its last
// entry up to the end of the day, by time and then by entry id.

// CoverageSince is the first day (YYYY-MM-DD, UTC) on which the audit trail has an entry
// for a plan of one of the members, "" when there is none: before it the record histories
// say nothing of the group's plans, so a history starts there.
func (db *DB) CoverageSince(ctx context.Context, members []int64) (string, error) {
	if len(members) == 0 {
		return "", nil
	}
	args := make([]any, len(members))
	for i, m := range members {
		args[i] = m
	}
	var at sql.NullString
	err := db.reader().QueryRowContext(ctx, "SELECT MIN(a.at) FROM audit_log a JOIN plans p ON p.id = a.record_id "+
		"WHERE a.resource = 'plans' AND p.organisation_id IN ("+placeholders(1, len(members))+")", args...).Scan(&at)
	if err != nil {
		return "", fmt.Errorf("store: coverage since: %w", err)
	}
	if len(at.String) < 10 {
		return "", nil
	}
	return at.String[:10], nil
}

// CoverageHistory is CoverageState(ctx, members, day, nil) for each of days (YYYY-MM-DD,
// in any order; the states come back in the order given), for the figures: one read of the
// audit trail's plan and action entries up to the end of the last day, applied in time
// order, the members' state taken at each day's end. An entry is decoded only when a day
// needs the record as it then stood, so a record changed many times between two days is
// decoded once.
func (db *DB) CoverageHistory(ctx context.Context, members []int64, days []string) ([]coverage.State, error) {
	out := make([]coverage.State, len(days))
	if len(days) == 0 {
		return out, nil
	}
	order := make([]int, len(days))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(days[a], days[b]) })
	last := days[order[len(order)-1]]
	rows, err := db.reader().QueryContext(ctx, "SELECT resource, record_id, op, at, after FROM audit_log WHERE resource IN ('plans', 'actions') AND record_id > 0 AND at < $1 ORDER BY at, id", last+"T99")
	if err != nil {
		return nil, fmt.Errorf("store: coverage history: %w", err)
	}
	defer rows.Close()
	type key struct {
		plan bool
		id   int64
	}
	type entry struct {
		op    string
		after []byte
	}
	raw := map[key]entry{}  // each record's latest entry so far
	dirty := map[key]bool{} // records whose latest entry is not yet decoded
	plans := map[int64]coverage.Plan{}
	actions := map[int64]coverage.Action{}
	next := 0 // the next day (in order) to take
	take := func() error {
		for k := range dirty {
			e := raw[k]
			delete(dirty, k)
			if e.op == "delete" || len(e.after) == 0 {
				if k.plan {
					delete(plans, k.id)
				} else {
					delete(actions, k.id)
				}
				continue
			}
			var r pastRecord
			if err := json.Unmarshal(e.after, &r); err != nil {
				return fmt.Errorf("store: audit entry of %d: %w", k.id, err)
			}
			if k.plan {
				plans[k.id] = coverage.Plan{ID: k.id, Organisation: r.Organisation, Status: r.Status, AdoptedOn: r.AdoptedOn, Published: r.Published}
			} else {
				actions[k.id] = coverage.Action{ID: k.id, Plan: r.Plan, Published: r.Published, Themes: r.Themes}
			}
		}
		ps := make([]coverage.Plan, 0, len(plans))
		for _, p := range plans {
			ps = append(ps, p)
		}
		as := make([]coverage.Action, 0, len(actions))
		for _, a := range actions {
			as = append(as, a)
		}
		day := days[order[next]]
		out[order[next]] = coverage.Counting(members, ps, as, day)
		next++
		return nil
	}
	for rows.Next() {
		var resource, op, at string
		var id int64
		var after sql.NullString
		if err := rows.Scan(&resource, &id, &op, &at, &after); err != nil {
			return nil, fmt.Errorf("store: coverage history: %w", err)
		}
		// Every day that ends before this entry is taken first.
		for next < len(order) && at >= days[order[next]]+"T99" {
			if err := take(); err != nil {
				return nil, err
			}
		}
		k := key{plan: resource == "plans", id: id}
		raw[k] = entry{op: op, after: []byte(after.String)}
		dirty[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: coverage history: %w", err)
	}
	for next < len(order) {
		if err := take(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pastRecord is the fields the coverage rule reads of a plan or an action, as the audit
// trail keeps them (model.Record as JSON).
type pastRecord struct {
	Organisation int64   `json:"organisation_id"`
	Plan         int64   `json:"plan_id"`
	Status       string  `json:"status"`
	AdoptedOn    string  `json:"adopted_on"`
	Published    bool    `json:"published"`
	Themes       []int64 `json:"theme_ids"`
}
