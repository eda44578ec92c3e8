package store

import (
	"cmp"
	"context"
	"database/sql"
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
	args := idArgs(members)
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
// in any order; the states come back in the order given), for the figures. Two reads of the
// narrow tables that triggers keep beside the audit trail (migration 00022), never of the
// entries' JSON:
//   - the plans' entries (coverage_plan_log, a few hundred at national scale), applied in
//     time order (then entry id), each plan taken at each day as its last entry left it;
//   - the actions' theme changes (coverage_theme_log), summed in the database into one
//     change per plan, publication, theme and day (the changes up to it since the day
//     before), so the history reads a few thousand sums, not every action's entries. At a
//     day, a plan's published (or draft) actions carry a theme when the sum of its changes
//     up to that day is above zero: the actions folded into one per plan and publication,
//     as CoverageState's figures are.
func (db *DB) CoverageHistory(ctx context.Context, members []int64, days []string) ([]coverage.State, error) {
	out := make([]coverage.State, len(days))
	if len(days) == 0 {
		return out, nil
	}
	// The distinct days in order; each asked day's index among them.
	sorted := slices.Clone(days)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	ends := make([]any, len(sorted)) // the end of each day, as the trail's times compare
	for i, d := range sorted {
		ends[i] = d + "T99"
	}
	plans, err := db.historyPlans(ctx, sorted, ends)
	if err != nil {
		return nil, err
	}
	actions, err := db.historyThemes(ctx, ends)
	if err != nil {
		return nil, err
	}
	for i, d := range days {
		k, _ := slices.BinarySearch(sorted, d)
		out[i] = coverage.Counting(members, plans[k], actions[k], d)
	}
	return out, nil
}

// historyPlans reads the plans as they were at the end of each of the days (in order; ends
// are their ends), from coverage_plan_log.
func (db *DB) historyPlans(ctx context.Context, days []string, ends []any) ([][]coverage.Plan, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT audit_id, at, record_id, op, organisation_id, status, adopted_on, published FROM coverage_plan_log WHERE at < $1 ORDER BY at, audit_id", ends[len(ends)-1])
	if err != nil {
		return nil, fmt.Errorf("store: coverage history of plans: %w", err)
	}
	defer rows.Close()
	out := make([][]coverage.Plan, len(days))
	plans := map[int64]coverage.Plan{}
	next := 0
	take := func() {
		ps := make([]coverage.Plan, 0, len(plans))
		for _, p := range plans {
			ps = append(ps, p)
		}
		slices.SortFunc(ps, func(a, b coverage.Plan) int { return cmp.Compare(a.ID, b.ID) })
		out[next] = ps
		next++
	}
	for rows.Next() {
		var audit, id int64
		var at, op string
		var org sql.NullInt64
		var status, adopted sql.NullString
		var published sql.NullBool
		if err := rows.Scan(&audit, &at, &id, &op, &org, &status, &adopted, &published); err != nil {
			return nil, fmt.Errorf("store: coverage history of plans: %w", err)
		}
		for next < len(days) && at >= ends[next].(string) {
			take()
		}
		if op == "delete" || !org.Valid && !status.Valid {
			delete(plans, id)
			continue
		}
		plans[id] = coverage.Plan{ID: id, Organisation: org.Int64, Status: status.String, AdoptedOn: adopted.String, Published: published.Bool}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: coverage history of plans: %w", err)
	}
	for next < len(days) {
		take()
	}
	return out, nil
}

// historyThemes reads, for the end of each day (ends, in order), the plans' actions folded
// into one per plan and publication with the themes they carry then. The database sums
// coverage_theme_log's changes up to each day's end per plan, publication and theme, one row
// per theme of a plan with a sum per day: it groups along the index
// coverage_theme_log_key, without a sort. A fold carries a theme at a day when its sum is
// above zero.
func (db *DB) historyThemes(ctx context.Context, ends []any) ([][]coverage.Action, error) {
	// A sum per day costs a comparison per change and day; beyond a few days, grouping the
	// changes by day (which sorts them) costs less: at national scale, 17 ms for one day and
	// 150 ms for 24 by sums, 29 ms and 63 ms by day (docs/BENCHMARKS.md).
	if len(ends) > 3 {
		return db.historyThemesByDay(ctx, ends)
	}
	var q strings.Builder
	q.WriteString("SELECT plan_id, published, theme_id")
	for i := range ends {
		fmt.Fprintf(&q, ", SUM(CASE WHEN at < $%d THEN delta ELSE 0 END)", i+1)
	}
	fmt.Fprintf(&q, " FROM coverage_theme_log WHERE at < $%d GROUP BY plan_id, published, theme_id ORDER BY plan_id, published, theme_id", len(ends))
	rows, err := db.reader().QueryContext(ctx, q.String(), ends...)
	if err != nil {
		return nil, fmt.Errorf("store: coverage history of themes: %w", err)
	}
	defer rows.Close()
	type fold struct {
		plan      int64
		published bool
	}
	// carried[d][fold] are the themes the fold carries at the end of day d.
	carried := make([]map[fold][]int64, len(ends))
	for i := range carried {
		carried[i] = map[fold][]int64{}
	}
	var f fold
	var theme int64
	sums := make([]int64, len(ends))
	dest := make([]any, 3+len(ends))
	dest[0], dest[1], dest[2] = &f.plan, &f.published, &theme
	for i := range sums {
		dest[3+i] = &sums[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: coverage history of themes: %w", err)
		}
		for d, n := range sums {
			if n > 0 {
				carried[d][f] = append(carried[d][f], theme)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: coverage history of themes: %w", err)
	}
	out := make([][]coverage.Action, len(ends))
	for d, folds := range carried {
		for f, themes := range folds {
			out[d] = append(out[d], coverage.Action{Plan: f.plan, Published: f.published, Themes: themes})
		}
	}
	return out, nil
}

// historyThemesByDay is historyThemes for many days: the database sums
// coverage_theme_log's changes per plan, publication, theme and day (the first day whose end
// is after the change), and the sums are added up here day by day.
func (db *DB) historyThemesByDay(ctx context.Context, ends []any) ([][]coverage.Action, error) {
	var day strings.Builder
	day.WriteString("CASE")
	for i := range ends {
		fmt.Fprintf(&day, " WHEN at < $%d THEN %d", i+1, i)
	}
	day.WriteString(" END")
	q := "SELECT plan_id, published, theme_id, " + day.String() + " AS d, SUM(delta) FROM coverage_theme_log WHERE at < $" +
		fmt.Sprint(len(ends)) + " GROUP BY plan_id, published, theme_id, d ORDER BY plan_id, published, theme_id, d"
	rows, err := db.reader().QueryContext(ctx, q, ends...)
	if err != nil {
		return nil, fmt.Errorf("store: coverage history of themes: %w", err)
	}
	defer rows.Close()
	type fold struct {
		plan      int64
		published bool
	}
	// carried[d][fold] are the themes the fold carries at the end of day d.
	carried := make([]map[fold][]int64, len(ends))
	for i := range carried {
		carried[i] = map[fold][]int64{}
	}
	type key struct {
		fold
		theme int64
	}
	var cur key
	sum, from := 0, 0       // the running sum of cur's changes, and the day it holds from
	flush := func(to int) { // cur carried its theme from day from to day to-1 when sum > 0
		if sum <= 0 {
			return
		}
		for d := from; d < to; d++ {
			carried[d][cur.fold] = append(carried[d][cur.fold], cur.theme)
		}
	}
	first := true
	for rows.Next() {
		var k key
		var d, delta int
		if err := rows.Scan(&k.plan, &k.published, &k.theme, &d, &delta); err != nil {
			return nil, fmt.Errorf("store: coverage history of themes: %w", err)
		}
		if first || k != cur {
			if !first {
				flush(len(ends))
			}
			cur, sum, from, first = k, 0, d, false
		} else {
			flush(d)
		}
		sum += delta
		from = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: coverage history of themes: %w", err)
	}
	if !first {
		flush(len(ends))
	}
	out := make([][]coverage.Action, len(ends))
	for d, folds := range carried {
		for f, themes := range folds {
			out[d] = append(out[d], coverage.Action{Plan: f.plan, Published: f.published, Themes: themes})
		}
	}
	return out, nil
}
