// Package reporting serves the pages of status reporting (C5, issue 11) under /rapportering:
// the rounds grouped by programme, a round with its reports, a report read on its own form
// version, the form that fills it, the moves (submit, return, approve) and the kept versions.
// The rules are internal/reporting's and the authorization internal/auth's: every write goes
// through the store in the reader's name (the request's store.WithActor), so the guard and
// the audit trail apply. It imports internal/web/page, never the root web package or another
// module.
package reporting

import (
	"cmp"
	"context"
	"embed"
	"net/http"
	"slices"
	"strconv"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Path is the reporting pages' root, the header's link.
const Path = "/rapportering"

// Pages serves the reporting pages on the shared site.
type Pages struct {
	*page.Site
}

// New parses the reporting pages' templates into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.ParseWith(templateFS, []string{"shared"}, "rounds", "round", "round_new", "report", "fill", "versions"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Routes adds the reporting pages to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET "+Path, s.Handle(s.rounds))
	mux.Handle("GET "+Path+"/runder/ny", s.Handle(s.newRound))
	mux.Handle("POST "+Path+"/runder/ny", s.Post(s.createRound))
	mux.Handle("GET "+Path+"/runder/{id}", s.Handle(s.round))
	mux.Handle("GET "+Path+"/runder/{id}/opsamling", s.Handle(s.rollupDoc))
	mux.Handle("GET "+Path+"/rapporter/{id}", s.Handle(s.report))
	mux.Handle("GET "+Path+"/rapporter/{id}/udfyld", s.Handle(s.fill))
	mux.Handle("POST "+Path+"/rapporter/{id}/udfyld", s.Post(s.saveFill))
	mux.Handle("POST "+Path+"/rapporter/{id}/indsend", s.Post(s.move(reporting.Submit)))
	mux.Handle("POST "+Path+"/rapporter/{id}/returner", s.Post(s.move(reporting.Return)))
	mux.Handle("POST "+Path+"/rapporter/{id}/godkend", s.Post(s.move(reporting.Approve)))
	mux.Handle("GET "+Path+"/rapporter/{id}/versioner", s.Handle(s.versions))
}

// ReportHref is a report's page.
func ReportHref(id int64) string { return Path + "/rapporter/" + strconv.FormatInt(id, 10) }

// RoundHref is a round's page.
func RoundHref(id int64) string { return Path + "/runder/" + strconv.FormatInt(id, 10) }

// crumb is one step of the breadcrumb trail; the last is the current page.
type crumb struct{ Name, Href string }

// names are the records the pages name: programmes, projects, organisations, rounds.
type names struct {
	programmes map[int64]model.Programme
	projects   map[int64]model.Project
	orgs       map[int64]model.Organisation
}

func (s *Pages) readNames(ctx context.Context) (names, error) {
	n := names{programmes: map[int64]model.Programme{}, projects: map[int64]model.Project{}, orgs: map[int64]model.Organisation{}}
	progs, err := s.All(ctx, model.Programmes, nil)
	if err != nil {
		return n, err
	}
	for _, p := range model.AsProgrammes(progs) {
		n.programmes[p.ID()] = p
	}
	projs, err := s.All(ctx, model.Projects, nil)
	if err != nil {
		return n, err
	}
	for _, p := range model.AsProjects(projs) {
		n.projects[p.ID()] = p
	}
	orgs, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return n, err
	}
	for _, o := range model.AsOrganisations(orgs) {
		n.orgs[o.ID()] = o
	}
	return n, nil
}

func (n names) programme(l i18n.Localizer, id int64) string {
	p := n.programmes[id]
	if l.Lang == i18n.English && p.NameEN() != "" {
		return p.NameEN()
	}
	return p.NameDA()
}

func (n names) project(l i18n.Localizer, id int64) string {
	p := n.projects[id]
	name := p.NameDA()
	if l.Lang == i18n.English && p.NameEN() != "" {
		name = p.NameEN()
	}
	return p.Code() + ": " + name
}

func (n names) org(l i18n.Localizer, id int64) string {
	o := n.orgs[id]
	if l.Lang == i18n.English && o.NameEN() != "" {
		return o.NameEN()
	}
	return o.NameDA()
}

// roundName is a round's name in the reader's language.
func roundName(l i18n.Localizer, r model.ReportingRound) string {
	if l.Lang == i18n.English && r.NameEN() != "" {
		return r.NameEN()
	}
	return r.NameDA()
}

// today is the day in Danish time, as a date.
func (s *Pages) today() string { return s.Now().In(page.DanishTime).Format(time.DateOnly) }

// overdue reports whether a report in the state is late: the round's deadline has passed
// and it is neither submitted nor approved.
func overdue(state, deadline, today string) bool {
	return reporting.Overdue(reporting.State(state), deadline, today)
}

// stateWord is a state as the pages show it: its word (never colour alone) and its class.
type stateWord struct{ Code, Text string }

