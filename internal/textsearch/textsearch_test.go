package textsearch

import (
	"slices"
	"testing"
)

func TestAnalyze(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"stop words only", "og i det at en den til er som på", nil},
		{"case and punctuation", "Klimaplan, 2030!", []string{"klimaplan", "2030"}},
		{"inflection", "klimaplanerne", []string{"klimaplan"}},
		{"hyphenated compound gives its parts", "el-biler", []string{"el", "bil"}},
		{"single letters dropped, digits kept", "a b 7 CO2", []string{"7", "co2"}},
		{"Danish letters folded", "grønne løsninger på Ærø", []string{"groen", "loesning", "aero"}},
		{"typed without Danish letters", "groenne loesninger", []string{"groen", "loesning"}},
		{"aa across a compound's joint stays", "klimaaftale", []string{"klimaaftal"}},
		{"acute accent", "Idé", []string{"ide"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Analyze(c.in); !slices.Equal(got, c.want) {
				t.Errorf("Analyze(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// Inflected forms and their typed variants must meet in one term: that is what search and
// the theme suggestions rely on.
func TestSameTerm(t *testing.T) {
	groups := [][]string{
		{"klimaplan", "klimaplanen", "klimaplaner", "klimaplanerne"},
		{"affald", "affaldet"},
		{"elbil", "elbiler", "elbilerne"},
		{"Århus", "Aarhus"},
		{"grøn", "groen"},
		{"besparelse", "besparelser", "besparelserne"},
		{"cykelsti", "cykelstier", "cykelstierne"},
	}
	for _, g := range groups {
		first := Analyze(g[0])
		if len(first) != 1 {
			t.Fatalf("Analyze(%q) = %q, want one term", g[0], first)
		}
		for _, w := range g[1:] {
			if got := Analyze(w); !slices.Equal(got, first) {
				t.Errorf("Analyze(%q) = %q, want %q as for %q", w, got, first, g[0])
			}
		}
	}
}

func TestDifferentWordsStayApart(t *testing.T) {
	for _, p := range [][2]string{{"madspild", "madaffald"}, {"bil", "cykel"}, {"energi", "energirenovering"}} {
		if a, b := Analyze(p[0]), Analyze(p[1]); slices.Equal(a, b) {
			t.Errorf("%q and %q both give %q", p[0], p[1], a)
		}
	}
}

func TestEnglishFunctionWords(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"the planting of trees and forests", []string{"planting", "trees", "forest"}},
		// Danish words that are English function words too are kept: a town, IT.
		{"by", []string{"by"}},
		{"it", []string{"it"}},
	}
	for _, c := range cases {
		if got := Analyze(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Analyze(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
