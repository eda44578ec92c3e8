// Package suggest serves the theme suggestions to a coordinator (C7, issue 13): at
// /temaforslag, for an organisation whose actions the reader may change, its actions
// without a theme (drafts too), each with the themes internal/themesuggest suggests, and a
// button to accept or reject each. Nothing is mapped without a person: an accept adds the
// theme to the action through the store's update of the action, with the version the page
// showed (a stale one is a conflict, said plainly on the page), and a reject keeps the pair
// so it is not suggested again; both in the reader's name, so the guard and the audit trail
// see them. The list is the one GET /api/v1/theme-suggestions answers
// (internal/themesuggest/gather), exported as CSV/XLSX (?eksport=temaforslag). The forms
// are plain HTML forms with the session's form token, posting and redirecting back
// (post-redirect-get). It imports internal/web/page, never the root web package or another
// module.
package suggest

import (
	"embed"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/themesuggest/gather"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the theme suggestions on the shared site.
type Pages struct {
	*page.Site
}

// New parses the page's template into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.ParseWith(templateFS, nil, "suggest"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Path is the page's address.
const Path = "/temaforslag"

// Routes adds the page and its two forms' targets to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET "+Path, s.Handle(s.list))
	mux.Handle("POST "+Path+"/accepter", s.Post(s.answer(true)))
	mux.Handle("POST "+Path+"/afvis", s.Post(s.answer(false)))
}

// The query and form parameters.
const (
	orgParam     = "organisation"
	messageParam = "besked" // what the last answer did, after the redirect
	listName     = "temaforslag"
)

// The messages after a redirect, by the besked parameter.
var messages = map[string]string{
	"accepteret": "suggest.msg.accepted",
	"afvist":     "suggest.msg.rejected",
	"konflikt":   "suggest.msg.conflict",
	"har_tema":   "suggest.msg.has_theme",
}

// editable lists the organisations whose actions the reader may map to themes, by name in
// the reader's language: an admin's are all municipalities, an editor's their own.
func (s *Pages) editable(r *http.Request, p *auth.Principal) ([]model.Organisation, error) {
	recs, err := s.All(r.Context(), model.Organisations, nil)
	if err != nil {
		return nil, err
	}
	var out []model.Organisation
	for _, o := range model.AsOrganisations(recs) {
		if auth.MayMapThemes(p, o.ID()) != nil || (p.Admin() && o.Kind() != "municipality") {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

// list is /temaforslag: the organisation's actions without a theme with their suggestions,
// or its export.
func (s *Pages) list(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	p := page.PrincipalOf(ctx)
	if err := auth.MayMapThemesAnywhere(p); err != nil {
		return page.AuthError(r, err)
	}
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	orgs, err := s.editable(r, p)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return page.AuthError(r, auth.ErrForbidden)
	}
	org := orgs[0].ID()
	if v := r.URL.Query().Get(orgParam); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return page.BadRequest(errors.New("suggest: organisation=" + v))
		}
		if _, err := s.DB.Get(ctx, model.Organisations, id); errors.Is(err, store.ErrNotFound) {
			return page.ErrNotFound
		} else if err != nil {
			return err
		}
		if err := auth.MayMapThemes(p, id); err != nil {
			return page.AuthError(r, err)
		}
		org = id
	}
	g, err := gather.For(ctx, s.DB, org)
	if err != nil {
		return err
	}
	d := buildView(l, orgs, g, messages[r.URL.Query().Get(messageParam)], r.URL.RequestURI())
	if ex != nil {
		if ex.List != listName {
			return page.ErrNotFound
		}
		return page.SendExport(w, l, ex, exportOf(l, d))
	}
	pg := s.NewPage(r, l, l.T("suggest.title"))
	pg.Nav = "crossplan"
	pg.Data = d
	return s.Render(w, "suggest", pg)
}

// answer takes a coordinator's accept or reject of one suggestion and sends them back to
// the list with a message.
func (s *Pages) answer(accept bool) page.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		p := page.PrincipalOf(ctx)
		if !p.Signed() {
			return page.AuthError(r, auth.ErrSignIn)
		}
		if err := r.ParseForm(); err != nil {
			return page.BadRequest(err)
		}
		var ids [4]int64
		for i, name := range []string{orgParam, "action_id", "theme_id", "version"} {
			v, err := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
			if (err != nil || v <= 0) && (accept || name != "version") {
				return page.BadRequest(errors.New("suggest: form field " + name))
			}
			ids[i] = v
		}
		org, action, theme, version := ids[0], ids[1], ids[2], ids[3]
		if err := auth.MayMapThemes(p, org); err != nil {
			return page.AuthError(r, err)
		}
		var err error
		msg := "afvist"
		if accept {
			msg = "accepteret"
			_, err = s.DB.AcceptThemeSuggestion(ctx, action, theme, version)
		} else {
			err = s.DB.RejectThemeSuggestion(ctx, action, theme)
		}
		var ce *store.ConflictError
		switch {
		case errors.As(err, &ce):
			msg = "konflikt"
		case errors.Is(err, store.ErrThemeOnAction):
			msg = "har_tema"
		case errors.Is(err, store.ErrNotFound):
			return page.ErrNotFound
		case errors.Is(err, auth.ErrSignIn), errors.Is(err, auth.ErrForbidden):
			return page.AuthError(r, err)
		case err != nil:
			return err
		}
		v := url.Values{orgParam: {strconv.FormatInt(org, 10)}, messageParam: {msg}}
		http.Redirect(w, r, Path+"?"+v.Encode(), http.StatusSeeOther)
		return nil
	}
}
