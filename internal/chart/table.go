package chart

import (
	"html/template"
	"strings"
)

// TableData is the tabular alternative to a chart. All cells are already
// formatted text.
type TableData struct {
	Caption string
	// Corner heads the row-header column (e.g. "År" or "Kommune").
	Corner  string
	Columns []string
	Rows    []TableRow
	// Empty is shown in a single cell when there are no rows.
	Empty string
}

// TableRow is one row: a row header and one cell per column.
type TableRow struct {
	Header    string
	Cells     []string
	Highlight bool
}

// Table renders t as an accessible HTML table with a caption, column headers
// (scope="col") and row headers (scope="row"). Cells beyond len(Columns) are
// dropped; missing cells are rendered empty. All text is escaped.
func Table(t TableData) template.HTML {
	var b strings.Builder
	b.WriteString(`<table class="chart-table">`)
	if t.Caption != "" {
		b.WriteString(`<caption>` + esc(t.Caption) + `</caption>`)
	}
	b.WriteString(`<thead><tr><th scope="col">` + esc(t.Corner) + `</th>`)
	for _, c := range t.Columns {
		b.WriteString(`<th scope="col">` + esc(c) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	if len(t.Rows) == 0 {
		b.WriteString(`<tr><td colspan="` + itoa(len(t.Columns)+1) + `">` + esc(t.Empty) + `</td></tr>`)
	}
	for _, r := range t.Rows {
		if r.Highlight {
			b.WriteString(`<tr class="chart-highlight">`)
		} else {
			b.WriteString(`<tr>`)
		}
		b.WriteString(`<th scope="row">` + esc(r.Header) + `</th>`)
		for i := range t.Columns {
			cell := ""
			if i < len(r.Cells) {
				cell = r.Cells[i]
			}
			b.WriteString(`<td class="num">` + esc(cell) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String()) //nolint:gosec // all text escaped
}
