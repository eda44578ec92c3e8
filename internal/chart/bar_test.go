package chart

import (
	"math"
	"strings"
	"testing"
)

// TestBarsStartAtZero: a bar's length is its value, so every bar starts at the zero line,
// also when all values are far from zero.
func TestBarsStartAtZero(t *testing.T) {
	tests := []struct {
		name string
		vals []float64
	}{
		{"close together", []float64{442, 446, 444}},
		{"all negative", []float64{-442, -446}},
		{"both signs", []float64{-10, 446}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := BarChart{Meta: Meta{ID: "b", Title: "T"}, Format: daFormat(0)}
			for i, v := range tt.vals {
				c.Bars = append(c.Bars, Bar{Label: string(rune('a' + i)), Value: v})
			}
			es := parse(t, string(Bars(c)))
			var zero float64
			for _, e := range es {
				if e.hasClass("chart-zero") {
					zero = atof(strings.TrimPrefix(strings.Split(e.attrs["d"], ",")[0], "M"))
				}
			}
			lens := map[float64]bool{}
			for _, e := range es {
				if !e.hasClass("chart-bar") {
					continue
				}
				x, w := atof(e.attrs["x"]), atof(e.attrs["width"])
				if math.Abs(x-zero) > 0.01 && math.Abs(x+w-zero) > 0.01 {
					t.Errorf("bar [%v, %v] does not start at the zero line %v", x, x+w, zero)
				}
				lens[math.Round(w)] = true
			}
			// 442 and 446 are drawn almost equally long, not one a stub of the other.
			for l := range lens {
				for m := range lens {
					if l > 0 && m > 0 && m/l > 1.1 && tt.name == "close together" {
						t.Errorf("bar lengths %v and %v differ by more than the values do", l, m)
					}
				}
			}
		})
	}
}

// TestBarLabelsWrap: a long category label wraps onto up to three lines instead of being
// cut, and the chart grows to fit.
func TestBarLabelsWrap(t *testing.T) {
	long := "Ladeinfrastruktur og parkering"
	c := BarChart{Meta: Meta{ID: "b", Title: "T"}, Format: pctFormat,
		Bars: []Bar{{Label: long, Value: 40}, {Label: "Affald", Value: 20}}}
	c.Width = 320
	out := string(Bars(c))
	if strings.Contains(out, "…") {
		t.Errorf("a label was cut:\n%s", out)
	}
	es := parse(t, out)
	var lines []string
	for _, e := range es {
		if e.name == "tspan" {
			lines = append(lines, e.text)
		}
	}
	if len(lines) < 2 || len(lines) > 3 || strings.Join(lines, " ") != long {
		t.Errorf("label lines %q, want %q on 2–3 lines", lines, long)
	}
	// Beyond three lines, the third ends with an ellipsis.
	c.Bars[0].Label = strings.Repeat("Ladeinfrastruktur ", 8)
	lines = nil
	for _, e := range parse(t, string(Bars(c))) {
		if e.name == "tspan" {
			lines = append(lines, e.text)
		}
	}
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("very long label lines %q, want 3 ending with …", lines)
	}
}
