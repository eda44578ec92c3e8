// Package crossplan serves the cross-plan overview, "Et blik på tværs" (C7, issue 13): at
// /paa-tvaers, how many of a group's municipalities (a region, the nation or a joint
// project's participants) have each theme in their adopted climate plans, as computed live
// from the plans' published actions (internal/coverage), with the published figures beside
// the computed shares and the difference between them; and at /paa-tvaers/tema/{theme_id}
// the drill-down to one theme: the municipalities with it, the actions behind it, and those
// without. The reads are the store's (store/coverage.go), gathered by
// internal/coverage/gather as GET /api/v1/coverage gathers them; the view is built without
// I/O (view.go). It imports internal/web/page, never the root web package or another module.
package crossplan

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/coverage"
	"klimaspor/internal/coverage/gather"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the cross-plan pages on the shared site.
type Pages struct {
	*page.Site
}

// New parses the pages' templates into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.ParseWith(templateFS, []string{"crossplan_shared"}, "crossplan", "crossplan_theme", "crossplan_map", "crossplan_history"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Path is the overview's address.
const Path = "/paa-tvaers"

// Routes adds the pages to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET "+Path, s.Handle(s.overview))
	mux.Handle("GET "+Path+"/tema/{theme_id}", s.Handle(s.theme))
	mux.Handle("GET "+MapPath, s.Handle(s.mapPage))
	mux.Handle("GET "+HistoryPath, s.Handle(s.historyPage))
}

// The query parameters.
const (
	groupParam = "gruppe"   // an organisation's id (a region, the nation or a network), or p<id> for a joint project
	baseParam  = "grundlag" // vedtaget (default) or alle
	dateParam  = "dato"     // dd-mm-åååå or åååå-mm-dd; empty is today
)

// listThemes is the theme table's export.
const listThemes = "paa_tvaers"

// DefaultRegion is the region shown when no group is chosen: Region Hovedstaden.
const DefaultRegion = "1084"

// query is what the reader asked for.
type query struct {
	Group, Project int64
	Base           coverage.Base
	Day            string // YYYY-MM-DD, "" for today
	DateText       string // as typed
}

// bases are the base's values in the query, by coverage.Base.
var bases = map[string]coverage.Base{"vedtaget": coverage.BaseAdopted, "alle": coverage.BaseAll}

func baseValue(b coverage.Base) string {
	for k, v := range bases {
		if v == b {
			return k
		}
	}
	return ""
}

// parseQuery reads the query; def is the group when none is given. A malformed value is a 400.
func parseQuery(q url.Values, def int64) (query, error) {
	out := query{Group: def, Base: coverage.BaseAdopted}
	if v := strings.TrimSpace(q.Get(groupParam)); v != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(v, "p"), 10, 64)
		if err != nil || id <= 0 {
			return out, page.BadRequest(fmt.Errorf("crossplan: %s=%q", groupParam, v))
		}
		if strings.HasPrefix(v, "p") {
			out.Group, out.Project = 0, id
		} else {
			out.Group = id
		}
	}
	if v := q.Get(baseParam); v != "" {
		b, ok := bases[v]
		if !ok {
			return out, page.BadRequest(fmt.Errorf("crossplan: %s=%q", baseParam, v))
		}
		out.Base = b
	}
	if v := strings.TrimSpace(q.Get(dateParam)); v != "" {
		day, ok := parseDay(v)
		if !ok {
			return out, page.BadRequest(fmt.Errorf("crossplan: %s=%q", dateParam, v))
		}
		out.Day, out.DateText = day, v
	}
	return out, nil
}

// parseDay reads dd-mm-åååå (also with dots or slashes) or åååå-mm-dd.
func parseDay(v string) (string, bool) {
	for _, layout := range []string{time.DateOnly, "02-01-2006", "2-1-2006", "02.01.2006", "2.1.2006", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// values is the query as the pages' links carry it.
func (q query) values() url.Values {
	v := url.Values{}
	if q.Project != 0 {
		v.Set(groupParam, "p"+strconv.FormatInt(q.Project, 10))
	} else {
		v.Set(groupParam, strconv.FormatInt(q.Group, 10))
	}
	v.Set(baseParam, baseValue(q.Base))
	if q.Day != "" {
		v.Set(dateParam, q.Day)
	}
	return v
}

// gathered is what the pages read: the group's members, the theme tree, the state at the
// day and the computed coverage.
type gathered struct {
	Query   query
	Members []int64
	Tree    coverage.Tree
	State   coverage.State
	Result  coverage.Result
}

// gather reads the group's members, the tree and the state at the day, and computes the
// coverage with the published figures (a group's only) as GET /api/v1/coverage does
// (internal/coverage/gather). themes, when not nil, gives the themes whose actions the
// state holds (a drill-down's), or nil for a theme not in the tree: a 404.
func (s *Pages) gather(ctx context.Context, q query, themes func(coverage.Tree) []int64) (gathered, error) {
	g := gathered{Query: q}
	gq := gather.Query{Group: q.Group, Project: q.Project, Base: q.Base, Day: q.Day}
	var err error
	g.Members, err = gather.Members(ctx, s.DB, gq)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return g, page.ErrNotFound
	case errors.Is(err, store.ErrNotGroup):
		return g, page.BadRequest(err)
	case err != nil:
		return g, err
	}
	tree, err := s.DB.ThemeTree(ctx)
	if err != nil {
		return g, err
	}
	var only []int64
	if themes != nil {
		if only = themes(tree); only == nil {
			return g, page.ErrNotFound
		}
	}
	c, err := gather.ComputeWith(ctx, s.DB, gq, g.Members, tree, only)
	if err != nil {
		return g, err
	}
	g.Tree, g.State, g.Result = c.Tree, c.State, c.Result
	return g, nil
}

// names is the records the view names things by: organisations, projects, themes, plans.
type names struct {
	Orgs     []model.Organisation
	Projects []model.Project
	Themes   map[int64]model.Theme
}

func (s *Pages) names(ctx context.Context) (names, error) {
	var n names
	recs, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return n, err
	}
	n.Orgs = model.AsOrganisations(recs)
	if recs, err = s.All(ctx, model.Projects, nil); err != nil {
		return n, err
	}
	n.Projects = model.AsProjects(recs)
	if recs, err = s.All(ctx, model.Themes, nil); err != nil {
		return n, err
	}
	n.Themes = map[int64]model.Theme{}
	for _, t := range model.AsThemes(recs) {
		n.Themes[t.ID()] = t
	}
	return n, nil
}

