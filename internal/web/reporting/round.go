package reporting

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/pdf"
	"klimaspor/internal/reporting"
	"klimaspor/internal/rollup"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// roundData is what the round's page shows. The sections other parts of the reporting
// work add (the goals × lights matrix of the round's overview, the reminders sent) each get
// a field here and a section in round.html; the reports table is built by reportRows.
type roundData struct {
	Crumbs                                 []crumb
	Here, Path                             string
	Name, Programme, Kind, Opens, Deadline string
	FormVersion                            string
	Rows                                   []reportRow
	Total                                  int // the reports before filtering
	States, Leads                          []page.Option
	Filtered                               bool
	// Matrix is the round's overview: projects × goals with their lights and the change
	// since the previous round (rollup.Build, filtered as the table).
	Matrix matrixView
	// Rollup links the steering group's roll-up in its three formats.
	Rollup []page.Option
	// Reminders are the reminders sent for the round, newest first; shown to the
	// secretariat and administrators only (they name people's addresses).
	Reminders     []reminderView
	ShowReminders bool
}

// matrixView is the round's overview as the page shows it.
type matrixView struct {
	Columns  []string // "Mål 1", "Mål 2", …
	Rows     []matrixRow
	Previous string // the round compared with, "" when there is none
}

type matrixRow struct {
	Project, Href string
	Cells         []matrixCell
}

type matrixCell struct {
	Goal, Explanation string
	Light             stateWord // Code "" and the word "no status" when none is given
	Trend             string    // "↑ Bedre", or "" without a comparison
	Empty             bool      // the project has fewer goals than the column
}

// reminderView is one reminder sent for the round.
type reminderView struct {
	At, Kind, Project, To, State, Error string
	Failed                              bool
}

// reportRow is one report in a round's table.
type reportRow struct {
	ID            int64
	Href, Project string
	Leads         []string
	State         stateWord
	By, At        string // who last changed it and when
	Overdue       bool
}

// roundInput is what a round's page is built from, read once per request.
type roundInput struct {
	Round     model.ReportingRound
	Reports   []model.Report // the reports the reader sees
	Versions  map[int64][]store.ReportVersion
	Names     names
	Today     string
	Principal *auth.Principal // the reader
}

// readRound reads a round and the reports in it the reader sees.
func (s *Pages) readRound(ctx context.Context, id int64) (roundInput, error) {
	in := roundInput{Today: s.today(), Principal: page.PrincipalOf(ctx)}
	rec, err := s.DB.Get(ctx, model.ReportingRounds, id)
	if errors.Is(err, store.ErrNotFound) {
		return in, page.ErrNotFound
	}
	if err != nil {
		return in, err
	}
	in.Round = model.AsReportingRound(rec)
	if in.Names, err = s.readNames(ctx); err != nil {
		return in, err
	}
	reps, err := s.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": strconv.FormatInt(id, 10)}})
	if err != nil {
		return in, err
	}
	in.Reports = model.AsReports(reps)
	var ids []int64
	for _, r := range in.Reports {
		ids = append(ids, r.ID())
	}
	in.Versions, err = s.DB.ReportVersions(ctx, ids...)
	return in, err
}

// reportRows are the round's reports as its table shows them, by project code.
func reportRows(l i18n.Localizer, in roundInput) []reportRow {
	var rows []reportRow
	for _, rep := range in.Reports {
		proj := in.Names.projects[rep.ProjectID()]
		row := reportRow{ID: rep.ID(), Href: ReportHref(rep.ID()), Project: in.Names.project(l, rep.ProjectID()),
			State: stateOf(l, rep.State()), Overdue: overdue(rep.State(), in.Round.Deadline(), in.Today)}
		for _, o := range proj.Leads() {
			row.Leads = append(row.Leads, in.Names.org(l, o))
		}
		row.By, row.At = lastChange(l, in.Principal, in.Versions[rep.ID()])
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b reportRow) int { return l.Compare(a.Project, b.Project) })
	return rows
}

