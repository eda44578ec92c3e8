// Package peers serves the peer comparison of the cross-plan overview (C7, issue 13) at
// /paa-tvaers/sammenlign: a few municipalities side by side, chosen by the reader or as the
// municipalities most like one by population and emissions per inhabitant, figure by figure,
// each figure with the reference group's average or how many of its municipalities have it.
// The comparison is internal/peers', read by internal/peers/gather as GET /api/v1/peers
// reads it; the view is built without I/O (view.go). It imports internal/web/page, and
// internal/web/crossplan for the reference groups /paa-tvaers offers (choices.go), so
// that both pages offer the same groups.
package peers

import (
	"embed"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"klimaspor/internal/model"
	"klimaspor/internal/peers/gather"
	"klimaspor/internal/store"
	"klimaspor/internal/web/crossplan"
	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the comparison on the shared site.
type Pages struct {
	*page.Site
}

// New parses the page's template into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.ParseWith(templateFS, nil, "peers"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Path is the comparison's address.
const Path = crossplan.Path + "/sammenlign"

// Routes adds the page to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET "+Path, s.Handle(s.compare))
}

// The query parameters.
const (
	muniParam    = "kommune"  // a municipality's code, repeated
	similarParam = "lignende" // add this many of the most similar to the first
)

// MaxChosen is how many municipalities the form offers to choose.
const MaxChosen = 6

// similarChoices are the numbers of similar municipalities the form offers.
var similarChoices = []int{3, 5}

// listCompare is the table's export.
const listCompare = "sammenlign_kommuner"

// request is what the reader asked for.
type request struct {
	Codes   []string
	Similar int
	Group   string // the group select's value, "" for the default
}

func parseRequest(r *http.Request) (request, error) {
	q := r.URL.Query()
	var out request
	for _, c := range q[muniParam] {
		if c = strings.TrimSpace(c); c != "" && !contains(out.Codes, c) {
			out.Codes = append(out.Codes, c)
		}
	}
	if len(out.Codes) > MaxChosen {
		return out, page.BadRequest(fmt.Errorf("peers: %d municipalities", len(out.Codes)))
	}
	if v := q.Get(similarParam); v != "" && v != "0" {
		n, err := strconv.Atoi(v)
		// More than fit beside the chosen ones are cut to fit (gather.Gather), as the form
		// offers every number beside any choice; a number no choice allows is a 400.
		if err != nil || n < 1 || n >= gather.MaxCompared {
			return out, page.BadRequest(fmt.Errorf("peers: %s=%q", similarParam, v))
		}
		out.Similar = n
	}
	out.Group = strings.TrimSpace(q.Get(crossplan.GroupParam))
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// compare is /paa-tvaers/sammenlign: the form, and with municipalities chosen the table.
func (s *Pages) compare(w http.ResponseWriter, r *http.Request) error {
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
	group, err := crossplan.GroupOf(req.Group)
	if err != nil {
		return err
	}
	in := input{Request: req}
	in.Comparison, err = gather.Gather(ctx, s.DB, gather.Query{Codes: req.Codes, Similar: req.Similar, Group: group})
	switch {
	case errors.Is(err, gather.ErrNoGroup):
		// Nobody chosen yet (or a municipality in no region, with no group chosen): the
		// form alone, the group select on the default region as /paa-tvaers.
		in.NoGroup = len(req.Codes) > 0
	case errors.Is(err, store.ErrNotFound):
		return page.ErrNotFound
	case errors.Is(err, gather.ErrNotMunicipality), errors.Is(err, store.ErrNotGroup):
		return page.BadRequest(err)
	case err != nil:
		return err
	}
	if in.Groups, in.Projects, in.GroupName, err = crossplan.GroupChoices(ctx, s.Site, l, in.Comparison.Group); err != nil {
		return err
	}
	recs, err := s.All(ctx, model.Themes, nil)
	if err != nil {
		return err
	}
	in.Themes = model.AsThemes(recs)
	d := buildView(l, in, r.URL.RequestURI())
	if ex != nil {
		if ex.List != listCompare || len(d.Columns) == 0 {
			return page.ErrNotFound
		}
		return page.SendExport(w, l, ex, compareExport(l, d))
	}
	p := s.NewPage(r, l, l.T("peers.title"))
	p.Nav = "crossplan"
	p.Data = d
	return s.Render(w, "peers", p)
}
