package crossplan

import (
	"html/template"
	"math"
	"net/url"
	"slices"
	"strconv"

	"klimaspor/internal/chart"
	"klimaspor/internal/coverage"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/page"
)

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// form is the GET form's state.
type form struct {
	Groups   []option // the nation, the regions and the networks
	Projects []option // the joint projects
	Bases    []option
	Date     string
}

// published is a published figure beside the computed share, formatted.
type published struct {
	Share, Source, Date, Difference string
}

// row is one theme of the table.
type row struct {
	ID         int64
	Name       string
	Parent     string // the parent theme's name, for a sub-theme
	Sub        bool
	Href       string
	Count      string
	Share      string
	Published  []published
	count      int
	share      float64
	publishedV []coverage.Compared
}

// overviewData is /paa-tvaers's view.
type overviewData struct {
	Crumbs      template.HTML
	Form        form
	Group       string // the group's name
	Headline    string // "n af N kommuner tælles med"
	BaseNote    string
	AtNote      string
	Rows        []row
	Chart       template.HTML
	MapHref     string // the map of the same group (map.go)
	HistoryHref string // the history of the same group, base and day (history.go)
	Example     bool   // any counted action is example data
	Here        string
	// MapThemes: the reader may map actions to themes (auth.MayMapThemesAnywhere): the
	// page links to the theme suggestions, /temaforslag.
	MapThemes bool
	// EditNetwork is the group's edit form when it is a network and the reader may name its
	// members (form.networkEditor); "" otherwise.
	EditNetwork string
}

// groupName names the query's group.
func groupName(l i18n.Localizer, q query, n names) string {
	lang := string(l.Lang)
	if q.Project != 0 {
		for _, p := range n.Projects {
			if p.ID() == q.Project {
				return p.Name(lang)
			}
		}
	}
	for _, o := range n.Orgs {
		if o.ID() == q.Group {
			return o.Name(lang)
		}
	}
	return ""
}

// themeName is a theme's name in the reader's language.
func themeName(l i18n.Localizer, n names, th coverage.Theme) string {
	if t, ok := n.Themes[th.ID]; ok {
		return t.Name(string(l.Lang))
	}
	return th.NameDA
}

// percent writes a fraction as a whole percentage in the reader's locale.
func percent(l i18n.Localizer, share float64) string { return l.Percent(share*100, 0) }

// points writes a difference of fractions in percentage points, signed.
func points(l i18n.Localizer, diff float64) string {
	pp := math.Round(diff * 100)
	s := l.Number(math.Abs(pp), 0)
	switch {
	case pp > 0:
		s = "+" + s
	case pp < 0:
		s = "−" + s
	}
	return l.T("crossplan.points", s)
}

// buildForm is the form's choices: the nation, the regions and the networks (saved groups),
// then the projects.
func buildForm(l i18n.Localizer, q query, n names) form {
	lang := string(l.Lang)
	f := form{Date: q.DateText}
	if f.Date == "" && q.Day != "" {
		f.Date = q.Day
	}
	var regions, networks []option
	for _, o := range n.Orgs {
		opt := option{Value: strconv.FormatInt(o.ID(), 10), Label: o.Name(lang), Selected: q.Project == 0 && o.ID() == q.Group}
		switch o.Kind() {
		case "country":
			f.Groups = append(f.Groups, opt)
		case "region":
			regions = append(regions, opt)
		case "network":
			// Labelled as a network, in the same list: a saved group is chosen like a region.
			opt.Label = l.T("crossplan.network_option", opt.Label)
			networks = append(networks, opt)
		}
	}
	slices.SortFunc(regions, func(a, b option) int { return l.Compare(a.Label, b.Label) })
	slices.SortFunc(networks, func(a, b option) int { return l.Compare(a.Label, b.Label) })
	f.Groups = append(append(f.Groups, regions...), networks...)
	for _, p := range n.Projects {
		f.Projects = append(f.Projects, option{Value: "p" + strconv.FormatInt(p.ID(), 10), Label: p.Name(lang), Selected: p.ID() == q.Project})
	}
	slices.SortFunc(f.Projects, func(a, b option) int { return l.Compare(a.Label, b.Label) })
	for _, b := range coverage.Bases {
		f.Bases = append(f.Bases, option{Value: baseValue(b), Label: l.T("crossplan.base." + string(b)), Selected: b == q.Base})
	}
	return f
}

