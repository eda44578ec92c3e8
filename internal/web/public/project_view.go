package public

import (
	"context"
	"fmt"
	"net/url"
	"sort"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/page"
)

// projectInput is everything a joint project's page shows, read by readProject in the same
// number of queries whatever the project holds, as its reader may see it.
type projectInput struct {
	Project         model.Project
	CanEdit         bool                   // the reader may edit the project
	CanAddIndicator bool                   // the reader may add an indicator owned by the project
	CanAddValue     map[int64]bool         // indicator id → the reader may add a value to it
	Programme       *model.Programme       // nil when it belongs to none
	Orgs            map[int64]model.Record // every organisation, by id
	Goals           []model.Goal
	Indicators      []model.Indicator      // the indicators it owns
	Values          []model.IndicatorValue // the totals of Indicators, in id order
	Participants    []model.Participant
	Actions         []model.Action
}

// readProject reads the joint project with the given code and what its page shows: a fixed
// handful of queries (its indicators' values in one), through the reader's visibility.
func (s *Pages) readProject(ctx context.Context, code string) (projectInput, error) {
	var in projectInput
	rec, err := s.One(ctx, model.Projects, map[string]string{"code": code})
	if err != nil {
		return in, err
	}
	in.Project = model.AsProject(rec)
	in.CanEdit = s.MayEdit(ctx, model.Projects, rec)
	id := idString(in.Project.ID())
	if pid := in.Project.ProgrammeID(); pid != 0 {
		if prog, err := s.DB.Get(ctx, model.Programmes, pid); err == nil {
			p := model.AsProgramme(prog)
			in.Programme = &p
		}
	}
	orgList, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return in, err
	}
	in.Orgs = byID(orgList)

	goals, err := s.All(ctx, model.Goals, map[string]string{"project": id})
	if err != nil {
		return in, err
	}
	in.Goals = model.AsGoals(goals)

	inds, err := s.All(ctx, model.Indicators, map[string]string{"project": id})
	if err != nil {
		return in, err
	}
	in.Indicators = model.AsIndicators(inds)
	in.CanAddIndicator = s.MayAdd(ctx, model.Indicators, form.NewIndicatorInProject(rec))
	in.CanAddValue = map[int64]bool{}
	ids := make([]int64, len(in.Indicators))
	for i, ind := range in.Indicators {
		ids[i] = ind.ID()
		in.CanAddValue[ind.ID()] = s.MayAdd(ctx, model.IndicatorValues, form.NewValueOf(ind.Record))
	}
	vals, err := s.allOf(ctx, model.IndicatorValues, map[string]string{"breakdown": ""}, "indicator", ids)
	if err != nil {
		return in, err
	}
	in.Values = model.AsIndicatorValues(vals)

	parts, err := s.All(ctx, model.Participants, map[string]string{"project": id})
	if err != nil {
		return in, err
	}
	in.Participants = model.AsParticipants(parts)

	acts, err := s.All(ctx, model.Actions, map[string]string{"project": id})
	if err != nil {
		return in, err
	}
	in.Actions = model.AsActions(acts)
	return in, nil
}

