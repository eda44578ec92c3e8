package crossplan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"klimaspor/internal/auth"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// site serves the pages and the API over one demo database.
type site struct {
	db       *store.DB
	web, api string
	sessions *auth.Sessions
}

func start(t *testing.T) site {
	t.Helper()
	db := sitetest.DemoDB(t)
	w, err := web.New(db, sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	ws := httptest.NewServer(w.Handler())
	t.Cleanup(ws.Close)
	as := httptest.NewServer(api.New(db, sitetest.Quiet(), "test").Handler())
	t.Cleanup(as.Close)
	return site{db: db, web: ws.URL, api: as.URL, sessions: w.Sessions}
}

// apiTheme is a theme of GET /api/v1/coverage's answer.
type apiTheme struct {
	ThemeID       int64   `json:"theme_id"`
	Count         int     `json:"count"`
	Share         float64 `json:"share"`
	Organisations []int64 `json:"organisations"`
	Without       []int64 `json:"without"`
	Published     []struct {
		Share float64 `json:"share"`
	} `json:"published"`
}

type apiAnswer struct {
	Members, Counted int
	Themes           []apiTheme
}

func coverageAPI(t *testing.T, s site, query string) apiAnswer {
	t.Helper()
	f := sitetest.Fetch(t, s.api+"/api/v1/coverage?"+query, nil, "")
	if f.Status != 200 {
		t.Fatalf("API %s: %d %s", query, f.Status, f.Body)
	}
	var a apiAnswer
	if err := json.Unmarshal([]byte(f.Body), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func orgID(t *testing.T, db *store.DB, kind, code string) int64 {
	t.Helper()
	return sitetest.OneOf(t, db, model.Organisations, map[string]string{"kind": kind, "code": code}).ID()
}

// rowRE is a theme's row: its id, count and computed share.
var rowRE = regexp.MustCompile(`<a href="/paa-tvaers/tema/(\d+)\?[^"]*">[^<]*</a></th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`)

// TestPagesRenderInBothLanguages: the overview and a drill-down answer in Danish and English
// with the rules of every page; the overview has its chart with the table alternative.
func TestPagesRenderInBothLanguages(t *testing.T) {
	s := start(t)
	for _, tc := range []struct {
		path string
		h1   map[string]string
	}{
		{"/paa-tvaers", map[string]string{"da": "Et blik på tværs", "en": "A look across the plans"}},
		{"/paa-tvaers?gruppe=" + strconv.FormatInt(orgID(t, s.db, "country", "DK"), 10) + "&grundlag=alle&dato=01-06-2023", map[string]string{"da": "Et blik på tværs", "en": "A look across the plans"}},
		{"/paa-tvaers/tema/1", map[string]string{"da": "På tværs: Energi", "en": "Across plans: Energy"}},
	} {
		for lang, hdr := range map[string]map[string]string{"da": sitetest.ActDA, "en": sitetest.ActEN} {
			t.Run(lang+tc.path, func(t *testing.T) {
				f := sitetest.Fetch(t, s.web+tc.path, hdr, "")
				if f.Status != 200 {
					t.Fatalf("status %d", f.Status)
				}
				sitetest.CheckPage(t, f, lang)
				if !strings.Contains(f.Body, "<h1>"+tc.h1[lang]+"</h1>") {
					t.Errorf("no h1 %q", tc.h1[lang])
				}
				if !strings.Contains(f.Body, `aria-current="page">`+map[string]string{"da": "På tværs", "en": "Across plans"}[lang]+"</a>") {
					t.Error("the header's link is not marked current")
				}
			})
		}
	}
	f := sitetest.Fetch(t, s.web+"/paa-tvaers", sitetest.ActDA, "")
	if !strings.Contains(f.Body, "<svg") || !strings.Contains(f.Body, `class="chart-table"`) {
		t.Error("the overview lacks its chart or the chart's table")
	}
	if !strings.Contains(f.Body, "29 af 29 kommuner tælles med") {
		t.Error("no headline n af N for Region Hovedstaden")
	}
	// The demo's actions are example data; the page says so.
	if !strings.Contains(f.Body, "eksempeldata") {
		t.Error("the page does not say that the actions behind the figures are example data")
	}
	home := sitetest.Fetch(t, s.web+"/", sitetest.ActDA, "")
	if !strings.Contains(home.Body, `<a href="/paa-tvaers">Se alle temaer på tværs af planerne</a>`) {
		t.Error("the front page does not link to the page")
	}
}

// TestThemeTableMatchesAPI: for the same group, base and day the table shows every theme with
// a count, with the API's count and share, and no other.
func TestThemeTableMatchesAPI(t *testing.T) {
	s := start(t)
	region := orgID(t, s.db, "region", "1084")
	nation := orgID(t, s.db, "country", "DK")
	l := i18n.Localizer{Lang: i18n.Danish}
	// The demo's records are written today, so a day of the record history with data is today.
	today := store.Today()
	dmy := today[8:10] + "-" + today[5:7] + "-" + today[0:4]
	for _, tc := range []struct{ page, api string }{
		{"", fmt.Sprintf("group=%d", region)},
		{fmt.Sprintf("gruppe=%d&grundlag=alle", region), fmt.Sprintf("group=%d&base=all", region)},
		{fmt.Sprintf("gruppe=%d&grundlag=vedtaget&dato=%s", nation, dmy), fmt.Sprintf("group=%d&base=adopted&at=%s", nation, today)},
		{fmt.Sprintf("gruppe=%d&grundlag=alle&dato=%s", nation, today), fmt.Sprintf("group=%d&base=all&at=%s", nation, today)},
	} {
		t.Run(tc.page, func(t *testing.T) {
			a := coverageAPI(t, s, tc.api)
			f := sitetest.Fetch(t, s.web+"/paa-tvaers?"+tc.page, sitetest.ActDA, "")
			if f.Status != 200 {
				t.Fatalf("status %d", f.Status)
			}
			if want := fmt.Sprintf("%d af %d kommuner tælles med", a.Counted, a.Members); !strings.Contains(f.Body, want) {
				t.Errorf("no headline %q", want)
			}
			got := map[int64][2]string{}
			for _, m := range rowRE.FindAllStringSubmatch(f.Body, -1) {
				id, _ := strconv.ParseInt(m[1], 10, 64)
				got[id] = [2]string{m[2], html.UnescapeString(m[3])}
			}
			n := 0
			for _, th := range a.Themes {
				if th.Count == 0 && len(th.Published) == 0 {
					if _, ok := got[th.ThemeID]; ok {
						t.Errorf("theme %d has no count and no published figure but is shown", th.ThemeID)
					}
					continue
				}
				n++
				want := [2]string{strconv.Itoa(th.Count), l.Percent(th.Share*100, 0)}
				if got[th.ThemeID] != want {
					t.Errorf("theme %d: page %q, API %q", th.ThemeID, got[th.ThemeID], want)
				}
			}
			if n == 0 || len(got) != n {
				t.Errorf("page shows %d themes, API has %d with a count or figure", len(got), n)
			}
		})
	}
}

// TestDrillDownListsMembers: a theme's page lists the municipalities with it, each with the
// actions behind it, and those without, as the API counts them.
func TestDrillDownListsMembers(t *testing.T) {
	s := start(t)
	region := orgID(t, s.db, "region", "1084")
	a := coverageAPI(t, s, fmt.Sprintf("group=%d", region))
	var th apiTheme
	for _, x := range a.Themes {
		if x.Count > 0 && len(x.Without) > 0 {
			th = x
			break
		}
	}
	if th.ThemeID == 0 {
		t.Fatal("no theme with members on both sides")
	}
	recs, err := s.db.List(context.Background(), model.Organisations, model.ListQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	code := map[int64]string{}
	for _, r := range recs.Items {
		code[r.ID()] = model.AsOrganisation(r).Code()
	}
	f := sitetest.Fetch(t, fmt.Sprintf("%s/paa-tvaers/tema/%d?gruppe=%d", s.web, th.ThemeID, region), sitetest.ActDA, "")
	if f.Status != 200 {
		t.Fatalf("status %d", f.Status)
	}
	with, without, ok := strings.Cut(f.Body, `id="uden"`)
	if !ok {
		t.Fatal("no section of those without")
	}
	if !strings.Contains(with, fmt.Sprintf("Kommuner med temaet (%d)", th.Count)) || !strings.Contains(without, fmt.Sprintf("Kommuner uden temaet (%d)", len(th.Without))) {
		t.Error("headings do not count the API's members")
	}
	for _, id := range th.Organisations {
		href := `<th scope="row"><a href="/kommuner/` + code[id] + `">`
		if !strings.Contains(with, href) {
			t.Errorf("member %d (%s) with the theme is not listed with an action", id, code[id])
		}
	}
	for _, id := range th.Without {
		if !strings.Contains(without, `<li><a href="/kommuner/`+code[id]+`">`) {
			t.Errorf("member %d (%s) without the theme is not listed", id, code[id])
		}
	}
	if !strings.Contains(with, `href="/indsatser/`) {
		t.Error("no action behind the figure")
	}
}

// TestExportCSV: the theme table as CSV has the page's rows.
func TestExportCSV(t *testing.T) {
	s := start(t)
	f := sitetest.Fetch(t, s.web+"/paa-tvaers?grundlag=alle", sitetest.ActDA, "")
	links := sitetest.ExportLinks(t, f.Body)
	href, ok := links["paa_tvaers.csv"]
	if !ok || !strings.Contains(href, "grundlag=alle") {
		t.Fatalf("no CSV link with the query: %v", links)
	}
	if _, ok := links["paa_tvaers.xlsx"]; !ok {
		t.Error("no XLSX link")
	}
	c := sitetest.Fetch(t, s.web+href, sitetest.ActDA, "")
	if c.Status != 200 || !strings.HasPrefix(c.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", c.Status, c.Header.Get("Content-Type"))
	}
	recs := sitetest.ReadCSV(t, c.Body, ';')
	rows := rowRE.FindAllStringSubmatch(f.Body, -1)
	if len(recs) < len(rows)+1 || recs[0][0] != "Tema" || recs[0][2] != "Antal kommuner" {
		t.Fatalf("CSV has %d lines for %d rows; header %q", len(recs), len(rows), recs[0])
	}
	if recs[1][2] != rows[0][2] {
		t.Errorf("first count: CSV %q, page %q", recs[1][2], rows[0][2])
	}
	x := sitetest.Fetch(t, s.web+"/paa-tvaers?eksport=andet&format=csv", sitetest.ActDA, "")
	if x.Status != 404 {
		t.Errorf("unknown list: %d, want 404", x.Status)
	}
}

// TestBadQueries: a bad date, base or group is a 400; an unknown theme, group or project a 404.
func TestBadQueries(t *testing.T) {
	s := start(t)
	muni := orgID(t, s.db, "municipality", "101")
	project := sitetest.OneOf(t, s.db, model.Projects, map[string]string{"code": "VIP3"}).ID()
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/paa-tvaers?dato=31-02-2023", 400},
		{"/paa-tvaers?dato=igår", 400},
		{"/paa-tvaers/tema/1?dato=2023-13-01", 400},
		{"/paa-tvaers?grundlag=nogle", 400},
		{"/paa-tvaers?gruppe=x", 400},
		{fmt.Sprintf("/paa-tvaers?gruppe=%d", muni), 400},
		{"/paa-tvaers/tema/999999", 404},
		{"/paa-tvaers/tema/abc", 404},
		{"/paa-tvaers?gruppe=999999", 404},
		{"/paa-tvaers?gruppe=p999999", 404},
		{"/paa-tvaers?dato=1-6-2023", 200},
		{"/paa-tvaers?dato=2023-06-01", 200},
		{fmt.Sprintf("/paa-tvaers?gruppe=p%d", project), 200},
		{fmt.Sprintf("/paa-tvaers/tema/1?gruppe=p%d&grundlag=alle", project), 200},
	} {
		if f := sitetest.Fetch(t, s.web+tc.path, sitetest.ActDA, ""); f.Status != tc.status {
			t.Errorf("%s: %d, want %d", tc.path, f.Status, tc.status)
		}
	}
}
