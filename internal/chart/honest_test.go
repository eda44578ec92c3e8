package chart

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Issue 10 item 8, "Honest charts and numbers": one test per rule.

// TestLineAxisZeroOrMarkedCut: a line's y axis includes zero unless the values vary by less
// than a sixth of their size; then the axis is cut, and the cut is marked on the axis, in
// the description and in the table caption.
func TestLineAxisZeroOrMarkedCut(t *testing.T) {
	tests := []struct {
		name    string
		vals    []float64
		wantCut bool
	}{
		{"442 to 446", []float64{442, 446}, true},
		{"falling by a fifth", []float64{900, 853, 700}, false},
		{"one value", []float64{442}, false},
		{"negative, close together", []float64{-446, -442}, true},
		{"across zero", []float64{-5, 5}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := LineChart{Meta: Meta{ID: "l", Title: "Ladestandere", Desc: "Antallet stiger."},
				Series: []Series{{Name: "s", Points: years(2020, tt.vals...)}}, Format: daFormat(0),
				CutAxisNote: "Y-aksen starter ikke ved 0."}
			out := string(Line(c))
			es := parse(t, out)
			zeroTick := false
			for _, e := range es {
				if e.name == "text" && e.text == "0" {
					zeroTick = true
				}
			}
			marked := count(es, "chart-axis-break") == 1
			desc := strings.Contains(out, "Antallet stiger. Y-aksen starter ikke ved 0.</desc>")
			caption := c.TableData().Caption == "Ladestandere (Y-aksen starter ikke ved 0)"
			if tt.wantCut {
				if !marked || !desc || !caption {
					t.Errorf("cut axis: mark %v, note in desc %v, in caption %v; want all", marked, desc, caption)
				}
				// Even cut, a change of 1 % does not fall across the plot (about 280 high).
				var ys []float64
				for _, e := range es {
					if e.hasClass("chart-point") {
						ys = append(ys, atof(e.attrs["cy"]))
					}
				}
				if len(ys) != 2 || math.Abs(ys[0]-ys[1]) > 40 {
					t.Errorf("points at y %v: the change looks larger than it is", ys)
				}
				return
			}
			if !zeroTick || marked || desc || caption {
				t.Errorf("axis from zero: zero tick %v (want true), mark %v, desc note %v, caption note %v", zeroTick, marked, desc, caption)
			}
		})
	}
}

// TestAxisEndsNearData: the axis ends at most a step beyond the data, and a side that the
// data barely reach ends within a twentieth of the data's span: a land-use sector of
// −1.069 t must not stretch the axis to −100.000 or −500.000.
func TestAxisEndsNearData(t *testing.T) {
	tests := []struct {
		lo, hi float64
	}{
		{-1069, 300000},
		{-1069, 1200000},
		{0, 853},
		{-120, 450},
		{0, 12345},
	}
	for _, tt := range tests {
		ticks, min, max := axisRange(tt.lo, tt.hi, 5)
		step := ticks[1] - ticks[0]
		if min > tt.lo || max < tt.hi {
			t.Errorf("axis [%v, %v] does not enclose the data [%v, %v]", min, max, tt.lo, tt.hi)
		}
		for _, slack := range []float64{tt.lo - min, max - tt.hi} {
			if slack > step/2 && slack > (tt.hi-tt.lo)/20+1e-9 {
				t.Errorf("data [%v, %v]: axis [%v, %v] runs %v past the data (step %v)", tt.lo, tt.hi, min, max, slack, step)
			}
		}
		for _, tk := range ticks {
			if tk < min || tk > max {
				t.Errorf("tick %v outside the axis [%v, %v]", tk, min, max)
			}
		}
	}
	// The sector chart draws that axis: its lowest label is 0, not −100.000.
	c := StackedBarChart{Meta: Meta{ID: "s", Title: "T"}, Categories: []string{"2022"},
		Parts: []string{"Energi", "Arealanvendelse"}, Values: [][]float64{{300000, -1069}}, Format: daFormat(0)}
	for _, e := range parse(t, string(StackedBars(c))) {
		if e.name == "text" && strings.HasPrefix(e.text, "−") {
			t.Errorf("tick label %q below the data's −1.069", e.text)
		}
	}
}

// TestTickLabelsFewestDecimals: tick labels carry the decimals the step needs, not the
// data formatter's: "3", not "3,000" (which reads as three thousand in Danish), and
// "2.000.000", not "2.000.000,0"; Danish three thousand without decimals stays "3.000".
func TestTickLabelsFewestDecimals(t *testing.T) {
	daDecimals := func(v float64, dec int) string { return daFormat(dec)(v) }
	tests := []struct {
		name  string
		f     Formatter
		df    DecimalFormatter
		ticks []float64
		want  []string
	}{
		{"0..3 by ½, formatter of 3 decimals", daFormat(3), nil,
			[]float64{0, 0.5, 1, 1.5, 2, 2.5, 3}, []string{"0", "0,5", "1", "1,5", "2", "2,5", "3"}},
		{"tonnes, formatter of 1 decimal", daFormat(1), nil,
			[]float64{0, 500000, 1000000, 1500000, 2000000}, []string{"0", "500.000", "1.000.000", "1.500.000", "2.000.000"}},
		{"thousands, formatter without decimals", daFormat(0), nil,
			[]float64{0, 1000, 2000, 3000}, []string{"0", "1.000", "2.000", "3.000"}},
		{"negative, formatter of 2 decimals", daFormat(2), nil,
			[]float64{-0.4, -0.2, 0}, []string{"−0,4", "−0,2", "0"}},
		{"percent suffix", func(v float64) string { return daFormat(1)(v) + " %" }, nil,
			[]float64{0, 50, 100}, []string{"0 %", "50 %", "100 %"}},
		{"with a DecimalFormatter", daFormat(0), daDecimals,
			[]float64{0, 0.5, 1}, []string{"0", "0,5", "1"}},
		{"English, formatter of 1 decimal", func(v float64) string {
			return strings.NewReplacer(".", ",", ",", ".").Replace(daFormat(1)(v))
		}, nil, []float64{0, 1000000, 2000000}, []string{"0", "1,000,000", "2,000,000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := tt.f.tickLabels(tt.ticks, tt.df)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tick labels (-want +got):\n%s", diff)
			}
		})
	}
	// And in a chart: a line from 0 to 3 with a formatter of 3 decimals.
	c := LineChart{Meta: Meta{ID: "l", Title: "T"}, Series: []Series{{Name: "s", Points: years(2020, 0, 1.2, 2.9)}}, Format: daFormat(3)}
	for _, e := range parse(t, string(Line(c))) {
		if e.name == "text" && strings.HasSuffix(e.text, ",000") {
			t.Errorf("tick label %q has superfluous decimals", e.text)
		}
	}
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}
