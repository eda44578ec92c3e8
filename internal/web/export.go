package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/i18n"
	"klimaspor/internal/sheet"
)

// Every list a page shows can be downloaded as CSV or XLSX from the page's own address:
// ?eksport=<list>&format=csv|xlsx. The handler builds the same data it renders and answers
// the list as a file instead, so the file holds the rows the reader sees, with the page's
// filters and sort, and the columns of the page, in the reader's language. Paged lists are
// exported whole. The answer passes through the same ETag and page cache as the page, keyed
// on its own query.
//
// Each page's builder (homeExport, actionsExport, muniExport, …) sits beside the page's
// handler and takes the rows the handler has built for its HTML, so the file and the page
// cannot differ; it returns nil for a list the page does not have. sheet.Writer writes the
// file.
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

// yearCell is a year: a whole number, never grouped.
func yearCell(y int64) sheet.Cell { return sheet.Int(y) }

// exampleCell marks a row of example data, as the page's badge does.
func exampleCell(l i18n.Localizer, example bool) sheet.Cell {
	if example {
		return sheet.Text(l.T("common.yes"))
	}
	return sheet.Cell{}
}

// exportList is one list as a file.
type exportList struct {
	list    string // the list's name in the query
	qualify string // what the list belongs to (a municipality's or a project's code), or ""
	columns []string
	rows    [][]sheet.Cell
}

func (x *exportList) add(cells ...sheet.Cell) { x.rows = append(x.rows, cells) }

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
	contentType := "text/csv; charset=utf-8"
	if ex.format == formatXLSX {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if err := writeList(&buf, l, x, ex.format); err != nil {
		return fmt.Errorf("web: export %s as %s: %w", x.list, ex.format, err)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+exportFileName(l, x, ex.format, time.Now())+`"`)
	h.Set("Content-Language", l.Code())
	h.Set("Vary", "Accept-Encoding, Cookie, Accept-Language")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
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

// writeList writes the list through sheet's one tabular writer, which guards formulas: in
// the reader's language (Danish: ";" and the decimal comma; English: "," and the point), the
// sheet named after the list, each column as wide as its contents (within limits).
func writeList(w io.Writer, l i18n.Localizer, x *exportList, format string) error {
	layout := sheet.Layout{DecimalPoint: l.Lang != i18n.Danish, Sheet: exportStem(l, x)}
	if format == formatXLSX {
		layout.Widths = sheet.FitWidths(x.columns, x.rows)
	}
	tw, err := sheet.NewWriter(w, format, layout, x.columns)
	if err != nil {
		return err
	}
	for _, row := range x.rows {
		if err := tw.Row(row); err != nil {
			return err
		}
	}
	return tw.Close()
}

// periodCell is a period: a year as a number, another period (a quarter, a month) as the
// page writes it.
func periodCell(l i18n.Localizer, period string) sheet.Cell {
	if len(period) == 4 {
		if y, err := strconv.ParseInt(period, 10, 64); err == nil {
			return yearCell(y)
		}
	}
	return sheet.Text(l.Period(period))
}

// pctCell is a percentage as a number, empty when not given.
func pctCell(pct float64, ok bool) sheet.Cell {
	if !ok {
		return sheet.Cell{}
	}
	return sheet.Number(pct, indValueDecimals(pct))
}
