package crossplan

import (
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/coverage"
	"klimaspor/internal/i18n"
)

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  query
		bad   bool
	}{
		{"", query{Group: 7, Base: coverage.BaseAdopted}, false},
		{"gruppe=12&grundlag=alle", query{Group: 12, Base: coverage.BaseAll}, false},
		{"gruppe=p3", query{Project: 3, Base: coverage.BaseAdopted}, false},
		{"dato=01-06-2023", query{Group: 7, Base: coverage.BaseAdopted, Day: "2023-06-01", DateText: "01-06-2023"}, false},
		{"dato=1.6.2023", query{Group: 7, Base: coverage.BaseAdopted, Day: "2023-06-01", DateText: "1.6.2023"}, false},
		{"dato=2023-06-01", query{Group: 7, Base: coverage.BaseAdopted, Day: "2023-06-01", DateText: "2023-06-01"}, false},
		{"dato=31-02-2023", query{}, true},
		{"dato=2023-6", query{}, true},
		{"grundlag=vedtagne", query{}, true},
		{"gruppe=0", query{}, true},
		{"gruppe=p", query{}, true},
	} {
		v, _ := url.ParseQuery(tc.query)
		got, err := parseQuery(v, 7)
		if (err != nil) != tc.bad {
			t.Errorf("%q: error %v, want bad %v", tc.query, err, tc.bad)
			continue
		}
		if !tc.bad && got != tc.want {
			t.Errorf("%q: %+v, want %+v", tc.query, got, tc.want)
		}
	}
	// The links carry the query back: the date as ISO, the base by its Danish name.
	q := query{Project: 3, Base: coverage.BaseAll, Day: "2023-06-01"}
	if got := q.values().Encode(); got != "dato=2023-06-01&grundlag=alle&gruppe=p3" {
		t.Errorf("values: %s", got)
	}
}

func TestPoints(t *testing.T) {
	da, en := i18n.Localizer{Lang: i18n.Danish}, i18n.Localizer{Lang: i18n.English}
	for _, tc := range []struct {
		diff   float64
		da, en string
	}{
		{0.58 - 0.5, "+8 procentpoint", "+8 percentage points"},
		{15.0/26 - 0.58, "0 procentpoint", "0 percentage points"},   // 57.7 % computed beside 58 % published: rounds to no difference, no sign
		{20.0/26 - 0.77, "0 procentpoint", "0 percentage points"},   // 76.9 % beside 77 %
		{24.0/26 - 0.88, "+4 procentpoint", "+4 percentage points"}, // 92.3 % beside 88 %
		{0, "0 procentpoint", "0 percentage points"},
		{-0.125, "−13 procentpoint", "−13 percentage points"},
	} {
		if got := points(da, tc.diff); got != tc.da {
			t.Errorf("%v da: %q, want %q", tc.diff, got, tc.da)
		}
		if got := points(en, tc.diff); got != tc.en {
			t.Errorf("%v en: %q, want %q", tc.diff, got, tc.en)
		}
	}
}

// TestBuildOverviewWithPublished: a theme with a published figure shows it with its source,
// date and difference, in the table, the chart (computed and published side by side) and the
// file; a theme with neither count nor figure is left out.
func TestBuildOverviewWithPublished(t *testing.T) {
	l := i18n.Localizer{Lang: i18n.Danish}
	food := coverage.Theme{ID: 2, Parent: 1, Code: "waste.food", NameDA: "Madspild"}
	themes := []coverage.Theme{{ID: 1, Code: "waste", NameDA: "Affald"}, food, {ID: 3, Code: "empty", NameDA: "Tomt"}}
	tree := coverage.NewTree(themes)
	members := make([]int64, 26)
	st := coverage.State{Adopted: map[int64]bool{}, Member: map[int64]int64{}}
	for i := range members {
		members[i] = int64(100 + i)
		st.Adopted[members[i]] = true
		st.Member[int64(1000+i)] = members[i]
		if i < 15 { // 15 of 26 have food waste: 57.7 %
			st.Counting = append(st.Counting, coverage.Action{ID: int64(i + 1), Plan: int64(1000 + i), Published: true, Themes: []int64{2}})
		}
	}
	st.Members = members
	pub := map[int64][]coverage.Published{2: {{Share: 0.58, Source: "Ea Energianalyse", Date: "2023-06-01", Base: coverage.BaseAdopted}}}
	g := gathered{Query: query{Group: 9, Base: coverage.BaseAdopted}, Members: members, Tree: tree, State: st,
		Result: coverage.Compute(st, tree, coverage.BaseAdopted, pub)}
	d := buildOverview(l, g, names{}, true, "/paa-tvaers")
	if d.Headline != "26 af 26 kommuner tælles med" {
		t.Errorf("headline %q", d.Headline)
	}
	if len(d.Rows) != 2 || d.Rows[0].Name != "Affald" || d.Rows[1].Name != "Madspild" || !d.Rows[1].Sub || d.Rows[1].Parent != "Affald" {
		t.Fatalf("rows %+v", d.Rows)
	}
	r := d.Rows[1]
	want := published{Share: "58" + i18n.NBSP + "%", Source: "Ea Energianalyse", Date: "1. juni 2023", Difference: "0 procentpoint"}
	if r.Count != "15" || r.Share != "58"+i18n.NBSP+"%" || len(r.Published) != 1 || r.Published[0] != want {
		t.Errorf("food waste row %+v", r)
	}
	if r.Href != "/paa-tvaers/tema/2?grundlag=vedtaget&gruppe=9" {
		t.Errorf("href %q", r.Href)
	}
	x := themesExport(l, d)
	if len(x.Rows) != 2 {
		t.Fatalf("export has %d rows", len(x.Rows))
	}
	for _, bar := range []string{"Affald – beregnet", "Madspild – beregnet", "Madspild – offentliggjort"} {
		if !strings.Contains(string(d.Chart), bar) {
			t.Errorf("the chart lacks the bar %q", bar)
		}
	}
}
