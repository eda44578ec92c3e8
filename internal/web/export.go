package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"klimaspor/internal/i18n"
)

// Every list a page shows can be downloaded as CSV or XLSX from the page's own address:
// ?eksport=<list>&format=csv|xlsx. The handler builds the same data it renders and answers
// the list as a file instead, so the file holds the rows the reader sees, with the page's
// filters and sort, and the columns of the page, in the reader's language. Paged lists are
// exported whole. The answer passes through the same ETag and page cache as the page, keyed
// on its own query.
//
// Unlike internal/sheet's exports, which are the database's tables in a form the import
// reads back, these files are for reading: translated headers and values, numbers as numbers.

// The export's query parameters.
const (
	exportParam = "eksport"
	formatParam = "format"
)

// The file formats.
const (
	formatCSV  = "csv"
	formatXLSX = "xlsx"
)

// The lists, by the name the query uses. A page's lists have distinct names.
const (
	listProjects       = "projekter"
	listMunicipalities = "kommuner"
	listActions        = "indsatser"
	listIndicators     = "noegletal"
	listGoals          = "maal"
	listParticipants   = "deltagere"
	listValues         = "vaerdier"
	listComparison     = "sammenligning"
)

// maxExportRows bounds a file, far above the largest list at national scale (about 20,000
// actions) and below an XLSX sheet's 1,048,576 rows, so that a query can never build an
// unbounded file in memory.
const maxExportRows = 200_000

type cellKind uint8

const (
	cellText cellKind = iota
	cellNumber
	cellInt
	cellDate
)

// cell is one value of an exported row. The zero cell is empty.
type cell struct {
	kind cellKind
	text string // a text; a date as YYYY-MM-DD
	num  float64
	dec  int // decimals of a number in CSV
	n    int64
}

func textCell(s string) cell { return cell{kind: cellText, text: s} }

// numCell is a decimal number written with dec decimals in CSV and as a number in XLSX.
func numCell(v float64, dec int) cell { return cell{kind: cellNumber, num: v, dec: dec} }

func intCell(n int64) cell { return cell{kind: cellInt, n: n} }

// yearCell is a year: a whole number, never grouped.
func yearCell(y int64) cell { return intCell(y) }

// dateCell is a model date (YYYY-MM-DD); anything else is kept as text.
func dateCell(s string) cell {
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return cell{kind: cellDate, text: s}
	}
	return textCell(s)
}

// exampleCell marks a row of example data, as the page's badge does.
func exampleCell(l i18n.Localizer, example bool) cell {
	if example {
		return textCell(l.T("common.yes"))
	}
	return cell{}
}

// exportList is one list as a file.
type exportList struct {
	list    string // the list's name in the query
	qualify string // what the list belongs to (a municipality's or a project's code), or ""
	columns []string
	rows    [][]cell
}

func (x *exportList) add(cells ...cell) { x.rows = append(x.rows, cells) }

// exportRequest is what ?eksport=…&format=… asks for.
type exportRequest struct {
	list, format string
}

// exportOf reads the export parameters: nil when the page itself is asked for, and a 400
// when the format is not one we write.
func exportOf(r *http.Request) (*exportRequest, error) {
	q := r.URL.Query()
	if !q.Has(exportParam) {
		return nil, nil
	}
	ex := &exportRequest{list: q.Get(exportParam), format: q.Get(formatParam)}
	if ex.format != formatCSV && ex.format != formatXLSX {
		return nil, &statusError{status: http.StatusBadRequest, err: fmt.Errorf("web: export format %q", ex.format)}
	}
	return ex, nil
}

// exportHref is the address of a list's file: the page's address here with its filters and
// sort, without paging, plus the list and the format.
func exportHref(here, list, format string) string {
	u, err := url.Parse(here)
	if err != nil {
		return ""
	}
	q := u.Query()
	for _, k := range []string{"page", "cursor", "gemt", exportParam, formatParam} {
		q.Del(k)
	}
	q.Set(exportParam, list)
	q.Set(formatParam, format)
	return u.Path + "?" + q.Encode()
}

