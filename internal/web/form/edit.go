package form

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// An editor edits one kind of record through a server-rendered form: GET shows the form
// filled in with the stored values, POST checks the whole record, shows every message next to
// its field with the user's input kept (422), shows both versions when someone else saved
// first (409), and otherwise saves and goes back to the page that shows the record with a
// confirmation (303). Each resource's editor says only which fields the form shows, where the
// choices of its selects come from and which page shows the record; the rest is shared, so
// every form behaves the same.
type editor struct {
	res    *model.Resource
	fields []string // the fields the form shows, in order
	// byKey names the record in the path by its key field (a project's code) instead of its id.
	byKey bool
	// path is the URL of the record's edit form without "/rediger", from the path value.
	path func(rec model.Record) string
	// heading, back and legend are message keys: the page's heading ("Ret planen »%s«"),
	// the link back ("Tilbage til …") and the form's heading.
	heading, back, legend string
	nav                   string
	// label is the record's name in the heading.
	label func(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) (string, error)
	// options gives the choices of the form's selects and checkbox groups for rec.
	options func(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) (map[string][]page.Option, map[string][]formGroup, error)
	// page is the page that shows the record, where saving returns to.
	page func(ctx context.Context, s *Pages, rec model.Record) (string, error)
	// newFields are the fields a new record's form shows, when they are more than fields
	// (the organisation a new value is for, say, which is kept once saved).
	newFields []string
	// newHeading is the message key of a new record's heading ("Ny indsats i »%s«").
	newHeading string
	// only, when set, says which records of res the editor edits (a network, of the
	// organisations); the path of any other is not found.
	only func(rec model.Record) bool
	// hidden, when set, names the fields the person is not offered (a library item's
	// published, to anyone but the secretariat); posting them changes nothing.
	hidden func(p *auth.Principal) []string
}

// parentSpec says under which record a new record is made, and what it gets from it: its
// link to the parent and its defaults (a new action belongs to the plan and is the plan's
// organisation's, planned).
type parentSpec struct {
	res   *model.Resource // nil: the record has no parent (a library item, /bibliotek/ny)
	byKey bool
	fixed func(parent model.Record) model.Record
	// label names the parent in the new record's heading.
	label func(l i18n.Localizer, parent model.Record) string
	// back is the parent's page, where the form's back link goes.
	back func(ctx context.Context, s *Pages, parent model.Record) (string, error)
}

// load finds the parent the path names; a spec without a parent resource (a new library
// item) has none.
func (ps parentSpec) load(ctx context.Context, s *Pages, r *http.Request) (model.Record, error) {
	if ps.res == nil {
		return nil, nil
	}
	return loadFromPath(ctx, s, r, ps.res, ps.byKey)
}

// editData is what an edit page's template needs.
type editData struct {
	Heading string
	Back    string // the page that shows the record
	BackTo  string // the back link's text
	New     bool   // the form makes a new record
	History string // the record's history page; "" for a new record
	Form    formState
}

// load finds the record the path names, or page.ErrNotFound.
func (e *editor) load(ctx context.Context, s *Pages, r *http.Request) (model.Record, error) {
	rec, err := loadFromPath(ctx, s, r, e.res, e.byKey)
	if err == nil && e.only != nil && !e.only(rec) {
		return nil, page.ErrNotFound
	}
	return rec, err
}

// loadFromPath finds the record of res that the path names by its key or its id, or
// page.ErrNotFound, also for a record the reader may not see (a form must not tell that a draft
// is there by answering 403).
func loadFromPath(ctx context.Context, s *Pages, r *http.Request, res *model.Resource, byKey bool) (model.Record, error) {
	if byKey {
		key := r.PathValue("key")
		rec, err := s.One(ctx, res, map[string]string{res.Key: key})
		if err != nil {
			return nil, err
		}
		if rec.Str(res.Key) != key { // the key field is named by the descriptor
			return nil, page.ErrNotFound
		}
		return rec, nil
	}
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return nil, page.ErrNotFound
	}
	rec, err := s.DB.Get(ctx, res, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, page.ErrNotFound
	} else if err != nil {
		return nil, err
	}
	return rec, s.CheckDraft(ctx, res, rec)
}

// specs prepares the form's fields with their choices in the reader's language; a record
// without an id is a new one.
func (e *editor) specs(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) ([]formSpec, error) {
	fields := e.fields
	if rec.ID() == 0 && e.newFields != nil {
		fields = e.newFields
	}
	if e.hidden != nil {
		if hide := e.hidden(page.PrincipalOf(ctx)); len(hide) > 0 {
			fields = slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return slices.Contains(hide, f) })
		}
	}
	var opts map[string][]page.Option
	var groups map[string][]formGroup
	if e.options != nil {
		var err error
		if opts, groups, err = e.options(ctx, s, l, rec); err != nil {
			return nil, err
		}
	}
	return formSpecs(l, e.res, fields, opts, groups)
}

