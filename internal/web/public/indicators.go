package public

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/page"
)

// indChartOrgLimit is the most organisations the indicator page draws as lines in one chart;
// with more, the reader chooses one.
const indChartOrgLimit = 6

// indValuesPerPage is the most rows of the indicator page's table of values.
const indValuesPerPage = 200

// defaultCompareIndicator is the indicator /sammenlign shows before the reader chooses.
const defaultCompareIndicator = model.IndicatorCO2ePerCapita

// indOption is one choice of a <select>.
type indOption struct {
	Value, Label string
	Selected     bool
}

type indTarget struct{ Year, Value string }

type indValueRow struct {
	ID                                                        int64
	Period, Org, OrgHref, Value, Source, Vintage, Note, Parts string
	Mismatch, Example, CanEdit                                bool
	period, vintage                                           string // as stored, for the export
	value, parts                                              float64
	hasParts                                                  bool
}

type indicatorData struct {
	Crumbs template.HTML // the breadcrumb trail (breadcrumbs)
	// Library are the knowledge library's items that name the indicator, as the reader sees them.
	Library []orgLink
	// Back and BackHref lead back to the municipality the page was opened from
	// (?organisation=), "" otherwise.
	Back, BackHref                                           string
	CanEdit, CanAddValue, AnyEditable                        bool // edit links: the indicator, a new value, some value shown
	ID                                                       int64
	Code, Name, Unit, Direction, Description, Method, Source string
	Owner, OwnerHref                                         string
	Baseline                                                 string
	Targets                                                  []indTarget
	Example                                                  bool
	OwnerOnly                                                bool // only the owner's people report its values (auth's value rule)
	Path                                                     string

	Chart     template.HTML
	OrgChoice []indOption // set when the reader chooses the organisation
	OrgCode   string      // the chosen organisation's code, kept by the other forms

	Values             []indValueRow
	HasParts           bool
	Page, Pages        int
	PrevHref, NextHref string

	Periods     []indOption
	Period      string
	Per         bool
	Compare     template.HTML
	CompareNote bool
	compareBars []indCompareBar // the comparison's rows, unit and decimals, for the export
	compareUnit string
	compareDec  int
}

// indicator is an indicator's page: its facts, a line chart of its totals with baseline and
// targets, its values with their sources, and a comparison across organisations.
func (s *Pages) indicator(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	q := r.URL.Query()
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	rec, err := s.One(ctx, model.Indicators, map[string]string{"code": code})
	if err != nil {
		return err
	}
	ind := model.AsIndicator(rec)
	if ind.Code() != code {
		return page.ErrNotFound
	}
	orgList, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return err
	}
	orgs := byID(orgList)
	d := indicatorData{Code: code, Name: ind.Name(string(l.Lang)), Unit: ind.UnitIn(string(l.Lang)), Direction: l.Enum("direction", ind.Direction()),
		Description: ind.Description(), Method: ind.Method(), Source: ind.Source(), Example: ind.Example(), OwnerOnly: ind.OwnerOnly(),
		Path: "/noegletal/" + url.PathEscape(code), CanEdit: s.MayEdit(ctx, model.Indicators, rec), ID: ind.ID(),
		CanAddValue: s.MayAdd(ctx, model.IndicatorValues, form.NewValueOf(rec))}
	if err := s.indicatorOwner(ctx, l, ind, orgs, &d); err != nil {
		return err
	}
	indicatorGoals(l, ind, &d)

	// At national scale an indicator has some 2,000 totals, and the page shows those of one
	// organisation: it reads which organisations have totals and which periods, the totals
	// of the shown organisations in full, and every organisation's of the compared period.
	iq := model.ListQuery{Filters: map[string]string{"indicator": idString(ind.ID())}}
	withTotals, err := s.totalOrganisations(ctx, iq)
	if err != nil {
		return err
	}
	periods, err := s.totalPeriods(ctx, iq)
	if err != nil {
		return err
	}
	for _, p := range periods {
		d.Example = d.Example || p.Example
	}
	orgIDs := withTotals
	i18n.SortBy(i18n.Danish, orgIDs, func(id int64) string { return model.AsOrganisation(orgs[id]).Name(string(l.Lang)) })
	shown, chosen := indShownOrgs(l, q, ind, orgIDs, orgs, &d)
	sums, err := s.DB.BreakdownSums(ctx, ind.ID(), append([]int64{}, shown...)) // the shown only, never all
	if err != nil {
		return err
	}

	recs, err := s.allOf(ctx, model.IndicatorValues, map[string]string{"indicator": idString(ind.ID()), "breakdown": ""}, "organisation", shown)
	if err != nil {
		return err
	}
	byOrg := map[int64][]model.IndicatorValue{}
	for _, v := range model.AsIndicatorValues(recs) {
		byOrg[v.OrganisationID()] = append(byOrg[v.OrganisationID()], v)
	}
	var rows []model.IndicatorValue
	for _, id := range shown {
		vs := byOrg[id]
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].Period() < vs[j].Period() })
		rows = append(rows, vs...)
	}
	d.Chart = s.indicatorLine(l, ind, d, shown, byOrg, orgs)
	s.indicatorValues(ctx, l, q, ex != nil, rows, sums, orgs, &d)

	d.Period, d.Periods = choosePeriod(l, periods, q.Get("period"))
	inPeriod, err := s.periodTotals(ctx, iq, d.Period)
	if err != nil {
		return err
	}
	indicatorCompare(l, q, inPeriod, orgIDs, orgs, chosen, &d)

	if ex != nil {
		return page.SendExport(w, l, ex, indicatorExport(l, d, ex.List))
	}
	indicatorTrail(l, q.Get("organisation"), orgs, &d)
	items, err := s.All(ctx, model.LibraryItems, map[string]string{"indicator": idString(ind.ID())})
	if err != nil {
		return err
	}
	d.Library = libraryLinks(l, items)
	pg := s.NewPage(r, l, l.T("indpage.title", d.Name))
	pg.Nav = "indicators"
	pg.Data = d
	return s.Render(w, "indicator", pg)
}

