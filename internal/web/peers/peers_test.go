package peers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/api"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// fixture is two regions of municipalities with known populations and accounts:
//
//	Region Hovedstaden: København 632,340 inh., 2.0 t/inh.; Albertslund 27,000, 3.0;
//	                    Frederiksberg 104,000, 2.5
//	Region Syddanmark:  Odense 205,000, 4.0; Lolland 40,000, 15.0
//
// København's adopted plan has a published transport action; Albertslund's a published
// waste action and a draft transport action; Frederiksberg has no plan.
type fixture struct {
	region, south, kbh int64
}

func build(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	err := db.Tx(ctx, func(tx *store.Tx) error {
		mk := func(res *model.Resource, r model.Record) int64 {
			t.Helper()
			out, err := tx.Create(ctx, res, r)
			if err != nil {
				t.Fatalf("create %s %v: %v", res.Name, r, err)
			}
			return out.ID()
		}
		f.region = mk(model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
		f.south = mk(model.Organisations, model.Record{"kind": "region", "code": "1083", "name_da": "Region Syddanmark"})
		var vals []store.EmissionValue
		muni := func(code, name string, region, pop int64, perInh float64) int64 {
			id := mk(model.Organisations, model.Record{"kind": "municipality", "code": code, "name_da": name, "parent_id": region,
				"population": []model.Population{{Year: 2022, Value: pop, Source: "DST"}}})
			vals = append(vals, store.EmissionValue{OrganisationID: id, Year: 2022, Sector: "energi", TCO2e: perInh * float64(pop)})
			return id
		}
		f.kbh = muni("101", "København", f.region, 632340, 2)
		alb := muni("165", "Albertslund", f.region, 27000, 3)
		muni("147", "Frederiksberg", f.region, 104000, 2.5)
		muni("461", "Odense", f.south, 205000, 4)
		muni("360", "Lolland", f.south, 40000, 15)
		if _, err := tx.AddRelease(ctx, store.Release{Name: "Testregnskabet", Vintage: "2024-01-01", Source: "test"}, vals); err != nil {
			return err
		}
		transport := mk(model.Themes, model.Record{"code": "transport", "name_da": "Transport", "name_en": "Transport"})
		waste := mk(model.Themes, model.Record{"code": "waste", "name_da": "Affald", "name_en": "Waste"})
		plan := func(org int64, code string) int64 {
			return mk(model.Plans, model.Record{"code": code, "organisation_id": org, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
		}
		action := func(plan, org, theme int64, published bool) {
			mk(model.Actions, model.Record{"plan_id": plan, "title": "Indsats", "sector": "transport", "organisation_id": org, "status": "planned", "theme_ids": []int64{theme}, "published": published})
		}
		pk, pa := plan(f.kbh, "KP-101"), plan(alb, "KP-165")
		action(pk, f.kbh, transport, true)
		action(pa, alb, waste, true)
		action(pa, alb, transport, false)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func serve(t *testing.T, db *store.DB) string {
	t.Helper()
	w, err := web.New(db, sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

var (
	headRE = regexp.MustCompile(`<th scope="col" class="num"><a href="/kommuner/[^"]*">([^<]*)</a>`)
	rowRE  = regexp.MustCompile(`<tr><th scope="row">([^<]*)</th>((?:<td class="num">[^<]*</td>)*)<td>([^<]*)</td></tr>`)
	cellRE = regexp.MustCompile(`<td class="num">([^<]*)</td>`)
)

// table reads the comparison: the columns' names, and per figure its cells (the values, then
// the group's average) and the "n af N" sentence.
func table(body string) ([]string, map[string][]string) {
	var cols []string
	for _, m := range headRE.FindAllStringSubmatch(body, -1) {
		cols = append(cols, m[1])
	}
	rows := map[string][]string{}
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		var cells []string
		for _, c := range cellRE.FindAllStringSubmatch(m[2], -1) {
			cells = append(cells, c[1])
		}
		rows[m[1]] = append(cells, m[3])
	}
	return cols, rows
}

// TestComparePage: two chosen municipalities against their region (the default): each
// figure's values, the group's average in the reader's locale and how many of the group's
// municipalities have it; the draft action counts nowhere. Albertslund's three most similar
// are Frederiksberg, Odense and Lolland, nearest first (Lolland is nearest in size but has
// five times the emissions per inhabitant). Another group changes the averages; the table
// downloads; bad input is refused.
func TestComparePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := build(t, db)
		base := serve(t, db) + "/paa-tvaers/sammenlign"

		got := sitetest.Fetch(t, base+"?kommune=101&kommune=165", sitetest.ActDA, "")
		if got.Status != 200 {
			t.Fatalf("status %d: %s", got.Status, got.Body)
		}
		sitetest.CheckPage(t, got, "da")
		cols, rows := table(got.Body)
		if diff := cmp.Diff([]string{"København", "Albertslund"}, cols); diff != "" {
			t.Errorf("columns (-want +got):\n%s", diff)
		}
		want := map[string][]string{
			"Indbyggere":                       {"632.340", "27.000", "254.447", "3 af 3 kommuner har tallet"},
			"Udledning pr. indbygger (t CO2e)": {"2,0", "3,0", "2,5", "3 af 3 kommuner har tallet"},
			"Udledning i alt (t CO2e)":         {"1.264.680", "81.000", "535.227", "3 af 3 kommuner har tallet"},
			"Vedtaget klimaplan":               {"Ja", "Ja", "–", "2 af 3 kommuner har en vedtaget klimaplan"},
			"Indsatser i vedtagne planer":      {"1", "1", "0,7", "3 af 3 kommuner har tallet"},
			"Indsats om Transport":             {"Ja", "Nej", "–", "1 af 3 kommuner har en indsats om transport"},
			"Indsats om Affald":                {"Nej", "Ja", "–", "1 af 3 kommuner har en indsats om affald"},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("rows (-want +got):\n%s", diff)
		}
		if !strings.Contains(got.Body, "Region Hovedstaden") || !strings.Contains(got.Body, "Testregnskabet") {
			t.Error("the page does not name the group or the release")
		}

		en := sitetest.Fetch(t, base+"?kommune=101&kommune=165", sitetest.ActEN, "")
		sitetest.CheckPage(t, en, "en")
		if _, rows := table(en.Body); !cmp.Equal(rows["Emissions per inhabitant (t CO2e)"], []string{"2.0", "3.0", "2.5", "3 of 3 municipalities have the figure"}) ||
			rows["Action on Waste"][3] != "1 of 3 municipalities have an action on waste" {
			t.Errorf("English rows = %v", rows)
		}

		sim := sitetest.Fetch(t, base+"?kommune=165&lignende=3", sitetest.ActDA, "")
		cols, _ = table(sim.Body)
		if diff := cmp.Diff([]string{"Albertslund", "Frederiksberg", "Odense", "Lolland"}, cols); diff != "" {
			t.Errorf("Albertslund and its three most similar (-want +got):\n%s", diff)
		}

		south := sitetest.Fetch(t, base+fmt.Sprintf("?kommune=101&gruppe=%d", f.south), sitetest.ActDA, "")
		if _, rows := table(south.Body); !cmp.Equal(rows["Udledning pr. indbygger (t CO2e)"], []string{"2,0", "9,5", "2 af 2 kommuner har tallet"}) {
			t.Errorf("against Syddanmark: %v", rows["Udledning pr. indbygger (t CO2e)"])
		}

		csv := sitetest.Fetch(t, base+"?kommune=101&kommune=165&eksport=sammenlign_kommuner&format=csv", sitetest.ActDA, "")
		if csv.Status != 200 || !strings.Contains(csv.Body, "Tal;København;Albertslund;Gruppens gennemsnit;Antal i gruppen;Kommuner i gruppen") ||
			!strings.Contains(csv.Body, "Udledning pr. indbygger (t CO2e);2,00;3,00;2,50;3;3") || !strings.Contains(csv.Body, "Vedtaget klimaplan;Ja;Ja;;2;3") || !strings.Contains(csv.Body, "Indbyggere;632340;27000;254446,67;3;3") {
			t.Errorf("CSV %d:\n%s", csv.Status, csv.Body)
		}
		if x := sitetest.Fetch(t, base+"?kommune=101&eksport=sammenlign_kommuner&format=xlsx", sitetest.ActDA, ""); x.Status != 200 || !strings.HasPrefix(x.Body, "PK") {
			t.Errorf("XLSX %d", x.Status)
		}

		// Five similar beside four chosen: cut to the eight that fit.
		many := sitetest.Fetch(t, base+"?kommune=101&kommune=165&kommune=147&kommune=461&lignende=5", sitetest.ActDA, "")
		if cols, _ := table(many.Body); many.Status != 200 || len(cols) != 5 || cols[4] != "Lolland" {
			t.Errorf("four chosen and five similar: %d %v", many.Status, cols)
		}

		empty := sitetest.Fetch(t, base, sitetest.ActDA, "")
		if empty.Status != 200 || strings.Contains(empty.Body, "<table") || !strings.Contains(empty.Body, `<option value="101">København</option>`) {
			t.Errorf("the form alone: %d", empty.Status)
		}
		for _, bad := range []struct {
			query string
			want  int
		}{
			{"?kommune=101&lignende=x", 400},
			{"?kommune=101&lignende=9", 400},
			{fmt.Sprintf("?kommune=101&gruppe=%d", f.kbh), 400},
			{"?kommune=101&gruppe=z", 400},
			{"?kommune=1&kommune=2&kommune=3&kommune=4&kommune=5&kommune=6&kommune=7", 400},
			{"?kommune=999", 404},
			{"?kommune=101&eksport=andet&format=csv", 404},
		} {
			if got := sitetest.Fetch(t, base+bad.query, nil, ""); got.Status != bad.want {
				t.Errorf("%s = %d, want %d", bad.query, got.Status, bad.want)
			}
		}
	})
}

// TestComparePageDemo: on the demo data, København and its five most similar municipalities
// are the page's columns and the API's organisations alike, and the page's reads do not grow
// with the municipalities compared or the group's size (the nation's 98 against a region's
// 29 and two compared against six).
func TestComparePageDemo(t *testing.T) {
	db := sitetest.DemoDB(t)
	base := serve(t, db)
	page := sitetest.Fetch(t, base+"/paa-tvaers/sammenlign?kommune=101&lignende=5", sitetest.ActDA, "")
	if page.Status != 200 {
		t.Fatalf("status %d", page.Status)
	}
	sitetest.CheckPage(t, page, "da")
	cols, rows := table(page.Body)
	if len(cols) != 6 || cols[0] != "København" || len(rows) < 7 {
		t.Fatalf("columns %v, %d rows", cols, len(rows))
	}
	asrv := httptest.NewServer(api.New(db, sitetest.Quiet(), "test").Handler())
	t.Cleanup(asrv.Close)
	kbh := sitetest.OneOf(t, db, model.Organisations, map[string]string{"kind": "municipality", "code": "101"}).ID()
	f := sitetest.Fetch(t, fmt.Sprintf("%s/api/v1/peers?organisation=%d&similar=5", asrv.URL, kbh), nil, "")
	var a struct {
		Organisations []struct {
			NameDA string `json:"name_da"`
		}
	}
	if err := json.Unmarshal([]byte(f.Body), &a); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range a.Organisations {
		names = append(names, o.NameDA)
	}
	if diff := cmp.Diff(cols, names); diff != "" {
		t.Errorf("the page's columns and the API's organisations differ (-page +api):\n%s", diff)
	}

	reads := func(query string) int64 {
		t.Helper()
		before := db.ReadCount()
		if got := sitetest.Fetch(t, base+"/paa-tvaers/sammenlign?"+query, sitetest.ActDA, ""); got.Status != 200 {
			t.Fatalf("%s: %d", query, got.Status)
		}
		return db.ReadCount() - before
	}
	nation := sitetest.OneOf(t, db, model.Organisations, map[string]string{"kind": "country"}).ID()
	small := reads("kommune=101&kommune=165")
	large := reads(fmt.Sprintf("kommune=101&lignende=5&gruppe=%d", nation))
	if small > 25 || large != small {
		t.Errorf("reads: two against a region %d, six against the nation %d", small, large)
	}
}
