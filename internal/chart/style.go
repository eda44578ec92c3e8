package chart

import "math"

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

// hatch paths in an 8×8 tile, indexed by part number; index 0 is solid.
var hatches = []string{
	"",
	"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", // diagonal /
	"dots",                               // dots
	"M0,4 h8",                            // horizontal
	"M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4",    // diagonal \
	"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4 M0,0 l8,8", // cross-hatch
	"M4,0 v8",         // vertical
	"M0,4 h8 M4,0 v8", // grid
	"M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4 M0,4 h8",    // \ plus horizontal
	"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4 M4,0 v8", // / plus vertical
}

// writePattern defines pattern ID-p<i> (fill colour plus hatch) in a <defs>
// block and returns the fill attribute value to use for part i.
func (b *svgBuilder) fillFor(i int) string {
	if i%len(hatches) == 0 && i < len(fillColors) {
		return fillColors[i%len(fillColors)]
	}
	return "url(#" + b.id + "-p" + itoa(i) + ")"
}

func (b *svgBuilder) writePatterns(n int) {
	var wrote bool
	for i := 0; i < n; i++ {
		if i%len(hatches) == 0 && i < len(fillColors) {
			continue
		}
		if !wrote {
			b.WriteString("<defs>")
			wrote = true
		}
		b.writePattern(b.id+"-p"+itoa(i), fillColors[i%len(fillColors)], hatches[i%len(hatches)])
	}
	if wrote {
		b.WriteString("</defs>")
	}
}

func (b *svgBuilder) writePattern(id, color, hatch string) {
	stroke, op := "#ffffff", "0.85"
	if lightFill(color) {
		stroke, op = "#000000", "0.6"
	}
	if color == oiBlack {
		stroke, op = "#ffffff", "0.7"
	}
	b.printf(`<pattern id="%s" patternUnits="userSpaceOnUse" width="8" height="8"><rect width="8" height="8" fill="%s"/>`, id, color)
	switch hatch {
	case "":
		// a solid tile (used when the palette has wrapped around)
		b.printf(`<circle cx="4" cy="4" r="1" fill="%s" fill-opacity="%s"/>`, stroke, op)
	case "dots":
		b.printf(`<circle cx="2" cy="2" r="1.4" fill="%s" fill-opacity="%s"/><circle cx="6" cy="6" r="1.4" fill="%s" fill-opacity="%s"/>`, stroke, op, stroke, op)
	default:
		b.printf(`<path d="%s" stroke="%s" stroke-opacity="%s" stroke-width="1.5" fill="none"/>`, hatch, stroke, op)
	}
	b.WriteString(`</pattern>`)
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
