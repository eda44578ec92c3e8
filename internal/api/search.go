package api

import (
	"net/http"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/search"
	"klimaspor/internal/store"
)

// GET /api/v1/library/search?q=…: the knowledge library's full-text search, ranked, with
// highlighted snippets and facets; GET /api/v1/search?q=…: the one search of the site,
// grouped by type (library items, actions, projects, indicators). Both are store.Search,
// with what the reader may see (issue 15, C8, decision 65).

func (s *Server) searchRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/api/v1/library/search", Op: "librarySearch", h: s.librarySearch, doc: librarySearchDoc},
		{Method: "GET", Pattern: "/api/v1/search", Op: "siteSearch", h: s.siteSearch, doc: siteSearchDoc},
	}
}

type searchItem struct {
	ID         int64   `json:"id"`
	Type       string  `json:"type"`
	Title      string  `json:"title"`
	TitleEN    string  `json:"title_en"`
	Kind       string  `json:"kind"`
	Snippet    string  `json:"snippet"`
	Score      float64 `json:"score"`
	ProjectIDs []int64 `json:"project_ids"`
}

type facetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

func searchItems(hits []store.SearchHit) []searchItem {
	out := make([]searchItem, 0, len(hits))
	for _, h := range hits {
		out = append(out, searchItem{ID: h.ID, Type: string(h.Type), Title: h.Title, TitleEN: h.TitleEN, Kind: h.Kind, Snippet: h.Snippet, Score: h.Score, ProjectIDs: h.ProjectIDs})
	}
	return out
}

// pageParams reads limit and offset.
func pageParams(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	limit = store.DefaultSearchLimit
	if v := q.Get("limit"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > store.MaxLimit {
			return 0, 0, errorf(http.StatusBadRequest, "invalid_query", "limit", "limit must be a whole number from 1 to "+strconv.Itoa(store.MaxLimit))
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 0 || n > 1_000_000 {
			return 0, 0, errorf(http.StatusBadRequest, "invalid_query", "offset", "offset must be a whole number from 0")
		}
		offset = n
	}
	return limit, offset, nil
}

func (s *Server) librarySearch(w http.ResponseWriter, r *http.Request) error {
	params := append([]string{"q", "limit", "offset"}, store.LibraryFacets...)
	if err := onlyParams(r, params...); err != nil {
		return err
	}
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	q := store.SearchQuery{Q: r.URL.Query().Get("q"), Type: search.Library, Limit: limit, Offset: offset, Filters: map[string]string{}}
	if len(q.Q) > store.MaxParam {
		return errorf(http.StatusBadRequest, "invalid_query", "q", "q is too long")
	}
	for _, f := range store.LibraryFacets {
		if v := r.URL.Query().Get(f); v != "" {
			q.Filters[f] = v
		}
	}
	auth.Visibility(principal(r.Context()), search.Library.Resource()).Apply(&q.View)
	res, err := s.db.Search(r.Context(), q)
	if err != nil {
		return err
	}
	facets := map[string][]facetCount{}
	for _, f := range store.LibraryFacets {
		facets[f] = []facetCount{}
		for _, c := range res.Facets[f] {
			facets[f] = append(facets[f], facetCount{c.Value, c.Count})
		}
	}
	return writeJSON(w, http.StatusOK, struct {
		Items  []searchItem            `json:"items"`
		Facets map[string][]facetCount `json:"facets"`
		Total  int                     `json:"total"`
		Limit  int                     `json:"limit"`
		Offset int                     `json:"offset"`
	}{searchItems(res.Hits), facets, res.Total, limit, offset})
}

func (s *Server) siteSearch(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r, "q", "limit"); err != nil {
		return err
	}
	limit, _, err := pageParams(r)
	if err != nil {
		return err
	}
	text := r.URL.Query().Get("q")
	if len(text) > store.MaxParam {
		return errorf(http.StatusBadRequest, "invalid_query", "q", "q is too long")
	}
	type group struct {
		Type  string       `json:"type"`
		Items []searchItem `json:"items"`
		Total int          `json:"total"`
	}
	var groups []group
	results, err := s.db.SiteSearch(r.Context(), text, limit, func(q *model.ListQuery, t search.Type) {
		auth.Visibility(principal(r.Context()), t.Resource()).Apply(q)
	})
	if err != nil {
		return err
	}
	for _, res := range results {
		groups = append(groups, group{Type: string(res.Type), Items: searchItems(res.Hits), Total: res.Total})
	}
	return writeJSON(w, http.StatusOK, struct {
		Q      string  `json:"q"`
		Groups []group `json:"groups"`
	}{text, groups})
}

