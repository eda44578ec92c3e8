package climate

import (
	"html/template"

	"klimaspor/internal/i18n"
	"klimaspor/internal/web/page"
)

// crumb is one step of a page's breadcrumb trail (page.Crumb, here so that the pages write
// their trails as short literals).
type crumb struct{ Name, Href string }

// breadcrumbs is the site's trail (page.Breadcrumbs) from the front page to the current page.
func breadcrumbs(l i18n.Localizer, trail ...crumb) template.HTML {
	cs := make([]page.Crumb, len(trail))
	for i, c := range trail {
		cs[i] = page.Crumb(c)
	}
	return page.Breadcrumbs(l, cs...)
}
