package climate_test

import (
	"context"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/emissions"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// org is the demo organisation with the code.
func org(t *testing.T, db *store.DB, code string) model.Organisation {
	t.Helper()
	return model.AsOrganisation(sitetest.OneOf(t, db, model.Organisations, map[string]string{"code": code}))
}

// total2023 is the organisation's 2023 total in the newest release, as the store sums it.
func total2023(t *testing.T, db *store.DB, id int64) float64 {
	t.Helper()
	inv, err := db.Inventory(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range inv.Years {
		if y.Year == 2023 {
			return y.TotalTCO2e
		}
	}
	t.Fatalf("organisation %d has no 2023 accounts", id)
	return 0
}

// TestAccountsPagesRenderInBothLanguages: each page answers in Danish and English, keeps the
// rules of every page, and draws each chart with its table alternative.
func TestAccountsPagesRenderInBothLanguages(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	for _, tc := range []struct {
		path   string
		h1     map[string]string
		charts int // SVG charts, each followed by its table in a disclosure (a municipality: the sectors, the pathway, the wedges, the footprint and, with spend, the procurement; a region and the nation: the sectors and the footprint)
	}{
		{"/kommuner/101/klimaregnskab", map[string]string{"da": "Klimaregnskab for København", "en": "Climate accounts of Copenhagen"}, 5},
		{"/kommuner/173/klimaregnskab", map[string]string{"da": "Klimaregnskab for Lyngby-Taarbæk", "en": "Climate accounts of Lyngby-Taarbæk"}, 4},
		{"/regioner/1084/klimaregnskab", map[string]string{"da": "Klimaregnskab for Region Hovedstaden", "en": "Climate accounts of Capital Region of Denmark"}, 2},
		{"/danmark/klimaregnskab", map[string]string{"da": "Klimaregnskab for Danmark", "en": "Climate accounts of Denmark"}, 2},
	} {
		for lang, hdr := range map[string]map[string]string{"da": sitetest.ActDA, "en": sitetest.ActEN} {
			t.Run(lang+tc.path, func(t *testing.T) {
				f := sitetest.Fetch(t, ts.URL+tc.path, hdr, "")
				if f.Status != 200 {
					t.Fatalf("status %d", f.Status)
				}
				sitetest.CheckPage(t, f, lang)
				if !strings.Contains(f.Body, tc.h1[lang]) {
					t.Errorf("no %q", tc.h1[lang])
				}
				if n, m := strings.Count(f.Body, `role="img"`), strings.Count(f.Body, `<details class="table-alt">`); n != tc.charts || m != tc.charts {
					t.Errorf("%d charts and %d tables, want %d of each", n, m, tc.charts)
				}
			})
		}
	}
}

// TestCopenhagenAccounts: København's page shows its 2023 total as the store sums it, in
// the reader's locale, its verdict in a sentence with the rule verbatim, its targets with
// their sources, the gap per year, and says plainly that its actions have no effects while
// still drawing the wedge chart (all manko) with its table.
func TestCopenhagenAccounts(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := org(t, s.DB, "101")
	total := total2023(t, s.DB, kbh.ID())
	if total != 867436.9 {
		t.Fatalf("København 2023 = %v in the store; the demo file gives 867436.9", total)
	}
	for _, tc := range []struct {
		lang, total, verdict, rule, noEffects string
		hdr                                   map[string]string
	}{
		{"da", "867.437", "Vurdering: I risiko.", emissions.RuleDA, "Ingen af Københavns indsatser har en forventet effekt", sitetest.ActDA},
		{"en", "867,437", "Verdict: At risk.", emissions.RuleEN, "None of the actions of Copenhagen has an expected effect", sitetest.ActEN},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := sitetest.Fetch(t, ts.URL+"/kommuner/101/klimaregnskab", tc.hdr, "")
			body := html.UnescapeString(f.Body)
			for _, want := range []string{
				"<th scope=\"row\">2023</th>",
				tc.total,
				tc.verdict,
				tc.rule,
				tc.noEffects,
				"Klimaneutral i 2030 (Climate City Contract)",
				"Københavns Kommune, Teknik- og Miljøudvalget 28.04.2025",
				`id="kiler"`,
				"Energi- og CO2-regnskabet 2018–2023",
				"Energistyrelsen",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			// The 2023 row of the figures ends with the total.
			row := regexp.MustCompile(`<tr><th scope="row">2023</th>(?:<td class="num">[^<]*</td>){5}<td class="num">([^<]*)</td></tr>`).FindStringSubmatch(f.Body)
			if row == nil || row[1] != tc.total {
				t.Errorf("2023 row %v, want the total %s", row, tc.total)
			}
			// The gap per year runs from the accounts to the target year, 2030 with the
			// whole latest level as the gap (net zero).
			gap := regexp.MustCompile(`<tr><th scope="row">2030</th><td class="num">–</td><td class="num">0</td><td class="num">([^<]*)</td>`).FindStringSubmatch(f.Body)
			if gap == nil || gap[1] != tc.total {
				t.Errorf("2030 gap %v, want %s", gap, tc.total)
			}
		})
	}
}

// TestNationTotal: the nation's 2023 total is the sum of the 98 municipalities,
// 34,039,453.5 t (issue 12: 34.04 Mt), rounded and written in the reader's locale.
func TestNationTotal(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	if got := total2023(t, s.DB, org(t, s.DB, "DK").ID()); math.Abs(got-34039453.5) > 0.01 {
		t.Fatalf("the store's national 2023 total %v", got)
	}
	for _, tc := range []struct {
		hdr  map[string]string
		want string
	}{{sitetest.ActDA, "34.039.454"}, {sitetest.ActEN, "34,039,454"}} {
		f := sitetest.Fetch(t, ts.URL+"/danmark/klimaregnskab", tc.hdr, "")
		if !regexp.MustCompile(`<th scope="row">2023</th>(<td class="num">[^<]*</td>){5}<td class="num">` + regexp.QuoteMeta(tc.want) + `</td>`).MatchString(f.Body) {
			t.Errorf("the nation's 2023 row does not end in %s", tc.want)
		}
	}
}

var rankRow = regexp.MustCompile(`<tr><td class="num">([^<]*)</td><th scope="row"><a href="(/kommuner/(\d+)/klimaregnskab)">[^<]*</a></th><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>`)

// danish reads a number as the Danish pages write it.
func danish(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.NewReplacer(".", "", ",", ".", "−", "-").Replace(s), 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return v
}

// TestRankingPerInhabitant: a region's and the nation's municipalities are ranked by 2023
// emissions per inhabitant, highest first, each linked to its accounts page, the figure
// the municipality's total over its population (København hand-checked), and the page says
// which year's population it divides by.
func TestRankingPerInhabitant(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := org(t, s.DB, "101")
	pop, ok := kbh.LatestPopulation()
	if !ok {
		t.Fatal("København has no population")
	}
	kbhPer := i18n.For(i18n.Danish).Number(total2023(t, s.DB, kbh.ID())/float64(pop.Value), 1) // 867,436.9 / 632,340
	for _, tc := range []struct {
		path string
		n    int
	}{{"/regioner/1084/klimaregnskab", 29}, {"/danmark/klimaregnskab", 98}} {
		t.Run(tc.path, func(t *testing.T) {
			f := sitetest.Fetch(t, ts.URL+tc.path, sitetest.ActDA, "")
			rows := rankRow.FindAllStringSubmatch(f.Body, -1)
			if len(rows) != tc.n {
				t.Fatalf("%d ranked municipalities, want %d", len(rows), tc.n)
			}
			prev := math.Inf(1)
			for i, r := range rows {
				if r[1] != strconv.Itoa(i+1) {
					t.Errorf("row %d has rank %s", i+1, r[1])
				}
				per := danish(t, r[7])
				if per > prev {
					t.Errorf("row %d (%s): %v per inhabitant after %v", i+1, r[3], per, prev)
				}
				prev = per
				if r[3] == "101" && r[7] != kbhPer {
					t.Errorf("København: %s per inhabitant, want %s", r[7], kbhPer)
				}
				if r[6] != strconv.FormatInt(pop.Year, 10) {
					t.Errorf("%s: population of %s", r[3], r[6])
				}
			}
			if !strings.Contains(f.Body, "befolkningstal fra "+strconv.FormatInt(pop.Year, 10)) {
				t.Error("the page does not say which year's population it divides by")
			}
			if !strings.Contains(f.Body, `href="/kommuner/101/klimaregnskab"`) && tc.n > 0 {
				t.Error("no link to København's accounts")
			}
		})
	}
}

// TestExports: the sector table and the ranking download as CSV with the figures the page
// shows, to the tenth of a tonne; XLSX answers too; a list the page has not is a 404.
func TestExports(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	f := sitetest.Fetch(t, ts.URL+"/kommuner/101/klimaregnskab", sitetest.ActDA, "")
	links := sitetest.ExportLinks(t, f.Body)
	if links["sektorer.csv"] == "" || links["sektorer.xlsx"] == "" {
		t.Fatalf("export links %v", links)
	}
	csv := sitetest.Fetch(t, ts.URL+links["sektorer.csv"], sitetest.ActDA, "")
	recs := sitetest.ReadCSV(t, csv.Body, ';')
	if len(recs) != 7 || strings.Join(recs[0], "|") != "År|Energi|Transport|Landbrug|Affald og spildevand|Industriprocesser|I alt" {
		t.Fatalf("CSV %v", recs)
	}
	if last := recs[6]; last[0] != "2023" || last[6] != "867436,9" || last[3] != "-1069,1" {
		t.Errorf("2023 row %v", last)
	}
	x := sitetest.Fetch(t, ts.URL+links["sektorer.xlsx"], sitetest.ActDA, "")
	if x.Status != 200 || x.Header.Get("Content-Type") != sitetest.XLSXType {
		t.Errorf("XLSX: %d %s", x.Status, x.Header.Get("Content-Type"))
	}

	f = sitetest.Fetch(t, ts.URL+"/danmark/klimaregnskab", sitetest.ActEN, "")
	links = sitetest.ExportLinks(t, f.Body)
	csv = sitetest.Fetch(t, ts.URL+links["rangering.csv"], sitetest.ActEN, "")
	recs = sitetest.ReadCSV(t, csv.Body, ',')
	if len(recs) != 99 || recs[0][1] != "Municipality" || recs[1][0] != "1" {
		t.Fatalf("ranking CSV: %d rows, first %v %v", len(recs), recs[0], recs[min(1, len(recs)-1)])
	}
	if nf := sitetest.Fetch(t, ts.URL+"/kommuner/101/klimaregnskab?eksport=rangering&format=csv", sitetest.ActDA, ""); nf.Status != 404 {
		t.Errorf("a municipality's ranking: %d, want 404", nf.Status)
	}
}

// TestNoUsableTarget: a municipality whose only target cannot be used (a 1990 base before
// the accounts, its emissions not entered) or that has none says why there is no pathway,
// and still shows its accounts.
func TestNoUsableTarget(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	dropTargets := func(o model.Organisation) {
		pg, err := s.DB.List(ctx, model.EmissionTargets, model.ListQuery{Filters: map[string]string{"organisation": strconv.FormatInt(o.ID(), 10)}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range pg.Items {
			if err := s.DB.Delete(ctx, model.EmissionTargets, r.ID(), model.AsEmissionTarget(r).Version()); err != nil {
				t.Fatal(err)
			}
		}
	}
	albertslund, frederiksberg := org(t, s.DB, "165"), org(t, s.DB, "147")
	dropTargets(albertslund)
	dropTargets(frederiksberg)
	sitetest.MustCreate(t, s.DB, ctx, model.EmissionTargets, model.Record{"organisation_id": albertslund.ID(), "base_year": int64(1990),
		"target_year": int64(2030), "reduction_pct": 70.0, "boundary": "territorial", "label": "70 % i 2030 i forhold til 1990", "source": "Test"})
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"165", []string{"Regnskabet har intet tal for basisåret 1990", "Der kan ikke tegnes en reduktionssti: intet af kommunens mål", "70 % i 2030 i forhold til 1990"}},
		{"147", []string{"Kommunen har ingen reduktionsmål registreret.", "Der kan ikke tegnes en reduktionssti: kommunen har intet reduktionsmål."}},
	} {
		f := sitetest.Fetch(t, ts.URL+"/kommuner/"+tc.code+"/klimaregnskab", sitetest.ActDA, "")
		if f.Status != 200 {
			t.Fatalf("%s: status %d", tc.code, f.Status)
		}
		sitetest.CheckPage(t, f, "da")
		for _, want := range append(tc.want, `<th scope="row">2023</th>`) {
			if !strings.Contains(html.UnescapeString(f.Body), want) {
				t.Errorf("%s lacks %q", tc.code, want)
			}
		}
		if strings.Contains(f.Body, `id="kiler"`) {
			t.Errorf("%s draws wedges without a pathway", tc.code)
		}
	}
}

// TestReleasesAndDifference: with a second release the page offers a choice of release and
// a comparison; the difference table is the shown release minus the other, per year and
// sector, and downloads; a release id that is not a number is a 400, one that names no
// release a 404.
func TestReleasesAndDifference(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh := org(t, s.DB, "101")
	first, err := s.DB.Release(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A recalculation of København's 2022 and 2023: 1,000 t more energy, all else as before.
	inv, err := s.DB.Inventory(ctx, kbh.ID(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	var vals []store.EmissionValue
	for _, y := range inv.Years[len(inv.Years)-2:] {
		for _, sec := range y.Sectors {
			v := sec.TCO2e
			if sec.Sector == "energi" {
				v += 1000
			}
			vals = append(vals, store.EmissionValue{OrganisationID: kbh.ID(), Year: y.Year, Sector: sec.Sector, TCO2e: v})
		}
	}
	second, err := s.DB.AddRelease(ctx, store.Release{Name: "Genberegning 2026", Vintage: "2026-11-30", Source: "Test"}, vals)
	if err != nil {
		t.Fatal(err)
	}
	base := ts.URL + "/kommuner/101/klimaregnskab"
	f := sitetest.Fetch(t, base, sitetest.ActDA, "")
	if !strings.Contains(f.Body, `<select id="udgivelse" name="udgivelse">`) || !strings.Contains(f.Body, "Genberegning 2026") {
		t.Error("no release selector with the new release")
	}
	if !strings.Contains(f.Body, "<th scope=\"row\">2023</th><td class=\"num\">543.431</td>") {
		t.Error("the newest release is not the one shown")
	}
	q := "?udgivelse=" + strconv.FormatInt(second.ID, 10) + "&sammenlign=" + strconv.FormatInt(first.ID, 10)
	f = sitetest.Fetch(t, base+q, sitetest.ActDA, "")
	sitetest.CheckPage(t, f, "da")
	diff := regexp.MustCompile(`(?s)Forskel i ton CO2e: Genberegning 2026 minus Energi- og CO2-regnskabet 2018–2023</caption>.*?</table>`).FindString(f.Body)
	for _, want := range []string{`<th scope="row">2022</th><td class="num">1.000</td><td class="num">0</td>`, `<th scope="row">2023</th><td class="num">1.000</td>`} {
		if !strings.Contains(diff, want) {
			t.Errorf("difference table lacks %s:\n%s", want, diff)
		}
	}
	if strings.Contains(diff, `<th scope="row">2021</th>`) {
		t.Error("the difference has a year only one release has")
	}
	links := sitetest.ExportLinks(t, f.Body)
	recs := sitetest.ReadCSV(t, sitetest.Fetch(t, ts.URL+links["forskel.csv"], sitetest.ActDA, "").Body, ';')
	if len(recs) != 3 || recs[1][1] != "1000,0" && recs[1][1] != "1000" {
		t.Errorf("difference CSV %v", recs)
	}
	for _, tc := range []struct {
		query  string
		status int
	}{{"?udgivelse=abc", 400}, {"?udgivelse=999999", 404}, {"?sammenlign=-1", 400}} {
		if got := sitetest.Fetch(t, base+tc.query, sitetest.ActDA, "").Status; got != tc.status {
			t.Errorf("%s: %d, want %d", tc.query, got, tc.status)
		}
	}
	if got := sitetest.Fetch(t, ts.URL+"/kommuner/999/klimaregnskab", sitetest.ActDA, "").Status; got != 404 {
		t.Errorf("an unknown municipality: %d", got)
	}
}

// TestLinks: the municipality page links to its accounts, the front page to the region's
// and the nation's totals.
func TestLinks(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	for path, want := range map[string][]string{
		"/kommuner/101": {`href="/kommuner/101/klimaregnskab"`},
		"/":             {`href="/regioner/1084/klimaregnskab"`, `href="/danmark/klimaregnskab"`},
	} {
		f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, "")
		for _, w := range want {
			if !strings.Contains(f.Body, w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
	}
}

// TestExampleTargetMarked: a municipality the sources give no target of its own shows the
// demo's example target marked as an example, and its pathway to it.
func TestExampleTargetMarked(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	f := sitetest.Fetch(t, ts.URL+"/kommuner/185/klimaregnskab", sitetest.ActDA, "") // Tårnby: none in the sources
	body := html.UnescapeString(f.Body)
	for _, want := range []string{"Eksempel: klimaneutral i 2050", `<span class="badge">Eksempel</span>`, "Vurdering:", `id="kiler"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Tårnby's page lacks %q", want)
		}
	}
}

// TestDraftActionsAreNotWedges: an action of a draft plan, with an expected effect, is a
// wedge for the municipality's people who see the draft and for nobody else.
func TestDraftActionsAreNotWedges(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := org(t, s.DB, "101")
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	ctx := sitetest.AsPerson(t, s.DB, editor)
	plan := sitetest.MustCreate(t, s.DB, ctx, model.Plans, model.Record{"code": "UDKAST-101", "organisation_id": kbh.ID(), "kind": "strategy",
		"title": "Hemmelig strategi", "status": "draft"})
	sitetest.MustCreate(t, s.DB, ctx, model.Actions, model.Record{"plan_id": plan.ID(), "organisation_id": kbh.ID(), "title": "Hemmelig indsats",
		"sector": "energy", "status": "in_progress", "published": true, "effect_t_co2e": 5000.0, "effect_start_year": int64(2026)})
	for _, who := range []struct {
		name   string
		header map[string]string
		sees   bool
	}{{"the public", sitetest.ActDA, false}, {"Copenhagen's editor", editor, true}} {
		f := sitetest.Fetch(t, ts.URL+"/kommuner/101/klimaregnskab", who.header, "")
		if f.Status != 200 {
			t.Fatalf("%s: status %d", who.name, f.Status)
		}
		if shown := strings.Contains(f.Body, "Hemmelig indsats"); shown != who.sees {
			t.Errorf("%s sees the draft's action as a wedge: %v, want %v", who.name, shown, who.sees)
		}
		if plainly := strings.Contains(f.Body, "Ingen af Københavns indsatser har en forventet effekt"); plainly == who.sees {
			t.Errorf("%s: the page says no action has an effect: %v", who.name, plainly)
		}
	}
}
