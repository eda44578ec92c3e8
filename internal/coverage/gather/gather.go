// Package gather reads what the cross-plan overview's rule (internal/coverage) needs from the
// store and applies it, for both the API (GET /api/v1/coverage and
// /coverage/{theme_id}/actions) and the page (/paa-tvaers), so that they cannot differ: a
// group's members (a region's or the nation's municipalities, or a joint project's
// participants on the day), the theme tree, the state now or at the end of a past day, the
// published figures (a group's only) and coverage.Compute.
package gather

import (
	"context"

	"klimaspor/internal/coverage"
	"klimaspor/internal/store"
)

// Query is a group, a base and a day.
type Query struct {
	Group   int64         // a region, the nation or a network; or
	Project int64         // a joint project, whose participants are the group
	Base    coverage.Base // coverage.BaseAdopted or coverage.BaseAll
	Day     string        // YYYY-MM-DD, "" for now
}

// Members reads the query's group: the organisation's municipalities
// (store.DB.GroupMembers: store.ErrNotFound, store.ErrNotGroup) or the project's participants
// on the day, today when none (store.DB.ProjectMembers: store.ErrNotFound).
func Members(ctx context.Context, db *store.DB, q Query) ([]int64, error) {
	if q.Project != 0 {
		day := q.Day
		if day == "" {
			day = store.Today()
		}
		return db.ProjectMembers(ctx, q.Project, day)
	}
	return db.GroupMembers(ctx, q.Group)
}

// Coverage is a query's gathered coverage.
type Coverage struct {
	Tree   coverage.Tree
	State  coverage.State
	Result coverage.Result
}

// Compute reads the tree, the state of the members at the query's day and the published
// figures, and computes every theme's coverage. With themes not nil, the state holds only
// the actions carrying those themes, each with its id and title (store.DB.CoverageState),
// as a drill-down needs.
func Compute(ctx context.Context, db *store.DB, q Query, members []int64, themes []int64) (Coverage, error) {
	var c Coverage
	var err error
	if c.Tree, err = db.ThemeTree(ctx); err != nil {
		return c, err
	}
	return compute(ctx, db, q, members, c.Tree, themes)
}

// ComputeWith is Compute with a tree the caller has read (to check a theme against it first).
func ComputeWith(ctx context.Context, db *store.DB, q Query, members []int64, tree coverage.Tree, themes []int64) (Coverage, error) {
	return compute(ctx, db, q, members, tree, themes)
}

func compute(ctx context.Context, db *store.DB, q Query, members []int64, tree coverage.Tree, themes []int64) (Coverage, error) {
	c := Coverage{Tree: tree}
	var err error
	if c.State, err = db.CoverageState(ctx, members, q.Day, themes); err != nil {
		return c, err
	}
	pub := map[int64][]coverage.Published{}
	if q.Group != 0 {
		if pub, err = db.PublishedShares(ctx, q.Group); err != nil {
			return c, err
		}
	}
	c.Result = coverage.Compute(c.State, c.Tree, q.Base, pub)
	return c, nil
}

// History is the coverage of every theme at the end of each of days, from one pass over
// the audit trail (store.DB.CoverageHistory), with no published figures: a history shows
// the computed shares over time, and the published ones stand beside today's.
func History(ctx context.Context, db *store.DB, q Query, members []int64, tree coverage.Tree, days []string) ([]coverage.Result, error) {
	states, err := db.CoverageHistory(ctx, members, days)
	if err != nil {
		return nil, err
	}
	out := make([]coverage.Result, len(states))
	for i, st := range states {
		out[i] = coverage.Compute(st, tree, q.Base, nil)
	}
	return out, nil
}

// HistoryDays are the days a history of the members' coverage is taken at, up to today
// (or the query's day): coverage.HistoryDays from the first day the audit trail has an
// entry for one of the members' plans (store.DB.CoverageSince). nil when there is none.
func HistoryDays(ctx context.Context, db *store.DB, q Query, members []int64) ([]string, error) {
	since, err := db.CoverageSince(ctx, members)
	if err != nil || since == "" {
		return nil, err
	}
	to := q.Day
	if to == "" {
		to = store.Today()
	}
	return coverage.HistoryDays(since, to), nil
}
