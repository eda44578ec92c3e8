package chart

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Point is one observation: X is the category or year label, Y the value.
type Point struct {
	X string
	Y float64
}

// Series is a named line.
type Series struct {
	Name   string
	Points []Point
}

// Reference is a baseline: a horizontal reference line at Y with a label,
// and a ring marker at X when X is set (e.g. the 1990 baseline).
type Reference struct {
	Label string
	X     string
	Y     float64
}

// Target is a goal value for a future (or past) X, drawn as an open diamond.
// Label, if set, is written next to the marker (e.g. "−70 %").
type Target struct {
	X     string
	Y     float64
	Label string
}

// LineChart describes a line chart.
//
// When every X label (of points, baseline and targets) parses as a number,
// the x axis is linear in that number (so 1990, 2020, 2030, 2050 are spaced
// proportionally); otherwise X labels are categories in order of first
// appearance.
type LineChart struct {
	Meta
	Series   []Series
	Baseline *Reference
	Targets  []Target
	// TargetLabel names the targets in the legend and table (e.g. "Mål").
	TargetLabel string
	// XLabel heads the first table column (e.g. "År").
	XLabel string
	// YLabel is the y axis title, usually the unit (e.g. "ton CO₂e").
	YLabel string
	// ZeroBased forces the y axis to include 0.
	ZeroBased bool
	Format    Formatter
}

// xAxis maps X labels to positions.
type xAxis struct {
	labels  []string // in axis order, unique
	value   []float64
	numeric bool
	index   map[string]int
}

func newXAxis(labels []string) xAxis {
	ax := xAxis{index: map[string]int{}}
	for _, l := range labels {
		if _, ok := ax.index[l]; ok {
			continue
		}
		ax.index[l] = len(ax.labels)
		ax.labels = append(ax.labels, l)
	}
	ax.numeric = len(ax.labels) > 0
	ax.value = make([]float64, len(ax.labels))
	for i, l := range ax.labels {
		v, err := strconv.ParseFloat(strings.TrimSpace(l), 64)
		if err != nil || !finite(v) {
			ax.numeric = false
			break
		}
		ax.value[i] = v
	}
	if ax.numeric {
		idx := make([]int, len(ax.labels))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return ax.value[idx[a]] < ax.value[idx[b]] })
		labels, values := make([]string, len(idx)), make([]float64, len(idx))
		for i, j := range idx {
			labels[i], values[i] = ax.labels[j], ax.value[j]
			ax.index[labels[i]] = i
		}
		ax.labels, ax.value = labels, values
	} else {
		for i := range ax.value {
			ax.value[i] = float64(i)
		}
	}
	return ax
}

// pos returns the position of label in [left, right].
func (ax xAxis) pos(label string, left, right float64) (float64, bool) {
	i, ok := ax.index[label]
	if !ok {
		return 0, false
	}
	lo, hi := ax.value[0], ax.value[len(ax.value)-1]
	if hi == lo {
		return (left + right) / 2, true
	}
	return left + (ax.value[i]-lo)/(hi-lo)*(right-left), true
}

func (c LineChart) axisLabels() []string {
	var labels []string
	for _, s := range c.Series {
		for _, p := range s.Points {
			labels = append(labels, p.X)
		}
	}
	if c.Baseline != nil && c.Baseline.X != "" && finite(c.Baseline.Y) {
		labels = append(labels, c.Baseline.X)
	}
	for _, t := range c.Targets {
		if finite(t.Y) {
			labels = append(labels, t.X)
		}
	}
	return labels
}

