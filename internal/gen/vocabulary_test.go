package gen

import (
	"slices"
	"testing"

	"klimaspor/internal/model"
)

// TestGeneratorCoversEverySector: the generator has title stems and a theme family for
// every sector of model.Sectors, and for no other.
func TestGeneratorCoversEverySector(t *testing.T) {
	for _, s := range model.Sectors {
		if len(actionTitles[s]) == 0 {
			t.Errorf("sector %q has no action titles", s)
		}
		if f, ok := sectorTheme[s]; !ok || f >= len(themeTree) {
			t.Errorf("sector %q has no theme family (%d, %v)", s, f, ok)
		}
	}
	for s := range actionTitles {
		if !slices.Contains(model.Sectors, s) {
			t.Errorf("actionTitles: %q is not in model.Sectors", s)
		}
	}
	for s := range sectorTheme {
		if !slices.Contains(model.Sectors, s) {
			t.Errorf("sectorTheme: %q is not in model.Sectors", s)
		}
	}
}
