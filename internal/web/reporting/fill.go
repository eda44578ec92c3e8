package reporting

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// The fill form's fields: q.<question> for a text, number, choice or date;
// q.<question>.<item>.lys and q.<question>.<item>.forklaring for a light and its
// explanation; q.<question>.<indicator> for an indicator's value. Each has the id of its
// name with the dots made dashes, which the error summary links to.

func fieldName(q string, item int64, part string) string {
	name := "q." + q
	if item != 0 {
		name += "." + strconv.FormatInt(item, 10)
	}
	if part != "" {
		name += "." + part
	}
	return name
}

func fieldID(name string) string { return strings.ReplaceAll(name, ".", "-") }

// fillData is what the fill form shows.
type fillData struct {
	Crumbs    []crumb
	Project   string
	Round     string
	Action    string
	Back      string
	Version   int64
	State     stateWord
	Comment   string // the secretariat's comment, while the report is returned
	Questions []fillQuestion
	Errors    []page.FormError
	Notice    string // a refusal that is not about one field
	Stale     bool
	Theirs    []questionView // the stored version, when a save met a newer one
	TheirsBy  string
	TheirsAt  string
	CanSubmit bool
}

type fillQuestion struct {
	ID, Label, Help, Type string
	Required              bool
	Name, FieldID, Value  string
	Error                 string
	Options               []page.Option // a choice's options
	Items                 []fillItem    // lights and values
	NoItems               string        // what to say when the project has none
}

type fillItem struct {
	Text        string
	LegendID    string
	LightName   string
	Lights      []page.Option // the light's radio buttons (ID, Value, Label, Selected)
	ExplName    string
	ExplID      string
	Explanation string
	ValueName   string
	ValueID     string
	Value       string
	Error       string
}

// formValues are stored answers as the fill form shows them: numbers with the reader's
// decimal mark, dates as dd-mm-åååå in Danish.
func formValues(l i18n.Localizer, in reportInput, a reporting.Answers) url.Values {
	v := url.Values{}
	for _, q := range in.Form.In(in.Round.Kind()) {
		ans := a[q.ID]
		switch {
		case q.Lights():
			for id, la := range ans.Lights {
				v.Set(fieldName(q.ID, id, "lys"), string(la.Light))
				v.Set(fieldName(q.ID, id, "forklaring"), la.Explanation)
			}
		case q.Type == reporting.IndicatorValues:
			for id, x := range ans.Values {
				v.Set(fieldName(q.ID, id, ""), formNumber(l, x))
			}
		case q.Type == reporting.Number && ans.Number != nil:
			v.Set(fieldName(q.ID, 0, ""), formNumber(l, *ans.Number))
		case q.Type == reporting.Date && ans.Text != "":
			if t, err := time.Parse(time.DateOnly, ans.Text); err == nil && l.Lang == i18n.Danish {
				v.Set(fieldName(q.ID, 0, ""), t.Format("02-01-2006"))
			} else {
				v.Set(fieldName(q.ID, 0, ""), ans.Text)
			}
		default:
			if ans.Text != "" {
				v.Set(fieldName(q.ID, 0, ""), ans.Text)
			}
		}
	}
	return v
}

// readAnswers reads the posted form into answers as the store keeps them, with a problem
// for every number or date that cannot be read at all (reporting.Parse finds the rest).
func readAnswers(l i18n.Localizer, in reportInput, form url.Values) (model.JSONObject, []reporting.Problem, error) {
	obj := map[string]any{}
	var probs []reporting.Problem
	for _, q := range in.Form.In(in.Round.Kind()) {
		switch {
		case q.Lights():
			m := map[string]any{}
			for _, it := range in.Subject.Items(q) {
				light := trim(form.Get(fieldName(q.ID, it.ID, "lys")))
				expl := trim(form.Get(fieldName(q.ID, it.ID, "forklaring")))
				if light == "" && expl == "" {
					continue
				}
				m[strconv.FormatInt(it.ID, 10)] = map[string]string{"light": light, "explanation": expl}
			}
			if len(m) > 0 {
				obj[q.ID] = m
			}
		case q.Type == reporting.IndicatorValues:
			m := map[string]any{}
			for _, it := range in.Subject.Items(q) {
				raw := trim(form.Get(fieldName(q.ID, it.ID, "")))
				if raw == "" {
					continue
				}
				x, ok := parseNumber(l, raw)
				if !ok {
					probs = append(probs, reporting.Problem{Question: q.ID, Item: it.ID, Code: reporting.ProblemType})
					continue
				}
				m[strconv.FormatInt(it.ID, 10)] = x
			}
			if len(m) > 0 {
				obj[q.ID] = m
			}
		default:
			raw := trim(form.Get(fieldName(q.ID, 0, "")))
			if raw == "" {
				continue
			}
			switch q.Type {
			case reporting.Number:
				x, ok := parseNumber(l, raw)
				if !ok {
					probs = append(probs, reporting.Problem{Question: q.ID, Code: reporting.ProblemType})
					continue
				}
				obj[q.ID] = x
			case reporting.Date:
				iso, ok := parseDate(raw)
				if !ok {
					probs = append(probs, reporting.Problem{Question: q.ID, Code: reporting.ProblemDate})
					continue
				}
				obj[q.ID] = iso
			default:
				obj[q.ID] = raw
			}
		}
	}
	o, err := model.CanonicalObject(obj)
	return o, probs, err
}

