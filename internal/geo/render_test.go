package geo

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamples renders the two sample maps, and writes them to $GEO_SAMPLES_DIR when
// it is set, for a look with an SVG viewer.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("GEO_SAMPLES_DIR")
	if dir == "" {
		dir = t.TempDir()
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
