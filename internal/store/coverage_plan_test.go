package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestCoverageQueryPlan: on SQLite the figures' read of a group's actions uses the plans'
// organisation index and the action themes' plan index (migration 00023), each covering (no
// action row is read), and groups without a temporary sort.
func TestCoverageQueryPlan(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Config{Path: filepath.Join(t.TempDir(), "plan.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+db.coverageFiguresQuery("($1, $2, $3)"), 1, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	text := strings.Join(plan, "\n")
	for _, want := range []string{"COVERING INDEX action_themes_plan (plan_id=?)", "COVERING INDEX plans_organisation (organisation_id=?)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan does not use %s:\n%s", want, text)
		}
	}
	for _, bad := range []string{"SCAN", "TEMP B-TREE FOR GROUP BY"} {
		if strings.Contains(text, bad) {
			t.Errorf("the plan has %s:\n%s", bad, text)
		}
	}
}
