package demo

import (
	"context"
	"fmt"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Example activity data for the own calculation (C6): three capital-region municipalities'
// energy and road transport in 2018, the last year the shipped factor set has national
// electricity and district-heating factors for. The amounts are invented, of the size the
// municipalities' accounts suggest (the Energy Agency's 2018 accounts: København 1.28 Mt CO2e
// from energy and 0.28 Mt from transport, Gladsaxe 0.22 and 0.08, Albertslund 0.06 and
// 0.05); every line is marked example and carries exampleSource.

// activityYear is the year of the example activity data.
const activityYear = 2018

// exampleActivity is one example line: a fuel or activity of a municipality, by its code.
type exampleActivity struct {
	code      string
	sector    string
	subsector string
	fuel      string
	use       string
	amount    float64
	unit      string
}

// energy and road transport of a municipality, in the units the data usually come in:
// electricity and district heating in MWh, fuels for heating in GJ, road fuels in litres.
func municipalActivity(code string, elMWh, dhMWh, gasGJ, oilGJ, woodGJ, dieselL, petrolL float64) []exampleActivity {
	return []exampleActivity{
		{code, model.SectorEnergy, "electricity", "electricity", "", elMWh, "MWh"},
		{code, model.SectorEnergy, "district heating", "district_heating", "", dhMWh, "MWh"},
		{code, model.SectorEnergy, "individual heating", "natural_gas", "residential", gasGJ, "GJ"},
		{code, model.SectorEnergy, "individual heating", "gas_diesel_oil", "residential", oilGJ, "GJ"},
		{code, model.SectorEnergy, "individual heating", "wood_wood_waste", "residential", woodGJ, "GJ"},
		{code, model.SectorTransport, "road", "gas_diesel_oil", "road", dieselL, "l"},
		{code, model.SectorTransport, "road", "motor_gasoline", "road", petrolL, "l"},
	}
}

var exampleActivities = func() []exampleActivity {
	var out []exampleActivity
	out = append(out, municipalActivity("101", 2_300_000, 4_500_000, 2_500_000, 300_000, 300_000, 60_000_000, 52_000_000)...) // København
	out = append(out, municipalActivity("165", 130_000, 380_000, 60_000, 20_000, 25_000, 11_000_000, 7_000_000)...)           // Albertslund
	out = append(out, municipalActivity("159", 420_000, 950_000, 700_000, 120_000, 80_000, 19_000_000, 15_000_000)...)        // Gladsaxe
	return out
}()

// exampleActivityNote says what the example lines are.
const exampleActivityNote = "Eksempel: opfundet mængde af den størrelse kommunens energi- og CO2-regnskab for 2018 antyder"

// LoadActivityData adds the example activity data of København, Albertslund and Gladsaxe for
// 2018, unless there are activity data already. It runs after Load (which it must not be
// part of: an old schema's migration test loads Load).
func LoadActivityData(ctx context.Context, db *store.DB) error {
	if n, err := db.Count(ctx, model.ActivityData); err != nil || n > 0 {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		orgs := map[string]int64{}
		for _, a := range exampleActivities {
			org, ok := orgs[a.code]
			if !ok {
				page, err := tx.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": a.code, "kind": "municipality"}, Limit: 1})
				if err != nil || len(page.Items) == 0 {
					return fmt.Errorf("demo: activity data: municipality %s: %v", a.code, cmpErr(err, "not loaded"))
				}
				org = page.Items[0].ID()
				orgs[a.code] = org
			}
			rec := model.Record{"organisation_id": org, "year": int64(activityYear), "sector": a.sector, "subsector": a.subsector,
				"fuel": a.fuel, "amount": a.amount, "unit": a.unit, "source": exampleSource, "note": exampleActivityNote, "example": true}
			if a.use != "" {
				rec["use"] = a.use
			}
			if _, err := tx.Create(ctx, model.ActivityData, rec); err != nil {
				return fmt.Errorf("demo: activity data of %s (%s): %w", a.code, a.fuel, err)
			}
		}
		return nil
	})
}
