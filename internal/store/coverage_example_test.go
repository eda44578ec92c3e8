package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestCountedExample: the cross-plan page's note that the actions behind its figures are
// example data rests on CountedExample (a published example action with a theme in one of
// the plans) and its drill-down on ExampleActions.
func TestCountedExample(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := func(r model.Record) int64 {
			t.Helper()
			base := model.Record{"plan_id": f.plan, "sector": "energy", "organisation_id": f.kbh, "status": "planned"}
			for k, v := range r {
				base[k] = v
			}
			out, err := db.Create(ctx, model.Actions, base)
			if err != nil {
				t.Fatal(err)
			}
			return out.ID()
		}
		counted := func() bool {
			t.Helper()
			ok, err := db.CountedExample(ctx, []int64{f.plan})
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		real := mk(model.Record{"title": "Rigtig", "theme_ids": []int64{f.heat}, "published": true})
		draft := mk(model.Record{"title": "Kladde", "theme_ids": []int64{f.heat}, "published": false, "example": true})
		bare := mk(model.Record{"title": "Uden tema", "published": true, "example": true})
		if counted() {
			t.Error("counted example with only a real action, a draft example and an example without theme")
		}
		ex := mk(model.Record{"title": "Eksempel", "theme_ids": []int64{f.heat}, "published": true, "example": true})
		if !counted() {
			t.Error("no counted example with a published example action with a theme")
		}
		if ok, err := db.CountedExample(ctx, nil); err != nil || ok {
			t.Errorf("no plans: %v, %v", ok, err)
		}
		got, err := db.ExampleActions(ctx, []int64{real, draft, bare, ex, 999999})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]bool{draft: true, bare: true, ex: true}, got); diff != "" {
			t.Errorf("ExampleActions (-want +got):\n%s", diff)
		}
	})
}
