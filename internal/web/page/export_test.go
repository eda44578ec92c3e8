package page

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// TestExportNeutralisesFormulas: a text that starts like a formula is neutralised in CSV;
// numbers are not touched, and XLSX keeps texts as texts, never formulas.
func TestExportNeutralisesFormulas(t *testing.T) {
	x := &Export{List: "indsatser", Columns: []string{"=Titel", "Tal"}}
	x.Add(sheet.Text("=HYPERLINK(\"http://x\")"), sheet.Number(-5.25, 2))
	x.Add(sheet.Text("+1"), sheet.Int(-3))
	x.Add(sheet.Text("@SUM(A1)"), sheet.Cell{})
	x.Add(sheet.Text("-2"), sheet.Number(0.5, 1))
	x.Add(sheet.Text("Vindmøller"), sheet.Number(-0.001, 1))
	var buf bytes.Buffer
	if err := WriteList(&buf, i18n.For(i18n.Danish), x, FormatCSV); err != nil {
		t.Fatal(err)
	}
	got := sitetest.ReadCSV(t, buf.String(), ';')
	want := [][]string{{"'=Titel", "Tal"}, {`'=HYPERLINK("http://x")`, "-5,25"}, {"'+1", "-3"}, {"'@SUM(A1)", ""}, {"'-2", "0,5"}, {"Vindmøller", "0,0"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("CSV\n got %q\nwant %q", got, want)
	}

	buf.Reset()
	if err := WriteList(&buf, i18n.For(i18n.English), x, FormatXLSX); err != nil {
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

// TestPageAndSheetExportsGuardFormulasAlike: a page's list and the API's and CLI's export
// (sheet.Export) guard a text that a spreadsheet would run as a formula the same way, by
// one rule, in CSV in both languages; XLSX writes every text as a text cell, never a
// formula; numbers are not texts and never guarded; and importing the export's CSV gives
// every text back exactly.
func TestPageAndSheetExportsGuardFormulasAlike(t *testing.T) {
	// Texts that start with a tab or a carriage return cannot come from the store, which
	// trims them, but a page may show one. A lone carriage return in a text is written as a
	// line end (sheet's csvLineEnds, which encoding/csv would otherwise drop); the guard goes
	// in front all the same, decided on the text as it was.
	cases := []struct {
		text, csv string
		stored    bool
	}{
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`, true},
		{"+45 22 33 44", "'+45 22 33 44", true},
		{"-2", "'-2", true},
		{"@SUM(A1)", "'@SUM(A1)", true},
		{"\t=1+1", "'\t=1+1", false},
		{"\r=1+1", "'\n=1+1", false},
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
	for _, format := range []string{FormatCSV, FormatXLSX} {
		var buf bytes.Buffer
		if err := sheet.Export(ctx, db, "themes", format, &buf); err != nil {
			t.Fatal(err)
		}
		files["api."+format] = &buf
	}
	x := &Export{List: "projekter", Columns: []string{"navn"}}
	for _, c := range cases {
		x.Add(sheet.Text(c.text))
	}
	for _, lang := range []i18n.Lang{i18n.Danish, i18n.English} {
		for _, format := range []string{FormatCSV, FormatXLSX} {
			var buf bytes.Buffer
			if err := WriteList(&buf, i18n.For(lang), x, format); err != nil {
				t.Fatal(err)
			}
			files["page."+i18n.For(lang).Code()+"."+format] = &buf
		}
	}

	api := sitetest.ReadCSV(t, files["api.csv"].String(), ';')
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
		rows := sitetest.ReadCSV(t, files[page.name].String(), page.comma)
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
		{"page.da.xlsx", ExportStem(i18n.For(i18n.Danish), x), "A", all},
		{"page.en.xlsx", ExportStem(i18n.For(i18n.English), x), "A", all},
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
	nums := &Export{List: "projekter", Columns: []string{"tal"}}
	nums.Add(sheet.Number(-5, 0))
	nums.Add(sheet.Number(-0.5, 1))
	nums.Add(sheet.Int(-3))
	for _, tc := range []struct {
		lang  i18n.Lang
		comma rune
		want  []string
	}{
		{i18n.Danish, ';', []string{"-5", "-0,5", "-3"}},
		{i18n.English, ',', []string{"-5", "-0.5", "-3"}},
	} {
		var buf bytes.Buffer
		if err := WriteList(&buf, i18n.For(tc.lang), nums, FormatCSV); err != nil {
			t.Fatal(err)
		}
		rows := sitetest.ReadCSV(t, buf.String(), tc.comma)
		for i, want := range tc.want {
			if got := rows[i+1][0]; got != want {
				t.Errorf("%s: number %d written as %q, want %q", tc.lang, i, got, want)
			}
		}
	}
}
