package web

import (
	"net/http"
	"strconv"

	"klimaspor/internal/httpcache"

	"klimaspor/internal/web/page"
)

// static serves the stylesheet under its fingerprinted name. The name changes with the
// content, so browsers may keep it for a year without asking again. It is sent gzipped to
// clients that take it.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("name") != s.cssName {
		return page.ErrNotFound
	}
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Vary", "Accept-Encoding")
	body := s.css
	if httpcache.AcceptsGzip(r) {
		body = s.cssGz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, err := w.Write(body)
	return err
}
