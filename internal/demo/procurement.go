package demo

import (
	"context"
	"fmt"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Example procurement (C6, the procurement footprint): no sourced spend-based factors are in
// the shared data, so the demo's factor set ("eksempel") and its spend are invented, of a
// plausible size, and every row is marked example and carries exampleSource. The factors
// (kg CO2e per DKK) are of the order public purchases give when a national consumption
// footprint is spread over public spend; the spend is of the order of the municipalities'
// size (København some 10 bn DKK a year, Gladsaxe and Albertslund in proportion). The
// footprint is an estimate outside the territorial accounts.

// procurementYear is the year of the example spend.
const procurementYear = 2023

// ExampleSpendFactorSet is the name of the demo's example spend-factor set.
const ExampleSpendFactorSet = "eksempel"

// exampleSpendFactors are the example set's kg CO2e per DKK by category.
var exampleSpendFactors = []struct {
	category string
	kgPerDKK float64
}{
	{"food", 0.25},
	{"it", 0.06},
	{"construction", 0.08},
	{"vehicles", 0.10},
	{"services", 0.02},
}

// exampleSpend is each municipality's spend in DKK by category, by its code.
var exampleSpend = []struct {
	code                                       string
	food, it, construction, vehicles, services float64
}{
	{"101", 500e6, 1000e6, 2500e6, 200e6, 3500e6}, // København
	{"165", 25e6, 30e6, 120e6, 10e6, 140e6},       // Albertslund
	{"159", 60e6, 80e6, 300e6, 25e6, 350e6},       // Gladsaxe
}

// exampleProcurementNote says what the example rows are.
const exampleProcurementNote = "Eksempel: opfundet beløb af en plausibel størrelse for kommunens indkøb – ikke rigtige tal"

// LoadProcurement adds the example spend-factor set, unless there are spend factors
// already, and the example spend of København, Albertslund and Gladsaxe for 2023, unless
// there is spend already. Like LoadActivityData it runs after Load, not inside it.
func LoadProcurement(ctx context.Context, db *store.DB) error {
	nf, err := db.Count(ctx, model.SpendFactors)
	if err != nil {
		return err
	}
	ns, err := db.Count(ctx, model.ProcurementSpend)
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		if nf == 0 {
			for _, f := range exampleSpendFactors {
				rec := model.Record{"factor_set": ExampleSpendFactorSet, "category": f.category, "kg_co2e_per_dkk": f.kgPerDKK,
					"valid_from": int64(2020), "source": exampleSource, "example": true}
				if _, err := tx.Create(ctx, model.SpendFactors, rec); err != nil {
					return fmt.Errorf("demo: spend factor %s: %w", f.category, err)
				}
			}
		}
		if ns > 0 {
			return nil
		}
		for _, m := range exampleSpend {
			page, err := tx.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": m.code, "kind": "municipality"}, Limit: 1})
			if err != nil || len(page.Items) == 0 {
				return fmt.Errorf("demo: procurement: municipality %s: %v", m.code, cmpErr(err, "not loaded"))
			}
			org := page.Items[0].ID()
			for _, l := range []struct {
				category string
				dkk      float64
			}{{"food", m.food}, {"it", m.it}, {"construction", m.construction}, {"vehicles", m.vehicles}, {"services", m.services}} {
				rec := model.Record{"organisation_id": org, "year": int64(procurementYear), "category": l.category, "spend_dkk": l.dkk,
					"source": exampleSource, "note": exampleProcurementNote, "example": true}
				if _, err := tx.Create(ctx, model.ProcurementSpend, rec); err != nil {
					return fmt.Errorf("demo: procurement spend of %s (%s): %w", m.code, l.category, err)
				}
			}
		}
		return nil
	})
}