// indicatorGoals writes the indicator's baseline and targets into d.
func indicatorGoals(l i18n.Localizer, ind model.Indicator, d *indicatorData) {
	if b, ok := ind.BaselineValue(); ok {
		d.Baseline = l.Number(b, indValueDecimals(b))
		if y, ok := ind.BaselineYear(); ok {
			d.Baseline = l.T("indpage.baseline_in", d.Baseline, fmt.Sprint(y))
		}
	}
	for _, t := range ind.Targets() {
		d.Targets = append(d.Targets, indTarget{Year: fmt.Sprint(t.Year), Value: l.Number(t.Value, indValueDecimals(t.Value))})
	}
}

// indShownOrgs returns the organisations the chart and the table show: all, or, when there
// are more than indChartOrgLimit, the chosen one (the asked-for, else the owner, else the
// first), which it also returns and offers the choice of in d.
func indShownOrgs(l i18n.Localizer, q url.Values, ind model.Indicator, orgIDs []int64, orgs map[int64]model.Record, d *indicatorData) ([]int64, int64) {
	shown := orgIDs
	var chosen int64
	if len(orgIDs) > indChartOrgLimit {
		want := q.Get("organisation")
		owner := ind.OwnerOrganisationID()
		org := func(id int64) model.Organisation { return model.AsOrganisation(orgs[id]) }
		for _, id := range orgIDs {
			if org(id).Code() == want {
				chosen = id
			}
		}
		if chosen == 0 {
			chosen = orgIDs[0]
			if slices.Contains(orgIDs, owner) {
				chosen = owner
			}
		}
		shown = []int64{chosen}
		d.OrgCode = org(chosen).Code()
		for _, id := range orgIDs {
			d.OrgChoice = append(d.OrgChoice, indOption{Value: org(id).Code(), Label: org(id).Name(string(l.Lang)), Selected: id == chosen})
		}
	}
	return shown, chosen
}

