package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"klimaspor/internal/chart"
	"klimaspor/internal/geo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
)

// programmeCode is the programme whose joint projects the front page lists.
const programmeCode = "VIP"

// kkrCode owns the cross-plan share indicators.
const kkrCode = "KKRH"

type homeProject struct {
	Code, Name   string
	Leads        []string
	Participants int
	Indicators   []homeIndicator // its indicators with targets, and how far each has come
}

type homeMunicipality struct {
	Code, Name   string
	HasPlan      bool
	PlanStatus   string
	Example      bool
	ActionCounts []int // by model.ActionStatuses
	PerCapita    string
	perCapita    float64 // for the export; valid when hasPerCapita
	hasPerCapita bool
}

type homeData struct {
	Region         string
	Year           int
	Programme      string
	Projects       []homeProject
	Municipalities []homeMunicipality
	Statuses       []string // translated action statuses, the table's columns
	AnyExample     bool
	SharesChart    template.HTML
	MapSVG         template.HTML
	MapTable       template.HTML
	Measures       []formOption // what the map can be coloured by
	Measure        string       // the chosen measure's name
	MeasureKey     string
	BadMeasure     bool // the query named a measure there is not; the default is shown
}

// home is the front page: the region's joint projects, its municipalities, the cross-plan
// shares and a map of emissions per inhabitant. It loads each list once and joins in Go.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := s.localizer(r)
	ex, err := exportOf(r)
	if err != nil {
		return err
	}
	orgList, err := s.all(ctx, model.Organisations, nil)
	if err != nil {
		return err
	}
	orgs := map[int64]model.Organisation{}
	for _, o := range model.AsOrganisations(orgList) {
		orgs[o.ID()] = o
	}
	var region, kkr model.Record
	for _, o := range orgList {
		switch model.AsOrganisation(o).Code() {
		case s.region:
			region = o
		case kkrCode:
			kkr = o
		}
	}
	if region == nil {
		return fmt.Errorf("web: region %s is not in the database", s.region)
	}
	year, err := s.accountsYear(ctx)
	if err != nil {
		return err
	}
	d := homeData{Region: model.AsOrganisation(region).Name(string(l.Lang)), Year: year}
	for _, st := range model.ActionStatuses {
		d.Statuses = append(d.Statuses, l.Enum("action_status", st))
	}

	if err := s.homeProjects(ctx, l, orgs, &d); err != nil {
		return err
	}

	// The region's municipalities with their plan, action counts and emissions.
	var munis []model.Record
	for _, o := range orgList {
		if org := model.AsOrganisation(o); org.ParentID() == region.ID() && org.Kind() == "municipality" {
			munis = append(munis, o)
		}
	}
	plans, err := s.all(ctx, model.Plans, map[string]string{"kind": "climate_plan"})
	if err != nil {
		return err
	}
	planOf := map[int64]model.Plan{}
	for _, p := range model.AsPlans(plans) {
		if _, ok := planOf[p.OrganisationID()]; !ok {
			planOf[p.OrganisationID()] = p
		}
	}
	byStatus, err := s.db.ActionStatusCounts(ctx)
	if err != nil {
		return err
	}
	counts := statusCounts(byStatus)
	perCapita, err := s.yearValues(ctx, model.IndicatorCO2ePerCapita, d.Year)
	if err != nil {
		return err
	}
	homeMunicipalities(l, model.AsOrganisations(munis), planOf, counts, perCapita, &d)
	if ex != nil {
		return s.sendExport(w, l, ex, homeExport(l, d, ex.list))
	}

	// The cross-plan shares.
	if kkr != nil {
		if d.SharesChart, err = s.sharesChart(r, l, kkr); err != nil {
			return err
		}
	}

	if err := s.homeMeasureMap(r, l, munis, counts, &d); err != nil {
		return err
	}

	p := s.newPage(r, l, l.T("home.title"))
	p.Nav = "home"
	p.Data = d
	return s.render(w, "home", p)
}

// homeProjects writes into d the programme's joint projects, with their leads, number of
// participants and indicators.
func (s *Server) homeProjects(ctx context.Context, l i18n.Localizer, orgs map[int64]model.Organisation, d *homeData) error {
	prog, err := s.one(ctx, model.Programmes, map[string]string{"code": programmeCode})
	if err == errNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	lang := string(l.Lang)
	d.Programme = model.AsProgramme(prog).Name(lang)
	projects, err := s.all(ctx, model.Projects, map[string]string{"programme": idString(prog.ID())})
	if err != nil {
		return err
	}
	progress, err := s.projectIndicators(ctx, l, projects)
	if err != nil {
		return err
	}
	for _, p := range model.AsProjects(projects) {
		hp := homeProject{Code: p.Code(), Name: p.Name(lang), Indicators: progress[p.ID()]}
		for _, id := range p.Leads() {
			hp.Leads = append(hp.Leads, orgs[id].Name(lang))
		}
		hp.Participants = len(p.Participants())
		d.Projects = append(d.Projects, hp)
	}
	return nil
}

