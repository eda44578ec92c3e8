package climate

import (
	"cmp"
	"errors"
	"html/template"
	"math"
	"slices"
	"strconv"

	"klimaspor/internal/chart"
	"klimaspor/internal/emissions"
	"klimaspor/internal/i18n"
	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// The views are built from what the handlers read, without I/O, in the reader's language.

// releaseView is a release as the pages name it.
type releaseView struct {
	Name, Vintage, Source, Note string
}

func releaseViewOf(l i18n.Localizer, r store.Release) releaseView {
	return releaseView{Name: r.Name, Vintage: l.Date(r.Vintage), Source: r.Source, Note: r.Note}
}

// releasesView is the release shown, the one compared with, and the selector's choices
// (only when more than one release is stored).
type releasesView struct {
	Shown   releaseView
	Compare *releaseView
	Choices []page.Option // ?udgivelse=
	Against []page.Option // ?sammenlign=, the first "none"
}

func buildReleases(l i18n.Localizer, rel releases) releasesView {
	v := releasesView{Shown: releaseViewOf(l, rel.Shown)}
	if rel.Compare != nil {
		c := releaseViewOf(l, *rel.Compare)
		v.Compare = &c
	}
	if len(rel.All) < 2 {
		return v
	}
	v.Against = []page.Option{{Value: "", Label: l.T("climate.compare_none"), Selected: rel.Compare == nil}}
	for _, r := range rel.All {
		label := l.T("climate.release_option", r.Name, l.Date(r.Vintage))
		id := strconv.FormatInt(r.ID, 10)
		v.Choices = append(v.Choices, page.Option{Value: id, Label: label, Selected: r.ID == rel.Shown.ID})
		v.Against = append(v.Against, page.Option{Value: id, Label: label, Selected: rel.Compare != nil && r.ID == rel.Compare.ID})
	}
	return v
}

// figures is a table of an inventory's figures: a row per year, a column per sector and
// the total, formatted; the numbers are kept for the export.
type figures struct {
	Caption string
	Columns []string // the sectors, then the total
	Rows    []figureRow
}

type figureRow struct {
	Year  int
	Cells []string
	vals  []float64 // per column; NaN where the year has no figure
}

// sectorTable is the inventory as a table, in model.EmissionSectors order.
func sectorTable(l i18n.Localizer, caption string, inv store.Inventory) figures {
	f := figures{Caption: caption, Columns: sectorColumns(l)}
	for _, y := range inv.Years {
		vals := make([]float64, len(model.EmissionSectors)+1)
		for i := range vals {
			vals[i] = math.NaN()
		}
		for _, s := range y.Sectors {
			if i := slices.Index(model.EmissionSectors, s.Sector); i >= 0 {
				vals[i] = s.TCO2e
			}
		}
		vals[len(vals)-1] = y.TotalTCO2e
		f.Rows = append(f.Rows, figureRow{Year: y.Year, vals: vals, Cells: tonnesCells(l, vals)})
	}
	return f
}

// differenceTable is shown − other per year and sector, for the years both have.
func differenceTable(l i18n.Localizer, caption string, shown, other store.Inventory) figures {
	a, b := sectorTable(l, "", shown), sectorTable(l, "", other)
	f := figures{Caption: caption, Columns: a.Columns}
	for _, ra := range a.Rows {
		for _, rb := range b.Rows {
			if ra.Year != rb.Year {
				continue
			}
			vals := make([]float64, len(ra.vals))
			for i := range vals {
				vals[i] = ra.vals[i] - rb.vals[i] // NaN where either lacks the sector
			}
			f.Rows = append(f.Rows, figureRow{Year: ra.Year, vals: vals, Cells: tonnesCells(l, vals)})
		}
	}
	return f
}

func sectorColumns(l i18n.Localizer) []string {
	var cols []string
	for _, sec := range model.EmissionSectors {
		cols = append(cols, l.T("emission_sector."+sec))
	}
	return append(cols, l.T("common.total"))
}

// tonnes writes whole tonnes in the reader's locale ("867.437"); a missing figure is a dash.
func tonnes(l i18n.Localizer, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return i18n.Dash
	}
	return l.Number(v, 0)
}