// round is GET /rapportering/runder/{id}: the round and its reports, filtered by state and
// lead organisation, and the table as CSV or XLSX.
func (s *Pages) round(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return page.ErrNotFound
	}
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	in, err := s.readRound(ctx, id)
	if err != nil {
		return err
	}
	rd := in.Round
	d := roundData{Here: r.URL.RequestURI(), Path: r.URL.Path, Name: roundName(l, rd), Programme: in.Names.programme(l, rd.ProgrammeID()),
		Kind: l.Enum("round_kind", rd.Kind()), Opens: l.Date(rd.OpensOn()), Deadline: l.Date(rd.Deadline()),
		FormVersion: l.Int(rd.FormVersion())}
	all := reportRows(l, in)
	d.Total = len(all)
	wantState, wantLead := r.URL.Query().Get("tilstand"), r.URL.Query().Get("tovholder")
	d.Filtered = wantState != "" || wantLead != ""
	if wantState != "" && !slices.Contains(model.ReportStates, wantState) {
		return page.BadRequest(errors.New("web: unknown report state"))
	}
	var lead int64
	if wantLead != "" {
		if lead, err = strconv.ParseInt(wantLead, 10, 64); err != nil {
			return page.BadRequest(err)
		}
	}
	d.States = []page.Option{{Value: "", Label: l.T("reporting.filter_all")}}
	for _, st := range model.ReportStates {
		d.States = append(d.States, page.Option{Value: st, Label: l.Enum("report_state", st), Selected: st == wantState})
	}
	leadOrgs := map[int64]bool{}
	for _, rep := range in.Reports {
		for _, o := range in.Names.projects[rep.ProjectID()].Leads() {
			leadOrgs[o] = true
		}
	}
	d.Leads = []page.Option{{Value: "", Label: l.T("reporting.filter_all")}}
	var leadOpts []page.Option
	for o := range leadOrgs {
		v := strconv.FormatInt(o, 10)
		leadOpts = append(leadOpts, page.Option{Value: v, Label: in.Names.org(l, o), Selected: v == wantLead})
	}
	slices.SortFunc(leadOpts, func(a, b page.Option) int { return l.Compare(a.Label, b.Label) })
	d.Leads = append(d.Leads, leadOpts...)
	for _, row := range all {
		rep := reportByID(in.Reports, row.ID)
		if wantState != "" && rep.State() != wantState {
			continue
		}
		if lead != 0 && !slices.Contains(in.Names.projects[rep.ProjectID()].Leads(), lead) {
			continue
		}
		d.Rows = append(d.Rows, row)
	}
	ru, err := rollup.Build(ctx, s.DB, page.PrincipalOf(ctx), id, rollup.Filter{State: wantState, Lead: lead}, in.Today)
	if err != nil {
		return err
	}
	if ex != nil {
		if ex.List == "overblik" {
			return page.SendExport(w, l, ex, ru.Export(l.Lang))
		}
		return page.SendExport(w, l, ex, roundExport(l, d, ex.List))
	}
	d.Matrix = matrixOf(l, ru, in.Names)
	for _, f := range []struct{ format, label string }{{"html", "reporting.rollup_html"}, {"pdf", "reporting.rollup_pdf"}, {"xlsx", "reporting.rollup_xlsx"}} {
		d.Rollup = append(d.Rollup, page.Option{Value: RoundHref(id) + "/opsamling?format=" + f.format, Label: l.T(f.label)})
	}
	if p := page.PrincipalOf(ctx); p.Secretariat() {
		d.ShowReminders = true
		sent, err := s.DB.RoundReminders(ctx, id)
		if err != nil {
			return err
		}
		for _, m := range sent {
			v := reminderView{At: l.DateTime(m.At), Kind: l.T("reporting.reminder." + m.Kind), Project: m.ProjectCode, To: m.Email,
				State: l.T("reporting.reminder_state." + m.State), Error: m.Error, Failed: m.State == store.ReminderFailed}
			d.Reminders = append(d.Reminders, v)
		}
	}
	d.Crumbs = []crumb{{l.T("reporting.title"), Path}, {Name: d.Name}}
	pg := s.NewPage(r, l, l.T("reporting.round_title", d.Name, d.Programme))
	pg.Nav = "reporting"
	pg.Data = d
	return s.Render(w, "round", pg)
}

func reportByID(reps []model.Report, id int64) model.Report {
	for _, r := range reps {
		if r.ID() == id {
			return r
		}
	}
	return model.Report{}
}

