// Package public serves the public pages of the web interface: the region's front page
// (home*.go), the municipality pages (municipality*.go), the joint project pages
// (project*.go), the actions list and an action's page (actions.go), the indicator pages
// and the comparison (indicators.go), each list of them as CSV or XLSX. A page handler reads
// once (read…), builds its view without I/O (build…View, *_view.go) and renders. It imports
// internal/web/page, and internal/web/form for what a new value starts from
// (form.NewValueOf); never the root web package.
package public

import (
	"embed"
	"net/http"

	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the public pages on the shared site.
type Pages struct {
	*page.Site
	region string // the region the front page shows, by code
}

// New parses the public pages' templates into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.Parse(templateFS, "home", "municipality", "project", "actions", "action", "indicator", "compare"); err != nil {
		return nil, err
	}
	return &Pages{Site: site, region: defaultRegion}, nil
}

// Routes adds the public pages to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.Handle(s.home))
	mux.Handle("GET /kommuner/{code}", s.Handle(s.municipality))
	mux.Handle("GET /projekter/{code}", s.Handle(s.project))
	mux.Handle("GET /indsatser", s.Handle(s.actions))
	mux.Handle("GET /indsatser/{id}", s.Handle(s.action))
	mux.Handle("GET /noegletal/{code}", s.Handle(s.indicator))
	mux.Handle("GET /sammenlign", s.Handle(s.compare))
}
