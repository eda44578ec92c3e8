package public

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"klimaspor/internal/chart"
	"klimaspor/internal/coverage"
	"klimaspor/internal/coverage/gather"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// homeInput is everything the front page shows, read by readHome in the same number of
// queries whatever the data holds, as its reader may see it.
type homeInput struct {
	Region model.Organisation   // the region the page shows (Pages.region)
	Orgs   []model.Organisation // every organisation, in id order
	Year   int                  // the year of the energy and CO2 accounts shown
	// Programme is the programme whose joint projects the page lists (programmeCode), nil
	// when there is none; Projects are its projects, ProjectIndicators the indicators they
	// own (in id order) and ProjectValues their totals.
	Programme         *model.Programme
	Projects          []model.Project
	ProjectIndicators []model.Indicator
	ProjectValues     []model.IndicatorValue
	ClimatePlans      []model.Plan
	StatusCounts      map[int64]map[string]int // actions by organisation and status
	PerCapita         map[int64]float64        // emissions per inhabitant in Year, by organisation
	// KKR owns the cross-plan shares (kkrCode), nil when absent; KKRIndicators are the
	// indicators it owns (in id order), KKRValues the totals for the region (the shares are
	// its figures for the region's municipalities).
	KKR           *model.Organisation
	KKRIndicators []model.Indicator
	KKRValues     []model.IndicatorValue
	// Computed are the shares the region's plans give today, by theme id (internal/coverage),
	// beside the published ones.
	Computed map[int64]float64
	// Measure is what the map is coloured by, KnownMeasure whether the query named a known
	// one; MeasureValues are its indicator's totals in Year by organisation (nil for the
	// count of actions).
	Measure       mapMeasure
	KnownMeasure  bool
	MeasureValues map[int64]float64
}

// readHome reads what the front page shows, its map coloured by measure: a fixed handful of
// queries (the joint projects' indicator values in one), through the reader's visibility.
func (s *Pages) readHome(ctx context.Context, measure mapMeasure) (homeInput, error) {
	in := homeInput{Measure: measure, KnownMeasure: true}
	orgList, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return in, err
	}
	in.Orgs = model.AsOrganisations(orgList)
	found := false
	for _, o := range in.Orgs {
		switch o.Code() {
		case s.region:
			in.Region, found = o, true
		case kkrCode:
			kkr := o
			in.KKR = &kkr
		}
	}
	if !found {
		return in, fmt.Errorf("web: region %s is not in the database", s.region)
	}
	if in.Year, err = s.accountsYear(ctx); err != nil {
		return in, err
	}

	prog, err := s.One(ctx, model.Programmes, map[string]string{"code": programmeCode})
	switch {
	case err == nil:
		p := model.AsProgramme(prog)
		in.Programme = &p
		projects, err := s.All(ctx, model.Projects, map[string]string{"programme": idString(prog.ID())})
		if err != nil {
			return in, err
		}
		in.Projects = model.AsProjects(projects)
		projectIDs := make([]int64, len(in.Projects))
		for i, p := range in.Projects {
			projectIDs[i] = p.ID()
		}
		inds, err := s.allOf(ctx, model.Indicators, nil, "project", projectIDs)
		if err != nil {
			return in, err
		}
		in.ProjectIndicators = model.AsIndicators(inds)
		ids := make([]int64, len(in.ProjectIndicators))
		for i, ind := range in.ProjectIndicators {
			ids[i] = ind.ID()
		}
		vals, err := s.allOf(ctx, model.IndicatorValues, map[string]string{"breakdown": ""}, "indicator", ids)
		if err != nil {
			return in, err
		}
		in.ProjectValues = model.AsIndicatorValues(vals)
	case err != page.ErrNotFound:
		return in, err
	}

	plans, err := s.All(ctx, model.Plans, map[string]string{"kind": "climate_plan"})
	if err != nil {
		return in, err
	}
	in.ClimatePlans = model.AsPlans(plans)
	if in.StatusCounts, err = s.DB.ActionStatusCounts(ctx); err != nil {
		return in, err
	}
	if in.PerCapita, err = s.yearValues(ctx, model.IndicatorCO2ePerCapita, in.Year); err != nil {
		return in, err
	}
	if in.KKR != nil {
		kkr := idString(in.KKR.ID())
		inds, err := s.All(ctx, model.Indicators, map[string]string{"organisation": kkr})
		if err != nil {
			return in, err
		}
		in.KKRIndicators = model.AsIndicators(inds)
		// The cross-plan shares are KKR's figures for the region's municipalities: values
		// for the region.
		vals, err := s.All(ctx, model.IndicatorValues, map[string]string{"organisation": idString(in.Region.ID()), "breakdown": ""})
		if err != nil {
			return in, err
		}
		in.KKRValues = model.AsIndicatorValues(vals)
		var themes []int64
		for _, ind := range in.KKRIndicators {
			if t := ind.ThemeID(); t != 0 && strings.HasPrefix(ind.Code(), model.IndicatorPlanSharePrefix) {
				themes = append(themes, t)
			}
		}
		if in.Computed, err = computedShares(ctx, s.DB, in.Region.ID(), themes); err != nil {
			return in, err
		}
	}
	switch measure.Indicator {
	case "":
	case model.IndicatorCO2ePerCapita:
		in.MeasureValues = in.PerCapita
	default:
		if in.MeasureValues, err = s.yearValues(ctx, measure.Indicator, in.Year); err != nil {
			return in, err
		}
	}
	return in, nil
}