// sendExport answers the list as a file; a nil list is one the page does not have.
func (s *Server) sendExport(w http.ResponseWriter, l i18n.Localizer, ex *exportRequest, x *exportList) error {
	if x == nil {
		return errNotFound
	}
	if len(x.rows) > maxExportRows {
		return fmt.Errorf("web: export %s has %d rows, more than %d", x.list, len(x.rows), maxExportRows)
	}
	var buf bytes.Buffer
	var err error
	contentType := "text/csv; charset=utf-8"
	if ex.format == formatXLSX {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = writeXLSX(&buf, l, x)
	} else {
		err = writeCSV(&buf, l, x)
	}
	if err != nil {
		return fmt.Errorf("web: export %s as %s: %w", x.list, ex.format, err)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+exportFileName(l, x, ex.format, time.Now())+`"`)
	h.Set("Content-Language", l.Code())
	h.Set("Vary", "Accept-Encoding, Cookie, Accept-Language")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// exportStem is the list's name in the reader's language, for the file and the sheet.
func exportStem(l i18n.Localizer, x *exportList) string { return l.T("export.file." + x.list) }

// exportFileName is like indsatser-2026-11-24.csv, or indsatser-101-2026-11-24.csv for
// a municipality's list: ASCII only, so the header needs no encoding.
func exportFileName(l i18n.Localizer, x *exportList, format string, now time.Time) string {
	parts := []string{exportStem(l, x)}
	if x.qualify != "" {
		parts = append(parts, x.qualify)
	}
	parts = append(parts, now.Format(time.DateOnly))
	var b strings.Builder
	for _, r := range strings.Join(parts, "-") {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String() + "." + format
}

// csvText neutralises a text Excel would run as a formula (CSV injection): one that starts
// with =, +, -, @, a tab or a carriage return gets a leading apostrophe. Numbers are cells
// of their own kind and never touched.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvNumber writes a number for the reader's spreadsheet: decimal comma in Danish, point in
// English, no grouping, the ASCII minus.
func csvNumber(l i18n.Localizer, v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', max(dec, 0), 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no sign on a number that rounds to zero
	}
	if l.Lang == i18n.Danish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// writeCSV writes what the reader's Excel opens directly: UTF-8 with BOM, CRLF, and in
// Danish ";" between fields and the decimal comma, in English "," and the point.
func writeCSV(buf *bytes.Buffer, l i18n.Localizer, x *exportList) error {
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(buf)
	cw.UseCRLF = true
	if l.Lang == i18n.Danish {
		cw.Comma = ';'
	}
	fields := make([]string, len(x.columns))
	for i, c := range x.columns {
		fields[i] = csvText(c)
	}
	if err := cw.Write(fields); err != nil {
		return err
	}
	for _, row := range x.rows {
		for i := range fields {
			fields[i] = ""
			if i >= len(row) {
				continue
			}
			switch c := row[i]; c.kind {
			case cellText:
				fields[i] = csvText(c.text)
			case cellNumber:
				fields[i] = csvNumber(l, c.num, c.dec)
			case cellInt:
				fields[i] = strconv.FormatInt(c.n, 10)
			case cellDate:
				fields[i] = c.text
			}
		}
		if err := cw.Write(fields); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sheetName makes a valid sheet name: at most 31 characters, none of []:*?/\.
func sheetName(s string) string {
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

// writeXLSX writes one sheet: a bold, frozen header row, numbers as numeric cells, dates as
// dates, and each column as wide as its contents (within limits). A text cell is a string
// in XLSX, never a formula, so it is written as it is.
func writeXLSX(buf *bytes.Buffer, l i18n.Localizer, x *exportList) error {
	f := excelize.NewFile()
	defer f.Close()
	name := sheetName(exportStem(l, x))
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i := range x.columns {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(l, x, i)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(x.columns))
	for i, c := range x.columns {
		header[i] = c
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{StyleID: bold}); err != nil {
		return err
	}
	vals := make([]any, len(x.columns))
	for n, row := range x.rows {
		for i := range vals {
			vals[i] = nil
			if i >= len(row) {
				continue
			}
			switch c := row[i]; c.kind {
			case cellText:
				if c.text != "" {
					vals[i] = c.text
				}
			case cellNumber:
				vals[i] = c.num
			case cellInt:
				vals[i] = c.n
			case cellDate:
				t, _ := time.Parse(time.DateOnly, c.text)
				vals[i] = excelize.Cell{StyleID: dateStyle, Value: t}
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(buf)
}

// columnWidth fits a column to its longest header or value, between 8 and 60 characters.
func columnWidth(l i18n.Localizer, x *exportList, i int) float64 {
	w := utf8.RuneCountInString(x.columns[i])
	for _, row := range x.rows {
		if i >= len(row) {
			continue
		}
		n := 0
		switch c := row[i]; c.kind {
		case cellText:
			n = utf8.RuneCountInString(c.text)
		case cellNumber:
			n = len(csvNumber(l, c.num, c.dec))
		case cellInt:
			n = len(strconv.FormatInt(c.n, 10))
		case cellDate:
			n = 10
		}
		w = max(w, n)
	}
	return float64(min(max(w+2, 8), 60))
}
