package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
)

type muniPlan struct {
	ID                          int64
	Draft                       bool
	Title, Kind, Status, Period string
	Example                     bool
	Goals                       []goalItem
}

type muniAction struct {
	ID            int64
	Title, Status string
	// Pct and ProgressText are the progress as a number for a <progress> bar and as text;
	// both "" when not given. A native bar keeps the page small: a municipality may show
	// 135 actions.
	Pct, ProgressText string
	Example           bool
	pct               float64 // the progress, for the export; valid when hasPct
	hasPct            bool
}

type muniSector struct {
	Name    string
	Actions []muniAction // the first maxSectorActions, in title order
	Total   int          // all the municipality's actions in the sector
	MoreURL string       // the actions list filtered to the sector, when some are left out
	all     []muniAction // every action in the sector, for the export
}

// maxSectorActions keeps a municipality page short (and under 150 KB at national scale,
// where a municipality has 200 actions): the rest are one link away in the actions list.
const maxSectorActions = 15

type muniProject struct {
	Code, Name, Role string
}

// muniIndicator is one of the municipality's indicators with its latest total, a small
// chart of its totals and its progress toward the target.
type muniIndicator struct {
	Name, Href, Unit string
	Latest, Source   string
	Example          bool
	Chart            template.HTML
	Progress         template.HTML // "" when the indicator has no baseline and target
	ProgressText     string
	latest           float64 // the latest total and its period, for the export
	period           string
	pct              float64 // the progress toward the target, for the export; valid when hasPct
	hasPct           bool
}

// maxMuniIndicators keeps the page short: the rest are one link away in the comparison.
const maxMuniIndicators = 12

type muniData struct {
	CanEdit        bool // the reader edits this municipality's plans, goals and actions
	Name           string
	Region         string
	Plans          []muniPlan
	Sectors        []muniSector
	Indicators     []muniIndicator
	MoreIndicators int // the indicators left out after maxMuniIndicators
	AnyExample     bool
	Emissions      template.HTML
	Projects       []muniProject
	allIndicators  bool // list every indicator, for the export
}

