package webtest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A phone's viewport in CSS px (an iPhone 12–15).
const phoneWidth, phoneHeight = 390, 844

// minChartTextPx is the smallest a chart's text may be drawn on a screen.
const minChartTextPx = 12

// phoneReport is what the page reports of itself in a phone's viewport.
type phoneReport struct {
	ScrollWidth float64  `json:"scrollWidth"`
	Width       float64  `json:"width"`
	Wide        []string `json:"wide"`  // the outermost elements that stick out of the viewport
	Small       []string `json:"small"` // chart text drawn smaller than minChartTextPx
}

// phoneCheckJS measures the loaded page in the phone's viewport. A chart's text is measured as
// drawn: its font size times the chart's scale (the SVG's rendered width over its viewBox's).
const phoneCheckJS = `(() => {
const W = window.innerWidth;
const vis = el => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
const desc = el => el.outerHTML.replace(/\s+/g, ' ').slice(0, 110);
const r = {scrollWidth: document.documentElement.scrollWidth, width: W, wide: [], small: []};
// Inside a box that scrolls sideways on its own, content may be wider than the screen.
const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
// Only the right edge counts: what sits off to the left (the skip link until focused) does not widen the page.
const over = el => el.getBoundingClientRect().right > W + 0.5;
for (const el of document.querySelectorAll('body *')) {
  if (el.ownerSVGElement || !vis(el) || !over(el) || inScroller(el) || (el.parentElement !== document.body && over(el.parentElement))) continue;
  const b = el.getBoundingClientRect();
  r.wide.push(Math.round(b.left) + '–' + Math.round(b.right) + ' px: ' + desc(el));
}
for (const s of document.querySelectorAll('main svg')) {
  if (!vis(s) || !s.viewBox.baseVal || !s.viewBox.baseVal.width) continue;
  const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
  for (const tx of s.querySelectorAll('text')) {
    if (!vis(tx) || !tx.textContent.trim() || tx.closest('.geo-attribution')) continue; // the map's licence line is fine print by design
    const px = parseFloat(getComputedStyle(tx).fontSize) * scale;
    if (px < 12 - 0.05) { r.small.push(px.toFixed(1) + ' px "' + tx.textContent.trim().slice(0, 30) + '" in ' + desc(s)); break; }
  }
}
return r; })()`

// checkPhone lays the loaded page out in a phone's viewport and checks that the page does not
// scroll sideways (a wide table or chart may scroll inside its own box) and that no chart's
// text is drawn smaller than minChartTextPx. The viewport is the screen's again afterwards.
func (b *browser) checkPhone(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: phoneWidth, Height: phoneHeight, DeviceScaleFactor: 1, Mobile: true}); err != nil {
		t.Fatalf("set the phone's viewport: %v", err)
	}
	defer chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	r := eval[phoneReport](t, b, phoneCheckJS)
	if r.ScrollWidth > r.Width {
		t.Errorf("at %d px the page is %.0f px wide: it scrolls sideways", phoneWidth, r.ScrollWidth)
	}
	for _, w := range r.Wide {
		t.Errorf("at %d px this sticks out of the screen: %s", phoneWidth, w)
	}
	for _, s := range r.Small {
		t.Errorf("at %d px a chart's text is too small (want ≥ %d px): %s", phoneWidth, minChartTextPx, s)
	}
}
