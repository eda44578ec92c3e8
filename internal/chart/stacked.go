package chart

import (
	"html/template"
	"math"
)

// StackedBarChart describes vertical stacked columns: one column per
// category (e.g. year), one segment per part (e.g. sector). Positive parts
// stack upwards from zero and negative parts (e.g. land use sinks)
// downwards, each in part order.
type StackedBarChart struct {
	Meta
	Categories []string
	Parts      []string
	// Values[i][j] is part j of category i; short rows and non-finite values
	// count as missing.
	Values [][]float64
	// NetLabel, if set, adds a net total marker (sum of all parts) per
	// column, a legend entry and a table column with this name.
	NetLabel string
	// XLabel heads the first table column; YLabel is the y axis title (unit).
	XLabel, YLabel string
	Format         Formatter
	// TickFormat, if set, formats the y axis labels with the decimals the tick step needs.
	TickFormat DecimalFormatter
}

func (c StackedBarChart) value(i, j int) (float64, bool) {
	if i >= len(c.Values) || j >= len(c.Values[i]) {
		return 0, false
	}
	v := c.Values[i][j]
	return v, finite(v)
}

// StackedBars renders a stacked column chart as SVG.
func StackedBars(c StackedBarChart) template.HTML {
	W, H := c.width(defaultWidth), c.height(360)
	lo, hi, n := c.domain()
	if n == 0 {
		return noData(c.Meta, "stacked", W, math.Min(H, 160))
	}
	ticks, yMin, yMax := axisRange(lo, hi, 5)
	tickText, tickW := c.Format.tickLabels(ticks, c.TickFormat)

	var b svgBuilder
	b.open(c.Meta, "stacked", W, H)

	items := c.legend()
	top, yTitleY, bottom, H := frame(layoutLegend(items, 8, W), c.YLabel, H)
	left, right := 8+tickW+8, W-12
	y := func(v float64) float64 { return bottom - (v-yMin)/(yMax-yMin)*(bottom-top) }

	b.writeLegend(items, 8, 8, W)
	if c.YLabel != "" {
		b.text(8, yTitleY, "start", ` dy="0.35em" font-size="13" class="chart-axis-title"`, c.YLabel)
	}
	b.WriteString(`<g class="chart-grid">`)
	for i, t := range ticks {
		b.printf(`<path d="M%s,%sH%s" stroke="%s" stroke-width="1"/>`, num(left), num(y(t)), num(right), gridColor)
		b.text(left-6, y(t), "end", ` dy="0.35em" font-size="13"`, tickText[i])
	}
	b.WriteString(`</g>`)

	nc := len(c.Categories)
	band := (right - left) / float64(nc)
	bw := math.Min(band*0.64, 64)
	pos := make([]float64, nc)
	widths := make([]float64, nc)
	for i, cat := range c.Categories {
		pos[i] = left + band*(float64(i)+0.5)
		widths[i] = textWidth(cat, smallFont)
	}
	for i := range c.Categories {
		c.column(&b, i, pos[i], bw, y)
	}
	b.printf(`<path class="chart-zero" d="M%s,%sH%s" stroke="%s" stroke-width="1.5"/>`, num(left), num(y(0)), num(right), axisColor)

	show := thinLabels(pos, widths, []int{0, nc - 1}, 8)
	b.WriteString(`<g class="chart-xaxis" font-size="13">`)
	for i, cat := range c.Categories {
		if show[i] {
			b.text(pos[i], bottom+20, "middle", "", cat)
		}
	}
	b.WriteString(`</g>`)
	return b.close()
}

// domain returns the range of the stacks, from the most negative sum to the most positive
// (and 0), and the number of finite values.
func (c StackedBarChart) domain() (lo, hi float64, n int) {
	for i := range c.Categories {
		pos, neg := 0.0, 0.0
		for j := range c.Parts {
			if v, ok := c.value(i, j); ok {
				n++
				if v >= 0 {
					pos += v
				} else {
					neg += v
				}
			}
		}
		lo, hi = math.Min(lo, neg), math.Max(hi, pos)
	}
	return lo, hi, n
}

// legend returns the legend entries: the parts and the net total.
func (c StackedBarChart) legend() []legendItem {
	var items []legendItem
	for j, p := range c.Parts {
		items = append(items, legendItem{p, hatchSwatch(j)})
	}
	if c.NetLabel != "" {
		items = append(items, legendItem{c.NetLabel, func(b *svgBuilder, x, y float64) {
			b.printf(`<path d="M%s,%sh%s" stroke="%s" stroke-width="2"/>`, num(x+4), num(y+7), num(legendSwatch-8), oiBlack)
			b.marker(0, x+legendSwatch/2, y+7, 4.5, "#ffffff", oiBlack, "", "")
		}})
	}
	return items
}

// column draws category i's column at x, bw wide: its positive parts stacked up from 0,
// its negative ones down, and the net total's marker.
func (c StackedBarChart) column(b *svgBuilder, i int, x, bw float64, y func(float64) float64) {
	cat := c.Categories[i]
	b.printf(`<g class="chart-column">`)
	up, down := 0.0, 0.0
	for j, part := range c.Parts {
		v, ok := c.value(i, j)
		if !ok || v == 0 {
			continue
		}
		var y0, y1 float64
		if v > 0 {
			y0, y1 = y(up+v), y(up)
			up += v
		} else {
			y0, y1 = y(down), y(down+v)
			down += v
		}
		b.hatchedRect(x-bw/2, y0, bw, math.Max(y1-y0, 0.5), j, ` class="chart-seg" stroke="#ffffff" stroke-width="0.75"`, joinTitle(part, cat, c.Format.format(v)))
	}
	if c.NetLabel != "" {
		net := up + down
		b.printf(`<path d="M%s,%sh%s" stroke="%s" stroke-width="2"/>`, num(x-bw/2-3), num(y(net)), num(bw+6), oiBlack)
		b.marker(0, x, y(net), 4.5, "#ffffff", oiBlack, "chart-net", joinTitle(c.NetLabel, cat, c.Format.format(net)))
	}
	b.WriteString(`</g>`)
}

// frame lays out a chart of height h under a legend of the given rows and the y axis title,
// if any: the plot's top and bottom, where the title goes, and the chart's height, grown
// when the plot would be shorter than 60.
func frame(legendRows int, yLabel string, h float64) (top, yTitleY, bottom, height float64) {
	top = 8 + float64(legendRows)*legendRow
	yTitleY = top + 12
	if yLabel != "" {
		top += 22
	}
	top += 10
	bottom = h - 30
	if bottom-top < 60 {
		bottom = top + 60
		h = bottom + 30
	}
	return top, yTitleY, bottom, h
}

// TableData returns one row per category and one column per part (plus the
// net total if NetLabel is set).
func (c StackedBarChart) TableData() TableData {
	t := TableData{Caption: c.Title, Corner: c.XLabel, Columns: append([]string(nil), c.Parts...), Empty: c.NoData}
	if c.NetLabel != "" {
		t.Columns = append(t.Columns, c.NetLabel)
	}
	for i, cat := range c.Categories {
		row := TableRow{Header: cat}
		net, has := 0.0, false
		for j := range c.Parts {
			if v, ok := c.value(i, j); ok {
				row.Cells = append(row.Cells, c.Format.format(v))
				net += v
				has = true
			} else {
				row.Cells = append(row.Cells, c.Missing)
			}
		}
		if c.NetLabel != "" {
			if has {
				row.Cells = append(row.Cells, c.Format.format(net))
			} else {
				row.Cells = append(row.Cells, c.Missing)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
