package library

import (
	"html/template"
	"net/url"
	"strconv"

	"klimaspor/internal/i18n"
	"klimaspor/internal/search"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// hit is one result as the pages show it.
type hit struct {
	Href    string
	Title   template.HTML // matches marked (search.Highlight escapes)
	Kind    string        // the kind's or type's label
	Snippet template.HTML // search.Snippet escapes and marks
	Score   string
}

// facetValue is one value of a facet: a link that sets the filter, or removes it when set.
type facetValue struct {
	Label    string
	Count    int
	Href     string
	Selected bool
}

type facetGroup struct {
	Label  string
	Values []facetValue
}

type libraryView struct {
	Q        string
	Front    bool // no words: the newest items
	Any      bool // no item had every word: those with any are shown
	Total    int
	Summary  string
	Hits     []hit
	Facets   []facetGroup
	Filtered bool
	Clear    string // the address without filters
	Hidden   []hiddenField
	Prev     string
	Next     string
	Here     string
}

type hiddenField struct{ Name, Value string }

// facetLabel is a facet value's label.
func facetLabel(l i18n.Localizer, f, v string, names map[string]map[string]string) string {
	switch f {
	case "kind":
		return l.T("library_kind." + v)
	case "sector":
		return l.Enum("sector", v)
	case "language":
		return l.T("lang." + v)
	case "theme", "project", "organisation":
		if n := names[f][v]; n != "" {
			return n
		}
		return "#" + v
	}
	return v
}

// address is /bibliotek with q and the filters, one filter changed (set to v, or removed
// when v is ""), on page n.
func address(req request, change, v string, n int) string {
	vals := url.Values{}
	if req.Q != "" {
		vals.Set(qParam, req.Q)
	}
	for f, val := range req.Filters {
		if f != change {
			vals.Set(facetParams[f], val)
		}
	}
	if change != "" && v != "" {
		vals.Set(facetParams[change], v)
	}
	if n > 1 {
		vals.Set(pageParam, strconv.Itoa(n))
	}
	if len(vals) == 0 {
		return Path
	}
	return Path + "?" + vals.Encode()
}

func buildLibrary(l i18n.Localizer, req request, res store.SearchResult, names map[string]map[string]string, here string) libraryView {
	d := libraryView{Q: req.Q, Front: res.Query.Empty(), Any: res.Query.Any, Total: res.Total, Filtered: len(req.Filters) > 0, Here: here}
	d.Clear = address(request{Q: req.Q}, "", "", 1)
	if d.Front {
		d.Summary = l.T("library.front_summary", res.Total)
	} else {
		d.Summary = l.T("library.found", res.Total, req.Q)
	}
	for f, v := range req.Filters {
		d.Hidden = append(d.Hidden, hiddenField{facetParams[f], v})
	}
	for _, h := range res.Hits {
		d.Hits = append(d.Hits, hit{Href: ItemPath(h.ID), Title: template.HTML(h.TitleHTML), Kind: l.T("library_kind." + h.Kind),
			Snippet: template.HTML(h.Snippet), Score: l.Number(h.Score, 2)})
	}
	for _, f := range store.LibraryFacets {
		g := facetGroup{Label: l.T("library.facet." + f)}
		for _, c := range res.Facets[f] {
			sel := req.Filters[f] == c.Value
			v := c.Value
			if sel {
				v = ""
			}
			g.Values = append(g.Values, facetValue{Label: facetLabel(l, f, c.Value, names), Count: c.Count, Href: address(req, f, v, 1), Selected: sel})
		}
		if len(g.Values) > 0 {
			d.Facets = append(d.Facets, g)
		}
	}
	if req.Page > 1 {
		d.Prev = address(req, "", "", req.Page-1)
	}
	if req.Page*PerPage < res.Total {
		d.Next = address(req, "", "", req.Page+1)
	}
	return d
}

// libraryExport is the result list as a file: every match, best first.
func libraryExport(l i18n.Localizer, hits []store.SearchHit) *page.Export {
	x := &page.Export{List: listLibrary, Columns: []string{l.T("library.col_title"), l.T("library.col_kind"), l.T("library.col_score"), l.T("library.col_address")}}
	for _, h := range hits {
		x.Add(sheet.Text(h.Title), sheet.Text(l.T("library_kind."+h.Kind)), sheet.Number(h.Score, 3), sheet.Text(ItemPath(h.ID)))
	}
	return x
}

// group is one type's matches on the site search.
type group struct {
	Label string
	Total int
	Hits  []hit
	More  string // the library's search with the words, when there are more than shown
}

type siteView struct {
	Q      string
	Asked  bool
	Groups []group
	Found  int
}

// typeHref is a found record's page.
func typeHref(h store.SearchHit) string {
	id := strconv.FormatInt(h.ID, 10)
	switch h.Type {
	case search.Library:
		return ItemPath(h.ID)
	case search.Actions:
		return "/indsatser/" + id
	case search.Projects:
		return "/projekter/" + url.PathEscape(h.Code)
	default:
		return "/noegletal/" + url.PathEscape(h.Code)
	}
}

func buildSite(l i18n.Localizer, text string, results []store.SearchResult) siteView {
	d := siteView{Q: text, Asked: !search.Parse(text).Empty()}
	for _, res := range results {
		g := group{Label: l.T("resource." + string(res.Type)), Total: res.Total}
		d.Found += res.Total
		for _, h := range res.Hits {
			kind := l.T("resource." + string(h.Type) + ".one")
			if h.Type == search.Library {
				kind = l.T("library_kind." + h.Kind)
			}
			g.Hits = append(g.Hits, hit{Href: typeHref(h), Title: template.HTML(h.TitleHTML), Kind: kind, Snippet: template.HTML(h.Snippet), Score: l.Number(h.Score, 2)})
		}
		if res.Type == search.Library && res.Total > len(res.Hits) {
			g.More = Path + "?" + url.Values{qParam: {text}}.Encode()
		}
		if g.Total > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	return d
}
