package demo

import (
	"context"
	"fmt"

	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The nation's consumption-based footprint per inhabitant (C6), in the four categories of
// the DK2020 plan updates: mobility 3.1, food 2.5, housing 2.5, and goods and services about
// 4.5 t CO2e (12.6 t in all). They are CONCITO's profile as a public project that
// generalises the Thisted method to all 98 municipalities reports it, a secondary source
// that says to verify the figures against CONCITO and the Energy Agency before use
// (/work/shared/data/dk/methodology.md §2, [S5]); they are not so verified, so they are
// stored as examples with a source that says exactly that. The year is the project's
// anchor's inventory year (2023). A municipality without its own profile inherits these
// figures per inhabitant (GET /api/v1/emissions/footprint).

// footprintYear is the year of the nation's example profile.
const footprintYear = 2023

// footprintMethod is the example profile's method label.
const footprintMethod = "Forbrugsbaseret klimaaftryk, fire kategorier (CONCITO-profil)"

// footprintSource says what the figures are and how far they are verified.
const footprintSource = "Sekundær kilde, ikke efterprøvet: CONCITO's kategorivægte (mobilitet 3,1, fødevarer 2,5, " +
	"bolig og byggeri 2,5, forbrugsprodukter og services ca. 4,5 t CO2e pr. indbygger) som et offentligt projekt, " +
	"der generaliserer Thisted-metoden til alle 98 kommuner, gengiver dem; projektets nationale anker er 10,0 t CO2e " +
	"pr. indbygger (ENS Global Afrapportering 2025, opgørelsesår 2023). Projektet beder selv om, at tallene efterprøves; " +
	"de er ikke efterprøvet mod CONCITO eller Energistyrelsen."

// nationFootprint is the nation's profile, t CO2e per inhabitant by category.
var nationFootprint = []struct {
	category  string
	perPerson float64
}{
	{emissions.CategoryMobility, 3.1},
	{emissions.CategoryFood, 2.5},
	{emissions.CategoryHousing, 2.5},
	{emissions.CategoryGoodsServices, 4.5},
}

// LoadFootprints adds the nation's example consumption footprint per inhabitant, unless the
// nation has a footprint already. It runs after Load (which loads the nation), not as part
// of it.
func LoadFootprints(ctx context.Context, db *store.DB) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		page, err := tx.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "country", "code": nationCode}, Limit: 1})
		if err != nil || len(page.Items) == 0 {
			return fmt.Errorf("demo: footprints: the nation %s: %v", nationCode, cmpErr(err, "not loaded"))
		}
		nation := page.Items[0].ID()
		have, err := tx.List(ctx, model.ConsumptionFootprints, model.ListQuery{Filters: map[string]string{"organisation": fmt.Sprint(nation)}, Limit: 1})
		if err != nil || len(have.Items) > 0 {
			return err
		}
		for _, f := range nationFootprint {
			if _, err := tx.Create(ctx, model.ConsumptionFootprints, model.Record{"organisation_id": nation, "year": int64(footprintYear),
				"category": f.category, "t_co2e_per_person": f.perPerson, "method": footprintMethod, "source": footprintSource, "example": true}); err != nil {
				return fmt.Errorf("demo: footprint %s: %w", f.category, err)
			}
		}
		return nil
	})
}
