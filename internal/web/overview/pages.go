// Package overview serves /mit, the personal overview a person lands on after signing in
// (issue 10 item 2): for their organisations, their actions with the stale ones first, the
// indicators whose value for the last year they have not reported, their drafts and the
// joint projects they lead. It imports internal/web/page, never the root web package or
// another module.
package overview

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the personal overview on the shared site.
type Pages struct {
	*page.Site
}

// New parses the overview's template into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.Parse(templateFS, "overview"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Routes adds the overview to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET "+page.OverviewPath, s.Handle(s.overview))
}

// overview shows the signed-in person's overview; the public is sent to sign in first.
func (s *Pages) overview(w http.ResponseWriter, r *http.Request) error {
	p := page.PrincipalOf(r.Context())
	if !p.Signed() {
		return &page.SignInNeeded{Next: r.URL.RequestURI()}
	}
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	in, err := s.read(r.Context(), p)
	if err != nil {
		return err
	}
	l := page.Localizer(r)
	v := buildView(l, in)
	if ex != nil {
		return page.SendExport(w, l, ex, overviewExport(l, v, ex.List))
	}
	v.Here = r.URL.RequestURI()
	pg := s.NewPage(r, l, l.T("overview.title"))
	pg.Nav = "overview"
	pg.Data = v
	return s.Render(w, "overview", pg)
}

// input is what the overview is built from, read once per request.
type input struct {
	Orgs        []model.Organisation // the person's organisations, in their memberships' order
	Secretariat bool                 // the secretariat runs every joint project
	Names       map[int64]model.Organisation
	Actions     []model.Action // the actions of the person's organisations
	Plans       []model.Plan   // the plans of the person's organisations
	Projects    []model.Project
	// Reportable are the indicators the person may report a value on for one of their
	// organisations (the value rule, auth.MayAdd), and Values that organisation's values of
	// the last complete year, Year.
	Reportable []reportable
	Values     []model.IndicatorValue
	Year       int
	// Editable are the plans whose edit form the person may open (drafts link to it).
	Editable map[int64]bool
	Now      time.Time
}

// reportable is an indicator that organisation Org reports on.
type reportable struct {
	Indicator model.Indicator
	Org       int64
}

// read is the overview's one typed read: about eight queries whatever the number of
// organisations and records, through the reader's view of drafts (page.Site.List).
func (s *Pages) read(ctx context.Context, p *auth.Principal) (input, error) {
	now := s.Now()
	in := input{Names: map[int64]model.Organisation{}, Editable: map[int64]bool{}, Now: now,
		Year: now.In(page.DanishTime).Year() - 1, Secretariat: p.Secretariat() && !p.Admin()}
	// Memberships with an organisation make the person's organisations; global roles (an
	// administrator, the secretariat) add none (docs/DECISIONS.md).
	var ids []int64
	for _, m := range p.User.Memberships {
		if m.OrganisationID != 0 && !slices.Contains(ids, m.OrganisationID) {
			ids = append(ids, m.OrganisationID)
		}
	}
	orgs, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return in, err
	}
	memo := store.NewMemo(s.DB)
	// Candidate owners of the indicators an organisation reports on: itself, its region and
	// the organisations without a parent (the nation, national bodies); the value rule decides.
	owners := slices.Clone(ids)
	for _, o := range model.AsOrganisations(orgs) {
		in.Names[o.ID()] = o
		memo.Put(model.Organisations, o.Record)
		if o.ParentID() == 0 {
			owners = append(owners, o.ID())
		}
	}
	for _, id := range ids {
		if o, ok := in.Names[id]; ok {
			in.Orgs = append(in.Orgs, o)
			if o.ParentID() != 0 {
				owners = append(owners, o.ParentID())
			}
		}
	}
	var projects []model.Record
	if in.Secretariat {
		projects, err = s.All(ctx, model.Projects, nil)
	} else if len(ids) > 0 {
		projects, err = s.List(ctx, model.Projects, model.ListQuery{AnyOf: map[string][]int64{"organisation": ids}})
	}
	if err != nil {
		return in, err
	}
	in.Projects = model.AsProjects(projects)
	if len(ids) == 0 {
		return in, nil
	}
	actions, err := s.List(ctx, model.Actions, model.ListQuery{AnyOf: map[string][]int64{"organisation": ids}})
	if err != nil {
		return in, err
	}
	in.Actions = model.AsActions(actions)
	plans, err := s.List(ctx, model.Plans, model.ListQuery{AnyOf: map[string][]int64{"organisation": ids}})
	if err != nil {
		return in, err
	}
	in.Plans = model.AsPlans(plans)
	var planIDs, projectIDs []int64
	for _, pl := range in.Plans {
		memo.Put(model.Plans, pl.Record)
		planIDs = append(planIDs, pl.ID())
	}
	for _, pr := range in.Projects {
		memo.Put(model.Projects, pr.Record)
		if slices.ContainsFunc(pr.Participants(), func(x model.ParticipantRef) bool { return slices.Contains(ids, x.OrganisationID) }) {
			projectIDs = append(projectIDs, pr.ID())
		}
	}
	seen := map[int64]bool{}
	var inds []model.Indicator
	for _, by := range []struct {
		filter string
		ids    []int64
	}{{"organisation", owners}, {"plan", planIDs}, {"project", projectIDs}} {
		if len(by.ids) == 0 {
			continue
		}
		recs, err := s.List(ctx, model.Indicators, model.ListQuery{AnyOf: map[string][]int64{by.filter: by.ids}})
		if err != nil {
			return in, err
		}
		for _, ind := range model.AsIndicators(recs) {
			if !seen[ind.ID()] {
				seen[ind.ID()] = true
				memo.Put(model.Indicators, ind.Record)
				inds = append(inds, ind)
			}
		}
	}
	// The value rule, asked of records already read (memo): no query per indicator.
	for _, ind := range inds {
		if ind.OwnerOnly() {
			continue
		}
		for _, org := range ids {
			v := model.Record{"indicator_id": ind.ID(), "organisation_id": org, "breakdown": ""}
			if err := auth.MayWrite(ctx, memo, p, model.IndicatorValues, nil, v); err == nil {
				in.Reportable = append(in.Reportable, reportable{Indicator: ind, Org: org})
			} else if !errors.Is(err, auth.ErrForbidden) && !errors.Is(err, auth.ErrSignIn) {
				return in, err
			}
		}
	}
	y := strconv.Itoa(in.Year)
	values, err := s.List(ctx, model.IndicatorValues, model.ListQuery{Filters: map[string]string{"from": y, "to": y},
		AnyOf: map[string][]int64{"organisation": ids}})
	if err != nil {
		return in, err
	}
	in.Values = model.AsIndicatorValues(values)
	for _, pl := range in.Plans {
		if pl.Draft() {
			in.Editable[pl.ID()] = auth.MayWrite(ctx, memo, p, model.Plans, pl.Record, pl.Record) == nil
		}
	}
	return in, nil
}
