package public

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"sort"
	"strconv"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/page"
)

// muniInput is everything a municipality's page shows, read by readMunicipality in the same
// number of queries whatever the municipality holds, as its reader may see it.
type muniInput struct {
	Org             model.Organisation
	Parent          *model.Organisation // its region; nil when it has none
	CanEdit         bool                // the reader may add a plan of the municipality
	CanAddIndicator bool                // the reader may add an indicator owned by the municipality
	Plans           []model.Plan
	Goals           []model.Goal // of Plans, in id order
	Actions         []store.ActionLine
	// Indicators are those with totals for the municipality that the page shows, in Danish
	// order of their names; MoreIndicators counts those left out (see maxMuniIndicators).
	Indicators     []model.Indicator
	MoreIndicators int
	Totals         []store.ValueTotal // the municipality's totals of Indicators, in id order
	// Emissions are the municipality's yearly values of the total emissions
	// (model.IndicatorCO2eTotal), its breakdown by sector among them.
	Emissions []model.IndicatorValue
	Projects  []model.Project // the joint projects it leads or joins
	// GoalIndicators are the indicators its plans' goals are tied to, by id; Totals holds
	// the municipality's totals of them too.
	GoalIndicators map[int64]model.Indicator
}

// readMunicipality reads the municipality with the given code and what its page shows: a
// fixed handful of queries (plans' goals and indicators' totals each in one), through the
// reader's visibility of drafts. allIndicators keeps every indicator, for the export.
func (s *Pages) readMunicipality(ctx context.Context, code string, allIndicators bool) (muniInput, error) {
	var in muniInput
	rec, err := s.One(ctx, model.Organisations, map[string]string{"code": code, "kind": "municipality"})
	if err != nil {
		return in, err
	}
	in.Org = model.AsOrganisation(rec)
	id := idString(in.Org.ID())
	// Whoever may add a plan of the municipality edits its plans, goals and actions here.
	in.CanEdit = s.MayAdd(ctx, model.Plans, model.Record{"organisation_id": in.Org.ID()})
	in.CanAddIndicator = s.MayAdd(ctx, model.Indicators, form.NewIndicatorOf(rec))
	if pid := in.Org.ParentID(); pid != 0 {
		if parent, err := s.DB.Get(ctx, model.Organisations, pid); err == nil {
			p := model.AsOrganisation(parent)
			in.Parent = &p
		}
	}

	plans, err := s.All(ctx, model.Plans, map[string]string{"organisation": id})
	if err != nil {
		return in, err
	}
	in.Plans = model.AsPlans(plans)
	planIDs := make([]int64, len(in.Plans))
	for i, p := range in.Plans {
		planIDs[i] = p.ID()
	}
	goals, err := s.allOf(ctx, model.Goals, nil, "plan", planIDs)
	if err != nil {
		return in, err
	}
	in.Goals = model.AsGoals(goals)

	q := s.visible(ctx, model.Actions, model.ListQuery{})
	q.Filters = map[string]string{"organisation": id}
	if in.Actions, err = s.DB.ActionLines(ctx, q); err != nil {
		return in, err
	}

	// Pick the indicators first and load the totals of those shown only: at national scale a
	// municipality has totals of 300 indicators, and the page shows 12.
	withTotals, err := s.DB.IndicatorsWithTotals(ctx, in.Org.ID())
	if err != nil {
		return in, err
	}
	// The choice needs the names of the 300 only; the shown and the goals' are read whole.
	names, err := s.indicatorNames(ctx, model.ListQuery{})
	if err != nil {
		return in, err
	}
	shown, more := shownIndicators(names, withTotals, allIndicators)
	in.MoreIndicators = more
	indIDs := make([]int64, len(shown))
	for i, ind := range shown {
		indIDs[i] = ind.ID
	}
	// The goals' indicators' totals come in the same query, for the goals' progress.
	goalInds := map[int64]bool{}
	for _, g := range in.Goals {
		goalInds[g.IndicatorID()] = true
	}
	for _, ind := range names {
		if goalInds[ind.ID] {
			indIDs = append(indIDs, ind.ID)
		}
	}
	full, err := s.DB.ListIDs(ctx, model.Indicators, s.visible(ctx, model.Indicators, model.ListQuery{}), indIDs)
	if err != nil {
		return in, err
	}
	byID := map[int64]model.Indicator{}
	for _, ind := range model.AsIndicators(full) {
		byID[ind.ID()] = ind
	}
	for _, ind := range shown {
		if x, ok := byID[ind.ID]; ok {
			in.Indicators = append(in.Indicators, x)
		}
	}
	in.GoalIndicators = map[int64]model.Indicator{}
	for _, ind := range names {
		if goalInds[ind.ID] {
			in.GoalIndicators[ind.ID] = byID[ind.ID]
		}
	}
	if in.Totals, err = s.totalsOf(ctx, map[string]string{"organisation": id}, "indicator", indIDs); err != nil {
		return in, err
	}

	for _, ind := range names {
		if ind.Code != model.IndicatorCO2eTotal {
			continue
		}
		vals, err := s.All(ctx, model.IndicatorValues, map[string]string{"indicator": idString(ind.ID), "organisation": id, "period_kind": "year"})
		if err != nil {
			return in, err
		}
		in.Emissions = model.AsIndicatorValues(vals)
		break
	}

	projects, err := s.All(ctx, model.Projects, map[string]string{"organisation": id})
	if err != nil {
		return in, err
	}
	in.Projects = model.AsProjects(projects)
	return in, nil
}

