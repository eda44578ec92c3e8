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
	// TickFormat, if set, formats the y axis labels with the decimals the tick step needs.
	TickFormat DecimalFormatter
	// CutAxisNote, if set, is added to the description and the table caption when the y
	// axis does not start at zero (e.g. "Y-aksen starter ikke ved 0.").
	CutAxisNote string
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
	lo, hi, nPoints := c.domain()
	// Targets without any measurement yet are still worth drawing: they say where the work
	// is headed. With nothing at all there is no chart.
	if math.IsInf(lo, 1) {
		return noData(c.Meta, "line", W, math.Min(H, 160))
	}
	ticks, yMin, yMax, cut := c.yAxis(lo, hi)
	tickText, tickW := c.Format.tickLabels(ticks, c.TickFormat)
	meta := c.Meta
	if cut != 0 && c.CutAxisNote != "" {
		meta.Desc = strings.TrimSpace(meta.Desc + " " + c.CutAxisNote)
	}

	ax := newXAxis(c.axisLabels())
	xw := make([]float64, len(ax.labels))
	maxXW := 0.0
	for i, l := range ax.labels {
		xw[i] = textWidth(l, smallFont)
		maxXW = math.Max(maxXW, xw[i])
	}

	items := c.legend()
	top, yTitleY, bottom, H := frame(layoutLegend(items, 8, W), c.YLabel, H)
	p := linePlot{c: c, ax: ax, W: W, left: 8 + tickW + 8, right: W - math.Max(16, maxXW/2+4),
		top: top, bottom: bottom, yMin: yMin, yMax: yMax, cut: cut}

	var b svgBuilder
	b.open(meta, "line", W, H)
	b.writeLegend(items, 8, 8, W)
	if c.YLabel != "" {
		b.text(8, yTitleY, "start", ` dy="0.35em" font-size="13" class="chart-axis-title"`, c.YLabel)
	}
	p.grid(&b, ticks, tickText)
	p.xLabels(&b, xw)
	p.baseline(&b)
	p.targets(&b)
	p.series(&b)
	if nPoints == 0 && c.NoData != "" {
		// At the top left, clear of the target line rising across the middle.
		b.text(p.left+8, top+10, "start", ` dy="0.35em" font-size="13" class="chart-nodata-note"`, c.NoData)
	}
	return b.close()
}

// cutAxisBelow decides whether a line's y axis starts at zero: it does, unless the data
// (all above or all below zero) vary by less than this fraction of their largest magnitude.
// Then zero would flatten the line to nothing, so the axis is cut and the cut is marked (a
// zig-zag on the axis, CutAxisNote in the description and table caption). A sixth is the
// rule spreadsheet charts have long used, so readers know it; it keeps a fall from 900 to
// 700 on an axis from zero, where its size is seen true, while 442 → 446 is drawn on a cut
// axis that spans a sixth of 446 and says so. See docs/DECISIONS.md.
const cutAxisBelow = 1.0 / 6

// yAxis returns the y axis for values in [lo, hi]: its ticks, its ends, and cut, which is
// +1 when the axis is cut below (it starts above zero), −1 when cut above (it ends below
// zero) and 0 when it includes zero.
func (c LineChart) yAxis(lo, hi float64) (ticks []float64, yMin, yMax float64, cut int) {
	m := math.Max(math.Abs(lo), math.Abs(hi))
	if c.ZeroBased || hi == lo || hi-lo >= m*cutAxisBelow {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	} else if lo > 0 || hi < 0 {
		// The cut axis still spans a sixth of the values' size, centred on them, so that a
		// change's slope stays in proportion: 442 → 446 moves the line by a twentieth of
		// the plot, not from its top to its bottom.
		mid, half := (lo+hi)/2, m*cutAxisBelow/2
		lo, hi = mid-half, mid+half
	}
	// A small chart gets fewer gridlines, so that their labels do not run into each other.
	nTicks := 5
	if c.height(360) < 200 {
		nTicks = 3
	}
	ticks, yMin, yMax = axisRange(lo, hi, nTicks)
	switch {
	case yMin > 0:
		cut = 1
	case yMax < 0:
		cut = -1
	}
	return ticks, yMin, yMax, cut
}

