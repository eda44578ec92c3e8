package web

import "net/http"

// routes is the whole site map of the web interface.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.handle(s.home))
	mux.Handle("GET /kommuner/{code}", s.handle(s.municipality))
	mux.Handle("GET /projekter/{code}", s.handle(s.project))
	mux.Handle("GET /indsatser", s.handle(s.actions))
	mux.Handle("GET /indsatser/{id}", s.handle(s.action))
	// The edit forms and the forms of new records: internal/web/form.
	s.formRoutes = s.forms.Routes(mux)
	mux.Handle("GET /noegletal/{code}", s.handle(s.indicator))
	mux.Handle("GET /sammenlign", s.handle(s.compare))
	mux.Handle("GET /sprog", s.handle(s.language))
	// Signing in and out, single sign-on, your account, password reset, invitations and
	// user administration: internal/web/account.
	s.accounts.Routes(mux)
	mux.Handle("GET /historik/{resource}/{id}", s.handle(s.history))
	mux.Handle("GET /admin/log", s.handle(s.auditLog))
	mux.Handle("GET /static/{name}", s.handle(s.static))
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
}
