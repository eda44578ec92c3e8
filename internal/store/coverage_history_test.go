package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/coverage"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestCoverageHistory changes plans and actions over two years (each change dated with
// Tx.AsOf, several on one day and a record changed twice between two asked days) and checks
// that CoverageHistory's one pass gives, for every day asked (out of order, one twice), the
// same coverage as CoverageState's drill-down read at that day (every theme asked; it decodes
// the audit entries' JSON, not coverage_log), on both bases; and CoverageSince.
//
// It runs twice: with the narrow logs kept by migration 00022's triggers as each entry is
// written, and with the entries written before 00022, whose logs its backfill makes.
func TestCoverageHistory(t *testing.T) {
	for _, backfill := range []bool{false, true} {
		t.Run(map[bool]string{false: "triggers", true: "backfill"}[backfill], func(t *testing.T) {
			coverageHistoryCase(t, backfill)
		})
	}
}

func coverageHistoryCase(t *testing.T, backfill bool) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if backfill {
			if err := db.MigrateToForTest(ctx, 21, true); err != nil {
				t.Fatal(err)
			}
			// Today's store writes an action's library item (00029): a stand-in column lets
			// it write actions at 00021; it goes again before the migrations run on.
			if err := db.ExecForTest(ctx, "ALTER TABLE actions ADD COLUMN library_item_id bigint"); err != nil {
				t.Fatal(err)
			}
		}
		at := func(day string, fn func(tx *store.Tx) error) {
			t.Helper()
			d, err := time.Parse(time.DateOnly, day)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Tx(ctx, func(tx *store.Tx) error { tx.AsOf(d.Add(12 * time.Hour)); return fn(tx) }); err != nil {
				t.Fatalf("%s: %v", day, err)
			}
		}
		mk := func(tx *store.Tx, res *model.Resource, r model.Record) int64 {
			t.Helper()
			out, err := tx.Create(ctx, res, r)
			if err != nil {
				t.Fatalf("create %s %v: %v", res.Name, r, err)
			}
			return out.ID()
		}
		update := func(tx *store.Tx, res *model.Resource, id int64, patch model.Record) {
			t.Helper()
			cur, err := tx.Get(ctx, res, id)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Update(ctx, res, id, cur.Version(), patch); err != nil {
				t.Fatalf("update %s %d: %v", res.Name, id, err)
			}
		}
		var region, kbh, alb, other, transport, ev, waste, planK, planA, actK, actA, actA2 int64
		at("2020-12-01", func(tx *store.Tx) error {
			region = mk(tx, model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
			kbh = mk(tx, model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
			alb = mk(tx, model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": region})
			other = mk(tx, model.Organisations, model.Record{"kind": "municipality", "code": "751", "name_da": "Aarhus"})
			transport = mk(tx, model.Themes, model.Record{"code": "transport", "name_da": "Transport"})
			ev = mk(tx, model.Themes, model.Record{"code": "transport.ev", "name_da": "Elbiler", "parent_id": transport})
			waste = mk(tx, model.Themes, model.Record{"code": "waste", "name_da": "Affald"})
			return nil
		})
		at("2021-01-10", func(tx *store.Tx) error {
			planK = mk(tx, model.Plans, model.Record{"code": "KP-101", "organisation_id": kbh, "kind": "climate_plan", "title": "Klimaplan", "status": "draft", "published": true})
			actK = mk(tx, model.Actions, model.Record{"plan_id": planK, "title": "Elbiler", "sector": "transport", "organisation_id": kbh, "status": "planned", "theme_ids": []int64{ev}, "published": true})
			// A plan outside the group, adopted: it never counts for the region.
			planO := mk(tx, model.Plans, model.Record{"code": "KP-751", "organisation_id": other, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "adopted_on": "2021-01-10", "published": true})
			mk(tx, model.Actions, model.Record{"plan_id": planO, "title": "Affald", "sector": "waste_wastewater", "organisation_id": other, "status": "planned", "theme_ids": []int64{waste}, "published": true})
			return nil
		})
		at("2021-03-01", func(tx *store.Tx) error {
			update(tx, model.Plans, planK, model.Record{"status": "adopted", "adopted_on": "2021-03-01"})
			return nil
		})
		at("2021-06-01", func(tx *store.Tx) error {
			planA = mk(tx, model.Plans, model.Record{"code": "KP-165", "organisation_id": alb, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "adopted_on": "2021-06-01", "published": true})
			actA = mk(tx, model.Actions, model.Record{"plan_id": planA, "title": "Ladestandere", "sector": "transport", "organisation_id": alb, "status": "planned", "theme_ids": []int64{ev}, "published": false})
			return nil
		})
		at("2021-09-01", func(tx *store.Tx) error {
			update(tx, model.Actions, actA, model.Record{"published": true})
			return nil
		})
		at("2021-10-01", func(tx *store.Tx) error {
			update(tx, model.Actions, actA, model.Record{"theme_ids": []int64{waste}})
			return nil
		})
		at("2022-01-15", func(tx *store.Tx) error {
			update(tx, model.Actions, actK, model.Record{"theme_ids": []int64{waste}})
			actA2 = mk(tx, model.Actions, model.Record{"plan_id": planA, "title": "Cykler", "sector": "transport", "organisation_id": alb, "status": "planned", "theme_ids": []int64{transport}, "published": true})
			return nil
		})
		at("2022-05-01", func(tx *store.Tx) error {
			if err := tx.Delete(ctx, model.Actions, actA, 0); err != nil {
				return err
			}
			return tx.Delete(ctx, model.Actions, actA2, 0)
		})
		at("2022-08-01", func(tx *store.Tx) error {
			update(tx, model.Plans, planA, model.Record{"published": false})
			return nil
		})

		if backfill {
			if err := db.ExecForTest(ctx, "ALTER TABLE actions DROP COLUMN library_item_id"); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
		}
		members, err := db.GroupMembers(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := db.ThemeTree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		days := []string{"2021-12-31", "2020-12-31", "2021-01-10", "2021-03-01", "2021-06-30", "2021-09-30",
			"2021-09-30", "2022-01-15", "2022-03-31", "2022-06-30", "2022-12-31", store.Today()}
		hist, err := db.CoverageHistory(ctx, members, days)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != len(days) {
			t.Fatalf("%d states for %d days", len(hist), len(days))
		}
		// The per-day state to compare with is the drill-down's (every theme asked), which
		// decodes the audit entries' JSON itself: the figures' past state is the history's.
		var all []int64
		for _, th := range tree.Themes() {
			all = append(all, th.ID)
		}
		for i, day := range days {
			want, err := db.CoverageState(ctx, members, day, all)
			if err != nil {
				t.Fatal(err)
			}
			for _, base := range coverage.Bases {
				w, g := coverage.Compute(want, tree, base, nil), coverage.Compute(hist[i], tree, base, nil)
				if diff := cmp.Diff(w, g); diff != "" {
					t.Errorf("%s, base %s (-per day +history):\n%s", day, base, diff)
				}
			}
		}
		// A history of one day or a few sums its changes another way (historyThemes) than
		// one of many days (historyThemesByDay): the same states.
		for i, day := range days {
			one, err := db.CoverageHistory(ctx, members, []string{day, days[0]})
			if err != nil {
				t.Fatal(err)
			}
			for _, base := range coverage.Bases {
				w, g := coverage.Compute(hist[i], tree, base, nil), coverage.Compute(one[0], tree, base, nil)
				if diff := cmp.Diff(w, g); diff != "" {
					t.Errorf("%s, base %s (-many days +two):\n%s", day, base, diff)
				}
			}
		}
		// A fixed point, so that the comparison cannot pass with both wrong alike: on
		// 2021-09-30 both members count, electric cars for both.
		r := coverage.Compute(hist[5], tree, coverage.BaseAdopted, nil)
		for _, tc := range r.Themes {
			if tc.Theme.ID == ev && !cmp.Equal(tc.With, []int64{kbh, alb}) {
				t.Errorf("electric cars on 2021-09-30: %v, want %v", tc.With, []int64{kbh, alb})
			}
		}
		if r.Counted != 2 {
			t.Errorf("counted on 2021-09-30 = %d, want 2", r.Counted)
		}
		// Today's history point equals today's state from the tables.
		now, err := db.CoverageState(ctx, members, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(coverage.Compute(now, tree, coverage.BaseAll, nil), coverage.Compute(hist[len(days)-1], tree, coverage.BaseAll, nil)); diff != "" {
			t.Errorf("today (-tables +history):\n%s", diff)
		}
		if empty, err := db.CoverageHistory(ctx, members, nil); err != nil || len(empty) != 0 {
			t.Errorf("no days: %v, %v", empty, err)
		}
		since, err := db.CoverageSince(ctx, members)
		if err != nil || since != "2021-01-10" {
			t.Errorf("CoverageSince = %q, %v; want 2021-01-10", since, err)
		}
		if since, err := db.CoverageSince(ctx, nil); err != nil || since != "" {
			t.Errorf("CoverageSince(nil) = %q, %v", since, err)
		}
	})
}
