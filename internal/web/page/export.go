package page

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
// Each page's builder (homeExport, actionsExport, usersExport, …) sits beside the page's
// handler and takes the rows the handler has built for its HTML, so the file and the page
// cannot differ; it returns nil for a list the page does not have. sheet.Writer writes the
// file.
//
// Unlike internal/sheet's exports, which are the database's tables in a form the import
// reads back, these files are for reading: translated headers and values, numbers as numbers.

// The export's query parameters.
const (
	ExportParam = "eksport"
	FormatParam = "format"
)

// The file formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// MaxExportRows bounds a file, far above the largest list at national scale (about 20,000
// actions) and below an XLSX sheet's 1,048,576 rows, so that a query can never build an
// unbounded file in memory.
const MaxExportRows = 200_000

// Export is one list as a file.
type Export struct {
	List    string // the list's name in the query
	Qualify string // what the list belongs to (a municipality's or a project's code), or ""
	Columns []string
	Rows    [][]sheet.Cell
}

// Add appends a row.
func (x *Export) Add(cells ...sheet.Cell) { x.Rows = append(x.Rows, cells) }

// ExportRequest is what ?eksport=…&format=… asks for.
type ExportRequest struct {
	List, Format string
}

// ExportOf reads the export parameters: nil when the page itself is asked for, and a 400
// when the format is not one we write.
func ExportOf(r *http.Request) (*ExportRequest, error) {
	q := r.URL.Query()
	if !q.Has(ExportParam) {
		return nil, nil
	}
	ex := &ExportRequest{List: q.Get(ExportParam), Format: q.Get(FormatParam)}
	if ex.Format != FormatCSV && ex.Format != FormatXLSX {
		return nil, BadRequest(fmt.Errorf("web: export format %q", ex.Format))
	}
	return ex, nil
}

// ExportHref is the address of a list's file: the page's address here with its filters and
// sort, without paging, plus the list and the format.
func ExportHref(here, list, format string) string {
	u, err := url.Parse(here)
	if err != nil {
		return ""
	}
	q := u.Query()
	for _, k := range []string{"page", "cursor", "gemt", ExportParam, FormatParam} {
		q.Del(k)
	}
	q.Set(ExportParam, list)
	q.Set(FormatParam, format)
	return u.Path + "?" + q.Encode()
}

// SendExport answers the list as a file; a nil list is one the page does not have.
func SendExport(w http.ResponseWriter, l i18n.Localizer, ex *ExportRequest, x *Export) error {
	if x == nil {
		return ErrNotFound
	}
	if len(x.Rows) > MaxExportRows {
		return fmt.Errorf("web: export %s has %d rows, more than %d", x.List, len(x.Rows), MaxExportRows)
	}
	var buf bytes.Buffer
	contentType := "text/csv; charset=utf-8"
	if ex.Format == FormatXLSX {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if err := WriteList(&buf, l, x, ex.Format); err != nil {
		return fmt.Errorf("web: export %s as %s: %w", x.List, ex.Format, err)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+exportFileName(l, x, ex.Format, time.Now())+`"`)
	h.Set("Content-Language", l.Code())
	h.Set("Vary", "Accept-Encoding, Cookie, Accept-Language")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}

// ExportStem is the list's name in the reader's language, for the file and the sheet.
func ExportStem(l i18n.Localizer, x *Export) string { return l.T("export.file." + x.List) }

// exportFileName is like indsatser-2026-11-24.csv, or indsatser-101-2026-11-24.csv for
// a municipality's list: ASCII only, so the header needs no encoding.
func exportFileName(l i18n.Localizer, x *Export, format string, now time.Time) string {
	parts := []string{ExportStem(l, x)}
	if x.Qualify != "" {
		parts = append(parts, x.Qualify)
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

// WriteList writes the list through sheet's one tabular writer, which guards formulas: in
// the reader's language (Danish: ";" and the decimal comma; English: "," and the point), the
// sheet named after the list, each column as wide as its contents (within limits).
func WriteList(w io.Writer, l i18n.Localizer, x *Export, format string) error {
	layout := sheet.Layout{DecimalPoint: l.Lang != i18n.Danish, Sheet: ExportStem(l, x)}
	if format == FormatXLSX {
		layout.Widths = sheet.FitWidths(x.Columns, x.Rows)
	}
	tw, err := sheet.NewWriter(w, format, layout, x.Columns)
	if err != nil {
		return err
	}
	for _, row := range x.Rows {
		if err := tw.Row(row); err != nil {
			return err
		}
	}
	return tw.Close()
}
