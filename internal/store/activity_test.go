package store_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// The shipped set's name is the one the model reserves.
func TestReservedFactorSetName(t *testing.T) {
	if model.ReservedFactorSet != emissions.DefaultSetName {
		t.Errorf("model reserves %q, the shipped set is %q", model.ReservedFactorSet, emissions.DefaultSetName)
	}
}

// TestActivityDataAndFactorsAreChecked: a unit the calculation does not know is refused on
// the unit field; a factor unit that is not <mass> <gas>/<unit> too; a factor that would tie
// with another of its set's version is refused, one of another version is not; the shipped
// set's name cannot be taken.
func TestActivityDataAndFactorsAreChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		line := func(unit string) model.Record {
			return model.Record{"organisation_id": f.kbh, "year": int64(2018), "sector": "energy", "fuel": "natural_gas", "use": "stationary", "amount": 1000.0, "unit": unit}
		}
		factor := func(set string, version int64, unit string) model.Record {
			return model.Record{"factor_set": set, "set_version": version, "fuel": "natural_gas", "use": "stationary", "gas": "CO2", "value": 56.1, "unit": unit, "source": "IPCC 2006"}
		}
		refused := func(rec model.Record, err error, field string) {
			t.Helper()
			var ve *model.ValidationError
			if !errors.As(err, &ve) || ve.Errors[0].Field != field {
				t.Errorf("%v: got %v, want %s refused", rec, err, field)
			}
		}
		for _, unit := range []string{"GJ", "MWh", "Nm³", "liter"} {
			if _, err := db.Create(ctx, model.ActivityData, line(unit)); err != nil {
				t.Errorf("unit %s: %v", unit, err)
			}
		}
		for _, unit := range []string{"gallon", "", "kWh/m2"} {
			rec := line(unit)
			_, err := db.Create(ctx, model.ActivityData, rec)
			refused(rec, err, "unit")
		}
		if _, err := db.Create(ctx, model.EmissionFactors, factor("mine", 1, "kg CO2/GJ")); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			rec   model.Record
			field string
		}{
			{factor("mine", 2, "kg/GJ/x"), "unit"},
			{factor("mine", 2, "GJ CO2/kg"), "unit"},
			{factor("mine", 1, "kg CO2/GJ"), "gas"}, // a tie with the first
			{factor("default", 1, "kg CO2/GJ"), "factor_set"},
			{factor("Default", 3, "kg CO2/GJ"), "factor_set"},
		} {
			_, err := db.Create(ctx, model.EmissionFactors, tc.rec)
			refused(tc.rec, err, tc.field)
		}
		if _, err := db.Create(ctx, model.EmissionFactors, factor("mine", 2, "kg CO2/GJ")); err != nil {
			t.Errorf("the same factor in another version: %v", err)
		}
		lines, err := db.ActivityData(ctx, f.kbh, 2018)
		if err != nil || len(lines) != 4 {
			t.Fatalf("activity data: %d lines, %v", len(lines), err)
		}
		if lines[2].Unit() != "Nm³" || lines[0].ID() >= lines[1].ID() {
			t.Errorf("lines not as stored, in order: %v", lines)
		}
		if other, err := db.ActivityData(ctx, f.alb, 2018); err != nil || len(other) != 0 {
			t.Errorf("Albertslund's lines: %v, %v", other, err)
		}
	})
}

// TestNewFactorVersionChangesOnlyItsYears: a set's version 2 replaces the electricity factor
// of 2019 only; calculated through the store, 2018 is the same with both versions and 2019
// follows the version asked for; version 0 reads the newest; an unknown set or version is
// ErrNotFound; "default" is the shipped set.
func TestNewFactorVersionChangesOnlyItsYears(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		el := func(version, year int64, gPerKWh float64) model.Record {
			return model.Record{"factor_set": "kbh-el", "set_version": version, "fuel": "electricity", "gas": "CO2", "value": gPerKWh,
				"unit": "g CO2/kWh", "valid_from": year, "valid_to": year, "organisation_id": f.kbh, "source": "Miljødeklaration"}
		}
		for _, rec := range []model.Record{el(1, 2018, 300), el(1, 2019, 250), el(2, 2018, 300), el(2, 2019, 200)} {
			if _, err := db.Create(ctx, model.EmissionFactors, rec); err != nil {
				t.Fatal(err)
			}
		}
		for _, year := range []int64{2018, 2019} {
			if _, err := db.Create(ctx, model.ActivityData, model.Record{"organisation_id": f.kbh, "year": year, "sector": "energy",
				"subsector": "electricity", "fuel": "electricity", "amount": 1000.0, "unit": "MWh"}); err != nil {
				t.Fatal(err)
			}
		}
		// 1,000 MWh = 1,000,000 kWh × g/kWh = t.
		total := func(version, year int) float64 {
			t.Helper()
			set, err := db.FactorSet(ctx, "kbh-el", version)
			if err != nil {
				t.Fatal(err)
			}
			lines, err := db.ActivityData(ctx, f.kbh, year)
			if err != nil || len(lines) != 1 {
				t.Fatalf("%d: %v, %v", year, lines, err)
			}
			l := lines[0]
			res, err := emissions.Calculate(emissions.Input{GWP: "AR5", Year: year, OrganisationID: f.kbh, Activities: []emissions.Activity{
				{Sector: l.Sector(), Subsector: l.Subsector(), Fuel: l.Fuel(), Use: l.Use(), Amount: l.Amount(), Unit: l.Unit()}}}, set)
			if err != nil {
				t.Fatal(err)
			}
			return res.TotalTCO2e
		}
		for _, tc := range []struct {
			version, year int
			want          float64
		}{
			{1, 2018, 300}, {2, 2018, 300}, {1, 2019, 250}, {2, 2019, 200}, {0, 2019, 200},
		} {
			if got := total(tc.version, tc.year); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("version %d, %d: %v t CO2e, want %v", tc.version, tc.year, got, tc.want)
			}
		}
		set, err := db.FactorSet(ctx, "kbh-el", 2)
		if err != nil || set.Version != 2 || len(set.Factors) != 2 || set.Factors[0].OrganisationID != f.kbh || set.Factors[0].Per != emissions.KWh {
			t.Errorf("version 2 = %+v, %v", set, err)
		}
		for _, tc := range []struct {
			name    string
			version int
		}{{"kbh-el", 3}, {"nobody", 0}, {"default", 2}} {
			if _, err := db.FactorSet(ctx, tc.name, tc.version); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s v%d: %v, want not found", tc.name, tc.version, err)
			}
		}
		if def, err := db.FactorSet(ctx, "default", 0); err != nil || def.Name != emissions.DefaultSetName || len(def.Factors) == 0 {
			t.Errorf("default: %v, %v", def.Name, err)
		}
	})
}