// indicatorValues writes the table of values into d, a page at a time (every page for an
// export), with their breakdowns' sums and whether each may be edited.
func (s *Pages) indicatorValues(ctx context.Context, l i18n.Localizer, q url.Values, export bool, rows []model.IndicatorValue, sums map[string]store.PartsSum, orgs map[int64]model.Record, d *indicatorData) {
	d.Pages = max(1, (len(rows)+indValuesPerPage-1)/indValuesPerPage)
	d.Page = 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n >= 1 && n <= d.Pages {
		d.Page = n
	}
	from, to := (d.Page-1)*indValuesPerPage, min(len(rows), d.Page*indValuesPerPage)
	if export {
		from, to = 0, len(rows) // the file holds every page
	}
	// Whether a value may be edited depends, for one indicator, on its organisation alone:
	// decided once per organisation, not once per row (an export has thousands).
	editable := map[int64]bool{}
	mayEditValue := func(org int64, v model.IndicatorValue) bool {
		if !page.PrincipalOf(ctx).Signed() {
			return false
		}
		ok, seen := editable[org]
		if !seen {
			ok = s.MayEdit(ctx, model.IndicatorValues, v.Record)
			editable[org] = ok
		}
		return ok
	}
	for _, v := range rows[from:to] {
		org := v.OrganisationID()
		o := model.AsOrganisation(orgs[org])
		f := v.Value()
		row := indValueRow{ID: v.ID(), CanEdit: mayEditValue(org, v), Period: l.Period(v.Period()), Org: o.Name(string(l.Lang)), OrgHref: indOrgHref(o),
			Value: l.Number(f, indValueDecimals(f)), Source: v.Source(), Vintage: l.Date(v.Vintage()), Note: v.Note(),
			Example: v.Example(), period: v.Period(), vintage: v.Vintage(), value: f}
		if ps, ok := sums[store.PartsKey(org, v.Period())]; ok {
			d.HasParts = true
			row.Parts, row.parts, row.hasParts = l.Number(ps.Sum, indValueDecimals(ps.Sum)), ps.Sum, true
			row.Mismatch = store.BreakdownMismatch(f, ps.Sum)
		}
		d.AnyEditable = d.AnyEditable || row.CanEdit
		d.Values = append(d.Values, row)
	}
	pageURL := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return d.Path + "?" + v.Encode() + "#vaerdier"
	}
	if d.Page > 1 {
		d.PrevHref = pageURL(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextHref = pageURL(d.Page + 1)
	}
}

// indicatorCompare writes into d the comparison across organisations for d.Period, from
// its totals.
func indicatorCompare(l i18n.Localizer, q url.Values, totals []store.ValueTotal, orgIDs []int64, orgs map[int64]model.Record, chosen int64, d *indicatorData) {
	d.Per = q.Get("per") == "inhabitant"
	if d.Period != "" {
		var cands []model.Organisation
		for _, id := range orgIDs {
			cands = append(cands, model.AsOrganisation(orgs[id]))
		}
		vals := indPeriodValues(totals, d.Period)
		bars, dec := indCompareBars(l, cands, vals, d.Per, chosen)
		unit := d.Unit
		if d.Per {
			unit = l.T("indpage.per_unit", d.Unit)
		}
		d.compareBars, d.compareUnit, d.compareDec = bars, unit, dec
		d.Compare = indBarsWithTable(l, "sammenligning", l.T("indpage.compare_title", d.Name, l.Period(d.Period)),
			l.T("indpage.compare_desc"), l.T("resource.organisations.one"), unit, bars)
	}
}

// indicatorOwner names the indicator's owner, linked where it has a page.
func (s *Pages) indicatorOwner(ctx context.Context, l i18n.Localizer, ind model.Indicator, orgs map[int64]model.Record, d *indicatorData) error {
	if id := ind.OwnerOrganisationID(); id != 0 {
		if o, ok := orgs[id]; ok {
			d.Owner, d.OwnerHref = model.AsOrganisation(o).Name(string(l.Lang)), indOrgHref(model.AsOrganisation(o))
		}
		return nil
	}
	if id := ind.OwnerProjectID(); id != 0 {
		rec, err := s.DB.Get(ctx, model.Projects, id)
		if err != nil {
			return err
		}
		p := model.AsProject(rec)
		d.Owner, d.OwnerHref = p.Code()+": "+p.Name(string(l.Lang)), "/projekter/"+url.PathEscape(p.Code())
		return nil
	}
	if id := ind.OwnerPlanID(); id != 0 {
		rec, err := s.DB.Get(ctx, model.Plans, id)
		if err != nil {
			return err
		}
		p := model.AsPlan(rec)
		d.Owner = p.Title()
		if org := p.OrganisationID(); org != 0 {
			d.OwnerHref = indOrgHref(model.AsOrganisation(orgs[org]))
		}
	}
	return nil
}

