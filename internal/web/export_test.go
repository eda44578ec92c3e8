package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

var exportLinkRE = regexp.MustCompile(`href="([^"]*eksport=[^"]*)"`)

// exportLinks are the export links of a page, by list and format.
func exportLinks(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range exportLinkRE.FindAllStringSubmatch(body, -1) {
		href := html.UnescapeString(m[1])
		u, err := url.Parse(href)
		if err != nil {
			t.Fatal(err)
		}
		out[u.Query().Get(exportParam)+"."+u.Query().Get(formatParam)] = href
	}
	return out
}

// readCSV reads an exported CSV file, checking its BOM, with the given separator.
func readCSV(t *testing.T, body string, comma rune) [][]string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, "\ufeff")
	if !ok {
		t.Fatalf("CSV has no UTF-8 BOM: %q", body[:min(len(body), 20)])
	}
	r := csv.NewReader(strings.NewReader(rest))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v", err)
	}
	return recs
}

// TestEveryListExports checks that every list a page shows has CSV and XLSX links, and that
// each answers a download of the right type and name, from the page's data.
func TestEveryListExports(t *testing.T) {
	_, ts := newTestServer(t)
	home := fetch(t, ts.URL+"/", nil, "da")
	project := regexp.MustCompile(`href="/projekter/([^"/]+)"`).FindStringSubmatch(home.body)
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
		page := fetch(t, ts.URL+tc.path, nil, tc.lang)
		links := exportLinks(t, page.body)
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
			f := fetch(t, ts.URL+href, nil, tc.lang)
			if f.status != 200 {
				t.Errorf("%s: %s answers %d", tc.path, href, f.status)
				continue
			}
			wantType := "text/csv; charset=utf-8"
			if format == formatXLSX {
				wantType = xlsxType
			}
			if ct := f.header.Get("Content-Type"); ct != wantType {
				t.Errorf("%s: Content-Type %q, want %q", href, ct, wantType)
			}
			wantCD := `attachment; filename="` + tc.lists[list] + "-" + today + "." + format + `"`
			if cd := f.header.Get("Content-Disposition"); cd != wantCD {
				t.Errorf("%s: Content-Disposition %q, want %q", href, cd, wantCD)
			}
			if lang := f.header.Get("Content-Language"); lang != tc.lang {
				t.Errorf("%s: Content-Language %q, want %q", href, lang, tc.lang)
			}
			if format == formatCSV {
				comma := ';'
				if tc.lang == "en" {
					comma = ','
				}
				if recs := readCSV(t, f.body, comma); len(recs) < 2 {
					t.Errorf("%s: %d lines, want a header and rows", href, len(recs))
				}
			}
		}
	}
}

// storeActionTitles lists the titles of every action under filters, in the list's order,
// straight from the store.
func storeActionTitles(t *testing.T, s *Server, filters map[string]string) []string {
	t.Helper()
	var out []string
	q := model.ListQuery{Filters: filters, Sort: "title", Limit: store.MaxLimit}
	for {
		pg, err := s.db.List(context.Background(), model.Actions, q)
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
	s, ts := newTestServer(t)
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
			page := fetch(t, ts.URL+"/indsatser?"+tc.query, nil, "da")
			href, ok := exportLinks(t, page.body)["indsatser.csv"]
			if !ok {
				t.Fatal("no CSV link on the list")
			}
			if strings.Contains(href, "cursor") {
				t.Errorf("export link %q keeps the paging", href)
			}
			f := fetch(t, ts.URL+href, nil, "da")
			recs := readCSV(t, f.body, ';')
			var got []string
			for _, r := range recs[1:] {
				got = append(got, r[0])
			}
			want := storeActionTitles(t, s, tc.filters)
			if len(want) == 0 {
				t.Fatal("no action matches, so the case tests nothing")
			}
			if tc.filters == nil && len(want) <= actionsPerPage {
				t.Fatalf("the demo data has %d actions, too few to test paging", len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("export has %d rows, want the %d the store has:\n got %q\nwant %q", len(got), len(want), got[:min(5, len(got))], want[:min(5, len(want))])
			}
			// The page's rows are the first of the file's.
			shown := actionIDs(t, page.body)
			if len(shown) > len(got) {
				t.Errorf("page shows %d actions, the file has %d", len(shown), len(got))
			}
		})
	}
	// A page after the first exports the same file as the first.
	first := fetch(t, ts.URL+"/indsatser", nil, "da")
	next := regexp.MustCompile(`href="(/indsatser\?cursor=[^"]+)"`).FindStringSubmatch(first.body)
	if next == nil {
		t.Fatal("no next page")
	}
	second := fetch(t, ts.URL+html.UnescapeString(next[1]), nil, "da")
	if a, b := exportLinks(t, first.body)["indsatser.csv"], exportLinks(t, second.body)["indsatser.csv"]; a != b {
		t.Errorf("the second page exports %q, the first %q", b, a)
	}
}

