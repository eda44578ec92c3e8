package sheet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

func importString(db *store.DB, kind, format, content string) (Result, error) {
	return Import(context.Background(), db, kind, strings.NewReader(content), format)
}

// values lists the stored values as "indicator org period breakdown=value" lines.
func values(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	inds, _ := db.IDKeys(ctx, model.Indicators)
	orgs, _ := db.IDKeys(ctx, model.Organisations)
	recs, err := listAll(ctx, db, model.IndicatorValues, model.ListQuery{AllDrafts: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		i, _ := r.Int("indicator_id")
		o, _ := r.Int("organisation_id")
		line := fmt.Sprintf("%s %s %s %s=%v", inds[i], orgs[o], r["period"], r["breakdown"], r["value"])
		for _, k := range []string{"source", "note", "vintage"} {
			if r[k] != nil {
				line += fmt.Sprintf(" %s=%v", k, r[k])
			}
		}
		if r["example"] == true {
			line += " example"
		}
		out = append(out, line)
	}
	return out
}

func count(t *testing.T, db *store.DB, kind string) int64 {
	t.Helper()
	res, _ := model.ByName(kind)
	n, err := db.Count(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportValueStyles(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	seedAll(t, db)
	tests := []struct {
		name, format, file string
		want               []string
	}{
		{"danish excel: bom, semicolons, crlf, decimal comma, thousands dots", CSV,
			bom + "indikator;organisation;periode;opdeling;vaerdi;kilde;udgivet;eksempel\r\n" +
				"co2-total;165;2019;;1.234,5;\"DST; tabel\";01-02-2023;ja\r\n" +
				"co2-total;165;2019-k3; fuel:gas ;-0,25;;1.2.2023;x\r\n" +
				"co2-total;165;2019-07;;1.234.567;;2023-02-01;nej\r\n" +
				";;;;;;;\r\n",
			[]string{"co2-total 165 2019 =1234.5 source=DST; tabel vintage=2023-02-01 example",
				"co2-total 165 2019-Q3 fuel:gas=-0.25 vintage=2023-02-01 example",
				"co2-total 165 2019-07 =1.234567e+06 vintage=2023-02-01"}},
		{"comma separated, decimal point, english headers in any case, no bom, lf", CSV,
			"Indicator_ID,ORGANISATION_ID,period,breakdown,Value,note\n" +
				"co2-total,165,2019,,1234.5,\"a, b\"\n" +
				"co2-total,165,2019-H2,,1e3,\n",
			[]string{"co2-total 165 2019 =1234.5 note=a, b", "co2-total 165 2019-H2 =1000"}},
		{"excel sep= line and columns in another order", CSV,
			"sep=,\r\nvaerdi,periode,organisation,indikator\r\n12.5,2018,101,ev-share\r\n",
			[]string{"ev-share 101 2018 =12.5"}},
		{"semicolons without bom, lf", CSV,
			"indikator;organisation;periode;vaerdi\nev-share;101;2017;12,5\nev-share;101;2016;7\n",
			[]string{"ev-share 101 2016 =7", "ev-share 101 2017 =12.5"}},
		{"xlsx with numbers, text numbers and a date cell", XLSX, "",
			[]string{"co2-total 101 2015 =0.1", "co2-total 101 2016 =1234.5 vintage=2024-03-01", "co2-total 101 2017 =1234.5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.Open(t, "sqlite")
			seedAll(t, db)
			before := values(t, db)
			file := tc.file
			if tc.format == XLSX {
				file = string(xlsxFile(t, [][]any{
					{"indikator", "organisation", "periode", "vaerdi", "udgivet"},
					{"co2-total", 101, 2015, 0.1, nil},
					{"co2-total", "101", "2016", "1.234,5", 45352}, // 45352 is 2024-03-01
					{"co2-total", 101, 2017, "1234.5", ""},
				}))
			}
			res, err := importString(db, "indicator-values", tc.format, file)
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != len(tc.want) || res.Rows != len(tc.want) {
				t.Errorf("result %+v, want %d created", res, len(tc.want))
			}
			got := values(t, db)
			added := map[string]bool{}
			for _, v := range got {
				added[v] = true
			}
			for _, v := range before {
				delete(added, v)
			}
			for _, w := range tc.want {
				if !added[w] {
					t.Errorf("missing %q", w)
				}
				delete(added, w)
			}
			for v := range added {
				t.Errorf("unexpected %q", v)
			}
		})
	}
}

// xlsxFile builds a workbook with one sheet holding the rows.
func xlsxFile(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestValuesUpsert(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	seedAll(t, db)
	file := "indikator;organisation;periode;opdeling;vaerdi\nco2-total;101;2020;;1,5\nco2-total;101;2019;;2\n"
	res, err := importString(db, "indicator-values", CSV, file)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 1 {
		t.Errorf("result %+v", res)
	}
	got := strings.Join(values(t, db), "\n")
	if !strings.Contains(got, "co2-total 101 2020 =1.5\n") || strings.Contains(got, "1.8000005e+06") {
		t.Errorf("value not replaced (and its source dropped):\n%s", got)
	}
}

// errorsOf returns the cell errors of an ImportError.
func errorsOf(t *testing.T, err error) []CellError {
	t.Helper()
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *ImportError", err, err)
	}
	return ie.Errors
}

// want is an expected error: row, column and a part of the reason.
type want struct {
	row    int
	column string
	reason string
}

func checkErrors(t *testing.T, got []CellError, wants []want) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range wants {
		found := false
		for i, g := range got {
			if !used[i] && g.Row == w.row && g.Column == w.column && strings.Contains(g.Reason, w.reason) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("no error at row %d, column %q, with %q", w.row, w.column, w.reason)
		}
	}
	for i, g := range got {
		if !used[i] {
			t.Errorf("unexpected error %s", g)
		}
	}
}

// badOrganisations is a file of organisations with a flaw of every kind.
const badOrganisations = "type;kode;navn;overordnet;befolkning;befolkning_kilde\n" +
	"municipality;1011;Forkert;1084;;\n" +
	"county;900;Amt;;;\n" +
	"partner;X1;Et;;2020:5|2021:6;a|b|c\n" +
	"partner;X1;To;;;\n" +
	"partner;X2;;ZZZ;2020;\n" +
	"partner;X3;Tre;X3;;\n" +
	"partner;X4;Fire;X5;2020:1|2020:2;\n" +
	"partner;X5;Fem;X4;;\n"

func TestBadFilesReportEveryCellAndSaveNothing(t *testing.T) {
	tests := []struct {
		name, kind, file string
		want             []want
	}{
		{"values", "indicator-values",
			"indikator;organisation;periode;opdeling;vaerdi;udgivet;eksempel;note\n" +
				"co2-total;101;2030;;1;;;\n" + // fine
				"nope;101;2030;;1;;;\n" +
				"co2-total;999;2030-13;;1;;;\n" +
				"co2-total;101;2031;;12.5;;;\n" +
				"co2-total;101;2032;;abc;31-02-2023;måske;\n" +
				"co2-total;101;2033;;;;;\n" +
				"co2-total;101;2030;;2;;;\n" + // duplicate of row 2
				"co2-total;101;2034;" + strings.Repeat("x", 201) + ";1;;;\n" +
				";;;;;;;\n" + // blank: skipped
				"co2-total;101;2035;;NaN;;;" + strings.Repeat("ø", 4001) + "\n" +
				"co2-total;101;2036;;1;;;;extra\n",
			[]want{
				{3, "indikator", `no indicator has the code "nope"`},
				{4, "organisation", `no organisation has the code "999"`},
				{4, "periode", "is not a year"},
				{5, "vaerdi", "decimals with a comma"},
				{6, "vaerdi", "must be a number"},
				{6, "udgivet", "must be a date"},
				{6, "eksempel", "must be ja or nej"},
				{7, "vaerdi", "a value is required"},
				{8, "", "row 2 has a value for the same"},
				{9, "opdeling", "201 characters long; at most 200"},
				{11, "vaerdi", "must be a number"},
				{11, "note", "4001 characters long"},
				{12, "", "cell 9 has no column header"},
			}},
		{"organisations", "organisations",
			badOrganisations,
			[]want{
				{2, "kode", "3-digit kommunekode"},
				{3, "type", "must be one of region, municipality"},
				{4, "befolkning", "3 sources but befolkning has 2 years"},
				{5, "kode", `the code "X1" is also in row 4`},
				{6, "navn", "a value is required"},
				{6, "overordnet", `no organisation has the code "ZZZ"`},
				{6, "befolkning", "must be written year:count"},
				{7, "overordnet", "cannot refer to itself"},
				{8, "befolkning", "two populations for 2020"},
				{8, "overordnet", `following overordnet from here leads back to "X4"`},
				{9, "overordnet", `following overordnet from here leads back to "X5"`},
			}},
		{"actions", "actions",
			"plan;projekt;titel;sektor;temaer;ansvarlig;start;slut;status;fremdrift_pct;faelles;partnere\n" +
				"KP-101;;Ok;energy;energy;101;2020-01-01;2021-01-01;planned;0;ja;165|DN\n" +
				"KP-101;VIP3;Begge;energy;;101;;;planned;;;\n" +
				"KP-101;;Skæv;energy;energy|nope|energy.heat;101;2022-01-01;2021-01-01;planned;101;nej;165\n" +
				"KP-101;;Dobbelt;energy;energy|energy;101;;;done;;;\n",
			[]want{
				{3, "plan", "exactly one of"},
				{4, "temaer", `no theme has the code "nope"`},
				{4, "fremdrift_pct", "between 0 and 100"},
				{5, "temaer", `"energy" is listed twice`},
				{5, "status", "must be one of planned"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.Open(t, "sqlite")
			seedAll(t, db)
			before := map[string]int64{}
			for _, k := range order {
				before[k] = count(t, db, k)
			}
			orgs := exportString(t, db, "organisations", CSV)
			_, err := importString(db, tc.kind, CSV, tc.file)
			checkErrors(t, errorsOf(t, err), tc.want)
			for _, k := range order {
				if n := count(t, db, k); n != before[k] {
					t.Errorf("%s: %d records before, %d after", k, before[k], n)
				}
			}
			if !bytes.Equal(orgs, exportString(t, db, "organisations", CSV)) {
				t.Error("organisations changed")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, fmt.Sprintf("row %d", w.row)) {
					t.Errorf("message lacks row %d:\n%s", w.row, msg)
				}
			}
		})
	}
}

func TestHeaderAndEncodingErrors(t *testing.T) {
	tests := []struct {
		name, kind, file string
		want             []want
	}{
		{"unknown column", "themes", "kode;navn;farve\nx;X;rød\n",
			[]want{{1, "farve", "unknown column; the columns of themes are kode, overordnet, navn, navn_en"}}},
		{"missing required column", "indicators", "kode;navn;enhed;ejer_organisation\nx;X;t;101\n",
			[]want{{1, "retning", "required column is missing"}}},
		{"missing required columns and a bad cell", "indicator-values", "indikator;periode\nco2-total;20x\n",
			[]want{{1, "organisation", "required column is missing"}, {1, "vaerdi", "required column is missing"}, {2, "periode", "is not a year"}}},
		{"key column missing", "themes", "navn;overordnet\nX;energy\n",
			[]want{{1, "kode", "required column is missing"}}},
		{"column twice", "themes", "kode;navn;Code\nx;X;y\n",
			[]want{{1, "Code", "column kode appears twice"}}},
		{"empty file", "themes", bom, []want{{1, "", "the file is empty"}}},
		{"windows-1252", "organisations", "type;kode;navn\nmunicipality;101;K\xf8benhavn\nmunicipality;147;Frederiksberg\nmunicipality;151;Ballerup \xe6\xf8\xe5\n",
			[]want{{2, "navn", `save the file as "CSV UTF-8`}, {4, "navn", "CSV UTF-8"}}},
		{"windows-1252 values", "indicator-values", "indikator;organisation;periode;opdeling;vaerdi\nco2-total;101;2020;br\xe6ndsel;1\n",
			[]want{{2, "opdeling", "CSV UTF-8"}}},
		{"unknown references", "indicators", "kode;navn;enhed;retning;ejer_plan;tema\nx;X;t;lower;KP-999;energi\n",
			[]want{{2, "ejer_plan", `no plan has the code "KP-999"`}, {2, "tema", `no theme has the code "energi"`}}},
		{"bare quote", "themes", "kode;navn\nx;Et \"citat\" her\n",
			[]want{{2, "", `quote (") inside a cell must be doubled`}}},
		{"not xlsx", "themes", "kode;navn\n", []want{{0, "", "not an Excel workbook"}}},
		{"header after sep= line", "themes", "sep=;\nkode;navn;farve\nx;X;rød\nx;Y;\n",
			[]want{{2, "farve", "unknown column"}, {4, "kode", `the code "x" is also in row 3`}}},
		{"malformed values file", "indicator-values", "indikator;organisation;periode;vaerdi\nco2-total;101;x;1\nco2-total;101;2020;\"1\"2\n",
			[]want{{2, "periode", "is not a year"}, {3, "", "the CSV file is malformed at line 3"}}},
		{"bad targets", "indicators", "kode;navn;enhed;retning;ejer_organisation;maal\nx;X;t;lower;101;2030|2025:1\ny;Y;t;lower;101;2030:abc\nz;Z;t;lower;101;2030:1|2030:2\n",
			[]want{{2, "maal", "must be written year:value"}, {3, "maal", "the value must be a number"}, {4, "maal", "two targets for 2030"}}},
		{"utf-16", "themes", "\xff\xfek\x00o\x00", []want{{1, "", "the file is UTF-16"}}},
		{"utf-16 big-endian", "themes", "\xfe\xff\x00k\x00o", []want{{1, "", "the file is UTF-16"}}},
		{"utf-32", "themes", "\xff\xfe\x00\x00k\x00\x00\x00o\x00\x00\x00", []want{{1, "", "the file is UTF-32; it must be UTF-8"}}},
		{"utf-32 big-endian", "themes", "\x00\x00\xfe\xff\x00\x00\x00k\x00\x00\x00o", []want{{1, "", "the file is UTF-32; it must be UTF-8"}}},
		{"sources without populations", "organisations", "type;kode;navn;befolkning_kilde\nother;X;X;DST\n",
			[]want{{1, "befolkning_kilde", "needs the column befolkning"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.Open(t, "sqlite")
			seedAll(t, db)
			format := CSV
			if tc.name == "not xlsx" {
				format = XLSX
			}
			_, err := importString(db, tc.kind, format, tc.file)
			checkErrors(t, errorsOf(t, err), tc.want)
		})
	}
	// The message shows the text as Windows-1252, so the user sees which cell it is.
	db := storetest.Open(t, "sqlite")
	_, err := importString(db, "themes", CSV, "kode;navn\nx;K\xf8benhavn\n")
	if !strings.Contains(err.Error(), `row 2, column navn, value "København": the text is not UTF-8`) {
		t.Errorf("message: %v", err)
	}
}

func TestImportOrganisationsUpsertsByKey(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	id := seedAll(t, db)
	// Children before parents, a new parent, an update of an existing record, and no
	// sources column: the stored source of 2020 is kept.
	file := "kode;overordnet;navn;type;befolkning\r\n" +
		"999;NYREG;Ny kommune;municipality;2020:1.000\r\n" +
		"NYREG;;Ny region;other;\r\n" +
		"101;1084;København K;municipality;2020:632340|2024:660000\r\n" +
		"165;1084;Albertslund;municipality;2020:27753\r\n"
	res, err := importString(db, "organisations", CSV, file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Result{Kind: "organisations", Rows: 4, Created: 2, Updated: 1, Unchanged: 1}, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	kbh, err := db.Get(ctx, model.Organisations, id["kbh"])
	if err != nil {
		t.Fatal(err)
	}
	if kbh["name_da"] != "København K" || kbh["version"] != int64(2) {
		t.Errorf("kbh %v", kbh)
	}
	wantPop := []model.Population{{Year: 2020, Value: 632340, Source: "DST | FOLK1A: kvartal 1"}, {Year: 2024, Value: 660000}}
	if diff := cmp.Diff(wantPop, kbh["population"]); diff != "" {
		t.Errorf("population (-want +got):\n%s", diff)
	}
	keys, _ := db.Keys(ctx, model.Organisations)
	nyk, _ := db.Get(ctx, model.Organisations, keys["999"])
	if nyk["parent_id"] != keys["NYREG"] {
		t.Errorf("new municipality %v, want parent %d", nyk, keys["NYREG"])
	}
}

func TestImportThemesXLSX(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	file := xlsxFile(t, [][]any{
		{"Code", "Parent_ID", "Name_DA"},
		{"b", "a", "Bee"},
		{nil, nil, nil},
		{"a", "", "Aa"},
		{2030, "a", "Tal"},
	})
	res, err := Import(ctx, db, "themes", bytes.NewReader(file), "XLSX")
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 3 || res.Rows != 3 {
		t.Errorf("result %+v", res)
	}
	got := string(exportString(t, db, "themes", CSV))
	want := bom + "kode;overordnet;navn;navn_en\r\n2030;a;Tal;\r\na;;Aa;\r\nb;a;Bee;\r\n"
	if got != want {
		t.Errorf("themes:\n%s", cmp.Diff(want, got))
	}
}

func TestUnknownKindAndFormat(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	for _, kind := range []string{"goals", "participants", "nope"} {
		if _, err := importString(db, kind, CSV, "a\n"); err == nil || !strings.Contains(err.Error(), "organisations, themes") {
			t.Errorf("%s: %v", kind, err)
		}
	}
	if _, err := importString(db, "themes", "ods", "a\n"); err == nil {
		t.Error("ods accepted")
	}
	if got := strings.Join(Kinds(), ","); got != strings.Join(order, ",") {
		t.Errorf("kinds %s", got)
	}
}

func TestCells(t *testing.T) {
	floats := []struct {
		in  string
		dec decimal
		out float64
		ok  bool
	}{
		{"1234,5", decComma, 1234.5, true},
		{"1.234,5", decComma, 1234.5, true},
		{"-1.234.567,25", decComma, -1234567.25, true},
		{"1.234", decComma, 1234, true},
		{" 7 ", decComma, 7, true},
		{",5", decComma, 0.5, true},
		{"1,5E-3", decComma, 0.0015, true},
		{"12.5", decComma, 0, false},
		{"1.23,4", decComma, 0, false},
		{"1,2,3", decComma, 0, false},
		{"1234.5", decPoint, 1234.5, true},
		{"1e3", decPoint, 1000, true},
		{"1,5", decPoint, 0, false},
		{"1.234", decAny, 1.234, true},
		{"1.234,5", decAny, 1234.5, true},
		{"Inf", decAny, 0, false},
		{"NaN", decPoint, 0, false},
		{"0x10", decPoint, 0, false},
		{"1e999", decPoint, 0, false},
		{"", decComma, 0, false},
		{"-", decComma, 0, false},
	}
	for _, tc := range floats {
		x, reason := parseFloat(tc.in, tc.dec)
		if (reason == "") != tc.ok || (tc.ok && x != tc.out) {
			t.Errorf("parseFloat(%q, %d) = %v, %q", tc.in, tc.dec, x, reason)
		}
	}
	for _, x := range []float64{0, -0.25, 1e15, 1e-7, 1234.5678, 1.0 / 3, math.MaxFloat64, 5e-324} {
		for _, dec := range []decimal{decComma, decPoint} {
			y, reason := parseFloat(formatFloat(x, dec), dec)
			if reason != "" || y != x {
				t.Errorf("%v in style %d: %q gives %v %q", x, dec, formatFloat(x, dec), y, reason)
			}
		}
	}
	for _, tc := range []struct{ in, out string }{
		{"2024-02-29", "2024-02-29"}, {"29-02-2024", "2024-02-29"}, {"29.02.2024", "2024-02-29"}, {"1.3.2024", "2024-03-01"},
		{"2023-02-29", ""}, {"1899-12-31", ""}, {"45352", ""},
	} {
		got, _ := parseDate(tc.in, decComma)
		if got != tc.out {
			t.Errorf("parseDate(%q) = %q, want %q", tc.in, got, tc.out)
		}
	}
	if got, _ := parseDate("45352", decAny); got != "2024-03-01" {
		t.Errorf("excel date: %q", got)
	}
	for _, items := range [][]string{{"a"}, {"a", "b"}, {"a|b", `c\d`, ""}, {"", ""}, {`\`, `|`}} {
		if got := splitList(joinList(items)); !cmp.Equal(got, items) {
			t.Errorf("list %q: joined %q, split %q", items, joinList(items), got)
		}
	}
	for _, ps := range [][]model.Population{
		{{Year: 2020, Value: 1, Source: "a"}, {Year: 2021, Value: 2, Source: "a"}},
		{{Year: 2020, Value: 1, Source: ""}, {Year: 2021, Value: 2, Source: "x|y"}},
		{{Year: 2020, Value: 1, Source: `x|y\`}},
		{{Year: 2020, Value: 1}, {Year: 2021, Value: 2}},
		{},
	} {
		counts, sources := formatPopulations(ps, decComma)
		got, reason := parsePopulations(counts, &sources, decComma, nil)
		if reason != "" || !cmp.Equal(got, ps) {
			t.Errorf("populations %v: %q %q gives %v %q", ps, counts, sources, got, reason)
		}
	}
}