// indicatorByCode reads the indicator with the code, if the reader sees one.
func (s *Pages) indicatorByCode(ctx context.Context, code string) (model.Indicator, bool, error) {
	rec, err := s.One(ctx, model.Indicators, map[string]string{"code": code})
	if err == page.ErrNotFound {
		return model.Indicator{}, false, nil
	} else if err != nil {
		return model.Indicator{}, false, err
	}
	return model.AsIndicator(rec), true, nil
}

// yearValues loads the totals in year of the indicator with the code, by organisation id.
func (s *Pages) yearValues(ctx context.Context, code string, year int) (map[int64]float64, error) {
	ind, ok, err := s.indicatorByCode(ctx, code)
	if err != nil || !ok {
		return map[int64]float64{}, err
	}
	y := fmt.Sprint(year)
	vals, err := s.All(ctx, model.IndicatorValues, map[string]string{"indicator": idString(ind.ID()), "from": y, "to": y})
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
func (s *Pages) accountsYear(ctx context.Context) (int, error) {
	year := int(thisYear())
	ind, ok, err := s.indicatorByCode(ctx, model.IndicatorCO2ePerCapita)
	if err != nil || !ok {
		return year, err
	}
	sums, err := s.DB.Summary(ctx, ind.ID(), 0)
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

// buildHomeView is the front page from what readHome read, in the reader's language; now is
// this year, whose targets the projects' indicators are measured against. It reads nothing.
func buildHomeView(l i18n.Localizer, in homeInput, now int64) (homeData, error) {
	d := buildHomeLists(l, in, now)
	// The cross-plan shares.
	if in.KKR != nil {
		d.SharesChart = sharesChart(l, in.KKRIndicators, in.KKRValues, in.Computed)
	}

	// The map, coloured by the measure the reader chose, when there is anything to colour it
	// by (a generated data set has no emissions per inhabitant; the page then says so
	// instead of drawing an empty map).
	m := in.Measure
	d.Measures, d.MeasureKey, d.BadMeasure = measureOptions(l, m), m.Key, !in.KnownMeasure
	d.Measure = l.T("home.measure." + m.Key)
	mapValues := measureValues(m, regionMunicipalities(in), statusCounts(in.StatusCounts), in.MeasureValues)
	if len(mapValues) > 0 {
		if err := homeMap(l, &d, m, mapValues); err != nil {
			return d, err
		}
	}
	return d, nil
}

// buildHomeLists is the front page's lists, which its export writes: the programme's joint
// projects and the region's municipalities.
func buildHomeLists(l i18n.Localizer, in homeInput, now int64) homeData {
	lang := string(l.Lang)
	d := homeData{Region: in.Region.Name(lang), RegionCode: in.Region.Code(), Year: in.Year}
	for _, st := range model.ActionStatuses {
		d.Statuses = append(d.Statuses, l.Enum("action_status", st))
	}

	// The programme's joint projects, with their leads, number of participants and indicators.
	if in.Programme != nil {
		d.Programme = in.Programme.Name(lang)
		orgs := map[int64]model.Organisation{}
		for _, o := range in.Orgs {
			orgs[o.ID()] = o
		}
		progress := projectIndicators(l, in.Projects, in.ProjectIndicators, in.ProjectValues, now)
		for _, p := range in.Projects {
			hp := homeProject{Code: p.Code(), Name: p.Name(lang), Indicators: progress[p.ID()]}
			for _, id := range p.Leads() {
				hp.Leads = append(hp.Leads, orgs[id].Name(lang))
			}
			hp.Participants = len(p.Participants())
			d.Projects = append(d.Projects, hp)
		}
	}

	// The region's municipalities with their plan, action counts and emissions.
	planOf := map[int64]model.Plan{}
	for _, p := range in.ClimatePlans {
		if _, ok := planOf[p.OrganisationID()]; !ok {
			planOf[p.OrganisationID()] = p
		}
	}
	homeMunicipalities(l, regionMunicipalities(in), planOf, statusCounts(in.StatusCounts), in.PerCapita, &d)
	plans := 0
	d.TotalCounts = make([]int, len(d.Statuses))
	for _, m := range d.Municipalities {
		if m.HasPlan {
			plans++
		}
		for i, n := range m.ActionCounts {
			if i < len(d.TotalCounts) {
				d.TotalCounts[i] += n
			}
		}
	}
	d.TotalPlans = l.T("home.total_plans", l.Int(int64(plans)), l.Int(int64(len(d.Municipalities))))
	return d
}

// regionMunicipalities are the municipalities of the region the page shows.
func regionMunicipalities(in homeInput) []model.Organisation {
	var out []model.Organisation
	for _, o := range in.Orgs {
		if o.ParentID() == in.Region.ID() && o.Kind() == "municipality" {
			out = append(out, o)
		}
	}
	return out
}

// sharesChart draws the cross-plan shares (indicators plan_share.*, among inds, which the KKR
// owns): for each theme the share the region's plans give today (computed, by the indicator's
// theme) beside the published one, with their table; "" when there are none.
func sharesChart(l i18n.Localizer, inds []model.Indicator, vals []model.IndicatorValue, computed map[int64]float64) template.HTML {
	latest := map[int64]model.IndicatorValue{}
	for _, v := range vals {
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
		Sort: chart.SortNone, CategoryLabel: l.T("resource.themes.one"), ValueLabel: l.T("home.shares_unit"),
		Format: func(v float64) string { return l.Percent(v, 0) },
	}
	// Sorted by the published share, highest first; each theme's computed bar before it.
	inds = slices.Clone(inds)
	slices.SortStableFunc(inds, func(a, b model.Indicator) int {
		va, vb := latest[a.ID()], latest[b.ID()]
		return cmp.Compare(vb.Value(), va.Value())
	})
	for _, ind := range inds {
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
		if t := ind.ThemeID(); t != 0 {
			if share, ok := computed[t]; ok {
				c.Bars = append(c.Bars, chart.Bar{Label: l.T("home.share_computed", label), Value: share * 100, Highlight: true})
			}
		}
		c.Bars = append(c.Bars, chart.Bar{Label: l.T("home.share_published", label), Value: v.Value()})
	}
	if len(c.Bars) == 0 {
		return ""
	}
	td := c.TableData()
	td.Caption = c.Title
	return chart.Bars(c) + page.Details(l, chart.Table(td))
}

// computedShares are the shares of the region's municipalities with an adopted plan whose
// published actions carry each theme today (internal/coverage), by theme id.
func computedShares(ctx context.Context, db *store.DB, region int64, themes []int64) (map[int64]float64, error) {
	if len(themes) == 0 {
		return nil, nil
	}
	q := gather.Query{Group: region, Base: coverage.BaseAdopted}
	members, err := gather.Members(ctx, db, q)
	if err != nil {
		return nil, err
	}
	c, err := gather.Compute(ctx, db, q, members, themes)
	if err != nil {
		return nil, err
	}
	out := map[int64]float64{}
	for _, tc := range c.Result.Themes {
		out[tc.Theme.ID] = tc.Share
	}
	return out, nil
}
