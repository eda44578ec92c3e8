package doctest_test

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"klimaspor/internal/doctest"
)

// workbook is a two-sheet XLSX with Danish text, a decimal number and a cell that needs quoting.
func workbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Kommuner"))
	must(f.SetSheetRow("Kommuner", "A1", &[]any{"Navn", "Udledning (t CO₂e)"}))
	must(f.SetSheetRow("Kommuner", "A2", &[]any{"Køge", 12.75}))
	must(f.SetSheetRow("Kommuner", "A3", &[]any{"Aarhus", 1234567.5}))
	if _, err := f.NewSheet("Værdier"); err != nil {
		t.Fatal(err)
	}
	must(f.SetSheetRow("Værdier", "A1", &[]any{"År", "Andel", "Note"}))
	must(f.SetSheetRow("Værdier", "A2", &[]any{2025, 0.125, `Blåbær, "æøå"`}))
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXToCSVReadsEachSheetAsLibreOfficeDoes(t *testing.T) {
	book := workbook(t)
	tests := []struct {
		name  string
		sheet int
		want  [][]string
	}{
		{"Kommuner", 1, [][]string{{"Navn", "Udledning (t CO₂e)"}, {"Køge", "12.75"}, {"Aarhus", "1234567.5"}}},
		{"Værdier", 2, [][]string{{"År", "Andel", "Note"}, {"2025", "0.125", `Blåbær, "æøå"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each conversion starts LibreOffice with a profile of its own
			got := doctest.XLSXToCSV(t, book, tt.sheet)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sheet %d (-want +got):\n%s", tt.sheet, diff)
			}
		})
	}
}

func TestInkIsTheShareOfNonWhitePixels(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	tests := []struct {
		name  string
		paint func()
		want  float64
	}{
		{"white is blank", func() {}, 0},
		{"faint grey counts as white", func() { img.Set(0, 0, color.Gray{0xfa}) }, 0},
		{"one black row", func() {
			for x := range 10 {
				img.Set(x, 5, color.Black)
			}
		}, 0.1},
		{"a coloured pixel too", func() { img.Set(3, 3, color.RGBA{0xff, 0xff, 0x00, 0xff}) }, 0.11},
	}
	for _, tt := range tests { // each case paints on top of the ones before
		tt.paint()
		if got := doctest.Ink(img); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("%s: Ink = %v, want %v", tt.name, got, tt.want)
		}
	}
}
