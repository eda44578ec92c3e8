package geo

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
)

// Table renders the table alternative to Choropleth for the same options:
// a <table class="geo-table"> with a caption (Caption, else Title) and one
// row per municipality in Danish alphabetical order: name (a row header,
// linked when Href is set), formatted value (or NoDataLabel) and the class
// range as in the legend. Column headers are NameHeader, ValueHeader and
// ClassHeader.
func Table(o Options) (template.HTML, error) {
	p, err := o.prepare()
	if err != nil {
		return "", err
	}
	codes := append([]string(nil), p.codes...)
	keys := map[string]string{}
	for _, c := range codes {
		keys[c] = danishKey(p.t.shapes[c].name)
	}
	sort.SliceStable(codes, func(i, j int) bool {
		if keys[codes[i]] != keys[codes[j]] {
			return keys[codes[i]] < keys[codes[j]]
		}
		return codes[i] < codes[j]
	})
	caption := o.Caption
	if caption == "" {
		caption = o.Title
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<table class="geo-table" id="%s-table">`+"\n<caption>%s</caption>\n", o.ID, esc(caption))
	fmt.Fprintf(&b, `<thead><tr><th scope="col">%s</th><th scope="col" class="num">%s</th><th scope="col">%s</th></tr></thead>`+"\n<tbody>\n",
		esc(o.NameHeader), esc(o.ValueHeader), esc(o.ClassHeader))
	for _, c := range codes {
		name := esc(p.t.shapes[c].name)
		if o.Href != nil {
			if h := o.Href(c); h != "" {
				href, err := safeHref(h)
				if err != nil {
					return "", err
				}
				name = `<a href="` + href + `">` + name + `</a>`
			}
		}
		val, class := esc(o.NoDataLabel), ""
		if v, ok := o.value(c); ok {
			val = esc(p.format(v))
			class = esc(p.labels[ClassOf(v, o.Breaks)])
		}
		fmt.Fprintf(&b, `<tr data-code="%s"><th scope="row">%s</th><td class="num">%s</td><td>%s</td></tr>`+"\n", c, name, val, class)
	}
	b.WriteString("</tbody>\n</table>")
	return template.HTML(b.String()), nil
}

// danishKey is a sort key for Danish alphabetical order: æ, ø, å after z,
// and a leading "aa" (Aabenraa, Aalborg, Aarhus) sorted as å.
func danishKey(s string) string {
	s = strings.ToLower(s)
	if strings.HasPrefix(s, "aa") {
		s = "å" + s[2:]
	}
	r := strings.NewReplacer("æ", "{", "ä", "{", "ø", "|", "ö", "|", "å", "}", "é", "e", "ü", "y")
	return r.Replace(s)
}
