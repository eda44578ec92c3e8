// Package page renders Klimaspor's HTML pages and answers their errors: the layout every
// page shares, the templates each module parses with it, the handler adapter (Handle, Post)
// that turns a returned error into a translated error page, and what the request carries
// (the reader's language, the signed-in person, the session's form token). Every module of
// the web interface (internal/web, internal/web/account, …) builds on one Site; this
// package imports none of them.
package page

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"fmt"
	"hash"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/metrics"
	"klimaspor/internal/model"
	"klimaspor/internal/proxy"
	"klimaspor/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

// layoutFiles are parsed with every page: the layout and the sub-templates any page may use.
var layoutFiles = []string{"templates/layout.html", "templates/export.html"}

// Site is what every module of the web interface shares: the database, the log, the
// sessions, the clock and the parsed templates.
type Site struct {
	DB  *store.DB
	Log *slog.Logger
	// Sessions signs people in; its cookie is Secure unless the server turns it off.
	Sessions *auth.Sessions
	// Clock is the time now: time.Now, or a test's clock (the sign-in slowdown, token expiry).
	Clock func() time.Time
	// Proxies are the load balancers whose X-Forwarded-For and -Proto are believed.
	Proxies proxy.Trusted
	// BaseURL is the address people reach the site at (KLIMASPOR_BASE_URL, no trailing slash),
	// for the printout's header; "" prints the path alone.
	BaseURL string
	// Metrics counts what the pages do (rate-limit refusals); nil counts nothing.
	Metrics *metrics.Metrics
	cssPath string
	tmpl    map[string]*template.Template
	sources hash.Hash // every template parsed, for the build tag
}

// NewSite prepares a site whose pages link the stylesheet at cssPath, and parses the error page.
func NewSite(db *store.DB, log *slog.Logger, cssPath string) (*Site, error) {
	s := &Site{DB: db, Log: log, Sessions: &auth.Sessions{DB: db, Secure: true}, Clock: time.Now,
		cssPath: cssPath, tmpl: map[string]*template.Template{}, sources: sha256.New()}
	for _, name := range layoutFiles {
		b, err := fs.ReadFile(templateFS, name)
		if err != nil {
			return nil, fmt.Errorf("page: %w", err)
		}
		s.sources.Write([]byte(name))
		s.sources.Write(b)
	}
	if err := s.Parse(templateFS, "error"); err != nil {
		return nil, err
	}
	return s, nil
}

// Parse parses each named page, templates/<name>.html in fsys, with the layout into a set
// of its own, for Write to render by name. A module parses its pages when it is built, so a
// missing or broken one fails the server's start, not a request.
func (s *Site) Parse(fsys fs.FS, names ...string) error {
	return s.ParseWith(fsys, nil, names...)
}

// ParseWith parses each named page like Parse, each together with the module's shared
// sub-templates, templates/<name>.html in fsys for each of shared: what several pages of
// one module use and no other module does.
func (s *Site) ParseWith(fsys fs.FS, shared []string, names ...string) error {
	var sharedFiles []string
	for _, name := range shared {
		file := "templates/" + name + ".html"
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return fmt.Errorf("page: %w", err)
		}
		s.sources.Write([]byte(file))
		s.sources.Write(b)
		sharedFiles = append(sharedFiles, file)
	}
	for _, name := range names {
		if _, dup := s.tmpl[name]; dup {
			return fmt.Errorf("page: template %s parsed twice", name)
		}
		file := "templates/" + name + ".html"
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, layoutFiles...)
		if err == nil && len(sharedFiles) > 0 {
			t, err = t.ParseFS(fsys, sharedFiles...)
		}
		if err == nil {
			t, err = t.ParseFS(fsys, file)
		}
		if err != nil {
			return fmt.Errorf("page: parse template %s: %w", name, err)
		}
		b, _ := fs.ReadFile(fsys, file)
		s.sources.Write([]byte(file))
		s.sources.Write(b)
		s.tmpl[name] = t
	}
	return nil
}

// TemplateSum identifies every template parsed so far, for the pages' ETags: a new release
// never answers 304 to a page rendered by the old one.
func (s *Site) TemplateSum() []byte { return s.sources.Sum(nil) }

// SetTrustedProxies names the load balancers and proxies (addresses or CIDR ranges, comma
// separated) whose X-Forwarded-For header tells the client's address, for the sign-in limits,
// and whose X-Forwarded-Proto tells that the client came over HTTPS, for HSTS.
func (s *Site) SetTrustedProxies(list string) error {
	t, err := proxy.Parse(list)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	s.Proxies = t
	return nil
}

