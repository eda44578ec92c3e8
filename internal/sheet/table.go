package sheet

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Writer is the one writer of a tabular file, CSV or XLSX: the exports Import reads back
// (Export) and the lists the web pages download (internal/web) both go through it, so both
// keep one formula guard (neutralise, below) and one way of writing numbers and dates.
//
// CSV is what Excel opens directly: UTF-8 with BOM, CRLF, and either Danish Excel's ";"
// between fields with the decimal comma, or "," with the decimal point. XLSX is one streamed
// sheet with a bold, frozen header row, numbers as numeric cells, dates as dates, texts as
// text cells (never formulas, so written as they are).
type Writer struct {
	csv  *csvWriter
	xlsx *xlsxWriter
	row  []Cell // as wide as the header
}

// Layout is how a Writer lays a table out.
type Layout struct {
	// DecimalPoint writes CSV with "," between fields and a decimal point; otherwise ";"
	// and the decimal comma, as Danish Excel does.
	DecimalPoint bool
	// Sheet names the XLSX sheet (made valid by SheetName).
	Sheet string
	// Widths are the XLSX columns' widths in characters (FitWidths); 0 leaves one as it is.
	Widths []float64
}

type cellKind uint8

const (
	cellEmpty cellKind = iota
	cellText
	cellNumber
	cellInt
	cellDate
)

// Cell is one value of a row, typed. The zero Cell is empty.
type Cell struct {
	kind cellKind
	text string // a text; a date as YYYY-MM-DD
	num  float64
	dec  int // decimals of a number in CSV; <0 for the shortest exact form
	n    int64
}

// Text is a text cell; the empty text is an empty cell.
func Text(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{kind: cellText, text: s}
}

// Number is a number written with decimals decimals in CSV, or shortest exact when
// decimals < 0, and as a number in XLSX. It is never guarded as a formula: -5 is a number.
func Number(v float64, decimals int) Cell { return Cell{kind: cellNumber, num: v, dec: decimals} }

// Int is a whole number, never grouped.
func Int(n int64) Cell { return Cell{kind: cellInt, n: n} }

// Date is a date (YYYY-MM-DD), a date cell in XLSX; anything else is kept as text.
func Date(s string) Cell {
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return Cell{kind: cellDate, text: s}
	}
	return Text(s)
}

// NewWriter starts a table of format CSV or XLSX with its header row.
func NewWriter(w io.Writer, format string, l Layout, header []string) (*Writer, error) {
	format, err := checkFormat(format)
	if err != nil {
		return nil, err
	}
	tw := &Writer{row: make([]Cell, len(header))}
	hs := make([]Cell, len(header))
	for i, h := range header {
		hs[i] = Text(h)
	}
	if format == CSV {
		tw.csv = newCSVWriter(w, l.DecimalPoint)
		if _, err := tw.csv.bw.WriteString(bom); err != nil {
			return nil, err
		}
		return tw, tw.csv.row(hs)
	}
	if tw.xlsx, err = newXLSXWriter(w, SheetName(l.Sheet), l.Widths); err != nil {
		return nil, err
	}
	if err := tw.xlsx.header(hs); err != nil {
		tw.xlsx.f.Close()
		return nil, fmt.Errorf("sheet: xlsx: %w", err)
	}
	return tw, nil
}

// Row writes one row: cells beyond the header's are left out, missing ones are empty.
func (w *Writer) Row(cells []Cell) error {
	n := copy(w.row, cells)
	clear(w.row[n:])
	if w.csv != nil {
		return w.csv.row(w.row)
	}
	return w.xlsx.row(w.row)
}

// Close finishes the file; an XLSX file is written only now.
func (w *Writer) Close() error {
	if w.csv != nil {
		return w.csv.close()
	}
	return w.xlsx.close()
}

// Text that a spreadsheet would read as a formula is guarded in CSV (CSV injection, as OWASP
// describes it): a text starting with =, +, - or @, or with a tab or carriage return (which
// spreadsheets skip before reading the rest as a formula), gets a leading apostrophe, which
// Excel and LibreOffice show as text and never run. A text that starts with an apostrophe
// gets one more, and the importer takes exactly one off again (unneutralise), so every text
// makes the round trip unchanged. Numbers are cells of their own kind and never touched.
// XLSX cells are typed as text and need none of this.
const formulaStart = "=+-@\t\r'"