// buildFill lays the form out with values and the problems by field.
func buildFill(l i18n.Localizer, in reportInput, values url.Values, probs []reporting.Problem) ([]fillQuestion, []page.FormError) {
	lang := string(l.Lang)
	type key struct {
		q    string
		item int64
	}
	msgs := map[key]string{}
	for _, p := range probs {
		k := key{p.Question, p.Item}
		if _, dup := msgs[k]; !dup {
			msgs[k] = l.T("reporting.problem." + p.Code)
		}
	}
	var out []fillQuestion
	var summary []page.FormError
	used := map[key]bool{}
	for _, q := range in.Form.In(in.Round.Kind()) {
		name := fieldName(q.ID, 0, "")
		fq := fillQuestion{ID: q.ID, Label: q.Label(lang), Help: q.Help(lang), Type: string(q.Type), Required: q.Required,
			Name: name, FieldID: fieldID(name), Value: values.Get(name), Error: msgs[key{q.ID, 0}]}
		if fq.Error != "" {
			used[key{q.ID, 0}] = true
			summary = append(summary, page.FormError{ID: fq.FieldID, Label: fq.Label, Message: fq.Error})
		}
		switch {
		case q.Lights():
			for _, it := range in.Subject.Items(q) {
				light := fieldName(q.ID, it.ID, "lys")
				expl := fieldName(q.ID, it.ID, "forklaring")
				fi := fillItem{Text: it.Text, LegendID: fieldID(light) + "-navn", LightName: light, ExplName: expl, ExplID: fieldID(expl),
					Explanation: values.Get(expl), Error: msgs[key{q.ID, it.ID}]}
				for _, lt := range reporting.Lights {
					fi.Lights = append(fi.Lights, page.Option{Value: string(lt), Label: l.T("reporting.light." + string(lt)),
						Selected: values.Get(light) == string(lt), ID: fieldID(light) + "-" + string(lt)})
				}
				if fi.Error != "" {
					used[key{q.ID, it.ID}] = true
					summary = append(summary, page.FormError{ID: fi.Lights[0].ID, Label: fq.Label + ", " + it.Text, Message: fi.Error})
				}
				fq.Items = append(fq.Items, fi)
			}
			if len(fq.Items) == 0 {
				fq.NoItems = l.T("reporting.no_items." + string(q.Type))
			}
		case q.Type == reporting.IndicatorValues:
			for _, it := range in.Subject.Items(q) {
				n := fieldName(q.ID, it.ID, "")
				fi := fillItem{Text: it.Text, ValueName: n, ValueID: fieldID(n), Value: values.Get(n), Error: msgs[key{q.ID, it.ID}]}
				if fi.Error != "" {
					used[key{q.ID, it.ID}] = true
					summary = append(summary, page.FormError{ID: fi.ValueID, Label: it.Text, Message: fi.Error})
				}
				fq.Items = append(fq.Items, fi)
			}
			if len(fq.Items) == 0 {
				fq.NoItems = l.T("reporting.no_items." + string(q.Type))
			}
		case q.Type == reporting.Choice:
			fq.Options = append(fq.Options, page.Option{Value: "", Label: l.T("reporting.choose")})
			for _, o := range q.Options {
				label := o.LabelDA
				if lang == "en" && o.LabelEN != "" {
					label = o.LabelEN
				}
				fq.Options = append(fq.Options, page.Option{Value: o.Code, Label: label, Selected: fq.Value == o.Code})
			}
		}
		out = append(out, fq)
	}
	// A problem of no field on the form (an answer its form no longer asks for) still shows.
	for _, p := range probs {
		if !used[key{p.Question, p.Item}] {
			used[key{p.Question, p.Item}] = true
			summary = append(summary, page.FormError{ID: "udfyld", Label: p.Question, Message: l.T("reporting.problem." + p.Code)})
		}
	}
	return out, summary
}

