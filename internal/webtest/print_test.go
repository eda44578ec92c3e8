package webtest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A4 is 8.27 × 11.69 in. The margins are those of site.css's @page rule (18 mm top and bottom,
// 15 mm left and right), so the printable width is 180 mm: 680 CSS px at 96 px to the inch.
const (
	a4Width, a4Height = 8.27, 11.69
	marginTopBottom   = 18 / 25.4
	marginLeftRight   = 15 / 25.4
	printWidthPx      = 680
	printHeightPx     = 986
)

// maxPDFPerPage is the most bytes a printed A4 page may take on average.
const maxPDFPerPage = 200 << 10

// maxPrintPages is the most A4 pages a page type may print on; more means something has grown
// out of hand (a table alternative of every value, a chart broken over many pages). A
// municipality printed on 10 pages before its cards went two to a row in print (issue 10 item 7,
// docs/BENCHMARKS.md); Copenhagen, the largest, must now fit on 6.
var maxPrintPages = map[string]int{
	"front": 7, "municipality-101": 6, "municipality-165": 7, "project-VIP3": 6, "not-found": 1,
	"actions": 10, "action": 3, "compare": 10, "indicator": 14,
	"edit-action": 5, "edit-plan": 3, "edit-goal": 3, "edit-indicator": 3, "edit-value": 3, "edit-project": 3,
	"edit-participant": 2, "new-action": 5, "new-value": 3,
}

// printReport is what the page reports of itself under print media emulation.
type printReport struct {
	ScrollWidth  float64  `json:"scrollWidth"`
	Shown        []string `json:"shown"`        // elements that must not print but do
	Wide         []string `json:"wide"`         // content wider than the printable width
	Breakable    []string `json:"breakable"`    // figures and charts a page break may cut
	NoHeadRepeat []string `json:"noHeadRepeat"` // tables whose header row does not repeat
	RowBreak     []string `json:"rowBreak"`     // table rows a page break may cut
	Faint        []string `json:"faint"`        // links in the content that print too faint to read
	NoURL        []string `json:"noUrl"`        // external links that print without their address
	Hidden       []string `json:"hidden"`       // table alternatives of charts that do not print
	ChartText    []string `json:"chartText"`    // charts whose text prints too small or too large
	Main         float64  `json:"main"`         // the height of the main content, in px
	Head         string   `json:"head"`         // the print-only header's text, "" when it does not print
	Title        string   `json:"title"`        // the document's title
	Href         string   `json:"href"`         // the page's absolute address (the server's base URL is set)
}