// indOrgHref is an organisation's page, or "" when it has none.
func indOrgHref(o model.Organisation) string {
	if o.Kind() == "municipality" {
		return "/kommuner/" + url.PathEscape(o.Code())
	}
	return ""
}

// indicatorLine draws the totals of the shown organisations as lines, with the baseline and
// targets, and the chart's table.
func (s *Pages) indicatorLine(l i18n.Localizer, ind model.Indicator, d indicatorData, shown []int64, byOrg map[int64][]model.IndicatorValue, orgs map[int64]model.Record) template.HTML {
	lang := string(l.Lang)
	title := l.T("indpage.chart_title", d.Name)
	if d.OrgCode != "" && len(shown) == 1 {
		title = l.T("indpage.chart_title_org", d.Name, model.AsOrganisation(orgs[shown[0]]).Name(lang))
	}
	var all []float64
	c := chart.LineChart{TickFormat: tickFormat(l), CutAxisNote: l.T("chart.cut_axis"),
		Meta:        chart.Meta{ID: "udvikling", Title: title, Desc: l.T("indpage.chart_desc"), NoData: l.T("chart.no_data"), Missing: i18n.Dash},
		TargetLabel: l.T("chart.target"), XLabel: l.T("indpage.period"), YLabel: d.Unit,
	}
	for _, id := range shown {
		sr := chart.Series{Name: model.AsOrganisation(orgs[id]).Name(lang)}
		for _, v := range byOrg[id] {
			all = append(all, v.Value())
			sr.Points = append(sr.Points, chart.Point{X: l.Period(v.Period()), Y: v.Value()})
		}
		c.Series = append(c.Series, sr)
	}
	var refs []float64
	c.Baseline, c.Targets, refs = indicatorReferences(l, ind)
	c.Format = numberFormat(l, indDecimalsFor(append(all, refs...)))
	td := c.TableData()
	td.Caption = c.Title
	return chart.Line(c) + page.Details(l, chart.Table(td))
}

// indPeriodValues picks the totals of one period, by organisation id.
func indPeriodValues(totals []store.ValueTotal, period string) map[int64]float64 {
	out := map[int64]float64{}
	for _, v := range totals {
		if v.Period != period {
			continue
		}
		out[v.OrganisationID] = v.Value
	}
	return out
}

// indCompareBar is one organisation in a comparison.
type indCompareBar struct {
	Org       model.Organisation
	Value     float64
	Highlight bool
}

// indCompareBars turns the candidates' values into bars sorted from the largest value, absolute
// or divided by the latest population (then only organisations with a population take part).
// The second result is the number of decimals that shows the values well.
func indCompareBars(l i18n.Localizer, cands []model.Organisation, vals map[int64]float64, per bool, highlight int64) ([]indCompareBar, int) {
	var out []indCompareBar
	var nums []float64
	for _, o := range cands {
		v, ok := vals[o.ID()]
		if !ok {
			continue
		}
		if per {
			pop, ok := o.LatestPopulation()
			if !ok {
				continue
			}
			v /= float64(pop.Value)
		}
		out = append(out, indCompareBar{Org: o, Value: v, Highlight: o.ID() == highlight})
		nums = append(nums, v)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Value != out[j].Value {
			return out[i].Value > out[j].Value
		}
		return i18n.Compare(i18n.Danish, out[i].Org.Name(string(l.Lang)), out[j].Org.Name(string(l.Lang))) < 0
	})
	return out, indDecimalsFor(nums)
}

// indBarsWithTable draws sorted bars and their table.
func indBarsWithTable(l i18n.Localizer, id, title, desc, category, unit string, bars []indCompareBar) template.HTML {
	var nums []float64
	for _, b := range bars {
		nums = append(nums, b.Value)
	}
	c := chart.BarChart{
		Meta:          chart.Meta{ID: id, Title: title, Desc: desc, NoData: l.T("chart.no_data"), Missing: i18n.Dash},
		Sort:          chart.SortDescending,
		CategoryLabel: category, ValueLabel: unit, Format: numberFormat(l, indDecimalsFor(nums)),
	}
	for _, b := range bars {
		c.Bars = append(c.Bars, chart.Bar{Label: b.Org.Name(string(l.Lang)), Value: b.Value, Highlight: b.Highlight})
	}
	td := c.TableData()
	td.Caption = title
	return chart.Bars(c) + page.Details(l, chart.Table(td))
}