// themeHref is a theme's drill-down with the same query.
func themeHref(q query, id int64) string {
	return Path + "/tema/" + strconv.FormatInt(id, 10) + "?" + q.values().Encode()
}

// headline is "n af N kommuner tælles med" with the base's note.
func headline(l i18n.Localizer, res coverage.Result) (string, string) {
	return l.T("crossplan.headline", l.Int(int64(res.Counted)), l.Int(int64(res.Members))), l.T("crossplan.base_note." + string(res.Base))
}

func atNote(l i18n.Localizer, q query) string {
	if q.Day == "" {
		return l.T("crossplan.at_today")
	}
	return l.T("crossplan.at_day", l.Date(q.Day))
}

// buildOverview builds /paa-tvaers's view: every theme with a count or a published figure.
func buildOverview(l i18n.Localizer, g gathered, n names, example bool, here string) overviewData {
	d := overviewData{Form: buildForm(l, g.Query, n), Group: groupName(l, g.Query, n), Example: example, Here: here, AtNote: atNote(l, g.Query)}
	d.Crumbs = page.Breadcrumbs(l, page.Crumb{Name: l.T("crossplan.title")})
	d.Headline, d.BaseNote = headline(l, g.Result)
	byID := map[int64]coverage.Theme{}
	for _, th := range g.Tree.Themes() {
		byID[th.ID] = th
	}
	for _, tc := range g.Result.Themes {
		if tc.Count == 0 && len(tc.Published) == 0 {
			continue
		}
		r := row{ID: tc.Theme.ID, Name: themeName(l, n, tc.Theme), Href: themeHref(g.Query, tc.Theme.ID),
			Count: l.Int(int64(tc.Count)), Share: percent(l, tc.Share), count: tc.Count, share: tc.Share, publishedV: tc.Published}
		if p, ok := byID[tc.Theme.Parent]; ok {
			r.Sub, r.Parent = true, themeName(l, n, p)
		}
		for _, p := range tc.Published {
			r.Published = append(r.Published, published{Share: percent(l, p.Share), Source: p.Source, Date: l.Date(p.Date), Difference: points(l, p.Difference)})
		}
		d.Rows = append(d.Rows, r)
	}
	d.Chart = sharesChart(l, d.Rows)
	d.MapHref = MapPath + "?" + url.Values{groupParam: {g.Query.values().Get(groupParam)}}.Encode()
	d.HistoryHref = HistoryPath + "?" + g.Query.values().Encode()
	return d
}

// sharesChart draws each theme's computed share and, when there is one, its published share
// as bars side by side, with the table alternative; "" with no rows.
func sharesChart(l i18n.Localizer, rows []row) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	c := chart.BarChart{
		Meta: chart.Meta{ID: "paa-tvaers", Title: l.T("crossplan.chart_title"), Desc: l.T("crossplan.chart_desc"),
			NoData: l.T("chart.no_data"), Missing: "–"},
		Sort: chart.SortNone, CategoryLabel: l.T("resource.themes.one"), ValueLabel: l.T("crossplan.col_share"),
		Format: func(v float64) string { return l.Percent(v, 0) },
	}
	for _, r := range rows {
		c.Bars = append(c.Bars, chart.Bar{Label: l.T("crossplan.bar_computed", r.Name), Value: r.share * 100, Highlight: true})
		for _, p := range r.publishedV {
			c.Bars = append(c.Bars, chart.Bar{Label: l.T("crossplan.bar_published", r.Name), Value: p.Share * 100})
		}
	}
	td := c.TableData()
	td.Caption = c.Title
	return chart.Bars(c) + page.Details(l, chart.Table(td))
}

