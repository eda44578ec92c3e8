package public_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/web"
	"klimaspor/internal/web/public"
	"klimaspor/internal/web/sitetest"
)

// TestMunicipalityPageShortensLongSectors: a sector with more actions than
// public.MaxSectorActions shows the first ones and links to the rest in the actions list.
func TestMunicipalityPageShortensLongSectors(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	page := sitetest.Fetch(t, ts.URL+"/kommuner/101", map[string]string{"Accept-Language": "da"}, "")
	sitetest.CheckPage(t, page, "da")
	more := regexp.MustCompile(`<a href="/indsatser\?organisation=\d+&amp;sector=energy">Se alle (\d+) indsatser inden for Energi</a>`).FindStringSubmatch(page.Body)
	if more == nil {
		t.Fatalf("København's energy actions (16 in the demo) are not cut short with a link to the rest")
	}
	if more[1] != "16" {
		t.Errorf("the link promises %s actions, want 16", more[1])
	}
	energy := page.Body[strings.Index(page.Body, "<h3>Energi</h3>"):]
	energy = energy[:strings.Index(energy, "</table>")]
	if n := strings.Count(energy, `<th scope="row">`); n != public.MaxSectorActions {
		t.Errorf("the energy table has %d rows, want %d", n, public.MaxSectorActions)
	}
}

// muniIndicatorsSection is the page's section of indicators.
func muniIndicatorsSection(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `<section aria-labelledby="noegletal">`)
	if i < 0 {
		t.Fatal("the page has no section of indicators")
	}
	sec := body[i:]
	return sec[:strings.Index(sec, "</section>")]
}

// muniIndicatorCard is one indicator's card in the section, found by its code.
func muniIndicatorCard(t *testing.T, section, code string) string {
	t.Helper()
	i := strings.Index(section, `<h3><a href="/noegletal/`+code+`?`)
	if i < 0 {
		t.Fatalf("the section has no indicator %s", code)
	}
	card := section[i:]
	return card[:strings.Index(card, "</article>")]
}

// TestMunicipalityPageIndicators: København lists its indicators with the latest value in the
// reader's locale, a small chart with its table, and a link to the indicator's page.
func TestMunicipalityPageIndicators(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	for _, c := range []struct{ lang, heading, latest, noTarget string }{
		{"da", `<h2 id="noegletal">Nøgletal</h2>`, "<dd>867.436,9 (2023)</dd>", "Intet mål"},
		{"en", `<h2 id="noegletal">Indicators</h2>`, "<dd>867,436.9 (2023)</dd>", "No target"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			page := sitetest.Fetch(t, ts.URL+"/kommuner/101", map[string]string{"Accept-Language": c.lang}, "")
			sitetest.CheckPage(t, page, c.lang)
			if len(page.Body) > 150<<10 {
				t.Errorf("København's page is %d bytes, more than 150 KB", len(page.Body))
			}
			if !strings.Contains(page.Body, c.heading) {
				t.Fatalf("no heading %s", c.heading)
			}
			if a, b := strings.Index(page.Body, `id="indsatser"`), strings.Index(page.Body, `id="noegletal"`); a > b {
				t.Error("the indicators come before the actions")
			}
			sec := muniIndicatorsSection(t, page.Body)
			card := muniIndicatorCard(t, sec, "co2e_total_t")
			for _, want := range []string{`<a href="/noegletal/co2e_total_t?organisation=101">`, c.latest, "t CO2e",
				`class="chart chart--line"`, `<details class="table-alt">`, c.noTarget, "Energistyrelsen"} {
				if !strings.Contains(card, want) {
					t.Errorf("the card of co2e_total_t lacks %q", want)
				}
			}
			if n := strings.Count(sec, "<article"); n < 3 || n > public.MaxMuniIndicators {
				t.Errorf("the section has %d indicators", n)
			}
		})
	}
}

