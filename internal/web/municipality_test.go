package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestMunicipalityPageShortensLongSectors: a sector with more actions than
// maxSectorActions shows the first ones and links to the rest in the actions list.
func TestMunicipalityPageShortensLongSectors(t *testing.T) {
	_, ts := newTestServer(t)
	page := fetch(t, ts.URL+"/kommuner/101", map[string]string{"Accept-Language": "da"}, "")
	checkPage(t, page, "da")
	more := regexp.MustCompile(`<a href="/indsatser\?organisation=\d+&amp;sector=energy">Se alle (\d+) indsatser inden for Energi</a>`).FindStringSubmatch(page.body)
	if more == nil {
		t.Fatalf("København's energy actions (16 in the demo) are not cut short with a link to the rest")
	}
	if more[1] != "16" {
		t.Errorf("the link promises %s actions, want 16", more[1])
	}
	energy := page.body[strings.Index(page.body, "<h3>Energi</h3>"):]
	energy = energy[:strings.Index(energy, "</table>")]
	if n := strings.Count(energy, `<th scope="row">`); n != maxSectorActions {
		t.Errorf("the energy table has %d rows, want %d", n, maxSectorActions)
	}
}
