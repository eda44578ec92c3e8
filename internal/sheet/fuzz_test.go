package sheet

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// The importers' fuzz targets: FuzzImportCSV and FuzzImportXLSX, each over every kind (the
// first argument picks it from Kinds()). They run an import's whole reading and checking
// (readInput, then checkRecords or checkValues) against an SQLite database made once per
// fuzzing process with seedAll's records, and never write: an import writes only a file that
// passed these checks. The seed corpus (testdata/fuzz/FuzzImport*) holds this package's
// own export of every kind in both formats, Danish Excel's variants of CSV, broken files and
// decompression bombs; TestFuzzSeeds keeps the exports in it current.

func FuzzImportCSV(f *testing.F)  { fuzzImport(f, CSV) }
func FuzzImportXLSX(f *testing.F) { fuzzImport(f, XLSX) }

func fuzzImport(f *testing.F, format string) {
	db := storetest.Open(f, "sqlite")
	seedAll(f, db)
	kinds := Kinds()
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		kind := kinds[int(which)%len(kinds)]
		res, _ := model.ByName(kind)
		chk, n, err := checkFile(t.Context(), db, res, format, data)
		if err != nil {
			checkRefusal(t, res, format, data, err)
			return
		}
		if chk == nil {
			return // indicator values: checkValues accepted n rows
		}
		if len(chk.rows) != n {
			t.Errorf("%s: %d rows checked, %d read", kind, len(chk.rows), n)
		}
		roundTrip(t, db, res, chk)
	})
}

// checkFile reads and checks a file as an import does, writing nothing; for indicator
// values it returns only the number of rows.
func checkFile(ctx context.Context, db *store.DB, res *model.Resource, format string, data []byte) (*checkedRecords, int, error) {
	in, err := readInput(bytes.NewReader(data), format, DefaultLimits)
	if err != nil {
		return nil, 0, err
	}
	defer in.close()
	in.pickSheet(res.Name)
	if res == model.IndicatorValues {
		_, _, n, err := checkValues(ctx, db, res, in)
		return nil, n, err
	}
	chk, err := checkRecords(ctx, db, res, in, model.ListQuery{AllDrafts: true})
	if chk == nil {
		return nil, 0, err
	}
	return chk, len(chk.rows), err
}

// checkRefusal: a refused file is an *ImportError (422) or a *TooLargeError (413), never
// another error (a 500); each problem has a reason, a row within the file, a column the file
// or the resource names, and a shortened value; errors beyond MaxErrors are counted.
func checkRefusal(t *testing.T, res *model.Resource, format string, data []byte, err error) {
	t.Helper()
	var tle *TooLargeError
	if errors.As(err, &tle) {
		if tle.Reason == "" {
			t.Errorf("%s: a TooLargeError without a reason", res.Name)
		}
		return
	}
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("%s %s: refused with %T, not an ImportError: %v", res.Name, format, err, err)
	}
	if len(ie.Errors) == 0 || (ie.Omitted > 0 && len(ie.Errors) != MaxErrors) || len(ie.Errors) > MaxErrors {
		t.Errorf("%s: %d errors, %d omitted", res.Name, len(ie.Errors), ie.Omitted)
	}
	maxRow := bytes.Count(data, []byte("\n")) + 2 // a CSV row is at least a line; the sep= line counts
	if format == XLSX {
		maxRow = 1 << 20 // Excel's most rows; the XML's row numbers are not counted here
	}
	columns := fileHeaders(data, format, res.Name)
	columns[""] = true
	for _, c := range columnsOf(res) {
		columns[c.header], columns[c.name] = true, true
	}
	for _, ce := range ie.Errors {
		if ce.Reason == "" || !utf8.ValidString(ce.Reason) {
			t.Errorf("%s: error without a readable reason: %+v", res.Name, ce)
		}
		if ce.Row < 0 || ce.Row > maxRow {
			t.Errorf("%s %s: error at row %d of a file of at most %d: %+v", res.Name, format, ce.Row, maxRow, ce)
		}
		if utf8.RuneCountInString(ce.Value) > 81 || !utf8.ValidString(ce.Value) {
			t.Errorf("%s: value not shortened to readable text: %q", res.Name, ce.Value)
		}
		if !columns[ce.Column] {
			t.Errorf("%s %s: error in column %q, which neither the file nor %s has", res.Name, format, ce.Column, res.Name)
		}
	}
}

// fileHeaders are the headers of the file's first row, as an error may name them.
func fileHeaders(data []byte, format, kind string) map[string]bool {
	out := map[string]bool{}
	in, err := readInput(bytes.NewReader(data), format, DefaultLimits)
	if err != nil {
		return out
	}
	defer in.close()
	in.pickSheet(kind)
	src, err := in.rows()
	if err != nil {
		return out
	}
	defer src.close()
	header, _, err := src.next()
	if err != nil {
		return out
	}
	for _, h := range header {
		out[strings.TrimSpace(h)], out[shorten(h)] = true, true
	}
	return out
}

