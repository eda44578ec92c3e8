package crossplan

import (
	"net/url"
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
