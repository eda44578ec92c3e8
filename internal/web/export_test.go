package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
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
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
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
	x.add(sheet.Text("=HYPERLINK(\"http://x\")"), sheet.Number(-5.25, 2))
	x.add(sheet.Text("+1"), sheet.Int(-3))
	x.add(sheet.Text("@SUM(A1)"), sheet.Cell{})
	x.add(sheet.Text("-2"), sheet.Number(0.5, 1))
	x.add(sheet.Text("Vindmøller"), sheet.Number(-0.001, 1))
	var buf bytes.Buffer
	if err := writeList(&buf, i18n.For(i18n.Danish), x, formatCSV); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, buf.String(), ';')
	want := [][]string{{"'=Titel", "Tal"}, {`'=HYPERLINK("http://x")`, "-5,25"}, {"'+1", "-3"}, {"'@SUM(A1)", ""}, {"'-2", "0,5"}, {"Vindmøller", "0,0"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("CSV\n got %q\nwant %q", got, want)
	}

	buf.Reset()
	if err := writeList(&buf, i18n.For(i18n.English), x, formatXLSX); err != nil {
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

// TestPageAndSheetExportsGuardFormulasAlike: a page's list and the API's and CLI's export
// (sheet.Export) guard a text that a spreadsheet would run as a formula the same way, by
// one rule, in CSV in both languages; XLSX writes every text as a text cell, never a
// formula; numbers are not texts and never guarded; and importing the export's CSV gives
// every text back exactly.
func TestPageAndSheetExportsGuardFormulasAlike(t *testing.T) {
	// Texts that start with a tab or a carriage return cannot come from the store, which
	// trims them, but a page may show one. A CSV file's lines end in CRLF, and a lone
	// carriage return is left out of it (encoding/csv); the guard goes in front all the same.
	cases := []struct {
		text, csv string
		stored    bool
	}{
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`, true},
		{"+45 22 33 44", "'+45 22 33 44", true},
		{"-2", "'-2", true},
		{"@SUM(A1)", "'@SUM(A1)", true},
		{"\t=1+1", "'\t=1+1", false},
		{"\r=1+1", "'=1+1", false},
		{"'quoted", "''quoted", true},
		{"'=x", "''=x", true},
		{"''", "'''", true},
		{"a=b", "a=b", true},
		{"Vindmøller", "Vindmøller", true},
	}
	var stored []int // the cases in the store, in the order of their codes
	for i, c := range cases {
		if c.stored {
			stored = append(stored, i)
		}
	}
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		for _, i := range stored {
			if _, err := tx.Create(ctx, model.Themes, model.Record{"code": fmt.Sprintf("t%02d", i), "name_da": cases[i].text}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// The API's and the CLI's export, and the same texts as a page's list.
	files := map[string]*bytes.Buffer{}
	for _, format := range []string{formatCSV, formatXLSX} {
		var buf bytes.Buffer
		if err := sheet.Export(ctx, db, "themes", format, &buf); err != nil {
			t.Fatal(err)
		}
		files["api."+format] = &buf
	}
	x := &exportList{list: listProjects, columns: []string{"navn"}}
	for _, c := range cases {
		x.add(sheet.Text(c.text))
	}
	for _, lang := range []i18n.Lang{i18n.Danish, i18n.English} {
		for _, format := range []string{formatCSV, formatXLSX} {
			var buf bytes.Buffer
			if err := writeList(&buf, i18n.For(lang), x, format); err != nil {
				t.Fatal(err)
			}
			files["page."+i18n.For(lang).Code()+"."+format] = &buf
		}
	}

	api := readCSV(t, files["api.csv"].String(), ';')
	col := slices.Index(api[0], "navn")
	if col < 0 {
		t.Fatalf("no column navn in %q", api[0])
	}
	for n, i := range stored {
		if got, c := api[n+1][col], cases[i]; got != c.csv {
			t.Errorf("API CSV writes %q as %q, want %q", c.text, got, c.csv)
		}
	}
	for _, page := range []struct {
		name  string
		comma rune
	}{{"page.da.csv", ';'}, {"page.en.csv", ','}} {
		rows := readCSV(t, files[page.name].String(), page.comma)
		for i, c := range cases {
			if got := rows[i+1][0]; got != c.csv {
				t.Errorf("%s writes %q as %q, want %q", page.name, c.text, got, c.csv)
			}
		}
	}

	all := make([]int, len(cases))
	for i := range all {
		all[i] = i
	}
	for _, file := range []struct {
		name, sheet, col string
		cases            []int
	}{
		{"api.xlsx", "themes", string(rune('A' + col)), stored},
		{"page.da.xlsx", exportStem(i18n.For(i18n.Danish), x), "A", all},
		{"page.en.xlsx", exportStem(i18n.For(i18n.English), x), "A", all},
	} {
		f, err := excelize.OpenReader(files[file.name])
		if err != nil {
			t.Fatal(err)
		}
		for n, i := range file.cases {
			c, ref := cases[i], file.col+strconv.Itoa(n+2)
			if formula, _ := f.GetCellFormula(file.sheet, ref); formula != "" {
				t.Errorf("%s %s is the formula %q", file.name, ref, formula)
			}
			if typ, _ := f.GetCellType(file.sheet, ref); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s %s is of type %v, not a text", file.name, ref, typ)
			}
			if v, _ := f.GetCellValue(file.sheet, ref); v != c.text {
				t.Errorf("%s %s = %q, want the text as it is, %q", file.name, ref, v, c.text)
			}
		}
		f.Close()
	}

	// The import takes the guard off again: every text comes back exactly.
	back := storetest.Open(t, "sqlite")
	if _, err := sheet.Import(ctx, back, "themes", bytes.NewReader(files["api.csv"].Bytes()), sheet.CSV); err != nil {
		t.Fatal(err)
	}
	page, err := back.List(ctx, model.Themes, model.ListQuery{AllDrafts: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, rec := range page.Items {
		got[rec.Str("code")] = rec.Str("name_da")
	}
	for _, i := range stored {
		if code, c := fmt.Sprintf("t%02d", i), cases[i]; got[code] != c.text {
			t.Errorf("%q came back from the CSV import as %q", c.text, got[code])
		}
	}

	// Numbers are not texts: a negative number is written as it is, in both languages.
	nums := &exportList{list: listProjects, columns: []string{"tal"}}
	nums.add(sheet.Number(-5, 0))
	nums.add(sheet.Number(-0.5, 1))
	nums.add(sheet.Int(-3))
	for _, tc := range []struct {
		lang  i18n.Lang
		comma rune
		want  []string
	}{
		{i18n.Danish, ';', []string{"-5", "-0,5", "-3"}},
		{i18n.English, ',', []string{"-5", "-0.5", "-3"}},
	} {
		var buf bytes.Buffer
		if err := writeList(&buf, i18n.For(tc.lang), nums, formatCSV); err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, buf.String(), tc.comma)
		for i, want := range tc.want {
			if got := rows[i+1][0]; got != want {
				t.Errorf("%s: number %d written as %q, want %q", tc.lang, i, got, want)
			}
		}
	}
}