func tonnesCells(l i18n.Localizer, vals []float64) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = tonnes(l, v)
	}
	return out
}

// export is the table as a file: the year and each column, to the tenth of a tonne as the
// accounts give them.
func (f figures) export(l i18n.Localizer, list, qualify string) *page.Export {
	x := &page.Export{List: list, Qualify: qualify, Columns: append([]string{l.T("muni.year")}, f.Columns...)}
	for _, r := range f.Rows {
		cells := []sheet.Cell{sheet.Int(int64(r.Year))}
		for _, v := range r.vals {
			if math.IsNaN(v) {
				cells = append(cells, sheet.Cell{})
			} else {
				cells = append(cells, sheet.Number(v, 1))
			}
		}
		x.Add(cells...)
	}
	return x
}

// sectorChart draws the inventory's sectors as stacked bars over its years, the total as the
// net marker, with the table below.
func sectorChart(l i18n.Localizer, id, title string, inv store.Inventory) template.HTML {
	c := chart.StackedBarChart{TickFormat: tickFormat(l),
		Meta:     chart.Meta{ID: id, Title: title, Desc: l.T("climate.sectors_desc"), NoData: l.T("chart.no_data"), Missing: i18n.Dash},
		NetLabel: l.T("common.total"), XLabel: l.T("muni.year"), YLabel: l.T("unit.t_co2e"), Format: numberFormat(l, 0),
	}
	for _, sec := range model.EmissionSectors {
		c.Parts = append(c.Parts, l.T("emission_sector."+sec))
	}
	for _, y := range inv.Years {
		c.Categories = append(c.Categories, strconv.Itoa(y.Year))
		row := make([]float64, len(model.EmissionSectors))
		for i := range row {
			row[i] = math.NaN()
		}
		for _, s := range y.Sectors {
			if i := slices.Index(model.EmissionSectors, s.Sector); i >= 0 {
				row[i] = s.TCO2e
			}
		}
		c.Values = append(c.Values, row)
	}
	td := c.TableData()
	return chart.StackedBars(c) + page.Details(l, chart.Table(td))
}

func numberFormat(l i18n.Localizer, decimals int) func(float64) string {
	return func(v float64) string { return l.Number(v, decimals) }
}

func tickFormat(l i18n.Localizer) chart.DecimalFormatter {
	return func(v float64, decimals int) string { return l.Number(v, decimals) }
}

// yearSpan is "2018–2023", or "" without years.
func yearSpan(l i18n.Localizer, inv store.Inventory) string {
	if len(inv.Years) == 0 {
		return ""
	}
	return l.T("common.period_range", strconv.Itoa(inv.Years[0].Year), strconv.Itoa(inv.Years[len(inv.Years)-1].Year))
}

// --- A municipality's accounts ---

// accountsInput is what a municipality's accounts page shows, as read.
type accountsInput struct {
	Org      model.Organisation
	Region   *model.Organisation
	Releases releases
	Shown    store.Inventory
	Other    *store.Inventory
	// Pathway is the pathway of the shown release, or what BuildPathway could make of it
	// with PathwayErr saying why there is none (inventory.ErrNoTarget, ErrNoAccounts).
	Pathway    *inventory.Pathway
	PathwayErr error
	Targets    []model.EmissionTarget // the municipality's targets as the reader sees them
	// Footprint is the consumption-based footprint, or FootprintErr says why there is none
	// (inventory.ErrNoProfile, ErrNoPopulation).
	Footprint    *inventory.ConsumptionFootprint
	FootprintErr error
	// Procurement is the procurement footprint of SpendYear, the latest year with spend;
	// nil with ProcurementErr nil when there is no spend, or ProcurementErr says why it
	// cannot be computed.
	SpendYear      int
	Procurement    *inventory.ProcurementFootprint
	ProcurementErr error
}

