package climate

import (
	"html/template"
	"strings"

	"klimaspor/internal/i18n"
)

// crumb is one step of a page's breadcrumb trail; the last is the current page.
type crumb struct{ Name, Href string }

// breadcrumbs is the trail from the front page to the current page, as the public pages
// write it: an ordered list in a nav landmark, the current page marked and not linked.
func breadcrumbs(l i18n.Localizer, trail ...crumb) template.HTML {
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