// Line renders a line chart as SVG.
func Line(c LineChart) template.HTML {
	W, H := c.width(defaultWidth), c.height(360)

	// Value domain.
	lo, hi := math.Inf(1), math.Inf(-1)
	nPoints := 0
	add := func(v float64) {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for _, s := range c.Series {
		for _, p := range s.Points {
			if finite(p.Y) {
				nPoints++
				add(p.Y)
			}
		}
	}
	if c.Baseline != nil {
		add(c.Baseline.Y)
	}
	for _, t := range c.Targets {
		add(t.Y)
	}
	// Targets without any measurement yet are still worth drawing: they say where the work
	// is headed. With nothing at all there is no chart.
	if math.IsInf(lo, 1) {
		return noData(c.Meta, "line", W, math.Min(H, 160))
	}
	if c.ZeroBased {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	// A small chart gets fewer gridlines, so that their labels do not run into each other.
	nTicks := 5
	if H < 200 {
		nTicks = 3
	}
	ticks := NiceTicks(lo, hi, nTicks)
	yMin, yMax := ticks[0], ticks[len(ticks)-1]
	tickText := make([]string, len(ticks))
	tickW := 0.0
	for i, t := range ticks {
		tickText[i] = c.Format.format(t)
		tickW = math.Max(tickW, textWidth(tickText[i], smallFont))
	}

	ax := newXAxis(c.axisLabels())
	xw := make([]float64, len(ax.labels))
	maxXW := 0.0
	for i, l := range ax.labels {
		xw[i] = textWidth(l, smallFont)
		maxXW = math.Max(maxXW, xw[i])
	}

	// Legend.
	var items []legendItem
	for i, s := range c.Series {
		color, dash, shape := lineStyle(i)
		items = append(items, legendItem{s.Name, func(b *svgBuilder, x, y float64) {
			b.printf(`<path d="M%s,%sh%s" stroke="%s" stroke-width="2.5" fill="none"%s/>`, num(x), num(y+7), num(legendSwatch), color, dashAttr(dash))
			b.marker(shape, x+legendSwatch/2, y+7, 4, color, "#ffffff", "", "")
		}})
	}
	if c.Baseline != nil && c.Baseline.Label != "" && finite(c.Baseline.Y) {
		items = append(items, legendItem{c.Baseline.Label, func(b *svgBuilder, x, y float64) {
			b.printf(`<path d="M%s,%sh%s" stroke="%s" stroke-width="1.5" stroke-dasharray="2 3" fill="none"/>`, num(x), num(y+7), num(legendSwatch), axisColor)
			if c.Baseline.X != "" {
				b.printf(`<circle cx="%s" cy="%s" r="5" fill="#ffffff" stroke="%s" stroke-width="2"/>`, num(x+legendSwatch/2), num(y+7), oiBlack)
			}
		}})
	}
	if c.TargetLabel != "" && hasFiniteTarget(c.Targets) {
		items = append(items, legendItem{c.TargetLabel, func(b *svgBuilder, x, y float64) {
			b.printf(`<path d="M%s,%sh%s" stroke="%s" stroke-width="1.5" stroke-dasharray="6 3" fill="none"/>`, num(x), num(y+7), num(legendSwatch), axisColor)
			b.diamond(x+legendSwatch/2, y+7, 4, oiBlack, "", "")
		}})
	}

	rows := layoutLegend(items, 8, W)
	top := 8 + float64(rows)*legendRow
	yTitleY := top + 12
	if c.YLabel != "" {
		top += 22
	}
	top += 10
	left := 8 + tickW + 8
	right := W - math.Max(16, maxXW/2+4)
	bottom := H - 30
	if bottom-top < 60 {
		bottom = top + 60
		H = bottom + 30
	}
	inset := 12.0
	y := func(v float64) float64 { return bottom - (v-yMin)/(yMax-yMin)*(bottom-top) }
	x := func(l string) (float64, bool) { return ax.pos(l, left+inset, right-inset) }

	var b svgBuilder
	b.open(c.Meta, "line", W, H)
	b.writeLegend(items, 8, 8, W)
	if c.YLabel != "" {
		b.text(8, yTitleY, "start", ` dy="0.35em" font-size="13" class="chart-axis-title"`, c.YLabel)
	}

	// Grid and y axis.
	b.WriteString(`<g class="chart-grid">`)
	for i, t := range ticks {
		ty := y(t)
		stroke := gridColor
		if t == 0 {
			stroke = axisColor
		}
		b.printf(`<path d="M%s,%sH%s" stroke="%s" stroke-width="1"/>`, num(left), num(ty), num(right), stroke)
		b.text(left-6, ty, "end", ` dy="0.35em" font-size="13"`, tickText[i])
	}
	b.printf(`<path d="M%s,%sH%s" stroke="%s" stroke-width="1"/>`, num(left), num(bottom), num(right), axisColor)
	b.WriteString(`</g>`)

	// X labels.
	pos := make([]float64, len(ax.labels))
	for i, l := range ax.labels {
		pos[i], _ = x(l)
	}
	must := []int{0, len(ax.labels) - 1}
	if c.Baseline != nil && c.Baseline.X != "" {
		if i, ok := ax.index[c.Baseline.X]; ok {
			must = append(must, i)
		}
	}
	for _, t := range c.Targets {
		if i, ok := ax.index[t.X]; ok && finite(t.Y) {
			must = append(must, i)
		}
	}
	for _, s := range c.Series {
		first, last := -1, -1
		for _, p := range s.Points {
			if i, ok := ax.index[p.X]; ok && finite(p.Y) {
				if first < 0 || i < first {
					first = i
				}
				if i > last {
					last = i
				}
			}
		}
		if first >= 0 {
			must = append(must, first, last)
		}
	}
	show := thinLabels(pos, xw, must, 8)
	b.WriteString(`<g class="chart-xaxis" font-size="13">`)
	for i, l := range ax.labels {
		if !show[i] {
			continue
		}
		b.printf(`<path d="M%s,%sv5" stroke="%s"/>`, num(pos[i]), num(bottom), axisColor)
		b.text(pos[i], bottom+20, "middle", "", l)
	}
	b.WriteString(`</g>`)

	// Baseline.
	if c.Baseline != nil && finite(c.Baseline.Y) {
		by := y(c.Baseline.Y)
		b.printf(`<g class="chart-baseline-ref"><path d="M%s,%sH%s" stroke="%s" stroke-width="1.5" stroke-dasharray="2 3"/>`, num(left), num(by), num(right), axisColor)
		if bx, ok := x(c.Baseline.X); ok && c.Baseline.X != "" {
			b.printf(`<circle class="chart-baseline" cx="%s" cy="%s" r="5.5" fill="#ffffff" stroke="%s" stroke-width="2"><title>%s</title></circle>`,
				num(bx), num(by), oiBlack, esc(joinTitle(c.Baseline.Label, c.Baseline.X, c.Format.format(c.Baseline.Y))))
		}
		if c.Baseline.Label != "" {
			b.text(right-4, by-6, "end", ` font-size="13" paint-order="stroke" stroke="#ffffff" stroke-width="3"`, c.Baseline.Label)
		}
		b.WriteString(`</g>`)
	}

	// Target path from the last actual value of the first series.
	type tp struct {
		x, y  float64
		t     Target
		order int
	}
	var tps []tp
	for i, t := range c.Targets {
		if tx, ok := x(t.X); ok && finite(t.Y) {
			tps = append(tps, tp{tx, y(t.Y), t, i})
		}
	}
	sort.SliceStable(tps, func(i, j int) bool { return tps[i].x < tps[j].x })
	if len(tps) > 0 {
		b.WriteString(`<g class="chart-targets">`)
		var d strings.Builder
		if len(c.Series) > 0 {
			lx, ly, ok := lastPoint(c.Series[0], x, y)
			if ok {
				d.WriteString("M" + num(lx) + "," + num(ly))
			}
		}
		for _, p := range tps {
			if d.Len() == 0 {
				d.WriteString("M")
			} else {
				d.WriteString("L")
			}
			d.WriteString(num(p.x) + "," + num(p.y))
		}
		if len(tps) > 1 || strings.Contains(d.String(), "L") {
			b.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="1.5" stroke-dasharray="6 3"/>`, d.String(), axisColor)
		}
		for _, p := range tps {
			b.diamond(p.x, p.y, 5, oiBlack, "chart-target", joinTitle(c.TargetLabel, p.t.X, c.Format.format(p.t.Y)))
			if p.t.Label != "" {
				tx := math.Min(math.Max(p.x, 4+textWidth(p.t.Label, smallFont)/2), W-4-textWidth(p.t.Label, smallFont)/2)
				b.text(tx, p.y-12, "middle", ` font-size="13" paint-order="stroke" stroke="#ffffff" stroke-width="3"`, p.t.Label)
			}
		}
		b.WriteString(`</g>`)
	}

	// Series.
	for i, s := range c.Series {
		color, dash, shape := lineStyle(i)
		b.printf(`<g class="chart-series chart-series-%d">`, i)
		var d strings.Builder
		pen := false
		for _, p := range sortedPoints(s, ax) {
			px, ok := x(p.X)
			if !ok || !finite(p.Y) {
				pen = false
				continue
			}
			if pen {
				d.WriteString("L")
			} else {
				d.WriteString("M")
			}
			d.WriteString(num(px) + "," + num(y(p.Y)))
			pen = true
		}
		b.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"%s/>`, d.String(), color, dashAttr(dash))
		pts := sortedPoints(s, ax)
		for i, p := range pts {
			px, ok := x(p.X)
			if !ok || !finite(p.Y) {
				continue
			}
			// A long series is marked at its ends only: twenty markers on a small chart
			// are clutter, and each point is in the table alternative anyway.
			if len(pts) > maxMarkedPoints && i != 0 && i != len(pts)-1 {
				continue
			}
			b.marker(shape, px, y(p.Y), 4, color, "#ffffff", "chart-point", joinTitle(s.Name, p.X, c.Format.format(p.Y)))
		}
		b.WriteString(`</g>`)
	}
	if nPoints == 0 && c.NoData != "" {
		// At the top left, clear of the target line rising across the middle.
		b.text(left+8, top+10, "start", ` dy="0.35em" font-size="13" class="chart-nodata-note"`, c.NoData)
	}
	return b.close()
}

// maxMarkedPoints is the longest series whose every point gets a marker.
const maxMarkedPoints = 12

// sortedPoints returns s's points in axis order (stable for equal X).
func sortedPoints(s Series, ax xAxis) []Point {
	pts := append([]Point(nil), s.Points...)
	sort.SliceStable(pts, func(i, j int) bool { return ax.index[pts[i].X] < ax.index[pts[j].X] })
	return pts
}

func lastPoint(s Series, x func(string) (float64, bool), y func(float64) float64) (float64, float64, bool) {
	bx, by, found := 0.0, 0.0, false
	for _, p := range s.Points {
		px, ok := x(p.X)
		if !ok || !finite(p.Y) {
			continue
		}
		if !found || px >= bx {
			bx, by, found = px, y(p.Y), true
		}
	}
	return bx, by, found
}

func hasFiniteTarget(ts []Target) bool {
	for _, t := range ts {
		if finite(t.Y) {
			return true
		}
	}
	return false
}

func dashAttr(dash string) string {
	if dash == "" {
		return ""
	}
	return ` stroke-dasharray="` + dash + `"`
}

// joinTitle builds a tooltip "name – x: value", skipping empty parts.
func joinTitle(name, x, value string) string {
	s := x
	if name != "" {
		if s != "" {
			s = name + " – " + s
		} else {
			s = name
		}
	}
	if s == "" {
		return value
	}
	return s + ": " + value
}

// TableData returns the chart's data for Table: one row per X label (axis
// order), one column per series, plus baseline and target columns.
func (c LineChart) TableData() TableData {
	ax := newXAxis(c.axisLabels())
	t := TableData{Caption: c.Title, Corner: c.XLabel, Empty: c.NoData}
	for _, s := range c.Series {
		t.Columns = append(t.Columns, s.Name)
	}
	hasBase := c.Baseline != nil && finite(c.Baseline.Y)
	if hasBase {
		t.Columns = append(t.Columns, c.Baseline.Label)
	}
	hasTargets := hasFiniteTarget(c.Targets)
	if hasTargets {
		t.Columns = append(t.Columns, c.TargetLabel)
	}
	for _, l := range ax.labels {
		row := TableRow{Header: l}
		for _, s := range c.Series {
			cell := c.Missing
			for _, p := range s.Points {
				if p.X == l && finite(p.Y) {
					cell = c.Format.format(p.Y)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		if hasBase {
			cell := c.Missing
			if c.Baseline.X == "" || c.Baseline.X == l {
				cell = c.Format.format(c.Baseline.Y)
			}
			row.Cells = append(row.Cells, cell)
		}
		if hasTargets {
			cell := c.Missing
			for _, tg := range c.Targets {
				if tg.X == l && finite(tg.Y) {
					cell = c.Format.format(tg.Y)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(c.Series) == 0 && !hasBase && !hasTargets {
		t.Rows = nil
	}
	return t
}
