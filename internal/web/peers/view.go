package peers

import (
	"html/template"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/peers"
	"klimaspor/internal/peers/gather"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/crossplan"
	"klimaspor/internal/web/page"
)

// input is what the handler read.
type input struct {
	Request    request
	Comparison gather.Comparison
	NoGroup    bool // municipalities chosen, but the first is in no region and no group chosen
	Groups     []crossplan.Choice
	Projects   []crossplan.Choice
	GroupName  string
	Themes     []model.Theme
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// muniSelect is one of the form's municipality selects.
type muniSelect struct {
	ID, Label string
	Options   []option
}

// column is a compared municipality.
type column struct {
	Name, Href string
	Similar    bool
	Distance   string // a similar one's distance, formatted
}

// row is one figure of the table.
type row struct {
	Label   string
	Values  []string
	Average string
	InGroup string // "n af N kommuner har …"
	fig     peers.Figure
	vals    []peers.Value // by column
}

// viewData is the page's view.
type viewData struct {
	Crumbs    template.HTML
	Munis     []muniSelect
	Similar   []option
	Groups    []crossplan.Choice
	Projects  []crossplan.Choice
	GroupDef  bool // no group chosen: the default option selected
	GroupName string
	NoGroup   bool
	Columns   []column
	Rows      []row
	Caption   string
	Year      string // the accounts' year and release compared
	Similars  string // the note on the similar ones, "" when none asked
	Here      string
	Back      string
}

// buildView builds the page: the form always, the table when municipalities are compared.
func buildView(l i18n.Localizer, in input, here string) viewData {
	lang := string(l.Lang)
	c := in.Comparison
	d := viewData{Groups: in.Groups, Projects: in.Projects, GroupDef: in.Request.Group == "", GroupName: in.GroupName,
		NoGroup: in.NoGroup, Here: here, Back: crossplan.Path}
	d.Crumbs = page.Breadcrumbs(l, page.Crumb{Name: l.T("crossplan.title"), Href: crossplan.Path}, page.Crumb{Name: l.T("peers.title")})
	var munis []option
	for _, o := range c.Orgs {
		if o.Kind() == "municipality" {
			munis = append(munis, option{Value: o.Code(), Label: o.Name(lang)})
		}
	}
	slices.SortFunc(munis, func(a, b option) int { return l.Compare(a.Label, b.Label) })
	for i := range MaxChosen {
		sel := muniSelect{ID: "kommune-" + strconv.Itoa(i+1), Label: l.T("peers.municipality_n", i+1)}
		sel.Options = append(sel.Options, option{Value: "", Label: l.T("peers.none")})
		for _, m := range munis {
			m.Selected = i < len(in.Request.Codes) && in.Request.Codes[i] == m.Value
			sel.Options = append(sel.Options, m)
		}
		d.Munis = append(d.Munis, sel)
	}
	d.Similar = append(d.Similar, option{Value: "0", Label: l.T("peers.similar_none"), Selected: in.Request.Similar == 0})
	for _, n := range similarChoices {
		d.Similar = append(d.Similar, option{Value: strconv.Itoa(n), Label: l.T("peers.similar_n", n), Selected: in.Request.Similar == n})
	}
	if len(c.Compared) == 0 || len(c.Figures) == 0 {
		return d
	}

	dist := map[int64]float64{}
	for _, m := range c.Matches {
		dist[m.ID] = m.Distance
	}
	for _, id := range c.Compared {
		o := c.Orgs[id]
		col := column{Name: o.Name(lang), Href: "/kommuner/" + url.PathEscape(o.Code())}
		if dd, ok := dist[id]; ok {
			col.Similar, col.Distance = true, l.Number(dd, 2)
		}
		d.Columns = append(d.Columns, col)
	}
	d.Caption = l.T("peers.caption", d.GroupName)
	if c.Year != 0 {
		d.Year = l.T("peers.year_note", strconv.Itoa(c.Year), c.Release.Name)
	} else {
		d.Year = l.T("peers.no_accounts")
	}
	if in.Request.Similar > 0 {
		first := c.Orgs[c.Compared[0]].Name(lang)
		switch {
		case len(c.Matches) == 0:
			d.Similars = l.T("peers.similar_nothing", first)
		case len(c.Matches) == 1:
			d.Similars = l.T("peers.similar_note_one", first)
		default:
			d.Similars = l.T("peers.similar_note", l.Int(len(c.Matches)), first)
		}
		if c.Skipped > 0 {
			d.Similars += " " + l.T("peers.skipped", l.Int(c.Skipped))
		}
	}
	themes := map[int64]model.Theme{}
	for _, t := range in.Themes {
		themes[t.ID()] = t
	}
	for _, f := range c.Figures {
		r := row{fig: f, Label: figureLabel(l, f, themes)}
		for _, id := range c.Compared {
			r.Values = append(r.Values, formatValue(l, f, f.Values[id]))
			r.vals = append(r.vals, f.Values[id])
		}
		if f.Kind == peers.KindNumber {
			r.Average = i18n.Dash
			if f.Average.OK {
				r.Average = formatNumber(l, f.Key, f.Average.Value, true)
			}
		}
		r.InGroup = inGroup(l, f, themes)
		d.Rows = append(d.Rows, r)
	}
	return d
}

// themeName is a theme's name in the reader's language.
func themeName(l i18n.Localizer, f peers.Figure, themes map[int64]model.Theme) string {
	if t, ok := themes[f.ThemeID]; ok {
		return t.Name(string(l.Lang))
	}
	return strings.TrimPrefix(f.Key, peers.ThemePrefix)
}

// figureLabel is the row's heading.
func figureLabel(l i18n.Localizer, f peers.Figure, themes map[int64]model.Theme) string {
	if f.ThemeID != 0 {
		return l.T("peers.figure.theme", themeName(l, f, themes))
	}
	return l.T("peers.figure." + f.Key)
}

// formatNumber writes a figure's number in the reader's locale: years as written, shares
// as percentages, emissions per inhabitant with a decimal, counts and tonnes whole; an
// average with one decimal more than its figures, where a fraction means something.
func formatNumber(l i18n.Localizer, key string, v float64, average bool) string {
	extra := 0
	if average {
		extra = 1
	}
	switch key {
	case peers.KeyNetZero:
		return strconv.Itoa(int(math.Round(v)))
	case peers.KeyRenewableShare:
		return l.Percent(v, 0)
	case peers.KeyPerInhabitant:
		return l.Number(v, 1)
	case peers.KeyActions:
		return l.Number(v, extra)
	}
	return l.Number(v, 0)
}

func formatValue(l i18n.Localizer, f peers.Figure, v peers.Value) string {
	if f.Kind == peers.KindYesNo {
		if v.Yes {
			return l.T("common.yes")
		}
		return l.T("common.no")
	}
	if !v.Number.OK {
		return i18n.Dash
	}
	return formatNumber(l, f.Key, v.Number.Value, false)
}

// inGroup is "how many of the group's municipalities have it": "23 af 29 kommuner har en
// indsats om madspild" for a theme, the members with a figure for a number.
func inGroup(l i18n.Localizer, f peers.Figure, themes map[int64]model.Theme) string {
	n, size := l.Int(f.Count), l.Int(f.Size)
	switch {
	case f.ThemeID != 0:
		return l.T("peers.have_theme", n, size, lowerFirst(themeName(l, f, themes)))
	case f.Key == peers.KeyPlan:
		return l.T("peers.have_plan", n, size)
	case f.Key == peers.KeyNetZero:
		return l.T("peers.have_net_zero", n, size)
	}
	return l.T("peers.have_figure", n, size)
}

// compareExport is the table as a file: a line per figure, a column per municipality, then
// the group's average, count and size; numbers as numbers.
func compareExport(l i18n.Localizer, d viewData) *page.Export {
	x := &page.Export{List: listCompare, Columns: []string{l.T("peers.col_figure")}}
	for _, c := range d.Columns {
		x.Columns = append(x.Columns, c.Name)
	}
	x.Columns = append(x.Columns, l.T("peers.col_average"), l.T("peers.col_count"), l.T("peers.col_size"))
	for _, r := range d.Rows {
		cells := []sheet.Cell{sheet.Text(r.Label)}
		for i := range d.Columns {
			cells = append(cells, exportCell(r, i))
		}
		avg := sheet.Cell{}
		if r.fig.Average.OK {
			avg = sheet.Number(r.fig.Average.Value, 2)
		}
		x.Add(append(cells, avg, sheet.Int(int64(r.fig.Count)), sheet.Int(int64(r.fig.Size)))...)
	}
	return x
}

func exportCell(r row, i int) sheet.Cell {
	v := r.vals[i]
	switch {
	case r.fig.Kind == peers.KindYesNo:
		return sheet.Text(r.Values[i])
	case !v.Number.OK:
		return sheet.Cell{}
	case r.fig.Key == peers.KeyPerInhabitant:
		return sheet.Number(v.Number.Value, 2)
	case r.fig.Key == peers.KeyPopulation || r.fig.Key == peers.KeyNetZero || r.fig.Key == peers.KeyActions:
		return sheet.Int(int64(math.Round(v.Number.Value)))
	}
	return sheet.Number(v.Number.Value, 1)
}

// lowerFirst puts a theme's name inside a sentence: "en indsats om madspild".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
