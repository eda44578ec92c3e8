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

// TestLibraryWords: every library kind has titles and summary leads, every theme family
// nouns and sectors, and every noun all four forms.
func TestLibraryWords(t *testing.T) {
	for _, k := range model.LibraryKinds {
		if len(titleTemplates[k]) == 0 || len(summaryLeads[k]) == 0 || englishKinds[k] == "" {
			t.Errorf("kind %q lacks titles, leads or an English name", k)
		}
	}
	if len(familyNouns) != len(themeTree) || len(familySectors) != len(themeTree) {
		t.Fatalf("%d noun lists and %d sector lists for %d theme families", len(familyNouns), len(familySectors), len(themeTree))
	}
	for f, ns := range append(slices.Clone(familyNouns), sharedNouns) {
		for _, n := range ns {
			if n.sg == "" || n.sgDef == "" || n.pl == "" || n.plDef == "" {
				t.Errorf("family %d: noun %+v lacks a form", f, n)
			}
		}
	}
	for f, ss := range familySectors {
		for _, s := range ss {
			if !slices.Contains(model.Sectors, s) {
				t.Errorf("family %d: %q is not a sector", f, s)
			}
		}
	}
}
