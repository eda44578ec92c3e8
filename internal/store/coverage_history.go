package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
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
// order, the members' state taken at each day's end. The database picks the few fields the
// rule reads out of each entry's JSON (historyQuery), so that no record is decoded in Go,
// and the entries are put in time order here: a sort in the database would carry the
// entries' JSON along.
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
	rows, err := db.reader().QueryContext(ctx, db.historyQuery(), last+"T99")
	if err != nil {
		return nil, fmt.Errorf("store: coverage history: %w", err)
	}
	defer rows.Close()
	type entry struct {
		id, audit                int64
		plan, deleted, published bool
		at, status, adoptedOn    string
		organisation, planID     int64
		themes                   []int64
	}
	var entries []entry
	for rows.Next() {
		var e entry
		var resource, op string
		var org, planID, status, adopted, published, themes sql.NullString
		if err := rows.Scan(&e.audit, &resource, &e.id, &op, &e.at, &org, &planID, &status, &adopted, &published, &themes); err != nil {
			return nil, fmt.Errorf("store: coverage history: %w", err)
		}
		e.plan = resource == "plans"
		e.deleted = op == "delete" || !org.Valid && !planID.Valid && !status.Valid
		e.organisation, _ = strconv.ParseInt(org.String, 10, 64)
		e.planID, _ = strconv.ParseInt(planID.String, 10, 64)
		e.status, e.adoptedOn = status.String, adopted.String
		e.published = published.String == "1" || published.String == "true"
		if e.themes, err = idList(themes.String); err != nil {
			return nil, fmt.Errorf("store: audit entry %d: theme_ids %q: %w", e.audit, themes.String, err)
		}
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: coverage history: %w", err)
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := strings.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.audit, b.audit)
	})
	plans := map[int64]coverage.Plan{}
	actions := map[int64]coverage.Action{}
	next := 0 // the next day (in order) to take
	// The actions are folded as the entries are applied, as CoverageState's figures are, into
	// one per plan and publication carrying all their themes, kept as how many of its actions
	// carry each theme: a change moves one action's themes out of one fold and into another,
	// and a day takes ~200 folds rather than walking 19,600 actions.
	type fold struct {
		plan      int64
		published bool
	}
	folds := map[fold]map[int64]int{}
	move := func(a coverage.Action, by int) {
		k := fold{a.Plan, a.Published}
		ts := folds[k]
		if ts == nil {
			ts = map[int64]int{}
			folds[k] = ts
		}
		for _, t := range a.Themes {
			if ts[t] += by; ts[t] == 0 {
				delete(ts, t)
			}
		}
	}
	take := func() {
		ps := make([]coverage.Plan, 0, len(plans))
		for _, p := range plans {
			ps = append(ps, p)
		}
		as := make([]coverage.Action, 0, len(folds))
		for k, ts := range folds {
			if len(ts) == 0 {
				continue
			}
			a := coverage.Action{Plan: k.plan, Published: k.published, Themes: make([]int64, 0, len(ts))}
			for t := range ts {
				a.Themes = append(a.Themes, t)
			}
			slices.Sort(a.Themes)
			as = append(as, a)
		}
		out[order[next]] = coverage.Counting(members, ps, as, days[order[next]])
		next++
	}
	for _, e := range entries {
		// Every day that ends before this entry is taken first.
		for next < len(order) && e.at >= days[order[next]]+"T99" {
			take()
		}
		switch {
		case e.plan && e.deleted:
			delete(plans, e.id)
		case e.plan:
			plans[e.id] = coverage.Plan{ID: e.id, Organisation: e.organisation, Status: e.status, AdoptedOn: e.adoptedOn, Published: e.published}
		default:
			if old, ok := actions[e.id]; ok {
				move(old, -1)
				delete(actions, e.id)
			}
			if !e.deleted {
				a := coverage.Action{Plan: e.planID, Published: e.published, Themes: e.themes}
				actions[e.id] = a
				move(a, 1)
			}
		}
	}
	for next < len(order) {
		take()
	}
	return out, nil
}

// historyQuery reads the plans' and actions' audit entries up to $1 from coverage_log, the
// narrow copy of them that a trigger keeps beside audit_log (migration 00022): the fields the
// rule reads, organisation_id, plan_id, status, adopted_on, published (1/0 or true/false)
// and theme_ids (a JSON list). Taking them out of each entry's JSON here cost 0.3 s at
// national scale.
func (db *DB) historyQuery() string {
	return "SELECT audit_id, resource, record_id, op, at, organisation_id, plan_id, status, adopted_on, published, theme_ids FROM coverage_log WHERE at < $1"
}

// idList reads a JSON list of ids ("[1,2]", "[1, 2]"); "" and "null" are none.
func idList(s string) ([]int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return nil, nil
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var out []int64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