// domain returns the range of the finite values of points, baseline and targets (lo is +Inf
// when there is none) and the number of finite points.
func (c LineChart) domain() (lo, hi float64, nPoints int) {
	lo, hi = math.Inf(1), math.Inf(-1)
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
	return lo, hi, nPoints
}

// legend returns the legend entries: the series, the baseline and the targets.
func (c LineChart) legend() []legendItem {
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
	return items
}

// linePlot is a line chart laid out: its plot area and the scales that map X labels and
// values into it.
type linePlot struct {
	c                        LineChart
	ax                       xAxis
	W                        float64
	left, right, top, bottom float64
	yMin, yMax               float64
	cut                      int // as yAxis returns it
}

// lineInset keeps the first and last X positions clear of the plot's edges.
const lineInset = 12.0

func (p linePlot) y(v float64) float64 {
	return p.bottom - (v-p.yMin)/(p.yMax-p.yMin)*(p.bottom-p.top)
}

func (p linePlot) x(l string) (float64, bool) {
	return p.ax.pos(l, p.left+lineInset, p.right-lineInset)
}

// grid draws the gridlines with their value labels and the x axis line.
func (p linePlot) grid(b *svgBuilder, ticks []float64, tickText []string) {
	b.WriteString(`<g class="chart-grid">`)
	for i, t := range ticks {
		ty := p.y(t)
		stroke := gridColor
		if t == 0 {
			stroke = axisColor
		}
		b.printf(`<path d="M%s,%sH%s" stroke="%s" stroke-width="1"/>`, num(p.left), num(ty), num(p.right), stroke)
		b.text(p.left-6, ty, "end", ` dy="0.35em" font-size="13"`, tickText[i])
	}
	b.printf(`<path d="M%s,%sH%s" stroke="%s" stroke-width="1"/>`, num(p.left), num(p.bottom), num(p.right), axisColor)
	if p.cut != 0 {
		// A zig-zag across the axis line where the cut is (the bottom, or the top for
		// values below zero): the axis does not run to zero, and the line's slope is not
		// its size.
		y := p.bottom
		if p.cut < 0 {
			y = p.top
		}
		b.printf(`<g class="chart-axis-break" aria-hidden="true"><path d="M%s,%sh16" stroke="#ffffff" stroke-width="5"/>`, num(p.left), num(y))
		b.printf(`<path d="M%s,%sh3l2.5,-5l5,10l2.5,-5h3" fill="none" stroke="%s" stroke-width="1.5"/></g>`, num(p.left), num(y), axisColor)
	}
	b.WriteString(`</g>`)
}

// xLabels draws the X labels that fit (xw are their widths), always keeping those in
// mustLabels.
func (p linePlot) xLabels(b *svgBuilder, xw []float64) {
	pos := make([]float64, len(p.ax.labels))
	for i, l := range p.ax.labels {
		pos[i], _ = p.x(l)
	}
	show := thinLabels(pos, xw, p.c.mustLabels(p.ax), 8)
	b.WriteString(`<g class="chart-xaxis" font-size="13">`)
	for i, l := range p.ax.labels {
		if !show[i] {
			continue
		}
		b.printf(`<path d="M%s,%sv5" stroke="%s"/>`, num(pos[i]), num(p.bottom), axisColor)
		b.text(pos[i], p.bottom+20, "middle", "", l)
	}
	b.WriteString(`</g>`)
}

// mustLabels returns the axis indexes whose labels are always shown: the axis ends, the
// baseline, the targets and each series' first and last measured X.
func (c LineChart) mustLabels(ax xAxis) []int {
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
	return must
}

// baseline draws the baseline's reference line, its ring marker and its label.
func (p linePlot) baseline(b *svgBuilder) {
	c := p.c
	if c.Baseline == nil || !finite(c.Baseline.Y) {
		return
	}
	by := p.y(c.Baseline.Y)
	b.printf(`<g class="chart-baseline-ref"><path d="M%s,%sH%s" stroke="%s" stroke-width="1.5" stroke-dasharray="2 3"/>`, num(p.left), num(by), num(p.right), axisColor)
	if bx, ok := p.x(c.Baseline.X); ok && c.Baseline.X != "" {
		b.printf(`<circle class="chart-baseline" cx="%s" cy="%s" r="5.5" fill="#ffffff" stroke="%s" stroke-width="2"><title>%s</title></circle>`,
			num(bx), num(by), oiBlack, esc(joinTitle(c.Baseline.Label, c.Baseline.X, c.Format.format(c.Baseline.Y))))
	}
	if c.Baseline.Label != "" {
		b.text(p.right-4, by-6, "end", ` font-size="13" paint-order="stroke" stroke="#ffffff" stroke-width="3"`, c.Baseline.Label)
	}
	b.WriteString(`</g>`)
}

