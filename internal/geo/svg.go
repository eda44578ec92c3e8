package geo

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Attribution is the attribution the boundary data asks for. Maps show it
// unless Options.HideAttribution is set (then show it elsewhere on the page).
const Attribution = "Indeholder data fra Klimadatastyrelsen"

// Options describe a choropleth map and its table alternative. All strings
// are shown as given (already translated); they are escaped here.
type Options struct {
	// ID prefixes every element id in the SVG; it must be unique in the page
	// and match [A-Za-z][A-Za-z0-9_-]*.
	ID          string
	Title       string // the map's accessible name (<title>); also the table caption by default
	Description string // <desc>: what the map shows, e.g. the main finding

	// Codes is the subset to draw (3-digit codes; 4-digit DAGI codes are
	// accepted). Empty means the 98 municipalities. Christiansø ("411") is
	// drawn only when listed.
	Codes []string
	// Values by code. A missing code or NaN is "no data" (hatched).
	Values map[string]float64
	// Format formats values and class edges; default strconv 'g'.
	Format func(float64) string
	// Breaks are the class edges, ascending, k+1 of them for k classes; see
	// QuantileBreaks and NiceBreaks.
	Breaks []float64
	// Palette has one colour per class, light (low) to dark (high). Default
	// SequentialPalette(k).
	Palette     []string
	NoDataLabel string // legend and tooltip text for missing values, e.g. "Ingen data"
	LegendTitle string // optional heading above the legend, e.g. the unit

	// Href, if set, links each municipality (empty string: no link). Only
	// relative, http and https URLs are accepted. Maps are role="img", so
	// assistive technology does not expose these links: give the table the
	// same Href.
	Href func(code string) string
	// Highlight codes are drawn with a thick dark outline.
	Highlight []string

	// Width of the viewBox; default 480. The SVG scales to its container
	// with CSS (e.g. svg{max-width:100%;height:auto}).
	Width           float64
	HideAttribution bool

	// Table only: caption (default Title) and column headers.
	Caption                              string
	NameHeader, ValueHeader, ClassHeader string
}

// prepared holds what map and table share.
type prepared struct {
	t       *topology
	codes   []string
	format  func(float64) string
	palette []string
	labels  []string // legend label per class
}

func (o *Options) prepare() (*prepared, error) {
	if !validID(o.ID) {
		return nil, fmt.Errorf("geo: invalid ID prefix %q", o.ID)
	}
	t, err := load()
	if err != nil {
		return nil, err
	}
	codes, err := normalizeCodes(t, o.Codes)
	if err != nil {
		return nil, err
	}
	k := len(o.Breaks) - 1
	if k < 1 {
		return nil, errors.New("geo: need at least two class edges in Breaks")
	}
	for i := 1; i < len(o.Breaks); i++ {
		if !(o.Breaks[i] > o.Breaks[i-1]) {
			return nil, errors.New("geo: Breaks must be strictly ascending")
		}
	}
	p := &prepared{t: t, codes: codes, format: o.Format, palette: o.Palette}
	if p.format == nil {
		p.format = func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	}
	if p.palette == nil {
		p.palette = SequentialPalette(k)
	}
	if len(p.palette) != k {
		return nil, fmt.Errorf("geo: %d colours for %d classes", len(p.palette), k)
	}
	for i := 0; i < k; i++ {
		p.labels = append(p.labels, p.format(o.Breaks[i])+"–"+p.format(o.Breaks[i+1]))
	}
	return p, nil
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for i, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '_'):
		default:
			return false
		}
	}
	return true
}

