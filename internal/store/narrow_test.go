package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestNarrowReadsMatchList: the narrow reads of the indicator pages (ValueTotals,
// TotalOrganisations, TotalPeriods, IndicatorNames) give what a plain read through List
// gives, for every reader (the public, the organisation that owns a draft plan, another
// organisation, an administrator), after each kind of write: create, update, publishing and
// unpublishing the plan that owns an indicator, moving a value to another organisation,
// delete and a bulk import; on both engines. The public never sees the totals of an
// indicator of a draft plan, and the plan's organisation does.
func TestNarrowReadsMatchList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := creator(t, db)
		draft := mk(model.Plans, model.Record{"code": "KP-101-2", "organisation_id": f.kbh, "kind": "climate_plan", "title": "Udkast", "status": "draft", "published": false})
		public := mk(model.Indicators, model.Record{"code": "co2", "name_da": "Ærø-udledning", "name_en": "Emissions", "unit": "t", "direction": "lower", "owner_organisation_id": f.region})
		hidden := mk(model.Indicators, model.Record{"code": "drafted", "name_da": "Kladde", "unit": "t", "direction": "lower", "owner_plan_id": draft.ID()})
		value := func(ind, org int64, period, breakdown string, v float64, example bool) model.Record {
			return mk(model.IndicatorValues, model.Record{"indicator_id": ind, "organisation_id": org, "period": period, "breakdown": breakdown, "value": v,
				"example": example, "source": "Kilde " + period})
		}
		for i, p := range []string{"2021", "2019", "2020"} {
			value(public.ID(), f.alb, p, "", float64(i), false)
			value(public.ID(), f.kbh, p, "", float64(10+i), i == 2)
			value(public.ID(), f.kbh, p, "transport", 1, true) // a breakdown: never a total
			value(hidden.ID(), f.kbh, p, "", float64(20+i), false)
		}
		moved := value(public.ID(), f.kbh, "2018", "", 5, false)

		readers := []struct {
			name string
			q    model.ListQuery
		}{
			{"public", model.ListQuery{}},
			{"the draft's organisation", model.ListQuery{DraftsOf: []int64{f.kbh}}},
			{"another organisation", model.ListQuery{DraftsOf: []int64{f.alb}}},
			{"administrator", model.ListQuery{AllDrafts: true}},
		}
		check := func(t *testing.T, step string) {
			t.Helper()
			for _, r := range readers {
				for _, ind := range []model.Record{public, hidden} {
					where := fmt.Sprintf("%s, %s, %s", step, r.name, ind.Str("code"))
					q := r.q
					q.Filters = map[string]string{"indicator": fmt.Sprint(ind.ID())}
					// The plain read: every page of the list of totals, in id order.
					lq := q
					lq.Filters = map[string]string{"indicator": fmt.Sprint(ind.ID()), "breakdown": ""}
					lq.Limit = 2
					var want []store.ValueTotal
					for {
						pg, err := db.List(ctx, model.IndicatorValues, lq)
						if err != nil {
							t.Fatal(err)
						}
						for _, v := range model.AsIndicatorValues(pg.Items) {
							want = append(want, store.ValueTotal{ID: v.ID(), IndicatorID: v.IndicatorID(), OrganisationID: v.OrganisationID(),
								Period: v.Period(), Value: v.Value(), Example: v.Example(), Source: v.Source()})
						}
						if pg.NextCursor == "" {
							break
						}
						lq.Cursor = pg.NextCursor
					}
					var wantOrgs []int64
					examples := map[string]bool{}
					var wantPeriods []store.TotalPeriod
					for _, v := range want {
						if !slices.Contains(wantOrgs, v.OrganisationID) {
							wantOrgs = append(wantOrgs, v.OrganisationID)
						}
						if _, ok := examples[v.Period]; !ok {
							wantPeriods = append(wantPeriods, store.TotalPeriod{Period: v.Period})
						}
						examples[v.Period] = examples[v.Period] || v.Example
					}
					slices.SortFunc(wantPeriods, func(a, b store.TotalPeriod) int { return strings.Compare(a.Period, b.Period) })
					for i := range wantPeriods {
						wantPeriods[i].Example = examples[wantPeriods[i].Period]
					}

					got, err := db.ValueTotals(ctx, q, "")
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: ValueTotals (-list +narrow):\n%s", where, diff)
					}
					var wantIn []store.ValueTotal
					for _, v := range want {
						if v.Period == "2020" {
							wantIn = append(wantIn, v)
						}
					}
					gotIn, err := db.ValueTotals(ctx, q, "2020")
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(wantIn, gotIn); diff != "" {
						t.Errorf("%s: ValueTotals of 2020 (-list +narrow):\n%s", where, diff)
					}
					orgs, err := db.TotalOrganisations(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(wantOrgs, orgs); diff != "" {
						t.Errorf("%s: TotalOrganisations (-list +narrow):\n%s", where, diff)
					}
					periods, err := db.TotalPeriods(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(wantPeriods, periods); diff != "" {
						t.Errorf("%s: TotalPeriods (-list +narrow):\n%s", where, diff)
					}
				}
				pg, err := db.List(ctx, model.Indicators, model.ListQuery{DraftsOf: r.q.DraftsOf, AllDrafts: r.q.AllDrafts, Limit: store.MaxLimit})
				if err != nil {
					t.Fatal(err)
				}
				var wantNames []store.IndicatorName
				for _, ind := range model.AsIndicators(pg.Items) {
					wantNames = append(wantNames, store.IndicatorName{ID: ind.ID(), Code: ind.Code(), NameDA: ind.NameDA(), NameEN: ind.NameEN()})
				}
				names, err := db.IndicatorNames(ctx, r.q)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(wantNames, names); diff != "" {
					t.Errorf("%s, %s: IndicatorNames (-list +narrow):\n%s", step, r.name, diff)
				}
			}
		}
		// What each reader sees of the draft plan's indicator, stated outright (the check
		// above compares with List, which could be wrong the same way).
		sees := func(t *testing.T, step string, public, owner bool) {
			t.Helper()
			q := model.ListQuery{Filters: map[string]string{"indicator": fmt.Sprint(hidden.ID())}}
			got, err := db.ValueTotals(ctx, q, "")
			if err != nil {
				t.Fatal(err)
			}
			if (len(got) > 0) != public {
				t.Errorf("%s: the public sees %d totals of the draft plan's indicator", step, len(got))
			}
			q.DraftsOf = []int64{f.kbh}
			orgs, err := db.TotalOrganisations(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if (len(orgs) > 0) != owner {
				t.Errorf("%s: the plan's organisation sees totals of %v", step, orgs)
			}
			names, err := db.IndicatorNames(ctx, model.ListQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(names, func(n store.IndicatorName) bool { return n.ID == hidden.ID() }) != public {
				t.Errorf("%s: the public's indicator names: %v", step, names)
			}
		}
		check(t, "created")
		sees(t, "created", false, true)

		upd, err := db.Update(ctx, model.IndicatorValues, moved.ID(), moved.Version(), model.Record{"value": 7.5, "example": true, "period": "2022"})
		if err != nil {
			t.Fatal(err)
		}
		check(t, "updated")
		if _, err := db.Update(ctx, model.IndicatorValues, upd.ID(), upd.Version(), model.Record{"organisation_id": f.alb}); err != nil {
			t.Fatal(err)
		}
		check(t, "moved to another organisation")

		pub, err := db.Update(ctx, model.Plans, draft.ID(), draft.Version(), model.Record{"published": true})
		if err != nil {
			t.Fatal(err)
		}
		check(t, "plan published")
		sees(t, "plan published", true, true)
		if _, err := db.Update(ctx, model.Plans, pub.ID(), pub.Version(), model.Record{"published": false}); err != nil {
			t.Fatal(err)
		}
		check(t, "plan unpublished")
		sees(t, "plan unpublished", false, true)

		gone, err := db.Get(ctx, model.IndicatorValues, moved.ID())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Delete(ctx, model.IndicatorValues, gone.ID(), gone.Version()); err != nil {
			t.Fatal(err)
		}
		check(t, "deleted")

		var rows []model.Record
		for i := range 30 {
			r := model.Record{"indicator_id": public.ID(), "organisation_id": []int64{f.kbh, f.alb}[i%2], "period": fmt.Sprint(1990 + i/2),
				"breakdown": "", "value": float64(i), "example": i%3 == 0}
			model.Normalize(model.IndicatorValues, r)
			rows = append(rows, r)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.WithoutValueIndexes(func() error { return tx.UpsertValues(ctx, rows) })
		})
		if err != nil {
			t.Fatal(err)
		}
		check(t, "imported")
	})
}
