// Package sheet imports and exports resources as spreadsheets: CSV (as Danish Excel writes
// it) and XLSX.
//
// # Columns
//
// A resource's columns are its fields with a non-empty model.Field.Sheet, in descriptor
// order, headed by the Danish Sheet name. On import the English field name is accepted as
// well, in any letter case; column order does not matter and a UTF-8 byte order mark is
// ignored. An organisations sheet has one extra column, "befolkning_kilde"
// ("population_source"), right after "befolkning" (see Populations below).
//
// # Cell encodings
//
//   - References hold the referenced record's natural key (model.Resource.Key), e.g. an
//     organisation's code "101", never an internal id.
//   - Lists (RefList, targets, populations) join their entries with "|". Inside an entry a
//     backslash escapes the next character, so "\|" is a literal bar and "\\" a backslash;
//     every list is therefore lossless. Exported reference lists are sorted by key.
//   - Targets: "year:value" entries, e.g. "2025:50,5|2030:100", the value written in the
//     sheet's decimal style.
//   - Populations: "befolkning" holds "year:count" entries, e.g. "2020:632340|2021:640000";
//     "befolkning_kilde" holds the sources. When every entry has the same source it is
//     written once; otherwise it holds one source per entry of "befolkning", in the same
//     order, joined by "|" (with the escaping above). On import a single source applies to
//     every entry, and a missing "befolkning_kilde" column keeps the stored source of each
//     year already known (new years get an empty source).
//   - Booleans: "ja"/"nej" on export; import also takes true/false, 1/0, yes/no, sand/falsk
//     and "x". An empty cell is no value.
//   - Dates: YYYY-MM-DD on export; import also takes DD-MM-YYYY and DD.MM.YYYY and, in XLSX,
//     date cells.
//
// # CSV
//
// Export writes what Danish Excel writes and reads: a UTF-8 byte order mark, ";" between
// cells, CRLF line ends, decimal comma without thousands separators (numbers are printed
// shortest-exact), cells quoted only when they must be. Cells that span lines are written
// with CRLF inside the quotes (a lone CR too); import reads them back as LF, as Excel does. Import detects
// the separator from the header row (";", "," or a tab; an Excel "sep=" first line is
// honoured). With ";" (and tab) numbers use a decimal comma and may use dots as thousands
// separators ("1.234,5", "1.234" is 1234, "12.5" is refused as ambiguous); with "," they
// use a decimal point and no thousands separator ("1234.5"). The file must be UTF-8, with
// or without a byte order mark; anything else is refused cell by cell, telling the user to
// save as "CSV UTF-8".
//
// # XLSX
//
// Export writes one sheet named after the resource with a bold header row; numbers are
// numeric cells and everything else (keys, lists, dates, periods, booleans) text cells.
// Import reads the sheet named after the resource, or else the first sheet, using raw cell
// values; number cells and text such as "1234.5" or "1.234,5" are both accepted.
//
// # Import
//
// Import reads and checks the whole file before it writes anything: every cell's type,
// enumerations and ranges (model.Validate), unknown reference keys, keys repeated in the
// file, unknown and missing columns. All problems are returned together in an
// *ImportError (up to MaxErrors, the rest counted). Only a clean file is written, in one
// transaction. Rows are identified by their spreadsheet row number (the header is row 1);
// in a CSV file this is the line number unless a cell spans several lines. Blank rows are
// skipped.
//
// Keyed records (organisations, themes, programmes, projects, plans, indicators) are
// upserted by key: a new key is created, a known one updated with the columns the file has
// (an empty cell clears the field; a missing column leaves it alone); rows that would change
// nothing are counted as unchanged and not written. A parent given by a key the same file
// creates is fine, in any row order; loops are refused. Actions are always created.
// An indicator value row replaces the stored value with the same indicator, organisation,
// period and breakdown entirely (its source, note, vintage and example included); the
// created/updated split is derived from the table's row count before and after.
//
// The file is read as a stream, never held whole: from the caller's file, or from a
// temporary copy of a stream such as a request's body. A person's import (ImportFor) sees
// the drafts the person sees; a draft they may not see is absent to it. Limits bound what a
// workbook may unpack to, checked before it is unpacked, and a file of records other than
// indicator values holds at most MaxRecordRows rows; a file beyond them is a *TooLargeError.
// A damaged or foreign file is an *ImportError like any bad file.
//
// # Export order
//
// Keyed records are written in key order (bytewise), others (actions, indicator values)
// in id order, so that importing an export into an empty database and exporting again
// gives the same file.
package sheet

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"klimaspor/internal/model"
)

// Formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// MaxErrors is the most cell errors an ImportError keeps; the rest are only counted.
const MaxErrors = 1000

// Result tells what an import did.
type Result struct {
	Kind      string `json:"kind"`
	Rows      int    `json:"rows"`      // data rows read (blank rows are skipped)
	Created   int    `json:"created"`   // new records
	Updated   int    `json:"updated"`   // existing records changed
	Unchanged int    `json:"unchanged"` // existing records the file left as they were
}

// CellError is one problem in the file.
type CellError struct {
	Row    int    `json:"row"`    // spreadsheet row, 1-based; the header is row 1
	Column string `json:"column"` // the column's header as written in the file ("" for the whole row)
	Value  string `json:"value"`  // the cell's text (shortened)
	Reason string `json:"reason"`
}

func (e CellError) String() string {
	var b strings.Builder
	b.WriteString("row ")
	b.WriteString(strconv.Itoa(e.Row))
	if e.Column != "" {
		b.WriteString(", column ")
		b.WriteString(e.Column)
	}
	if e.Value != "" {
		b.WriteString(", value ")
		b.WriteString(strconv.Quote(e.Value))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// ImportError is a file that was not imported, with everything wrong with it.
type ImportError struct {
	Kind    string
	Errors  []CellError
	Omitted int // errors found beyond MaxErrors
}

func (e *ImportError) Error() string {
	var b strings.Builder
	n := len(e.Errors) + e.Omitted
	fmt.Fprintf(&b, "import of %s failed; nothing was saved. %d error", e.Kind, n)
	if n != 1 {
		b.WriteString("s")
	}
	b.WriteString(":")
	for _, ce := range e.Errors {
		b.WriteString("\n")
		b.WriteString(ce.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n… and %d more", e.Omitted)
	}
	return b.String()
}

// errList collects cell errors up to MaxErrors.
type errList struct {
	errs    []CellError
	omitted int
}

func (l *errList) add(row int, column, value, reason string) {
	if len(l.errs) >= MaxErrors {
		l.omitted++
		return
	}
	l.errs = append(l.errs, CellError{Row: row, Column: column, Value: shorten(value), Reason: reason})
}

func (l *errList) n() int { return len(l.errs) + l.omitted }

func (l *errList) err(kind string) error {
	if l.n() == 0 {
		return nil
	}
	slices.SortStableFunc(l.errs, func(a, b CellError) int { return cmp.Compare(a.Row, b.Row) })
	return &ImportError{Kind: kind, Errors: l.errs, Omitted: l.omitted}
}

// shorten keeps a value readable in a message; invalid UTF-8 is shown as Windows-1252.
func shorten(s string) string {
	if !utf8.ValidString(s) {
		s = fromWindows1252(s)
	}
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	r := []rune(s)
	return string(r[:80]) + "…"
}

// Populations' sources get a column of their own.
const (
	sourceHeader  = "befolkning_kilde"
	sourceEnglish = "population_source"
)

// column is one column of a resource's sheet.
type column struct {
	field  model.Field
	header string // Danish header
	name   string // English header
	source bool   // the sources of the Populations field
}

// columnsOf lists the resource's sheet columns in export order.
func columnsOf(res *model.Resource) []column {
	var cols []column
	for _, f := range res.Fields {
		if f.Sheet == "" || f.ReadOnly {
			continue
		}
		cols = append(cols, column{field: f, header: f.Sheet, name: f.Name})
		if f.Kind == model.Populations {
			cols = append(cols, column{field: f, header: sourceHeader, name: sourceEnglish, source: true})
		}
	}
	return cols
}

// Kinds lists the resources that can be imported and exported, in an order in which
// each only refers to earlier ones.
func Kinds() []string {
	var out []string
	for _, res := range model.All {
		if resourceFor(res.Name) != nil {
			out = append(out, res.Name)
		}
	}
	return out
}

// resourceFor returns the resource if it has a sheet: some columns, and references only to
// resources with a natural key.
func resourceFor(kind string) *model.Resource {
	res, ok := model.ByName(kind)
	if !ok {
		return nil
	}
	n := 0
	for _, f := range res.Fields {
		if f.Sheet == "" {
			if f.Required && !f.ReadOnly {
				return nil // could never be created from a sheet
			}
			continue
		}
		n++
		if f.Kind == model.Ref || f.Kind == model.RefList {
			target, ok := model.ByName(f.Ref)
			if !ok || target.Key == "" {
				return nil
			}
		}
		if f.Kind == model.Participations {
			return nil
		}
	}
	if n == 0 {
		return nil
	}
	return res
}

func lookupKind(kind string) (*model.Resource, error) {
	res := resourceFor(kind)
	if res == nil {
		return nil, fmt.Errorf("sheet: %q cannot be imported or exported; use one of %s", kind, strings.Join(Kinds(), ", "))
	}
	return res, nil
}

func checkFormat(format string) (string, error) {
	f := strings.ToLower(strings.TrimPrefix(format, "."))
	if f != CSV && f != XLSX {
		return "", fmt.Errorf("sheet: unknown format %q; use csv or xlsx", format)
	}
	return f, nil
}

// layout maps a file's header row to the resource's columns.
type layout struct {
	cols    []column // the resource's columns
	at      []int    // file position -> index in cols, or -1
	pos     []int    // index in cols -> file position, or -1
	headers []string // file position -> header as written
}

// has reports whether the file has a column for the field (not its sources column).
func (l *layout) has(field string) bool {
	for i, c := range l.cols {
		if c.field.Name == field && !c.source {
			return l.pos[i] >= 0
		}
	}
	return false
}

// headerOf returns the header the file uses for the field, or its Danish header.
func (l *layout) headerOf(field string) string {
	for i, c := range l.cols {
		if c.field.Name == field && !c.source {
			if p := l.pos[i]; p >= 0 {
				return l.headers[p]
			}
			return c.header
		}
	}
	return ""
}

// cell returns the text of column i in the row ("" if the file lacks it).
func (l *layout) cell(row []string, i int) string {
	if i < 0 {
		return ""
	}
	p := l.pos[i]
	if p < 0 || p >= len(row) {
		return ""
	}
	return row[p]
}

// readHeader matches the header row against the resource's columns.
func readHeader(res *model.Resource, header []string, row int, errs *errList) *layout {
	cols := columnsOf(res)
	l := &layout{cols: cols, at: make([]int, len(header)), pos: make([]int, len(cols)), headers: make([]string, len(header))}
	for i := range l.pos {
		l.pos[i] = -1
	}
	byName := map[string]int{}
	for i, c := range cols {
		byName[strings.ToLower(c.header)] = i
		byName[strings.ToLower(c.name)] = i
	}
	for p, h := range header {
		l.at[p] = -1
		if !utf8.ValidString(h) {
			l.headers[p] = shorten(h)
			errs.add(row, "", h, notUTF8)
			continue
		}
		h = strings.TrimSpace(h)
		l.headers[p] = h
		if h == "" {
			continue // checked with the data: a column without header must be empty
		}
		i, ok := byName[strings.ToLower(h)]
		if !ok {
			errs.add(row, h, "", fmt.Sprintf("unknown column; the columns of %s are %s", res.Name, headerList(cols)))
			continue
		}
		if q := l.pos[i]; q >= 0 {
			errs.add(row, h, "", fmt.Sprintf("column %s appears twice (also column %d)", cols[i].header, q+1))
			continue
		}
		l.pos[i] = p
		l.at[p] = i
	}
	for i, c := range cols {
		if l.pos[i] < 0 && c.field.Required && !c.source {
			errs.add(row, c.header, "", "required column is missing")
		}
		if c.source && l.pos[i] >= 0 && !l.has(c.field.Name) {
			errs.add(row, l.headers[l.pos[i]], "", fmt.Sprintf("column %s needs the column %s next to it", c.header, c.field.Sheet))
		}
	}
	return l
}

func headerList(cols []column) string {
	hs := make([]string, len(cols))
	for i, c := range cols {
		hs[i] = c.header
	}
	return strings.Join(hs, ", ")
}

const notUTF8 = `the text is not UTF-8; in Excel save the file as "CSV UTF-8 (kommasepareret) (*.csv)"`

// checkStray reports text in cells that have no known column. It returns false if the row
// is blank.
func (l *layout) checkStray(row []string, line int, errs *errList) bool {
	blank := true
	for p, s := range row {
		if isBlank(s) {
			continue
		}
		blank = false
		if p >= len(l.at) {
			errs.add(line, "", s, fmt.Sprintf("cell %d has no column header", p+1))
		} else if l.at[p] < 0 && l.headers[p] == "" {
			errs.add(line, "", s, fmt.Sprintf("cell %d has no column header", p+1))
		}
	}
	return !blank
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}
