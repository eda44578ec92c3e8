package pdf_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/doctest"
	"klimaspor/internal/pdf"
)

// page is a roll-up document in small: Danish text, two chapters on two A4 pages, a table.
const page = `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Statusrapport</title>
<style>
@page { size: A4; margin: 20mm; }
body { font-family: sans-serif; }
.chapter { page-break-before: always; }
table { border-collapse: collapse; }
td, th { border: 1px solid #333; padding: 2mm; }
</style></head>
<body>
<h1>Status for klimaplanen</h1>
<p>Kommunerne på Sjælland har nået deres mål for grøn strøm.</p>
<h2>Udledninger</h2>
<table>
<tr><th>Kommune</th><th>Udledning (t CO₂e)</th></tr>
<tr><td>Køge</td><td>12.750</td></tr>
<tr><td>Ærø</td><td>3.200</td></tr>
</table>
<h1 class="chapter">Indsatser i næste år</h1>
<h2>Varmeplaner</h2>
<p>Fjernvarmen udbygges i Århus og på Bornholm, så øernes huse får grøn varme.</p>
</body></html>`

// needChromium skips the test (fails it in CI) where the render would only say ErrNoBrowser.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := (pdf.Options{}).Browser(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("skipping: %v", err)
	}
}

func render(t *testing.T, html string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	doc, err := pdf.Render(ctx, []byte(html))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestRenderGivesSelectableTextOutlineAndPagesAsTheCSSSays(t *testing.T) {
	needChromium(t)
	doc := render(t, page)

	if n := doctest.PDFPageCount(t, doc); n != 2 {
		t.Errorf("%d pages, want 2 (one chapter on each)", n)
	}
	text := doctest.PDFText(t, doc)
	for _, want := range []string{"Status for klimaplanen", "Sjælland", "grøn strøm", "Køge", "Ærø", "12.750", "CO₂e", "Århus", "øernes"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text has no %q; it is:\n%s", want, text)
		}
	}
	// No header or footer of the browser's: no page title, date or file address on the pages.
	for _, unwanted := range []string{"Statusrapport", "file://", "page.html"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the PDF's text has %q, from a header or footer", unwanted)
		}
	}
	want := []string{"Status for klimaplanen", "Udledninger", "Indsatser i næste år", "Varmeplaner"}
	if diff := cmp.Diff(want, doctest.PDFOutline(t, doc)); diff != "" {
		t.Errorf("outline (-want +got):\n%s", diff)
	}
	pages := doctest.PDFPages(t, doc)
	if len(pages) != 2 {
		t.Fatalf("%d page images, want 2", len(pages))
	}
	for i, p := range pages {
		// A4 at 50 dpi is 413 × 585 pixels.
		if b := p.Bounds(); b.Dx() < 405 || b.Dx() > 420 || b.Dy() < 578 || b.Dy() > 592 {
			t.Errorf("page %d is %d × %d pixels at 50 dpi, not A4", i+1, b.Dx(), b.Dy())
		}
		if ink := doctest.Ink(p); ink < 0.002 {
			t.Errorf("page %d is blank (ink %.4f)", i+1, ink)
		}
	}
}

func TestRenderTakesThePageSizeFromTheCSS(t *testing.T) {
	needChromium(t)
	doc := render(t, strings.Replace(page, "size: A4;", "size: A5 landscape;", 1))
	p := doctest.PDFPages(t, doc)[0].Bounds()
	// A5 landscape at 50 dpi is 413 × 291 pixels.
	if p.Dx() < 405 || p.Dx() > 420 || p.Dy() < 285 || p.Dy() > 298 {
		t.Errorf("the first page is %d × %d pixels at 50 dpi, not A5 landscape", p.Dx(), p.Dy())
	}
}

func TestRenderFetchesNothing(t *testing.T) {
	needChromium(t)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	html := strings.Replace(page, "</body>", `<img src="`+srv.URL+`/logo.png" alt="">
<link rel="stylesheet" href="`+strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)+`/style.css"></body>`, 1)
	render(t, html)
	if n := requests.Load(); n != 0 {
		t.Errorf("the browser made %d requests for the page's external references, want none", n)
	}
}

func TestRenderWithoutBrowserSaysHowToGetOne(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-chromium")
	t.Setenv(pdf.EnvChromium, missing)
	_, err := pdf.Render(context.Background(), []byte(page))
	if !errors.Is(err, pdf.ErrNoBrowser) {
		t.Fatalf("err = %v, want ErrNoBrowser", err)
	}
	for _, want := range []string{missing, "Chromium", "apt-get install chromium", pdf.EnvChromium} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not mention %q", err, want)
		}
	}
}

func TestRenderStopsAtTheContextsDeadline(t *testing.T) {
	needChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := pdf.Render(ctx, []byte(`<!doctype html><p>Uendelig</p><script>for (;;) {}</script>`))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Render returned %v after its deadline of 2 s", d)
	}
}
