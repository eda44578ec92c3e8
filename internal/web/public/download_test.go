package public_test

import (
	"context"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/page"
	"klimaspor/internal/web/public"
	"klimaspor/internal/web/sitetest"
)

// TestEveryListExports checks that every list a page shows has CSV and XLSX links, and that
// each answers a download of the right type and name, from the page's data.
func TestEveryListExports(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	home := sitetest.Fetch(t, ts.URL+"/", nil, "da")
	project := regexp.MustCompile(`href="/projekter/([^"/]+)"`).FindStringSubmatch(home.Body)
	if project == nil {
		t.Fatal("no project on the front page")
	}
	today := time.Now().Format(time.DateOnly)
	for _, tc := range []struct {
		path, lang string
		lists      map[string]string // list → file name before the date
	}{
		{"/", "da", map[string]string{"projekter": "projekter", "kommuner": "kommuner"}},
		{"/", "en", map[string]string{"projekter": "projects", "kommuner": "municipalities"}},
		{"/indsatser", "da", map[string]string{"indsatser": "indsatser"}},
		{"/indsatser", "en", map[string]string{"indsatser": "actions"}},
		{"/kommuner/101", "da", map[string]string{"indsatser": "indsatser-101", "noegletal": "noegletal-101", "projekter": "projekter-101"}},
		{"/projekter/" + project[1], "en", map[string]string{"maal": "goals-" + project[1], "deltagere": "participants-" + project[1], "indsatser": "actions-" + project[1]}},
		{"/noegletal/co2e_total_t", "da", map[string]string{"vaerdier": "vaerdier-co2e_total_t", "sammenligning": "sammenligning-co2e_total_t"}},
		{"/sammenlign?indicator=co2e_total_t", "en", map[string]string{"sammenligning": "comparison-co2e_total_t"}},
	} {
		pg := sitetest.Fetch(t, ts.URL+tc.path, nil, tc.lang)
		links := sitetest.ExportLinks(t, pg.Body)
		var want []string
		for list := range tc.lists {
			want = append(want, list+".csv", list+".xlsx")
		}
		got := slices.Sorted(func(yield func(string) bool) {
			for k := range links {
				if !yield(k) {
					return
				}
			}
		})
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s (%s): export links %v, want %v", tc.path, tc.lang, got, want)
		}
		for key, href := range links {
			list, format, _ := strings.Cut(key, ".")
			f := sitetest.Fetch(t, ts.URL+href, nil, tc.lang)
			if f.Status != 200 {
				t.Errorf("%s: %s answers %d", tc.path, href, f.Status)
				continue
			}
			wantType := "text/csv; charset=utf-8"
			if format == page.FormatXLSX {
				wantType = sitetest.XLSXType
			}
			if ct := f.Header.Get("Content-Type"); ct != wantType {
				t.Errorf("%s: Content-Type %q, want %q", href, ct, wantType)
			}
			wantCD := `attachment; filename="` + tc.lists[list] + "-" + today + "." + format + `"`
			if cd := f.Header.Get("Content-Disposition"); cd != wantCD {
				t.Errorf("%s: Content-Disposition %q, want %q", href, cd, wantCD)
			}
			if lang := f.Header.Get("Content-Language"); lang != tc.lang {
				t.Errorf("%s: Content-Language %q, want %q", href, lang, tc.lang)
			}
			if format == page.FormatCSV {
				comma := ';'
				if tc.lang == "en" {
					comma = ','
				}
				if recs := sitetest.ReadCSV(t, f.Body, comma); len(recs) < 2 {
					t.Errorf("%s: %d lines, want a header and rows", href, len(recs))
				}
			}
		}
	}
}