// latestTotals is the latest total of each indicator in totals, by indicator id.
func latestTotals(totals []store.ValueTotal) map[int64]store.ValueTotal {
	out := map[int64]store.ValueTotal{}
	for _, v := range totals {
		if last, ok := out[v.IndicatorID]; !ok || v.Period > last.Period {
			out[v.IndicatorID] = v
		}
	}
	return out
}

// goalOutcome says how the goal with the given id stands toward its indicator's target
// (model.Goal.Outcome) from the municipality's latest total: its progress, or once its year
// has passed whether it was met; "" when it is tied to no indicator, has no target or no
// value yet.
func goalOutcome(l i18n.Localizer, in muniInput, latestOf map[int64]store.ValueTotal, year, id int64) (string, string) {
	var g model.Goal
	for _, x := range in.Goals {
		if x.ID() == id {
			g = x
		}
	}
	ind, ok := in.GoalIndicators[g.IndicatorID()]
	last, okV := latestOf[g.IndicatorID()]
	if !ok || !okV {
		return "", ""
	}
	o, ok := g.Outcome(ind, last.Value, year)
	if !ok {
		return "", ""
	}
	num := func(v float64) string { return l.Number(v, indValueDecimals(v)) }
	latest := l.T("muni.ind_value_in", num(last.Value), l.Period(last.Period))
	target := num(o.Target.Value)
	if o.Target.Year != 0 {
		target = l.T("indicator.target_in", fmt.Sprint(o.Target.Year), target)
	}
	switch {
	case o.Due && o.Met:
		return l.T("goal.met", target, latest), "met"
	case o.Due:
		return l.T("goal.missed", target, latest), "missed"
	case o.HasPct:
		return l.T("goal.progress", target, l.Percent(o.Pct, 0), latest), ""
	}
	return l.T("goal.latest", target, latest), ""
}

// shownIndicators are the indicators of inds whose ids are in withTotals, in Danish order of
// their names, the first maxMuniIndicators of them unless all; and how many are left out.
func shownIndicators(inds []store.IndicatorName, withTotals []int64, all bool) ([]store.IndicatorName, int) {
	has := map[int64]bool{}
	for _, id := range withTotals {
		has[id] = true
	}
	var shown, others []store.IndicatorName
	for _, ind := range inds {
		switch {
		case !has[ind.ID]:
		case model.IsOtherAgreement(ind.Code):
			others = append(others, ind) // shown apart, whatever the limit
		default:
			shown = append(shown, ind)
		}
	}
	i18n.SortBy(i18n.Danish, shown, func(ind store.IndicatorName) string { return ind.NameDA })
	i18n.SortBy(i18n.Danish, others, func(ind store.IndicatorName) string { return ind.NameDA })
	if len(shown) > maxMuniIndicators && !all {
		return append(shown[:maxMuniIndicators:maxMuniIndicators], others...), len(shown) - maxMuniIndicators
	}
	return append(shown, others...), 0
}

