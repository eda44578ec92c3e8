package crossplan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/coverage"
	"klimaspor/internal/coverage/gather"
	"klimaspor/internal/geo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// The map (issue 13: "the choropleth colours municipalities by coverage of a chosen theme,
// emissions per inhabitant, or any indicator; it has a group filter and a table
// alternative"), at /paa-tvaers/kort. It draws the group's municipalities only (those
// outside are left off, so a region's map is the region) with internal/geo, as the front
// page's map does, and the same table alternative.

// MapPath is the map's address.
const MapPath = Path + "/kort"

// The map's own query parameters, beside gruppe.
const (
	measureParam   = "maal"      // tema (default), co2-pr-indbygger or indikator
	themeParam     = "tema"      // a theme's id, for tema
	indicatorParam = "indikator" // an indicator's id, for indikator
	yearParam      = "aar"       // a year, for the indicators; empty is each one's latest
)

// The measures, by their value in the query.
const (
	measureTheme     = "tema"
	measurePerCapita = "co2-pr-indbygger"
	measureIndicator = "indikator"
)

var measures = []string{measureTheme, measurePerCapita, measureIndicator}

// listMap is the map's table as an export.
const listMap = "paa_tvaers_kort"

// mapQuery is what the reader asked the map for.
type mapQuery struct {
	query
	Measure   string
	Theme     int64 // 0: the first theme
	Indicator int64 // 0: the first indicator
	Year      int   // 0: the latest value
}

// parseMapQuery reads the map's query; a malformed or unknown value is a 400, as the
// overview's parameters are.
func parseMapQuery(q url.Values, def int64) (mapQuery, error) {
	base, err := parseQuery(url.Values{groupParam: {q.Get(groupParam)}}, def)
	out := mapQuery{query: base, Measure: measureTheme}
	if err != nil {
		return out, err
	}
	if v := q.Get(measureParam); v != "" {
		if !slices.Contains(measures, v) {
			return out, page.BadRequest(fmt.Errorf("crossplan: %s=%q", measureParam, v))
		}
		out.Measure = v
	}
	id := func(name string) (int64, error) {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return 0, page.BadRequest(fmt.Errorf("crossplan: %s=%q", name, v))
		}
		return n, nil
	}
	if out.Theme, err = id(themeParam); err != nil {
		return out, err
	}
	if out.Indicator, err = id(indicatorParam); err != nil {
		return out, err
	}
	if v := strings.TrimSpace(q.Get(yearParam)); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 2100 {
			return out, page.BadRequest(fmt.Errorf("crossplan: %s=%q", yearParam, v))
		}
		out.Year = y
	}
	return out, nil
}

// mapInput is what the map's view is built from.
type mapInput struct {
	Query      mapQuery
	Members    []model.Organisation // the group's municipalities
	Themes     []model.Theme        // the choices, in code order
	Indicators []model.Indicator    // the choices
	Indicator  model.Indicator      // the chosen one (indikator and co2-pr-indbygger)
	// Values by organisation id: a theme's actions per member with an adopted plan
	// (coverage.PerMember), or the indicator's latest total (in the year, when given).
	Values  map[int64]float64
	Periods map[int64]string // the indicator values' periods
	Names   names
}

// mapPage is /paa-tvaers/kort.
func (s *Pages) mapPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	if ex != nil && ex.List != listMap {
		return page.ErrNotFound
	}
	n, err := s.names(ctx)
	if err != nil {
		return err
	}
	q, err := parseMapQuery(r.URL.Query(), defaultGroup(n.Orgs))
	if err != nil {
		return err
	}
	in, err := s.readMap(ctx, q, n)
	if err != nil {
		return err
	}
	d, err := buildMap(l, in, r.URL.RequestURI())
	if err != nil {
		return err
	}
	if ex != nil {
		return page.SendExport(w, l, ex, mapExport(l, d))
	}
	p := s.NewPage(r, l, l.T("crossplan.map_title"))
	p.Nav = "crossplan"
	p.Data = d
	return s.Render(w, "crossplan_map", p)
}