// printCheckJS measures the loaded page under print media emulation at the printable width.
const printCheckJS = `(() => {
const W = window.innerWidth;
const vis = el => el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true}) && el.getClientRects().length > 0;
const desc = el => el.outerHTML.replace(/\s+/g, ' ').slice(0, 110);
const r = {scrollWidth: document.documentElement.scrollWidth, shown: [], wide: [], breakable: [], noHeadRepeat: [], rowBreak: [], faint: [], noUrl: [], hidden: [],
  main: document.querySelector('main') ? document.querySelector('main').getBoundingClientRect().height : 0,
  head: (h => h && vis(h) ? h.textContent.replace(/\s+/g, ' ').trim() : '')(document.querySelector('.print-head')), title: document.title, href: location.href};
// Screen-only things: navigation, the skip link, the language switch, export and edit links,
// forms and their controls, pagination.
const screenOnly = ['.skip-link', '.site-nav', '.lang-switch', 'a[download]', 'a[href*="/export"]', 'a[href*="format=csv"]', 'a[href*="format=xlsx"]',
  'a[href$="/rediger"]', '.edit-link', '.export', 'main form:not(.card)', 'main button', 'main input:not([type=hidden]):not(form.card *)', 'main select:not(form.card *)', 'main nav', 'details > summary'];
for (const sel of screenOnly) for (const el of document.querySelectorAll(sel)) if (vis(el)) r.shown.push(sel + ' → ' + desc(el));
// Whatever sticks out of the printable width, outermost first (not the parts of an SVG).
const over = el => { const b = el.getBoundingClientRect(); return b.right > W + 0.5 || b.left < -0.5; };
for (const el of document.querySelectorAll('main *')) {
  if ((el.ownerSVGElement) || !vis(el) || !over(el) || (el.parentElement !== document.querySelector('main') && over(el.parentElement))) continue;
  const b = el.getBoundingClientRect();
  r.wide.push(Math.round(b.left) + '–' + Math.round(b.right) + ' px: ' + desc(el));
}
for (const el of document.querySelectorAll('main figure, main svg.chart, main svg[role=img]')) {
  if (!vis(el)) continue;
  const s = getComputedStyle(el);
  if (s.breakInside !== 'avoid' && s.breakInside !== 'avoid-page') r.breakable.push(desc(el));
}
for (const tb of document.querySelectorAll('main table')) {
  if (!vis(tb)) continue;
  if (!tb.tHead || getComputedStyle(tb.tHead).display !== 'table-header-group') r.noHeadRepeat.push(desc(tb));
  const tr = tb.tBodies[0] && tb.tBodies[0].rows[0];
  if (tr && !['avoid', 'avoid-page'].includes(getComputedStyle(tr).breakInside)) r.rowBreak.push(desc(tb));
}
// Contrast of a link's text on white: the relative luminance of its colour.
const lum = c => { const m = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
for (const a of document.querySelectorAll('main a[href]')) {
  if (!vis(a)) continue;
  const ratio = 1.05 / (lum(getComputedStyle(a).color) + 0.05);
  if (ratio < 7) r.faint.push(getComputedStyle(a).color + ' ' + desc(a));
  const href = a.getAttribute('href');
  if (/^https?:/.test(href) && !getComputedStyle(a, '::after').content.includes(href)) r.noUrl.push(desc(a));
}
// The table alternative of a chart prints, unless its section prints a data table already.
for (const t of document.querySelectorAll('main details.table-alt table')) {
  const sec = t.closest('section');
  if (!vis(t) && !(sec && Array.from(sec.querySelectorAll('table.data')).some(vis))) r.hidden.push(desc(t));
}
// A chart is drawn in its viewBox's units with a font size of about 14; scaled to the paper, its text
// must stay between 6 and 15 pt (8 and 20 CSS px).
r.chartText = [];
for (const s of document.querySelectorAll('main svg.chart')) {
  if (!vis(s) || !s.viewBox.baseVal || !s.viewBox.baseVal.width) continue;
  const px = parseFloat(s.getAttribute('font-size') || '14') * s.getBoundingClientRect().width / s.viewBox.baseVal.width;
  if (px < 8 || px > 20) r.chartText.push(px.toFixed(1) + ' px: ' + desc(s));
}
return r; })()`

// savePrintArtefacts writes the PDF and a PNG of the page under print emulation to the
// screenshots directory (or dir), and logs where.
func (b *browser) savePrintArtefacts(t *testing.T, dir string, pdf []byte) {
	t.Helper()
	if dir == "" {
		dir = os.Getenv("KLIMASPOR_SCREENSHOTS")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "klimaspor-screenshots")
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("no PDF saved: %v", err)
		return
	}
	name := regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(t.Name(), "_")
	if len(pdf) > 0 {
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644); err != nil {
			t.Logf("no PDF saved: %v", err)
		}
	}
	ctx, cancel := context.WithTimeout(b.tab, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Logf("no print screenshot: %v", err)
	}
	t.Logf("the page as printed: %s.pdf and %s.png", filepath.Join(dir, name), filepath.Join(dir, name))
}

