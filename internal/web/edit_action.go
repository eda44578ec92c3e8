package web

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// actionFormFields are the fields of an action its edit form shows, in order. The plan or
// project an action belongs to and the example flag are not edited here.
var actionFormFields = []string{"title", "description", "sector", "theme_ids", "organisation_id",
	"start_date", "end_date", "status", "progress", "effect_t_co2e", "effect_start_year", "cost_dkk",
	"joint", "partner_ids", "source"}

type editData struct {
	Title string // the record's stored title
	Back  string // its page
	Form  formState
}

// actionFromPath loads the action the path names, or errNotFound.
func (s *Server) actionFromPath(ctx context.Context, r *http.Request) (model.Record, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return nil, errNotFound
	}
	a, err := s.db.Get(ctx, model.Actions, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	return a, err
}

// actionSpecs prepares the action form's fields with their choices in the reader's language:
// the sectors and statuses, the themes grouped under their parent themes, and the
// organisations in the reader's order.
func (s *Server) actionSpecs(ctx context.Context, l i18n.Localizer) ([]formSpec, error) {
	themes, err := s.all(ctx, model.Themes, nil)
	if err != nil {
		return nil, err
	}
	orgs, err := s.all(ctx, model.Organisations, nil)
	if err != nil {
		return nil, err
	}
	i18n.SortBy(l.Lang, orgs, func(o model.Record) string { return name(l, o) })
	var orgOpts []formOption
	for _, o := range orgs {
		orgOpts = append(orgOpts, formOption{Value: idString(o.ID()), Label: name(l, o)})
	}
	var sectors, statuses []formOption
	for _, v := range model.Sectors {
		sectors = append(sectors, formOption{Value: v, Label: l.Enum("sector", v)})
	}
	for _, v := range model.ActionStatuses {
		statuses = append(statuses, formOption{Value: v, Label: l.Enum("action_status", v)})
	}
	options := map[string][]formOption{"sector": sectors, "status": statuses, "organisation_id": orgOpts, "partner_ids": orgOpts}
	groups := map[string][]formGroup{"theme_ids": themeGroups(l, themes)}
	return formSpecs(l, model.Actions, actionFormFields, options, groups)
}

// themeGroups puts each top-level theme with its sub-themes in a group of its own; the theme
// itself is the group's first choice.
func themeGroups(l i18n.Localizer, themes []model.Record) []formGroup {
	ids := byID(themes)
	children := map[int64][]model.Record{}
	var tops []model.Record
	for _, t := range themes {
		if p, ok := t.Int("parent_id"); ok && ids[p] != nil && p != t.ID() {
			children[p] = append(children[p], t)
		} else {
			tops = append(tops, t)
		}
	}
	byName := func(list []model.Record) {
		i18n.SortBy(l.Lang, list, func(t model.Record) string { return name(l, t) })
	}
	byName(tops)
	var out []formGroup
	for _, t := range tops {
		g := formGroup{Legend: name(l, t), Options: []formOption{{Value: idString(t.ID()), Label: l.T("form.theme_whole", name(l, t))}}}
		kids := children[t.ID()]
		byName(kids)
		for _, c := range kids {
			g.Options = append(g.Options, formOption{Value: idString(c.ID()), Label: name(l, c)})
			// A third level is not in the taxonomy; should one appear, it is listed under
			// its grandparent rather than lost.
			for _, gc := range children[c.ID()] {
				g.Options = append(g.Options, formOption{Value: idString(gc.ID()), Label: name(l, gc)})
			}
		}
		out = append(out, g)
	}
	return out
}

// editAction shows the edit form of an action, filled in with its stored values.
func (s *Server) editAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := s.localizer(r)
	a, err := s.actionFromPath(ctx, r)
	if err != nil {
		return err
	}
	specs, err := s.actionSpecs(ctx, l)
	if err != nil {
		return err
	}
	v, _ := a.Int("version")
	return s.renderActionForm(w, r, l, http.StatusOK, a, specs, recordValues(l, specs, a), v, nil, nil)
}

// saveAction saves a posted edit form. Invalid input shows the form again with the user's
// input and a message next to each field (422); a stale version shows both versions and
// takes the current version, so saving again deliberately overwrites (409); a saved change
// goes to the action's page with a confirmation (303).
func (s *Server) saveAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := s.localizer(r)
	a, err := s.actionFromPath(ctx, r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return &statusError{status: http.StatusBadRequest, err: err}
	}
	specs, err := s.actionSpecs(ctx, l)
	if err != nil {
		return err
	}
	form := r.PostForm
	version, _ := strconv.ParseInt(form.Get("version"), 10, 64)
	patch, errs := parseForm(l, specs, form)

	// Check the whole record before saving, so that every message shows at once, even when
	// some values could not be read.
	merged := maps.Clone(a)
	maps.Copy(merged, patch)
	model.Normalize(model.Actions, merged)
	var ve *model.ValidationError
	if err := model.Validate(model.Actions, merged); errors.As(err, &ve) {
		errs = append(errs, withoutDuplicates(ve.Errors, errs)...)
	} else if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderActionForm(w, r, l, http.StatusUnprocessableEntity, a, specs, form, version, errs, nil)
	}

	_, err = s.db.Update(ctx, model.Actions, a.ID(), version, patch)
	var ce *store.ConflictError
	switch {
	case err == nil:
		http.Redirect(w, r, "/indsatser/"+idString(a.ID())+"?gemt=1", http.StatusSeeOther)
		return nil
	case errors.As(err, &ve):
		return s.renderActionForm(w, r, l, http.StatusUnprocessableEntity, a, specs, form, version, ve.Errors, nil)
	case errors.As(err, &ce):
		cur := ce.Current
		v, _ := cur.Int("version")
		return s.renderActionForm(w, r, l, http.StatusConflict, cur, specs, form, v, nil, patch)
	case errors.Is(err, store.ErrNotFound):
		return errNotFound
	}
	return err
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

// renderActionForm renders the action's edit form. a is the stored action; values are what
// the form shows; mine, when not nil, is the user's patch that met a newer stored version.
func (s *Server) renderActionForm(w http.ResponseWriter, r *http.Request, l i18n.Localizer, status int,
	a model.Record, specs []formSpec, values url.Values, version int64, errs []model.FieldError, mine model.Record) error {
	id := idString(a.ID())
	fields, summary := buildFields(l, model.Actions, specs, values, errs)
	d := editData{Title: a.Str("title"), Back: "/indsatser/" + id,
		Form: formState{Action: "/indsatser/" + id + "/rediger", Version: version, Fields: fields, Errors: summary}}
	if mine != nil {
		d.Form.Stale = true
		d.Form.Conflict = conflictRows(l, fields, specs, a, mine)
	}
	title := l.T("form.edit_action", d.Title)
	if len(summary) > 0 {
		title = l.T("form.error_title", title)
	}
	p := s.newPage(r, l, title)
	p.Nav = "actions"
	p.Data = d
	return s.write(w, "edit_action", status, p)
}