// readMap reads the group's members and the chosen measure's values. An unknown theme or
// indicator is a 404.
func (s *Pages) readMap(ctx context.Context, q mapQuery, n names) (mapInput, error) {
	in := mapInput{Query: q, Names: n, Values: map[int64]float64{}, Periods: map[int64]string{}}
	gq := gather.Query{Group: q.Group, Project: q.Project, Base: coverage.BaseAdopted}
	ids, err := s.members(ctx, gq)
	if err != nil {
		return in, err
	}
	member := map[int64]bool{}
	for _, id := range ids {
		member[id] = true
	}
	for _, o := range n.Orgs {
		if member[o.ID()] {
			in.Members = append(in.Members, o)
		}
	}
	for _, t := range n.Themes {
		in.Themes = append(in.Themes, t)
	}
	slices.SortFunc(in.Themes, func(a, b model.Theme) int { return cmp.Compare(a.Code(), b.Code()) })
	recs, err := s.All(ctx, model.Indicators, nil)
	if err != nil {
		return in, err
	}
	in.Indicators = model.AsIndicators(recs)
	switch q.Measure {
	case measureTheme:
		if in.Query.Theme == 0 && len(in.Themes) > 0 {
			in.Query.Theme = in.Themes[0].ID()
		}
		if _, ok := n.Themes[in.Query.Theme]; !ok {
			return in, page.ErrNotFound
		}
		tree, err := s.DB.ThemeTree(ctx)
		if err != nil {
			return in, err
		}
		st, err := s.DB.CoverageState(ctx, ids, "", tree.Under(in.Query.Theme))
		if err != nil {
			return in, err
		}
		for m, c := range coverage.PerMember(st, tree, in.Query.Theme) {
			in.Values[m] = float64(c)
		}
		return in, nil
	case measurePerCapita:
		found := false
		for _, ind := range in.Indicators {
			if ind.Code() == model.IndicatorCO2ePerCapita {
				in.Indicator, found = ind, true
			}
		}
		if !found {
			// No accounts yet: the map says there are no values.
			return in, nil
		}
	case measureIndicator:
		if in.Query.Indicator == 0 {
			if len(in.Indicators) == 0 {
				return in, nil // no indicators yet: the map says there are no values
			}
			in.Query.Indicator = in.Indicators[0].ID()
		}
		found := false
		for _, ind := range in.Indicators {
			if ind.ID() == in.Query.Indicator {
				in.Indicator, found = ind, true
			}
		}
		if !found {
			return in, page.ErrNotFound
		}
	}
	filters := map[string]string{"indicator": strconv.FormatInt(in.Indicator.ID(), 10), "breakdown": ""}
	if q.Year != 0 {
		filters["from"], filters["to"] = strconv.Itoa(q.Year), strconv.Itoa(q.Year)
	}
	vals, err := s.All(ctx, model.IndicatorValues, filters)
	if err != nil {
		return in, err
	}
	for _, v := range model.AsIndicatorValues(vals) {
		o := v.OrganisationID()
		if !member[o] || v.Breakdown() != "" {
			continue
		}
		if p, ok := in.Periods[o]; !ok || model.PeriodAfter(v.Period(), p) {
			in.Values[o], in.Periods[o] = v.Value(), v.Period()
		}
	}
	return in, nil
}

// members is the group's municipalities today, with the overview's errors.
func (s *Pages) members(ctx context.Context, gq gather.Query) ([]int64, error) {
	ids, err := gather.Members(ctx, s.DB, gq)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, page.ErrNotFound
	case errors.Is(err, store.ErrNotGroup):
		return nil, page.BadRequest(err)
	}
	return ids, err
}

// mapRow is a municipality of the map's table.
type mapRow struct {
	Name, Code, Value, Period string
	value                     float64
	has                       bool
}

// mapData is /paa-tvaers/kort's view.
type mapData struct {
	Crumbs                 template.HTML
	Group                  string
	Groups, Projects       []option
	Measures               []option
	Themes, Indicators     []option
	Measure                string // the chosen measure's key
	Year                   string
	Title, Note            string
	SVG, Table             template.HTML
	Rows                   []mapRow // for the export, in Danish order of the names
	ValueHeader, NoneLabel string
	Here, Back             string
}

// mapDecimals is how many decimals the values are written with: none for counts and whole
// numbers, one otherwise (the front page's emissions per inhabitant).
func mapDecimals(vals map[int64]float64) int {
	for _, v := range vals {
		if v != math.Trunc(v) {
			return 1
		}
	}
	return 0
}

// mapBreaks are the class edges: for a theme, 0 is a class of its own (a plan without the
// theme) below the quantiles of the counts above it; otherwise quantiles. nil without values.
func mapBreaks(values map[string]float64, theme bool) ([]float64, []string) {
	if len(values) == 0 {
		return nil, nil
	}
	if !theme {
		b := geo.QuantileBreaks(values, geo.DefaultClasses)
		if len(b) < 2 {
			// All alike: one class around the value.
			for _, v := range values {
				return []float64{v, v + 1}, nil
			}
		}
		return b, nil
	}
	pos := map[string]float64{}
	for k, v := range values {
		if v > 0 {
			pos[k] = v
		}
	}
	b := geo.QuantileBreaks(pos, geo.DefaultClasses-1)
	if len(b) < 2 {
		b = []float64{1, 2}
		for _, v := range pos {
			b[1] = math.Max(b[1], v)
		}
	}
	b[0] = 1 // counts are whole: [0, 1) is 0 alone
	edges := append([]float64{0}, b...)
	// A pale neutral for 0, so a plan without the theme stands apart from the scale.
	return edges, append([]string{"#f3efe6"}, geo.SequentialPalette(len(b)-1)...)
}