// TestMunicipalityPageSOSUIndicators: a municipality with SOSU values shows those indicators,
// in the section of other agreements (model.OtherAgreementIndicators).
func TestMunicipalityPageSOSUIndicators(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	page := sitetest.Fetch(t, ts.URL+"/kommuner/147", map[string]string{"Accept-Language": "da"}, "")
	sitetest.CheckPage(t, page, "da")
	i := strings.Index(page.Body, `<section aria-labelledby="andre-aftaler">`)
	if i < 0 {
		t.Fatal("no section of other agreements")
	}
	sec := page.Body[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	for _, code := range []string{"sosu_helper_places", "sosu_assistant_places"} {
		card := muniIndicatorCard(t, sec, code)
		if !strings.Contains(card, `?organisation=147">`) || !strings.Contains(card, "(2023)</dd>") || !strings.Contains(card, "<svg") {
			t.Errorf("the card of %s lacks its link, latest value or chart:\n%s", code, card)
		}
	}
	if a, b := strings.Index(sec, "SOSU-assistent"), strings.Index(sec, "SOSU-hjælper"); a > b {
		t.Error("the indicators are not in the order of their Danish names")
	}
}

// TestMunicipalityPageIndicatorProgress: an indicator with a baseline and targets shows the
// progress from the baseline toward the target as a bar with its percentage.
func TestMunicipalityPageIndicatorProgress(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	pg, err := s.DB.List(ctx, model.Indicators, model.ListQuery{Filters: map[string]string{"code": "co2e_total_t"}, Limit: 1})
	if err != nil || len(pg.Items) != 1 {
		t.Fatalf("find co2e_total_t: %v", err)
	}
	ind := pg.Items[0]
	ver, _ := ind.Int("version")
	// From 1.000.000 t in 2018 toward 0 t: København's 867.436,9 t in 2023 is 13 % of the way.
	patch := model.Record{"baseline_value": 1000000.0, "baseline_year": int64(2018), "targets": []model.Target{{Year: 2025, Value: 500000}, {Year: 2100, Value: 0}}}
	if _, err := s.DB.Update(ctx, model.Indicators, ind.ID(), ver, patch); err != nil {
		t.Fatal(err)
	}
	page := sitetest.Fetch(t, ts.URL+"/kommuner/101", map[string]string{"Accept-Language": "da"}, "")
	sitetest.CheckPage(t, page, "da")
	card := muniIndicatorCard(t, muniIndicatorsSection(t, page.Body), "co2e_total_t")
	for _, want := range []string{`class="chart chart--progress"`, "af vejen fra basisværdien 1.000.000 mod målet 0 i 2100", `class="chart-progress-text">13`} {
		if !strings.Contains(card, want) {
			t.Errorf("the card lacks %q:\n%s", want, card)
		}
	}
	if strings.Contains(card, "Intet mål") {
		t.Error("the card says there is no target")
	}
}

// TestSOSUApartFromClimate: the SOSU apprenticeship places are kept, but a municipality's
// page shows them under "Andre aftaler", apart from its climate indicators (issue 10, 10).
func TestSOSUApartFromClimate(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	ind := model.AsIndicator(sitetest.OneOf(t, s.DB, model.Indicators, map[string]string{"code": "sosu_helper_places"}))
	vals, err := s.All(ctx, model.IndicatorValues, map[string]string{"indicator": strconv.FormatInt(ind.ID(), 10), "breakdown": ""})
	if err != nil || len(vals) == 0 {
		t.Fatalf("SOSU values: %d, %v", len(vals), err)
	}
	org := model.AsOrganisation((must(s.DB.Get(ctx, model.Organisations, model.AsIndicatorValue(vals[0]).OrganisationID()))))
	f := sitetest.Fetch(t, ts.URL+"/kommuner/"+org.Code(), sitetest.ActDA, "")
	sitetest.CheckPage(t, f, "da")
	link := `<a href="/noegletal/sosu_helper_places?organisation=` + org.Code() + `">`
	climate, other := strings.Index(f.Body, `<h2 id="noegletal">`), strings.Index(f.Body, `<h2 id="andre-aftaler">Andre aftaler</h2>`)
	at := strings.Index(f.Body, link)
	if climate < 0 || other < climate || at < other {
		t.Errorf("%s: SOSU at %d, climate section at %d, other agreements at %d", org.Code(), at, climate, other)
	}
}

func must[T any](x T, err error) T {
	if err != nil {
		panic(err)
	}
	return x
}

// The comparison opened from a municipality's page starts with the municipality's region.
func TestCompareOpensOnTheRegion(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	f := sitetest.Fetch(t, ts.URL+"/kommuner/101", sitetest.ActDA, "")
	if !strings.Contains(f.Body, `<a href="/sammenlign?region=1084">`) {
		t.Fatal("København's page does not open the comparison on Region Hovedstaden")
	}
	c := sitetest.Fetch(t, ts.URL+"/sammenlign?region=1084", sitetest.ActDA, "")
	if !strings.Contains(c.Body, `<option value="1084" selected>`) {
		t.Error("the comparison does not start with the region chosen")
	}
}