type accountsData struct {
	Crumbs     template.HTML
	Name, Code string
	RegionName string
	RegionHref string
	Releases   releasesView
	Here       string // the page's path, for the selector's form
	NoAccounts bool
	Sectors    template.HTML
	Figures    figures
	Difference *figures
	Targets    []targetView
	Unused     []unusedView
	AnyExample bool
	// NoPathway says why there is no pathway ("" when there is one).
	NoPathway string
	Pathway   *pathwayView
	// The footprints outside the territorial accounts, or the line saying why each is not
	// shown.
	Footprint     *footprintView
	NoFootprint   string
	Procurement   *procurementView
	NoProcurement string
}

type targetView struct {
	Label, Years, Reduction, Base, Level, Boundary, Source string
	Example                                                bool
}

type unusedView struct {
	Label, Reason string
}

// pathwayView is the pathway as the page shows it: the verdict in words (never a colour
// alone), its rule verbatim in the reader's language, the line chart, the gap per year and
// the wedge chart.
type pathwayView struct {
	Verdict     string // emissions.Verdict's code
	VerdictText string // and in words
	Sentence    string // the verdict with the numbers it was reached from
	Rule        string
	Chart       template.HTML
	Gap         []gapRow
	WedgeChart  template.HTML
	NoEffects   bool        // no action has an expected effect: the whole gap is manko
	Wedges      []wedgeView // every action's wedge, largest first
	LatestYear  int         // the latest year of the accounts
	LastYear    int         // the last target year
	LastManko   string      // the manko in LastYear
}

type gapRow struct {
	Year                                           int
	Actual, Required, Gap, Wedges, Expected, Manko string
}

type wedgeView struct {
	Label, TCO2e, From string
}

// maxWedgeParts keeps the wedge chart readable: the largest wedges each get a part, the
// rest are one ("other actions"); the list below names every one.
const maxWedgeParts = 6

func buildAccounts(l i18n.Localizer, in accountsInput) accountsData {
	lang := string(l.Lang)
	d := accountsData{Name: in.Org.Name(lang), Code: in.Org.Code(), Releases: buildReleases(l, in.Releases),
		NoAccounts: len(in.Shown.Years) == 0}
	if in.Region != nil {
		d.RegionName, d.RegionHref = in.Region.Name(lang), RegionHref(in.Region.Code())
	}
	if !d.NoAccounts {
		d.Sectors = sectorChart(l, "sektorer", l.T("climate.sectors_title", d.Name, yearSpan(l, in.Shown)), in.Shown)
		d.Figures = sectorTable(l, l.T("climate.figures_caption", d.Name, in.Releases.Shown.Name), in.Shown)
		if in.Other != nil {
			f := differenceTable(l, l.T("climate.difference_caption", in.Releases.Shown.Name, in.Releases.Compare.Name), in.Shown, *in.Other)
			d.Difference = &f
		}
	}

	// The targets, with the level each allows where the pathway could use it.
	levels := map[int]emissions.TargetLevel{}
	if in.Pathway != nil {
		for _, tl := range in.Pathway.Targets {
			levels[tl.Target.TargetYear] = tl
		}
	}
	for _, t := range in.Targets {
		tv := targetView{Label: t.Label(), Source: t.Source(), Example: t.Example(), Boundary: l.Enum("emission_boundary", boundaryOf(t.Boundary())),
			Base: l.T("common.not_given"), Level: i18n.Dash}
		base, hasBase := t.BaseYear()
		if hasBase {
			tv.Years = l.T("climate.target_years", strconv.FormatInt(base, 10), strconv.FormatInt(t.TargetYear(), 10))
		} else {
			tv.Years = strconv.FormatInt(t.TargetYear(), 10)
		}
		if t.NetZero() {
			tv.Reduction = l.T("climate.net_zero")
		} else if pct, ok := t.ReductionPct(); ok {
			tv.Reduction = l.Percent(pct, 0)
		}
		if bt, ok := t.BaseTCO2e(); ok && bt > 0 {
			tv.Base = l.T("climate.base_entered", tonnes(l, bt), t.BaseSource())
		} else if hasBase && hasYear(in.Shown, int(base)) {
			tv.Base = l.T("climate.base_from_accounts", strconv.FormatInt(base, 10))
		} else if t.NetZero() {
			tv.Base = l.T("climate.base_none_needed")
		}
		if tl, ok := levels[int(t.TargetYear())]; ok && tl.Target.Label == t.Label() {
			tv.Level = tonnes(l, tl.Level)
		}
		d.AnyExample = d.AnyExample || t.Example()
		d.Targets = append(d.Targets, tv)
	}
	if in.Pathway != nil {
		for _, u := range in.Pathway.Unused {
			d.Unused = append(d.Unused, unusedView{Label: targetName(l, u.Target), Reason: unusedReason(l, u, in.Pathway.Actual)})
		}
	}

	switch {
	case d.NoAccounts || errors.Is(in.PathwayErr, inventory.ErrNoAccounts):
		d.NoPathway = l.T("climate.no_pathway_accounts")
	case len(in.Targets) == 0:
		d.NoPathway = l.T("climate.no_pathway_targets")
	case in.PathwayErr != nil || in.Pathway == nil || len(in.Pathway.Years) == 0:
		d.NoPathway = l.T("climate.no_pathway_usable")
	default:
		d.Pathway = buildPathway(l, d.Name, in.Pathway)
	}
	d.Footprint, d.NoFootprint = buildFootprint(l, in.Org.Kind(), d.Name, in.Footprint, in.FootprintErr)
	d.Procurement, d.NoProcurement = buildProcurement(l, d.Name, in.SpendYear, in.Procurement, in.ProcurementErr)
	return d
}