func stateOf(l i18n.Localizer, s string) stateWord { return stateWord{s, l.Enum("report_state", s)} }

// --- the rounds ---

type roundsData struct {
	Crumbs    []crumb
	Groups    []programmeGroup
	CanCreate bool
	Project   string // the project the list is narrowed to (?projekt=), named
}

type programmeGroup struct {
	Name   string
	Rounds []roundRow
}

type roundRow struct {
	Href, Name, Kind, Opens, Deadline string
	Overdue                           bool // the deadline has passed with reports missing
	Counts                            []stateCount
	Report                            *reportLink // the narrowed project's report in the round
}

type stateCount struct {
	State stateWord
	N     string
}

type reportLink struct {
	Href  string
	State stateWord
}

// rounds is GET /rapportering: the rounds the reader sees, grouped by programme, newest first.
func (s *Pages) rounds(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	p := page.PrincipalOf(ctx)
	n, err := s.readNames(ctx)
	if err != nil {
		return err
	}
	d := roundsData{CanCreate: p.Signed() && auth.MayWriteAny(p, model.ReportingRounds) == nil}
	var project int64
	if v := r.URL.Query().Get("projekt"); v != "" {
		project, err = strconv.ParseInt(v, 10, 64)
		if _, ok := n.projects[project]; err != nil || !ok {
			return page.ErrNotFound
		}
		d.Project = n.project(l, project)
	}
	rounds, err := s.All(ctx, model.ReportingRounds, nil)
	if err != nil {
		return err
	}
	q := model.ListQuery{}
	if project != 0 {
		q.Filters = map[string]string{"project": strconv.FormatInt(project, 10)}
	}
	reports, err := s.List(ctx, model.Reports, q)
	if err != nil {
		return err
	}
	byRound := map[int64][]model.Report{}
	for _, rep := range model.AsReports(reports) {
		byRound[rep.RoundID()] = append(byRound[rep.RoundID()], rep)
	}
	today := s.today()
	groups := map[int64]*programmeGroup{}
	var order []int64
	rs := model.AsReportingRounds(rounds)
	slices.SortStableFunc(rs, func(a, b model.ReportingRound) int {
		return cmp.Or(cmp.Compare(b.Deadline(), a.Deadline()), cmp.Compare(b.ID(), a.ID()))
	})
	for _, rd := range rs {
		reps := byRound[rd.ID()]
		if project != 0 && (len(reps) == 0 || n.projects[project].ProgrammeID() != rd.ProgrammeID()) {
			continue
		}
		row := roundRow{Href: RoundHref(rd.ID()), Name: roundName(l, rd), Kind: l.Enum("round_kind", rd.Kind()),
			Opens: l.Date(rd.OpensOn()), Deadline: l.Date(rd.Deadline())}
		count := map[string]int{}
		for _, rep := range reps {
			count[rep.State()]++
			row.Overdue = row.Overdue || overdue(rep.State(), rd.Deadline(), today)
			if project != 0 {
				row.Report = &reportLink{Href: ReportHref(rep.ID()), State: stateOf(l, rep.State())}
			}
		}
		for _, st := range model.ReportStates {
			row.Counts = append(row.Counts, stateCount{stateOf(l, st), l.Int(count[st])})
		}
		g, ok := groups[rd.ProgrammeID()]
		if !ok {
			g = &programmeGroup{Name: n.programme(l, rd.ProgrammeID())}
			groups[rd.ProgrammeID()] = g
			order = append(order, rd.ProgrammeID())
		}
		g.Rounds = append(g.Rounds, row)
	}
	for _, id := range order {
		d.Groups = append(d.Groups, *groups[id])
	}
	d.Crumbs = []crumb{{Name: l.T("reporting.title")}}
	pg := s.NewPage(r, l, l.T("reporting.title"))
	pg.Nav = "reporting"
	pg.Data = d
	return s.Render(w, "rounds", pg)
}

// --- a new round ---

type roundForm struct {
	Crumbs     []crumb
	Programmes []page.Option
	Kinds      []page.Option
	Values     map[string]string
	Errors     []page.FormError
	Messages   map[string]string // by field
}

var roundFields = []string{"programme_id", "name_da", "name_en", "kind", "opens_on", "deadline", "reminder_days"}

// mayCreateRound refuses whoever may not make rounds: sign in first, then 403.
func mayCreateRound(r *http.Request) error {
	p := page.PrincipalOf(r.Context())
	if !p.Signed() {
		return &page.SignInNeeded{Next: r.URL.RequestURI()}
	}
	return auth.MayWriteAny(p, model.ReportingRounds)
}

func (s *Pages) newRound(w http.ResponseWriter, r *http.Request) error {
	if err := mayCreateRound(r); err != nil {
		return err
	}
	return s.renderRoundForm(w, r, http.StatusOK, map[string]string{"kind": "regular", "reminder_days": "14,3"}, nil)
}