// roundExport is the round's reports table as a file: the rows and columns the page shows.
func roundExport(l i18n.Localizer, d roundData, list string) *page.Export {
	if list != "rapporter" {
		return nil
	}
	x := &page.Export{List: list, Columns: []string{l.T("reporting.col.project"), l.T("reporting.col.leads"),
		l.T("reporting.col.state"), l.T("reporting.col.overdue"), l.T("reporting.col.by"), l.T("reporting.col.at")}}
	for _, row := range d.Rows {
		late := ""
		if row.Overdue {
			late = l.T("reporting.overdue")
		}
		x.Add(sheet.Text(row.Project), sheet.Text(strings.Join(row.Leads, ", ")), sheet.Text(row.State.Text),
			sheet.Text(late), sheet.Text(row.By), sheet.Text(row.At))
	}
	return x
}

// matrixOf is the round's overview as the page's matrix: a row per report the reader sees,
// a column per goal position, each cell the goal's light by word with its change.
func matrixOf(l i18n.Localizer, ru *rollup.Rollup, n names) matrixView {
	var m matrixView
	for i := 1; i <= ru.Overview.Columns; i++ {
		m.Columns = append(m.Columns, l.T("rollup.goal_n", i))
	}
	if ru.Previous != nil {
		m.Previous = roundName(l, *ru.Previous)
	}
	for _, row := range ru.Overview.Rows {
		mr := matrixRow{Project: n.project(l, row.Project.ID), Href: ReportHref(row.Report)}
		for _, c := range row.Cells {
			mc := matrixCell{Goal: ru.GoalTitle(l.Lang, c), Explanation: c.Explanation, Light: lightOf(l, c.Light)}
			if c.Trend != reporting.TrendNone {
				mc.Trend = rollup.TrendText(l, c.Trend)
			}
			mr.Cells = append(mr.Cells, mc)
		}
		for len(mr.Cells) < ru.Overview.Columns {
			mr.Cells = append(mr.Cells, matrixCell{Empty: true})
		}
		m.Rows = append(m.Rows, mr)
	}
	return m
}

// lightOf is a light by its word and its class.
func lightOf(l i18n.Localizer, x reporting.Light) stateWord {
	if x == "" {
		return stateWord{"none", l.T("reporting.light_none")}
	}
	return stateWord{string(x), l.T("reporting.light." + string(x))}
}

// rollupDoc is GET /rapportering/runder/{id}/opsamling?format=html|pdf|xlsx: the steering
// group's roll-up of the round, as the reader sees it (rollup.Build), in the reader's
// language. The PDF is chromium's print of the HTML; without chromium the page says so.
func (s *Pages) rollupDoc(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return page.ErrNotFound
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "html"
	}
	if format != "html" && format != "pdf" && format != "xlsx" {
		return page.BadRequest(fmt.Errorf("web: roll-up format %q", format))
	}
	ru, err := rollup.Build(ctx, s.DB, page.PrincipalOf(ctx), id, rollup.Filter{}, s.today())
	if errors.Is(err, store.ErrNotFound) {
		return page.ErrNotFound
	}
	if err != nil {
		return err
	}
	name := l.T("reporting.rollup_file", roundName(l, ru.Round))
	if format == "xlsx" {
		b, err := rollup.XLSX(l.Lang, ru)
		if err != nil {
			return err
		}
		return sendFile(w, b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name+".xlsx")
	}
	doc, err := rollup.HTML(l.Lang, ru)
	if err != nil {
		return err
	}
	if format == "html" {
		// The document is standalone, with its own inline style for print.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, err := w.Write(doc)
		return err
	}
	b, err := rollup.PDF(ctx, doc)
	if errors.Is(err, pdf.ErrNoBrowser) {
		s.Log.Warn("roll-up PDF asked for without chromium", "round", id)
		return page.Unavailable(l.T("reporting.rollup_no_pdf"))
	}
	if err != nil {
		return err
	}
	return sendFile(w, b, "application/pdf", name+".pdf")
}

// sendFile sends a document as a download with a safe file name.
func sendFile(w http.ResponseWriter, b []byte, contentType, name string) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	_, err := w.Write(b)
	return err
}