func searchItemSchema() obj {
	return obj{"type": "object", "required": []string{"id", "type", "title", "title_en", "kind", "snippet", "score", "project_ids"}, "additionalProperties": false, "properties": obj{
		"id":          obj{"type": "integer", "format": "int64"},
		"type":        obj{"type": "string", "enum": search.Types, "description": "the record's resource"},
		"title":       obj{"type": "string", "description": "the title (a project's or indicator's Danish name)"},
		"title_en":    obj{"type": "string", "description": "the English title or name, \"\" when none"},
		"kind":        obj{"type": "string", "description": "a library item's kind; \"\" for the other types"},
		"snippet":     obj{"type": "string", "description": "HTML: the best stretch of the summary or text, escaped, the matching words in <mark>"},
		"score":       obj{"type": "number", "minimum": 0, "description": "BM25F relevance (title ×3, summary ×2, text ×1), the same on both database engines; 0 on the library's front (no q)"},
		"project_ids": obj{"type": "array", "items": obj{"type": "integer", "format": "int64"}, "description": "the joint projects the record belongs to"},
	}}
}

func librarySearchDoc(op obj) {
	op["summary"] = "search the knowledge library in Danish: every word must match in any inflection (Snowball Danish stemmer), æ/ø/å may be typed ae/oe/aa, a word ending in * is a prefix; ranked best first, with highlighted snippets and facets over the matches. Without q: the library's front, newest first"
	op["tags"] = []string{"search"}
	id := obj{"type": "integer", "format": "int64", "minimum": 0}
	op["parameters"] = []obj{
		{"name": "q", "in": "query", "required": false, "description": "the words searched for, e.g. klimaplanerne, klima*, groen omstilling", "schema": obj{"type": "string", "maxLength": store.MaxParam}},
		{"name": "kind", "in": "query", "required": false, "description": "only items of this kind", "schema": obj{"type": "string"}},
		{"name": "theme", "in": "query", "required": false, "description": "only items of this theme", "schema": id},
		{"name": "project", "in": "query", "required": false, "description": "only items of this joint project", "schema": id},
		{"name": "sector", "in": "query", "required": false, "description": "only items of this sector", "schema": obj{"type": "string"}},
		{"name": "organisation", "in": "query", "required": false, "description": "only items proposed by this organisation", "schema": id},
		{"name": "language", "in": "query", "required": false, "description": "only items in this language (da, en)", "schema": obj{"type": "string"}},
		{"name": "year", "in": "query", "required": false, "description": "only material of this year", "schema": id},
		{"name": "limit", "in": "query", "required": false, "description": "items per page", "schema": obj{"type": "integer", "minimum": 1, "maximum": store.MaxLimit, "default": store.DefaultSearchLimit}},
		{"name": "offset", "in": "query", "required": false, "description": "items skipped (paging)", "schema": obj{"type": "integer", "minimum": 0, "default": 0}},
	}
	facet := obj{"type": "array", "items": obj{"type": "object", "required": []string{"value", "count"}, "additionalProperties": false, "properties": obj{
		"value": obj{"type": "string", "description": "the value (an id, for theme, project and organisation)"},
		"count": obj{"type": "integer", "minimum": 1},
	}}}
	facets := obj{}
	for _, f := range store.LibraryFacets {
		facets[f] = facet
	}
	r := op["responses"].(obj)
	r["200"] = answer("a page of the matches, best first", obj{"type": "object", "required": []string{"items", "facets", "total", "limit", "offset"}, "additionalProperties": false, "properties": obj{
		"items":  obj{"type": "array", "items": searchItemSchema()},
		"facets": obj{"type": "object", "required": store.LibraryFacets, "additionalProperties": false, "properties": facets, "description": "per facet, its values among every match the reader may see, most first"},
		"total":  obj{"type": "integer", "minimum": 0, "description": "every match the reader may see"},
		"limit":  obj{"type": "integer"},
		"offset": obj{"type": "integer"},
	}})
	r["400"] = answer("an unknown parameter, a bad filter, limit or offset, or too long a q", ref("Error"))
}

func siteSearchDoc(op obj) {
	op["summary"] = "search the whole site: library items, actions, projects and indicators, each type's best matches (as /api/v1/library/search ranks them), grouped by type; without q, empty groups"
	op["tags"] = []string{"search"}
	op["parameters"] = []obj{
		{"name": "q", "in": "query", "required": false, "description": "the words searched for", "schema": obj{"type": "string", "maxLength": store.MaxParam}},
		{"name": "limit", "in": "query", "required": false, "description": "matches shown per type", "schema": obj{"type": "integer", "minimum": 1, "maximum": store.MaxLimit, "default": store.DefaultSearchLimit}},
	}
	group := obj{"type": "object", "required": []string{"type", "items", "total"}, "additionalProperties": false, "properties": obj{
		"type":  obj{"type": "string", "enum": search.Types},
		"items": obj{"type": "array", "items": searchItemSchema()},
		"total": obj{"type": "integer", "minimum": 0, "description": "the type's matches the reader may see"},
	}}
	r := op["responses"].(obj)
	r["200"] = answer("the matches, by type", obj{"type": "object", "required": []string{"q", "groups"}, "additionalProperties": false, "properties": obj{
		"q":      obj{"type": "string"},
		"groups": obj{"type": "array", "items": group},
	}})
	r["400"] = answer("an unknown parameter, a bad limit, or too long a q", ref("Error"))
}
