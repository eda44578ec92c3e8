package chart

import (
	"html/template"
	"klimaspor/internal/model"
	"math"
)

// ProgressPercent returns how far actual has come from baseline towards
// target, in percent (0 at the baseline, 100 at the target), unclamped.
// Direction is taken from baseline and target, so lower-is-better
// indicators (target < baseline) work the same way: baseline 100, target
// 30, actual 65 is 50 %. ok is false if any input is non-finite or baseline
// equals target.
func ProgressPercent(baseline, target, actual float64) (pct float64, ok bool) {
	return model.ProgressPercent(baseline, target, actual)
}

// ProgressLabels are the translated table headings for a progress bar.
type ProgressLabels struct {
	Indicator, Baseline, Target, Actual, Progress string
}

// ProgressBar describes a small inline progress bar from Baseline towards
// Target. The filled part is clamped to 0–100 %, the text shows the actual
// (unclamped) percentage, formatted by PercentFormat (which should add the
// locale's percent sign, e.g. "33 %").
type ProgressBar struct {
	Meta
	Baseline, Target, Actual float64
	// Format formats baseline, target and actual values in the table.
	Format Formatter
	// PercentFormat formats the percentage (0–100 scale).
	PercentFormat Formatter
	Labels        ProgressLabels
}

// Progress renders an inline progress bar as SVG (default viewBox 240×28).
func Progress(c ProgressBar) template.HTML {
	W, H := c.width(240), c.height(28)
	pct, ok := ProgressPercent(c.Baseline, c.Target, c.Actual)
	if !ok {
		return noData(c.Meta, "progress", W, H)
	}
	text := c.PercentFormat.format(pct)
	tw := math.Max(textWidth(text, smallFont), 3*smallFont*charWidth)
	trackW := W - tw - 10 - 2
	if trackW < 20 {
		trackW = 20
	}
	frac := math.Min(math.Max(pct/100, 0), 1)
	barH := 14.0
	y0 := (H - barH) / 2

	var b svgBuilder
	b.open(c.Meta, "progress", W, H)
	b.printf(`<rect class="chart-progress-track" x="1" y="%s" width="%s" height="%s" fill="#f0f0f0" stroke="%s" stroke-width="1"/>`,
		num(y0), num(trackW), num(barH), axisColor)
	if frac > 0 {
		b.printf(`<rect class="chart-progress-fill" x="1" y="%s" width="%s" height="%s" fill="%s"/>`,
			num(y0), num(trackW*frac), num(barH), oiBlue)
	}
	// Target tick at the end of the track.
	b.printf(`<path d="M%s,%sv%s" stroke="%s" stroke-width="2"/>`, num(1+trackW), num(y0-3), num(barH+6), oiBlack)
	b.text(W-1, H/2, "end", ` dy="0.35em" font-size="13" class="chart-progress-text"`, text)
	return b.close()
}

// TableData returns a single row: baseline, target, actual and progress.
func (c ProgressBar) TableData() TableData {
	t := TableData{
		Caption: c.Title,
		Corner:  c.Labels.Indicator,
		Columns: []string{c.Labels.Baseline, c.Labels.Target, c.Labels.Actual, c.Labels.Progress},
		Empty:   c.NoData,
	}
	cell := func(v float64, f Formatter) string {
		if !finite(v) {
			return c.Missing
		}
		return f.format(v)
	}
	p := c.Missing
	if pct, ok := ProgressPercent(c.Baseline, c.Target, c.Actual); ok {
		p = c.PercentFormat.format(pct)
	}
	t.Rows = []TableRow{{
		Header: c.Title,
		Cells:  []string{cell(c.Baseline, c.Format), cell(c.Target, c.Format), cell(c.Actual, c.Format), p},
	}}
	return t
}
