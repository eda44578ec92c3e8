package sheet

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriterGuardsTextsNotNumbers: the one writer guards a text that starts like a formula
// in CSV, in either layout, and never a number; XLSX keeps texts as text cells and numbers
// as numbers.
func TestWriterGuardsTextsNotNumbers(t *testing.T) {
	row := []Cell{Text("-5"), Number(-5, -1), Int(-5), Number(-0.25, 1), Number(-1234.5, 2), Date("2024-02-29"), Text("\t=1"), Text("'x"), {}, Text("plain")}
	for _, tc := range []struct {
		layout Layout
		comma  rune
		want   []string
	}{
		{Layout{}, ';', []string{"'-5", "-5", "-5", "-0,2", "-1234,50", "2024-02-29", "'\t=1", "''x", "", "plain"}},
		{Layout{DecimalPoint: true}, ',', []string{"'-5", "-5", "-5", "-0.2", "-1234.50", "2024-02-29", "'\t=1", "''x", "", "plain"}},
	} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, CSV, tc.layout, []string{"=a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Row(row); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		rest, ok := strings.CutPrefix(buf.String(), bom)
		if !ok || !strings.HasSuffix(rest, "\r\n") {
			t.Fatalf("not BOM and CRLF: %q", buf.String())
		}
		r := csv.NewReader(strings.NewReader(rest))
		r.Comma = tc.comma
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if recs[0][0] != "'=a" {
			t.Errorf("header =a written as %q", recs[0][0])
		}
		if !slices.Equal(recs[1], tc.want) {
			t.Errorf("%+v\n got %q\nwant %q", tc.layout, recs[1], tc.want)
		}
	}

	var buf bytes.Buffer
	w, err := NewWriter(&buf, XLSX, Layout{Sheet: "t"}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Row([]Cell{Text("=SUM(A1)"), Number(-5, -1)}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if typ, _ := f.GetCellType("t", "A2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("A2 is of type %v, not a text", typ)
	}
	if v, _ := f.GetCellValue("t", "A2"); v != "=SUM(A1)" {
		t.Errorf("A2 = %q", v)
	}
	if v, _ := f.GetCellValue("t", "B2", excelize.Options{RawCellValue: true}); v != "-5" {
		t.Errorf("B2 = %q, want the number -5", v)
	}
}
