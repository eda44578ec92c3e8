package web

import (
	"context"
	"fmt"
	"strconv"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
)

// The pages' lists as files (export.go). Each builder takes the rows the page's handler has
// built for its HTML, so the file and the page cannot differ; it returns nil for a list the
// page does not have.

// periodCell is a period: a year as a number, another period (a quarter, a month) as the
// page writes it.
func periodCell(l i18n.Localizer, period string) sheet.Cell {
	if len(period) == 4 {
		if y, err := strconv.ParseInt(period, 10, 64); err == nil {
			return yearCell(y)
		}
	}
	return sheet.Text(l.Period(period))
}

// pctCell is a percentage as a number, empty when not given.
func pctCell(pct float64, ok bool) sheet.Cell {
	if !ok {
		return sheet.Cell{}
	}
	return sheet.Number(pct, indValueDecimals(pct))
}

// homeExport is the front page's lists: the joint projects and the municipalities.
func homeExport(l i18n.Localizer, d homeData, list string) *exportList {
	switch list {
	case listProjects:
		x := &exportList{list: list, columns: []string{l.T("export.col_code"), l.T("resource.projects.one"), l.T("project.leads"), l.T("project.participants"), l.T("home.progress_col")}}
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
			x.add(sheet.Text(p.Code), sheet.Text(p.Name), sheet.Text(leads), sheet.Int(int64(p.Participants)), sheet.Text(progress))
		}
		return x
	case listMunicipalities:
		x := &exportList{list: list, columns: []string{l.T("org_kind.municipality"), l.T("export.col_code"), l.T("municipality.plan")}}
		x.columns = append(x.columns, d.Statuses...)
		x.columns = append(x.columns, l.T("home.per_capita_col", d.Year), l.T("export.col_example"))
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
			x.add(append(row, perCapita, exampleCell(l, m.Example))...)
		}
		return x
	}
	return nil
}

// allActionRows is every action under the actions list's filters, in the list's order, as
// the list's rows. It stops with an error past maxExportRows rather than build an unbounded
// file.
func (s *Server) allActionRows(ctx context.Context, l i18n.Localizer, filters map[string]string, orgs map[int64]model.Record) ([]actionRow, error) {
	var rows []actionRow
	q := model.ListQuery{Filters: filters, Sort: actionsSort, Limit: store.MaxLimit}
	principalOf(ctx).Drafts(&q)
	for {
		pg, err := s.db.List(ctx, model.Actions, q)
		if err != nil {
			return nil, fmt.Errorf("web: export actions %v: %w", filters, err)
		}
		for _, a := range pg.Items {
			rows = append(rows, newActionRow(l, a, orgs))
		}
		if len(rows) > maxExportRows {
			return nil, fmt.Errorf("web: export actions %v: more than %d rows", filters, maxExportRows)
		}
		if pg.NextCursor == "" {
			return rows, nil
		}
		q.Cursor = pg.NextCursor
	}
}

// actionsExport is a table of actions: the actions list's, or a joint project's.
func actionsExport(l i18n.Localizer, list, qualify string, rows []actionRow) *exportList {
	x := &exportList{list: list, qualify: qualify, columns: []string{l.T("field.actions.title"), l.T("field.actions.organisation_id"),
		l.T("field.actions.sector"), l.T("field.actions.status"), l.T("export.col_progress"), l.T("export.col_example")}}
	for _, a := range rows {
		x.add(sheet.Text(a.Title), sheet.Text(a.Org), sheet.Text(a.Sector), sheet.Text(a.Status), pctCell(a.pct, a.hasPct), exampleCell(l, a.Example))
	}
	return x
}

