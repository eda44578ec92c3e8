// Package web serves Klimaspor's server-rendered HTML pages, in Danish and English: it puts
// the modules together (the public pages in internal/web/public, the forms in
// internal/web/form, accounts in internal/web/account, the audit trail's pages in
// internal/web/audit, status reporting in internal/web/reporting, the climate accounts in internal/web/climate, the knowledge library and the site search in internal/web/library, all on internal/web/page's shared site) under one route table
// (routes.go), with the security headers, ETags, compression and page cache (middleware.go),
// the stylesheet (static.go) and the language switch (lang.go). Pages work without
// JavaScript; charts and maps are server-side SVG (internal/chart, internal/geo), each with a
// table alternative.
package web

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"

	"klimaspor/internal/chart"
	"klimaspor/internal/files"
	"klimaspor/internal/httpcache"
	"klimaspor/internal/mail"
	"klimaspor/internal/metrics"
	"klimaspor/internal/oidc"
	"klimaspor/internal/store"
	"klimaspor/internal/web/account"
	"klimaspor/internal/web/audit"
	"klimaspor/internal/web/climate"
	"klimaspor/internal/web/crossplan"
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/library"
	"klimaspor/internal/web/overview"
	"klimaspor/internal/web/page"
	"klimaspor/internal/web/peers"
	"klimaspor/internal/web/public"
	"klimaspor/internal/web/reporting"
	"klimaspor/internal/web/suggest"
	"klimaspor/internal/web/trust"
)

//go:embed static/site.css
var siteCSS []byte

// Server renders the pages from one database.
type Server struct {
	*page.Site // the database, log, sessions, clock and templates every module shares
	css        []byte
	cssName    string // fingerprinted file name under /static/
	cssGz      []byte // the stylesheet gzipped
	build      string // identifies the binary and templates, part of every ETag
	cache      *httpcache.LRU[*pageEntry]
	public     *public.Pages    // the front page, municipalities, projects, actions, indicators
	forms      *form.Pages      // the edit and new-record forms
	accounts   *account.Pages   // signing in, accounts, invitations, user administration
	audit      *audit.Pages     // a record's history and the audit log
	overview   *overview.Pages  // /mit, the signed-in person's overview
	reporting  *reporting.Pages // /rapportering, status reporting
	climate    *climate.Pages   // the energy and CO2 accounts' pages
	crossplan  *crossplan.Pages // the cross-plan overview, /paa-tvaers
	peers      *peers.Pages     // the peer comparison, /paa-tvaers/sammenlign
	suggest    *suggest.Pages   // the theme suggestions, /temaforslag
	library    *library.Pages   // the knowledge library: search /bibliotek, items /bibliotek/{id}, site search /soeg
	trust      *trust.Pages     // /tilgaengelighed, /privatliv, /sitemap.xml, /.well-known/security.txt
	// formRoutes are the forms as routed, for the authorization tests (Forms).
	formRoutes []form.Route

	// flights makes concurrent misses of one page render once (middleware.go).
	flights httpcache.Flights[*pageEntry]
}

// Forms are the edit forms (internal/web/form), and the forms as Handler last routed them,
// for their tests.
func (s *Server) Forms() (*form.Pages, []form.Route) { return s.forms, s.formRoutes }

// Accounts are the account pages (internal/web/account), for their settings and tests.
func (s *Server) Accounts() *account.Pages { return s.accounts }

// SetOIDC turns single sign-on on with c (nil turns it off).
func (s *Server) SetOIDC(c *oidc.Client) { s.accounts.SetOIDC(c) }

// SetMail sets how mail is sent and the address the links in it begin with (account.Pages.SetMail);
// the printouts' header shows the same address.
func (s *Server) SetMail(m mail.Sender, baseURL string) error {
	if err := s.accounts.SetMail(m, baseURL); err != nil {
		return err
	}
	s.BaseURL = strings.TrimRight(baseURL, "/")
	return nil
}

// SetTrust sets what the operator told the accessibility statement, the privacy notice and
// security.txt (trust.FromEnv).
func (s *Server) SetTrust(set trust.Settings) { s.trust.Set(set) }

// SetBlobs sets where the knowledge library's files are kept (nil: the database), the same
// store as the API's (api.Server.SetBlobs): the item pages' upload form stores there.
func (s *Server) SetBlobs(b files.Blobs) { s.library.SetBlobs(b) }

// SetMaxFile sets the largest file the item pages' upload form takes, in bytes.
func (s *Server) SetMaxFile(n int64) { s.library.SetMaxFile(n) }

// SetDemo turns demo mode on or off: invitation links not mailed are shown on the page.
func (s *Server) SetDemo(on bool) { s.accounts.SetDemo(on) }

// SetSecureCookies turns the Secure flag of the session cookie on or off. Browsers accept
// Secure cookies from http://localhost; turn it off only to serve plain HTTP to other hosts.
func (s *Server) SetSecureCookies(on bool) { s.Sessions.Secure = on }

// New parses the templates and prepares the static files.
func New(db *store.DB, log *slog.Logger) (*Server, error) {
	s := &Server{}
	// One stylesheet of our own: the site's rules plus the charts' rules.
	s.css = append(append([]byte{}, siteCSS...), chart.CSS...)
	sum := sha256.Sum256(s.css)
	s.cssName = "site." + hex.EncodeToString(sum[:])[:12] + ".css"
	s.cssGz = httpcache.Gzip(s.css)
	site, err := page.NewSite(db, log, "/static/"+s.cssName)
	if err != nil {
		return nil, err
	}
	s.Site = site
	if s.public, err = public.New(site); err != nil {
		return nil, err
	}
	if s.forms, err = form.New(site); err != nil {
		return nil, err
	}
	if s.accounts, err = account.New(site); err != nil {
		return nil, err
	}
	if s.audit, err = audit.New(site); err != nil {
		return nil, err
	}
	if s.overview, err = overview.New(site); err != nil {
		return nil, err
	}
	if s.reporting, err = reporting.New(site); err != nil {
		return nil, err
	}
	if s.climate, err = climate.New(site); err != nil {
		return nil, err
	}
	if s.crossplan, err = crossplan.New(site); err != nil {
		return nil, err
	}
	if s.peers, err = peers.New(site); err != nil {
		return nil, err
	}
	if s.suggest, err = suggest.New(site); err != nil {
		return nil, err
	}
	if s.trust, err = trust.New(site); err != nil {
		return nil, err
	}
	if s.library, err = library.New(site); err != nil {
		return nil, err
	}
	s.build = buildTag(s.TemplateSum(), s.css)
	s.SetCache(DefaultPageCache)
	return s, nil
}

// Handler returns the pages' handler, built from the route table in routes.go and wrapped
// in the security headers, ETags, compression and page cache of middleware.go.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	// The route counted and logged is the pattern this mux chooses, also for a page served
	// from the cache without reaching it; the catch-all 404 is unmatched.
	return metrics.Label(mux, s.wrap(mux), "/")
}

// SetMetrics sets where the pages count (rate-limit refusals), and reports the page cache's
// counters there (a nil m counts nothing).
func (s *Server) SetMetrics(m *metrics.Metrics) {
	s.Metrics = m
	m.Cache("web", func() httpcache.Stats { return s.cache.Stats() })
}
