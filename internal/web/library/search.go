package library

// The knowledge library's search at /bibliotek and the one search of the site at /soeg
// (issue 15, C8, decision 65). Both are store.Search, as the API's /api/v1/library/search
// and /api/v1/search: the same ranking, snippets and facets, and only what the reader may
// see. The pages work without JavaScript: a GET form, facets as links. With no words,
// /bibliotek is the library's front: the newest items, with the facets. The view is built
// without I/O (search_view.go).

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/search"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// The query parameters: q the words, side the page, and a facet's filter by its Danish name.
const (
	qParam    = "q"
	pageParam = "side"
)

// facetParams are the library's facets' parameters, by store facet.
var facetParams = map[string]string{
	"kind": "type", "theme": "tema", "sector": "sektor", "project": "projekt",
	"organisation": "organisation", "language": "sprog", "year": "aar",
}

// PerPage is how many items a page of the library shows; PerType how many of each type the
// site search shows.
const (
	PerPage = 20
	PerType = 10
)

// listLibrary is the result list's export.
const listLibrary = "bibliotek"

// maxExport bounds the exported matches.
const maxExport = 10_000

// request is what the reader asked for.
type request struct {
	Q       string
	Filters map[string]string // by store facet
	Page    int               // from 1
}

func parseRequest(r *http.Request) (request, error) {
	q := r.URL.Query()
	out := request{Q: strings.TrimSpace(q.Get(qParam)), Filters: map[string]string{}, Page: 1}
	if len(out.Q) > store.MaxParam {
		return out, page.BadRequest(errTooLong)
	}
	for f, p := range facetParams {
		if v := strings.TrimSpace(q.Get(p)); v != "" {
			out.Filters[f] = v
		}
	}
	if v := q.Get(pageParam); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10_000 {
			return out, page.BadRequest(errPage)
		}
		out.Page = n
	}
	return out, nil
}

type badRequest string

func (e badRequest) Error() string { return string(e) }

const (
	errTooLong = badRequest("library: q too long")
	errPage    = badRequest("library: bad page")
)

// view applies the reader's visibility of t's resource.
func view(ctx context.Context) func(q *model.ListQuery, t search.Type) {
	return func(q *model.ListQuery, t search.Type) {
		auth.Visibility(page.PrincipalOf(ctx), t.Resource()).Apply(q)
	}
}

// library is /bibliotek: the search with facets, or the library's front.
func (s *Pages) library(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	ex, err := page.ExportOf(r)
	if err != nil {
		return err
	}
	req, err := parseRequest(r)
	if err != nil {
		return err
	}
	q := store.SearchQuery{Q: req.Q, Type: search.Library, Filters: req.Filters, Limit: PerPage, Offset: (req.Page - 1) * PerPage}
	view(ctx)(&q.View, search.Library)
	if ex != nil {
		if ex.List != listLibrary {
			return page.ErrNotFound
		}
		var hits []store.SearchHit
		for q.Offset = 0; q.Offset < maxExport; q.Offset += store.MaxLimit {
			q.Limit = store.MaxLimit
			res, err := s.DB.Search(ctx, q)
			if err != nil {
				return badQuery(err)
			}
			hits = append(hits, res.Hits...)
			if len(res.Hits) < store.MaxLimit {
				break
			}
		}
		return page.SendExport(w, l, ex, libraryExport(l, hits))
	}
	res, err := s.DB.Search(ctx, q)
	if err != nil {
		return badQuery(err)
	}
	names, err := s.names(ctx, l)
	if err != nil {
		return err
	}
	p := s.NewPage(r, l, l.T("library.title"))
	p.Nav = "library"
	p.Data = buildLibrary(l, req, res, names, r.URL.RequestURI())
	return s.Render(w, "library", p)
}

// badQuery turns a filter the store refuses into a 400.
func badQuery(err error) error {
	if _, ok := err.(*store.QueryError); ok {
		return page.BadRequest(err)
	}
	return err
}

// names are the facets' labels of the themes, projects and organisations, by id.
func (s *Pages) names(ctx context.Context, l interface{ Code() string }) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for f, res := range map[string]*model.Resource{"theme": model.Themes, "project": model.Projects, "organisation": model.Organisations} {
		recs, err := s.All(ctx, res, nil)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		for _, rec := range recs {
			name := rec.Str("name_da")
			if en := rec.Str("name_en"); en != "" && l.Code() == "en" {
				name = en
			}
			m[strconv.FormatInt(rec.ID(), 10)] = name
		}
		out[f] = m
	}
	return out, nil
}

// site is /soeg: the site search, grouped by type.
func (s *Pages) site(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := page.Localizer(r)
	text := strings.TrimSpace(r.URL.Query().Get(qParam))
	if len(text) > store.MaxParam {
		return page.BadRequest(errTooLong)
	}
	results, err := s.DB.SiteSearch(ctx, text, PerType, view(ctx))
	if err != nil {
		return err
	}
	p := s.NewPage(r, l, l.T("sitesearch.title"))
	p.Nav = "search"
	p.Data = buildSite(l, text, results)
	return s.Render(w, "search", p)
}