// storeActionTitles lists the titles of every action under filters, in the list's order,
// straight from the store.
func storeActionTitles(t *testing.T, s *web.Server, filters map[string]string) []string {
	t.Helper()
	var out []string
	q := model.ListQuery{Filters: filters, Sort: "title", Limit: store.MaxLimit}
	for {
		pg, err := s.DB.List(context.Background(), model.Actions, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range pg.Items {
			out = append(out, r.Str("title"))
		}
		if pg.NextCursor == "" {
			return out
		}
		q.Cursor = pg.NextCursor
	}
}

func TestActionsExportHasTheFilteredRows(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	for _, tc := range []struct {
		name, query string
		filters     map[string]string
	}{
		{"unfiltered, more than one page", "", nil},
		{"by sector", "sector=transport", map[string]string{"sector": "transport"}},
		{"by sector and status", "sector=energy&status=in_progress", map[string]string{"sector": "energy", "status": "in_progress"}},
		{"an invalid filter is left out", "sector=transport&status=nope", map[string]string{"sector": "transport"}},
		{"by search", "q=vind", map[string]string{"q": "vind"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := sitetest.Fetch(t, ts.URL+"/indsatser?"+tc.query, nil, "da")
			href, ok := sitetest.ExportLinks(t, page.Body)["indsatser.csv"]
			if !ok {
				t.Fatal("no CSV link on the list")
			}
			if strings.Contains(href, "cursor") {
				t.Errorf("export link %q keeps the paging", href)
			}
			f := sitetest.Fetch(t, ts.URL+href, nil, "da")
			recs := sitetest.ReadCSV(t, f.Body, ';')
			var got []string
			for _, r := range recs[1:] {
				got = append(got, r[0])
			}
			want := storeActionTitles(t, s, tc.filters)
			if len(want) == 0 {
				t.Fatal("no action matches, so the case tests nothing")
			}
			if tc.filters == nil && len(want) <= public.ActionsPerPage {
				t.Fatalf("the demo data has %d actions, too few to test paging", len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("export has %d rows, want the %d the store has:\n got %q\nwant %q", len(got), len(want), got[:min(5, len(got))], want[:min(5, len(want))])
			}
			// The page's rows are the first of the file's.
			shown := actionIDs(t, page.Body)
			if len(shown) > len(got) {
				t.Errorf("page shows %d actions, the file has %d", len(shown), len(got))
			}
		})
	}
	// A page after the first exports the same file as the first.
	first := sitetest.Fetch(t, ts.URL+"/indsatser", nil, "da")
	next := regexp.MustCompile(`href="(/indsatser\?cursor=[^"]+)"`).FindStringSubmatch(first.Body)
	if next == nil {
		t.Fatal("no next page")
	}
	second := sitetest.Fetch(t, ts.URL+html.UnescapeString(next[1]), nil, "da")
	if a, b := sitetest.ExportLinks(t, first.Body)["indsatser.csv"], sitetest.ExportLinks(t, second.Body)["indsatser.csv"]; a != b {
		t.Errorf("the second page exports %q, the first %q", b, a)
	}
}

func TestExportCSVLocale(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	path := "/sammenlign?indicator=co2e_per_capita_t&" + page.ExportParam + "=sammenligning&format=csv"
	number := map[string]*regexp.Regexp{"da": regexp.MustCompile(`^-?\d+,\d+$`), "en": regexp.MustCompile(`^-?\d+\.\d+$`)}
	for _, tc := range []struct {
		lang  string
		comma rune
	}{{"da", ';'}, {"en", ','}} {
		f := sitetest.Fetch(t, ts.URL+path, nil, tc.lang)
		if f.Status != 200 {
			t.Fatalf("%s: status %d", tc.lang, f.Status)
		}
		if !strings.HasPrefix(f.Body, "\ufeff") || !strings.Contains(f.Body, "\r\n") {
			t.Errorf("%s: want BOM and CRLF", tc.lang)
		}
		recs := sitetest.ReadCSV(t, f.Body, tc.comma)
		if len(recs[0]) != 4 {
			t.Fatalf("%s: header %q, want 4 columns", tc.lang, recs[0])
		}
		decimals := 0
		for _, r := range recs[1:] {
			if number[tc.lang].MatchString(r[2]) {
				decimals++
			} else if _, err := strconv.Atoi(strings.TrimPrefix(r[2], "-")); err != nil {
				t.Errorf("%s: value %q is not a %s number", tc.lang, r[2], tc.lang)
			}
			if strings.ContainsAny(r[2], "\u00a0 \u2212") {
				t.Errorf("%s: value %q has grouping or a typographic minus", tc.lang, r[2])
			}
		}
		if decimals == 0 {
			t.Errorf("%s: no decimal numbers in %q", tc.lang, recs[1:min(3, len(recs))])
		}
	}
}

func TestExportXLSXHasNumbers(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	f := sitetest.Fetch(t, ts.URL+"/noegletal/co2e_total_t?"+page.ExportParam+"=vaerdier&format=xlsx", nil, "en")
	if f.Status != 200 || f.Header.Get("Content-Type") != sitetest.XLSXType {
		t.Fatalf("status %d, Content-Type %q", f.Status, f.Header.Get("Content-Type"))
	}
	if f.Header.Get("Content-Encoding") != "" {
		t.Errorf("an XLSX file is gzipped again")
	}
	x, err := excelize.OpenReader(strings.NewReader(f.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	if sheet != "values" {
		t.Errorf("sheet %q, want values", sheet)
	}
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || rows[0][0] != "Period" || rows[0][2] != "Value" {
		t.Fatalf("rows %q", rows[:min(2, len(rows))])
	}
	for _, ref := range []string{"A2", "C2"} { // a year and a value
		typ, err := x.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s has type %v, want a number", ref, typ)
		}
		v, _ := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			t.Errorf("%s = %q, not a number", ref, v)
		}
	}
	if typ, _ := x.GetCellType(sheet, "B2"); typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
		t.Errorf("the organisation B2 is not a text cell")
	}
}

func TestExportErrors(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	for _, tc := range []struct {
		path   string
		Status int
	}{
		{"/?eksport=nope&format=csv", 404},
		{"/indsatser?eksport=kommuner&format=csv", 404},
		{"/kommuner/101?eksport=maal&format=xlsx", 404},
		{"/kommuner/101?eksport=indsatser&format=pdf", 400},
		{"/kommuner/101?eksport=indsatser", 400},
		{"/indsatser?sector=nope&eksport=indsatser&format=csv", 400},
		{"/kommuner/999?eksport=indsatser&format=csv", 404},
	} {
		f := sitetest.Fetch(t, ts.URL+tc.path, nil, "da")
		if f.Status != tc.Status {
			t.Errorf("%s: status %d, want %d", tc.path, f.Status, tc.Status)
		}
		sitetest.CheckPage(t, f, "da")
		if f.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: an error page is a download", tc.path)
		}
	}
}
