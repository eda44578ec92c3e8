package geo

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"testing"
)

// TestChoroplethOutputPinned keeps the maps byte for byte: each representative map's SVG
// hashes to the recorded value, so that a refactor of the simplification (groupPaths) or
// the drawing cannot change a single byte unnoticed. A deliberate change of the drawing
// updates the hashes.
func TestChoroplethOutputPinned(t *testing.T) {
	tests := []struct {
		name  string
		codes []string
		width float64
		want  string
	}{
		{"denmark", nil, 0, "604b984fd0f4e8a4"},
		{"denmark narrow", nil, 200, "28a9af06ab01f277"},
		{"denmark with christiansø", append(Codes(), ChristiansoCode), 0, "d123ca482542592d"},
		{"capital", CapitalRegionCodes(), 0, "fe19e71c7bfedfef"},
		{"capital with christiansø", append(CapitalRegionCodes(), "411"), 0, "34dc45f316f389b0"},
		{"two", []string{"0101", "147"}, 0, "a226a16a356874f7"},
		{"one island", []string{"400"}, 120, "7a1cd866c1353289"},
	}
	for _, tt := range tests {
		o := sampleOptions(tt.codes)
		o.Width = tt.width
		out, err := Choropleth(o)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(out))
		if got := hex.EncodeToString(sum[:8]); got != tt.want {
			t.Errorf("%s: Choropleth output hash %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestGroupPathsPinned keeps groupPaths' output byte for byte down to scales where rings
// vanish, so that its fallbacks (the largest unsimplified ring, a dot) are pinned too.
func TestGroupPathsPinned(t *testing.T) {
	tp, err := load()
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{"101", "147", "400", ChristiansoCode, "851"}
	tests := []struct {
		scale float64
		want  string
	}{
		{0.0005, "22782ed3dfd95934"},
		{0.01, "7bcb2cce353718dc"},
		{0.05, "da02b350c61770f1"},
		{0.4, "c1d64ed94eaa3cbb"},
	}
	for _, tt := range tests {
		minX, minY, _, _ := bbox(tp, codes)
		paths := groupPaths(tp, codes, transform{scale: tt.scale, ox: 3, oy: 5, minX: minX, minY: minY})
		keys := make([]string, 0, len(paths))
		for c := range paths {
			keys = append(keys, c)
		}
		sort.Strings(keys)
		h := sha256.New()
		for _, c := range keys {
			h.Write([]byte(c + "=" + paths[c] + "\n"))
		}
		if got := hex.EncodeToString(h.Sum(nil)[:8]); got != tt.want {
			t.Errorf("scale %v: groupPaths hash %s, want %s", tt.scale, got, tt.want)
		}
	}
}