// roundTrip exports the checked rows as a CSV file of the file's own columns (export's
// encoder and writer) and checks that file again: it must pass with the same values, row
// by row (export → import is lossless for whatever an import takes).
func roundTrip(t *testing.T, db *store.DB, res *model.Resource, chk *checkedRecords) {
	t.Helper()
	ctx := t.Context()
	var cols []column
	var headers []string
	for i, c := range chk.lay.cols {
		if chk.lay.pos[i] >= 0 {
			cols = append(cols, c)
			headers = append(headers, c.header)
		}
	}
	keys := map[string]map[int64]string{}
	for _, c := range cols {
		if c.field.Kind != model.Ref && c.field.Kind != model.RefList {
			continue
		}
		target, _ := model.ByName(c.field.Ref)
		m, err := db.IDKeys(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		if target == res {
			for key, id := range chk.conv.pending {
				m[id] = key
			}
		}
		keys[c.field.Ref] = m
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, CSV, Layout{}, headers)
	if err != nil {
		t.Fatal(err)
	}
	enc := &encoder{cols: cols, keys: keys, dec: decComma, cells: make([]Cell, len(cols))}
	for _, fr := range chk.rows {
		rec := model.Record{}
		for _, c := range cols {
			if v, ok := fr.patch[c.field.Name]; ok {
				rec[c.field.Name] = v
			} else if fr.cur != nil {
				rec[c.field.Name] = fr.cur[c.field.Name] // the sources of populations kept from the stored record
			}
		}
		cells, err := enc.row(rec)
		if err != nil {
			t.Fatalf("%s: row %d checked but cannot be exported: %v", res.Name, fr.row, err)
		}
		if err := w.Row(cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	again, _, err := checkFile(ctx, db, res, CSV, buf.Bytes())
	if err != nil {
		t.Fatalf("%s: a checked file, exported, is refused: %v\nexport:\n%s", res.Name, err, buf.Bytes())
	}
	if len(again.rows) != len(chk.rows) {
		t.Fatalf("%s: %d rows checked, %d in their export", res.Name, len(chk.rows), len(again.rows))
	}
	for i, fr := range chk.rows {
		for name, v := range fr.patch {
			f, _ := res.Field(name)
			if s, ok := v.(string); ok {
				v = csvLineEnds.Replace(s) // CSV reads a cell's line ends back as LF
			}
			if w := again.rows[i].patch[name]; !f.Kind.Equal(v, w) {
				t.Errorf("%s: row %d, %s: %#v checked, %#v after export\nexport:\n%s", res.Name, fr.row, name, v, w, buf.Bytes())
			}
		}
	}
}

var writeSeeds = flag.Bool("write-fuzz-seeds", false, "write the importers' seed corpus (testdata/fuzz/FuzzImport*) anew")

// TestFuzzSeeds: the importers' seed corpus holds this package's current export of every
// kind, as CSV and XLSX, of seedAll's records, which the fuzz targets then check as valid
// files (round trip included). With -write-fuzz-seeds it writes them (and the hand-made
// seeds of fuzzSeeds) anew.
func TestFuzzSeeds(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	seedAll(t, db)
	kinds := Kinds()
	for i, kind := range kinds {
		for _, format := range []string{CSV, XLSX} {
			name := fmt.Sprintf("export-%s", kind)
			data := exportString(t, db, kind, format)
			target := map[string]string{CSV: "FuzzImportCSV", XLSX: "FuzzImportXLSX"}[format]
			path := filepath.Join("testdata", "fuzz", target, name)
			entry := corpusEntry(uint8(i), data)
			if *writeSeeds {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, entry, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%v; run go test ./internal/sheet -run TestFuzzSeeds -write-fuzz-seeds", err)
				continue
			}
			if format == CSV && !bytes.Equal(got, entry) {
				t.Errorf("%s is not the current export of %s; run go test ./internal/sheet -run TestFuzzSeeds -write-fuzz-seeds", path, kind)
			}
		}
	}
	for _, s := range fuzzSeeds(t, db) {
		if strings.HasSuffix(s.name, "-bomb") {
			res, _ := model.ByName(s.kind)
			var tle *TooLargeError
			if _, _, err := checkFile(t.Context(), db, res, XLSX, s.data); !errors.As(err, &tle) {
				t.Errorf("seed %s: %v, want a TooLargeError", s.name, err)
			}
			if len(s.data) > 64<<10 {
				t.Errorf("seed %s is %d bytes; a bomb is small", s.name, len(s.data))
			}
		}
		if *writeSeeds {
			path := filepath.Join("testdata", "fuzz", s.target, s.name)
			if err := os.WriteFile(path, corpusEntry(uint8(indexOf(kinds, s.kind)), s.data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func indexOf(kinds []string, kind string) int {
	for i, k := range kinds {
		if k == kind {
			return i
		}
	}
	panic("no kind " + kind)
}

// corpusEntry is one input in the format of Go's fuzzing engine.
func corpusEntry(which uint8, data []byte) []byte {
	return fmt.Appendf(nil, "go test fuzz v1\nbyte(%q)\n[]byte(%q)\n", rune(which), data)
}