// indValueDecimals is how many decimals show v: none for whole numbers, at most 3, and enough
// for three significant digits of a small number.
func indValueDecimals(v float64) int {
	a := math.Abs(v)
	if math.IsNaN(a) || math.IsInf(a, 0) || a == math.Trunc(a) {
		return 0
	}
	s := strconv.FormatFloat(a, 'f', -1, 64)
	n := len(s) - strings.IndexByte(s, '.') - 1
	limit := 3
	if a < 0.01 {
		limit = int(math.Ceil(-math.Log10(a))) + 2
	}
	return min(n, limit, 9)
}

// indDecimalsFor is how many decimals show a set of values alike.
func indDecimalsFor(vs []float64) int {
	d := 0
	for _, v := range vs {
		d = max(d, indValueDecimals(v))
	}
	return d
}

// indCompareRow is one municipality in the comparison's table.
type indCompareRow struct {
	Rank              int
	Name, Href, Value string
	Example           bool
	value             float64 // for the export
}

type indCompareData struct {
	Crumbs     template.HTML // the breadcrumb trail (breadcrumbs)
	Indicators []indOption
	Years      []indOption
	Areas      []indOption
	Per        bool
	Indicator  string // name
	Code       string
	Unit       string
	Year       string
	Area       string
	Rows       []indCompareRow
	Count      string
	Chart      template.HTML
	Example    bool
	dec        int // the values' decimals, for the export
}

// compare is the comparison of municipalities: an indicator and a year chosen in a form,
// shown as a sorted table and a sorted bar chart, for all of Denmark or one region.
func (s *Pages) compare(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	q := r.URL.Query()
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	// The choice needs the indicators' names only; the chosen one is read in full.
	names, err := s.indicatorNames(ctx, model.ListQuery{})
	if err != nil {
		return err
	}
	d := indCompareData{Per: q.Get("per") == "inhabitant"}
	var ind model.Indicator
	name, hasInd := compareIndicator(l, q, names, &d)
	if hasInd {
		rec, err := s.One(ctx, model.Indicators, map[string]string{"code": name.Code})
		if err != nil {
			return err
		}
		ind = model.AsIndicator(rec)
	}

	orgList, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return err
	}
	munis := compareArea(l, q, model.AsOrganisations(orgList), &d)

	if hasInd {
		if err := s.compareRanking(ctx, l, q, ind, munis, &d); err != nil {
			return err
		}
	}

	if ex != nil {
		return page.SendExport(w, l, ex, compareExport(l, d, ex.List))
	}
	d.Crumbs = breadcrumbs(l, crumb{Name: l.T("nav.compare")})
	pg := s.NewPage(r, l, l.T("compare.title"))
	pg.Nav = "compare"
	pg.Data = d
	return s.Render(w, "compare", pg)
}

// compareIndicator offers the indicators in d, in Danish order of their names, and returns
// the one to compare by: the asked-for, else the default, else the first (false when there
// is none).
func compareIndicator(l i18n.Localizer, q url.Values, inds []store.IndicatorName, d *indCompareData) (store.IndicatorName, bool) {
	lang := string(l.Lang)
	i18n.SortBy(i18n.Danish, inds, func(ind store.IndicatorName) string { return ind.Name(lang) })
	var ind store.IndicatorName
	found := false
	for _, want := range []string{q.Get("indicator"), defaultCompareIndicator} {
		for _, x := range inds {
			if x.Code == want {
				ind, found = x, true
				break
			}
		}
		if found {
			break
		}
	}
	if !found && len(inds) > 0 {
		ind, found = inds[0], true
	}
	for _, x := range inds {
		d.Indicators = append(d.Indicators, indOption{Value: x.Code, Label: x.Name(lang), Selected: x.ID == ind.ID})
	}
	return ind, found
}

