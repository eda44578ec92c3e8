package reporting

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// reportInput is a report with what its page names: its round, its form version and what
// its questions are about.
type reportInput struct {
	Rec     model.Record
	Report  model.Report
	Round   model.ReportingRound
	Form    reporting.Form
	Subject reporting.Subject
	Names   names
}

// loadReport reads the report the path names: 404 when there is none or the reader may
// not see it (as if it did not exist).
func (s *Pages) loadReport(ctx context.Context, r *http.Request) (reportInput, error) {
	var in reportInput
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return in, page.ErrNotFound
	}
	rec, err := s.DB.Get(ctx, model.Reports, id)
	if errors.Is(err, store.ErrNotFound) {
		return in, page.ErrNotFound
	}
	if err != nil {
		return in, err
	}
	if err := s.CheckDraft(ctx, model.Reports, rec); err != nil {
		return in, err
	}
	return s.reportInput(ctx, rec)
}

func (s *Pages) reportInput(ctx context.Context, rec model.Record) (reportInput, error) {
	in := reportInput{Rec: rec, Report: model.AsReport(rec)}
	round, err := s.DB.Get(ctx, model.ReportingRounds, in.Report.RoundID())
	if err != nil {
		return in, err
	}
	in.Round = model.AsReportingRound(round)
	if in.Form, in.Subject, err = s.DB.ReportSubject(ctx, rec); err != nil {
		return in, err
	}
	in.Names, err = s.readNames(ctx)
	return in, err
}

// answers are the report's answers as its form reads them (what does not fit is left out).
func (in reportInput) answers(obj model.JSONObject) reporting.Answers {
	a, _ := reporting.Parse(in.Form, in.Subject, obj, false)
	return a
}

// reportView is a report as its page shows it.
type reportView struct {
	Crumbs                     []crumb
	ID, Version                int64
	Href, Project, ProjectHref string
	Round, RoundHref, Kind     string
	Deadline, FormVersion      string
	State                      stateWord
	Overdue                    bool
	Comment                    string // the secretariat's comment, while the report is returned
	By, At                     string
	Questions                  []questionView
	CanEdit, CanSubmit         bool
	CanReturn, CanApprove      bool
	Notice                     string   // why a move was refused
	Problems                   []string // what a submission lacks
	CommentError               string   // a return without a comment
	CommentValue               string
	HistoryHref, VersionsHref  string
}

// questionView is one question with its answer, read-only.
type questionView struct {
	ID, Label, Help, Type string
	Lights                []lightRow
	Values                []valueRow
	Text                  string
	Empty                 bool
}

type lightRow struct {
	Item        string
	Light       stateWord // the light's code (its class) and word
	Explanation string
}

type valueRow struct{ Item, Value string }

// itemName names an item by id among items, or says it is no longer the project's.
func itemName(l i18n.Localizer, items []reporting.Item, id int64) string {
	for _, it := range items {
		if it.ID == id {
			return it.Text
		}
	}
	return l.T("reporting.item_gone", id)
}

// lightWord is a light as the pages show it.
func lightWord(l i18n.Localizer, light reporting.Light) stateWord {
	return stateWord{string(light), l.T("reporting.light." + string(light))}
}

// questionViews show the answers to the questions of the report's round, in the form's order.
func questionViews(l i18n.Localizer, in reportInput, a reporting.Answers) []questionView {
	var out []questionView
	lang := string(l.Lang)
	for _, q := range in.Form.In(in.Round.Kind()) {
		qv := questionView{ID: q.ID, Label: q.Label(lang), Help: q.Help(lang), Type: string(q.Type)}
		ans, ok := a[q.ID]
		qv.Empty = !ok || ans.Empty()
		switch {
		case q.Lights():
			items := in.Subject.Items(q)
			for _, it := range items {
				if la, ok := ans.Lights[it.ID]; ok {
					qv.Lights = append(qv.Lights, lightRow{Item: it.Text, Light: lightWord(l, la.Light), Explanation: la.Explanation})
				} else {
					qv.Lights = append(qv.Lights, lightRow{Item: it.Text, Light: stateWord{"none", l.T("reporting.light_none")}})
				}
			}
			qv.Empty = len(items) == 0 && qv.Empty
		case q.Type == reporting.IndicatorValues:
			for _, it := range in.Subject.Items(q) {
				if v, ok := ans.Values[it.ID]; ok {
					qv.Values = append(qv.Values, valueRow{Item: it.Text, Value: l.Number(v, -1)})
				}
			}
		case q.Type == reporting.Number && ans.Number != nil:
			qv.Text = l.Number(*ans.Number, -1)
		case q.Type == reporting.Date:
			qv.Text = l.Date(ans.Text)
		case q.Type == reporting.Choice:
			qv.Text = ans.Text
			for _, o := range q.Options {
				if o.Code == ans.Text {
					qv.Text = o.LabelDA
					if lang == "en" && o.LabelEN != "" {
						qv.Text = o.LabelEN
					}
				}
			}
		default:
			qv.Text = ans.Text
		}
		out = append(out, qv)
	}
	return out
}

