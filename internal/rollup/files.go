package rollup

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"klimaspor/internal/i18n"
	"klimaspor/internal/reporting"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/page"
)

// cell is one value of the matrix as a file holds it: a text, or a date (YYYY-MM-DD).
type cell struct {
	text string
	date bool
}

// matrix is the overview as a table: a row per report with its facts, then three columns per
// goal position (the goal, its light, its change). The overview's CSV/XLSX list and the
// roll-up workbook's summary sheet are this table.
func (r *Rollup) matrix(l i18n.Localizer) ([]string, [][]cell) {
	cols := []string{l.T("rollup.project_code"), l.T("rollup.project"), l.T("rollup.leads"), l.T("rollup.state"),
		l.T("rollup.changed_by"), l.T("rollup.changed_at"), l.T("rollup.deadline"), l.T("rollup.overdue")}
	for i := 1; i <= r.Overview.Columns; i++ {
		cols = append(cols, l.T("rollup.goal_n", i), l.T("rollup.goal_n_status", i), l.T("rollup.goal_n_trend", i))
	}
	var rows [][]cell
	for n, row := range r.Overview.Rows {
		s := r.Sections[n]
		overdue := l.T("rollup.no")
		if row.Overdue {
			overdue = l.T("rollup.yes")
		}
		by, changed := "", ""
		if row.ChangedAt != "" {
			by, changed = r.changedBy(l, row), l.DateTime(row.ChangedAt)
		}
		cells := []cell{{text: row.Project.Code}, {text: s.Project.Name(string(l.Lang))}, {text: r.leads(l.Lang, s.Project)},
			{text: l.Enum("report_state", string(row.State))}, {text: by}, {text: changed}, {text: row.Deadline, date: true}, {text: overdue}}
		for i := 0; i < r.Overview.Columns; i++ {
			if i >= len(row.Cells) {
				cells = append(cells, cell{}, cell{}, cell{})
				continue
			}
			c := row.Cells[i]
			cells = append(cells, cell{text: r.GoalTitle(l.Lang, c)}, cell{text: lightWord(l, c.Light)}, cell{text: l.T("rollup.trend." + reporting.TrendWord(c.Trend))})
		}
		rows = append(rows, cells)
	}
	return cols, rows
}

func lightWord(l i18n.Localizer, x reporting.Light) string {
	if x == "" {
		return l.T("reporting.light_none")
	}
	return l.T("reporting.light." + string(x))
}

// Export is the overview as a list for a CSV or XLSX file (page.SendExport), in the language.
func (r *Rollup) Export(lang i18n.Lang) *page.Export {
	l := i18n.For(lang)
	cols, rows := r.matrix(l)
	x := &page.Export{List: "overblik", Qualify: strconv.FormatInt(r.Round.ID(), 10), Columns: cols}
	for _, row := range rows {
		cells := make([]sheet.Cell, len(row))
		for i, c := range row {
			if c.date {
				cells[i] = sheet.Date(c.text)
			} else {
				cells[i] = sheet.Text(c.text)
			}
		}
		x.Add(cells...)
	}
	return x
}

// XLSX writes the roll-up as a workbook in the language: the summary sheet (the matrix),
// then a sheet per project with its goals, their lights and explanations, and its other
// answers.
func XLSX(lang i18n.Lang, r *Rollup) ([]byte, error) {
	l := i18n.For(lang)
	code := string(l.Lang)
	f := excelize.NewFile()
	defer f.Close()
	names := sheetNames{}
	summary := names.take(l.T("rollup.sheet_summary"))
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return nil, fmt.Errorf("rollup: xlsx: %w", err)
	}
	cols, rows := r.matrix(l)
	w := sheetWriter{f: f, sheet: summary}
	w.row(strs(cols)...)
	for _, row := range rows {
		vals := make([]any, len(row))
		for i, c := range row {
			vals[i] = c.text
		}
		w.row(vals...)
	}
	w.widths(len(cols))

	for _, s := range r.Sections {
		name := names.take(s.Project.Code())
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("rollup: xlsx: sheet %q: %w", name, err)
		}
		w := sheetWriter{f: f, sheet: name}
		w.row(l.T("rollup.project"), s.Project.Code()+" "+s.Project.Name(code))
		w.row(l.T("rollup.leads"), r.leads(l.Lang, s.Project))
		w.row(l.T("rollup.state"), l.Enum("report_state", string(s.Row.State)))
		w.row()
		w.row(l.T("rollup.goal"), l.T("rollup.light"), l.T("rollup.trend"), l.T("rollup.explanation"))
		for _, c := range s.Row.Cells {
			w.row(strconv.Itoa(c.Position)+". "+r.GoalTitle(l.Lang, c), lightWord(l, c.Light), l.T("rollup.trend."+reporting.TrendWord(c.Trend)), c.Explanation)
		}
		w.row()
		w.row(l.T("rollup.question"), l.T("rollup.answer"))
		for _, q := range s.Form.In(r.Round.Kind()) {
			a, ok := s.Answers[q.ID]
			switch {
			case q.Lights() || q.Type == reporting.IndicatorValues:
				continue
			case !ok || a.Empty():
				w.row(q.Label(code), l.T("rollup.not_answered"))
			case a.Number != nil:
				w.row(q.Label(code), *a.Number)
			default:
				w.row(q.Label(code), choiceLabel(q, a.Text, code))
			}
		}
		w.widths(4)
	}
	if w.err != nil {
		return nil, w.err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("rollup: xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// choiceLabel is a choice's option in the language, or the text itself.
func choiceLabel(q reporting.Question, text, lang string) string {
	if q.Type != reporting.Choice {
		return text
	}
	for _, o := range q.Options {
		if o.Code == text {
			if lang == "en" && o.LabelEN != "" {
				return o.LabelEN
			}
			return o.LabelDA
		}
	}
	return text
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// sheetNames hands out unique sheet names of at most 31 characters; Excel compares them
// without case.
type sheetNames map[string]bool

func (n sheetNames) take(want string) string {
	base := sheet.SheetName(want)
	name := base
	for i := 2; n[strings.ToLower(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		r := []rune(base)
		if len(r)+len([]rune(suffix)) > 31 {
			r = r[:31-len([]rune(suffix))]
		}
		name = string(r) + suffix
	}
	n[strings.ToLower(name)] = true
	return name
}

// sheetWriter writes rows one after another, keeping the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	n     int
	err   error
}

func (w *sheetWriter) row(vals ...any) {
	w.n++
	if w.err != nil || len(vals) == 0 {
		return
	}
	at, err := excelize.CoordinatesToCellName(1, w.n)
	if err == nil {
		// Texts are written as texts, never read as formulas.
		err = w.f.SetSheetRow(w.sheet, at, &vals)
	}
	if err != nil {
		w.err = fmt.Errorf("rollup: xlsx: %s row %d: %w", w.sheet, w.n, err)
	}
}

func (w *sheetWriter) widths(n int) {
	if w.err != nil || n == 0 {
		return
	}
	last, err := excelize.ColumnNumberToName(n)
	if err == nil {
		err = w.f.SetColWidth(w.sheet, "A", last, 24)
	}
	if err != nil {
		w.err = fmt.Errorf("rollup: xlsx: %s widths: %w", w.sheet, err)
	}
}
