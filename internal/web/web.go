// Package web serves Klimaspor's server-rendered HTML pages: the region's front page, the
// municipality pages and the joint project pages, in Danish and English. Pages work without
// JavaScript; charts and maps are server-side SVG (internal/chart, internal/geo), each with a
// table alternative.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/chart"
	"klimaspor/internal/httpcache"
	"klimaspor/internal/mail"
	"klimaspor/internal/oidc"
	"klimaspor/internal/proxy"
	"klimaspor/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/site.css
var siteCSS []byte

// pages lists every page template; each is parsed with the layout into its own set, and a
// missing one fails New, not a request.
var pages = []string{"home", "municipality", "project", "actions", "action", "indicator", "compare", "error", "edit", "signin", "account", "reset", "invite", "admin_users", "admin_user", "notice", "history", "audit"}

// Server renders the pages from one database.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	tmpl    map[string]*template.Template
	css     []byte
	cssName string // fingerprinted file name under /static/
	region  string // the region the front page shows, by code
	cssGz   []byte // the stylesheet gzipped
	build   string // identifies the binary and templates, part of every ETag
	cache   *httpcache.LRU[*pageEntry]
	// sessions signs people in; its cookie is Secure unless SetSecureCookies(false).
	sessions *auth.Sessions
	oidc     *oidc.Client  // single sign-on; nil when not configured
	forms    []formRoute   // every edit and new-record form, as routed
	proxies  proxy.Trusted // load balancers whose X-Forwarded-For and -Proto are believed
	// clock is the time now: time.Now, or a test's clock (the sign-in slowdown, token expiry).
	clock func() time.Time
	// mailer sends password resets and invitations (SetMail); nil sends nothing. baseURL
	// begins the links in them; with "" no such mail is sent.
	mailer  mail.Sender
	baseURL string
	demo    bool   // demo mode (SetDemo): invitation links not mailed are shown on the page
	ssoForm string // the single sign-on provider's origin, allowed as a form target (sso.go)
}

// SetSecureCookies turns the Secure flag of the session cookie on or off. Browsers accept
// Secure cookies from http://localhost; turn it off only to serve plain HTTP to other hosts.
func (s *Server) SetSecureCookies(on bool) { s.sessions.Secure = on }

// New parses the templates and prepares the static files.
func New(db *store.DB, log *slog.Logger) (*Server, error) {
	s := &Server{db: db, log: log, tmpl: map[string]*template.Template{}, region: defaultRegion,
		sessions: &auth.Sessions{DB: db, Secure: true}, clock: time.Now}
	// One stylesheet of our own: the site's rules plus the charts' rules.
	s.css = append(append([]byte{}, siteCSS...), chart.CSS...)
	sum := sha256.Sum256(s.css)
	s.cssName = "site." + hex.EncodeToString(sum[:])[:12] + ".css"
	s.cssGz = httpcache.Gzip(s.css)
	s.build = buildTag(s.css)
	s.SetCache(DefaultPageCache)
	for _, p := range pages {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/export.html", "templates/audit_entries.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", p, err)
		}
		s.tmpl[p] = t
	}
	return s, nil
}

// now is the time now, by the server's clock.
func (s *Server) now() time.Time { return s.clock() }

// CSSPath is the stylesheet's fingerprinted URL path.
func (s *Server) CSSPath() string { return "/static/" + s.cssName }

// Handler returns the pages' handler, built from the route table in routes.go and wrapped
// in the security headers, ETags, compression and page cache of middleware.go.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.forms = nil
	s.routes(mux)
	return s.wrap(mux)
}

var funcs = template.FuncMap{
	// exportHref is the address of a list of the page as a file (export.go).
	"exportHref": exportHref,
	// dict builds a map for a sub-template's arguments: dict "key" value ….
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}
