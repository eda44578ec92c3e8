package crossplan

import (
	"context"
	"html/template"
	"net/http"

	"klimaspor/internal/chart"
	"klimaspor/internal/coverage"
	"klimaspor/internal/coverage/gather"
	"klimaspor/internal/i18n"
	"klimaspor/internal/sheet"
	"klimaspor/internal/web/page"
)

// The overview's history (issue 13: "coverage at any past date, rebuilt from the record
// histories; a chart shows how coverage grew"): each theme's computed share at the end of
// each quarter (or year, for a long span: coverage.HistoryDays) from the first day the
// audit trail knows one of the group's plans to the page's day, read in one pass
// (gather.History). Before that first day the records say nothing, so the history does not
// start earlier, even for plans whose adoption date is older.

// listHistory is the history table's export.
const listHistory = "paa_tvaers_historik"

// HistoryPath is the history's page. It is a page of its own, not a part of the overview:
// rebuilding the past reads every plan's and action's audit entry (about 0.1 s uncached at
// national scale, docs/BENCHMARKS.md), which the overview, read far more often, should not pay.
const HistoryPath = Path + "/udvikling"

// historyData is /paa-tvaers/udvikling's view.
type historyData struct {
	Crumbs   template.HTML
	Form     form
	Group    string
	Headline string
	BaseNote string
	AtNote   string
	History  historyView
	Here     string
}

// historyPage is /paa-tvaers/udvikling: how each theme's computed share grew, for the group,
// base and day of the overview's form, with the table as CSV and XLSX.
func (s *Pages) historyPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	if ex != nil && ex.List != listHistory {
		return page.ErrNotFound
	}
	n, g, err := s.requested(r)
	if err != nil {
		return err
	}
	o := buildOverview(l, g, n, false, r.URL.RequestURI())
	h, err := s.history(ctx, g)
	if err != nil {
		return err
	}
	if ex != nil {
		return page.SendExport(w, l, ex, historyExport(l, h, o.Rows))
	}
	d := historyData{Form: o.Form, Group: o.Group, Headline: o.Headline, BaseNote: o.BaseNote, AtNote: o.AtNote,
		History: buildHistory(l, h, o.Rows), Here: r.URL.RequestURI()}
	d.Crumbs = page.Breadcrumbs(l, page.Crumb{Name: l.T("crossplan.title"), Href: Path + "?" + g.Query.values().Encode()},
		page.Crumb{Name: l.T("crossplan.history_heading")})
	p := s.NewPage(r, l, l.T("crossplan.history_heading"))
	p.Nav = "crossplan"
	p.Data = d
	return s.Render(w, "crossplan_history", p)
}

// history is the gathered history: the days and the coverage at each.
type history struct {
	Days    []string
	Results []coverage.Result
}

// history reads the group's coverage at each history day.
func (s *Pages) history(ctx context.Context, g gathered) (history, error) {
	gq := gather.Query{Group: g.Query.Group, Project: g.Query.Project, Base: g.Query.Base, Day: g.Query.Day}
	days, err := gather.HistoryDays(ctx, s.DB, gq, g.Members)
	if err != nil || len(days) == 0 {
		return history{}, err
	}
	res, err := gather.History(ctx, s.DB, gq, g.Members, g.Tree, days)
	if err != nil {
		return history{}, err
	}
	return history{Days: days, Results: res}, nil
}

// historyView is the history's part of the overview.
type historyView struct {
	Chart template.HTML // the line chart and its table alternative; "" without a history
	From  string        // the first day, formatted
}

// historyThemes are the rows the chart draws a line for: those with a published figure
// when there are any (the figures a reader compares), else the top-level themes; a line per
// sub-theme as well would be too many to tell apart. The export has every row.
func historyThemes(rows []row) []row {
	var pub, top []row
	for _, r := range rows {
		if len(r.publishedV) > 0 {
			pub = append(pub, r)
		}
		if !r.Sub {
			top = append(top, r)
		}
	}
	if len(pub) > 0 {
		return pub
	}
	return top
}

// shareAt is a theme's share in a result, and whether the theme is in it.
func shareAt(res coverage.Result, id int64) (coverage.ThemeCoverage, bool) {
	for _, tc := range res.Themes {
		if tc.Theme.ID == id {
			return tc, true
		}
	}
	return coverage.ThemeCoverage{}, false
}

// buildHistory draws the chart of each charted theme's share over the days, with its table
// alternative.
func buildHistory(l i18n.Localizer, h history, rows []row) historyView {
	themes := historyThemes(rows)
	if len(h.Days) == 0 || len(themes) == 0 {
		return historyView{}
	}
	c := chart.LineChart{
		Meta: chart.Meta{ID: "paa-tvaers-historik", Title: l.T("crossplan.history_title"),
			Desc: l.T("crossplan.history_desc", l.Date(h.Days[0]), l.Date(h.Days[len(h.Days)-1])), NoData: l.T("chart.no_data"), Missing: "–"},
		XLabel: l.T("crossplan.col_date"), YLabel: l.T("crossplan.col_share_pct"), ZeroBased: true,
		Format: func(v float64) string { return l.Percent(v, 0) },
	}
	for _, r := range themes {
		s := chart.Series{Name: r.Name}
		for i, day := range h.Days {
			if tc, ok := shareAt(h.Results[i], r.ID); ok {
				s.Points = append(s.Points, chart.Point{X: l.Date(day), Y: tc.Share * 100})
			}
		}
		c.Series = append(c.Series, s)
	}
	td := c.TableData()
	return historyView{Chart: chart.Line(c) + page.Details(l, chart.Table(td)), From: l.Date(h.Days[0])}
}

// historyExport is the history as a file: one line per day and theme of the overview.
func historyExport(l i18n.Localizer, h history, rows []row) *page.Export {
	x := &page.Export{List: listHistory, Columns: []string{l.T("crossplan.col_date"), l.T("resource.themes.one"), l.T("crossplan.col_parent"),
		l.T("crossplan.col_count"), l.T("crossplan.col_counted"), l.T("crossplan.col_share_pct")}}
	for i, day := range h.Days {
		for _, r := range rows {
			tc, ok := shareAt(h.Results[i], r.ID)
			if !ok {
				continue
			}
			x.Add(sheet.Text(day), sheet.Text(r.Name), sheet.Text(r.Parent), sheet.Int(int64(tc.Count)), sheet.Int(int64(h.Results[i].Counted)), sheet.Number(tc.Share*100, 1))
		}
	}
	return x
}
