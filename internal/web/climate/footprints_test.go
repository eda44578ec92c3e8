package climate_test

import (
	"context"
	"html"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// section is the page's <section> headed by the id, or "" when there is none.
func section(body, id string) string {
	_, after, ok := strings.Cut(body, `<section aria-labelledby="`+id+`">`)
	if !ok {
		return ""
	}
	s, _, _ := strings.Cut(after, "</section>")
	return s
}

// TestCopenhagenFootprints: København's page shows, after the territorial accounts, its
// consumption-based footprint from the nation's example profile (it has none of its own):
// 12.6 t CO2e per inhabitant (3.1 + 2.5 + 2.5 + 4.5), 12.6 × 632,340 = 7,967,484 t in all,
// with the population's year, the method and the source; and its 2023 procurement footprint
// from the demo's example spend and factors: 500 M DKK food × 0.25 + 1,000 M IT × 0.06 +
// 2,500 M construction × 0.08 + 200 M vehicles × 0.10 + 3,500 M services × 0.02 kg/DKK =
// 125,000 + 60,000 + 200,000 + 20,000 + 70,000 = 475,000 t CO2e for 7,700 M DKK. Each says
// it is not part of the territorial accounts, and both are marked examples.
func TestCopenhagenFootprints(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	pop, ok := org(t, s.DB, "101").LatestPopulation()
	if !ok || pop.Value != 632340 {
		t.Fatalf("København's population %v; the demo gives 632,340", pop)
	}
	popYear := strconv.FormatInt(pop.Year, 10)
	for _, tc := range []struct {
		lang                                  string
		hdr                                   map[string]string
		perPerson, total, population, inherit string
		fpNotPart, prNotPart, prTotal, prDKK  string
		food                                  string // the food row: category, DKK, t, factor
		badge                                 string
	}{
		{"da", sitetest.ActDA, "12,6", "7.967.484", "632.340", "Kommunen har ingen egen profil: tallene pr. indbygger er landsgennemsnittet for 2023.",
			"Aftrykket er ikke en del af det geografiske klimaregnskab ovenfor og lægges aldrig til det.",
			"Indkøbenes klimaaftryk er ikke en del af det geografiske klimaregnskab ovenfor og lægges aldrig til det.",
			"475.000", "7.700.000.000",
			`<tr><th scope="row">Fødevarer</th><td class="num">500.000.000</td><td class="num">125.000</td><td class="num">0,25 <span class="badge">Eksempel</span></td>`,
			`<span class="badge">Eksempel</span>`},
		{"en", sitetest.ActEN, "12.6", "7,967,484", "632,340", "The municipality has no profile of its own: the figures per inhabitant are the national average for 2023.",
			"The footprint is not part of the territorial accounts above and is never added to them.",
			"The procurement footprint is not part of the territorial accounts above and is never added to them.",
			"475,000", "7,700,000,000",
			`<tr><th scope="row">Food</th><td class="num">500,000,000</td><td class="num">125,000</td><td class="num">0.25 <span class="badge">Example</span></td>`,
			`<span class="badge">Example</span>`},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := sitetest.Fetch(t, ts.URL+"/kommuner/101/klimaregnskab", tc.hdr, "")
			if f.Status != 200 {
				t.Fatalf("status %d", f.Status)
			}
			body := html.UnescapeString(f.Body)
			if os.Getenv("CLIMATE_DUMP") != "" {
				_ = os.WriteFile(os.Getenv("CLIMATE_DUMP")+"."+tc.lang+".html", []byte(f.Body), 0o644)
			}
			// Both come after the territorial accounts.
			accounts, fp, pr := strings.Index(body, `id="sektorer"`), strings.Index(body, `id="forbrugsaftryk"`), strings.Index(body, `id="indkoebsaftryk"`)
			if accounts < 0 || fp < accounts || pr < fp {
				t.Fatalf("sections at %d (accounts), %d (footprint), %d (procurement); want them in that order", accounts, fp, pr)
			}

			fs := section(body, "forbrugsaftryk")
			for _, want := range []string{
				tc.fpNotPart, tc.inherit, tc.badge,
				`<td class="num">` + tc.perPerson + `</td><td class="num">` + tc.total + `</td></tr>`, // the total row
				tc.population, popYear,
				"landsgennemsnit pr. indbygger (Forbrugsbaseret klimaaftryk, fire kategorier (CONCITO-profil))", // the method
				"Sekundær kilde, ikke efterprøvet", // the source
				i18n.T(i18n.Lang(tc.lang), "consumption_category.goods_services"),
				`role="img"`, `<details class="table-alt">`,
			} {
				if !strings.Contains(fs, want) {
					t.Errorf("the footprint section lacks %q", want)
				}
			}

			if n := strings.Count(fs, "Sekundær kilde, ikke efterprøvet"); n != 1 {
				t.Errorf("the source is given %d times, want once", n)
			}

			ps := section(body, "indkoebsaftryk")
			for _, want := range []string{
				tc.prNotPart, tc.food, tc.badge,
				`<td class="num">` + tc.prDKK + `</td><td class="num">` + tc.prTotal + `</td>`, // the total row
				"»eksempel«", "Eksempeldata genereret af Klimaspor", // the set and the factors' source
				`role="img"`, `<details class="table-alt">`,
			} {
				if tc.lang == "en" && want == "»eksempel«" {
					want = "“eksempel”"
				}
				if !strings.Contains(ps, want) {
					t.Errorf("the procurement section lacks %q", want)
				}
			}
			// The rows, largest first as in the chart: construction 200,000, food 125,000,
			// services 70,000, IT 60,000, vehicles 20,000; then the total.
			var got []string
			for _, m := range regexp.MustCompile(`<tr><th scope="row">([^<]*)</th><td class="num">[^<]*</td><td class="num">([^<]*)</td>`).FindAllStringSubmatch(ps, -1) {
				got = append(got, m[2])
			}
			if want := []string{"200", "125", "70", "60", "20", "475"}; len(got) != len(want) || !strings.HasPrefix(got[0], want[0]) || !strings.HasPrefix(got[4], want[4]) || !strings.HasPrefix(got[5], want[5]) {
				t.Errorf("the procurement rows' tonnes %v, want %v thousand", got, want)
			}
			if n := regexp.MustCompile(`<tr><th scope="row">[^<]*</th><td class="num">[^<]*</td><td class="num">[^<]*</td><td class="num">[^<]*<`).FindAllString(ps, -1); len(n) != 6 {
				t.Errorf("%d rows in the procurement table, want 5 categories and the total", len(n))
			}
		})
	}
}

