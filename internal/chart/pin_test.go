package chart

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"testing"
)

// TestLineOutputPinned keeps Line's output byte for byte: each representative chart's SVG
// hashes to the recorded value, so that a refactor of Line cannot change a single byte
// unnoticed. A deliberate change of the drawing updates the hashes.
func TestLineOutputPinned(t *testing.T) {
	full := emissionsChart()
	small := full
	small.Meta.Width, small.Meta.Height = 320, 152
	noLabels := full
	noLabels.Baseline = &Reference{Y: 1000}
	noLabels.TargetLabel, noLabels.YLabel = "", ""
	long := LineChart{Meta: Meta{ID: "l", Title: "T"}, ZeroBased: true, Format: pctFormat}
	for i := range 9 {
		s := Series{Name: fmt.Sprint("s", i)}
		for j := range 20 {
			s.Points = append(s.Points, Point{X: fmt.Sprint(2000 + j), Y: float64(i*j%7) - 2})
		}
		long.Series = append(long.Series, s)
	}
	tests := []struct {
		name string
		c    LineChart
		want string
	}{
		{"full", full, "cd0db802524b2aed"},
		{"small", small, "0962ed5c428b0314"},
		{"unlabelled baseline", noLabels, "90ead8a1fe07513f"},
		{"long series", long, "1a5fb7ce2b1516b0"},
		{"categorical", LineChart{Meta: Meta{ID: "cat", Title: "T", Desc: "D"},
			Series: []Series{{Name: "s", Points: []Point{{"jan", 1}, {"feb", 2}, {"mar", -1}}}}}, "b148c2e81cdc487b"},
		{"targets only", LineChart{Meta: Meta{ID: "t", Title: "G", NoData: "Ingen målinger endnu"},
			Targets: []Target{{X: "2025", Y: 50}, {X: "2030", Y: 100, Label: "100 %"}}, TargetLabel: "Mål"}, "4806f0e410f71a28"},
		{"one target after data", LineChart{Meta: Meta{ID: "o", Title: "O"},
			Series: []Series{{Name: "a", Points: years(2020, 5, 4)}}, Targets: []Target{{X: "2025", Y: 1}}}, "d8510eaaa545b0fc"},
		{"nothing", LineChart{Meta: Meta{ID: "e", Title: "T", Desc: "D", NoData: "Ingen data"}}, "b8f3b10f7221f153"},
	}
	for _, tt := range tests {
		sum := sha256.Sum256([]byte(Line(tt.c)))
		if got := hex.EncodeToString(sum[:8]); got != tt.want {
			t.Errorf("%s: Line output hash %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestStackedBarsOutputPinned keeps StackedBars' output byte for byte, as
// TestLineOutputPinned does Line's.
func TestStackedBarsOutputPinned(t *testing.T) {
	full := StackedBarChart{
		Meta:       Meta{ID: "sec", Title: "Sektorer", Desc: "Udledning pr. sektor", NoData: "Ingen data", Missing: "–"},
		Categories: []string{"2020", "2021", "2022"},
		Parts:      []string{"Energi", "Transport", "Landbrug", "Arealanvendelse"},
		Values:     [][]float64{{100, 50, 30, -20}, {90, math.NaN(), 30, -25}, {80, 45}},
		NetLabel:   "Netto", XLabel: "År", YLabel: "kt CO₂e", Format: daFormat(0),
	}
	many := StackedBarChart{Meta: Meta{ID: "m", Title: "T", Width: 300, Height: 150}, Parts: []string{"a", "b"}}
	for i := range 30 {
		many.Categories = append(many.Categories, fmt.Sprint("kategori ", i))
		many.Values = append(many.Values, []float64{float64(i%5) - 1, float64(i % 3)})
	}
	tests := []struct {
		name string
		c    StackedBarChart
		want string
	}{
		{"full", full, "e1add5f07229ed67"},
		{"many narrow", many, "cb8fda2d26e3977e"},
		{"nothing", StackedBarChart{Meta: Meta{ID: "e", Title: "T", NoData: "Ingen data"}, Categories: []string{"a"}, Parts: []string{"p"}}, "dd963d6e2110a8fb"},
	}
	for _, tt := range tests {
		sum := sha256.Sum256([]byte(StackedBars(tt.c)))
		if got := hex.EncodeToString(sum[:8]); got != tt.want {
			t.Errorf("%s: StackedBars output hash %s, want %s", tt.name, got, tt.want)
		}
	}
}
