package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestActionCounts: a plan's published actions are counted, its drafts not; a plan not
// asked for is left out, and so is a plan without published actions.
func TestActionCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var a, b, c int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			mk := func(res *model.Resource, r model.Record) int64 {
				t.Helper()
				out, err := tx.Create(ctx, res, r)
				if err != nil {
					t.Fatalf("create %s %v: %v", res.Name, r, err)
				}
				return out.ID()
			}
			kbh := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
			plan := func(code string) int64 {
				return mk(model.Plans, model.Record{"code": code, "organisation_id": kbh, "kind": "climate_plan", "title": "Plan " + code, "status": "adopted", "published": true})
			}
			a, b, c = plan("A"), plan("B"), plan("C")
			act := func(plan int64, published bool) {
				mk(model.Actions, model.Record{"plan_id": plan, "title": "Indsats", "sector": "transport", "organisation_id": kbh, "status": "planned", "published": published})
			}
			act(a, true)
			act(a, true)
			act(a, false)
			act(b, false)
			act(c, true)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.ActionCounts(ctx, []int64{a, b})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]int{a: 2}, got); diff != "" {
			t.Errorf("counts (-want +got):\n%s", diff)
		}
		if got, err := db.ActionCounts(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("no plans: %v, %v", got, err)
		}
	})
}
