package inventory_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestPopulation: an organisation's own figure for the year comes first; a region or a
// nation without one takes the sum of its municipalities' for the year (those below a
// region below the nation count for the nation), but only when every one of them has a
// figure for it; else its own latest; else the sum in the latest year all of them have.
// A municipality never takes a sum.
func TestPopulation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pops := func(ps ...model.Population) []model.Population { return ps }
		mk := func(kind, code string, parent int64, ps []model.Population) model.Organisation {
			t.Helper()
			r := model.Record{"kind": kind, "code": code, "name_da": code}
			if parent != 0 {
				r["parent_id"] = parent
			}
			if ps != nil {
				r["population"] = ps
			}
			rec, err := db.Create(ctx, model.Organisations, r)
			if err != nil {
				t.Fatal(err)
			}
			return model.AsOrganisation(rec)
		}
		p := func(y, v int64) model.Population { return model.Population{Year: y, Value: v, Source: "DST"} }
		nation := mk("country", "DK", 0, nil)
		region := mk("region", "1084", nation.ID(), pops(p(2018, 1_800_000)))
		other := mk("region", "1085", nation.ID(), nil)
		mk("municipality", "101", region.ID(), pops(p(2020, 632_340), p(2023, 653_664)))
		mk("municipality", "165", region.ID(), pops(p(2020, 27_728), p(2023, 28_489)))
		mk("municipality", "259", other.ID(), pops(p(2020, 60_500)))
		lonely := mk("municipality", "999", other.ID(), nil)

		for _, tc := range []struct {
			name  string
			org   model.Organisation
			year  int64
			want  model.Population
			ok    bool
			isSum bool
		}{
			{"a region's own figure for the year", region, 2018, p(2018, 1_800_000), true, false},
			{"a region's municipalities' sum for the year: 653,664 + 28,489", region, 2023, p(2023, 682_153), true, true},
			{"a region's own latest when its municipalities lack the year", region, 2021, p(2018, 1_800_000), true, false},
			{"a municipality without a figure: none, never a sum", lonely, 2023, model.Population{}, false, false},
			{"a region one of whose municipalities has no figure: none", other, 2020, model.Population{}, false, false},
			{"the nation: every municipality below it must have the year", nation, 2020, model.Population{}, false, false},
		} {
			got, ok, err := inventory.Population(ctx, db, tc.org, tc.year)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.ok || got.Year != tc.want.Year || got.Value != tc.want.Value || (ok && !tc.isSum && got.Source != "DST") || (tc.isSum && got.Source == "DST") {
				t.Errorf("%s: %+v %v, want %+v %v", tc.name, got, ok, tc.want, tc.ok)
			}
		}

		// Once every municipality has 2020, the nation's 2020 is their sum: 632,340 +
		// 27,728 + 60,500 + 1,000 = 721,568, and its latest (no figure of its own) too.
		if _, err := db.Update(ctx, model.Organisations, lonely.ID(), lonely.Version(), model.Record{"population": pops(p(2020, 1_000))}); err != nil {
			t.Fatal(err)
		}
		for _, year := range []int64{2020, 2030} {
			if got, ok, err := inventory.Population(ctx, db, nation, year); err != nil || !ok || got.Year != 2020 || got.Value != 721_568 {
				t.Errorf("the nation's population for %d: %+v %v %v, want 721,568 of 2020", year, got, ok, err)
			}
		}
	})
}

// TestFootprintErrors: without a profile anywhere the footprint is ErrNoProfile; with the
// nation's but no population ErrNoPopulation, naming the profile's year; with a population
// it is the nation's per inhabitant times it, inherited.
func TestFootprintErrors(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ctx := context.Background()
	mk := func(res *model.Resource, r model.Record) model.Record {
		t.Helper()
		rec, err := db.Create(ctx, res, r)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	nation := model.AsOrganisation(mk(model.Organisations, model.Record{"kind": "country", "code": "DK", "name_da": "Danmark"}))
	muni := model.AsOrganisation(mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": nation.ID()}))
	if _, err := inventory.Footprint(ctx, db, muni, 0); !errors.Is(err, inventory.ErrNoProfile) {
		t.Errorf("no profile: %v", err)
	}
	mk(model.ConsumptionFootprints, model.Record{"organisation_id": nation.ID(), "year": int64(2023), "category": "food", "t_co2e_per_person": 2.5, "method": "M", "source": "S"})
	if fp, err := inventory.Footprint(ctx, db, muni, 0); !errors.Is(err, inventory.ErrNoPopulation) || fp.Result.Year != 2023 {
		t.Errorf("no population: %v, year %d", err, fp.Result.Year)
	}
	upd, err := db.Update(ctx, model.Organisations, muni.ID(), muni.Version(), model.Record{"population": []model.Population{{Year: 2020, Value: 1000, Source: "DST"}}})
	if err != nil {
		t.Fatal(err)
	}
	fp, err := inventory.Footprint(ctx, db, model.AsOrganisation(upd), 0)
	if err != nil || !fp.Result.Inherited || fp.Result.InheritedFrom != nation.ID() || math.Abs(fp.Result.Total-2500) > 1e-9 || fp.Population.Year != 2020 {
		t.Errorf("footprint %+v %v", fp, err)
	}
	// The nation itself: its population is its one municipality's.
	if fp, err := inventory.Footprint(ctx, db, nation, 2023); err != nil || fp.Result.Inherited || fp.Population.Value != 1000 {
		t.Errorf("the nation's footprint %+v %v", fp, err)
	}
}
