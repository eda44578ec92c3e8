package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// rowSource yields a file's rows, the header first. The cells are valid until the next
// call. row is the spreadsheet row number (1-based).
type rowSource interface {
	next() (cells []string, row int, err error) // io.EOF after the last row
	close() error
}

// input is a whole file in memory, ready to be read (several times) row by row.
type input struct {
	format  string
	decimal decimal
	// CSV
	data     []byte
	sep      rune
	skip     int  // rows before the header (an Excel "sep=" line)
	utf8     bool // the whole file is valid UTF-8
	xlsx     *excelize.File
	sheet    string
	nonEmpty bool
}

const bom = "\xef\xbb\xbf"

// readInput reads the file and works out how to read its rows.
func readInput(r io.Reader, format string) (*input, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("sheet: read file: %w", err)
	}
	if format == XLSX {
		return openXLSX(data)
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, &ImportError{Errors: []CellError{{Row: 1, Reason: `the file is UTF-16 ("Unicode text"); in Excel save it as "CSV UTF-8 (kommasepareret) (*.csv)"`}}}
	}
	in := &input{format: CSV, data: bytes.TrimPrefix(data, []byte(bom))}
	// Excel's "sep=;" hint line.
	if len(in.data) > 4 && strings.EqualFold(string(in.data[:4]), "sep=") {
		line, rest, _ := bytes.Cut(in.data, []byte("\n"))
		line = bytes.TrimRight(line, "\r")
		if r, n := utf8.DecodeRune(line[4:]); n == len(line)-4 && (r == ';' || r == ',' || r == '\t') {
			in.sep, in.data, in.skip = r, rest, 1
		}
	}
	if in.sep == 0 {
		in.sep = detectSeparator(in.data)
	}
	in.decimal = decComma
	if in.sep == ',' {
		in.decimal = decPoint
	}
	in.utf8 = utf8.Valid(in.data)
	in.nonEmpty = len(bytes.TrimSpace(in.data)) > 0
	return in, nil
}

// detectSeparator counts semicolons and commas outside quotes in the first line.
func detectSeparator(data []byte) rune {
	semi, comma, tab := 0, 0, 0
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ';':
			semi++
		case ',':
			comma++
		case '\t':
			tab++
		}
	}
	switch {
	case comma > semi && comma >= tab:
		return ','
	case tab > semi && tab > comma:
		return '\t'
	}
	return ';'
}

func openXLSX(data []byte) (*input, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &ImportError{Kind: "xlsx", Errors: []CellError{{Row: 0, Reason: "the file is not an Excel workbook (.xlsx): " + err.Error()}}}
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, &ImportError{Kind: "xlsx", Errors: []CellError{{Row: 0, Reason: "the workbook has no sheets"}}}
	}
	return &input{format: XLSX, decimal: decAny, xlsx: f, sheet: sheets[0], nonEmpty: true, utf8: true}, nil
}

// pickSheet chooses the sheet named like the kind, if there is one.
func (in *input) pickSheet(kind string) {
	if in.xlsx == nil {
		return
	}
	for _, s := range in.xlsx.GetSheetList() {
		if strings.EqualFold(s, kind) {
			in.sheet = s
			return
		}
	}
}

func (in *input) close() {
	if in.xlsx != nil {
		in.xlsx.Close()
	}
}

// rows opens a fresh reader over the file's rows.
func (in *input) rows() (rowSource, error) {
	if in.format == XLSX {
		rows, err := in.xlsx.Rows(in.sheet)
		if err != nil {
			return nil, fmt.Errorf("sheet: read sheet %q: %w", in.sheet, err)
		}
		return &xlsxRows{rows: rows}, nil
	}
	cr := csv.NewReader(bytes.NewReader(in.data))
	cr.Comma = in.sep
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &csvRows{r: cr, row: in.skip}, nil
}

type csvRows struct {
	r   *csv.Reader
	row int
}

func (c *csvRows) next() ([]string, int, error) {
	rec, err := c.r.Read()
	c.row++
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			reason := pe.Err.Error()
			switch {
			case errors.Is(pe.Err, csv.ErrBareQuote):
				reason = `a quote (") inside a cell must be doubled ("") and the cell enclosed in quotes`
			case errors.Is(pe.Err, csv.ErrQuote):
				reason = `a cell's opening quote (") is never closed, or a quote inside it is not doubled`
			}
			return nil, c.row, &CellError{Row: c.row, Reason: fmt.Sprintf("the CSV file is malformed at line %d: %s", pe.Line, reason)}
		}
		return nil, c.row, err
	}
	for i, s := range rec {
		rec[i] = unneutralise(s) // the export's guard against formulas (cells.go)
	}
	return rec, c.row, nil
}

func (c *csvRows) close() error { return nil }

type xlsxRows struct {
	rows *excelize.Rows
	row  int
}

func (x *xlsxRows) next() ([]string, int, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, x.row, err
		}
		return nil, x.row, io.EOF
	}
	x.row++
	cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, x.row, err
	}
	return cells, x.row, nil
}

func (x *xlsxRows) close() error { return x.rows.Close() }

// Error lets a CellError be returned as an error by a row source.
func (e *CellError) Error() string { return e.String() }