// municipality is a municipality's page: its plans and goals, its actions by sector, its
// emissions by sector over the years and the joint projects it takes part in.
func (s *Server) municipality(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := s.localizer(r)
	ex, err := exportOf(r)
	if err != nil {
		return err
	}
	rec, err := s.one(ctx, model.Organisations, map[string]string{"code": r.PathValue("code"), "kind": "municipality"})
	if err != nil {
		return err
	}
	org := model.AsOrganisation(rec)
	lang := string(l.Lang)
	id := idString(org.ID())
	// Whoever may add a plan of the municipality edits its plans, goals and actions here.
	d := muniData{Name: org.Name(lang), allIndicators: ex != nil, CanEdit: s.mayAdd(ctx, model.Plans, model.Record{"organisation_id": org.ID()})}
	if pid := org.ParentID(); pid != 0 {
		if parent, err := s.db.Get(ctx, model.Organisations, pid); err == nil {
			d.Region = model.AsOrganisation(parent).Name(lang)
		}
	}

	// Plans and their goals.
	plans, err := s.all(ctx, model.Plans, map[string]string{"organisation": id})
	if err != nil {
		return err
	}
	for _, p := range model.AsPlans(plans) {
		mp := muniPlan{ID: p.ID(), Draft: p.Draft(), Title: p.Title(), Kind: l.Enum("plan_kind", p.Kind()), Status: l.Enum("plan_status", p.Status()),
			Period: periodText(l, p.Record), Example: p.Example()}
		d.AnyExample = d.AnyExample || mp.Example
		goals, err := s.all(ctx, model.Goals, map[string]string{"plan": idString(p.ID())})
		if err != nil {
			return err
		}
		mp.Goals = goalItems(l, goals)
		d.Plans = append(d.Plans, mp)
	}

	// Actions grouped by sector, in the model's sector order.
	actions, err := s.all(ctx, model.Actions, map[string]string{"organisation": id})
	if err != nil {
		return err
	}
	bySector := map[string][]muniAction{}
	for _, a := range model.AsActions(actions) {
		ma := muniAction{ID: a.ID(), Title: a.Title(), Status: l.Enum("action_status", a.Status()), Example: a.Example()}
		if pct, ok := a.Progress(); ok {
			ma.ProgressText, ma.pct, ma.hasPct = l.Percent(pct, 0), pct, true
			ma.Pct = strconv.FormatFloat(min(max(pct, 0), 100), 'f', -1, 64)
		}
		d.AnyExample = d.AnyExample || ma.Example
		bySector[a.Sector()] = append(bySector[a.Sector()], ma)
	}
	for _, sec := range model.Sectors {
		if len(bySector[sec]) == 0 {
			continue
		}
		list := bySector[sec]
		sort.SliceStable(list, func(i, j int) bool { return l.Compare(list[i].Title, list[j].Title) < 0 })
		ms := muniSector{Name: l.Enum("sector", sec), Actions: list, Total: len(list), all: list}
		if len(list) > maxSectorActions {
			ms.Actions = list[:maxSectorActions]
			ms.MoreURL = fmt.Sprintf("/indsatser?organisation=%d&sector=%s", org.ID(), sec)
		}
		d.Sectors = append(d.Sectors, ms)
	}

	// Indicators with totals for the municipality.
	if err := s.muniIndicators(r, l, org, &d); err != nil {
		return err
	}

	// Emissions by sector, from the energy and CO2 accounts.
	if d.Emissions, err = s.emissionsChart(r, org); err != nil {
		return err
	}

	// Joint projects it leads or joins.
	projects, err := s.all(ctx, model.Projects, map[string]string{"organisation": id})
	if err != nil {
		return err
	}
	for _, p := range model.AsProjects(projects) {
		mp := muniProject{Code: p.Code(), Name: p.Name(lang)}
		for _, pr := range p.Participants() {
			if pr.OrganisationID == org.ID() {
				mp.Role = l.Enum("role", pr.Role)
				if pr.Lead {
					mp.Role = l.T("role.lead")
				}
			}
		}
		d.Projects = append(d.Projects, mp)
	}
	sort.SliceStable(d.Projects, func(i, j int) bool { return d.Projects[i].Code < d.Projects[j].Code })
	if ex != nil {
		return s.sendExport(w, l, ex, muniExport(l, org.Code(), d, ex.list))
	}

	p := s.newPage(r, l, d.Name)
	p.Nav = "municipalities"
	p.Data = d
	return s.render(w, "municipality", p)
}

// emissionsChart draws the municipality's emissions by sector and year as stacked bars, with
// the total as the net marker, and the table below.
func (s *Server) emissionsChart(r *http.Request, org model.Organisation) (template.HTML, error) {
	ctx := r.Context()
	l := s.localizer(r)
	ind, err := s.one(ctx, model.Indicators, map[string]string{"code": model.IndicatorCO2eTotal})
	if err == errNotFound {
		return "", nil
	} else if err != nil {
		return "", err
	}
	recs, err := s.all(ctx, model.IndicatorValues, map[string]string{"indicator": idString(ind.ID()), "organisation": idString(org.ID()),
		"period_kind": "year"})
	if err != nil {
		return "", err
	}
	vals := model.AsIndicatorValues(recs)
	// The chart's years are those the accounts report for the municipality, first to last.
	emissionsFrom, emissionsTo := 0, 0
	for _, v := range vals {
		y := int(v.PeriodYear())
		if emissionsFrom == 0 || y < emissionsFrom {
			emissionsFrom = y
		}
		emissionsTo = max(emissionsTo, y)
	}
	if emissionsFrom == 0 {
		return "", nil
	}
	c := chart.StackedBarChart{
		Meta: chart.Meta{ID: "udledning", Title: l.T("muni.emissions_title", org.Name(string(l.Lang)), emissionsFrom, emissionsTo),
			Desc: l.T("muni.emissions_desc"), NoData: l.T("chart.no_data"), Missing: "–"},
		NetLabel: l.T("common.total"), XLabel: l.T("muni.year"), YLabel: l.T("unit.t_co2e"), Format: numberFormat(l, 0),
	}
	for y := emissionsFrom; y <= emissionsTo; y++ {
		c.Categories = append(c.Categories, fmt.Sprint(y))
		row := make([]float64, len(model.EmissionSectors))
		for i := range row {
			row[i] = math.NaN()
		}
		c.Values = append(c.Values, row)
	}
	for _, sec := range model.EmissionSectors {
		c.Parts = append(c.Parts, l.T("emission_sector."+sec))
	}
	for _, v := range vals {
		sec, ok := model.EmissionSectorOf(v.Breakdown())
		if !ok {
			continue
		}
		for j, es := range model.EmissionSectors {
			if es == sec {
				c.Values[int(v.PeriodYear())-emissionsFrom][j] = v.Value()
			}
		}
	}
	td := c.TableData()
	td.Caption = c.Title
	return chart.StackedBars(c) + details(l, chart.Table(td)), nil
}

