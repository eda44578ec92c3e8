package store

import (
	"context"
	"fmt"
)

// ActionCounts counts the published actions of each of the plans, by plan id (a plan
// without any is absent): the peer comparison's "number of actions" (internal/peers),
// read for every compared municipality's and group member's counting plans in one query
// instead of an action list per municipality.
func (db *DB) ActionCounts(ctx context.Context, plans []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(plans) == 0 {
		return out, nil
	}
	args := []any{true}
	for _, p := range plans {
		args = append(args, p)
	}
	rows, err := db.reader().QueryContext(ctx, "SELECT plan_id, COUNT(*) FROM actions WHERE published = $1 AND plan_id IN ("+placeholders(2, len(plans))+") GROUP BY plan_id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: action counts of %d plans: %w", len(plans), err)
	}
	defer rows.Close()
	for rows.Next() {
		var plan int64
		var n int
		if err := rows.Scan(&plan, &n); err != nil {
			return nil, fmt.Errorf("store: action counts: %w", err)
		}
		out[plan] = n
	}
	return out, rows.Err()
}
