package page

import (
	"html/template"
	"strings"

	"klimaspor/internal/i18n"
)

// Crumb is one step of a page's breadcrumb trail; Href "" is a step without a page of its
// own (the municipalities and projects are lists on the front page, indicators have none).
type Crumb struct{ Name, Href string }

// Breadcrumbs is the trail from the front page to the current page, whose name is last:
// an ordered list in a nav landmark of its own label, the current page marked
// aria-current="page" and not linked. Every public page below the front page starts with it (internal/web/public, internal/web/climate).
func Breadcrumbs(l i18n.Localizer, trail ...Crumb) template.HTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.WriteString(`<nav class="breadcrumbs" aria-label="` + esc(l.T("nav.breadcrumbs")) + `"><ol>`)
	b.WriteString(`<li><a href="/">` + esc(l.T("nav.home")) + `</a></li>`)
	for i, c := range trail {
		switch {
		case i == len(trail)-1:
			b.WriteString(`<li><span aria-current="page">` + esc(c.Name) + `</span></li>`)
		case c.Href != "":
			b.WriteString(`<li><a href="` + esc(c.Href) + `">` + esc(c.Name) + `</a></li>`)
		default:
			b.WriteString(`<li>` + esc(c.Name) + `</li>`)
		}
	}
	b.WriteString(`</ol></nav>`)
	return template.HTML(b.String())
}
