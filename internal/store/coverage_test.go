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

// TestCoverageAtPastDates changes plans and actions over a year, each change dated with
// Tx.AsOf, and checks the coverage at the end of each day before and after every change,
// rebuilt from the audit trail; today's, read from the tables, must equal the last day's.
//
//	2021-01-10  København's plan is created as a draft, with a published electric-car action
//	2021-03-01  the plan is adopted that day
//	2021-06-01  Albertslund's plan, adopted that day, with a draft electric-car action
//	2021-09-01  the draft action is published
//	2022-01-15  København's action is moved to the theme waste
//	2022-05-01  Albertslund's action is deleted
func TestCoverageAtPastDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var region, kbh, alb, transport, ev, waste, planK, planA, actK, actA int64
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
		at("2020-12-01", func(tx *store.Tx) error {
			region = mk(tx, model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
			kbh = mk(tx, model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
			alb = mk(tx, model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": region})
			transport = mk(tx, model.Themes, model.Record{"code": "transport", "name_da": "Transport"})
			ev = mk(tx, model.Themes, model.Record{"code": "transport.ev", "name_da": "Elbiler", "parent_id": transport})
			waste = mk(tx, model.Themes, model.Record{"code": "waste", "name_da": "Affald"})
			return nil
		})
		at("2021-01-10", func(tx *store.Tx) error {
			planK = mk(tx, model.Plans, model.Record{"code": "KP-101", "organisation_id": kbh, "kind": "climate_plan", "title": "Klimaplan", "status": "draft", "published": true})
			actK = mk(tx, model.Actions, model.Record{"plan_id": planK, "title": "Elbiler", "sector": "transport", "organisation_id": kbh, "status": "planned", "theme_ids": []int64{ev}, "published": true})
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
		at("2022-01-15", func(tx *store.Tx) error {
			update(tx, model.Actions, actK, model.Record{"theme_ids": []int64{waste}})
			return nil
		})
		at("2022-05-01", func(tx *store.Tx) error {
			return tx.Delete(ctx, model.Actions, actA, 0)
		})

		members, err := db.GroupMembers(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{kbh, alb}, members); diff != "" {
			t.Fatalf("members (-want +got):\n%s", diff)
		}
		tree, err := db.ThemeTree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// counted, then the members with transport, electric cars and waste.
		type want struct {
			counted             int
			transport, ev, wste []int64
		}
		figures := func(day string) want {
			t.Helper()
			st, err := db.CoverageState(ctx, members, day, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := coverage.Compute(st, tree, coverage.BaseAdopted, nil)
			w := want{counted: r.Counted}
			for _, tc := range r.Themes {
				switch tc.Theme.ID {
				case transport:
					w.transport = tc.With
				case ev:
					w.ev = tc.With
				case waste:
					w.wste = tc.With
				}
			}
			return w
		}
		none := []int64{}
		for _, tt := range []struct {
			day  string
			want want
		}{
			{"2020-12-31", want{0, none, none, none}},
			{"2021-01-10", want{0, none, none, none}}, // the plan is a draft
			{"2021-02-28", want{0, none, none, none}},
			{"2021-03-01", want{1, []int64{kbh}, []int64{kbh}, none}},
			{"2021-06-01", want{2, []int64{kbh}, []int64{kbh}, none}}, // Albertslund's action is a draft
			{"2021-08-31", want{2, []int64{kbh}, []int64{kbh}, none}},
			{"2021-09-01", want{2, []int64{kbh, alb}, []int64{kbh, alb}, none}},
			{"2022-01-14", want{2, []int64{kbh, alb}, []int64{kbh, alb}, none}},
			{"2022-01-15", want{2, []int64{alb}, []int64{alb}, []int64{kbh}}},
			{"2022-05-01", want{2, none, none, []int64{kbh}}},
			{"", want{2, none, none, []int64{kbh}}}, // today, from the tables
		} {
			if diff := cmp.Diff(tt.want, figures(tt.day), cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("at %q (-want +got):\n%s", tt.day, diff)
			}
		}
		// The drill-down at a past day: the actions behind electric cars on 2021-09-01.
		st, err := db.CoverageState(ctx, members, "2021-09-01", tree.Under(ev))
		if err != nil {
			t.Fatal(err)
		}
		var got []coverage.Action
		for _, a := range coverage.Behind(st, tree, ev) {
			a.Themes = nil
			got = append(got, a)
		}
		wantActs := []coverage.Action{
			{ID: actK, Plan: planK, Published: true, Title: "Elbiler", Organisation: kbh},
			{ID: actA, Plan: planA, Published: true, Title: "Ladestandere", Organisation: alb},
		}
		if diff := cmp.Diff(wantActs, got); diff != "" {
			t.Errorf("actions behind electric cars on 2021-09-01 (-want +got):\n%s", diff)
		}
		// Today's drill-down, from the tables: waste is København's moved action.
		st, err = db.CoverageState(ctx, members, "", tree.Under(waste))
		if err != nil {
			t.Fatal(err)
		}
		if b := coverage.Behind(st, tree, waste); len(b) != 1 || b[0].ID != actK || b[0].Title != "Elbiler" || b[0].Organisation != kbh {
			t.Errorf("actions behind waste today = %+v", b)
		}
	})
}

// TestCoverageRaisesAtOnce: adding a published action with a theme to a member that lacked
// it raises the count at once; a draft action, or one in an unpublished plan, does not.
func TestCoverageRaisesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(res *model.Resource, r model.Record) int64 {
			t.Helper()
			out, err := db.Create(ctx, res, r)
			if err != nil {
				t.Fatalf("create %s %v: %v", res.Name, r, err)
			}
			return out.ID()
		}
		region := mk(model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
		kbh := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
		alb := mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": region})
		theme := mk(model.Themes, model.Record{"code": "waste.food", "name_da": "Madspild"})
		pk := mk(model.Plans, model.Record{"code": "KP-101", "organisation_id": kbh, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "adopted_on": "2021-03-01", "published": true})
		pa := mk(model.Plans, model.Record{"code": "KP-165", "organisation_id": alb, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "adopted_on": "2021-03-01", "published": false})
		members, _ := db.GroupMembers(ctx, region)
		tree, _ := db.ThemeTree(ctx)
		count := func() (int, int) {
			t.Helper()
			st, err := db.CoverageState(ctx, members, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			r := coverage.Compute(st, tree, coverage.BaseAll, nil)
			return r.Themes[0].Count, r.Counted
		}
		if n, c := count(); n != 0 || c != 2 {
			t.Fatalf("before: %d of %d", n, c)
		}
		mk(model.Actions, model.Record{"plan_id": pk, "title": "Kladde", "sector": "waste_wastewater", "organisation_id": kbh, "status": "planned", "theme_ids": []int64{theme}, "published": false})
		mk(model.Actions, model.Record{"plan_id": pa, "title": "I en kladde", "sector": "waste_wastewater", "organisation_id": alb, "status": "planned", "theme_ids": []int64{theme}, "published": true})
		if n, _ := count(); n != 0 {
			t.Errorf("a draft action, or one in an unpublished plan, counts: %d", n)
		}
		mk(model.Actions, model.Record{"plan_id": pk, "title": "Madaffald", "sector": "waste_wastewater", "organisation_id": kbh, "status": "planned", "theme_ids": []int64{theme}, "published": true})
		if n, c := count(); n != 1 || c != 2 {
			t.Errorf("after a published action: %d of %d, want 1 of 2", n, c)
		}
		if _, err := db.GroupMembers(ctx, kbh); err == nil {
			t.Error("a municipality is taken as a group")
		}
	})
}
