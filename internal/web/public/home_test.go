package public_test

import (
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestHomeProjectProgress checks the projects table's indicator progress against the demo
// data: VIP1's approved climate plans are measured (27 of 29, February 2024, 93 %); VIP7's
// plastic target is not measured yet.
func TestHomeProjectProgress(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	for _, c := range []struct {
		Header            map[string]string
		measured, missing string
		caption, share    string
	}{
		{sitetest.ActDA, "Kommuner med en politisk godkendt klimaplan: 27 (februar 2024), mål: 29 i 2022", "ikke målt endnu (mål: 80 i 2030)", "fremdrift på nøgletal", "Madspild og genanvendelse af madaffald"},
		{sitetest.ActEN, "27 (February 2024), target: 29 in 2022", "not measured yet (target: 80 in 2030)", "indicator progress", "Food waste and recycling of food waste"},
	} {
		f := sitetest.Fetch(t, ts.URL+"/", c.Header, "")
		if f.Status != http.StatusOK {
			t.Fatalf("GET /: status %d", f.Status)
		}
		ids := map[string]bool{}
		for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(f.Body, -1) {
			if ids[m[1]] {
				t.Errorf("the id %q is used twice", m[1])
			}
			ids[m[1]] = true
		}
		vip1 := rowOf(t, f.Body, "/projekter/VIP1")
		if !strings.Contains(vip1, c.measured) {
			t.Errorf("VIP1's row lacks %q:\n%s", c.measured, vip1)
		}
		if !regexp.MustCompile(`<svg[^>]*class="chart chart--progress"[^>]*>`).MatchString(vip1) || !strings.Contains(vip1, "93") {
			t.Errorf("VIP1's row has no progress bar at 93 %%:\n%s", vip1)
		}
		if vip7 := rowOf(t, f.Body, "/projekter/VIP7"); !strings.Contains(vip7, c.missing) || strings.Contains(vip7, "<svg") {
			t.Errorf("VIP7's row does not say its indicator is not measured yet:\n%s", vip7)
		}
		if !strings.Contains(f.Body, c.caption) {
			t.Errorf("the projects table's caption does not mention %q", c.caption)
		}
		// The cross-plan shares: KKR's figures, stored for Region Hovedstaden.
		if !ids["temaer"] || !strings.Contains(f.Body, c.share) {
			t.Errorf("the front page lacks the cross-plan shares chart with %q", c.share)
		}
	}
}

// rowOf is the table row that links to href.
func rowOf(t *testing.T, body, href string) string {
	t.Helper()
	m := regexp.MustCompile(`<tr><th scope="row"><a href="` + regexp.QuoteMeta(href) + `">.*?</tr>`).FindString(body)
	if m == "" {
		t.Fatalf("no row links to %s", href)
	}
	return m
}

// TestHomeMapMeasure checks that the map can be coloured by each measure, that the choice is
// a labelled GET form that keeps the chosen measure, and that an unknown measure falls back
// to the default with a message.
func TestHomeMapMeasure(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	for _, c := range []struct {
		query, title, legend string
	}{
		{"", "Udledning af drivhusgasser pr. indbygger 2023", "ton CO2e pr. indbygger"},
		{"?kort=co2-i-alt", "Udledning af drivhusgasser i alt 2023", "ton CO2e"},
		{"?kort=ve-andel", "Selvforsyning med vedvarende el 2023", "procent"},
		{"?kort=indsatser", "Antal indsatser i kommunernes planer", "indsatser"},
	} {
		f := sitetest.Fetch(t, ts.URL+"/"+c.query, sitetest.ActDA, "")
		if f.Status != http.StatusOK {
			t.Fatalf("GET /%s: status %d", c.query, f.Status)
		}
		sitetest.CheckPage(t, f, "da")
		svg := regexp.MustCompile(`(?s)<figure class="figure map">.*?</figure>`).FindString(f.Body)
		if !strings.Contains(svg, "<title") || !strings.Contains(svg, c.title) {
			t.Errorf("%s: the map is not titled %q", c.query, c.title)
		}
		if !strings.Contains(svg, c.legend) {
			t.Errorf("%s: the map's legend lacks its unit %q", c.query, c.legend)
		}
		if n := strings.Count(svg, "</path>"); n < 29 {
			t.Errorf("%s: the map has %d areas, want the region's 29", c.query, n)
		}
		key := strings.TrimPrefix(c.query, "?kort=")
		if key == "" {
			key = "co2-pr-indbygger"
		}
		if !strings.Contains(f.Body, `<option value="`+key+`" selected>`) {
			t.Errorf("%s: the measure %s is not selected in the form", c.query, key)
		}
		if !strings.Contains(f.Body, `<label for="kort-maal">`) || !strings.Contains(f.Body, `<form method="get" action="/#kort"`) {
			t.Errorf("%s: no labelled GET form to choose the measure", c.query)
		}
		if strings.Contains(f.Body, "home.") {
			t.Errorf("%s: a message key shows on the page", c.query)
		}
	}
	// The count of actions: Copenhagen's own count is in the table alternative.
	f := sitetest.Fetch(t, ts.URL+"/?kort=indsatser", sitetest.ActDA, "")
	if !regexp.MustCompile(`København</a></th><td class="num">\d+</td>`).MatchString(f.Body) {
		t.Error("the map's table does not give Copenhagen's number of actions")
	}
	f = sitetest.Fetch(t, ts.URL+"/?kort=findes-ikke", sitetest.ActDA, "")
	if f.Status != http.StatusOK || !strings.Contains(f.Body, "Kortet kan ikke farves efter det valgte mål") || !strings.Contains(f.Body, `<option value="co2-pr-indbygger" selected>`) {
		t.Errorf("an unknown measure: status %d, want the default map with a message", f.Status)
	}
}

// TestHomeMunicipalityTotals: the front page's municipality table ends with a totals row:
// how many have a plan, and the actions of each status summed (issue 10, 10).
func TestHomeMunicipalityTotals(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	f := sitetest.Fetch(t, ts.URL+"/", sitetest.ActDA, "")
	sitetest.CheckPage(t, f, "da")
	i := strings.Index(f.Body, `<h2 id="kommuner">`)
	if i < 0 {
		t.Fatal("no municipality table")
	}
	table := f.Body[i:]
	table = table[:strings.Index(table, "</table>")]
	foot := regexp.MustCompile(`<tfoot><tr><th scope="row">I alt</th><td>(\d+) af (\d+) med plan</td><td class="num">([\d.]+)</td>`).FindStringSubmatch(table)
	if foot == nil {
		t.Fatalf("no totals row:\n%s", table[max(0, len(table)-600):])
	}
	rows := regexp.MustCompile(`<tr><th scope="row"><a href="/kommuner/\d+">[^<]*</a></th><td>.*?</td><td class="num">([\d.]+)</td>`).FindAllStringSubmatch(table, -1)
	sum := 0
	for _, r := range rows {
		n, _ := strconv.Atoi(strings.ReplaceAll(r[1], ".", ""))
		sum += n
	}
	if got, _ := strconv.Atoi(strings.ReplaceAll(foot[3], ".", "")); got != sum || foot[2] != strconv.Itoa(len(rows)) {
		t.Errorf("totals row %v, want %d actions over %d municipalities", foot[1:], sum, len(rows))
	}
}
