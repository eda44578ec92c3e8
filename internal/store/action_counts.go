package store

import (
	"context"
	"fmt"

	"klimaspor/internal/model"
)

// actionCountsFrom is the summary of actions that migration 00027's triggers keep
// (action_counts: how many per organisation, plan, project, status and publication), as a
// table with the columns of actions that the draft rule and countedFilters read, plan_id and
// project_id NULL again where the action has none. draftCondition and the filters' SQL thus
// apply to it unchanged: one rule for who sees which actions, whether it reads every action
// or the few hundred rows of the summary.
const actionCountsFrom = "(SELECT organisation_id, NULLIF(plan_id, 0) AS plan_id, NULLIF(project_id, 0) AS project_id, status, published, n FROM action_counts) AS counted"

// countedFilters are the actions' filters whose columns the summary keeps.
var countedFilters = map[string]bool{"organisation": true, "plan": true, "project": true, "status": true}

// summarised reports whether the summary answers how many of res's records q matches: actions,
// filtered by no more than countedFilters. Others (a theme, a sector, a text search) are
// counted action by action.
func summarised(res *model.Resource, q model.ListQuery) bool {
	if res != model.Actions {
		return false
	}
	for p := range q.Filters {
		if !countedFilters[p] {
			return false
		}
	}
	for p := range q.AnyOf {
		if !countedFilters[p] {
			return false
		}
	}
	return true
}

// ActionStatusCounts counts each organisation's actions (as the responsible organisation)
// by status, from the summary rather than by reading every action. What the public does not
// see is not counted (drafts, and the actions of draft plans): the counts are the public's
// overview.
func (db *DB) ActionStatusCounts(ctx context.Context) (map[int64]map[string]int, error) {
	var args []any
	cond := draftCondition(model.Actions, model.ListQuery{}, &args)
	rows, err := db.reader().QueryContext(ctx, "SELECT organisation_id, status, CAST(SUM(n) AS bigint) FROM "+actionCountsFrom+
		" WHERE "+cond+" GROUP BY organisation_id, status HAVING SUM(n) > 0", args...)
	if err != nil {
		return nil, fmt.Errorf("store: count actions by status: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]int{}
	for rows.Next() {
		var org int64
		var status string
		var n int
		if err := rows.Scan(&org, &status, &n); err != nil {
			return nil, fmt.Errorf("store: count actions by status: %w", err)
		}
		if out[org] == nil {
			out[org] = map[string]int{}
		}
		out[org][status] = n
	}
	return out, rows.Err()
}

// OrganisationsWithActions is the set of organisations responsible for an action the public
// sees (as ActionStatusCounts counts them), read from the summary.
func (db *DB) OrganisationsWithActions(ctx context.Context) (map[int64]bool, error) {
	var args []any
	cond := draftCondition(model.Actions, model.ListQuery{}, &args)
	ids, err := db.idList(ctx, "organisations with actions", "SELECT organisation_id FROM "+actionCountsFrom+
		" WHERE "+cond+" GROUP BY organisation_id HAVING SUM(n) > 0", args...)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
