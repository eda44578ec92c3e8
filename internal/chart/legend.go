package chart

// legendItem is one legend entry; swatch draws a 28×14 symbol whose top-left
// corner is at (x, y).
type legendItem struct {
	label  string
	swatch func(b *svgBuilder, x, y float64)
}

const (
	legendRow    = 22.0
	legendSwatch = 28.0
)

// layoutLegend returns the number of rows needed for items in width w.
func layoutLegend(items []legendItem, left, w float64) int {
	if len(items) == 0 {
		return 0
	}
	rows, x := 1, left
	for _, it := range items {
		iw := legendSwatch + 6 + textWidth(it.label, fontSize)
		if x > left && x+iw > w-8 {
			rows++
			x = left
		}
		x += iw + 18
	}
	return rows
}

// writeLegend draws items starting at (left, top), wrapping at width w.
func (b *svgBuilder) writeLegend(items []legendItem, left, top, w float64) {
	if len(items) == 0 {
		return
	}
	b.WriteString(`<g class="chart-legend">`)
	x, y := left, top
	for _, it := range items {
		iw := legendSwatch + 6 + textWidth(it.label, fontSize)
		if x > left && x+iw > w-8 {
			x = left
			y += legendRow
		}
		it.swatch(b, x, y+3)
		b.text(x+legendSwatch+6, y+10, "start", ` dy="0.35em"`, it.label)
		x += iw + 18
	}
	b.WriteString(`</g>`)
}

// hatchSwatch draws part i's colour and hatch as a legend swatch.
func hatchSwatch(i int) func(*svgBuilder, float64, float64) {
	return func(b *svgBuilder, x, y float64) {
		b.hatchedRect(x+4, y, legendSwatch-8, 14, i, ` stroke="#ffffff" stroke-width="0"`, "")
	}
}