// themesExport is the theme table as a file: one line per theme and published figure.
func themesExport(l i18n.Localizer, d overviewData) *page.Export {
	x := &page.Export{List: listThemes, Columns: []string{l.T("resource.themes.one"), l.T("crossplan.col_parent"), l.T("crossplan.col_count"),
		l.T("crossplan.col_share_pct"), l.T("crossplan.col_published_pct"), l.T("common.source"), l.T("crossplan.col_date"), l.T("crossplan.col_difference_pp")}}
	for _, r := range d.Rows {
		base := []sheet.Cell{sheet.Text(r.Name), sheet.Text(r.Parent), sheet.Int(int64(r.count)), sheet.Number(r.share*100, 1)}
		if len(r.publishedV) == 0 {
			x.Add(append(base, sheet.Cell{}, sheet.Cell{}, sheet.Cell{}, sheet.Cell{})...)
		}
		for _, p := range r.publishedV {
			x.Add(append(slices.Clone(base), sheet.Number(p.Share*100, 1), sheet.Text(p.Source), sheet.Text(p.Date), sheet.Number(p.Difference*100, 1))...)
		}
	}
	return x
}

// member is a municipality in the drill-down, with the actions behind its count.
type member struct {
	Name, Href string
	Actions    []behindAction
}

// behindAction is an action behind a theme's figure.
type behindAction struct {
	Title, Href, Plan string
	Example           bool
}

// themeData is /paa-tvaers/tema/{id}'s view.
type themeData struct {
	Crumbs    template.HTML
	Title     string
	Group     string
	Headline  string
	BaseNote  string
	AtNote    string
	Count     string
	Share     string
	Published []published
	With      []member
	Without   []member
	Example   bool
	Back      string
}

// buildTheme builds one theme's drill-down.
func buildTheme(l i18n.Localizer, g gathered, n names, id int64, behind []coverage.Action, examples map[int64]bool, plans []model.Plan) themeData {
	lang := string(l.Lang)
	var tc coverage.ThemeCoverage
	for _, t := range g.Result.Themes {
		if t.Theme.ID == id {
			tc = t
		}
	}
	name := themeName(l, n, tc.Theme)
	back := Path + "?" + g.Query.values().Encode()
	d := themeData{Title: l.T("crossplan.theme_title", name), Group: groupName(l, g.Query, n), AtNote: atNote(l, g.Query),
		Count: l.Int(int64(tc.Count)), Share: percent(l, tc.Share), Back: back}
	d.Crumbs = page.Breadcrumbs(l, page.Crumb{Name: l.T("crossplan.title"), Href: back}, page.Crumb{Name: name})
	d.Headline, d.BaseNote = headline(l, g.Result)
	for _, p := range tc.Published {
		d.Published = append(d.Published, published{Share: percent(l, p.Share), Source: p.Source, Date: l.Date(p.Date), Difference: points(l, p.Difference)})
	}
	orgs := map[int64]model.Organisation{}
	for _, o := range n.Orgs {
		orgs[o.ID()] = o
	}
	planOf := map[int64]model.Plan{}
	for _, p := range plans {
		planOf[p.ID()] = p
	}
	mk := func(id int64) member {
		o := orgs[id]
		m := member{Name: o.Name(lang)}
		if o.Code() != "" {
			m.Href = "/kommuner/" + url.PathEscape(o.Code())
		}
		return m
	}
	for _, mid := range tc.With {
		m := mk(mid)
		for _, a := range behind {
			if g.State.Member[a.Plan] != mid {
				continue
			}
			p := planOf[a.Plan]
			ba := behindAction{Title: a.Title, Href: "/indsatser/" + strconv.FormatInt(a.ID, 10), Plan: p.Title(), Example: examples[a.ID]}
			d.Example = d.Example || ba.Example
			m.Actions = append(m.Actions, ba)
		}
		d.With = append(d.With, m)
	}
	for _, mid := range tc.Without {
		d.Without = append(d.Without, mk(mid))
	}
	slices.SortFunc(d.With, func(a, b member) int { return l.Compare(a.Name, b.Name) })
	slices.SortFunc(d.Without, func(a, b member) int { return l.Compare(a.Name, b.Name) })
	return d
}
