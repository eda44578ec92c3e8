package chart

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// The chart benchmarks render the charts the pages draw, at the sizes national data gives
// them (issue 14: chart rendering measured, not guessed): an indicator's 20 years with its
// five parts, target and baseline; a ranking of 98 municipalities; a stacked account of 20
// years in 9 sectors; and the table beside a chart. docs/BENCHMARKS.md has figures.

func BenchmarkLine(b *testing.B) {
	c := emissionsChart()
	c.Series = nil
	for s := range 6 {
		var vals []float64
		for y := range 20 {
			vals = append(vals, float64(1000-30*y+7*s))
		}
		c.Series = append(c.Series, Series{Name: fmt.Sprintf("Del %d", s), Points: years(2004, vals...)})
	}
	for b.Loop() {
		_ = Line(c)
	}
}

func BenchmarkBars(b *testing.B) {
	c := BarChart{Meta: Meta{ID: "rank", Title: "Udledning pr. indbygger", Desc: "Kommunerne rangeret", Missing: "–"},
		Sort: SortDescending, CategoryLabel: "Kommune", ValueLabel: "ton CO₂e pr. indbygger", Format: daFormat(1)}
	for i := range 98 {
		c.Bars = append(c.Bars, Bar{Label: fmt.Sprintf("Kommune %d", i), Value: float64(i%17) + 0.25*float64(i%5), Highlight: i == 40})
	}
	for b.Loop() {
		_ = Bars(c)
	}
}

func BenchmarkStackedBars(b *testing.B) {
	c := StackedBarChart{Meta: Meta{ID: "acc", Title: "Udledning fordelt på sektorer", Desc: "Udledningen falder", Missing: "–"},
		NetLabel: "Netto", XLabel: "År", YLabel: "ton CO₂e", Format: daFormat(0)}
	for s := range 9 {
		c.Parts = append(c.Parts, fmt.Sprintf("Sektor %d", s))
	}
	for y := range 20 {
		c.Categories = append(c.Categories, fmt.Sprint(2004+y))
		row := make([]float64, len(c.Parts))
		for s := range row {
			row[s] = float64(100 + 10*s - 3*y)
		}
		row[len(row)-1] = -40 // a sink
		c.Values = append(c.Values, row)
	}
	for b.Loop() {
		_ = StackedBars(c)
	}
}

func BenchmarkTable(b *testing.B) {
	t := TableData{Caption: "Udledning pr. år", Corner: "Kommune", Columns: []string{"2019", "2020", "2021", "2022", "2023"}}
	for i := range 98 {
		t.Rows = append(t.Rows, TableRow{Header: fmt.Sprintf("Kommune %d", i), Cells: []string{"1.234,5", "1.200,0", "–", "1.150,2", "1.100,9"}, Highlight: i == 40})
	}
	for b.Loop() {
		_ = Table(t)
	}
}

// TestAppendNumIsTheShortestForm: num writes hundredths as integers; it must give exactly
// what the shortest float form of the rounded value gives (as num did before), for
// negative, tiny, halfway and large values.
func TestAppendNumIsTheShortestForm(t *testing.T) {
	old := func(v float64) string {
		if !finite(v) {
			v = 0
		}
		v = math.Round(v*100) / 100
		if v == 0 {
			v = 0
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	vals := []float64{0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.015, 1.1, -1.1, 12.345, 99.999, 100, -100.01,
		0.1, 0.29, 1e6 + 0.07, 123456789.12, 9.99e12, -9.99e12, 1e15, 1e16 + 2, 1e300, math.NaN(), math.Inf(1), math.Inf(-1)}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		scale := math.Pow(10, float64(r.IntN(14)-3))
		vals = append(vals, (r.Float64()-0.5)*scale)
	}
	for _, v := range vals {
		if got, want := num(v), old(v); got != want {
			t.Fatalf("num(%v) = %q, want %q", v, got, want)
		}
	}
}