// muniIndicators fills in the indicators that have totals for the municipality, found with one
// query over its values, sorted by their Danish names.
func (s *Server) muniIndicators(r *http.Request, l i18n.Localizer, org model.Organisation, d *muniData) error {
	ctx := r.Context()
	// Pick the indicators first and load the values of those shown only: at national scale a
	// municipality has totals of 300 indicators, and the page shows 12.
	ids, err := s.db.IndicatorsWithTotals(ctx, org.ID())
	if err != nil || len(ids) == 0 {
		return err
	}
	inds, err := s.all(ctx, model.Indicators, nil)
	if err != nil {
		return err
	}
	has := map[int64]bool{}
	for _, id := range ids {
		has[id] = true
	}
	var shown []model.Indicator
	for _, ind := range model.AsIndicators(inds) {
		if has[ind.ID()] {
			shown = append(shown, ind)
		}
	}
	i18n.SortBy(i18n.Danish, shown, func(ind model.Indicator) string { return ind.NameDA() })
	if len(shown) > maxMuniIndicators && !d.allIndicators {
		d.MoreIndicators = len(shown) - maxMuniIndicators
		shown = shown[:maxMuniIndicators]
	}
	for _, ind := range shown {
		vals, err := s.all(ctx, model.IndicatorValues, map[string]string{"indicator": idString(ind.ID()), "organisation": idString(org.ID()), "breakdown": ""})
		if err != nil {
			return err
		}
		if len(vals) == 0 {
			continue
		}
		mi := muniIndicatorOf(l, org, ind, model.AsIndicatorValues(vals))
		d.AnyExample = d.AnyExample || mi.Example
		d.Indicators = append(d.Indicators, mi)
	}
	return nil
}