// statusCounts turns the action counts by organisation and status into counts by
// organisation in the order of model.ActionStatuses.
func statusCounts(byStatus map[int64]map[string]int) map[int64][]int {
	counts := map[int64][]int{}
	for org, m := range byStatus {
		c := make([]int, len(model.ActionStatuses))
		for i, st := range model.ActionStatuses {
			c[i] = m[st]
		}
		counts[org] = c
	}
	return counts
}

// homeMunicipalities writes into d the region's municipalities with their plan, action
// counts and emissions per inhabitant, in Danish order of their names.
func homeMunicipalities(l i18n.Localizer, munis []model.Organisation, planOf map[int64]model.Plan, counts map[int64][]int, perCapita map[int64]float64, d *homeData) {
	for _, m := range munis {
		hm := homeMunicipality{Code: m.Code(), Name: m.Name(string(l.Lang)), ActionCounts: counts[m.ID()]}
		if hm.ActionCounts == nil {
			hm.ActionCounts = make([]int, len(model.ActionStatuses))
		}
		if p, ok := planOf[m.ID()]; ok {
			hm.HasPlan, hm.PlanStatus, hm.Example = true, l.Enum("plan_status", p.Status()), p.Example()
			d.AnyExample = d.AnyExample || hm.Example
		}
		if v, ok := perCapita[m.ID()]; ok {
			hm.PerCapita, hm.perCapita, hm.hasPerCapita = l.Number(v, 1), v, true
		} else {
			hm.PerCapita = l.T("common.not_given")
		}
		d.Municipalities = append(d.Municipalities, hm)
	}
	// Municipality names are Danish, so they sort in Danish order (Æ, Ø, Å last) in both languages.
	i18n.SortBy(i18n.Danish, d.Municipalities, func(m homeMunicipality) string { return m.Name })
}

// homeMeasureMap writes into d the map, coloured by the measure the reader chose, when there
// is anything to colour it by (a generated data set has no emissions per inhabitant; the
// page then says so instead of drawing an empty map).
func (s *Server) homeMeasureMap(r *http.Request, l i18n.Localizer, munis []model.Record, counts map[int64][]int, d *homeData) error {
	measure, known := mapMeasureOf(r.URL.Query())
	d.Measures, d.MeasureKey, d.BadMeasure = measureOptions(l, measure), measure.Key, !known
	d.Measure = l.T("home.measure." + measure.Key)
	mapValues, err := s.measureValues(r.Context(), measure, d.Year, munis, counts)
	if err != nil {
		return err
	}
	if len(mapValues) > 0 {
		return s.homeMap(l, d, measure, mapValues)
	}
	return nil
}

// yearValues loads an indicator's totals for one year, by organisation id.
func (s *Server) yearValues(ctx context.Context, code string, year int) (map[int64]float64, error) {
	ind, err := s.one(ctx, model.Indicators, map[string]string{"code": code})
	if err == errNotFound {
		return map[int64]float64{}, nil
	} else if err != nil {
		return nil, err
	}
	y := fmt.Sprint(year)
	vals, err := s.all(ctx, model.IndicatorValues, map[string]string{"indicator": idString(ind.ID()), "from": y, "to": y})
	if err != nil {
		return nil, err
	}
	out := map[int64]float64{}
	for _, v := range model.AsIndicatorValues(vals) {
		if v.Breakdown() != "" || v.Period() != y {
			continue
		}
		out[v.OrganisationID()] = v.Value()
	}
	return out, nil
}

// accountsYear is the year of the energy and CO2 accounts the front page shows: the latest
// year with totals of emissions per inhabitant, or this year when there are none yet.
func (s *Server) accountsYear(ctx context.Context) (int, error) {
	year := int(thisYear())
	ind, err := s.one(ctx, model.Indicators, map[string]string{"code": model.IndicatorCO2ePerCapita})
	if err == errNotFound {
		return year, nil
	} else if err != nil {
		return 0, err
	}
	sums, err := s.db.Summary(ctx, ind.ID(), 0)
	if err != nil {
		return 0, err
	}
	latest := 0
	for _, sum := range sums {
		if p, err := model.ParsePeriod(sum.Period); err == nil && p.Kind == "year" {
			latest = max(latest, int(p.Year))
		}
	}
	if latest == 0 {
		return year, nil
	}
	return latest, nil
}

