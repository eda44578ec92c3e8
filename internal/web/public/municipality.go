package public

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"

	"klimaspor/internal/chart"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
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
	TitleLang     string // the title's language when not the page's (lang="…"), else ""
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
	// Target is the target that counts this year (model.Indicator.CurrentTarget) when its
	// progress cannot be measured (no baseline to count from): the chart draws it, so the
	// card names it rather than saying there is none.
	Target string
	latest float64 // the latest total and its period, for the export
	period string
	pct    float64 // the progress toward the target, for the export; valid when hasPct
	hasPct bool
}

// maxMuniIndicators keeps the page short: the rest are one link away in the comparison.
const maxMuniIndicators = 12

type muniData struct {
	Crumbs          template.HTML // the breadcrumb trail (breadcrumbs)
	CanEdit         bool          // the reader edits this municipality's plans, goals and actions
	CanAddIndicator bool          // the reader may add an indicator owned by the municipality
	Code            string
	Name            string
	Region          string
	CompareHref     string // the comparison, of the municipality's region
	Plans           []muniPlan
	Sectors         []muniSector
	Indicators      []muniIndicator
	MoreIndicators  int // the indicators left out after maxMuniIndicators
	// Others are the non-climate indicators (model.OtherAgreementIndicators), shown apart.
	Others     []muniIndicator
	AnyExample bool
	Emissions  template.HTML
	Projects   []muniProject
}

// municipality is a municipality's page: its plans and goals, its actions by sector, its
// emissions by sector over the years and the joint projects it takes part in. It reads
// (readMunicipality), builds the view (buildMunicipalityView) and renders it.
func (s *Pages) municipality(w http.ResponseWriter, r *http.Request) error {
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	in, err := s.readMunicipality(r.Context(), r.PathValue("code"), ex != nil)
	if err != nil {
		return err
	}
	d := buildMunicipalityView(l, in, thisYear())
	if ex != nil {
		return page.SendExport(w, l, ex, muniExport(l, in.Org.Code(), d, ex.List))
	}
	d.Crumbs = breadcrumbs(l, crumb{l.T("nav.municipalities"), "/#kommuner"}, crumb{Name: d.Name})
	p := s.NewPage(r, l, d.Name)
	p.Nav = "municipalities"
	p.Data = d
	return s.Render(w, "municipality", p)
}

// muniIndicatorOf builds one indicator's entry from the municipality's totals of it.
func muniIndicatorOf(l i18n.Localizer, org model.Organisation, ind model.Indicator, vals []store.ValueTotal, year int64) muniIndicator {
	sort.SliceStable(vals, func(i, j int) bool { return vals[i].Period < vals[j].Period })
	lang := string(l.Lang)
	code := ind.Code()
	indName := ind.Name(lang)
	mi := muniIndicator{Name: indName, Unit: ind.UnitIn(lang), Example: ind.Example(),
		Href: "/noegletal/" + url.PathEscape(code) + "?organisation=" + url.QueryEscape(org.Code())}
	last := vals[len(vals)-1]
	latest := last.Value
	mi.Latest = l.T("muni.ind_value_in", l.Number(latest, indValueDecimals(latest)), l.Period(last.Period))
	mi.latest, mi.period = latest, last.Period
	mi.Source = last.Source

	// The small line chart of the totals, with the baseline and targets.
	var all []float64
	c := chart.LineChart{TickFormat: tickFormat(l), CutAxisNote: l.T("chart.cut_axis"),
		Meta: chart.Meta{ID: "noegletal-" + code, Title: l.T("muni.ind_chart_title", indName, org.Name(lang)), Desc: l.T("muni.ind_chart_desc"),
			NoData: l.T("chart.no_data"), Missing: i18n.Dash, Width: 320, Height: 140},
		TargetLabel: l.T("chart.target"), XLabel: l.T("indpage.period"), YLabel: mi.Unit,
	}
	sr := chart.Series{Name: org.Name(lang)}
	for _, v := range vals {
		mi.Example = mi.Example || v.Example
		all = append(all, v.Value)
		sr.Points = append(sr.Points, chart.Point{X: l.Period(v.Period), Y: v.Value})
	}
	c.Series = []chart.Series{sr}
	var refs []float64
	c.Baseline, c.Targets, refs = indicatorReferences(l, ind)
	dec := indDecimalsFor(append(all, refs...))
	c.Format = numberFormat(l, dec)
	td := c.TableData()
	td.Caption = c.Title
	mi.Chart = chart.Line(c) + page.Details(l, chart.Table(td))

	// Progress toward the target that counts this year, by the rule the front page uses too.
	if pct, target, ok := ind.Progress(latest, year); ok {
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
	} else if t, ok := ind.CurrentTarget(year); ok {
		mi.Target = l.T("indicator.target_in", fmt.Sprint(t.Year), l.Number(t.Value, indValueDecimals(t.Value)))
	}
	return mi
}

// muniExport is a municipality page's lists: its actions (all of them, by sector as the page
// groups them), its indicators and its joint projects.
func muniExport(l i18n.Localizer, code string, d muniData, list string) *page.Export {
	switch list {
	case listActions:
		x := &page.Export{List: list, Qualify: code, Columns: []string{l.T("field.actions.sector"), l.T("resource.actions.one"),
			l.T("muni.status"), l.T("export.col_progress"), l.T("export.col_example")}}
		for _, sec := range d.Sectors {
			for _, a := range sec.all {
				x.Add(sheet.Text(sec.Name), sheet.Text(a.Title), sheet.Text(a.Status), pctCell(a.pct, a.hasPct), exampleCell(l, a.Example))
			}
		}
		return x
	case listIndicators:
		x := &page.Export{List: list, Qualify: code, Columns: []string{l.T("resource.indicators.one"), l.T("indpage.unit"),
			l.T("export.col_latest"), l.T("export.col_period"), l.T("common.source"), l.T("export.col_ind_progress"), l.T("export.col_example")}}
		for _, ind := range append(slices.Clone(d.Indicators), d.Others...) {
			x.Add(sheet.Text(ind.Name), sheet.Text(ind.Unit), sheet.Number(ind.latest, indValueDecimals(ind.latest)), periodCell(l, ind.period),
				sheet.Text(ind.Source), pctCell(ind.pct, ind.hasPct), exampleCell(l, ind.Example))
		}
		return x
	case listProjects:
		x := &page.Export{List: list, Qualify: code, Columns: []string{l.T("export.col_code"), l.T("resource.projects.one"), l.T("muni.role")}}
		for _, p := range d.Projects {
			x.Add(sheet.Text(p.Code), sheet.Text(p.Name), sheet.Text(p.Role))
		}
		return x
	}
	return nil
}