// mayFill refuses whoever may not save the report: sign in first, 403 for a person who
// may never fill it, 409 for a state that does not allow it (submitted, approved).
func (s *Pages) mayFill(r *http.Request, in reportInput) error {
	p := page.PrincipalOf(r.Context())
	if !p.Signed() {
		return &page.SignInNeeded{Next: r.URL.RequestURI()}
	}
	if err := auth.MayWrite(r.Context(), s.DB, p, model.Reports, in.Rec, in.Rec); err != nil {
		return err
	}
	if !reporting.Editable(reporting.State(in.Report.State())) {
		return &page.StatusError{Status: http.StatusConflict, Err: &reporting.StateError{From: reporting.State(in.Report.State()), Move: reporting.Save}}
	}
	return nil
}

// fill is GET /rapportering/rapporter/{id}/udfyld.
func (s *Pages) fill(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	in, err := s.loadReport(ctx, r)
	if err != nil {
		return err
	}
	if err := s.mayFill(r, in); err != nil {
		return s.fillRefused(w, r, in, err)
	}
	l := page.Localizer(r)
	d := s.fillPage(r, l, in, formValues(l, in, in.answers(in.Report.Answers())), nil)
	d.Version = in.Rec.Version()
	return s.renderFill(w, r, l, http.StatusOK, d)
}

// fillRefused shows the report with the reason when the reader may not fill it (403) or
// its state does not allow a change (409).
func (s *Pages) fillRefused(w http.ResponseWriter, r *http.Request, in reportInput, err error) error {
	forbidden := errors.Is(err, auth.ErrForbidden)
	if !forbidden && !errors.Is(err, reporting.ErrState) {
		return err
	}
	l := page.Localizer(r)
	v, berr := s.buildReport(r.Context(), l, in)
	if berr != nil {
		return berr
	}
	if forbidden {
		v.Notice = l.T("reporting.refused.fill_forbidden")
		return s.renderReport(w, r, l, http.StatusForbidden, v)
	}
	v.Notice = l.T("reporting.refused.not_editable", v.State.Text)
	return s.renderReport(w, r, l, http.StatusConflict, v)
}

func (s *Pages) fillPage(r *http.Request, l i18n.Localizer, in reportInput, values url.Values, probs []reporting.Problem) fillData {
	d := fillData{Project: in.Names.project(l, in.Report.ProjectID()), Round: roundName(l, in.Round),
		Action: ReportHref(in.Report.ID()) + "/udfyld", Back: ReportHref(in.Report.ID()), State: stateOf(l, in.Report.State()),
		CanSubmit: auth.MayMoveReport(r.Context(), s.DB, page.PrincipalOf(r.Context()), in.Rec, reporting.Submit) ||
			in.Report.State() == string(reporting.NotStarted) && auth.MayMoveReport(r.Context(), s.DB, page.PrincipalOf(r.Context()), in.Rec, reporting.Save)}
	if in.Report.State() == string(reporting.Returned) {
		d.Comment = in.Report.Comment()
	}
	d.Questions, d.Errors = buildFill(l, in, values, probs)
	d.Crumbs = []crumb{{l.T("reporting.title"), Path}, {d.Round, RoundHref(in.Round.ID())}, {d.Project, d.Back}, {Name: l.T("reporting.fill")}}
	return d
}

func (s *Pages) renderFill(w http.ResponseWriter, r *http.Request, l i18n.Localizer, status int, d fillData) error {
	title := l.T("reporting.fill_title", d.Project, d.Round)
	if len(d.Errors) > 0 || d.Stale {
		title = l.T("form.error_title", title)
	}
	pg := s.NewPage(r, l, title)
	pg.Nav = "reporting"
	pg.Data = d
	return s.Write(w, "fill", status, pg)
}

