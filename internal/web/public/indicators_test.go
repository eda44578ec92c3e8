package public_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// indSection is the part of a page from the element with the given id to the end of its section.
func indSection(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("page has no element with id %q", id)
	}
	rest := body[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// indChartRow matches the row headers and cells of the chart tables (chart.Table) in html.
var indChartRow = regexp.MustCompile(`<tr(?: class="chart-highlight")?><th scope="row">([^<]*)</th><td class="num">([^<]*)</td>`)

// indCompareRowRE matches a row of the comparison page's own table.
var indCompareRowRE = regexp.MustCompile(`<tr><td class="num">(\d+)</td><th scope="row"><a href="/kommuner/(\d+)">([^<]+)</a>(?: <span class="badge">[^<]*</span>)?</th><td class="num">([^<]+)</td></tr>`)

// indDanishNumber parses a number written the Danish way ("1.234,5").
func indDanishNumber(t *testing.T, s string) float64 {
	t.Helper()
	s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	s = strings.ReplaceAll(s, "−", "-")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a Danish number: %q", s)
	}
	return f
}

func TestIndicatorPages(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	da := map[string]string{"Accept-Language": "da-DK,da;q=0.9"}
	en := map[string]string{"Accept-Language": "en-GB,en;q=0.9"}

	t.Run("English pages give units in English", func(t *testing.T) {
		for _, c := range []struct{ path, want, not string }{
			{"/noegletal/sosu_helper_places", "<dt>Unit</dt><dd>apprenticeships</dd>", "<dd>lærepladser</dd>"},
			{"/noegletal/co2e_per_capita_t", "<dt>Unit</dt><dd>t CO2e per inhabitant</dd>", "pr. indbygger</"},
			{"/kommuner/165", `class="chart-axis-title">apprenticeships</text>`, `class="chart-axis-title">lærepladser</text>`},
			{"/projekter/VIP1", `class="chart-axis-title">municipalities</text>`, `class="chart-axis-title">kommuner</text>`},
		} {
			f := sitetest.Fetch(t, ts.URL+c.path, en, "")
			sitetest.CheckPage(t, f, "en")
			if !strings.Contains(f.Body, c.want) || strings.Contains(f.Body, c.not) {
				t.Errorf("%s in English: want %q and not %q", c.path, c.want, c.not)
			}
		}
		// A description written only in Danish says so to screen readers.
		f := sitetest.Fetch(t, ts.URL+"/noegletal/sosu_helper_places", en, "")
		if !strings.Contains(f.Body, `<p class="lead" lang="da">Fordelingen af lærepladser`) {
			t.Error("the Danish description on an English page is not marked lang=da")
		}
	})

	t.Run("SOSU helper places: comparison for 2022 sums and sorts", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/noegletal/sosu_helper_places?period=2022", da, "")
		if f.Status != 200 {
			t.Fatalf("status %d", f.Status)
		}
		sitetest.CheckPage(t, f, "da")
		for _, want := range []string{"<h1>SOSU-hjælper lærepladser</h1>", "Højere er bedre", "lærepladser", `<select id="organisation" name="organisation">`, `<label for="period">`} {
			if !strings.Contains(f.Body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		rows := indChartRow.FindAllStringSubmatch(indSection(t, f.Body, "sammenligning-h"), -1)
		if len(rows) != 29 {
			t.Fatalf("comparison has %d rows, want 29", len(rows))
		}
		if rows[0][1] != "København" || rows[0][2] != "228" {
			t.Errorf("first row %q %q, want København 228", rows[0][1], rows[0][2])
		}
		sum, prev := 0.0, rows[0][2]
		for _, r := range rows {
			v := indDanishNumber(t, r[2])
			if v > indDanishNumber(t, prev) {
				t.Errorf("comparison not sorted: %s after %s", r[2], prev)
			}
			prev = r[2]
			sum += v
		}
		if sum != 853 {
			t.Errorf("comparison sums to %v, want 853", sum)
		}
	})

	t.Run("co2e_total_t for København: 2018-2023 with the source", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/noegletal/co2e_total_t?organisation=101", da, "")
		if f.Status != 200 {
			t.Fatalf("status %d", f.Status)
		}
		sitetest.CheckPage(t, f, "da")
		values := indSection(t, f.Body, "vaerdier")
		for y := 2018; y <= 2023; y++ {
			if !strings.Contains(values, `<tr><th scope="row">`+strconv.Itoa(y)+`</th><td><a href="/kommuner/101">København</a>`) {
				t.Errorf("values lack København %d", y)
			}
		}
		if n := strings.Count(values, "<tr><th scope=\"row\">"); n != 6 {
			t.Errorf("values table has %d rows, want 6", n)
		}
		if !strings.Contains(values, "Energistyrelsen") || !strings.Contains(values, "Sum af delene") {
			t.Error("values lack the Energistyrelsen source or the sum of the parts")
		}
		if strings.Contains(values, "Delene summer ikke") {
			t.Error("a sector breakdown is flagged though the demo's sectors add up")
		}
		if !strings.Contains(f.Body, `<option value="101" selected>København</option>`) {
			t.Error("København is not the chosen organisation")
		}
		// The Energy Agency alone reports its accounts (owner_only): the page says so.
		if !strings.Contains(f.Body, "<dt>Hvem indberetter</dt><dd>Kun ejeren</dd>") {
			t.Error("the page does not say that only the owner reports the accounts")
		}
	})

	t.Run("a joint project's indicator: each organisation reports its own value", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/noegletal/food_waste_public_kitchens", en, "")
		if f.Status != 200 {
			t.Fatalf("status %d", f.Status)
		}
		if !strings.Contains(f.Body, "<dt>Who reports</dt><dd>Each organisation its own value</dd>") {
			t.Error("the page does not say that each organisation reports its own value")
		}
	})

	t.Run("per inhabitant divides by the latest population", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/noegletal/co2e_total_t?period=2023&per=inhabitant", da, "")
		if f.Status != 200 {
			t.Fatalf("status %d", f.Status)
		}
		sitetest.CheckPage(t, f, "da")
		ctx := context.Background()
		kbh, err := s.One(ctx, model.Organisations, map[string]string{"code": "101"})
		if err != nil {
			t.Fatal(err)
		}
		latest, ok := model.AsOrganisation(kbh).LatestPopulation()
		if !ok {
			t.Fatal("København has no population")
		}
		pop := float64(latest.Value)
		ind, err := s.One(ctx, model.Indicators, map[string]string{"code": "co2e_total_t"})
		if err != nil {
			t.Fatal(err)
		}
		total, err := s.One(ctx, model.IndicatorValues, map[string]string{"indicator": strconv.FormatInt(ind.ID(), 10), "organisation": strconv.FormatInt(kbh.ID(), 10), "breakdown": "", "from": "2023", "to": "2023"})
		if err != nil {
			t.Fatal(err)
		}
		want := total["value"].(float64) / pop
		found := false
		for _, r := range indChartRow.FindAllStringSubmatch(indSection(t, f.Body, "sammenligning-h"), -1) {
			if r[1] == "København" {
				found = true
				if got := indDanishNumber(t, r[2]); got < want*0.99 || got > want*1.01 {
					t.Errorf("København per inhabitant %v, want %v", got, want)
				}
			}
		}
		if !found {
			t.Error("København is not in the comparison")
		}
		if !strings.Contains(f.Body, "pr. indbygger") {
			t.Error("the unit does not say per inhabitant")
		}
	})

	t.Run("an indicator code with dots, in English", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/noegletal/plan_share.transport.charging", en, "")
		if f.Status != 200 {
			t.Fatalf("status %d", f.Status)
		}
		sitetest.CheckPage(t, f, "en")
		if !strings.Contains(f.Body, "About the indicator") || !strings.Contains(f.Body, "Values and sources") {
			t.Error("page lacks its English headings")
		}
	})

	t.Run("unknown indicator is 404", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/noegletal/findes_ikke", da, "")
		if f.Status != 404 {
			t.Errorf("status %d, want 404", f.Status)
		}
	})

	t.Run("bad query parameters fall back to the defaults", func(t *testing.T) {
		for _, path := range []string{
			"/noegletal/co2e_total_t?organisation=zz&period=abc&per=x&page=-3", // (a NUL character is refused by every page: TestBadQueriesAnswer400NeverA500)
			"/noegletal/co2e_total_t?page=99999",
			"/noegletal/sosu_helper_places?per=inhabitant&period=1800",
			"/sammenlign?indicator=findes_ikke&year=abc&region=9999&per=y",
			"/sammenlign?indicator=sosu_helper_places&year=2022&per=inhabitant",
		} {
			f := sitetest.Fetch(t, ts.URL+path, da, "")
			if f.Status != 200 {
				t.Errorf("%s: status %d", path, f.Status)
				continue
			}
			sitetest.CheckPage(t, f, "da")
		}
	})

	t.Run("compare: default is every municipality, sorted", func(t *testing.T) {
		for _, tc := range []struct {
			Header map[string]string
			lang   string
		}{{da, "da"}, {en, "en"}} {
			f := sitetest.Fetch(t, ts.URL+"/sammenlign", tc.Header, "")
			if f.Status != 200 {
				t.Fatalf("status %d", f.Status)
			}
			sitetest.CheckPage(t, f, tc.lang)
			if !strings.Contains(f.Body, `<option value="co2e_per_capita_t" selected>`) || !strings.Contains(f.Body, `<option value="2023" selected>2023</option>`) {
				t.Error("the default is not co2e_per_capita_t in 2023")
			}
			rows := indCompareRowRE.FindAllStringSubmatch(f.Body, -1)
			if len(rows) != 98 {
				t.Fatalf("%s: %d rows, want 98", tc.lang, len(rows))
			}
			for i := 1; i < len(rows); i++ {
				a, b := rows[i-1][4], rows[i][4]
				if tc.lang == "da" && indDanishNumber(t, b) > indDanishNumber(t, a) {
					t.Errorf("not sorted: %s after %s", b, a)
				}
			}
			if rows[0][1] != "1" {
				t.Errorf("first rank %s", rows[0][1])
			}
		}
	})

	t.Run("compare: the capital region has 29", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/sammenlign?indicator=sosu_helper_places&year=2022&region=1084", da, "")
		if f.Status != 200 {
			t.Fatalf("status %d", f.Status)
		}
		sitetest.CheckPage(t, f, "da")
		rows := indCompareRowRE.FindAllStringSubmatch(f.Body, -1)
		if len(rows) != 29 {
			t.Fatalf("%d rows, want 29", len(rows))
		}
		if rows[0][3] != "København" || rows[0][4] != "228" || rows[0][2] != "101" {
			t.Errorf("first row %v, want København 228", rows[0][1:])
		}
		f = sitetest.Fetch(t, ts.URL+"/sammenlign?region=1084", da, "")
		if n := len(indCompareRowRE.FindAllStringSubmatch(f.Body, -1)); n != 29 {
			t.Errorf("co2e per capita in the capital region: %d rows, want 29", n)
		}
	})
}

// Chart axes show only the decimals their step needs: no Danish "3,000" (which reads as three
// thousand) or "2.000.000,0" on a municipality's or an indicator's page.
func TestChartTicksHaveNoSuperfluousDecimals(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	tick := regexp.MustCompile(`text-anchor="end" dy="0.35em" font-size="13">([^<]*)</text>`)
	for _, path := range []string{"/kommuner/101", "/kommuner/165", "/noegletal/co2e_per_capita_t?organisation=101", "/projekter/VIP1"} {
		f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, "")
		ticks := tick.FindAllStringSubmatch(f.Body, -1)
		if len(ticks) == 0 {
			t.Errorf("%s: no axis labels found", path)
		}
		for _, m := range ticks {
			if regexp.MustCompile(`,\d*0$`).MatchString(m[1]) {
				t.Errorf("%s: axis label %q has decimals it does not need", path, m[1])
			}
		}
	}
}