// hasYear reports whether the accounts have the year.
func hasYear(inv store.Inventory, year int) bool {
	for _, y := range inv.Years {
		if y.Year == year {
			return true
		}
	}
	return false
}

// boundaryOf reads the empty boundary as territorial.
func boundaryOf(b string) string {
	if b == "" {
		return emissions.BoundaryTerritorial
	}
	return b
}

// targetName is a target's label, or its years when it has none.
func targetName(l i18n.Localizer, t emissions.Target) string {
	if t.Label != "" {
		return t.Label
	}
	return strconv.Itoa(t.TargetYear)
}

// unusedReason says in the reader's language why the pathway could not use a target.
func unusedReason(l i18n.Localizer, u inventory.UnusedTarget, actual emissions.Series) string {
	if boundaryOf(u.Target.Boundary) != emissions.BoundaryTerritorial {
		return l.T("climate.unused_boundary", l.Enum("emission_boundary", boundaryOf(u.Target.Boundary)))
	}
	var ve *model.ValidationError
	if errors.As(u.Target.Check(actual), &ve) {
		for _, fe := range ve.Errors {
			if fe.Field == "base_t_co2e" && fe.Code == model.CodeRequired {
				return l.T("climate.unused_no_base", strconv.Itoa(u.Target.BaseYear))
			}
			if fe.Field == "base_t_co2e" && fe.Code == model.CodeRule {
				return l.T("climate.unused_base_not_positive", strconv.Itoa(u.Target.BaseYear))
			}
		}
	}
	return l.T("climate.unused_other", u.Reason)
}