// compareArea offers the areas in d, all of Denmark and each region, and returns the
// municipalities of the chosen one.
func compareArea(l i18n.Localizer, q url.Values, orgList []model.Organisation, d *indCompareData) []model.Organisation {
	lang := string(l.Lang)
	var region model.Organisation
	d.Areas = []indOption{{Value: "", Label: l.T("comparepage.all_denmark")}}
	var regions []model.Organisation
	for _, o := range orgList {
		if o.Kind() == "region" {
			regions = append(regions, o)
		}
	}
	i18n.SortBy(i18n.Danish, regions, func(o model.Organisation) string { return o.Name(lang) })
	for _, o := range regions {
		sel := o.Code() == q.Get("region")
		if sel {
			region = o
		}
		d.Areas = append(d.Areas, indOption{Value: o.Code(), Label: o.Name(lang), Selected: sel})
	}
	d.Area = l.T("comparepage.all_denmark")
	if region.Record != nil {
		d.Area = region.Name(lang)
	} else {
		d.Areas[0].Selected = true
	}
	var munis []model.Organisation
	for _, o := range orgList {
		if o.Kind() != "municipality" {
			continue
		}
		if region.Record != nil && o.ParentID() != region.ID() {
			continue
		}
		munis = append(munis, o)
	}
	return munis
}

// compareRanking writes into d the municipalities ranked by the indicator's value in the
// chosen year, as a table and a chart.
func (s *Pages) compareRanking(ctx context.Context, l i18n.Localizer, q url.Values, ind model.Indicator, munis []model.Organisation, d *indCompareData) error {
	d.Indicator, d.Code, d.Unit, d.Example = ind.Name(string(l.Lang)), ind.Code(), ind.UnitIn(string(l.Lang)), ind.Example()
	iq := model.ListQuery{Filters: map[string]string{"indicator": idString(ind.ID())}}
	periods, err := s.totalPeriods(ctx, iq)
	if err != nil {
		return err
	}
	d.Year, d.Years = choosePeriod(l, periods, q.Get("year"))
	totals, err := s.periodTotals(ctx, iq, d.Year)
	if err != nil {
		return err
	}
	example := map[int64]bool{}
	for _, v := range totals {
		if v.Example {
			example[v.OrganisationID] = true
		}
	}
	bars, dec := indCompareBars(l, munis, indPeriodValues(totals, d.Year), d.Per, 0)
	d.dec = dec
	for i, b := range bars {
		row := indCompareRow{Rank: i + 1, Name: b.Org.Name(string(l.Lang)), Href: indOrgHref(b.Org), Value: l.Number(b.Value, dec), Example: example[b.Org.ID()], value: b.Value}
		if i > 0 && b.Value == bars[i-1].Value {
			row.Rank = d.Rows[i-1].Rank
		}
		d.Example = d.Example || row.Example
		d.Rows = append(d.Rows, row)
	}
	d.Count = l.Int(len(d.Rows))
	if d.Per {
		d.Unit = l.T("indpage.per_unit", d.Unit)
	}
	if len(bars) > 0 {
		d.Chart = indBarsWithTable(l, "sammenlign-kommuner", l.T("comparepage.chart_title", d.Indicator, l.Period(d.Year)),
			l.T("indpage.compare_desc"), l.T("org_kind.municipality"), d.Unit, bars)
	}
	d.Year = l.Period(d.Year)
	return nil
}

// choosePeriod offers the periods (in ascending order) newest first, and picks want if it
// is one of them, else the newest.
func choosePeriod(l i18n.Localizer, periods []store.TotalPeriod, want string) (string, []indOption) {
	list := make([]string, len(periods))
	for i, p := range periods {
		list[i] = p.Period
	}
	chosen := ""
	if len(list) > 0 {
		chosen = list[len(list)-1]
		if slices.Contains(list, want) {
			chosen = want
		}
	}
	var opts []indOption
	for i := len(list) - 1; i >= 0; i-- {
		opts = append(opts, indOption{Value: list[i], Label: l.Period(list[i]), Selected: list[i] == chosen})
	}
	return chosen, opts
}

