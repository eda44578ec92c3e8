package public

import (
	"fmt"
	"html/template"
	"net/http"

	"klimaspor/internal/geo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/page"
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
	RegionCode     string // the region's code, for the link to its climate accounts
	Year           int
	Programme      string
	Projects       []homeProject
	Municipalities []homeMunicipality
	Statuses       []string // translated action statuses, the table's columns
	// TotalPlans and TotalCounts are the municipality table's totals row: how many have a
	// plan, and the actions by status across them.
	TotalPlans  string
	TotalCounts []int
	AnyExample  bool
	SharesChart template.HTML
	MapSVG      template.HTML
	MapTable    template.HTML
	Measures    []page.Option // what the map can be coloured by
	Measure     string        // the chosen measure's name
	MeasureKey  string
	BadMeasure  bool // the query named a measure there is not; the default is shown
}

// home is the front page: the region's joint projects, its municipalities, the cross-plan
// shares and a map of emissions per inhabitant. It reads (readHome: each list once), builds
// the view (buildHomeView, joining in Go) and renders it.
func (s *Pages) home(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	measure, known := mapMeasureOf(r.URL.Query())
	in, err := s.readHome(r.Context(), measure)
	if err != nil {
		return err
	}
	in.KnownMeasure = known
	if ex != nil {
		// The lists need neither the shares nor the map.
		return page.SendExport(w, l, ex, homeExport(l, buildHomeLists(l, in, thisYear()), ex.List))
	}
	d, err := buildHomeView(l, in, thisYear())
	if err != nil {
		return err
	}
	p := s.NewPage(r, l, l.T("home.title"))
	p.Nav = "home"
	p.Data = d
	return s.Render(w, "home", p)
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

// homeMap draws the front page's map of the chosen measure and its table alternative.
func homeMap(l i18n.Localizer, d *homeData, m mapMeasure, mapValues map[string]float64) error {
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
func homeExport(l i18n.Localizer, d homeData, list string) *page.Export {
	switch list {
	case listProjects:
		x := &page.Export{List: list, Columns: []string{l.T("export.col_code"), l.T("resource.projects.one"), l.T("project.leads"), l.T("project.participants"), l.T("home.progress_col")}}
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
			x.Add(sheet.Text(p.Code), sheet.Text(p.Name), sheet.Text(leads), sheet.Int(int64(p.Participants)), sheet.Text(progress))
		}
		return x
	case listMunicipalities:
		x := &page.Export{List: list, Columns: []string{l.T("org_kind.municipality"), l.T("export.col_code"), l.T("municipality.plan")}}
		x.Columns = append(x.Columns, d.Statuses...)
		x.Columns = append(x.Columns, l.T("home.per_capita_col", d.Year), l.T("export.col_example"))
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
			x.Add(append(row, perCapita, exampleCell(l, m.Example))...)
		}
		return x
	}
	return nil
}