// buildReport is the report's page before any move was tried.
func (s *Pages) buildReport(ctx context.Context, l i18n.Localizer, in reportInput) (reportView, error) {
	rep, rd := in.Report, in.Round
	proj := in.Names.projects[rep.ProjectID()]
	v := reportView{ID: rep.ID(), Version: in.Rec.Version(), Href: ReportHref(rep.ID()),
		Project: in.Names.project(l, rep.ProjectID()), ProjectHref: "/projekter/" + proj.Code(),
		Round: roundName(l, rd), RoundHref: RoundHref(rd.ID()), Kind: l.Enum("round_kind", rd.Kind()),
		Deadline: l.Date(rd.Deadline()), FormVersion: l.Int(rep.FormVersion()), State: stateOf(l, rep.State()),
		Overdue: overdue(rep.State(), rd.Deadline(), s.today()), Questions: questionViews(l, in, in.answers(rep.Answers())),
		VersionsHref: ReportHref(rep.ID()) + "/versioner"}
	if rep.State() == string(reporting.Returned) {
		v.Comment = rep.Comment()
	}
	vs, err := s.DB.ReportVersions(ctx, rep.ID())
	if err != nil {
		return v, err
	}
	v.By, v.At = lastChange(l, page.PrincipalOf(ctx), vs[rep.ID()])
	p := page.PrincipalOf(ctx)
	if p.Signed() {
		v.CanEdit = auth.MayMoveReport(ctx, s.DB, p, in.Rec, reporting.Save)
		v.CanSubmit = auth.MayMoveReport(ctx, s.DB, p, in.Rec, reporting.Submit)
		v.CanReturn = auth.MayMoveReport(ctx, s.DB, p, in.Rec, reporting.Return)
		v.CanApprove = auth.MayMoveReport(ctx, s.DB, p, in.Rec, reporting.Approve)
	}
	v.Crumbs = []crumb{{l.T("reporting.title"), Path}, {v.Round, v.RoundHref}, {Name: v.Project}}
	return v, nil
}

// report is GET /rapportering/rapporter/{id}.
func (s *Pages) report(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	in, err := s.loadReport(ctx, r)
	if err != nil {
		return err
	}
	l := page.Localizer(r)
	v, err := s.buildReport(ctx, l, in)
	if err != nil {
		return err
	}
	return s.renderReport(w, r, l, http.StatusOK, v)
}

func (s *Pages) renderReport(w http.ResponseWriter, r *http.Request, l i18n.Localizer, status int, v reportView) error {
	pg := s.NewPage(r, l, l.T("reporting.report_title", v.Project, v.Round))
	pg.Nav = "reporting"
	pg.Data = v
	return s.Write(w, "report", status, pg)
}

// move is POST …/indsend, …/returner and …/godkend: the move through the store in the
// reader's name (DB.MoveReport), back to the report. A refusal is shown on the report's
// page: 403 for a person who may not, 409 for a state or version that does not allow it,
// 422 for a return without a comment or a submission that lacks answers.
func (s *Pages) move(m reporting.Move) page.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		in, err := s.loadReport(ctx, r)
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return page.BadRequest(err)
		}
		version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
		if version == 0 {
			return page.BadRequest(errors.New("web: a move without the report's version"))
		}
		comment := r.PostForm.Get("kommentar")
		_, err = s.DB.MoveReport(ctx, in.Report.ID(), version, m, comment)
		if err == nil {
			http.Redirect(w, r, ReportHref(in.Report.ID())+"?gemt=1", http.StatusSeeOther)
			return nil
		}
		if errors.Is(err, auth.ErrSignIn) {
			return err
		}
		l := page.Localizer(r)
		// The page shows the report as it is stored now.
		if rec, gerr := s.DB.Get(ctx, model.Reports, in.Report.ID()); gerr == nil {
			if in, gerr = s.reportInput(ctx, rec); gerr != nil {
				return gerr
			}
		}
		v, verr := s.buildReport(ctx, l, in)
		if verr != nil {
			return verr
		}
		status, ok := s.moveRefusal(l, err, m, &v)
		if !ok {
			return err
		}
		v.CommentValue = comment
		return s.renderReport(w, r, l, status, v)
	}
}

