package demo

import (
	"slices"
	"testing"

	"klimaspor/internal/model"
)

// TestDemoSectorsAreInTheVocabulary: every action sector the demo's tables name is one of
// model.Sectors, and every sector of the energy and CO2 accounts' source rows is one of
// model.EmissionSectors (or the total), so the loader and the pages share one vocabulary.
func TestDemoSectorsAreInTheVocabulary(t *testing.T) {
	action := map[string]string{}
	for _, r := range cphRules {
		if r.sector != "" {
			action["cphRules "+r.word] = r.sector
		}
	}
	for _, a := range actionTemplates {
		action["actionTemplates "+a.title] = a.sector
	}
	for code, s := range vipSectors {
		action["vipSectors "+code] = s
	}
	for _, col := range []string{"Mobility", "Transport", "Cross-cutting", "Energy", "Buildings", "Carbon capture"} {
		s, _ := cphSector(col)
		action["cphSector "+col] = s
	}
	for where, s := range action {
		if !slices.Contains(model.Sectors, s) {
			t.Errorf("%s: sector %q is not in model.Sectors", where, s)
		}
	}

	d, err := readDataset()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range d.accounts {
		seen[r.Sector] = true
	}
	for s := range seen {
		if s != "total" && s != "total_per_capita" && !slices.Contains(model.EmissionSectors, s) {
			t.Errorf("accounts: sector %q is not in model.EmissionSectors", s)
		}
	}
	for _, s := range model.EmissionSectors {
		if !seen[s] {
			t.Errorf("model.EmissionSectors has %q, which the accounts never report", s)
		}
	}
}
