package i18n

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// trickyNames are names whose Danish order is easy to get wrong: Æ, Ø and Å after Z, "Aa" as
// Å, case and accents that differ only at the later levels of the collation, digit runs
// compared as numbers, and the same name twice (a tie, which must keep its input order).
var trickyNames = []string{
	"Ærø", "Aabenraa", "aabenraa", "AABENRAA", "Åbybro", "Århus", "Aarhus", "aarhus", "Albertslund",
	"Ølstykke", "Oelstykke", "Zealand", "zealand", "Høje-Taastrup", "Høje Taastrup", "HøjeTaastrup",
	"Hvidovre", "Hørsholm", "Helsingør", "Halsnæs", "VIP10", "VIP2", "VIP1", "VIP02", "Vej 2", "Vej 10",
	"vej 2", "Café", "Cafe", "café", "Ébeltoft", "Ebeltoft", "", " ", "-", "Aa", "Å", "å", "aa", "AA",
	"Æbelø", "Ä", "Ö", "Ü", "Ødsted", "Ødsted", "Ærø", "2030-mål", "10 %", "9 %", "CO₂e", "CO2e",
	"Grøn omstilling", "Grøn Omstilling", "grøn omstilling",
}

// TestSortByKeysIsCompareOrder: SortBy, which sorts by collation keys, puts items in exactly
// the order of a stable sort comparing through Compare, as it did before it used keys, for
// tricky Danish names and random ones, in both languages, ties in their input order.
func TestSortByKeysIsCompareOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 60))
	letters := []rune("aAbBeEéoOøØæÆåÅzZ 0129-")
	random := make([]string, 400)
	for i := range random {
		n := r.IntN(8)
		s := make([]rune, n)
		for j := range s {
			s[j] = letters[r.IntN(len(letters))]
		}
		random[i] = string(s)
	}
	type item struct {
		name string
		n    int // input position, to see that ties keep their order
	}
	for _, lang := range Langs {
		for _, names := range [][]string{trickyNames, random, append(append([]string(nil), trickyNames...), random...)} {
			in := make([]item, len(names))
			for i, s := range names {
				in[i] = item{s, i}
			}
			want := slices.Clone(in)
			slices.SortStableFunc(want, func(a, b item) int { return Compare(lang, a.name, b.name) })
			got := slices.Clone(in)
			SortBy(lang, got, func(it item) string { return it.name })
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("SortBy(%s)[%d] = %q (input %d), want %q (input %d)", lang, i, got[i].name, got[i].n, want[i].name, want[i].n)
				}
			}
		}
	}
}

// Run with -race: SortBy's remembered keys are read and written by many goroutines at once.
func TestSortByConcurrent(t *testing.T) {
	want := slices.Clone(trickyNames)
	slices.SortStableFunc(want, func(a, b string) int { return Compare(Danish, a, b) })
	done := make(chan bool)
	for range 8 {
		go func() {
			defer func() { done <- true }()
			for range 20 {
				got := slices.Clone(trickyNames)
				SortBy(Danish, got, func(s string) string { return s })
				if !slices.Equal(got, want) {
					t.Errorf("concurrent SortBy gave %v", got)
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}