func buildPathway(l i18n.Localizer, name string, p *inventory.Pathway) *pathwayView {
	a := p.Assessment
	latest, _ := p.Actual.Latest()
	v := &pathwayView{Verdict: string(p.Verdict), VerdictText: l.T("climate.verdict." + string(p.Verdict)), LatestYear: latest.Year}
	v.Rule = p.Rule
	if l.Lang == i18n.English {
		v.Rule = p.RuleEN
	}
	target := l.T("climate.target_in", strconv.Itoa(a.NextTarget), tonnes(l, a.NextLevel))
	switch {
	case a.AtOrBelowLevel:
		v.Sentence = l.T("climate.sentence_below", strconv.Itoa(latest.Year), tonnes(l, latest.TCO2e), target)
	case a.TrendFrom == latest.Year:
		v.Sentence = l.T("climate.sentence_one_year", target, tonnes(l, a.RequiredRate))
	case a.ActualRate >= 0:
		v.Sentence = l.T("climate.sentence_fall", tonnes(l, a.ActualRate), strconv.Itoa(a.TrendFrom), strconv.Itoa(latest.Year), target, tonnes(l, a.RequiredRate))
	default:
		v.Sentence = l.T("climate.sentence_rise", tonnes(l, -a.ActualRate), strconv.Itoa(a.TrendFrom), strconv.Itoa(latest.Year), target, tonnes(l, a.RequiredRate))
	}

	// The line chart: actual, required and expected, with the targets.
	actual := chart.Series{Name: l.T("climate.actual")}
	required := chart.Series{Name: l.T("climate.required")}
	expected := chart.Series{Name: l.T("climate.expected")}
	opt := func(f *float64) string {
		if f == nil {
			return i18n.Dash
		}
		return tonnes(l, *f)
	}
	for _, y := range p.Years {
		x := strconv.Itoa(y.Year)
		if y.Actual != nil {
			actual.Points = append(actual.Points, chart.Point{X: x, Y: *y.Actual})
		}
		if y.Required != nil {
			required.Points = append(required.Points, chart.Point{X: x, Y: *y.Required})
		}
		switch {
		case y.Year == latest.Year:
			expected.Points = append(expected.Points, chart.Point{X: x, Y: latest.TCO2e})
		case y.Expected != nil:
			expected.Points = append(expected.Points, chart.Point{X: x, Y: *y.Expected})
		}
		v.Gap = append(v.Gap, gapRow{Year: y.Year, Actual: opt(y.Actual), Required: opt(y.Required), Gap: opt(y.Gap),
			Wedges: opt(y.Wedges), Expected: opt(y.Expected), Manko: opt(y.Manko)})
		v.LastYear = y.Year
	}
	lc := chart.LineChart{TickFormat: tickFormat(l), ZeroBased: true, Format: numberFormat(l, 0),
		Meta:        chart.Meta{ID: "sti", Title: l.T("climate.pathway_title", name, strconv.Itoa(v.LastYear)), Desc: l.T("climate.verdict_desc", v.VerdictText, v.Sentence), NoData: l.T("chart.no_data"), Missing: i18n.Dash},
		Series:      []chart.Series{actual, required, expected},
		TargetLabel: l.T("chart.target"), XLabel: l.T("muni.year"), YLabel: l.T("unit.t_co2e"),
	}
	for _, tl := range p.Targets {
		if tl.Ahead {
			lc.Targets = append(lc.Targets, chart.Target{X: strconv.Itoa(tl.Target.TargetYear), Y: tl.Level, Label: targetName(l, tl.Target)})
		}
	}
	v.Chart = chart.Line(lc) + page.Details(l, chart.Table(lc.TableData()))

	// The wedge chart: the largest wedges each a part, the rest together, and the manko.
	v.NoEffects = len(p.Wedges) == 0
	order := make([]int, len(p.Wedges))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p.Wedges[b].TCO2e, p.Wedges[a].TCO2e) })
	for _, i := range order {
		w := p.Wedges[i]
		v.Wedges = append(v.Wedges, wedgeView{Label: w.Label, TCO2e: tonnes(l, w.TCO2e), From: strconv.Itoa(w.Start)})
	}
	shown := order
	rest := []int(nil)
	if len(order) > maxWedgeParts {
		shown, rest = order[:maxWedgeParts-1], order[maxWedgeParts-1:]
	}
	wc := chart.StackedBarChart{TickFormat: tickFormat(l), Format: numberFormat(l, 0),
		Meta:   chart.Meta{ID: "kiler", Title: l.T("climate.wedges_title", name), Desc: l.T("climate.wedges_desc"), NoData: l.T("chart.no_data"), Missing: i18n.Dash},
		XLabel: l.T("muni.year"), YLabel: l.T("unit.t_co2e"),
	}
	for _, i := range shown {
		wc.Parts = append(wc.Parts, p.Wedges[i].Label)
	}
	if len(rest) > 0 {
		wc.Parts = append(wc.Parts, l.T("climate.other_actions", l.Int(len(rest))))
	}
	wc.Parts = append(wc.Parts, l.T("climate.manko"))
	for _, cy := range p.Chart.Years {
		wc.Categories = append(wc.Categories, strconv.Itoa(cy.Year))
		row := make([]float64, 0, len(wc.Parts))
		for _, i := range shown {
			row = append(row, nonZero(cy.ByWedge[i]))
		}
		if len(rest) > 0 {
			sum := 0.0
			for _, i := range rest {
				sum += cy.ByWedge[i]
			}
			row = append(row, nonZero(sum))
		}
		row = append(row, nonZero(cy.Manko))
		wc.Values = append(wc.Values, row)
	}
	// The table gives each year's effect of all the actions, the manko and the gap: a column
	// per action would not fit a page (their names head the columns), and each action's part
	// is in the list below (its effect every year from its start).
	td := chart.TableData{Caption: wc.Title, Corner: l.T("muni.year"), Empty: wc.NoData,
		Columns: []string{l.T("climate.wedges"), l.T("climate.manko"), l.T("climate.gap")}}
	for _, cy := range p.Chart.Years {
		td.Rows = append(td.Rows, chart.TableRow{Header: strconv.Itoa(cy.Year), Cells: []string{tonnes(l, cy.Total), tonnes(l, cy.Manko), tonnes(l, cy.Gap)}})
	}
	v.WedgeChart = chart.StackedBars(wc) + page.Details(l, chart.Table(td))
	if n := len(p.Chart.Years); n > 0 {
		v.LastManko = tonnes(l, p.Chart.Years[n-1].Manko)
	}
	return v
}

