package web

import "net/http"

// routes is the whole site map of the web interface.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.handle(s.home))
	mux.Handle("GET /kommuner/{code}", s.handle(s.municipality))
	mux.Handle("GET /projekter/{code}", s.handle(s.project))
	mux.Handle("GET /indsatser", s.handle(s.actions))
	mux.Handle("GET /indsatser/{id}", s.handle(s.action))
	s.edit(mux, "/indsatser/{id}", actionEditor)
	s.edit(mux, "/planer/{id}", planEditor)
	s.edit(mux, "/maal/{id}", goalEditor)
	s.edit(mux, "/noegletal/{key}", indicatorEditor)
	s.edit(mux, "/vaerdier/{id}", valueEditor)
	s.edit(mux, "/projekter/{key}", projectEditor)
	s.edit(mux, "/deltagere/{id}", participantEditor)
	s.create(mux, "/planer/{id}/indsatser/ny", actionEditor, actionInPlan)
	s.create(mux, "/projekter/{key}/indsatser/ny", actionEditor, actionInProject)
	s.create(mux, "/planer/{id}/maal/ny", goalEditor, goalInPlan)
	s.create(mux, "/projekter/{key}/maal/ny", goalEditor, goalInProject)
	s.create(mux, "/noegletal/{key}/vaerdier/ny", valueEditor, valueOfIndicator)
	s.create(mux, "/projekter/{key}/deltagere/ny", participantEditor, participantInProject)
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

// formRoute is one edit or new-record form as routed, for the authorization tests.
type formRoute struct {
	pattern string // the form's path pattern
	e       *editor
	parent  *parentSpec // nil for an edit form
}

// edit routes a record's edit form: GET and POST at path/rediger.
func (s *Server) edit(mux *http.ServeMux, path string, e *editor) {
	s.forms = append(s.forms, formRoute{pattern: path + "/rediger", e: e})
	mux.Handle("GET "+path+"/rediger", s.handle(e.show(s)))
	mux.Handle("POST "+path+"/rediger", s.post(e.save(s)))
}

// create routes the form of a new record under a parent: GET and POST at path.
func (s *Server) create(mux *http.ServeMux, path string, e *editor, ps parentSpec) {
	s.forms = append(s.forms, formRoute{pattern: path, e: e, parent: &ps})
	mux.Handle("GET "+path, s.handle(e.showNew(s, ps)))
	mux.Handle("POST "+path, s.post(e.saveNew(s, ps)))
}