// buildProjectView is the joint project's page from what readProject read, in the reader's
// language. It reads nothing.
func buildProjectView(l i18n.Localizer, in projectInput) (projectData, error) {
	p := in.Project
	lang := string(l.Lang)
	d := projectData{Code: p.Code(), Name: p.Name(lang), Description: p.Description(), CanEdit: in.CanEdit, ID: p.ID(),
		CanAddIndicator: in.CanAddIndicator}
	if in.Programme != nil {
		d.Programme = in.Programme.Name(lang)
	}
	goals := make([]model.Record, len(in.Goals))
	for i, g := range in.Goals {
		goals[i] = g.Record
	}
	d.Goals = goalItems(l, goals)

	valuesOf := map[int64][]model.IndicatorValue{}
	for _, v := range in.Values {
		valuesOf[v.IndicatorID()] = append(valuesOf[v.IndicatorID()], v)
	}
	for i, ind := range in.Indicators {
		pi := projectIndicatorOf(l, ind, valuesOf[ind.ID()], in.Orgs, i)
		pi.CanAddValue = in.CanAddValue[ind.ID()]
		d.AnyExample = d.AnyExample || pi.Example
		d.Indicators = append(d.Indicators, pi)
	}

	partID := map[int64]int64{} // organisation → its participation
	for _, pr := range in.Participants {
		partID[pr.OrganisationID()] = pr.ID()
	}
	roles := map[string]float64{} // municipality code → role class
	for _, pr := range p.Participants() {
		o := model.AsOrganisation(in.Orgs[pr.OrganisationID])
		po := projectOrg{Name: o.Name(lang)}
		if d.CanEdit {
			po.Edit = "/deltagere/" + idString(partID[pr.OrganisationID]) + "/rediger"
		}
		if o.Kind() == "municipality" {
			po.Href = "/kommuner/" + o.Code()
		}
		role := float64(roleMember)
		switch {
		case pr.Lead:
			d.Leads = append(d.Leads, po)
			role = roleLead
		case pr.Role == "follower":
			d.Followers = append(d.Followers, po)
			role = roleFollower
		default:
			d.Members = append(d.Members, po)
		}
		if po.Href != "" {
			roles[o.Code()] = max(roles[o.Code()], role)
		}
	}
	for _, group := range [][]projectOrg{d.Leads, d.Members, d.Followers} {
		i18n.SortBy(i18n.Danish, group, func(o projectOrg) string { return o.Name })
	}
	var err error
	if d.Map, err = participantMap(l, d.Name, roles); err != nil {
		return d, err
	}

	for _, a := range in.Actions {
		row := newActionRow(l, a, in.Orgs)
		d.AnyExample = d.AnyExample || row.Example
		d.Actions = append(d.Actions, row)
	}
	i18n.SortBy(i18n.Danish, d.Actions, func(a actionRow) string { return a.Title })
	return d, nil
}

// projectIndicatorOf draws one indicator from its totals as a line per organisation with its
// baseline and targets, and its table; n numbers the chart on the page.
func projectIndicatorOf(l i18n.Localizer, ind model.Indicator, vals []model.IndicatorValue, orgs map[int64]model.Record, n int) projectIndicator {
	lang := string(l.Lang)
	pi := projectIndicator{Name: ind.Name(lang), Unit: ind.UnitIn(lang), Example: ind.Example(),
		Href: "/noegletal/" + url.PathEscape(ind.Code())}
	sort.SliceStable(vals, func(i, j int) bool { return vals[i].Period() < vals[j].Period() })
	c := chart.LineChart{TickFormat: tickFormat(l), CutAxisNote: l.T("chart.cut_axis"),
		Meta: chart.Meta{ID: fmt.Sprintf("indikator-%d", n), Title: pi.Name, Desc: l.T("project.indicator_desc", pi.Name),
			NoData: l.T("chart.no_values_yet"), Missing: "–"},
		TargetLabel: l.T("chart.target"), XLabel: l.T("project.period"), YLabel: pi.Unit, Format: numberFormat(l, 1),
	}
	series := map[int64]int{}
	for _, v := range vals {
		if v.Breakdown() != "" {
			continue
		}
		pi.Example = pi.Example || v.Example()
		org := v.OrganisationID()
		i, ok := series[org]
		if !ok {
			i = len(c.Series)
			series[org] = i
			c.Series = append(c.Series, chart.Series{Name: model.AsOrganisation(orgs[org]).Name(lang)})
		}
		c.Series[i].Points = append(c.Series[i].Points, chart.Point{X: l.Period(v.Period()), Y: v.Value()})
	}
	// The chart keeps one decimal whatever the references' values are.
	c.Baseline, c.Targets, _ = indicatorReferences(l, ind)
	if len(c.Series) == 0 && c.Baseline == nil && len(c.Targets) == 0 {
		return pi // nothing to draw: the page says so in a sentence, not with empty axes
	}
	td := c.TableData()
	td.Caption = c.Title
	pi.Chart = chart.Line(c) + page.Details(l, chart.Table(td))
	return pi
}