// muniIndicatorOf builds one indicator's entry from the municipality's totals of it.
func muniIndicatorOf(l i18n.Localizer, org model.Organisation, ind model.Indicator, vals []model.IndicatorValue) muniIndicator {
	sort.SliceStable(vals, func(i, j int) bool { return vals[i].Period() < vals[j].Period() })
	lang := string(l.Lang)
	code := ind.Code()
	indName := ind.Name(lang)
	mi := muniIndicator{Name: indName, Unit: ind.Unit(), Example: ind.Example(),
		Href: "/noegletal/" + url.PathEscape(code) + "?organisation=" + url.QueryEscape(org.Code())}
	last := vals[len(vals)-1]
	latest := last.Value()
	mi.Latest = l.T("muni.ind_value_in", l.Number(latest, indValueDecimals(latest)), l.Period(last.Period()))
	mi.latest, mi.period = latest, last.Period()
	mi.Source = last.Source()

	// The small line chart of the totals, with the baseline and targets.
	var all []float64
	c := chart.LineChart{
		Meta: chart.Meta{ID: "noegletal-" + code, Title: l.T("muni.ind_chart_title", indName, org.Name(lang)), Desc: l.T("muni.ind_chart_desc"),
			NoData: l.T("chart.no_data"), Missing: i18n.Dash, Width: 320, Height: 140},
		TargetLabel: l.T("chart.target"), XLabel: l.T("indpage.period"), YLabel: mi.Unit,
	}
	sr := chart.Series{Name: org.Name(lang)}
	for _, v := range vals {
		mi.Example = mi.Example || v.Example()
		all = append(all, v.Value())
		sr.Points = append(sr.Points, chart.Point{X: l.Period(v.Period()), Y: v.Value()})
	}
	c.Series = []chart.Series{sr}
	var refs []float64
	c.Baseline, c.Targets, refs = indicatorReferences(l, ind)
	dec := indDecimalsFor(append(all, refs...))
	c.Format = numberFormat(l, dec)
	td := c.TableData()
	td.Caption = c.Title
	mi.Chart = chart.Line(c) + details(l, chart.Table(td))

	// Progress toward the target that counts this year, by the rule the front page uses too.
	if pct, target, ok := ind.Progress(latest, thisYear()); ok {
		baseline, _ := ind.ProgressBaseline()
		pctText := l.Percent(pct, 0)
		mi.pct, mi.hasPct = pct, true
		mi.ProgressText = l.T("muni.ind_progress_text", pctText, l.Number(baseline, indValueDecimals(baseline)),
			l.Number(target.Value, indValueDecimals(target.Value)), fmt.Sprint(target.Year))
		mi.Progress = chart.Progress(chart.ProgressBar{
			Meta: chart.Meta{ID: "noegletal-fremdrift-" + code, Title: l.T("muni.ind_progress_title", indName, fmt.Sprint(target.Year)),
				Desc: mi.ProgressText, NoData: l.T("chart.no_data"), Missing: i18n.Dash},
			Baseline: baseline, Target: target.Value, Actual: latest,
			Format: numberFormat(l, dec), PercentFormat: func(v float64) string { return l.Percent(v, 0) },
		})
	}
	return mi
}

// muniExport is a municipality page's lists: its actions (all of them, by sector as the page
// groups them), its indicators and its joint projects.
func muniExport(l i18n.Localizer, code string, d muniData, list string) *exportList {
	switch list {
	case listActions:
		x := &exportList{list: list, qualify: code, columns: []string{l.T("field.actions.sector"), l.T("resource.actions.one"),
			l.T("muni.status"), l.T("export.col_progress"), l.T("export.col_example")}}
		for _, sec := range d.Sectors {
			for _, a := range sec.all {
				x.add(sheet.Text(sec.Name), sheet.Text(a.Title), sheet.Text(a.Status), pctCell(a.pct, a.hasPct), exampleCell(l, a.Example))
			}
		}
		return x
	case listIndicators:
		x := &exportList{list: list, qualify: code, columns: []string{l.T("resource.indicators.one"), l.T("indpage.unit"),
			l.T("export.col_latest"), l.T("export.col_period"), l.T("common.source"), l.T("export.col_ind_progress"), l.T("export.col_example")}}
		for _, ind := range d.Indicators {
			x.add(sheet.Text(ind.Name), sheet.Text(ind.Unit), sheet.Number(ind.latest, indValueDecimals(ind.latest)), periodCell(l, ind.period),
				sheet.Text(ind.Source), pctCell(ind.pct, ind.hasPct), exampleCell(l, ind.Example))
		}
		return x
	case listProjects:
		x := &exportList{list: list, qualify: code, columns: []string{l.T("export.col_code"), l.T("resource.projects.one"), l.T("muni.role")}}
		for _, p := range d.Projects {
			x.add(sheet.Text(p.Code), sheet.Text(p.Name), sheet.Text(p.Role))
		}
		return x
	}
	return nil
}
