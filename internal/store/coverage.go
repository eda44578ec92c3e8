package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/coverage"
	"klimaspor/internal/model"
)

// The cross-plan overview's reads (C7): what internal/coverage's rule needs for a group,
// as the data is now or as it was at the end of a past day. Both read into the same plain
// values (coverage.Plan, coverage.Action), and coverage.Counting decides what counts, so the
// present and the past go through one rule.
//
// A past day is rebuilt from the audit trail: every create, update and delete of a plan or
// an action keeps the record as it was after the change, so a record's state at the end of
// a day is its last entry up to then (by time, then by entry id): gone when that entry is a
// delete, and not there when it has no entry yet. Days are the audit trail's, in UTC, as
// AuditQuery's From and To. The group's members and the theme tree are today's.

// ErrNotGroup is returned for an organisation that is not a group of municipalities.
var ErrNotGroup = errors.New("store: a coverage group is a region, the nation or a network")

// GroupMembers lists the municipalities of a region or the nation (those below it, at any
// depth), or a network's members that are municipalities (a saved group, such as
// Klimaalliancen), in id order.
func (db *DB) GroupMembers(ctx context.Context, org int64) ([]int64, error) {
	var kind string
	switch err := db.reader().QueryRowContext(ctx, "SELECT kind FROM organisations WHERE id = $1", org).Scan(&kind); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: organisation %d: %w", org, ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("store: organisation %d: %w", org, err)
	case kind == "network":
		return db.networkMembers(ctx, org)
	case kind != "region" && kind != "country":
		return nil, fmt.Errorf("store: organisation %d is a %s: %w", org, kind, ErrNotGroup)
	}
	return db.descendantMunicipalities(ctx, org)
}

// networkMembers lists a network's members that are municipalities, in id order. The store
// keeps them municipalities (organisationConsistent); the join keeps the answer a list of
// municipalities also for a list stored before that rule.
func (db *DB) networkMembers(ctx context.Context, network int64) ([]int64, error) {
	return db.idList(ctx, fmt.Sprintf("members of network %d", network), "SELECT m.member_id FROM organisation_members m JOIN organisations o ON o.id = m.member_id "+
		"WHERE m.organisation_id = $1 AND o.kind = 'municipality' ORDER BY m.member_id", network)
}

// ProjectMembers lists the municipalities that take part in a joint project (members and
// followers, leads or not) and had not left it by the day (YYYY-MM-DD), in id order.
func (db *DB) ProjectMembers(ctx context.Context, project int64, day string) ([]int64, error) {
	if _, err := db.Get(ctx, model.Projects, project); err != nil {
		return nil, err
	}
	return db.idList(ctx, fmt.Sprintf("participants of project %d", project), "SELECT p.organisation_id FROM participants p JOIN organisations o ON o.id = p.organisation_id "+
		"WHERE p.project_id = $1 AND o.kind = 'municipality' AND (p.left_on IS NULL OR p.left_on > $2) ORDER BY p.organisation_id", project, day)
}

