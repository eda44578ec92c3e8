package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
)

// page is what the layout needs, plus the page's own Data.
type page struct {
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
	Data      any
}

func (s *Server) localizer(r *http.Request) i18n.Localizer {
	cookie := ""
	if c, err := r.Cookie(i18n.CookieName); err == nil {
		cookie = c.Value
	}
	return i18n.For(i18n.Negotiate(cookie, r.Header.Get("Accept-Language")))
}

func (s *Server) newPage(r *http.Request, l i18n.Localizer, title string) *page {
	return &page{L: l, Title: title, CSS: s.CSSPath(), Here: r.URL.RequestURI(), Other: l.Lang.Other(), SwitchURL: switchURL(l.Lang.Other(), r.URL.RequestURI()),
		Saved: r.URL.Query().Get("gemt") == "1", User: principalOf(r.Context()), CSRF: auth.CSRFToken(sessionToken(r.Context()))}
}

// write renders a page into a buffer and sends it, so a template error never leaves half a page.
func (s *Server) write(w http.ResponseWriter, name string, status int, p *page) error {
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

// render sends a page with status 200.
func (s *Server) render(w http.ResponseWriter, name string, p *page) error {
	return s.write(w, name, http.StatusOK, p)
}

// details puts a chart's table alternative in a disclosure below the chart.
func details(l i18n.Localizer, table template.HTML) template.HTML {
	return template.HTML(`<details class="table-alt"><summary>`) +
		template.HTML(template.HTMLEscapeString(l.T("chart.show_table"))) +
		template.HTML("</summary>") + table + template.HTML("</details>")
}