// moveRefusal puts a refused move's message on the report's page and says its status;
// false for an error that is no refusal.
func (s *Pages) moveRefusal(l i18n.Localizer, err error, m reporting.Move, v *reportView) (int, bool) {
	var ce *store.ConflictError
	var ve *model.ValidationError
	switch {
	case errors.Is(err, auth.ErrForbidden):
		v.Notice = l.T("reporting.refused.forbidden", l.T("reporting.move."+string(m)))
		return http.StatusForbidden, true
	case errors.Is(err, reporting.ErrState):
		v.Notice = l.T("reporting.refused.state", l.T("reporting.move."+string(m)), v.State.Text)
		return http.StatusConflict, true
	case errors.As(err, &ce):
		v.Notice = l.T("reporting.refused.conflict")
		return http.StatusConflict, true
	case asValidation(err, &ve):
		for _, fe := range ve.Errors {
			if fe.Field == "comment" {
				v.CommentError = l.T("reporting.comment_required")
				continue
			}
			v.Problems = append(v.Problems, problemText(l, v, fe))
		}
		if len(v.Problems) > 0 {
			v.Notice = l.T("reporting.refused.incomplete")
		} else {
			v.Notice = v.CommentError
		}
		return http.StatusUnprocessableEntity, true
	}
	return 0, false
}

// problemText is a store's field error of an answer ("answers.<question>[.<item>]") as the
// report's page says it: the question's label and the problem.
func problemText(l i18n.Localizer, v *reportView, fe model.FieldError) string {
	qid, _, _ := strings.Cut(strings.TrimPrefix(fe.Field, "answers."), ".")
	label := qid
	for _, q := range v.Questions {
		if q.ID == qid {
			label = q.Label
		}
	}
	return label + ": " + l.T("reporting.problem."+fe.Code)
}

func asValidation(err error, ve **model.ValidationError) bool { return errors.As(err, ve) }

// --- versions ---

type versionsData struct {
	Crumbs         []crumb
	Project, Round string
	Href           string
	Versions       []versionView
}

type versionView struct {
	N, By, At, Move, Channel, State string
	Comment                         string
	Changes                         []changeView
}

type changeView struct{ Question, Item, Before, After string }

// versions is GET /rapportering/rapporter/{id}/versioner: every kept version, newest first,
// with what changed since the one before.
func (s *Pages) versions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	in, err := s.loadReport(ctx, r)
	if err != nil {
		return err
	}
	l := page.Localizer(r)
	all, err := s.DB.ReportVersions(ctx, in.Report.ID())
	if err != nil {
		return err
	}
	// A reader sees the versions in the states they may read (the drafts before an approved
	// report stay its leads' and the secretariat's), and who made them when signed in; the
	// changes are counted from the version before that they see.
	p := page.PrincipalOf(ctx)
	rel, err := auth.ReportRelation(ctx, s.DB, p, in.Report.ProjectID(), false)
	if err != nil {
		return err
	}
	d := versionsData{Project: in.Names.project(l, in.Report.ProjectID()), Round: roundName(l, in.Round), Href: ReportHref(in.Report.ID())}
	var before reporting.Answers
	lang := string(l.Lang)
	for _, ver := range all[in.Report.ID()] {
		if st := reporting.State(ver.State); st != reporting.Approved && !reporting.Sees(rel, st) {
			continue
		}
		after := in.answers(ver.Answers)
		vv := versionView{N: l.Int(ver.Version), By: who(l, p, ver.By), At: l.DateTime(ver.At), Move: l.T("reporting.moved." + ver.Move),
			Channel: l.T("reporting.channel." + ver.Channel), State: l.Enum("report_state", ver.State), Comment: ver.Comment}
		for _, c := range reporting.Changes(in.Form, before, after) {
			q, _ := in.Form.Question(c.Question)
			cv := changeView{Question: q.Label(lang), Before: changeText(l, q, c.Before), After: changeText(l, q, c.After)}
			if c.Item != 0 {
				cv.Item = itemName(l, in.Subject.Items(q), c.Item)
			}
			vv.Changes = append(vv.Changes, cv)
		}
		before = after
		d.Versions = append([]versionView{vv}, d.Versions...)
	}
	d.Crumbs = []crumb{{l.T("reporting.title"), Path}, {d.Round, RoundHref(in.Round.ID())}, {d.Project, d.Href}, {Name: l.T("reporting.versions")}}
	pg := s.NewPage(r, l, l.T("reporting.versions_title", d.Project, d.Round))
	pg.Nav = "reporting"
	pg.Data = d
	return s.Render(w, "versions", pg)
}

// changeText is one side of a change in the reader's language: a light by its word, a
// number and a date in the reader's notation, "–" for nothing.
func changeText(l i18n.Localizer, q reporting.Question, s string) string {
	if s == "" {
		return i18n.Dash
	}
	switch {
	case q.Lights():
		light, expl, _ := strings.Cut(s, ": ")
		out := l.T("reporting.light." + light)
		if expl != "" {
			out += ": " + expl
		}
		return out
	case q.Type == reporting.Number || q.Type == reporting.IndicatorValues:
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return l.Number(x, -1)
		}
	case q.Type == reporting.Date:
		return l.Date(s)
	}
	return s
}
