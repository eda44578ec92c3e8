package web

import (
	_ "embed"
	"net/http"
	"strconv"

	"klimaspor/internal/httpcache"

	"klimaspor/internal/web/page"
	"klimaspor/internal/web/trust"
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

// favicon is the site's icon (a leaf), linked from every page's head as /favicon.svg. It is
// small and never changes but with a release, so browsers keep it for a day.
//
//go:embed static/favicon.svg
var favicon []byte

// robots is /robots.txt: crawlers are welcome on the public pages, which are what
// Klimaspor publishes, and kept from what is a person's (signing in, the account, the
// overview, reporting, the audit trail and history), from the forms, from the downloads of
// every list (which repeat the pages) and from the API (the same data as JSON, for
// developers, and costly to crawl).
const robots = `User-agent: *
Disallow: /api/
Disallow: /admin/
Disallow: /log-ind
Disallow: /log-ud
Disallow: /glemt-adgangskode
Disallow: /konto
Disallow: /mit
Disallow: /rapportering/
Disallow: /historik/
Disallow: /*/rediger
Disallow: /*/ny
Disallow: /*?*eksport=
Disallow: /sprog
`

// robots serves /robots.txt, naming the sitemap when the site knows its address
// (KLIMASPOR_BASE_URL): the sitemap's addresses must be absolute (internal/web/trust).
func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	body := robots
	if s.BaseURL != "" {
		body += "\nSitemap: " + s.BaseURL + trust.SitemapPath + "\n"
	}
	fixed([]byte(body), "text/plain; charset=utf-8", 86400).ServeHTTP(w, r)
}

// fixed serves a file of the site that never varies: its body, type and how long browsers
// keep it.
func fixed(body []byte, contentType string, maxAge int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
}