// safeHref returns the escaped URL, or an error for schemes other than
// http and https (javascript: and the like).
func safeHref(h string) (string, error) {
	u, err := url.Parse(h)
	if err != nil {
		return "", fmt.Errorf("geo: bad link %q: %w", h, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
		return esc(h), nil
	}
	return "", fmt.Errorf("geo: link scheme %q not allowed", u.Scheme)
}

func esc(s string) string { return html.EscapeString(s) }

func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// value returns v and whether it is data.
func (o *Options) value(code string) (float64, bool) {
	v, ok := o.Values[code]
	if !ok || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// Choropleth renders a choropleth map of the subset as a standalone SVG
// element (no script, no external resources, no inline styles): one <path>
// per municipality with a <title> tooltip of name and value, Bornholm in an
// inset when drawn with others, a hatch for missing data, a legend and the
// data attribution. Output for the same options is byte-identical.
func Choropleth(o Options) (template.HTML, error) {
	p, err := o.prepare()
	if err != nil {
		return "", err
	}
	width := o.Width
	if width <= 0 {
		width = defaultWidth
	}
	l := getLayout(p.t, p.codes, width)

	hl := highlighted(o.Highlight)

	id := o.ID
	legendY := l.height + 8
	rows := len(p.labels) + 1
	if o.LegendTitle != "" {
		rows++
	}
	height := legendY + float64(rows)*legendRowH
	if !o.HideAttribution {
		height += 14
	}
	height = math.Ceil(height)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" id="%s" class="geo-map" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title" aria-describedby="%s-desc" font-family="system-ui, sans-serif">`,
		id, num(l.width), num(height), num(l.width), num(height), id, id)
	fmt.Fprintf(&b, "\n<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, esc(o.Title), id, esc(o.Description))
	fmt.Fprintf(&b, `<defs><pattern id="%s-nodata" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)"><rect width="5" height="5" fill="#f2f2f2"/><line x1="0" y1="0" x2="0" y2="5" stroke="#737373" stroke-width="1.5"/></pattern></defs>`, id)
	b.WriteByte('\n')

	b.WriteString(`<g class="geo-areas" stroke="#fff" stroke-width=".6" stroke-linejoin="round" fill-rule="evenodd">` + "\n")
	if err := writeAreas(&b, &o, p, l, hl, l.main); err != nil {
		return "", err
	}
	b.WriteString("</g>\n")
	if len(l.inset) > 0 {
		f := l.insetFrame
		fmt.Fprintf(&b, `<g class="geo-inset"><rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#767676" stroke-width=".75"/>`+"\n",
			num(f.x), num(f.y), num(f.w), num(f.h))
		b.WriteString(`<g stroke="#fff" stroke-width=".6" stroke-linejoin="round" fill-rule="evenodd">` + "\n")
		if err := writeAreas(&b, &o, p, l, hl, l.inset); err != nil {
			return "", err
		}
		b.WriteString("</g></g>\n")
	}

	writeLegend(&b, &o, p, legendY)
	if !o.HideAttribution {
		fmt.Fprintf(&b, `<text class="geo-attribution" x="%s" y="%s" font-size="9" fill="#595959" text-anchor="end">%s</text>`+"\n",
			num(l.width-mapPad), num(height-4), esc(Attribution))
	}
	b.WriteString("</svg>")
	return template.HTML(b.String()), nil
}

// legendRowH and legendFontSize size the legend's rows and text.
const legendRowH, legendFontSize = 20.0, 12.0

// highlighted is the set of highlighted codes, 4-digit DAGI codes shortened.
func highlighted(codes []string) map[string]bool {
	hl := map[string]bool{}
	for _, c := range codes {
		if len(c) == 4 && c[0] == '0' {
			c = c[1:]
		}
		hl[c] = true
	}
	return hl
}

// writeAreas writes one <path> per code with its fill and tooltip, linked where o.Href
// gives an address; highlighted areas last, so their outline is not covered by neighbours.
func writeAreas(b *strings.Builder, o *Options, p *prepared, l *layout, hl map[string]bool, codes []string) error {
	id := o.ID
	order := append([]string(nil), codes...)
	sort.SliceStable(order, func(i, j int) bool { return !hl[order[i]] && hl[order[j]] })
	for _, c := range order {
		d := l.paths[c]
		if d == "" {
			continue
		}
		name := p.t.shapes[c].name
		fill := "url(#" + id + "-nodata)"
		label := o.NoDataLabel
		if v, ok := o.value(c); ok {
			fill = p.palette[ClassOf(v, o.Breaks)]
			label = p.format(v)
		}
		href := ""
		if o.Href != nil {
			if h := o.Href(c); h != "" {
				var err error
				if href, err = safeHref(h); err != nil {
					return err
				}
				fmt.Fprintf(b, `<a href="%s">`, href)
			}
		}
		extra := ""
		if hl[c] {
			extra = ` stroke="#000" stroke-width="1.5"`
		}
		fmt.Fprintf(b, `<path data-code="%s" fill="%s"%s d="%s"><title>%s: %s</title></path>`,
			c, fill, extra, d, esc(name), esc(label))
		if href != "" {
			b.WriteString("</a>")
		}
		b.WriteByte('\n')
	}
	return nil
}

// writeLegend writes the legend from legendY down: its title, a swatch per class and one
// for missing data.
func writeLegend(b *strings.Builder, o *Options, p *prepared, legendY float64) {
	id := o.ID
	fmt.Fprintf(b, `<g class="geo-legend" font-size="%s" fill="#1a1a1a">`, num(legendFontSize))
	b.WriteByte('\n')
	y := legendY
	if o.LegendTitle != "" {
		fmt.Fprintf(b, `<text x="%s" y="%s" font-weight="bold">%s</text>`+"\n", num(mapPad), num(y+14), esc(o.LegendTitle))
		y += legendRowH
	}
	swatch := func(fill, label string) {
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="20" height="14" fill="%s" stroke="#767676" stroke-width=".5"/><text x="%s" y="%s">%s</text>`+"\n",
			num(mapPad), num(y+2), fill, num(mapPad+28), num(y+13.5), esc(label))
		y += legendRowH
	}
	for i, lab := range p.labels {
		swatch(p.palette[i], lab)
	}
	swatch("url(#"+id+"-nodata)", o.NoDataLabel)
	b.WriteString("</g>\n")
}
