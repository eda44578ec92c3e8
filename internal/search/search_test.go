package search

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParse: words in any inflection become the analyser's stems, typed without the Danish
// letters too; a word ending in * is a prefix; stop words and repeats go.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []Term
	}{
		{"klimaplanerne", []Term{{"klimaplan", false}}},
		{"Klimaplan", []Term{{"klimaplan", false}}},
		{"grøn omstilling", []Term{{"groen", false}, {"omstilling", false}}},
		{"groen omstilling", []Term{{"groen", false}, {"omstilling", false}}},
		{"klima*", []Term{{"klima", true}}},
		{"madspild og madspildet", []Term{{"madspild", false}}},
		{`"cirkulær emballage"`, []Term{{"cirkula", false}, {"emballag", false}}},
		{"og i *", nil},
		{"", nil},
	} {
		if diff := cmp.Diff(c.want, Parse(c.q).Terms); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", c.q, diff)
		}
	}
	if q := Parse("a b c d e f g h i j k l m n o p q r s t u v x y z æ ø å aa bb cc dd ee ff gg hh ii jj kk ll mm"); len(q.Terms) != MaxTerms {
		t.Errorf("%d terms, want at most %d", len(q.Terms), MaxTerms)
	}
}

// TestEngineSyntax: the terms as FTS5 and tsquery write them: a prefix, a term long enough
// to find its compounds too, a short one only itself; with Any, either.
func TestEngineSyntax(t *testing.T) {
	q := Query{Terms: []Term{{"klima", true}, {"plan", false}, {"el", false}}}
	if got := q.FTS5(); got != `"klima"* AND "plan"* AND "el"` {
		t.Errorf("FTS5 = %s", got)
	}
	if got := q.TSQuery(); got != `'klima':* & 'plan':* & 'el'` {
		t.Errorf("TSQuery = %s", got)
	}
	q.Any = true
	if got, want := q.FTS5()+" / "+q.TSQuery(), `"klima"* OR "plan"* OR "el" / 'klima':* | 'plan':* | 'el'`; got != want {
		t.Errorf("Any: %s, want %s", got, want)
	}
}

// TestCompounds: a word found as the start of a compound counts, less than the word itself.
func TestCompounds(t *testing.T) {
	q := Parse("plast")
	st := Stats{Docs: 10, Length: 100, DF: []int64{3}}
	whole := Score(q, Index(Doc{Title: "Fakta om plast"}), st)
	compound := Score(q, Index(Doc{Title: "Fakta om plastaffald"}), st)
	if !(whole > compound && compound > 0) {
		t.Errorf("whole word %v, compound %v", whole, compound)
	}
	if got := Snippet("Om plastaffald", q, 10); got != "Om <mark>plastaffald</mark>" {
		t.Errorf("Snippet = %q", got)
	}
}

// TestScore: a match in the title outranks one in the body, a rarer term weighs more, a
// longer document weighs less, and no match scores 0.
func TestScore(t *testing.T) {
	q := Parse("energitjek")
	st := Stats{Docs: 10, Length: 100, DF: []int64{2}}
	title := Index(Doc{Title: "Energitjek af boliger", Body: "Om huse."})
	body := Index(Doc{Title: "Boliger", Body: "Om energitjek af huse."})
	long := Index(Doc{Title: "Energitjek af boliger", Body: strings.Repeat("huse og haver ", 50)})
	none := Index(Doc{Title: "Madspild"})
	if !(Score(q, title, st) > Score(q, body, st)) {
		t.Errorf("title %v ≤ body %v", Score(q, title, st), Score(q, body, st))
	}
	if !(Score(q, title, st) > Score(q, long, st)) {
		t.Errorf("short %v ≤ long %v", Score(q, title, st), Score(q, long, st))
	}
	rare := Stats{Docs: 10, Length: 100, DF: []int64{1}}
	if !(Score(q, title, rare) > Score(q, title, st)) {
		t.Error("a rarer term does not weigh more")
	}
	if s := Score(q, none, st); s != 0 {
		t.Errorf("no match scores %v", s)
	}
	if s := Score(Parse("klima*"), Index(Doc{Title: "Klimaplanerne"}), Stats{Docs: 1, Length: 3, DF: []int64{1}}); s <= 0 {
		t.Errorf("prefix scores %v", s)
	}
}

// TestSnippet: the snippet is escaped, marks every matching word in any inflection, and cuts
// to the best stretch with ellipses.
func TestSnippet(t *testing.T) {
	q := Parse("madspild")
	got := Snippet("Om <køkkener> & **madspildet** i skolerne.", q, 30)
	if want := "Om &lt;køkkener&gt; &amp; <mark>madspildet</mark> i skolerne."; got != want {
		t.Errorf("Snippet = %q, want %q", got, want)
	}
	long := strings.Repeat("ord ", 100) + "mindre madspild nu " + strings.Repeat("ord ", 100)
	got = Snippet(long, q, 10)
	if !strings.HasPrefix(got, "… ") || !strings.HasSuffix(got, " …") || !strings.Contains(got, "<mark>madspild</mark>") {
		t.Errorf("long Snippet = %q", got)
	}
	if got := Snippet("Groen omstilling", Parse("grøn"), 10); got != "<mark>Groen</mark> omstilling" {
		t.Errorf("folded Snippet = %q", got)
	}
}