// TestNoSpend: a municipality without spend (Lyngby-Taarbæk) says so in one line instead of
// the procurement footprint, and still shows its consumption-based footprint, inherited,
// for its own population (12.6 t per inhabitant times it).
func TestNoSpend(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	lt := org(t, s.DB, "173")
	pop, ok := lt.LatestPopulation()
	if !ok {
		t.Fatal("Lyngby-Taarbæk has no population")
	}
	f := sitetest.Fetch(t, ts.URL+"/kommuner/173/klimaregnskab", sitetest.ActDA, "")
	body := html.UnescapeString(f.Body)
	ps := section(body, "indkoebsaftryk")
	if !strings.Contains(ps, "<p>Kommunen har ingen registrerede indkøb, så indkøbenes klimaaftryk kan ikke vises.</p>") {
		t.Errorf("the procurement section does not say there is no spend: %s", ps)
	}
	if strings.Contains(ps, "<table") || strings.Contains(ps, `role="img"`) {
		t.Error("the procurement section has a table or a chart without spend")
	}
	fs := section(body, "forbrugsaftryk")
	total := i18n.For(i18n.Danish).Number(12.6*float64(pop.Value), 0)
	if !strings.Contains(fs, `<td class="num">12,6</td><td class="num">`+total+`</td></tr>`) || !strings.Contains(fs, "landsgennemsnittet") {
		t.Errorf("Lyngby-Taarbæk's footprint lacks 12,6 t per inhabitant and %s t in all, inherited", total)
	}
}

