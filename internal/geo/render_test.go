package geo

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamples writes sample maps to $GEO_SAMPLES_DIR for visual checks.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("GEO_SAMPLES_DIR")
	if dir == "" {
		t.Skip("GEO_SAMPLES_DIR not set")
	}
	for name, codes := range map[string][]string{"denmark": nil, "capital": CapitalRegionCodes()} {
		o := sampleOptions(codes)
		svg, err := Choropleth(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".svg"), []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", name, len(svg))
	}
}
