// Package audit serves the audit trail's pages: a record's history (/historik/{resource}/{id})
// for the people who may see the record as it last was, and the whole trail (/admin/log),
// filtered and exportable, for administrators. Entries name people, so neither is public.
// It imports internal/web/page, never the root web package or another module.
package audit

import (
	"embed"
	"net/http"

	"klimaspor/internal/web/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Pages serves the audit trail's pages on the shared site.
type Pages struct {
	*page.Site
}

// New parses the audit pages' templates, each with the list of entries they share, into site.
func New(site *page.Site) (*Pages, error) {
	if err := site.ParseWith(templateFS, []string{"audit_entries"}, "history", "audit"); err != nil {
		return nil, err
	}
	return &Pages{Site: site}, nil
}

// Routes adds the audit trail's pages to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /historik/{resource}/{id}", s.Handle(s.history))
	mux.Handle("GET /admin/log", s.Handle(s.auditLog))
}
