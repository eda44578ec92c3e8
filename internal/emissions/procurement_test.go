package emissions

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestProcurementByHand(t *testing.T) {
	food := SpendFactor{Category: "food", KgCO2ePerDKK: 0.5, Source: "s1", Set: "x", ID: "x:1"}
	it := SpendFactor{Category: "it", KgCO2ePerDKK: 0.2, ValidFrom: 2020, ValidTo: 2025, Source: "s2", Set: "x", ID: "x:2"}
	itOld := SpendFactor{Category: "it", KgCO2ePerDKK: 0.4, ValidTo: 2019, Source: "s3", Set: "x", ID: "x:3"}
	factors := []SpendFactor{food, it, itOld}
	tests := []struct {
		name       string
		year       int
		spend      []Spend
		total      float64
		totalDKK   float64
		byCategory []CategoryTotal
		lineT      []float64
		lineFactor []string
	}{
		{
			// 2,000,000 × 0.5 / 1000 = 1,000 t; 500,000 × 0.2 / 1000 = 100 t.
			name: "food and IT in 2023", year: 2023,
			spend: []Spend{{Category: "food", DKK: 2e6, ID: 7}, {Category: "it", DKK: 5e5, ID: 8}},
			total: 1100, totalDKK: 2.5e6,
			byCategory: []CategoryTotal{{"food", 2e6, 1000}, {"it", 5e5, 100}},
			lineT:      []float64{1000, 100}, lineFactor: []string{"x:1", "x:2"},
		},
		{
			// The older IT factor holds in 2018: 500,000 × 0.4 / 1000 = 200 t.
			name: "the factor valid in the year", year: 2018,
			spend: []Spend{{Category: "it", DKK: 5e5}},
			total: 200, totalDKK: 5e5,
			byCategory: []CategoryTotal{{"it", 5e5, 200}},
			lineT:      []float64{200}, lineFactor: []string{"x:3"},
		},
		{
			// Categories compare without case and spaces and add up as the factor names them:
			// (1,000,000 + 300,000) × 0.5 / 1000 = 650 t.
			name: "categories without case", year: 2023,
			spend: []Spend{{Category: " Food", DKK: 1e6}, {Category: "food", DKK: 3e5}},
			total: 650, totalDKK: 1.3e6,
			byCategory: []CategoryTotal{{"food", 1.3e6, 650}},
			lineT:      []float64{500, 150}, lineFactor: []string{"x:1", "x:1"},
		},
		{
			name: "no spend", year: 2023, total: 0,
		},
		{
			name: "zero spend", year: 2023, spend: []Spend{{Category: "food", DKK: 0}},
			byCategory: []CategoryTotal{{"food", 0, 0}}, lineT: []float64{0}, lineFactor: []string{"x:1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Procurement(tc.year, tc.spend, factors)
			if err != nil {
				t.Fatal(err)
			}
			if !nearly(res.TotalTCO2e, tc.total) || !nearly(res.TotalDKK, tc.totalDKK) || res.Year != tc.year {
				t.Errorf("total %v t, %v DKK, year %d; want %v t, %v DKK", res.TotalTCO2e, res.TotalDKK, res.Year, tc.total, tc.totalDKK)
			}
			if len(res.ByCategory) != len(tc.byCategory) {
				t.Fatalf("by category %+v, want %+v", res.ByCategory, tc.byCategory)
			}
			for i, c := range res.ByCategory {
				w := tc.byCategory[i]
				if c.Category != w.Category || !nearly(c.DKK, w.DKK) || !nearly(c.TCO2e, w.TCO2e) {
					t.Errorf("category %d: %+v, want %+v", i, c, w)
				}
			}
			if len(res.Lines) != len(tc.lineT) {
				t.Fatalf("%d lines, want %d", len(res.Lines), len(tc.lineT))
			}
			for i, l := range res.Lines {
				if l.Index != i || l.SpendID != tc.spend[i].ID || !nearly(l.TCO2e, tc.lineT[i]) || l.Factor.ID != tc.lineFactor[i] || l.Factor.Source == "" {
					t.Errorf("line %d: %+v, want %v t with %s", i, l, tc.lineT[i], tc.lineFactor[i])
				}
			}
		})
	}
}

func nearly(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestProcurementRefusesEveryBadLine(t *testing.T) {
	factors := []SpendFactor{
		{Category: "food", KgCO2ePerDKK: 0.5, Set: "x", ID: "x:1", Source: "s"},
		{Category: "it", KgCO2ePerDKK: 0.2, ValidFrom: 2020, Set: "x", ID: "x:2", Source: "s"},
		{Category: "vehicles", KgCO2ePerDKK: 0.3, Set: "x", ID: "x:3", Source: "s"},
		{Category: "Vehicles", KgCO2ePerDKK: 0.35, ValidFrom: 2023, Set: "x", ID: "x:4", Source: "s"},
	}
	tests := []struct {
		name  string
		year  int
		spend []Spend
		want  []LineError // Line, Field and Code
	}{
		{"a category without a factor", 2023, []Spend{{Category: "food", DKK: 1}, {Category: "construction", DKK: 1}},
			[]LineError{{Line: 1, Field: "spend[1].category", Code: CodeNoFactor}}},
		{"a factor not valid in the year", 2019, []Spend{{Category: "it", DKK: 1}},
			[]LineError{{Line: 0, Field: "spend[0].category", Code: CodeNoFactor}}},
		{"two factors valid in the year", 2023, []Spend{{Category: "vehicles", DKK: 1}},
			[]LineError{{Line: 0, Field: "spend[0].category", Code: CodeAmbiguousFactor}}},
		{"but one the year before", 2022, []Spend{{Category: "vehicles", DKK: 1}}, nil},
		{"every bad line at once", 2023, []Spend{{Category: "", DKK: 1}, {Category: "food", DKK: -5}, {Category: "food", DKK: math.NaN()}, {Category: "fish", DKK: 1}},
			[]LineError{
				{Line: 0, Field: "spend[0].category", Code: CodeRequired},
				{Line: 1, Field: "spend[1].dkk", Code: CodeRange},
				{Line: 2, Field: "spend[2].dkk", Code: CodeRange},
				{Line: 3, Field: "spend[3].category", Code: CodeNoFactor},
			}},
		{"no factors at all", 2023, []Spend{{Category: "food", DKK: 1}},
			[]LineError{{Line: 0, Field: "spend[0].category", Code: CodeNoFactor}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := factors
			if tc.name == "no factors at all" {
				fs = nil
			}
			_, err := Procurement(tc.year, tc.spend, fs)
			var ie *InputError
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an *InputError", err)
			}
			var got []LineError
			for _, le := range ie.Errors {
				if le.Reason == "" {
					t.Errorf("%s has no reason", le.Field)
				}
				got = append(got, LineError{Line: le.Line, Field: le.Field, Code: le.Code})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("errors %+v, want %+v", got, tc.want)
			}
		})
	}
}