// defaultGroup is Region Hovedstaden's id, or 0 when the data has no such region.
func defaultGroup(orgs []model.Organisation) int64 {
	for _, o := range orgs {
		if o.Kind() == "region" && o.Code() == DefaultRegion {
			return o.ID()
		}
	}
	for _, o := range orgs {
		if o.Kind() == "region" {
			return o.ID()
		}
	}
	return 0
}

// examples reports which of the actions are example data, by id (store.DB.ExampleActions).
func (s *Pages) examples(ctx context.Context, acts []coverage.Action) (map[int64]bool, error) {
	ids := make([]int64, len(acts))
	for i, a := range acts {
		ids[i] = a.ID
	}
	return s.DB.ExampleActions(ctx, ids)
}

// countedExample reports whether any action that counts in the state (a published action
// with a theme in one of the members' counting plans) is example data
// (store.DB.CountedExample). Those actions are public, so every reader gets the same answer.
func (s *Pages) countedExample(ctx context.Context, st coverage.State) (bool, error) {
	plans := make([]int64, 0, len(st.Member))
	for p := range st.Member {
		plans = append(plans, p)
	}
	slices.Sort(plans)
	return s.DB.CountedExample(ctx, plans)
}

// requested reads the names and gathers the coverage of the group, base and day the
// request's query asks for (the region by default): the overview's and the history's start.
func (s *Pages) requested(r *http.Request) (names, gathered, error) {
	n, err := s.names(r.Context())
	if err != nil {
		return n, gathered{}, err
	}
	q, err := parseQuery(r.URL.Query(), defaultGroup(n.Orgs))
	if err != nil {
		return n, gathered{}, err
	}
	g, err := s.gather(r.Context(), q, nil)
	return n, g, err
}

// overview is /paa-tvaers: the theme table, the chart, the export.
func (s *Pages) overview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	n, g, err := s.requested(r)
	if err != nil {
		return err
	}
	example, err := s.countedExample(ctx, g.State)
	if err != nil {
		return err
	}
	d := buildOverview(l, g, n, example, r.URL.RequestURI())
	d.MapThemes = auth.MayMapThemesAnywhere(page.PrincipalOf(ctx)) == nil
	// Who may name a network's members (the secretariat) finds its form from its figures.
	if auth.MayWriteAny(page.PrincipalOf(ctx), model.Organisations) == nil {
		for _, o := range n.Orgs {
			if o.ID() == g.Query.Group && o.Kind() == "network" {
				d.EditNetwork = "/netvaerk/" + url.PathEscape(o.Code()) + "/rediger"
			}
		}
	}
	if ex != nil {
		if ex.List != listThemes {
			return page.ErrNotFound
		}
		return page.SendExport(w, l, ex, themesExport(l, d))
	}
	p := s.NewPage(r, l, l.T("crossplan.title"))
	p.Nav = "crossplan"
	p.Data = d
	return s.Render(w, "crossplan", p)
}

// theme is /paa-tvaers/tema/{theme_id}: one theme's municipalities and actions.
func (s *Pages) theme(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	id, err := strconv.ParseInt(r.PathValue("theme_id"), 10, 64)
	if err != nil || id <= 0 {
		return page.ErrNotFound
	}
	n, err := s.names(ctx)
	if err != nil {
		return err
	}
	q, err := parseQuery(r.URL.Query(), defaultGroup(n.Orgs))
	if err != nil {
		return err
	}
	g, err := s.gather(ctx, q, func(t coverage.Tree) []int64 {
		if !t.Has(id) {
			return nil
		}
		return t.Under(id)
	})
	if err != nil {
		return err
	}
	behind := coverage.Behind(g.State, g.Tree, id)
	acts, err := s.examples(ctx, behind)
	if err != nil {
		return err
	}
	recs, err := s.All(ctx, model.Plans, nil)
	if err != nil {
		return err
	}
	d := buildTheme(l, g, n, id, behind, acts, model.AsPlans(recs))
	p := s.NewPage(r, l, d.Title)
	p.Nav = "crossplan"
	p.Data = d
	return s.Render(w, "crossplan_theme", p)
}
