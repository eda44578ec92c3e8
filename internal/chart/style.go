package chart

import (
	"math"
)

// Okabe–Ito colours (Okabe & Ito 2008), a palette distinguishable by readers
// with the common forms of colour-vision deficiency.
const (
	oiBlack     = "#000000"
	oiOrange    = "#E69F00"
	oiSkyBlue   = "#56B4E9"
	oiGreen     = "#009E73"
	oiYellow    = "#F0E442"
	oiBlue      = "#0072B2"
	oiVermilion = "#D55E00"
	oiPurple    = "#CC79A7"
)

// lineColors is ordered so that the first colours have ≥ 3:1 contrast on
// white and neighbours differ in lightness; dash patterns and markers make
// series distinguishable in greyscale too.
var lineColors = []string{oiBlue, oiVermilion, oiBlack, oiGreen, oiPurple, oiOrange, oiSkyBlue}

// lineDashes pairs with lineColors; "" is solid.
var lineDashes = []string{"", "9 4", "2 3", "9 3 2 3", "14 4", "5 5", "2 6"}

// fillColors is ordered so that adjacent stack segments differ in lightness
// (CIE L* ≈ 46, 70, 54, 89, 58, 71, 61, 0); hatch patterns add a second cue.
var fillColors = []string{oiBlue, oiSkyBlue, oiVermilion, oiYellow, oiGreen, oiOrange, oiPurple, oiBlack}

// lightFill reports whether a fill colour is light enough to need dark
// hatching rather than white.
func lightFill(c string) bool {
	switch c {
	case oiSkyBlue, oiYellow, oiOrange:
		return true
	}
	return false
}

func lineStyle(i int) (color, dash string, shape int) {
	return lineColors[i%len(lineColors)], lineDashes[i%len(lineDashes)], i % numShapes
}

// Hatches, by part number: the second cue beside the colour. Index 0 is solid.
const (
	hatchNone = iota
	hatchSlash
	hatchDots
	hatchHorizontal
	hatchBackslash
	hatchCross
	hatchVertical
	hatchGrid
	hatchBackslashHorizontal
	hatchSlashVertical
	numHatches
)

// hatchSpacing is the distance between hatch lines.
const hatchSpacing = 8.0

// fillOf is part i's fill colour and hatch. When the colours have been used up, the solid
// fills come back with small dots.
func fillOf(i int) (color string, hatch int, wrapped bool) {
	return fillColors[i%len(fillColors)], i % numHatches, i >= len(fillColors)
}

// hatchedRect draws a rectangle in part i's colour with its hatch on top. The hatch is drawn
// as lines clipped by a nested <svg> rather than as an SVG pattern: a browser prints
// patterns as pictures of the whole page (a municipality's printout was 9 MB), but lines as
// lines. attrs go on the rectangle (class, stroke); title, if any, is its tooltip.
func (b *svgBuilder) hatchedRect(x, y, w, h float64, i int, attrs, title string) {
	color, hatch, wrapped := fillOf(i)
	b.styledRect(x, y, w, h, color, hatch, wrapped, attrs, title)
}

// styledRect draws a rectangle of a colour with a hatch (see hatchedRect).
func (b *svgBuilder) styledRect(x, y, w, h float64, color string, hatch int, wrapped bool, attrs, title string) {
	b.WriteString(`<rect`)
	b.box(x, y, w, h)
	b.WriteString(` fill="` + color + `"` + attrs + `>`)
	if title != "" {
		b.printf(`<title>%s</title>`, esc(title))
	}
	b.WriteString(`</rect>`)
	d, dots := hatchPath(hatch, wrapped, w, h)
	if len(d) == 0 {
		return
	}
	ink, op := "#ffffff", "0.85"
	if lightFill(color) {
		ink, op = "#000000", "0.6"
	}
	if color == oiBlack {
		ink, op = "#ffffff", "0.7"
	}
	width, cap := "1.5", ""
	if dots {
		width, cap = "2.8", ` stroke-linecap="round"`
	}
	b.WriteString(`<svg`)
	b.box(x, y, w, h)
	b.WriteString(` aria-hidden="true" pointer-events="none"><path d="`)
	b.Write(d)
	b.WriteString(`" stroke="` + ink + `" stroke-opacity="` + op + `" stroke-width="` + width + `"` + cap + ` fill="none"/></svg>`)
}

// box writes the attributes x, y, width and height, each with a space before it.
func (b *svgBuilder) box(x, y, w, h float64) {
	b.WriteString(` x="`)
	b.num(x)
	b.WriteString(`" y="`)
	b.num(y)
	b.WriteString(`" width="`)
	b.num(w)
	b.WriteString(`" height="`)
	b.num(h)
	b.WriteString(`"`)
}