// neutralise writes text for a CSV cell.
func neutralise(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// unneutralise reads a CSV cell back: every cell of a CSV file passes through it.
func unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStart, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// formatNumber writes a number with dec decimals (shortest exact if dec < 0), the ASCII
// minus, no grouping, no sign on a number that rounds to zero, and a decimal comma unless
// point.
func formatNumber(v float64, dec int, point bool) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	if !point {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// csvWriter writes a CSV table.
type csvWriter struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	point  bool
	fields []string
}

func newCSVWriter(w io.Writer, point bool) *csvWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if !point {
		cw.Comma = ';'
	}
	cw.UseCRLF = true
	return &csvWriter{bw: bw, cw: cw, point: point}
}

func (c *csvWriter) row(cells []Cell) error {
	c.fields = c.fields[:0]
	for _, v := range cells {
		var s string
		switch v.kind {
		case cellText:
			s = csvLineEnds.Replace(neutralise(v.text)) // guard first: a leading CR is one of its signs
		case cellNumber:
			s = formatNumber(v.num, v.dec, c.point)
		case cellInt:
			s = strconv.FormatInt(v.n, 10)
		case cellDate:
			s = v.text
		}
		c.fields = append(c.fields, s)
	}
	return c.cw.Write(c.fields)
}

// csvLineEnds makes every line end of a text cell LF, which encoding/csv writes as CRLF
// (UseCRLF) and import reads back as LF: the writer would drop a lone CR, joining the lines
// (FuzzImportCSV found it).
var csvLineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func (c *csvWriter) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// xlsxWriter streams one sheet.
type xlsxWriter struct {
	w         io.Writer
	f         *excelize.File
	sw        *excelize.StreamWriter
	bold      int
	dateStyle int // made at the first date
	n         int
	vals      []any
}

func newXLSXWriter(w io.Writer, name string, widths []float64) (*xlsxWriter, error) {
	f := excelize.NewFile()
	fail := func(err error) (*xlsxWriter, error) {
		f.Close()
		return nil, fmt.Errorf("sheet: xlsx: %w", err)
	}
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return fail(err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fail(err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fail(err)
	}
	for i, width := range widths {
		if width == 0 {
			continue
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fail(err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	return &xlsxWriter{w: w, f: f, sw: sw, bold: bold}, nil
}

func (x *xlsxWriter) values(cells []Cell) ([]any, error) {
	x.vals = x.vals[:0]
	for _, c := range cells {
		var v any
		switch c.kind {
		case cellText:
			v = c.text
		case cellNumber:
			v = c.num
		case cellInt:
			v = c.n
		case cellDate:
			if x.dateStyle == 0 {
				dateFmt := "yyyy-mm-dd"
				s, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
				if err != nil {
					return nil, err
				}
				x.dateStyle = s
			}
			t, _ := time.Parse(time.DateOnly, c.text)
			v = excelize.Cell{StyleID: x.dateStyle, Value: t}
		}
		x.vals = append(x.vals, v)
	}
	return x.vals, nil
}

func (x *xlsxWriter) header(cells []Cell) error {
	x.n = 1
	vals, err := x.values(cells)
	if err != nil {
		return err
	}
	return x.sw.SetRow("A1", vals, excelize.RowOpts{StyleID: x.bold})
}

func (x *xlsxWriter) row(cells []Cell) error {
	x.n++
	if x.n > excelize.TotalRows {
		return fmt.Errorf("sheet: more than %d rows do not fit in an xlsx sheet; export csv", excelize.TotalRows-1)
	}
	ref, err := excelize.CoordinatesToCellName(1, x.n)
	if err != nil {
		return err
	}
	vals, err := x.values(cells)
	if err != nil {
		return fmt.Errorf("sheet: xlsx: %w", err)
	}
	return x.sw.SetRow(ref, vals)
}

func (x *xlsxWriter) close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("sheet: xlsx: %w", err)
	}
	if err := x.f.Write(x.w); err != nil {
		return fmt.Errorf("sheet: xlsx: %w", err)
	}
	return nil
}

// SheetName makes a valid XLSX sheet name: at most 31 characters, none of []:*?/\.
func SheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if s == "" {
		return "Sheet1"
	}
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

// FitWidths fits each column to its longest header or value, between 8 and 60 characters.
func FitWidths(header []string, rows [][]Cell) []float64 {
	ws := make([]float64, len(header))
	for i, h := range header {
		w := utf8.RuneCountInString(h)
		for _, row := range rows {
			if i >= len(row) {
				continue
			}
			n := 0
			switch c := row[i]; c.kind {
			case cellText:
				n = utf8.RuneCountInString(c.text)
			case cellNumber:
				n = len(formatNumber(c.num, c.dec, true))
			case cellInt:
				n = len(strconv.FormatInt(c.n, 10))
			case cellDate:
				n = 10
			}
			w = max(w, n)
		}
		ws[i] = float64(min(max(w+2, 8), 60))
	}
	return ws
}
