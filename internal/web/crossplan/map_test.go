package crossplan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/sitetest"
)

// mapRowRE is a municipality of the map's table: its code, name and value.
var mapRowRE = regexp.MustCompile(`<tr data-code="(\d+)"><th scope="row">(?:<a [^>]*>)?([^<]*)(?:</a>)?</th><td class="num">([^<]*)</td>`)

// listAll is every record of res that matches filters (one page: the lists here are short).
func listAll(t *testing.T, db *store.DB, res *model.Resource, filters map[string]string) []model.Record {
	t.Helper()
	pg, err := db.List(context.Background(), res, model.ListQuery{Filters: filters, Limit: store.MaxLimit})
	if err != nil || pg.NextCursor != "" {
		t.Fatalf("list %s %v: %v (more: %v)", res.Name, filters, err, pg.NextCursor != "")
	}
	return pg.Items
}

func mapTable(t *testing.T, s site, query string) map[string]string {
	t.Helper()
	f := sitetest.Fetch(t, s.web+"/paa-tvaers/kort?"+query, sitetest.ActDA, "")
	if f.Status != 200 {
		t.Fatalf("map %s: %d", query, f.Status)
	}
	if !strings.Contains(f.Body, "<svg") {
		t.Fatalf("map %s: no map", query)
	}
	out := map[string]string{}
	for _, m := range mapRowRE.FindAllStringSubmatch(f.Body, -1) {
		out[m[1]] = html.UnescapeString(m[3])
	}
	return out
}

// TestMapThemeValues: for a theme, each member with an adopted plan shows its number of
// published actions with the theme (counted from the API's actions behind the figure), 0
// included, and a member without an adopted plan "Ingen vedtaget plan"; only the group's
// municipalities are in the table.
func TestMapThemeValues(t *testing.T) {
	s := start(t)
	region := orgID(t, s.db, "region", "1084")
	// Gribskov's plan goes back to a draft: it has no adopted plan now.
	grib := orgID(t, s.db, "municipality", "270")
	for _, rec := range listAll(t, s.db, model.Plans, map[string]string{"organisation": strconv.FormatInt(grib, 10)}) {
		if _, err := s.db.Update(context.Background(), model.Plans, rec.ID(), rec.Version(), model.Record{"status": "draft"}); err != nil {
			t.Fatal(err)
		}
	}
	a := coverageAPI(t, s, fmt.Sprintf("group=%d", region))
	// The theme with most members, and one with a member without it, to see a 0.
	var theme int64
	for _, th := range a.Themes {
		if th.Count > 0 && len(th.Without) > 0 && (theme == 0) {
			theme = th.ThemeID
		}
	}
	if theme == 0 {
		t.Fatal("no theme with members both with and without it")
	}
	var acts struct {
		Actions []struct {
			MemberID int64 `json:"member_id"`
		} `json:"items"`
	}
	f := sitetest.Fetch(t, fmt.Sprintf("%s/api/v1/coverage/%d/actions?group=%d", s.api, theme, region), nil, "")
	if err := json.Unmarshal([]byte(f.Body), &acts); err != nil || f.Status != 200 {
		t.Fatalf("actions: %d %v", f.Status, err)
	}
	want := map[int64]int{}
	var counted []int64
	for _, th := range a.Themes {
		if th.ThemeID == theme {
			counted = append(append(counted, th.Organisations...), th.Without...)
		}
	}
	for _, m := range counted {
		want[m] = 0
	}
	for _, x := range acts.Actions {
		want[x.MemberID]++
	}
	table := mapTable(t, s, fmt.Sprintf("gruppe=%d&maal=tema&tema=%d", region, theme))
	members := listAll(t, s.db, model.Organisations, map[string]string{"parent": strconv.FormatInt(region, 10), "kind": "municipality"})
	if len(table) != len(members) {
		t.Errorf("%d rows for %d members", len(table), len(members))
	}
	zero, noPlan := false, false
	for _, rec := range members {
		o := model.AsOrganisation(rec)
		got, ok := table[o.Code()]
		if !ok {
			t.Errorf("%s missing", o.NameDA())
			continue
		}
		n, counts := want[o.ID()]
		switch {
		case !counts && got != "Ingen vedtaget plan":
			t.Errorf("%s (no adopted plan): %q", o.NameDA(), got)
		case counts && got != i18n.FormatInt(i18n.Danish, int64(n)):
			t.Errorf("%s: %q, want %d", o.NameDA(), got, n)
		}
		zero = zero || (counts && n == 0)
		noPlan = noPlan || !counts
	}
	if !zero {
		t.Error("no member with an adopted plan shows 0")
	}
	if !noPlan || table["270"] != "Ingen vedtaget plan" {
		t.Errorf("Gribskov, without an adopted plan: %q", table["270"])
	}
	if _, ok := table["751"]; ok {
		t.Error("Aarhus is outside the capital region")
	}
	// Export: the same values.
	page := sitetest.Fetch(t, s.web+fmt.Sprintf("/paa-tvaers/kort?gruppe=%d&maal=tema&tema=%d", region, theme), sitetest.ActDA, "")
	href, ok := sitetest.ExportLinks(t, page.Body)["paa_tvaers_kort.csv"]
	if !ok {
		t.Fatal("no CSV link")
	}
	recs := sitetest.ReadCSV(t, sitetest.Fetch(t, s.web+href, sitetest.ActDA, "").Body, ';')
	if len(recs) != len(table)+1 || recs[0][0] != "Kommune" {
		t.Fatalf("CSV: %d lines for %d rows, header %q", len(recs), len(table), recs[0])
	}
	for _, r := range recs[1:] {
		if table[r[1]] != r[2] {
			t.Errorf("CSV %s: %q, table %q", r[0], r[2], table[r[1]])
		}
	}
}

