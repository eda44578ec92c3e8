package web

import (
	"fmt"
	"html/template"
	"net/http"
	"sort"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

type projectOrg struct {
	Name, Href string
}

type projectIndicator struct {
	Name, Unit string
	Example    bool
	Chart      template.HTML
}

type projectData struct {
	Code, Name, Description, Programme string
	Goals                              []string
	Indicators                         []projectIndicator
	Leads, Members, Followers          []projectOrg
	AnyExample                         bool
}

// project is a joint project's page: its goals, its indicators with their baseline, targets
// and values, and its participants grouped as leads, members and followers.
func (s *Server) project(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := s.localizer(r)
	p, err := s.one(ctx, model.Projects, map[string]string{"code": r.PathValue("code")})
	if err != nil {
		return err
	}
	id := idString(p.ID())
	d := projectData{Code: p.Str("code"), Name: name(l, p), Description: p.Str("description")}
	if pid, ok := p.Int("programme_id"); ok {
		if prog, err := s.db.Get(ctx, model.Programmes, pid); err == nil {
			d.Programme = name(l, prog)
		}
	}
	orgList, err := s.all(ctx, model.Organisations, nil)
	if err != nil {
		return err
	}
	orgs := byID(orgList)

	goals, err := s.all(ctx, model.Goals, map[string]string{"project": id})
	if err != nil {
		return err
	}
	sort.SliceStable(goals, func(i, j int) bool {
		a, _ := goals[i].Int("position")
		b, _ := goals[j].Int("position")
		return a < b
	})
	for _, g := range goals {
		d.Goals = append(d.Goals, goalText(l, g))
	}

	inds, err := s.all(ctx, model.Indicators, map[string]string{"project": id})
	if err != nil {
		return err
	}
	for i, ind := range inds {
		pi, err := s.indicatorChart(r, l, ind, orgs, i)
		if err != nil {
			return err
		}
		d.AnyExample = d.AnyExample || pi.Example
		d.Indicators = append(d.Indicators, pi)
	}

	parts, _ := p["participants"].([]model.ParticipantRef)
	for _, pr := range parts {
		o := orgs[pr.OrganisationID]
		po := projectOrg{Name: name(l, o)}
		if o.Str("kind") == "municipality" {
			po.Href = "/kommuner/" + o.Str("code")
		}
		switch {
		case pr.Lead:
			d.Leads = append(d.Leads, po)
		case pr.Role == "follower":
			d.Followers = append(d.Followers, po)
		default:
			d.Members = append(d.Members, po)
		}
	}
	for _, group := range [][]projectOrg{d.Leads, d.Members, d.Followers} {
		i18n.SortBy(i18n.Danish, group, func(o projectOrg) string { return o.Name })
	}

	pg := s.newPage(r, l, d.Code+": "+d.Name)
	pg.Nav = "projects"
	pg.Data = d
	return s.render(w, "project", pg)
}

// indicatorChart draws one indicator as a line per organisation with its baseline and
// targets, and its table.
func (s *Server) indicatorChart(r *http.Request, l i18n.Localizer, ind model.Record, orgs map[int64]model.Record, n int) (projectIndicator, error) {
	pi := projectIndicator{Name: name(l, ind), Unit: ind.Str("unit"), Example: isExample(ind)}
	vals, err := s.all(r.Context(), model.IndicatorValues, map[string]string{"indicator": idString(ind.ID())})
	if err != nil {
		return pi, err
	}
	sort.SliceStable(vals, func(i, j int) bool { return vals[i].Str("period") < vals[j].Str("period") })
	c := chart.LineChart{
		Meta: chart.Meta{ID: fmt.Sprintf("indikator-%d", n), Title: pi.Name, Desc: l.T("project.indicator_desc", pi.Name),
			NoData: l.T("chart.no_data"), Missing: "–"},
		TargetLabel: l.T("chart.target"), XLabel: l.T("project.period"), YLabel: pi.Unit, Format: numberFormat(l, 1),
	}
	series := map[int64]int{}
	for _, v := range vals {
		if v.Str("breakdown") != "" {
			continue
		}
		pi.Example = pi.Example || isExample(v)
		org, _ := v.Int("organisation_id")
		i, ok := series[org]
		if !ok {
			i = len(c.Series)
			series[org] = i
			c.Series = append(c.Series, chart.Series{Name: name(l, orgs[org])})
		}
		f, _ := v.Float("value")
		c.Series[i].Points = append(c.Series[i].Points, chart.Point{X: l.Period(v.Str("period")), Y: f})
	}
	if b, ok := ind.Float("baseline_value"); ok {
		ref := &chart.Reference{Label: l.T("chart.baseline"), Y: b}
		if y, ok := ind.Int("baseline_year"); ok {
			ref.X = fmt.Sprint(y)
		}
		c.Baseline = ref
	}
	targets, _ := ind["targets"].([]model.Target)
	for _, t := range targets {
		c.Targets = append(c.Targets, chart.Target{X: fmt.Sprint(t.Year), Y: t.Value})
	}
	td := c.TableData()
	td.Caption = c.Title
	pi.Chart = chart.Line(c) + details(l, chart.Table(td))
	return pi, nil
}