func (s *Pages) createRound(w http.ResponseWriter, r *http.Request) error {
	if err := mayCreateRound(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return page.BadRequest(err)
	}
	values := map[string]string{}
	rec := model.Record{}
	var errs []model.FieldError
	for _, f := range roundFields {
		v := trim(r.PostForm.Get(f))
		values[f] = v
		if v == "" {
			continue
		}
		switch f {
		case "programme_id":
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs = append(errs, model.FieldError{Field: f, Code: model.CodeType})
				continue
			}
			rec[f] = id
		case "opens_on", "deadline":
			iso, ok := parseDate(v)
			if !ok {
				errs = append(errs, model.FieldError{Field: f, Code: model.CodeFormat})
				continue
			}
			rec[f] = iso
		default:
			rec[f] = v
		}
	}
	if len(errs) > 0 {
		// Report what else is wrong too, so every message shows at once.
		var ve *model.ValidationError
		if err := model.Validate(model.ReportingRounds, rec); asValidation(err, &ve) {
			for _, fe := range ve.Errors {
				if !slices.ContainsFunc(errs, func(e model.FieldError) bool { return e.Field == fe.Field }) {
					errs = append(errs, fe)
				}
			}
		}
	}
	if len(errs) == 0 {
		made, err := s.DB.Create(r.Context(), model.ReportingRounds, rec)
		var ve *model.ValidationError
		switch {
		case err == nil:
			http.Redirect(w, r, RoundHref(made.ID())+"?gemt=1", http.StatusSeeOther)
			return nil
		case !asValidation(err, &ve):
			return err
		}
		errs = ve.Errors
	}
	return s.renderRoundForm(w, r, http.StatusUnprocessableEntity, values, errs)
}

func (s *Pages) renderRoundForm(w http.ResponseWriter, r *http.Request, status int, values map[string]string, errs []model.FieldError) error {
	ctx := r.Context()
	l := page.Localizer(r)
	progs, err := s.All(ctx, model.Programmes, nil)
	if err != nil {
		return err
	}
	d := roundForm{Values: values, Messages: map[string]string{}}
	d.Programmes = append(d.Programmes, page.Option{Value: "", Label: l.T("reporting.choose")})
	for _, p := range model.AsProgrammes(progs) {
		name := p.NameDA()
		if l.Lang == i18n.English && p.NameEN() != "" {
			name = p.NameEN()
		}
		v := strconv.FormatInt(p.ID(), 10)
		d.Programmes = append(d.Programmes, page.Option{Value: v, Label: name, Selected: values["programme_id"] == v})
	}
	for _, k := range model.RoundKinds {
		d.Kinds = append(d.Kinds, page.Option{Value: k, Label: l.Enum("round_kind", k), Selected: values["kind"] == k, ID: "runde-kind-" + k})
	}
	for _, fe := range errs {
		field := fe.Field
		if !slices.Contains(roundFields, field) {
			field = "name_da"
		}
		msg := fieldMessage(l, fe)
		if _, dup := d.Messages[field]; dup {
			continue
		}
		d.Messages[field] = msg
		id := "runde-" + field
		if field == "kind" {
			id = "runde-kind-" + model.RoundKinds[0]
		}
		d.Errors = append(d.Errors, page.FormError{ID: id, Label: l.Field("reporting-rounds", field), Message: msg})
	}
	d.Crumbs = []crumb{{l.T("reporting.title"), Path}, {Name: l.T("reporting.new_round")}}
	title := l.T("reporting.new_round")
	if len(d.Errors) > 0 {
		title = l.T("form.error_title", title)
	}
	pg := s.NewPage(r, l, title)
	pg.Nav = "reporting"
	pg.Data = d
	return s.Write(w, "round_new", status, pg)
}

// fieldMessage is a field error in the reader's language.
func fieldMessage(l i18n.Localizer, fe model.FieldError) string {
	switch fe.Code {
	case model.CodeRequired:
		return l.T("reporting.error.required")
	case model.CodeFormat, model.CodeType:
		if fe.Field == "opens_on" || fe.Field == "deadline" {
			return l.T("reporting.error.date")
		}
	}
	return l.T("reporting.error.invalid")
}

// lastChange is who last changed a report and when, from its kept versions.
func lastChange(l i18n.Localizer, p *auth.Principal, vs []store.ReportVersion) (by, at string) {
	if len(vs) == 0 {
		return "", ""
	}
	v := vs[len(vs)-1]
	return who(l, p, v.By), l.DateTime(v.At)
}

// who names the person who made a version to a signed-in reader; the public reads when, not
// who (as the API and the roll-up). A version made by no person was the system's.
func who(l i18n.Localizer, p *auth.Principal, by string) string {
	switch {
	case !p.Signed():
		return l.T("rollup.person_hidden")
	case by == "":
		return l.T("reporting.by_system")
	}
	return by
}