// nonZero is v, or NaN (no segment, a dash in the table) when it is 0: a wedge before its
// start takes nothing off, and a bar of nothing would still be drawn.
func nonZero(v float64) float64 {
	if v == 0 {
		return math.NaN()
	}
	return v
}

// --- A region's or the nation's totals ---

// totalsInput is what a region's or the nation's page shows, as read.
type totalsInput struct {
	Org      model.Organisation
	Releases releases
	Shown    store.Inventory
	Other    *store.Inventory
	// Members are the municipalities below the organisation with their accounts in the
	// shown release.
	Members []member
	// Footprint is the consumption-based footprint for the summed population, or
	// FootprintErr says why there is none.
	Footprint    *inventory.ConsumptionFootprint
	FootprintErr error
}

type member struct {
	Org model.Organisation
	Inv store.Inventory
}

type totalsData struct {
	Crumbs     template.HTML
	Name       string
	Releases   releasesView
	Here       string
	NoAccounts bool
	Sectors    template.HTML
	Figures    figures
	Difference *figures
	Year       int // the latest year, whose emissions the ranking divides
	Ranking    []rankRow
	RankNote   string // which years' populations the ranking divides by
	// The consumption-based footprint, outside the accounts, or the line saying why there
	// is none.
	Footprint   *footprintView
	NoFootprint string
}

type rankRow struct {
	Rank                                  string
	Name, Href                            string
	Total, Population, PopYear, PerCapita string
	total, perCapita                      float64
	population, popYear                   int64
	hasPop                                bool
}