// idArgs are ids as a query's arguments.
func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// idList reads a query's one column of ids, in its order (an empty list, not nil, for none);
// what names the list in an error.
func (db *DB) idList(ctx context.Context, what, q string, args ...any) ([]int64, error) {
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// ThemeTree reads the theme taxonomy, in code order.
func (db *DB) ThemeTree(ctx context.Context) (coverage.Tree, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT id, COALESCE(parent_id, 0), code, name_da FROM themes ORDER BY code")
	if err != nil {
		return coverage.Tree{}, fmt.Errorf("store: themes: %w", err)
	}
	defer rows.Close()
	var ts []coverage.Theme
	for rows.Next() {
		var t coverage.Theme
		if err := rows.Scan(&t.ID, &t.Parent, &t.Code, &t.NameDA); err != nil {
			return coverage.Tree{}, fmt.Errorf("store: themes: %w", err)
		}
		ts = append(ts, t)
	}
	if err := rows.Err(); err != nil {
		return coverage.Tree{}, fmt.Errorf("store: themes: %w", err)
	}
	return coverage.NewTree(ts), nil
}

// Today is the day the current state is judged at: today in UTC, as the audit trail's days.
func Today() string { return time.Now().UTC().Format(time.DateOnly) }

// CoverageState is the group's plans and actions that count, as coverage.Counting decides:
// now when day is "", else at the end of day (YYYY-MM-DD). With themes nil, the actions are
// read for the figures: one per plan and publication, with the themes of its actions,
// standing for them (no ids or titles); with themes given, the actions carrying any of them, each
// with its id, title and organisation, for the drill-down.
func (db *DB) CoverageState(ctx context.Context, members []int64, day string, themes []int64) (coverage.State, error) {
	if day != "" && themes == nil {
		// The figures at a past day: the history's reads of the narrow logs (migration 00022).
		st, err := db.CoverageHistory(ctx, members, []string{day})
		if err != nil {
			return coverage.State{}, err
		}
		return st[0], nil
	}
	if day != "" {
		plans, actions, err := db.pastPlansAndActions(ctx, day)
		if err != nil {
			return coverage.State{}, err
		}
		return coverage.Counting(members, plans, actions, day), nil
	}
	if len(members) == 0 {
		return coverage.Counting(members, nil, nil, Today()), nil
	}
	args := make([]any, 0, len(members)+len(themes))
	for _, m := range members {
		args = append(args, m)
	}
	in := "(" + placeholders(1, len(members)) + ")"
	plans, err := db.coveragePlans(ctx, "SELECT id, organisation_id, status, COALESCE(adopted_on, ''), published FROM plans WHERE organisation_id IN "+in, args)
	if err != nil {
		return coverage.State{}, err
	}
	var actions []coverage.Action
	if themes == nil {
		// The figures need only which plan carries which theme in a published action: the
		// database folds 19,600 actions into a row per plan and publication, its themes as a
		// list.
		actions, err = db.coverageThemeLists(ctx, db.coverageFiguresQuery(in), args)
	} else {
		for _, t := range themes {
			args = append(args, t)
		}
		actions, err = db.coverageActions(ctx, "SELECT a.plan_id, a.published, t.theme_id, a.id, a.title, a.organisation_id FROM plans p JOIN actions a ON a.plan_id = p.id JOIN action_themes t ON t.action_id = a.id "+
			"WHERE p.organisation_id IN "+in+" AND t.theme_id IN ("+placeholders(len(members)+1, len(themes))+") ORDER BY a.id", args)
	}
	if err != nil {
		return coverage.State{}, err
	}
	return coverage.Counting(members, plans, actions, Today()), nil
}

func (db *DB) coveragePlans(ctx context.Context, q string, args []any) ([]coverage.Plan, error) {
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: coverage plans: %w", err)
	}
	defer rows.Close()
	var out []coverage.Plan
	for rows.Next() {
		var p coverage.Plan
		if err := rows.Scan(&p.ID, &p.Organisation, &p.Status, &p.AdoptedOn, &p.Published); err != nil {
			return nil, fmt.Errorf("store: coverage plans: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// coverageFiguresQuery is the figures' read of the actions of the plans of the organisations
// in (a parenthesised list of placeholders): a row per plan and publication with its
// actions' themes. An action's theme link carries the action's plan and publication
// (migration 00023, kept by triggers), so this is one range of the covering index
// action_themes_plan (plan_id, published, theme_id) per plan, grouped in index order with no
// sort and no action read (TestCoverageQueryPlan); PostgreSQL reads the same index.
func (db *DB) coverageFiguresQuery(in string) string {
	if db.engine == "postgres" {
		return "SELECT plan_id, published, string_agg(theme_id::text, ',') FROM (SELECT DISTINCT plan_id, published, theme_id FROM action_themes " +
			"WHERE plan_id IN (SELECT id FROM plans WHERE organisation_id IN " + in + ")) d GROUP BY plan_id, published"
	}
	return "SELECT plan_id, published, group_concat(DISTINCT theme_id) FROM action_themes " +
		"WHERE plan_id IN (SELECT id FROM plans WHERE organisation_id IN " + in + ") GROUP BY plan_id, published"
}

// coverageThemeLists reads rows of plan, published and a comma-separated list of themes
// into actions, one per row.
func (db *DB) coverageThemeLists(ctx context.Context, q string, args []any) ([]coverage.Action, error) {
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: coverage actions: %w", err)
	}
	defer rows.Close()
	var out []coverage.Action
	for rows.Next() {
		var a coverage.Action
		var list string
		if err := rows.Scan(&a.Plan, &a.Published, &list); err != nil {
			return nil, fmt.Errorf("store: coverage actions: %w", err)
		}
		for _, s := range strings.Split(list, ",") {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("store: coverage actions: theme %q: %w", s, err)
			}
			a.Themes = append(a.Themes, id)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// coverageActions reads rows of plan, published and theme, then id, title and organisation,
// ordered by id, into actions, an action's themes gathered.
func (db *DB) coverageActions(ctx context.Context, q string, args []any) ([]coverage.Action, error) {
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: coverage actions: %w", err)
	}
	defer rows.Close()
	var out []coverage.Action
	for rows.Next() {
		var a coverage.Action
		var theme int64
		if err := rows.Scan(&a.Plan, &a.Published, &theme, &a.ID, &a.Title, &a.Organisation); err != nil {
			return nil, fmt.Errorf("store: coverage actions: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].ID == a.ID {
			out[n-1].Themes = append(out[n-1].Themes, theme)
			continue
		}
		a.Themes = []int64{theme}
		out = append(out, a)
	}
	return out, rows.Err()
}

// pastPlansAndActions rebuilds every plan and action as it was at the end of day from the
// audit trail: each record's last entry up to then.
func (db *DB) pastPlansAndActions(ctx context.Context, day string) ([]coverage.Plan, []coverage.Action, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT resource, record_id, op, after FROM audit_log WHERE resource IN ('plans', 'actions') AND record_id > 0 AND at < $1 ORDER BY resource, record_id, at, id", day+"T99")
	if err != nil {
		return nil, nil, fmt.Errorf("store: plans and actions at %s: %w", day, err)
	}
	defer rows.Close()
	type last struct {
		resource string
		id       int64
		op       string
		after    []byte
	}
	var lasts []last
	for rows.Next() {
		var l last
		var after sql.NullString
		if err := rows.Scan(&l.resource, &l.id, &l.op, &after); err != nil {
			return nil, nil, fmt.Errorf("store: plans and actions at %s: %w", day, err)
		}
		l.after = []byte(after.String)
		if n := len(lasts); n > 0 && lasts[n-1].resource == l.resource && lasts[n-1].id == l.id {
			lasts[n-1] = l
			continue
		}
		lasts = append(lasts, l)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: plans and actions at %s: %w", day, err)
	}
	var plans []coverage.Plan
	var actions []coverage.Action
	for _, l := range lasts {
		if l.op == "delete" || len(l.after) == 0 {
			continue
		}
		// The fields the rule reads, as the audit trail keeps them (model.Record as JSON).
		var r struct {
			Organisation int64   `json:"organisation_id"`
			Plan         int64   `json:"plan_id"`
			Status       string  `json:"status"`
			AdoptedOn    string  `json:"adopted_on"`
			Published    bool    `json:"published"`
			Themes       []int64 `json:"theme_ids"`
			Title        string  `json:"title"`
		}
		if err := json.Unmarshal(l.after, &r); err != nil {
			return nil, nil, fmt.Errorf("store: audit entry of %s %d: %w", l.resource, l.id, err)
		}
		switch l.resource {
		case "plans":
			plans = append(plans, coverage.Plan{ID: l.id, Organisation: r.Organisation, Status: r.Status, AdoptedOn: r.AdoptedOn, Published: r.Published})
		case "actions":
			actions = append(actions, coverage.Action{ID: l.id, Plan: r.Plan, Published: r.Published, Themes: r.Themes, Title: r.Title, Organisation: r.Organisation})
		}
	}
	return plans, actions, nil
}

// PublishedShares reads the published cross-plan shares for a group, by theme: the values
// (totals, no breakdown) of the indicators whose code starts with
// model.IndicatorPlanSharePrefix, tied to their theme by the indicator's theme_id, given
// for the group itself or for an organisation directly under it. The value is in per cent
// of the members with an adopted plan (the indicators' definition: "the share of the
// municipalities whose approved climate plan has the theme"), so the base is adopted; the
// date is the value's vintage, else its period. An indicator of a draft plan gives none, for
// anybody, as drafts never count.
func (db *DB) PublishedShares(ctx context.Context, group int64) (map[int64][]coverage.Published, error) {
	// The share indicators first, then their values by (organisation, breakdown, indicator):
	// in one join SQLite read every total of the group's members (over 100,000 at national
	// scale, 50 ms) to keep those of a handful of indicators.
	prefix := model.IndicatorPlanSharePrefix
	inds, err := db.idList(ctx, "share indicators", "SELECT id FROM indicators WHERE substr(code, 1, "+strconv.Itoa(len(prefix))+") = $1 "+
		"AND theme_id IS NOT NULL AND (owner_plan_id IS NULL OR owner_plan_id IN (SELECT id FROM plans WHERE published = $2)) ORDER BY id", prefix, true)
	if err != nil {
		return nil, err
	}
	out := map[int64][]coverage.Published{}
	if len(inds) == 0 {
		return out, nil
	}
	args := append(idArgs(inds), group)
	g := "$" + strconv.Itoa(len(args))
	rows, err := db.reader().QueryContext(ctx, "SELECT i.theme_id, v.value, COALESCE(NULLIF(v.source, ''), i.source, ''), COALESCE(NULLIF(v.vintage, ''), v.period) "+
		"FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id "+
		"WHERE v.indicator_id IN ("+placeholders(1, len(inds))+") AND v.breakdown = '' "+
		"AND v.organisation_id IN (SELECT id FROM organisations WHERE id = "+g+" OR parent_id = "+g+") "+
		"ORDER BY i.theme_id, v.period, v.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: published shares of %d: %w", group, err)
	}
	defer rows.Close()
	for rows.Next() {
		var theme int64
		var p coverage.Published
		if err := rows.Scan(&theme, &p.Share, &p.Source, &p.Date); err != nil {
			return nil, fmt.Errorf("store: published shares of %d: %w", group, err)
		}
		p.Share /= 100
		p.Base = coverage.BaseAdopted
		out[theme] = append(out[theme], p)
	}
	return out, rows.Err()
}

// CountedExample reports whether any published action with a theme in one of the plans is
// example data: the cross-plan page then says that the actions behind its figures are
// example data while the published figures are real. One query that stops at the first
// (a page once read every action at national scale for this: 0.6–1.3 s). The order makes
// PostgreSQL walk the plans' actions along actions_plan: without it, it hoped to meet one
// soon in a scan of every action (8 ms at national scale for a region; 1 ms along the index).
func (db *DB) CountedExample(ctx context.Context, plans []int64) (bool, error) {
	if len(plans) == 0 {
		return false, nil
	}
	args := idArgs(plans)
	q := "SELECT 1 FROM actions a WHERE a.plan_id IN (" + placeholders(1, len(plans)) + ") AND a.published AND a.example " +
		"AND EXISTS (SELECT 1 FROM action_themes t WHERE t.action_id = a.id) ORDER BY a.plan_id LIMIT 1"
	var one int
	switch err := db.reader().QueryRowContext(ctx, q, args...).Scan(&one); {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: example actions of %d plans: %w", len(plans), err)
	}
	return true, nil
}

// ExampleActions reports which of the actions are example data, by id (those that are not,
// or do not exist, are absent).
func (db *DB) ExampleActions(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := idArgs(ids)
	ex, err := db.idList(ctx, "example actions", "SELECT id FROM actions WHERE example AND id IN ("+placeholders(1, len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	for _, id := range ex {
		out[id] = true
	}
	return out, nil
}
