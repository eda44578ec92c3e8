// Package form serves the edit forms of the web interface: one generic editor (edit.go)
// that fills a form from a record, checks a posted one against the model's descriptors
// (forms.go) and saves it, and each kind's editor (editors.go) with its fields, choices,
// pages and the parents new records are made under. It imports internal/web/page, never
// the root web package or another module.
package form

import (
	"context"
	"embed"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the edit and new-record forms on the shared site.
type Pages struct {
	*page.Site
}

// New parses the forms' template into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.Parse(templateFS, "edit"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Route is one edit or new-record form as routed, for the authorization tests.
type Route struct {
	Pattern string // the form's path pattern
	e       *editor
	parent  *parentSpec // nil for an edit form
}

// Routes adds every edit form (GET and POST at …/rediger) and every new record's form under
// its parent to mux, and returns them as routed.
func (s *Pages) Routes(mux *http.ServeMux) []Route {
	var out []Route
	edit := func(path string, e *editor) {
		out = append(out, Route{Pattern: path + "/rediger", e: e})
		mux.Handle("GET "+path+"/rediger", s.Handle(e.show(s)))
		mux.Handle("POST "+path+"/rediger", s.Post(e.save(s)))
	}
	create := func(path string, e *editor, ps parentSpec) {
		out = append(out, Route{Pattern: path, e: e, parent: &ps})
		mux.Handle("GET "+path, s.Handle(e.showNew(s, ps)))
		mux.Handle("POST "+path, s.Post(e.saveNew(s, ps)))
	}
	edit("/indsatser/{id}", actionEditor)
	edit("/planer/{id}", planEditor)
	edit("/maal/{id}", goalEditor)
	edit("/noegletal/{key}", indicatorEditor)
	edit("/vaerdier/{id}", valueEditor)
	edit("/projekter/{key}", projectEditor)
	edit("/deltagere/{id}", participantEditor)
	edit("/netvaerk/{key}", networkEditor)
	edit("/bibliotek/{id}", libraryEditor)
	create("/bibliotek/ny", libraryEditor, libraryNew)
	create("/planer/{id}/indsatser/ny", actionEditor, actionInPlan)
	create("/projekter/{key}/indsatser/ny", actionEditor, actionInProject)
	create("/planer/{id}/maal/ny", goalEditor, goalInPlan)
	create("/projekter/{key}/maal/ny", goalEditor, goalInProject)
	create("/noegletal/{key}/vaerdier/ny", valueEditor, valueOfIndicator)
	create("/projekter/{key}/deltagere/ny", participantEditor, participantInProject)
	create("/kommuner/{key}/noegletal/ny", indicatorEditor, indicatorOfOrganisation)
	create("/planer/{id}/noegletal/ny", indicatorEditor, indicatorInPlan)
	create("/projekter/{key}/noegletal/ny", indicatorEditor, indicatorInProject)
	return out
}

// NewValueOf is what a new value of the indicator ind starts as (its new-value form's
// defaults), for the indicator page's question whether the reader may add one.
func NewValueOf(ind model.Record) model.Record { return valueOfIndicator.fixed(ind) }

// NewIndicatorOf is what a new indicator owned by the organisation org starts as, for the
// municipality page's question whether the reader may add one.
func NewIndicatorOf(org model.Record) model.Record { return indicatorOfOrganisation.fixed(org) }

// NewIndicatorInProject is what a new indicator owned by the joint project p starts as.
func NewIndicatorInProject(p model.Record) model.Record { return indicatorInProject.fixed(p) }

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// editors are the editors the forms route, one per kind of record.
var editors = []*editor{actionEditor, planEditor, goalEditor, indicatorEditor, valueEditor, projectEditor, participantEditor, libraryEditor}

// Values are rec's fields as its edit form shows them to a reader of lang, with its version:
// what posting the form back unchanged sends (the tests change and post them).
func (s *Pages) Values(ctx context.Context, res *model.Resource, rec model.Record, lang i18n.Lang) (url.Values, error) {
	for _, e := range editors {
		if e.res == res {
			return e.values(ctx, s, rec, lang)
		}
	}
	return nil, fmt.Errorf("form: no editor of %s", res.Name)
}

// values are rec's fields as the editor's form shows them in lang, with its version.
func (e *editor) values(ctx context.Context, s *Pages, rec model.Record, lang i18n.Lang) (url.Values, error) {
	l := i18n.For(lang)
	specs, err := e.specs(ctx, s, l, rec)
	if err != nil {
		return nil, err
	}
	v := recordValues(l, specs, rec)
	v.Set("version", strconv.FormatInt(rec.Version(), 10))
	return v, nil
}
