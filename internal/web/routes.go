package web

import (
	"net/http"

	"klimaspor/internal/web/page"
)

// routes is the whole site map of the web interface: each module routes its own pages.
func (s *Server) routes(mux *http.ServeMux) {
	// The front page, municipalities, projects, actions, indicators and the comparison:
	// internal/web/public.
	s.public.Routes(mux)
	// The edit forms and the forms of new records: internal/web/form.
	s.formRoutes = s.forms.Routes(mux)
	// Signing in and out, single sign-on, your account, password reset, invitations and
	// user administration: internal/web/account.
	s.accounts.Routes(mux)
	// A record's history and the audit log: internal/web/audit.
	s.audit.Routes(mux)
	// The signed-in person's overview, /mit: internal/web/overview.
	s.overview.Routes(mux)
	// Status reporting, /rapportering: internal/web/reporting.
	s.reporting.Routes(mux)
	// The energy and CO2 accounts of a municipality, a region and the nation:
	// internal/web/climate.
	s.climate.Routes(mux)
	// The cross-plan overview, /paa-tvaers: internal/web/crossplan.
	s.crossplan.Routes(mux)
	// The peer comparison, /paa-tvaers/sammenlign: internal/web/peers.
	s.peers.Routes(mux)
	// The theme suggestions, /temaforslag: internal/web/suggest.
	s.suggest.Routes(mux)
	// The knowledge library, /bibliotek (search), /bibliotek/{id} (items), and the site
	// search, /soeg: internal/web/library.
	s.library.Routes(mux)
	// The accessibility statement, the privacy notice, the sitemap and security.txt:
	// internal/web/trust.
	s.trust.Routes(mux)
	mux.Handle("GET /sprog", s.Handle(s.language))
	mux.Handle("GET /static/{name}", s.Handle(s.static))
	mux.Handle("GET /favicon.svg", fixed(favicon, "image/svg+xml", 86400))
	mux.Handle("GET /robots.txt", http.HandlerFunc(s.robots))
	mux.Handle("/", s.Handle(func(w http.ResponseWriter, r *http.Request) error { return page.ErrNotFound }))
}