// Now is the time now, by the site's clock.
func (s *Site) Now() time.Time { return s.Clock() }

// CSSPath is the stylesheet's fingerprinted URL path.
func (s *Site) CSSPath() string { return s.cssPath }

// Page is what the layout needs, plus the page's own Data.
type Page struct {
	L         i18n.Localizer
	Title     string
	CSS       string
	Here      string // the current path and query, for the language switch's return
	Other     i18n.Lang
	SwitchURL string
	Nav       string // which nav item is current
	ErrorCode string
	Saved     bool // the reader has just saved a change (?gemt=1): the page confirms it
	User      *auth.Principal
	CSRF      string // the session's form token, in every form that changes something
	// Reporter: the reader reports or reviews status reports (the project-lead role
	// anywhere, the secretariat, an administrator); the header links to the reporting pages.
	Reporter bool
	// Address is the page's address (absolute when BaseURL is set) and DataDate the day it was rendered, for the
	// printout's header. A page is rendered again whenever the data changes (the page cache is
	// keyed by the data version), so the data shown is as it stood on DataDate.
	Address  string
	DataDate time.Time
	Data     any
}

// Localizer is the reader's language: the language switch's cookie, else Accept-Language.
func Localizer(r *http.Request) i18n.Localizer {
	cookie := ""
	if c, err := r.Cookie(i18n.CookieName); err == nil {
		cookie = c.Value
	}
	return i18n.For(i18n.Negotiate(cookie, r.Header.Get("Accept-Language")))
}

// NewPage starts a page of the request in l with the given title.
func (s *Site) NewPage(r *http.Request, l i18n.Localizer, title string) *Page {
	return &Page{L: l, Title: title, CSS: s.CSSPath(), Here: r.URL.RequestURI(), Other: l.Lang.Other(), SwitchURL: SwitchURL(l.Lang.Other(), r.URL.RequestURI()),
		Saved: r.URL.Query().Get("gemt") == "1", User: PrincipalOf(r.Context()), CSRF: auth.CSRFToken(SessionToken(r.Context())),
		Reporter: Reporter(PrincipalOf(r.Context())),
		Address:  s.address(r), DataDate: s.Now().In(DanishTime)}
}

// Reporter reports whether p reports or reviews status reports: the project-lead role
// anywhere, the secretariat or an administrator.
func Reporter(p *auth.Principal) bool {
	return p.Signed() && auth.MayWriteAny(p, model.Reports) == nil
}

// address is the page's address: absolute when the site knows its public address (BaseURL),
// else the path. Never built from the request's Host, which the client chooses and which the
// page cache (keyed by path) would then serve to everyone.
func (s *Site) address(r *http.Request) string {
	return s.BaseURL + r.URL.RequestURI()
}

// Write renders a page into a buffer and sends it, so a template error never leaves half a page.
func (s *Site) Write(w http.ResponseWriter, name string, status int, p *Page) error {
	t, ok := s.tmpl[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", p.L.Code())
	h.Set("Vary", "Accept-Encoding, Cookie, Accept-Language")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Render sends a page with status 200.
func (s *Site) Render(w http.ResponseWriter, name string, p *Page) error {
	return s.Write(w, name, http.StatusOK, p)
}

// Details puts a chart's table alternative in a disclosure below the chart.
func Details(l i18n.Localizer, table template.HTML) template.HTML {
	return template.HTML(`<details class="table-alt"><summary>`) +
		template.HTML(template.HTMLEscapeString(l.T("chart.show_table"))) +
		template.HTML("</summary>") + table + template.HTML("</details>")
}

var funcs = template.FuncMap{
	// exportHref is the address of a list of the page as a file (export.go).
	"exportHref": ExportHref,
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

// ContentSecurityPolicy is every page's policy: nothing inline and nothing from elsewhere.
// The sign-in page widens form-action for the single sign-on provider (account/sso.go).
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// DanishTime is the zone times are shown in (model.Copenhagen).
var DanishTime = model.Copenhagen

// Option is one choice of a select or of a group of checkboxes.
type Option struct {
	Value, Label string
	Selected     bool
	ID           string // the checkbox's id, for a group of checkboxes
}

// FormError is one line of a form's error summary: a link to the field and its message.
type FormError struct {
	ID, Label, Message string
}