func buildTotals(l i18n.Localizer, in totalsInput) totalsData {
	lang := string(l.Lang)
	d := totalsData{Name: in.Org.Name(lang), Releases: buildReleases(l, in.Releases), NoAccounts: len(in.Shown.Years) == 0}
	d.Footprint, d.NoFootprint = buildFootprint(l, in.Org.Kind(), d.Name, in.Footprint, in.FootprintErr)
	if d.NoAccounts {
		return d
	}
	d.Sectors = sectorChart(l, "sektorer", l.T("climate.sectors_title", d.Name, yearSpan(l, in.Shown)), in.Shown)
	d.Figures = sectorTable(l, l.T("climate.totals_caption", d.Name, in.Releases.Shown.Name), in.Shown)
	if in.Other != nil {
		f := differenceTable(l, l.T("climate.difference_caption", in.Releases.Shown.Name, in.Releases.Compare.Name), in.Shown, *in.Other)
		d.Difference = &f
	}
	d.Year = in.Shown.Years[len(in.Shown.Years)-1].Year
	popYears := map[int64]bool{}
	for _, m := range in.Members {
		var total float64
		has := false
		for _, y := range m.Inv.Years {
			if y.Year == d.Year {
				total, has = y.TotalTCO2e, true
			}
		}
		if !has {
			continue
		}
		r := rankRow{Name: m.Org.Name(lang), Href: MunicipalityHref(m.Org.Code()), Total: tonnes(l, total), total: total,
			Population: i18n.Dash, PopYear: i18n.Dash, PerCapita: i18n.Dash, Rank: i18n.Dash}
		if pop, ok := m.Org.LatestPopulation(); ok {
			r.population, r.popYear, r.hasPop = pop.Value, pop.Year, true
			r.perCapita = total / float64(pop.Value)
			r.Population, r.PopYear, r.PerCapita = l.Int(pop.Value), strconv.FormatInt(pop.Year, 10), l.Number(r.perCapita, 1)
			popYears[pop.Year] = true
		}
		d.Ranking = append(d.Ranking, r)
	}
	// Highest emissions per inhabitant first; those without a population last, by name.
	slices.SortStableFunc(d.Ranking, func(a, b rankRow) int {
		switch {
		case a.hasPop != b.hasPop:
			if a.hasPop {
				return -1
			}
			return 1
		case a.hasPop && a.perCapita != b.perCapita:
			return cmp.Compare(b.perCapita, a.perCapita)
		}
		return l.Compare(a.Name, b.Name)
	})
	for i := range d.Ranking {
		if d.Ranking[i].hasPop {
			d.Ranking[i].Rank = l.Int(i + 1)
		}
	}
	years := make([]int64, 0, len(popYears))
	for y := range popYears {
		years = append(years, y)
	}
	slices.Sort(years)
	switch len(years) {
	case 0:
		d.RankNote = l.T("climate.rank_no_population")
	case 1:
		d.RankNote = l.T("climate.rank_population_year", strconv.Itoa(d.Year), strconv.FormatInt(years[0], 10))
	default:
		d.RankNote = l.T("climate.rank_population_years", strconv.Itoa(d.Year),
			l.T("common.period_range", strconv.FormatInt(years[0], 10), strconv.FormatInt(years[len(years)-1], 10)))
	}
	return d
}

// rankingExport is the ranking as a file.
func rankingExport(l i18n.Localizer, qualify string, d totalsData) *page.Export {
	x := &page.Export{List: listRanking, Qualify: qualify, Columns: []string{l.T("climate.rank"), l.T("org_kind.municipality"),
		l.T("climate.col_total", d.Year), l.T("climate.col_population"), l.T("climate.col_population_year"), l.T("climate.col_per_capita", d.Year)}}
	for i, r := range d.Ranking {
		rank, pop, year, per := sheet.Cell{}, sheet.Cell{}, sheet.Cell{}, sheet.Cell{}
		if r.hasPop {
			rank, pop, year, per = sheet.Int(int64(i+1)), sheet.Int(r.population), sheet.Int(r.popYear), sheet.Number(r.perCapita, 2)
		}
		x.Add(rank, sheet.Text(r.Name), sheet.Number(r.total, 1), pop, year, per)
	}
	return x
}
