package chart

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formatter renders a number for display in the reader's locale, for example
// Danish "1.234,5". A nil Formatter falls back to a plain, locale-neutral
// representation (strconv 'f' with minimal precision).
type Formatter func(float64) string

// DecimalFormatter renders a number with exactly the given decimals in the reader's locale.
// Charts use it, when set, for axis tick labels, whose decimals follow the tick step rather
// than the data (web can pass i18n's Localizer.Number). Without it the tick labels are the
// Formatter's text trimmed of zero decimals, which is right for every Formatter that writes
// a fixed number of decimals.
type DecimalFormatter func(v float64, decimals int) string

func (f Formatter) format(v float64) string {
	if f == nil {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return f(v)
}

// Meta holds what every chart needs regardless of kind.
type Meta struct {
	// ID is a page-unique prefix used for the title, desc and pattern IDs.
	// Characters outside [A-Za-z0-9_-] are replaced by '-'.
	ID string
	// Title is the short accessible name (rendered as <title>).
	Title string
	// Desc is the accessible description (rendered as <desc>); it should
	// summarise the main message of the chart.
	Desc string
	// NoData is shown instead of the chart when there is no finite data, and
	// used as the empty-table message.
	NoData string
	// Missing is the table cell text for a missing value (e.g. "–").
	Missing string
	// Width and Height override the viewBox size in user units (≈ CSS px at
	// the default size). Zero means the chart kind's default. Heights of bar
	// charts are derived from the number of bars and ignore Height.
	Width, Height float64
}

const (
	fontFamily   = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
	fontSize     = 14.0 // default text size in user units
	smallFont    = 13.0 // tick labels; still ≥ 12px at default width
	charWidth    = 0.6  // conservative average glyph width as fraction of font size
	textColor    = "#1a1a1a"
	axisColor    = "#595959" // ≥ 7:1 against white
	gridColor    = "#d9d9d9"
	defaultWidth = 640.0
)

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// esc escapes s for use in XML/HTML text and double-quoted attributes.
// Characters that are invalid in XML are replaced by U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // strings.Builder never fails
	return b.String()
}

// num formats a coordinate with at most two decimals, deterministically.
func num(v float64) string {
	var b [24]byte
	return string(appendNum(b[:0], v))
}

// appendNum appends num(v) to dst: v rounded to two decimals, without trailing zeros, with
// no "-0". It writes the whole hundredths as an integer, which is exact below 10^15 and
// several times faster than the shortest float form (charts write thousands of numbers a
// page; issue 14); above that it falls back to the float form, which then is the same.
func appendNum(dst []byte, v float64) []byte {
	if !finite(v) {
		return append(dst, '0')
	}
	r := math.Round(v * 100)
	switch {
	case r == 0:
		return append(dst, '0')
	case math.Abs(r) >= 1e15:
		return strconv.AppendFloat(dst, r/100, 'f', -1, 64)
	}
	n := int64(r)
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	dst = strconv.AppendInt(dst, n/100, 10)
	if f := n % 100; f != 0 {
		dst = append(dst, '.', byte('0'+f/10))
		if f%10 != 0 {
			dst = append(dst, byte('0'+f%10))
		}
	}
	return dst
}

// textWidth estimates the rendered width of s at the given font size.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * charWidth
}

// truncate shortens s with an ellipsis so that it fits in width at size.
func truncate(s string, width, size float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	n := int(width/(size*charWidth)) - 1
	if n < 1 {
		n = 1
	}
	r := []rune(s)
	if n >= len(r) {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// sanitizeID makes id safe for use in id attributes and url(#...) references.
func sanitizeID(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := b.String()
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "c" + s
	}
	return s
}

func (m Meta) width(def float64) float64 {
	if m.Width > 0 && finite(m.Width) {
		return m.Width
	}
	return def
}

func (m Meta) height(def float64) float64 {
	if m.Height > 0 && finite(m.Height) {
		return m.Height
	}
	return def
}

// svgBuilder accumulates SVG markup.
type svgBuilder struct {
	strings.Builder
	id string
}

func (b *svgBuilder) printf(format string, a ...any) { fmt.Fprintf(b, format, a...) }

// open writes the root element with title and desc.
func (b *svgBuilder) open(m Meta, kind string, w, h float64) {
	b.id = sanitizeID(m.ID)
	b.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--%s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %s %s" width="100%%" font-family="%s" font-size="%s" fill="%s">`,
		kind, b.id, b.id, num(w), num(h), esc(fontFamily), num(fontSize), textColor)
	b.printf(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, b.id, esc(m.Title), b.id, esc(m.Desc))
}

func (b *svgBuilder) close() template.HTML {
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // all caller text is escaped by esc
}

// text writes a text element. anchor is "start", "middle" or "end"; extra is
// additional raw attributes (must not contain caller data).
func (b *svgBuilder) text(x, y float64, anchor, extra, s string) {
	b.WriteString(`<text x="`)
	b.num(x)
	b.WriteString(`" y="`)
	b.num(y)
	b.WriteString(`" text-anchor="` + anchor + `"` + extra + `>`)
	b.WriteString(esc(s))
	b.WriteString(`</text>`)
}

// num writes num(v) without the string in between.
func (b *svgBuilder) num(v float64) {
	var buf [24]byte
	b.Write(appendNum(buf[:0], v))
}

// noData renders a complete chart that only shows the caller's message.
func noData(m Meta, kind string, w, h float64) template.HTML {
	var b svgBuilder
	b.open(m, kind, w, h)
	b.printf(`<rect x="0.5" y="0.5" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="4 4"/>`, num(w-1), num(h-1), gridColor)
	b.text(w/2, h/2, "middle", ` dy="0.35em" class="chart-nodata"`, m.NoData)
	return b.close()
}
