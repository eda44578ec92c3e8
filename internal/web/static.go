package web

import "net/http"

// static serves the stylesheet under its fingerprinted name. The name changes with the
// content, so browsers may keep it for a year without asking again.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("name") != s.cssName {
		return errNotFound
	}
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(s.css)
	return err
}
