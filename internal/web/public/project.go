package public

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"klimaspor/internal/geo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/page"
)

type projectOrg struct {
	Name, Href string
	Edit       string // the participation's edit form
}

type projectIndicator struct {
	Name, Unit, Href string
	Example          bool
	CanAddValue      bool          // the reader may add a value (auth's value rule)
	Chart            template.HTML // "" when the indicator has no values, baseline or target
}

type projectData struct {
	Crumbs                             template.HTML // the breadcrumb trail (breadcrumbs)
	CanEdit                            bool          // the reader leads the project or is the secretariat
	CanAddIndicator                    bool          // the reader may add an indicator owned by the project
	ID                                 int64
	Code, Name, Description, Programme string
	Goals                              []goalItem
	Indicators                         []projectIndicator
	Leads, Members, Followers          []projectOrg
	Map                                template.HTML // map of the participating municipalities and its table
	Actions                            []actionRow
	AnyExample                         bool
	// Reports is the project's status reports page (/rapportering?projekt=), when the
	// reader sees one of its reports.
	Reports string
	// Library are the knowledge library's items of the project the reader sees.
	Library []orgLink
}

// Map classes of a municipality's part in a project; not taking part is "no data".
const (
	roleFollower = 1
	roleMember   = 2
	roleLead     = 3
)

// project is a joint project's page: its goals, its indicators with their baseline, targets
// and values, and its participants grouped as leads, members and followers. It reads
// (readProject), builds the view (buildProjectView) and renders it.
func (s *Pages) project(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	in, err := s.readProject(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	d, err := buildProjectView(l, in)
	if err != nil {
		return err
	}
	if ex != nil {
		return page.SendExport(w, l, ex, projectExport(l, d, ex.List))
	}
	reports, err := s.List(r.Context(), model.Reports, model.ListQuery{Filters: map[string]string{"project": strconv.FormatInt(d.ID, 10)}})
	if err != nil {
		return err
	}
	if len(reports) > 0 {
		d.Reports = "/rapportering?projekt=" + strconv.FormatInt(d.ID, 10)
	}
	items, err := s.All(r.Context(), model.LibraryItems, map[string]string{"project": strconv.FormatInt(d.ID, 10)})
	if err != nil {
		return err
	}
	d.Library = libraryLinks(l, items)
	d.Crumbs = breadcrumbs(l, crumb{l.T("nav.projects"), "/#projekter"}, crumb{Name: d.Code + ": " + d.Name})
	pg := s.NewPage(r, l, d.Code+": "+d.Name)
	pg.Nav = "projects"
	pg.Data = d
	return s.Render(w, "project", pg)
}

// participantMap draws the municipalities of the capital region (or of all Denmark when a
// participant lies outside it) coloured by their part in the project, with the same data as a
// table in a disclosure. The roles are classes 1–3 (follower, member, lead) between the
// edges ½, 1½, 2½ and 3½; a municipality that does not take part has no value.
func participantMap(l i18n.Localizer, project string, roles map[string]float64) (template.HTML, error) {
	codes := geo.CapitalRegionCodes()
	inRegion := map[string]bool{}
	for _, c := range codes {
		inRegion[c] = true
	}
	for c := range roles {
		if !inRegion[c] {
			codes = nil // all of Denmark
			break
		}
	}
	labels := map[float64]string{
		roleFollower: l.T("project.role_follower"),
		roleMember:   l.T("project.role_member"),
		roleLead:     l.T("project.role_lead"),
	}
	edge := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	breaks := []float64{0.5, 1.5, 2.5, 3.5}
	svg, err := geo.Choropleth(geo.Options{
		ID: "deltagerkort", Title: l.T("project.map_title", project), Description: l.T("project.map_desc"),
		Codes: codes, Values: roles, Breaks: breaks, NoDataLabel: l.T("project.role_none"),
		LegendTitle: l.T("project.role"), Width: 320, HideAttribution: true,
		Format: func(v float64) string {
			if s, ok := labels[v]; ok {
				return s
			}
			return edge(v)
		},
	})
	if err != nil {
		return "", fmt.Errorf("web: participant map: %w", err)
	}
	// geo labels each class with its edges ("0.5–1.5"); the classes here are categories,
	// so the legend names them instead.
	out := string(svg)
	for i := 0; i+1 < len(breaks); i++ {
		old := ">" + edge(breaks[i]) + "–" + edge(breaks[i+1]) + "</text>"
		if strings.Count(out, old) != 1 {
			return "", fmt.Errorf("web: participant map: legend label %q not found", old)
		}
		out = strings.Replace(out, old, ">"+template.HTMLEscapeString(labels[float64(i+1)])+"</text>", 1)
	}

	// The table alternative, with the links the map (role="img") must not have.
	if codes == nil {
		codes = geo.Codes()
	}
	type row struct{ code, name string }
	rows := make([]row, 0, len(codes))
	for _, c := range codes {
		n, _ := geo.Name(c)
		rows = append(rows, row{c, n})
	}
	i18n.SortBy(i18n.Danish, rows, func(r row) string { return r.name })
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<table class="geo-table" id="deltagerkort-table">`+"\n<caption>%s</caption>\n", esc(l.T("project.map_caption", project)))
	fmt.Fprintf(&b, `<thead><tr><th scope="col">%s</th><th scope="col">%s</th></tr></thead>`+"\n<tbody>\n",
		esc(l.T("org_kind.municipality")), esc(l.T("project.role")))
	for _, r := range rows {
		role := l.T("project.role_none")
		if v, ok := roles[r.code]; ok {
			role = labels[v]
		}
		fmt.Fprintf(&b, `<tr data-code="%s"><th scope="row"><a href="/kommuner/%s">%s</a></th><td>%s</td></tr>`+"\n",
			esc(r.code), esc(r.code), esc(r.name), esc(role))
	}
	b.WriteString("</tbody>\n</table>")
	return template.HTML(out) + page.Details(l, template.HTML(b.String())), nil
}

// projectExport is a joint project's lists: its goals, its participants and its actions.
func projectExport(l i18n.Localizer, d projectData, list string) *page.Export {
	switch list {
	case listGoals:
		x := &page.Export{List: list, Qualify: d.Code, Columns: []string{l.T("export.col_position"), l.T("project.goals")}}
		for _, g := range d.Goals {
			x.Add(sheet.Int(int64(g.N)), sheet.Text(g.Text))
		}
		return x
	case listParticipants:
		x := &page.Export{List: list, Qualify: d.Code, Columns: []string{l.T("resource.organisations.one"), l.T("project.role")}}
		for _, g := range []struct {
			role string
			orgs []projectOrg
		}{{l.T("project.role_lead"), d.Leads}, {l.T("project.role_member"), d.Members}, {l.T("project.role_follower"), d.Followers}} {
			for _, o := range g.orgs {
				x.Add(sheet.Text(o.Name), sheet.Text(g.role))
			}
		}
		return x
	case listActions:
		return actionsExport(l, list, d.Code, d.Actions)
	}
	return nil
}