// prepare loads the record the path names, checks that the reader may change it, and
// prepares the form's fields.
func (e *editor) prepare(ctx context.Context, s *Pages, l i18n.Localizer, r *http.Request) (model.Record, []formSpec, error) {
	rec, err := e.load(ctx, s, r)
	if err != nil {
		return nil, nil, err
	}
	if err := auth.MayWrite(ctx, s.DB, page.PrincipalOf(ctx), e.res, rec, rec); err != nil {
		return nil, nil, err
	}
	specs, err := e.specs(ctx, s, l, rec)
	return rec, specs, err
}

// show answers GET: the form filled in with the stored values.
func (e *editor) show(s *Pages) page.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		l := page.Localizer(r)
		rec, specs, err := e.prepare(ctx, s, l, r)
		if err != nil {
			return err
		}
		v := rec.Version()
		return e.render(w, r, s, l, http.StatusOK, rec, specs, recordValues(l, specs, rec), v, nil, nil)
	}
}

// showNew answers GET of a new record's form under the parent the path names, filled in
// with the defaults.
func (e *editor) showNew(s *Pages, ps parentSpec) page.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		l := page.Localizer(r)
		parent, err := ps.load(ctx, s, r)
		if err != nil {
			return err
		}
		// The form starts from what the reader may add: for a value, one of their own
		// organisations' when the indicator's owner is not theirs.
		rec, err := auth.MayAdd(ctx, s.DB, page.PrincipalOf(ctx), e.res, ps.fixed(parent))
		if err != nil {
			return err
		}
		specs, err := e.specs(ctx, s, l, rec)
		if err != nil {
			return err
		}
		back, err := ps.back(ctx, s, parent)
		if err != nil {
			return err
		}
		return e.renderNew(w, r, s, l, http.StatusOK, back, ps.label(l, parent), specs, recordValues(l, specs, rec), nil)
	}
}

// saveNew answers POST of a new record's form: 422 with the messages, or the record is
// made and the reader goes to its page (303).
func (e *editor) saveNew(s *Pages, ps parentSpec) page.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		l := page.Localizer(r)
		parent, err := ps.load(ctx, s, r)
		if err != nil {
			return err
		}
		base, err := auth.MayAdd(ctx, s.DB, page.PrincipalOf(ctx), e.res, ps.fixed(parent))
		if err != nil {
			return err
		}
		if ps.res != nil {
			base = ps.fixed(parent) // under a parent, what the parent fixes
		}
		specs, err := e.specs(ctx, s, l, base)
		if err != nil {
			return err
		}
		back, err := ps.back(ctx, s, parent)
		if err != nil {
			return err
		}
		form, _, rec, errs, err := e.checkPosted(w, r, l, specs, base)
		if err != nil {
			return err
		}
		var ve *model.ValidationError
		parentName := ps.label(l, parent)
		if len(errs) > 0 {
			return e.renderNew(w, r, s, l, http.StatusUnprocessableEntity, back, parentName, specs, form, errs)
		}
		made, err := s.DB.Create(ctx, e.res, rec)
		var re *auth.RefError
		switch {
		case errors.As(err, &ve):
			return e.renderNew(w, r, s, l, http.StatusUnprocessableEntity, back, parentName, specs, form, ve.Errors)
		case errors.As(err, &re):
			return e.renderNew(w, r, s, l, http.StatusForbidden, back, parentName, specs, form, outOfReach(re))
		case err != nil:
			return err
		}
		href, err := e.page(ctx, s, made)
		if err != nil {
			return err
		}
		http.Redirect(w, r, withSaved(href), http.StatusSeeOther)
		return nil
	}
}

// renderNew renders a new record's form under the parent named parentName.
func (e *editor) renderNew(w http.ResponseWriter, r *http.Request, s *Pages, l i18n.Localizer, status int,
	back, parentName string, specs []formSpec, values url.Values, errs []model.FieldError) error {
	fields, summary := buildFields(l, e.res, specs, values, errs)
	d := editData{Heading: l.T(e.newHeading, parentName), Back: back, BackTo: l.T("form.back_new"), New: true,
		Form: formState{Action: r.URL.Path, Reload: r.URL.Path, Legend: l.T(e.legend), Fields: fields, Errors: summary}}
	return s.writeForm(w, r, l, status, e.nav, d)
}