// saveFill is POST /rapportering/rapporter/{id}/udfyld: "Gem kladde" saves the answers
// (DB.Update of the report's answers at the posted version), "Gem og indsend" checks that
// they are complete, saves and submits. Problems are shown by their fields and nothing is
// saved; a stale version shows both versions and keeps the reader's in the form.
func (s *Pages) saveFill(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	in, err := s.loadReport(ctx, r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return page.BadRequest(err)
	}
	if err := s.mayFill(r, in); err != nil {
		return s.fillRefused(w, r, in, err)
	}
	l := page.Localizer(r)
	version, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err != nil {
		return page.BadRequest(fmt.Errorf("web: the fill form's version: %w", err))
	}
	submit := r.PostForm.Get("handling") == "indsend"
	obj, probs, err := readAnswers(l, in, r.PostForm)
	if err != nil {
		return err
	}
	_, more := reporting.Parse(in.Form, in.Subject, obj, submit)
	probs = append(probs, more...)
	again := func(status int, probs []reporting.Problem, notice string) error {
		d := s.fillPage(r, l, in, r.PostForm, probs)
		d.Version = version
		d.Notice = notice
		return s.renderFill(w, r, l, status, d)
	}
	if len(probs) > 0 {
		return again(http.StatusUnprocessableEntity, probs, "")
	}
	saved := in.Rec
	if version != in.Rec.Version() || !model.Reports.SameValue("answers", in.Rec["answers"], obj) {
		saved, err = s.DB.Update(ctx, model.Reports, in.Report.ID(), version, model.Record{"answers": obj})
	}
	var ce *store.ConflictError
	var ve *model.ValidationError
	switch {
	case err == nil:
	case errors.As(err, &ce):
		theirs, terr := s.reportInput(ctx, ce.Current)
		if terr != nil {
			return terr
		}
		d := s.fillPage(r, l, theirs, r.PostForm, nil)
		d.Version = ce.Current.Version()
		d.Stale = true
		d.Theirs = questionViews(l, theirs, theirs.answers(theirs.Report.Answers()))
		vs, verr := s.DB.ReportVersions(ctx, theirs.Report.ID())
		if verr != nil {
			return verr
		}
		d.TheirsBy, d.TheirsAt = lastChange(l, page.PrincipalOf(r.Context()), vs[theirs.Report.ID()])
		return s.renderFill(w, r, l, http.StatusConflict, d)
	case errors.As(err, &ve):
		return again(http.StatusUnprocessableEntity, fieldProblems(ve), "")
	case errors.Is(err, reporting.ErrState):
		return again(http.StatusConflict, nil, l.T("reporting.refused.not_editable", stateOf(l, in.Report.State()).Text))
	default:
		return err
	}
	if submit {
		_, err = s.DB.MoveReport(ctx, saved.ID(), saved.Version(), reporting.Submit, "")
		switch {
		case err == nil:
		case errors.As(err, &ve):
			in.Rec = saved
			version = saved.Version()
			return again(http.StatusUnprocessableEntity, fieldProblems(ve), l.T("reporting.saved_not_submitted"))
		case errors.Is(err, auth.ErrForbidden), errors.Is(err, reporting.ErrState), errors.As(err, &ce):
			in.Rec = saved
			version = saved.Version()
			return again(http.StatusConflict, nil, l.T("reporting.saved_not_submitted"))
		default:
			return err
		}
	}
	http.Redirect(w, r, ReportHref(in.Report.ID())+"?gemt=1", http.StatusSeeOther)
	return nil
}

// fieldProblems are the store's field errors of the answers ("answers.<q>[.<item>]") as
// problems of the form's fields.
func fieldProblems(ve *model.ValidationError) []reporting.Problem {
	var out []reporting.Problem
	for _, fe := range ve.Errors {
		parts := strings.Split(strings.TrimPrefix(fe.Field, "answers."), ".")
		p := reporting.Problem{Question: parts[0], Code: fe.Code}
		if len(parts) > 1 {
			p.Item, _ = strconv.ParseInt(parts[1], 10, 64)
		}
		out = append(out, p)
	}
	return out
}

// --- reading what people write ---

func trim(s string) string { return strings.TrimSpace(s) }

var plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)$`)

// parseNumber reads a number in the reader's notation: in Danish a decimal comma and dots
// grouping thousands ("1.234,5"), a lone point read as a decimal point too; in English a
// point, and commas grouping thousands.
func parseNumber(l i18n.Localizer, s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\t':
			return -1
		case '\u2212':
			return '-'
		}
		return r
	}, s)
	comma, dot := strings.Count(s, ","), strings.Count(s, ".")
	switch {
	case l.Lang == i18n.Danish && comma == 1:
		s = strings.Replace(strings.ReplaceAll(s, ".", ""), ",", ".", 1)
	case l.Lang == i18n.Danish && dot > 1:
		s = strings.ReplaceAll(s, ".", "")
	case l.Lang != i18n.Danish && comma == 1 && dot == 0 && !regexp.MustCompile(`,\d{3}$`).MatchString(s):
		s = strings.Replace(s, ",", ".", 1)
	case l.Lang != i18n.Danish:
		s = strings.ReplaceAll(s, ",", "")
	}
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil && !math.IsInf(x, 0) && !math.IsNaN(x)
}

// formNumber writes a number as the form shows it: no grouping, the reader's decimal mark.
func formNumber(l i18n.Localizer, x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if l.Lang == i18n.Danish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

var danishDate = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$`)

// parseDate reads a date written dd-mm-åååå (or with dots or slashes) or åååå-mm-dd, as
// åååå-mm-dd.
func parseDate(s string) (string, bool) {
	if m := danishDate.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		s = fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", false
	}
	return s, true
}
