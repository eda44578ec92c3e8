package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/coverage"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestCoverageFiguresFollowActions: the figures read today's themes from the action theme
// links' own plan and publication (migration 00023, kept by triggers), the drill-down from
// the actions. After each kind of write that moves a theme (a new action, a publication, a
// move to another plan, a change of themes, a deletion) both give the same coverage, on
// both engines, and the figures change as they should.
func TestCoverageFiguresFollowActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := creates(t, db)
		update := updates(t, db)
		waste := mk(model.Themes, model.Record{"code": "waste", "name_da": "Affald"})
		planA := mk(model.Plans, model.Record{"code": "KP-165", "organisation_id": f.alb, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
		draftK := mk(model.Plans, model.Record{"code": "KP-101-2", "organisation_id": f.kbh, "kind": "strategy", "title": "Strategi", "status": "draft", "published": true})
		members, err := db.GroupMembers(ctx, f.region)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := db.ThemeTree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var all []int64
		for _, th := range tree.Themes() {
			all = append(all, th.ID)
		}
		// count checks both reads agree and returns the number of municipalities with theme.
		count := func(step string, theme int64) int {
			t.Helper()
			fig, err := db.CoverageState(ctx, members, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			drill, err := db.CoverageState(ctx, members, "", all)
			if err != nil {
				t.Fatal(err)
			}
			a, b := coverage.Compute(fig, tree, coverage.BaseAll, nil), coverage.Compute(drill, tree, coverage.BaseAll, nil)
			if diff := cmp.Diff(b, a); diff != "" {
				t.Fatalf("%s (-drill-down +figures):\n%s", step, diff)
			}
			for _, tc := range a.Themes {
				if tc.Theme.ID == theme {
					return tc.Count
				}
			}
			return 0
		}
		act := mk(model.Actions, model.Record{"plan_id": f.plan, "title": "Fjernvarme", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "theme_ids": []int64{f.heat}, "published": false})
		if n := count("a draft action", f.heat); n != 0 {
			t.Errorf("a draft action counts: %d", n)
		}
		update(model.Actions, act, model.Record{"published": true})
		if n := count("published", f.heat); n != 1 {
			t.Errorf("published: %d, want 1", n)
		}
		update(model.Actions, act, model.Record{"plan_id": draftK})
		if n := count("moved to a plan not adopted", f.heat); n != 0 {
			t.Errorf("moved to a plan not adopted: %d, want 0", n)
		}
		update(model.Actions, act, model.Record{"plan_id": f.plan, "theme_ids": []int64{f.heat, waste}})
		if n := count("back, with a second theme", waste); n != 1 {
			t.Errorf("the second theme: %d, want 1", n)
		}
		other := mk(model.Actions, model.Record{"plan_id": planA, "title": "Affald", "sector": "waste_wastewater", "organisation_id": f.alb, "status": "planned", "theme_ids": []int64{waste}, "published": true})
		if n := count("a second municipality", waste); n != 2 {
			t.Errorf("a second municipality: %d, want 2", n)
		}
		if err := db.Delete(ctx, model.Actions, other, 0); err != nil {
			t.Fatal(err)
		}
		update(model.Actions, act, model.Record{"theme_ids": []int64{f.heat}})
		if n := count("deleted and a theme taken off", waste); n != 0 {
			t.Errorf("deleted and a theme taken off: %d, want 0", n)
		}
	})
}