// buildMunicipalityView is the municipality's page from what readMunicipality read, in the
// reader's language; year is this year, whose target the indicators' progress is measured
// against. It reads nothing.
func buildMunicipalityView(l i18n.Localizer, in muniInput, year int64) muniData {
	org := in.Org
	lang := string(l.Lang)
	d := muniData{Name: org.Name(lang), Code: org.Code(), CanEdit: in.CanEdit, CanAddIndicator: in.CanAddIndicator,
		MoreIndicators: in.MoreIndicators}
	if in.Parent != nil {
		d.Region = in.Parent.Name(lang)
		d.CompareHref = "/sammenlign?region=" + url.QueryEscape(in.Parent.Code())
	}

	// Plans and their goals.
	goalsOf := map[int64][]model.Record{}
	for _, g := range in.Goals {
		goalsOf[g.PlanID()] = append(goalsOf[g.PlanID()], g.Record)
	}
	latestOf := latestTotals(in.Totals)
	for _, p := range in.Plans {
		mp := muniPlan{ID: p.ID(), Draft: p.Draft(), Title: p.Title(), Kind: l.Enum("plan_kind", p.Kind()), Status: l.Enum("plan_status", p.Status()),
			Period: planPeriod(l, p), Example: p.Example(), Goals: goalItems(l, goalsOf[p.ID()])}
		for i := range mp.Goals {
			mp.Goals[i].Outcome, mp.Goals[i].Met = goalOutcome(l, in, latestOf, year, mp.Goals[i].ID)
		}
		d.AnyExample = d.AnyExample || mp.Example
		d.Plans = append(d.Plans, mp)
	}

	d.Sectors = muniSectors(l, org, in.Actions)
	for _, a := range in.Actions {
		d.AnyExample = d.AnyExample || a.Example
	}

	// Indicators with totals for the municipality.
	totalsOf := map[int64][]store.ValueTotal{}
	for _, v := range in.Totals {
		totalsOf[v.IndicatorID] = append(totalsOf[v.IndicatorID], v)
	}
	for _, ind := range in.Indicators {
		vals := totalsOf[ind.ID()]
		if len(vals) == 0 {
			continue
		}
		mi := muniIndicatorOf(l, org, ind, vals, year)
		d.AnyExample = d.AnyExample || mi.Example
		if model.IsOtherAgreement(ind.Code()) {
			d.Others = append(d.Others, mi) // not climate figures: a section of their own
			continue
		}
		d.Indicators = append(d.Indicators, mi)
	}

	d.Emissions = emissionsChart(l, org, in.Emissions)

	// Joint projects it leads or joins.
	for _, p := range in.Projects {
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
	return d
}

// muniSectors groups the municipality's actions by sector, in the model's sector order, each
// sector's in title order, the first maxSectorActions shown.
func muniSectors(l i18n.Localizer, org model.Organisation, actions []store.ActionLine) []muniSector {
	bySector := map[string][]muniAction{}
	for _, a := range actions {
		title, titleLang := a.TitleIn(string(l.Lang))
		ma := muniAction{ID: a.ID, Title: title, TitleLang: otherLang(l, titleLang), Status: l.Enum("action_status", a.Status), Example: a.Example}
		if pct := a.Progress; a.HasProgress {
			ma.ProgressText, ma.pct, ma.hasPct = l.Percent(pct, 0), pct, true
			ma.Pct = strconv.FormatFloat(min(max(pct, 0), 100), 'f', -1, 64)
		}
		bySector[a.Sector] = append(bySector[a.Sector], ma)
	}
	var out []muniSector
	for _, sec := range model.Sectors {
		if len(bySector[sec]) == 0 {
			continue
		}
		list := bySector[sec]
		i18n.SortBy(l.Lang, list, func(a muniAction) string { return a.Title })
		ms := muniSector{Name: l.Enum("sector", sec), Actions: list, Total: len(list), all: list}
		if len(list) > maxSectorActions {
			ms.Actions = list[:maxSectorActions]
			ms.MoreURL = fmt.Sprintf("/indsatser?organisation=%d&sector=%s", org.ID(), sec)
		}
		out = append(out, ms)
	}
	return out
}

// emissionsChart draws the municipality's emissions by sector and year as stacked bars, with
// the total as the net marker, and the table below; "" when there are none.
func emissionsChart(l i18n.Localizer, org model.Organisation, vals []model.IndicatorValue) template.HTML {
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
		return ""
	}
	c := chart.StackedBarChart{TickFormat: tickFormat(l),
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
	return chart.StackedBars(c) + page.Details(l, chart.Table(td))
}