// targets draws the target markers with their labels, and the target path from the last
// actual value of the first series through them.
func (p linePlot) targets(b *svgBuilder) {
	c := p.c
	type tp struct {
		x, y  float64
		t     Target
		order int
	}
	var tps []tp
	for i, t := range c.Targets {
		if tx, ok := p.x(t.X); ok && finite(t.Y) {
			tps = append(tps, tp{tx, p.y(t.Y), t, i})
		}
	}
	sort.SliceStable(tps, func(i, j int) bool { return tps[i].x < tps[j].x })
	if len(tps) == 0 {
		return
	}
	b.WriteString(`<g class="chart-targets">`)
	var d strings.Builder
	if len(c.Series) > 0 {
		lx, ly, ok := lastPoint(c.Series[0], p.x, p.y)
		if ok {
			d.WriteString("M" + num(lx) + "," + num(ly))
		}
	}
	for _, t := range tps {
		if d.Len() == 0 {
			d.WriteString("M")
		} else {
			d.WriteString("L")
		}
		d.WriteString(num(t.x) + "," + num(t.y))
	}
	if len(tps) > 1 || strings.Contains(d.String(), "L") {
		b.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="1.5" stroke-dasharray="6 3"/>`, d.String(), axisColor)
	}
	for _, t := range tps {
		b.diamond(t.x, t.y, 5, oiBlack, "chart-target", joinTitle(c.TargetLabel, t.t.X, c.Format.format(t.t.Y)))
		if t.t.Label != "" {
			tx := math.Min(math.Max(t.x, 4+textWidth(t.t.Label, smallFont)/2), p.W-4-textWidth(t.t.Label, smallFont)/2)
			b.text(tx, t.y-12, "middle", ` font-size="13" paint-order="stroke" stroke="#ffffff" stroke-width="3"`, t.t.Label)
		}
	}
	b.WriteString(`</g>`)
}

// series draws each series' line, broken at missing values, and its point markers.
func (p linePlot) series(b *svgBuilder) {
	c := p.c
	for i, s := range c.Series {
		color, dash, shape := lineStyle(i)
		b.printf(`<g class="chart-series chart-series-%d">`, i)
		var d strings.Builder
		pen := false
		for _, pt := range sortedPoints(s, p.ax) {
			px, ok := p.x(pt.X)
			if !ok || !finite(pt.Y) {
				pen = false
				continue
			}
			if pen {
				d.WriteString("L")
			} else {
				d.WriteString("M")
			}
			d.WriteString(num(px) + "," + num(p.y(pt.Y)))
			pen = true
		}
		b.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"%s/>`, d.String(), color, dashAttr(dash))
		pts := sortedPoints(s, p.ax)
		for i, pt := range pts {
			px, ok := p.x(pt.X)
			if !ok || !finite(pt.Y) {
				continue
			}
			// A long series is marked at its ends only: twenty markers on a small chart
			// are clutter, and each point is in the table alternative anyway.
			if len(pts) > maxMarkedPoints && i != 0 && i != len(pts)-1 {
				continue
			}
			b.marker(shape, px, p.y(pt.Y), 4, color, "#ffffff", "chart-point", joinTitle(s.Name, pt.X, c.Format.format(pt.Y)))
		}
		b.WriteString(`</g>`)
	}
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
	if lo, hi, _ := c.domain(); c.CutAxisNote != "" && !math.IsInf(lo, 1) {
		if _, _, _, cut := c.yAxis(lo, hi); cut != 0 {
			t.Caption = strings.TrimSpace(c.Title + " (" + strings.TrimSuffix(c.CutAxisNote, ".") + ")")
		}
	}
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
