package demo_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// accountsJSON is the agency's figures as the demo's JSON file has them, independent of the
// CSV the release is loaded from.
type accountsJSON struct {
	NationalTotal struct {
		Year  int     `json:"year"`
		Total float64 `json:"samletUdledningTon"`
	} `json:"nationalTotal"`
	Kommuner []struct {
		Code     string               `json:"kommuneKode"`
		Years    []int                `json:"years"`
		Total    []float64            `json:"samletUdledning"`
		Sektorer map[string][]float64 `json:"sektorer"`
	} `json:"kommuner"`
}

// TestDemoRelease (both engines): the demo's first release holds the 2018–2023 accounts of
// all 98 municipalities. For each of the 588 municipality-years its sectors sum to its total,
// which is the agency's samletUdledning within rounding, and each sector is the JSON's; a region's total is
// the sum of its municipalities'; the nation's 2023 total is 34,039,454 t (34.04 Mt), the
// JSON's nationalTotal. Loading it again adds nothing.
func TestDemoRelease(t *testing.T) {
	b, err := os.ReadFile("data/klimaregnskab_by_kommune_2018_2023.json")
	if err != nil {
		t.Fatal(err)
	}
	var src accountsJSON
	if err := json.Unmarshal(b, &src); err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := demo.LoadRelease(ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := demo.LoadRelease(ctx, db); err != nil {
			t.Fatal(err)
		}
		rels, err := db.Releases(ctx)
		if err != nil || len(rels) != 1 {
			t.Fatalf("releases %+v %v; want one", rels, err)
		}
		rel := rels[0]
		if rel.Name != "Energi- og CO2-regnskabet 2018–2023" || rel.Vintage != "2026-05-18" ||
			rel.Source != "Energistyrelsen: Energi- og CO2-regnskabet, https://klimaregnskabet.dk" {
			t.Errorf("release %+v", rel)
		}
		byCode := func(kind string) map[string]model.Organisation {
			page, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": kind}, Limit: store.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]model.Organisation{}
			for _, r := range page.Items {
				out[r.Str("code")] = model.AsOrganisation(r)
			}
			return out
		}
		munis, regions, nations := byCode("municipality"), byCode("region"), byCode("country")
		if len(munis) != 98 || len(regions) != 5 || len(nations) != 1 {
			t.Fatalf("%d municipalities, %d regions, %d nations", len(munis), len(regions), len(nations))
		}
		regionSum := map[int64]map[int]float64{}
		years := 0
		for _, k := range src.Kommuner {
			code := strings.TrimLeft(k.Code, "0")
			m, ok := munis[code]
			if !ok {
				t.Fatalf("no municipality %s", code)
			}
			inv, err := db.Inventory(ctx, m.ID(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Years) != len(k.Years) {
				t.Errorf("%s: %d years, want %d", code, len(inv.Years), len(k.Years))
				continue
			}
			for i, y := range inv.Years {
				years++
				// The agency gives each figure to 0.1 t: five sectors rounded so may miss the
				// rounded total by up to 5 × 0.05 t (0.2 t at most in this file).
				if y.Year != k.Years[i] || math.Abs(y.TotalTCO2e-k.Total[i]) > 0.25 {
					t.Errorf("%s %d: total %.1f, the agency's %d: %.1f", code, y.Year, y.TotalTCO2e, k.Years[i], k.Total[i])
				}
				sum := 0.0
				for _, s := range y.Sectors {
					sum += s.TCO2e
					if want := k.Sektorer[s.Sector][i]; math.Abs(s.TCO2e-want) > 1e-9 {
						t.Errorf("%s %d %s: %v, the agency's %v", code, y.Year, s.Sector, s.TCO2e, want)
					}
				}
				if len(y.Sectors) != 5 || math.Abs(sum-y.TotalTCO2e) > 1e-6 {
					t.Errorf("%s %d: %d sectors sum to %.3f, total %.3f", code, y.Year, len(y.Sectors), sum, y.TotalTCO2e)
				}
				if regionSum[m.ParentID()] == nil {
					regionSum[m.ParentID()] = map[int]float64{}
				}
				regionSum[m.ParentID()][y.Year] += y.TotalTCO2e
			}
		}
		if years != 588 {
			t.Errorf("%d municipality-years, want 588", years)
		}
		for code, r := range regions {
			if r.ParentID() != nations["DK"].ID() {
				t.Errorf("region %s's parent is %d, not the nation", code, r.ParentID())
			}
			inv, err := db.Inventory(ctx, r.ID(), rel.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Years) != 6 {
				t.Errorf("region %s: %d years", code, len(inv.Years))
			}
			for _, y := range inv.Years {
				if want := regionSum[r.ID()][y.Year]; math.Abs(y.TotalTCO2e-want) > 0.01 {
					t.Errorf("region %s %d: %.3f, its municipalities' sum %.3f", code, y.Year, y.TotalTCO2e, want)
				}
			}
		}
		inv, err := db.Inventory(ctx, nations["DK"].ID(), 0)
		if err != nil {
			t.Fatal(err)
		}
		var national float64
		for _, y := range inv.Years {
			if y.Year == 2023 {
				national = y.TotalTCO2e
			}
		}
		if src.NationalTotal.Year != 2023 || src.NationalTotal.Total != 34039454 {
			t.Fatalf("the JSON's national total: %+v", src.NationalTotal)
		}
		// The sum of the sectors is 34,039,453.5 t: within rounding of the agency's total.
		if math.Abs(national-34039454) > 1 || math.Round(national/1e4)/100 != 34.04 {
			t.Errorf("the nation in 2023: %.1f t, want 34,039,454 t (34.04 Mt)", national)
		}
		// The release's source reads as the demo's other sources do (TestSourcesAreCitations).
		if regexp.MustCompile(`@[0-9a-f]{7}\b|github\.com|^Kilde:`).MatchString(rel.Source) {
			t.Errorf("the release's source is no citation: %q", rel.Source)
		}
	})
}