func TestExportCSVLocale(t *testing.T) {
	_, ts := newTestServer(t)
	path := "/sammenlign?indicator=co2e_per_capita_t&" + exportParam + "=sammenligning&format=csv"
	number := map[string]*regexp.Regexp{"da": regexp.MustCompile(`^-?\d+,\d+$`), "en": regexp.MustCompile(`^-?\d+\.\d+$`)}
	for _, tc := range []struct {
		lang  string
		comma rune
	}{{"da", ';'}, {"en", ','}} {
		f := fetch(t, ts.URL+path, nil, tc.lang)
		if f.status != 200 {
			t.Fatalf("%s: status %d", tc.lang, f.status)
		}
		if !strings.HasPrefix(f.body, "\ufeff") || !strings.Contains(f.body, "\r\n") {
			t.Errorf("%s: want BOM and CRLF", tc.lang)
		}
		recs := readCSV(t, f.body, tc.comma)
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
	_, ts := newTestServer(t)
	f := fetch(t, ts.URL+"/noegletal/co2e_total_t?"+exportParam+"=vaerdier&format=xlsx", nil, "en")
	if f.status != 200 || f.header.Get("Content-Type") != xlsxType {
		t.Fatalf("status %d, Content-Type %q", f.status, f.header.Get("Content-Type"))
	}
	if f.header.Get("Content-Encoding") != "" {
		t.Errorf("an XLSX file is gzipped again")
	}
	x, err := excelize.OpenReader(strings.NewReader(f.body))
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

// TestExportNeutralisesFormulas: a text that starts like a formula is neutralised in CSV;
// numbers are not touched, and XLSX keeps texts as texts, never formulas.
func TestExportNeutralisesFormulas(t *testing.T) {
	x := &exportList{list: listActions, columns: []string{"=Titel", "Tal"}}
	x.add(textCell("=HYPERLINK(\"http://x\")"), numCell(-5.25, 2))
	x.add(textCell("+1"), intCell(-3))
	x.add(textCell("@SUM(A1)"), cell{})
	x.add(textCell("-2"), numCell(0.5, 1))
	x.add(textCell("Vindmøller"), numCell(-0.001, 1))
	var buf bytes.Buffer
	if err := writeCSV(&buf, i18n.For(i18n.Danish), x); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, buf.String(), ';')
	want := [][]string{{"'=Titel", "Tal"}, {`'=HYPERLINK("http://x")`, "-5,25"}, {"'+1", "-3"}, {"'@SUM(A1)", ""}, {"'-2", "0,5"}, {"Vindmøller", "0,0"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("CSV\n got %q\nwant %q", got, want)
	}

	buf.Reset()
	if err := writeXLSX(&buf, i18n.For(i18n.English), x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if formula, _ := f.GetCellFormula("actions", "A2"); formula != "" {
		t.Errorf("A2 is the formula %q", formula)
	}
	if v, _ := f.GetCellValue("actions", "A2"); v != `=HYPERLINK("http://x")` {
		t.Errorf("A2 = %q, want the text as it is", v)
	}
	if v, _ := f.GetCellValue("actions", "B2", excelize.Options{RawCellValue: true}); v != "-5.25" {
		t.Errorf("B2 = %q, want -5.25", v)
	}
}

func TestExportErrors(t *testing.T) {
	_, ts := newTestServer(t)
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/?eksport=nope&format=csv", 404},
		{"/indsatser?eksport=kommuner&format=csv", 404},
		{"/kommuner/101?eksport=maal&format=xlsx", 404},
		{"/kommuner/101?eksport=indsatser&format=pdf", 400},
		{"/kommuner/101?eksport=indsatser", 400},
		{"/indsatser?sector=nope&eksport=indsatser&format=csv", 400},
		{"/kommuner/999?eksport=indsatser&format=csv", 404},
	} {
		f := fetch(t, ts.URL+tc.path, nil, "da")
		if f.status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, f.status, tc.status)
		}
		checkPage(t, f, "da")
		if f.header.Get("Content-Disposition") != "" {
			t.Errorf("%s: an error page is a download", tc.path)
		}
	}
}

// TestExportThroughTheCache: a cached file stays a download, and the page beside it stays a
// page.
func TestExportThroughTheCache(t *testing.T) {
	_, ts := newTestServer(t)
	path := "/kommuner/101?eksport=indsatser&format=csv"
	first := fetch(t, ts.URL+path, nil, "da")
	second := fetch(t, ts.URL+path, nil, "da")
	for i, f := range []fetched{first, second} {
		if f.status != 200 || !strings.HasPrefix(f.header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(f.header.Get("Content-Disposition"), "attachment; ") || f.header.Get("ETag") == "" {
			t.Errorf("fetch %d: %d %q %q ETag %q", i+1, f.status, f.header.Get("Content-Type"), f.header.Get("Content-Disposition"), f.header.Get("ETag"))
		}
	}
	if first.body != second.body {
		t.Error("the cached file differs")
	}
	page := fetch(t, ts.URL+"/kommuner/101", nil, "da")
	checkPage(t, page, "da")
	if page.header.Get("Content-Disposition") != "" || page.header.Get("ETag") == first.header.Get("ETag") {
		t.Error("the page shares the file's headers or ETag")
	}
	gz := fetch(t, ts.URL+path, map[string]string{"Accept-Encoding": "gzip"}, "da")
	if gz.header.Get("Content-Disposition") == "" {
		t.Error("the gzipped file is not a download")
	}
	nm := fetch(t, ts.URL+path, map[string]string{"If-None-Match": first.header.Get("ETag")}, "da")
	if nm.status != 304 {
		t.Errorf("If-None-Match: status %d, want 304", nm.status)
	}
}
