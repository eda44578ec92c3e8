package store_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestProcurementInputs: spend is read per organisation and year in stored order; a set's
// factors come back as emissions.Procurement takes them, named by set and row; the stored
// sets are listed; a factor whose years overlap another's of its set and category (without
// case) is refused, one of another set or later years is not; a set not stored is
// ErrNotFound.
func TestProcurementInputs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := creator(t, db)
		food := mk(model.ProcurementSpend, model.Record{"organisation_id": f.kbh, "year": int64(2023), "category": "food", "spend_dkk": 2e6})
		it := mk(model.ProcurementSpend, model.Record{"organisation_id": f.kbh, "year": int64(2023), "category": "it", "spend_dkk": 5e5})
		mk(model.ProcurementSpend, model.Record{"organisation_id": f.kbh, "year": int64(2022), "category": "it", "spend_dkk": 1.0})
		spend, err := db.ProcurementSpend(ctx, f.kbh, 2023)
		if err != nil || len(spend) != 2 || spend[0].ID() != food.ID() || spend[1].ID() != it.ID() || spend[0].SpendDKK() != 2e6 {
			t.Fatalf("spend = %v, %v", spend, err)
		}

		sf := func(set, cat string, kg float64, from, to int64) model.Record {
			r := model.Record{"factor_set": set, "category": cat, "kg_co2e_per_dkk": kg, "source": "s"}
			if from != 0 {
				r["valid_from"] = from
			}
			if to != 0 {
				r["valid_to"] = to
			}
			return r
		}
		first := mk(model.SpendFactors, sf("eksempel", "food", 0.5, 2020, 2023))
		mk(model.SpendFactors, sf("eksempel", "Food", 0.45, 2024, 0))
		mk(model.SpendFactors, sf("andet", "food", 0.4, 0, 0))
		for _, rec := range []model.Record{sf("eksempel", " FOOD", 0.6, 0, 2020), sf("eksempel", "food", 0.6, 2030, 0), sf("eksempel", "food", 0.6, 0, 0)} {
			_, err := db.Create(ctx, model.SpendFactors, rec)
			var ve *model.ValidationError
			if !errors.As(err, &ve) || ve.Errors[0].Field != "category" {
				t.Errorf("%v: got %v, want the category refused", rec, err)
			}
		}
		factors, err := db.SpendFactors(ctx, "eksempel")
		if err != nil || len(factors) != 2 {
			t.Fatalf("factors = %v, %v", factors, err)
		}
		want := emissions.SpendFactor{Category: "food", KgCO2ePerDKK: 0.5, ValidFrom: 2020, ValidTo: 2023, Source: "s", Set: "eksempel", ID: "eksempel:" + strconv.FormatInt(first.ID(), 10)}
		if factors[0] != want || factors[1].ValidTo != 0 {
			t.Errorf("factors = %+v, want first %+v", factors, want)
		}
		if sets, err := db.SpendFactorSets(ctx); err != nil || !slices.Equal(sets, []string{"andet", "eksempel"}) {
			t.Errorf("sets = %v, %v", sets, err)
		}
		if _, err := db.SpendFactors(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a set not stored: %v", err)
		}
	})
}
