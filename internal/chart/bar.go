package chart

import (
	"html/template"
	"math"
	"sort"
	"strings"
)

// Bar is one horizontal bar. Highlight marks e.g. the reader's own
// municipality; it is shown with a hatch, a thick outline and a bold label,
// not by colour alone.
type Bar struct {
	Label     string
	Value     float64
	Highlight bool
}

// SortOrder controls how Bars sorts its bars.
type SortOrder int

const (
	// SortNone keeps the caller's order.
	SortNone SortOrder = iota
	// SortDescending puts the largest value first (top).
	SortDescending
	// SortAscending puts the smallest value first (top).
	SortAscending
)

// BarChart describes a horizontal bar chart.
type BarChart struct {
	Meta
	Bars []Bar
	Sort SortOrder
	// CategoryLabel and ValueLabel head the table columns
	// (e.g. "Kommune", "ton CO₂e pr. indbygger").
	CategoryLabel, ValueLabel string
	Format                    Formatter
}

// sorted returns the bars in display order (stable; non-finite values last).
func (c BarChart) sorted() []Bar {
	bars := append([]Bar(nil), c.Bars...)
	if c.Sort == SortNone {
		return bars
	}
	sort.SliceStable(bars, func(i, j int) bool {
		a, b := bars[i].Value, bars[j].Value
		if !finite(a) || !finite(b) {
			return finite(a) && !finite(b)
		}
		if c.Sort == SortAscending {
			return a < b
		}
		return a > b
	})
	return bars
}

const (
	barRow    = 30.0
	barHeight = 20.0
)

// Bars renders a horizontal bar chart as SVG. Bars with non-finite values are
// omitted (they remain in TableData as missing). Negative values extend to
// the left of a zero line.
func Bars(c BarChart) template.HTML {
	W := c.width(defaultWidth)
	var bars []Bar
	for _, b := range c.sorted() {
		if finite(b.Value) {
			bars = append(bars, b)
		}
	}
	if len(bars) == 0 {
		return noData(c.Meta, "bar", W, 120)
	}
	lo, hi := 0.0, 0.0
	labelW, posW, negW := 0.0, 0.0, 0.0
	texts := make([]string, len(bars))
	for i, b := range bars {
		lo, hi = math.Min(lo, b.Value), math.Max(hi, b.Value)
		labelW = math.Max(labelW, textWidth(b.Label, fontSize))
		texts[i] = c.Format.format(b.Value)
		tw := textWidth(texts[i], fontSize) + 8
		if b.Value < 0 {
			negW = math.Max(negW, tw)
		} else {
			posW = math.Max(posW, tw)
		}
	}
	// The label column takes up to 40 % of the width, more (up to half) when a single word
	// needs it; longer labels wrap onto up to three lines, and each row grows to hold them.
	labelW = math.Min(math.Max(math.Min(labelW, W*0.4), longestWord(bars)), W*0.5)
	lines := make([][]string, len(bars))
	rowTop := make([]float64, len(bars)+1)
	rowTop[0] = 8
	for i, b := range bars {
		lines[i] = wrap(b.Label, labelW, fontSize, maxLabelLines)
		rowTop[i+1] = rowTop[i] + math.Max(barRow, float64(len(lines[i]))*labelLine+10)
	}
	H := rowTop[len(bars)] + 8
	plotL, plotR := 8+labelW+10, W-8
	avail := plotR - plotL - posW - negW
	if avail < 40 {
		avail = 40
	}
	span := hi - lo
	if span == 0 {
		span = 1
	}
	zero := plotL + negW + (-lo)/span*avail
	xv := func(v float64) float64 { return zero + v/span*avail }

	var b svgBuilder
	b.open(c.Meta, "bar", W, H)
	for i, bar := range bars {
		cy := (rowTop[i] + rowTop[i+1]) / 2
		x0, x1 := zero, xv(bar.Value)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		weight := ""
		b.WriteString(`<g class="chart-row">`)
		if bar.Highlight {
			// Orange with a hatch and a thick outline: the highlighted bar stands out in
			// colour and in greyscale.
			weight = ` font-weight="700"`
			b.styledRect(x0, cy-barHeight/2, math.Max(x1-x0, 1), barHeight, oiOrange, hatchSlash, false,
				` class="chart-bar chart-highlight" stroke="`+oiBlack+`" stroke-width="2.5"`, joinTitle("", bar.Label, texts[i]))
		} else {
			b.printf(`<rect class="chart-bar" x="%s" y="%s" width="%s" height="%s" fill="%s">`,
				num(x0), num(cy-barHeight/2), num(math.Max(x1-x0, 1)), num(barHeight), oiBlue)
			b.printf(`<title>%s</title></rect>`, esc(joinTitle("", bar.Label, texts[i])))
		}
		b.label(8+labelW, cy, weight, lines[i])
		if bar.Value < 0 {
			b.text(x0-6, cy, "end", ` dy="0.35em"`+weight, texts[i])
		} else {
			b.text(x1+6, cy, "start", ` dy="0.35em"`+weight, texts[i])
		}
		b.WriteString(`</g>`)
	}
	b.printf(`<path class="chart-zero" d="M%s,4V%s" stroke="%s" stroke-width="1.5"/>`, num(zero), num(H-4), axisColor)
	return b.close()
}

// TableData returns the bars (in display order, including non-finite values
// as Missing) for Table.
func (c BarChart) TableData() TableData {
	t := TableData{Caption: c.Title, Corner: c.CategoryLabel, Columns: []string{c.ValueLabel}, Empty: c.NoData}
	for _, b := range c.sorted() {
		cell := c.Missing
		if finite(b.Value) {
			cell = c.Format.format(b.Value)
		}
		t.Rows = append(t.Rows, TableRow{Header: b.Label, Cells: []string{cell}, Highlight: b.Highlight})
	}
	return t
}

const (
	// maxLabelLines is how many lines a bar's label wraps onto before it is cut.
	maxLabelLines = 3
	// labelLine is the distance between a label's lines.
	labelLine = 16.0
)

// longestWord is the width of the widest word of the bars' labels.
func longestWord(bars []Bar) float64 {
	w := 0.0
	for _, b := range bars {
		for _, f := range strings.Fields(b.Label) {
			w = math.Max(w, textWidth(f, fontSize))
		}
	}
	return w
}

// wrap breaks s at spaces into lines that fit width at size, at most max of them; what does
// not fit in max lines is cut with an ellipsis at the end of the last, as is a word wider
// than width.
func wrap(s string, width, size float64, max int) []string {
	if textWidth(s, size) <= width {
		return []string{s}
	}
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case textWidth(cur+" "+w, size) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > max {
		last := strings.Join(lines[max-1:], " ")
		lines = append(lines[:max-1], truncate(last, width, size))
	}
	for i, l := range lines {
		lines[i] = truncate(l, width, size)
	}
	return lines
}

// label writes a right-aligned label ending at x, its lines centred on cy: one line as a
// plain <text>, several as <tspan> lines of one <text>, so that a screen reader reads the
// label once, whole.
func (b *svgBuilder) label(x, cy float64, weight string, lines []string) {
	if len(lines) == 1 {
		b.text(x, cy, "end", ` dy="0.35em"`+weight, lines[0])
		return
	}
	b.printf(`<text x="%s" y="%s" text-anchor="end"%s>`, num(x), num(cy), weight)
	for k, l := range lines {
		ly := cy + (float64(k)-float64(len(lines)-1)/2)*labelLine
		b.printf(`<tspan x="%s" y="%s" dy="0.35em">%s</tspan>`, num(x), num(ly), esc(l))
	}
	b.WriteString(`</text>`)
}