// TestMapPerCapitaAndGroups: emissions per inhabitant show each municipality's latest value
// in Danish number format; the group filter draws a project's participants only; bad values
// are 400s and an unknown theme or indicator 404s.
func TestMapPerCapitaAndGroups(t *testing.T) {
	s := start(t)
	ctx := context.Background()
	region := orgID(t, s.db, "region", "1084")
	kbh := orgID(t, s.db, "municipality", "101")
	ind := sitetest.OneOf(t, s.db, model.Indicators, map[string]string{"code": model.IndicatorCO2ePerCapita})
	vals := listAll(t, s.db, model.IndicatorValues, map[string]string{"indicator": strconv.FormatInt(ind.ID(), 10), "organisation": strconv.FormatInt(kbh, 10), "breakdown": ""})
	var latest model.IndicatorValue
	for _, rec := range vals {
		v := model.AsIndicatorValue(rec)
		if latest.Record == nil || model.PeriodAfter(v.Period(), latest.Period()) {
			latest = v
		}
	}
	if latest.Record == nil {
		t.Fatal("København has no emissions per inhabitant")
	}
	table := mapTable(t, s, fmt.Sprintf("gruppe=%d&maal=co2-pr-indbygger", region))
	if want := i18n.FormatNumber(i18n.Danish, latest.Value(), 1); table["101"] != want {
		t.Errorf("København: %q, want %q", table["101"], want)
	}
	// Any indicator, in a year: the same indicator in its latest year gives the same.
	table = mapTable(t, s, fmt.Sprintf("gruppe=%d&maal=indikator&indikator=%d&aar=%d", region, ind.ID(), latest.PeriodYear()))
	if want := i18n.FormatNumber(i18n.Danish, latest.Value(), 1); table["101"] != want {
		t.Errorf("København in %d: %q, want %q", latest.PeriodYear(), table["101"], want)
	}
	// A project's participants only.
	project := sitetest.OneOf(t, s.db, model.Projects, map[string]string{"code": "VIP3"}).ID()
	members, err := s.db.ProjectMembers(ctx, project, "9999-12-31")
	if err != nil {
		t.Fatal(err)
	}
	table = mapTable(t, s, fmt.Sprintf("gruppe=p%d", project))
	if len(table) == 0 || len(table) > len(members) {
		t.Errorf("project: %d rows for %d participants", len(table), len(members))
	}
	for _, tc := range []struct {
		query  string
		status int
	}{
		{"maal=noget", 400},
		{"aar=tyve", 400},
		{"tema=x", 400},
		{"gruppe=x", 400},
		{fmt.Sprintf("gruppe=%d", kbh), 400},
		{"tema=999999", 404},
		{"maal=indikator&indikator=999999", 404},
		{"gruppe=999999", 404},
		{"eksport=andet&format=csv", 404},
		{"", 200},
		{"maal=indikator", 200},
	} {
		if f := sitetest.Fetch(t, s.web+"/paa-tvaers/kort?"+tc.query, sitetest.ActDA, ""); f.Status != tc.status {
			t.Errorf("%q: %d, want %d", tc.query, f.Status, tc.status)
		}
	}
	// Both languages render, and the overview links to the map.
	for _, h := range []map[string]string{sitetest.ActDA, sitetest.ActEN} {
		if f := sitetest.Fetch(t, s.web+"/paa-tvaers/kort", h, ""); f.Status != 200 {
			t.Errorf("%v: %d", h, f.Status)
		}
	}
	if f := sitetest.Fetch(t, s.web+"/paa-tvaers", sitetest.ActDA, ""); !strings.Contains(f.Body, `href="/paa-tvaers/kort?gruppe=`) {
		t.Error("the overview does not link to the map")
	}
}