// pdfPages counts the page objects of a PDF ("/Type /Page", not "/Type /Pages").
var pdfPages = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// testPrint prints every page type to PDF on A4, as a reader's browser would, and checks under
// print media emulation at the printable width that it prints cleanly: no navigation, skip
// link, language switch, export and edit links, forms or pagination; nothing wider than the
// paper; figures and table rows kept whole and table headers repeated on every page; links
// readable; the table alternatives of the charts printed. Set KLIMASPOR_PDF_DIR to keep every
// PDF (and PNG) there.
func testPrint(t *testing.T, b *browser) {
	keep := os.Getenv("KLIMASPOR_PDF_DIR")
	began := time.Now()
	for _, pc := range pageCases {
		for _, lang := range []string{"da", "en"} {
			t.Run(pc.name+"/"+lang, func(t *testing.T) {
				b.setLanguage(t, lang)
				if pc.signed {
					b.signIn(t)
				}
				path := b.resolve(t, pc)
				if got := b.open(t, path); got != pc.status {
					t.Errorf("GET %s: status %d, want %d", path, got, pc.status)
				}
				ctx, cancel := context.WithTimeout(b.tab, 60*time.Second)
				defer cancel()
				if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: printWidthPx, Height: printHeightPx, DeviceScaleFactor: 1}); err != nil {
					t.Fatalf("set the viewport: %v", err)
				}
				if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
					t.Fatalf("emulate print: %v", err)
				}
				var pdf []byte
				defer func() {
					if t.Failed() || keep != "" {
						b.savePrintArtefacts(t, keep, pdf)
					}
					// Back to the screen for the next test, however this one ended.
					ctx, cancel := context.WithTimeout(b.tab, 10*time.Second)
					defer cancel()
					chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
					chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
				}()

				r := eval[printReport](t, b, printCheckJS)
				if r.ScrollWidth > printWidthPx {
					t.Errorf("the page is %.0f px wide in print, wider than A4's printable %d px", r.ScrollWidth, printWidthPx)
				}
				for _, list := range []struct {
					what  string
					items []string
				}{
					{"prints, but is for the screen only", r.Shown},
					{"is wider than A4's printable width", r.Wide},
					{"may be cut by a page break (want break-inside: avoid)", r.Breakable},
					{"does not repeat its header row on every page", r.NoHeadRepeat},
					{"has rows a page break may cut", r.RowBreak},
					{"is a link too faint to read in print", r.Faint},
					{"is an external link that prints without its address", r.NoURL},
					{"is a chart's table alternative that does not print", r.Hidden},
					{"is a chart whose text prints at an unreadable size", r.ChartText},
				} {
					for _, it := range list.items {
						t.Errorf("%s %s", it, list.what)
					}
				}

				// The printout's header: the page's title, the date of its data and its address.
				title, _, _ := strings.Cut(r.Title, " – Klimaspor")
				dataAt := map[string]string{"da": "Data pr. ", "en": "Data as of "}[lang]
				for _, want := range []string{title, dataAt, r.Href} {
					if !strings.Contains(r.Head, want) {
						t.Errorf("the printout's header reads %q, want it to contain %q", r.Head, want)
					}
				}

				top, side, bg := marginTopBottom, marginLeftRight, false
				res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{
					PaperWidth: a4Width, PaperHeight: a4Height, PrintBackground: &bg,
					MarginTop: &top, MarginBottom: &top, MarginLeft: &side, MarginRight: &side,
				})
				if err != nil {
					t.Fatalf("print to PDF: %v", err)
				}
				pdf = res.Data
				if !strings.HasPrefix(string(pdf), "%PDF-") {
					t.Fatalf("the printout is not a PDF: %.20q", pdf)
				}
				pages := len(pdfPages.FindAll(pdf, -1))
				if max := maxPrintPages[pc.name]; pages < 1 || (max > 0 && pages > max) {
					t.Errorf("the page prints on %d A4 pages, want 1–%d", pages, max)
				}
				// Text and vector charts take tens of KB a page; far more means something was
				// printed as a picture (SVG patterns did that: 9 MB for a municipality).
				if pages > 0 && len(pdf)/pages > maxPDFPerPage {
					t.Errorf("the printout is %d KB for %d pages: something prints as a picture", len(pdf)>>10, pages)
				}
				t.Logf("%s prints on %d A4 pages (%d KB; main content %.0f px high)", path, pages, len(pdf)>>10, r.Main)
			})
		}
	}
	t.Logf("%d pages printed in %s", 2*len(pageCases), time.Since(began).Round(time.Millisecond))
}

// resolve returns the path of a page case, following its link when it has one.
func (b *browser) resolve(t *testing.T, pc pageCase) string {
	t.Helper()
	if pc.pathOf != nil {
		return pc.pathOf()
	}
	if pc.from == "" {
		return pc.path
	}
	if got := b.open(t, pc.from); got != 200 {
		t.Fatalf("GET %s: status %d, want 200", pc.from, got)
	}
	path := eval[string](t, b, `(() => { const a = document.querySelector(`+js(pc.linkSel)+`); return a ? a.getAttribute('href') : ''; })()`)
	if path == "" {
		t.Fatalf("%s has no link %s to follow", pc.from, pc.linkSel)
	}
	return path + pc.then
}