// indicatorExport is an indicator page's lists: its values with their sources (every page
// of them) and the comparison across organisations.
func indicatorExport(l i18n.Localizer, d indicatorData, list string) *page.Export {
	switch list {
	case listValues:
		x := &page.Export{List: list, Qualify: d.Code, Columns: []string{l.T("indpage.period"), l.T("resource.organisations.one"), l.T("field.indicator-values.value")}}
		if d.HasParts {
			x.Columns = append(x.Columns, l.T("indpage.parts"), l.T("export.col_mismatch"))
		}
		x.Columns = append(x.Columns, l.T("common.source"), l.T("field.indicator-values.vintage"), l.T("field.indicator-values.note"), l.T("export.col_example"))
		for _, v := range d.Values {
			row := []sheet.Cell{periodCell(l, v.period), sheet.Text(v.Org), sheet.Number(v.value, indValueDecimals(v.value))}
			if d.HasParts {
				parts, mismatch := sheet.Cell{}, sheet.Cell{}
				if v.hasParts {
					parts = sheet.Number(v.parts, indValueDecimals(v.parts))
					if v.Mismatch {
						mismatch = sheet.Text(l.T("common.yes"))
					}
				}
				row = append(row, parts, mismatch)
			}
			x.Add(append(row, sheet.Text(v.Source), sheet.Date(v.vintage), sheet.Text(v.Note), exampleCell(l, v.Example))...)
		}
		return x
	case listComparison:
		if d.Period == "" {
			return nil
		}
		x := &page.Export{List: list, Qualify: d.Code, Columns: []string{l.T("resource.organisations.one"), d.compareUnit}}
		for _, b := range d.compareBars {
			x.Add(sheet.Text(b.Org.Name(string(l.Lang))), sheet.Number(b.Value, d.compareDec))
		}
		return x
	}
	return nil
}

// compareExport is the comparison page's table, in its order.
func compareExport(l i18n.Localizer, d indCompareData, list string) *page.Export {
	if list != listComparison {
		return nil
	}
	x := &page.Export{List: list, Qualify: d.Code, Columns: []string{l.T("comparepage.rank"), l.T("org_kind.municipality"), d.Unit, l.T("export.col_example")}}
	for _, r := range d.Rows {
		x.Add(sheet.Int(int64(r.Rank)), sheet.Text(r.Name), sheet.Number(r.value, d.dec), exampleCell(l, r.Example))
	}
	return x
}

// indicatorReferences are the indicator's baseline and targets (by year) as its line charts
// draw them, with their values, which the charts' decimals must also show.
func indicatorReferences(l i18n.Localizer, ind model.Indicator) (baseline *chart.Reference, targets []chart.Target, values []float64) {
	if b, ok := ind.BaselineValue(); ok {
		baseline = &chart.Reference{Label: l.T("chart.baseline"), Y: b}
		if y, ok := ind.BaselineYear(); ok {
			baseline.X = fmt.Sprint(y)
		}
		values = append(values, b)
	}
	for _, t := range ind.SortedTargets() {
		targets = append(targets, chart.Target{X: fmt.Sprint(t.Year), Y: t.Value})
		values = append(values, t.Value)
	}
	return baseline, targets, values
}

// indicatorTrail is the indicator page's breadcrumbs and its way back: opened from a
// municipality's page (?organisation= its code) the trail runs through that municipality
// and a link leads back to it; otherwise through the indicators, which have no list page.
func indicatorTrail(l i18n.Localizer, from string, orgs map[int64]model.Record, d *indicatorData) {
	if from != "" {
		for _, rec := range orgs {
			o := model.AsOrganisation(rec)
			if o.Code() != from || o.Kind() != "municipality" {
				continue
			}
			name := o.Name(string(l.Lang))
			d.Back, d.BackHref = l.T("indpage.back_to", name), "/kommuner/"+url.PathEscape(o.Code())+"#noegletal"
			d.Crumbs = breadcrumbs(l, crumb{l.T("nav.municipalities"), "/#kommuner"}, crumb{name, "/kommuner/" + url.PathEscape(o.Code())}, crumb{Name: d.Name})
			return
		}
	}
	d.Crumbs = breadcrumbs(l, crumb{Name: l.T("nav.indicators")}, crumb{Name: d.Name})
}
