package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
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

// input is a file ready to be read, several times, row by row. It is read from the
// caller's file (or in-memory reader) as it is, or from a temporary copy of a stream, and
// never held whole in memory.
type input struct {
	format  string
	decimal decimal
	file    io.ReaderAt // the whole file, from its first byte
	size    int64
	path    string // the file's name, when it has one (excelize then reads it from disk)
	tmp     *os.File
	// CSV
	start    int64 // where the rows begin: after a byte order mark and an Excel "sep=" line
	sep      rune
	skip     int // rows before the header (the "sep=" line)
	nonEmpty bool
	// XLSX
	xlsx  *excelize.File
	sheet string
}

const bom = "\xef\xbb\xbf"

// readInput opens the file and works out how to read its rows.
func readInput(r io.Reader, format string, lim Limits) (*input, error) {
	in := &input{format: format}
	err := in.open(r)
	if err == nil && in.size == 0 {
		err = &ImportError{Errors: []CellError{{Row: 1, Reason: "the file is empty; the first row must name the columns"}}}
	}
	if err == nil {
		if format == XLSX {
			err = in.openXLSX(lim)
		} else {
			err = in.openCSV()
		}
	}
	if err != nil {
		in.close()
		return nil, err
	}
	return in, nil
}

// open finds the file's bytes: a regular file or an in-memory reader is read where it is, a
// stream (a request's body) is copied to a temporary file first.
func (in *input) open(r io.Reader) error {
	switch f := r.(type) {
	case *os.File:
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			in.file, in.size, in.path = f, st.Size(), f.Name()
			return nil
		}
	case interface {
		io.ReaderAt
		Size() int64
	}: // bytes.Reader, strings.Reader, io.SectionReader
		in.file, in.size = f, f.Size()
		return nil
	}
	tmp, err := os.CreateTemp("", "klimaspor-import-*")
	if err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	in.tmp = tmp
	n, err := io.Copy(tmp, r)
	if err != nil {
		return fmt.Errorf("sheet: read file: %w", err)
	}
	in.file, in.size, in.path = tmp, n, tmp.Name()
	return nil
}

func (in *input) close() {
	if in.xlsx != nil {
		in.xlsx.Close()
	}
	if in.tmp != nil {
		in.tmp.Close()
		os.Remove(in.tmp.Name())
	}
}

// section reads the file from offset on.
func (in *input) section(offset int64) *io.SectionReader {
	return io.NewSectionReader(in.file, offset, in.size-offset)
}

// openCSV checks the encoding and finds the separator and where the rows begin.
func (in *input) openCSV() error {
	head := make([]byte, 4)
	n, _ := in.file.ReadAt(head, 0)
	head = head[:n]
	if enc := foreignEncoding(head); enc != "" {
		return &ImportError{Errors: []CellError{{Row: 1, Reason: enc}}}
	}
	if bytes.HasPrefix(head, []byte(bom)) {
		in.start = int64(len(bom))
	}
	// Excel's "sep=;" hint line.
	first := make([]byte, 8)
	n, _ = in.file.ReadAt(first, in.start)
	first = first[:n]
	if len(first) > 4 && strings.EqualFold(string(first[:4]), "sep=") {
		line, _, found := bytes.Cut(first, []byte("\n"))
		next := in.start + int64(len(line))
		if found {
			next++
		}
		line = bytes.TrimRight(line, "\r")
		if r, n := utf8.DecodeRune(line[4:]); n == len(line)-4 && (r == ';' || r == ',' || r == '\t') {
			in.sep, in.start, in.skip = r, next, 1
		}
	}
	if in.sep == 0 {
		in.sep = detectSeparator(bufio.NewReader(in.section(in.start)))
	}
	in.decimal = decComma
	if in.sep == ',' {
		in.decimal = decPoint
	}
	in.nonEmpty = hasText(in.section(in.start))
	return nil
}

// foreignEncoding names the encoding a byte order mark says, if it is one a CSV file may not
// have, with what to do instead.
func foreignEncoding(head []byte) string {
	const fix = `in Excel save it as "CSV UTF-8 (kommasepareret) (*.csv)"`
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe\x00\x00")), bytes.HasPrefix(head, []byte("\x00\x00\xfe\xff")):
		return "the file is UTF-32; it must be UTF-8: " + fix
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return `the file is UTF-16 ("Unicode text"); ` + fix
	}
	return ""
}

// hasText reports whether r holds anything but white space.
func hasText(r io.Reader) bool {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if len(bytes.TrimSpace(buf[:n])) > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// detectSeparator counts semicolons and commas outside quotes in the first line.
func detectSeparator(r io.ByteReader) rune {
	semi, comma, tab := 0, 0, 0
	quoted := false
	for {
		c, err := r.ReadByte()
		if err != nil || (c == '\n' && !quoted) {
			break
		}
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
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

// openXLSX checks the workbook against the limits, then opens it with excelize under the
// same limits.
func (in *input) openXLSX(lim Limits) error {
	if lim.Unpacked <= 0 {
		lim = DefaultLimits
	}
	zr, err := zip.NewReader(in.file, in.size)
	if err != nil {
		return damaged(err)
	}
	if err := checkWorkbook(zr, lim); err != nil {
		return err
	}
	opts := excelize.Options{UnzipSizeLimit: lim.Unpacked, UnzipXMLSizeLimit: min(maxPart, lim.Unpacked)}
	var f *excelize.File
	if in.path != "" {
		f, err = excelize.OpenFile(in.path, opts)
	} else {
		f, err = excelize.OpenReader(in.section(0), opts)
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		return damaged(err)
	}
	in.xlsx = f
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return &ImportError{Kind: "xlsx", Errors: []CellError{{Row: 0, Reason: "the workbook has no sheets"}}}
	}
	in.format, in.decimal, in.sheet, in.nonEmpty = XLSX, decAny, sheets[0], true
	return nil
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

// rows opens a fresh reader over the file's rows.
func (in *input) rows() (rowSource, error) {
	if in.format == XLSX {
		rows, err := in.xlsx.Rows(in.sheet)
		if err != nil {
			return nil, &ImportError{Kind: "xlsx", Errors: []CellError{{Row: 0, Reason: fmt.Sprintf("the sheet %q cannot be read; the workbook is damaged: %s", in.sheet, readable(err))}}}
		}
		return &xlsxRows{rows: rows}, nil
	}
	cr := csv.NewReader(bufio.NewReaderSize(in.section(in.start), 64<<10))
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
			return nil, x.row, &CellError{Row: x.row + 1, Reason: "the workbook is damaged: " + readable(err)}
		}
		return nil, x.row, io.EOF
	}
	x.row++
	cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, x.row, &CellError{Row: x.row, Reason: "the workbook is damaged: " + readable(err)}
	}
	return cells, x.row, nil
}

func (x *xlsxRows) close() error { return x.rows.Close() }

// Error lets a CellError be returned as an error by a row source.
func (e *CellError) Error() string { return e.String() }