// sharesChart draws the cross-plan shares (indicators plan_share.*, owned by the KKR) as
// sorted bars with their table.
func (s *Server) sharesChart(r *http.Request, l i18n.Localizer, kkr model.Record) (template.HTML, error) {
	ctx := r.Context()
	inds, err := s.all(ctx, model.Indicators, map[string]string{"organisation": idString(kkr.ID())})
	if err != nil {
		return "", err
	}
	vals, err := s.all(ctx, model.IndicatorValues, map[string]string{"organisation": idString(kkr.ID())})
	if err != nil {
		return "", err
	}
	latest := map[int64]model.IndicatorValue{}
	for _, v := range model.AsIndicatorValues(vals) {
		if v.Breakdown() != "" {
			continue
		}
		if cur, ok := latest[v.IndicatorID()]; !ok || v.Period() > cur.Period() {
			latest[v.IndicatorID()] = v
		}
	}
	c := chart.BarChart{
		Meta: chart.Meta{ID: "andele", Title: l.T("home.shares_title"), Desc: l.T("home.shares_desc"),
			NoData: l.T("chart.no_data"), Missing: "–"},
		Sort: chart.SortDescending, CategoryLabel: l.T("resource.themes.one"), ValueLabel: l.T("home.shares_unit"),
		Format: func(v float64) string { return l.Percent(v, 0) },
	}
	for _, ind := range model.AsIndicators(inds) {
		if !strings.HasPrefix(ind.Code(), model.IndicatorPlanSharePrefix) {
			continue
		}
		v, ok := latest[ind.ID()]
		if !ok {
			continue
		}
		label := ind.Name(string(l.Lang))
		if _, after, ok := strings.Cut(label, ": "); ok {
			label = after
		}
		c.Bars = append(c.Bars, chart.Bar{Label: label, Value: v.Value()})
	}
	if len(c.Bars) == 0 {
		return "", nil
	}
	td := c.TableData()
	td.Caption = c.Title
	return chart.Bars(c) + details(l, chart.Table(td)), nil
}

// homeMap draws the front page's map of the chosen measure and its table alternative.
func (s *Server) homeMap(l i18n.Localizer, d *homeData, m mapMeasure, mapValues map[string]float64) error {
	title := l.T("home.map_title."+m.Key, d.Year)
	unit := l.T("home.map_unit." + m.Key)
	opts := geo.Options{
		ID: "kort-" + m.Key, Title: title, Description: l.T("home.map_desc."+m.Key, d.Region),
		Codes: geo.CapitalRegionCodes(), Values: mapValues, Format: numberFormat(l, m.Decimals),
		Breaks: geo.QuantileBreaks(mapValues, geo.DefaultClasses), NoDataLabel: l.T("map.no_value"),
		LegendTitle: unit, HideAttribution: true,
		Href:       func(code string) string { return "/kommuner/" + code },
		NameHeader: l.T("org_kind.municipality"), ValueHeader: unit, ClassHeader: l.T("home.map_class"),
	}
	// The map is role="img", so links inside it would be focusable yet hidden from assistive
	// technology (axe: nested-interactive); the table alternative carries the links.
	mapOpts := opts
	mapOpts.Href = nil
	svg, err := geo.Choropleth(mapOpts)
	if err != nil {
		return fmt.Errorf("web: map: %w", err)
	}
	table, err := geo.Table(opts)
	if err != nil {
		return fmt.Errorf("web: map table: %w", err)
	}
	d.MapSVG, d.MapTable = svg, table
	return nil
}

// homeExport is the front page's lists: the joint projects and the municipalities.
func homeExport(l i18n.Localizer, d homeData, list string) *exportList {
	switch list {
	case listProjects:
		x := &exportList{list: list, columns: []string{l.T("export.col_code"), l.T("resource.projects.one"), l.T("project.leads"), l.T("project.participants"), l.T("home.progress_col")}}
		for _, p := range d.Projects {
			leads := ""
			for i, n := range p.Leads {
				if i > 0 {
					leads += ", "
				}
				leads += n
			}
			progress := ""
			for i, ind := range p.Indicators {
				if i > 0 {
					progress += "; "
				}
				progress += ind.Name + ": " + ind.Text
			}
			x.add(sheet.Text(p.Code), sheet.Text(p.Name), sheet.Text(leads), sheet.Int(int64(p.Participants)), sheet.Text(progress))
		}
		return x
	case listMunicipalities:
		x := &exportList{list: list, columns: []string{l.T("org_kind.municipality"), l.T("export.col_code"), l.T("municipality.plan")}}
		x.columns = append(x.columns, d.Statuses...)
		x.columns = append(x.columns, l.T("home.per_capita_col", d.Year), l.T("export.col_example"))
		for _, m := range d.Municipalities {
			plan := l.T("common.none")
			if m.HasPlan {
				plan = m.PlanStatus
			}
			row := []sheet.Cell{sheet.Text(m.Name), sheet.Text(m.Code), sheet.Text(plan)}
			for _, n := range m.ActionCounts {
				row = append(row, sheet.Int(int64(n)))
			}
			perCapita := sheet.Cell{}
			if m.hasPerCapita {
				perCapita = sheet.Number(m.perCapita, 1)
			}
			x.add(append(row, perCapita, exampleCell(l, m.Example))...)
		}
		return x
	}
	return nil
}