// hatchPath is a hatch's lines across a w×h box, in the box's own coordinates; dots are
// zero-length lines with round ends.
func hatchPath(hatch int, wrapped bool, w, h float64) (d []byte, dots bool) {
	var sb []byte
	line := func(x, y, dx, dy float64) {
		sb = append(sb, 'M')
		sb = append(appendNum(sb, x), ',')
		sb = append(appendNum(sb, y), 'l')
		sb = append(appendNum(sb, dx), ',')
		sb = appendNum(sb, dy)
	}
	slash := func() {
		for k := -h; k < w; k += hatchSpacing {
			line(k, h, h, -h)
		}
	}
	backslash := func() {
		for k := -h; k < w; k += hatchSpacing {
			line(k, 0, h, h)
		}
	}
	horizontal := func() {
		for y := hatchSpacing / 2; y < h; y += hatchSpacing {
			line(0, y, w, 0)
		}
	}
	vertical := func() {
		for x := hatchSpacing / 2; x < w; x += hatchSpacing {
			line(x, 0, 0, h)
		}
	}
	dotGrid := func(step float64) {
		for y := step / 2; y < h; y += step {
			for x := step / 2; x < w; x += step {
				sb = append(sb, 'M')
				sb = append(appendNum(sb, x), ',')
				sb = append(appendNum(sb, y), 'h', '0')
			}
		}
	}
	switch hatch {
	case hatchNone:
		if !wrapped {
			return nil, false
		}
		dotGrid(hatchSpacing)
		return sb, true
	case hatchSlash:
		slash()
	case hatchDots:
		dotGrid(hatchSpacing / 2)
		return sb, true
	case hatchHorizontal:
		horizontal()
	case hatchBackslash:
		backslash()
	case hatchCross:
		slash()
		backslash()
	case hatchVertical:
		vertical()
	case hatchGrid:
		horizontal()
		vertical()
	case hatchBackslashHorizontal:
		backslash()
		horizontal()
	case hatchSlashVertical:
		slash()
		vertical()
	}
	return sb, false
}

const numShapes = 6

// marker draws a filled marker of the given shape centred at (x, y) with
// "radius" r. class and title (escaped) are optional.
func (b *svgBuilder) marker(shape int, x, y, r float64, fill, stroke, class, title string) {
	cls := ""
	if class != "" {
		cls = ` class="` + class + `"`
	}
	attrs := cls + ` fill="` + fill + `" stroke="` + stroke + `" stroke-width="1.25"`
	var el string
	switch shape % numShapes {
	case 0: // circle
		el = `<circle cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(r) + `"` + attrs
		b.WriteString(el)
		b.endMarker("circle", title)
		return
	case 1: // square
		s := r * 0.9
		el = polygon(x, y, [][2]float64{{-s, -s}, {s, -s}, {s, s}, {-s, s}})
	case 2: // triangle up
		el = polygon(x, y, [][2]float64{{0, -r * 1.2}, {r * 1.1, r * 0.8}, {-r * 1.1, r * 0.8}})
	case 3: // triangle down
		el = polygon(x, y, [][2]float64{{0, r * 1.2}, {r * 1.1, -r * 0.8}, {-r * 1.1, -r * 0.8}})
	case 4: // hexagon
		pts := make([][2]float64, 6)
		for k := range pts {
			a := math.Pi / 3 * float64(k)
			pts[k] = [2]float64{r * 1.1 * math.Cos(a), r * 1.1 * math.Sin(a)}
		}
		el = polygon(x, y, pts)
	case 5: // plus
		t, s := r*0.45, r*1.2
		el = polygon(x, y, [][2]float64{{-t, -s}, {t, -s}, {t, -t}, {s, -t}, {s, t}, {t, t}, {t, s}, {-t, s}, {-t, t}, {-s, t}, {-s, -t}, {-t, -t}})
	}
	b.WriteString(`<path d="` + el + `"` + attrs)
	b.endMarker("path", title)
}

func (b *svgBuilder) endMarker(tag, title string) {
	if title == "" {
		b.WriteString(`/>`)
		return
	}
	b.WriteString(`><title>` + esc(title) + `</title></` + tag + `>`)
}

// diamond draws an open diamond (used for targets).
func (b *svgBuilder) diamond(x, y, r float64, stroke, class, title string) {
	d := polygon(x, y, [][2]float64{{0, -r * 1.3}, {r * 1.3, 0}, {0, r * 1.3}, {-r * 1.3, 0}})
	b.printf(`<path class="%s" d="%s" fill="#ffffff" stroke="%s" stroke-width="2"`, class, d, stroke)
	b.endMarker("path", title)
}

func polygon(x, y float64, pts [][2]float64) string {
	var s []byte
	for i, p := range pts {
		if i == 0 {
			s = append(s, 'M')
		} else {
			s = append(s, 'L')
		}
		s = append(s, num(x+p[0])...)
		s = append(s, ',')
		s = append(s, num(y+p[1])...)
	}
	return string(append(s, 'Z'))
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var buf [20]byte
	n := len(buf)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		buf[n] = digits[i%10]
		i /= 10
	}
	if neg {
		n--
		buf[n] = '-'
	}
	return string(buf[n:])
}

// CSS is an optional stylesheet for pages that embed the charts. Charts are
// fully styled by presentation attributes; this adds responsive sizing, the
// table alternative's look and print rules (no page breaks inside a chart,
// exact colours, A4 friendly width).
const CSS = `.chart{display:block;width:100%;max-width:48rem;height:auto;overflow:visible}
.chart--progress{display:inline-block;max-width:16rem;vertical-align:middle}
.chart text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.chart-table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
.chart-table caption{text-align:left;font-weight:600;padding:.25rem 0}
.chart-table th,.chart-table td{border-bottom:1px solid #d9d9d9;padding:.25rem .5rem;text-align:left}
.chart-table td.num{text-align:right;white-space:nowrap}
.chart-table tr.chart-highlight th,.chart-table tr.chart-highlight td{font-weight:700}
@media print{
.chart,.chart-table{break-inside:avoid;page-break-inside:avoid}
.chart{max-width:17cm;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.chart--progress{max-width:6cm}
.chart-table{font-size:10pt}
}
`