// save answers POST.
func (e *editor) save(s *Pages) page.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		l := page.Localizer(r)
		rec, specs, err := e.prepare(ctx, s, l, r)
		if err != nil {
			return err
		}
		form, patch, _, errs, err := e.checkPosted(w, r, l, specs, rec)
		if err != nil {
			return err
		}
		version, _ := strconv.ParseInt(form.Get("version"), 10, 64)
		if len(errs) > 0 {
			return e.render(w, r, s, l, http.StatusUnprocessableEntity, rec, specs, form, version, errs, nil)
		}

		saved, err := s.DB.Update(ctx, e.res, rec.ID(), version, patch)
		var ve *model.ValidationError
		var ce *store.ConflictError
		var re *auth.RefError
		switch {
		case err == nil:
			back, err := e.page(ctx, s, saved)
			if err != nil {
				return err
			}
			http.Redirect(w, r, withSaved(back), http.StatusSeeOther)
			return nil
		case errors.As(err, &ve):
			return e.render(w, r, s, l, http.StatusUnprocessableEntity, rec, specs, form, version, ve.Errors, nil)
		case errors.As(err, &re):
			return e.render(w, r, s, l, http.StatusForbidden, rec, specs, form, version, outOfReach(re), nil)
		case errors.As(err, &ce):
			cur := ce.Current
			v := cur.Version()
			return e.render(w, r, s, l, http.StatusConflict, cur, specs, form, v, nil, patch)
		case errors.Is(err, store.ErrNotFound):
			return page.ErrNotFound
		}
		return err
	}
}

// checkPosted reads the posted form into a patch, lays it over base and checks the whole
// record, so that every message shows at once, even when some values could not be read.
func (e *editor) checkPosted(w http.ResponseWriter, r *http.Request, l i18n.Localizer, specs []formSpec, base model.Record) (
	form url.Values, patch, merged model.Record, errs []model.FieldError, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, page.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		return nil, nil, nil, nil, page.BadRequest(err)
	}
	patch, errs = parseForm(l, specs, r.PostForm)
	merged = maps.Clone(base)
	maps.Copy(merged, patch)
	model.Normalize(e.res, merged)
	var ve *model.ValidationError
	if err := model.Validate(e.res, merged); errors.As(err, &ve) {
		errs = append(errs, withoutDuplicates(ve.Errors, errs)...)
	} else if err != nil {
		return nil, nil, nil, nil, err
	}
	return r.PostForm, patch, merged, errs, nil
}

// outOfReach is a reference the writer may not set, as a message next to its field: the
// form stays filled in, and the answer is still 403.
func outOfReach(re *auth.RefError) []model.FieldError {
	return []model.FieldError{{Field: re.Field, Code: codeOutOfReach, Value: strconv.FormatInt(re.ID, 10)}}
}

// codeOutOfReach is the field error of a reference outside the writer's reach
// (validation.out_of_reach in the catalogue).
const codeOutOfReach = "out_of_reach"

// withSaved adds the confirmation flag to a page's URL, before its fragment.
func withSaved(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	q := u.Query()
	q.Set("gemt", "1")
	u.RawQuery = q.Encode()
	return u.String()
}

// withoutDuplicates drops the errors of fields that already have one.
func withoutDuplicates(errs, have []model.FieldError) []model.FieldError {
	var out []model.FieldError
	for _, fe := range errs {
		dup := false
		for _, h := range have {
			dup = dup || h.Field == fe.Field
		}
		if !dup {
			out = append(out, fe)
		}
	}
	return out
}

// render renders the edit form. rec is the stored record; values are what the form shows;
// mine, when not nil, is the user's patch that met a newer stored version.
func (e *editor) render(w http.ResponseWriter, r *http.Request, s *Pages, l i18n.Localizer, status int,
	rec model.Record, specs []formSpec, values url.Values, version int64, errs []model.FieldError, mine model.Record) error {
	back, err := e.page(r.Context(), s, rec)
	if err != nil {
		return err
	}
	label, err := e.label(r.Context(), s, l, rec)
	if err != nil {
		return err
	}
	fields, summary := buildFields(l, e.res, specs, values, errs)
	d := editData{Heading: l.T(e.heading, label), Back: back, BackTo: l.T(e.back), History: "/historik/" + e.res.Name + "/" + idString(rec.ID()),
		Form: formState{Action: e.path(rec) + "/rediger", Reload: e.path(rec) + "/rediger", Legend: l.T(e.legend),
			Version: version, Fields: fields, Errors: summary}}
	if mine != nil {
		d.Form.Stale = true
		d.Form.Conflict = conflictRows(l, fields, specs, rec, mine)
	}
	return s.writeForm(w, r, l, status, e.nav, d)
}

// writeForm sends an edit page; its title says when the form has errors.
func (s *Pages) writeForm(w http.ResponseWriter, r *http.Request, l i18n.Localizer, status int, nav string, d editData) error {
	title := d.Heading
	if len(d.Form.Errors) > 0 {
		title = l.T("form.error_title", title)
	}
	p := s.NewPage(r, l, title)
	p.Nav = nav
	p.Data = d
	return s.Write(w, "edit", status, p)
}