// buildMap builds the map's view: form, map, legend, table.
func buildMap(l i18n.Localizer, in mapInput, here string) (mapData, error) {
	lang := string(l.Lang)
	q := in.Query
	f := buildForm(l, q.query, in.Names)
	d := mapData{Group: groupName(l, q.query, in.Names), Groups: f.Groups, Projects: f.Projects, Measure: q.Measure, Here: here,
		Back: Path + "?" + url.Values{groupParam: {q.query.values().Get(groupParam)}}.Encode()}
	if q.Year != 0 {
		d.Year = strconv.Itoa(q.Year)
	}
	d.Crumbs = page.Breadcrumbs(l, page.Crumb{Name: l.T("crossplan.title"), Href: d.Back}, page.Crumb{Name: l.T("crossplan.map_title")})
	for _, m := range measures {
		d.Measures = append(d.Measures, option{Value: m, Label: l.T("crossplan.measure." + m), Selected: m == q.Measure})
	}
	for _, t := range in.Themes {
		d.Themes = append(d.Themes, option{Value: strconv.FormatInt(t.ID(), 10), Label: t.Name(lang), Selected: t.ID() == q.Theme})
	}
	for _, ind := range in.Indicators {
		d.Indicators = append(d.Indicators, option{Value: strconv.FormatInt(ind.ID(), 10), Label: ind.Name(lang), Selected: ind.ID() == q.Indicator})
	}
	slices.SortFunc(d.Indicators, func(a, b option) int { return l.Compare(a.Label, b.Label) })
	theme := q.Measure == measureTheme
	switch {
	case theme:
		name := ""
		if t, ok := in.Names.Themes[q.Theme]; ok {
			name = t.Name(lang)
		}
		d.Title = l.T("crossplan.map_theme_title", name, d.Group)
		d.ValueHeader, d.NoneLabel, d.Note = l.T("crossplan.map_theme_unit"), l.T("crossplan.map_no_plan"), l.T("crossplan.map_theme_note")
	default:
		name, unit := l.T("crossplan.measure."+measurePerCapita), ""
		if in.Indicator.Record != nil {
			name, unit = in.Indicator.Name(lang), in.Indicator.UnitIn(lang)
		}
		d.Title = l.T("crossplan.map_indicator_title", name, d.Group)
		d.ValueHeader, d.NoneLabel, d.Note = unit, l.T("map.no_value"), l.T("crossplan.map_indicator_note")
		if d.ValueHeader == "" {
			d.ValueHeader = l.T("crossplan.map_value")
		}
	}
	decimals := mapDecimals(in.Values)
	format := func(v float64) string { return l.Number(v, decimals) }
	codes := []string{}
	values := map[string]float64{}
	known := geo.Names()
	for _, o := range in.Members {
		c := o.Code()
		if _, ok := known[c]; !ok {
			continue // not a municipality the map can draw (an example or test record)
		}
		codes = append(codes, c)
		row := mapRow{Name: o.Name(lang), Code: c, Value: d.NoneLabel}
		if v, ok := in.Values[o.ID()]; ok {
			values[c] = v
			row.Value, row.value, row.has, row.Period = format(v), v, true, in.Periods[o.ID()]
		}
		d.Rows = append(d.Rows, row)
	}
	i18n.SortBy(i18n.Danish, d.Rows, func(r mapRow) string { return r.Name })
	if len(codes) == 0 {
		return d, nil
	}
	breaks, palette := mapBreaks(values, theme)
	if breaks == nil {
		breaks = []float64{0, 1} // nothing to colour: every municipality is hatched
	}
	opts := geo.Options{
		ID: "paa-tvaers-kort", Title: d.Title, Description: l.T("crossplan.map_desc", l.Int(int64(len(values))), l.Int(int64(len(codes)))),
		Codes: codes, Values: values, Format: format, Breaks: breaks, Palette: palette, NoDataLabel: d.NoneLabel,
		LegendTitle: d.ValueHeader, HideAttribution: true,
		Href:       func(code string) string { return "/kommuner/" + url.PathEscape(code) },
		NameHeader: l.T("org_kind.municipality"), ValueHeader: d.ValueHeader, ClassHeader: l.T("home.map_class"),
	}
	table, err := geo.Table(opts)
	if err != nil {
		return d, fmt.Errorf("crossplan: map table: %w", err)
	}
	// The map is role="img": links inside it would be hidden from assistive technology
	// (axe: nested-interactive), so only the table links.
	opts.Href = nil
	svg, err := geo.Choropleth(opts)
	if err != nil {
		return d, fmt.Errorf("crossplan: map: %w", err)
	}
	d.SVG, d.Table = svg, table
	return d, nil
}

// mapExport is the map's table as a file.
func mapExport(l i18n.Localizer, d mapData) *page.Export {
	x := &page.Export{List: listMap, Columns: []string{l.T("org_kind.municipality"), l.T("export.col_code"), d.ValueHeader, l.T("crossplan.col_period")}}
	for _, r := range d.Rows {
		v := sheet.Text(r.Value)
		if r.has {
			v = sheet.Number(r.value, mapDecimals(map[int64]float64{0: r.value}))
		}
		x.Add(sheet.Text(r.Name), sheet.Text(r.Code), v, sheet.Text(r.Period))
	}
	return x
}