// TestFootprintOwnProfile: a municipality with a profile of its own shows it, not the
// national average, and says so; a municipality with neither a profile nor a nation's to
// inherit is not reached here (the demo's nation has one).
func TestFootprintOwnProfile(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	alb := org(t, s.DB, "165")
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	ctx := sitetest.AsPerson(t, s.DB, editor)
	for cat, v := range map[string]float64{"mobility": 2.0, "food": 2.2, "housing": 2.1, "goods_services": 3.7} {
		sitetest.MustCreate(t, s.DB, ctx, model.ConsumptionFootprints, model.Record{"organisation_id": alb.ID(), "year": int64(2022), "category": cat,
			"t_co2e_per_person": v, "method": "Egen opgørelse", "source": "Albertslund Kommune, 2024"})
	}
	f := sitetest.Fetch(t, ts.URL+"/kommuner/165/klimaregnskab", sitetest.ActDA, "")
	fs := section(html.UnescapeString(f.Body), "forbrugsaftryk")
	for _, want := range []string{"Tallene pr. indbygger er kommunens egen profil for 2022.", "Egen opgørelse", "Albertslund Kommune, 2024", `<td class="num">10</td>`} {
		if !strings.Contains(fs, want) {
			t.Errorf("Albertslund's own footprint lacks %q", want)
		}
	}
	if strings.Contains(fs, "landsgennemsnit") || strings.Contains(fs, `class="badge"`) {
		t.Error("Albertslund's own profile is shown as the national average or as an example")
	}
}

// TestTotalsFootprint: a region and the nation have no population of their own in the demo;
// their consumption-based footprint is the nation's 12.6 t per inhabitant times the sum of
// their municipalities' populations (all of the same year), and says so. The region's is
// inherited from the nation, the nation's is its own.
func TestTotalsFootprint(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	page, err := s.DB.List(context.Background(), model.Organisations, model.ListQuery{Limit: store.MaxLimit})
	if err != nil || page.NextCursor != "" {
		t.Fatalf("organisations: %v (more than one page: %v)", err, page.NextCursor != "")
	}
	orgs := model.AsOrganisations(page.Items)
	region := org(t, s.DB, "1084")
	var regionPop, nationPop int64
	var year int64
	for _, o := range orgs {
		if o.Kind() != "municipality" {
			continue
		}
		p, ok := o.LatestPopulation()
		if !ok {
			t.Fatalf("%s has no population", o.NameDA())
		}
		year = p.Year
		nationPop += p.Value
		if o.ParentID() == region.ID() {
			regionPop += p.Value
		}
	}
	t.Logf("populations of %d: region %d, nation %d", year, regionPop, nationPop)
	da := i18n.For(i18n.Danish)
	for _, tc := range []struct {
		path, basis string
		pop         int64
	}{
		{"/regioner/1084/klimaregnskab", "Regionen har ingen egen profil: tallene pr. indbygger er landsgennemsnittet for 2023.", regionPop},
		{"/danmark/klimaregnskab", "Tallene pr. indbygger er landets profil for 2023.", nationPop},
	} {
		f := sitetest.Fetch(t, ts.URL+tc.path, sitetest.ActDA, "")
		fs := section(html.UnescapeString(f.Body), "forbrugsaftryk")
		for _, want := range []string{
			"Aftrykket er ikke en del af det geografiske klimaregnskab ovenfor og lægges aldrig til det.",
			tc.basis,
			"Tallet i alt gælder " + da.Int(tc.pop) + " indbyggere, summen af kommunernes indbyggertal for " + strconv.FormatInt(year, 10) + ".",
			`<td class="num">12,6</td><td class="num">` + da.Number(12.6*float64(tc.pop), 0) + `</td></tr>`,
			`<span class="badge">Eksempel</span>`,
		} {
			if !strings.Contains(fs, want) {
				t.Errorf("%s: the footprint lacks %q", tc.path, want)
			}
		}
	}
	if regionPop == 0 || regionPop >= nationPop {
		t.Errorf("the region's %d and the nation's %d inhabitants", regionPop, nationPop)
	}
}