// muniExport is a municipality page's lists: its actions (all of them, by sector as the page
// groups them), its indicators and its joint projects.
func muniExport(l i18n.Localizer, code string, d muniData, list string) *exportList {
	switch list {
	case listActions:
		x := &exportList{list: list, qualify: code, columns: []string{l.T("field.actions.sector"), l.T("resource.actions.one"),
			l.T("muni.status"), l.T("export.col_progress"), l.T("export.col_example")}}
		for _, sec := range d.Sectors {
			for _, a := range sec.all {
				x.add(sheet.Text(sec.Name), sheet.Text(a.Title), sheet.Text(a.Status), pctCell(a.pct, a.hasPct), exampleCell(l, a.Example))
			}
		}
		return x
	case listIndicators:
		x := &exportList{list: list, qualify: code, columns: []string{l.T("resource.indicators.one"), l.T("indpage.unit"),
			l.T("export.col_latest"), l.T("export.col_period"), l.T("common.source"), l.T("export.col_ind_progress"), l.T("export.col_example")}}
		for _, ind := range d.Indicators {
			x.add(sheet.Text(ind.Name), sheet.Text(ind.Unit), sheet.Number(ind.latest, indValueDecimals(ind.latest)), periodCell(l, ind.period),
				sheet.Text(ind.Source), pctCell(ind.pct, ind.hasPct), exampleCell(l, ind.Example))
		}
		return x
	case listProjects:
		x := &exportList{list: list, qualify: code, columns: []string{l.T("export.col_code"), l.T("resource.projects.one"), l.T("muni.role")}}
		for _, p := range d.Projects {
			x.add(sheet.Text(p.Code), sheet.Text(p.Name), sheet.Text(p.Role))
		}
		return x
	}
	return nil
}

// projectExport is a joint project's lists: its goals, its participants and its actions.
func projectExport(l i18n.Localizer, d projectData, list string) *exportList {
	switch list {
	case listGoals:
		x := &exportList{list: list, qualify: d.Code, columns: []string{l.T("export.col_position"), l.T("project.goals")}}
		for _, g := range d.Goals {
			x.add(sheet.Int(int64(g.N)), sheet.Text(g.Text))
		}
		return x
	case listParticipants:
		x := &exportList{list: list, qualify: d.Code, columns: []string{l.T("resource.organisations.one"), l.T("project.role")}}
		for _, g := range []struct {
			role string
			orgs []projectOrg
		}{{l.T("project.role_lead"), d.Leads}, {l.T("project.role_member"), d.Members}, {l.T("project.role_follower"), d.Followers}} {
			for _, o := range g.orgs {
				x.add(sheet.Text(o.Name), sheet.Text(g.role))
			}
		}
		return x
	case listActions:
		return actionsExport(l, list, d.Code, d.Actions)
	}
	return nil
}

// indicatorExport is an indicator page's lists: its values with their sources (every page
// of them) and the comparison across organisations.
func indicatorExport(l i18n.Localizer, d indicatorData, list string) *exportList {
	switch list {
	case listValues:
		x := &exportList{list: list, qualify: d.Code, columns: []string{l.T("indpage.period"), l.T("resource.organisations.one"), l.T("field.indicator-values.value")}}
		if d.HasParts {
			x.columns = append(x.columns, l.T("indpage.parts"), l.T("export.col_mismatch"))
		}
		x.columns = append(x.columns, l.T("common.source"), l.T("field.indicator-values.vintage"), l.T("field.indicator-values.note"), l.T("export.col_example"))
		for _, v := range d.Values {
			row := []sheet.Cell{periodCell(l, v.period), sheet.Text(v.Org), sheet.Number(v.value, indValueDecimals(v.value))}
			if d.HasParts {
				parts, mismatch := sheet.Cell{}, sheet.Cell{}
				if v.hasParts {
					parts = sheet.Number(v.parts, indValueDecimals(v.parts))
					if v.Mismatch {
						mismatch = sheet.Text(l.T("common.yes"))
					}
				}
				row = append(row, parts, mismatch)
			}
			x.add(append(row, sheet.Text(v.Source), sheet.Date(v.vintage), sheet.Text(v.Note), exampleCell(l, v.Example))...)
		}
		return x
	case listComparison:
		if d.Period == "" {
			return nil
		}
		x := &exportList{list: list, qualify: d.Code, columns: []string{l.T("resource.organisations.one"), d.compareUnit}}
		for _, b := range d.compareBars {
			x.add(sheet.Text(name(l, b.Org)), sheet.Number(b.Value, d.compareDec))
		}
		return x
	}
	return nil
}

// compareExport is the comparison page's table, in its order.
func compareExport(l i18n.Localizer, d indCompareData, list string) *exportList {
	if list != listComparison {
		return nil
	}
	x := &exportList{list: list, qualify: d.Code, columns: []string{l.T("comparepage.rank"), l.T("org_kind.municipality"), d.Unit, l.T("export.col_example")}}
	for _, r := range d.Rows {
		x.add(sheet.Int(int64(r.Rank)), sheet.Text(r.Name), sheet.Number(r.value, d.dec), exampleCell(l, r.Example))
	}
	return x
}
