// Package doctest reads the PDF and XLSX files the product writes as a person's programs would:
// poppler for a PDF's text and pages, qpdf for its outline, LibreOffice for a workbook. Tests
// then assert on what a reader sees, not on what our own writer thinks it wrote.
//
// Each helper needs a Debian package. Without it the test fails when CI=true and is skipped,
// with the package's name, elsewhere.
package doctest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// toolTimeout bounds one run of a tool; LibreOffice's first start with a fresh profile is the
// slow one, a few seconds.
const toolTimeout = 2 * time.Minute

// need returns the tool's path, or fails (CI) or skips the test when its package is missing.
func need(t testing.TB, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	msg := fmt.Sprintf("%s is not installed: this test needs Debian's %s (apt-get install %s)", tool, pkg, pkg)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("skipping: " + msg)
	return ""
}

// run runs a tool and returns its standard output, failing the test on any error.
func run(t testing.TB, tool string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	killGroup(cmd)
	// A helper left behind (soffice.bin under the soffice script) must not hold the test on
	// the output pipe.
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(tool), strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// writeTemp writes data to a file named name in a fresh temporary directory.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// PDFText is the PDF's text as pdftotext extracts it, which a reader could select and copy;
// text drawn as pictures is not in it.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	tool := need(t, "pdftotext", "poppler-utils")
	return string(run(t, tool, "-enc", "UTF-8", writeTemp(t, "doc.pdf", pdf), "-"))
}

// PDFPageCount is the number of pages pdfinfo reports.
func PDFPageCount(t testing.TB, pdf []byte) int {
	t.Helper()
	tool := need(t, "pdfinfo", "poppler-utils")
	out := run(t, tool, writeTemp(t, "doc.pdf", pdf))
	for line := range strings.Lines(string(out)) {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: page count %q: %v", v, err)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}

// PDFPages renders every page at 50 dpi (pdftoppm), small enough to be quick and enough to
// tell a blank page from a written one.
func PDFPages(t testing.TB, pdf []byte) []image.Image {
	t.Helper()
	tool := need(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	run(t, tool, "-r", "50", "-png", writeTemp(t, "doc.pdf", pdf), filepath.Join(dir, "page"))
	// pdftoppm numbers the files page-1.png … or page-01.png …, padded alike, so they sort.
	files, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	pages := make([]image.Image, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("decode %s: %v", filepath.Base(f), err)
		}
		pages = append(pages, img)
	}
	return pages
}

// Ink is the share of the image's pixels that are not white (0 to 1); a page with none is blank.
// Light anti-aliasing grey counts as white, so an empty page with a faint edge stays at 0.
func Ink(img image.Image) float64 {
	b := img.Bounds()
	if b.Empty() {
		return 0
	}
	const white = 0xf000 // of 0xffff per channel
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < white || g < white || bl < white {
				inked++
			}
		}
	}
	return float64(inked) / float64(b.Dx()*b.Dy())
}

// outline is an entry of qpdf's JSON (version 2) outlines.
type outline struct {
	Title string    `json:"title"`
	Kids  []outline `json:"kids"`
}

// PDFOutline is the titles of the PDF's outline (bookmarks), depth first in document order, as
// qpdf reads them; a PDF viewer shows the same list in its side panel.
func PDFOutline(t testing.TB, pdf []byte) []string {
	t.Helper()
	tool := need(t, "qpdf", "qpdf")
	out := run(t, tool, "--json=2", "--json-key=outlines", writeTemp(t, "doc.pdf", pdf))
	var doc struct {
		Outlines []outline `json:"outlines"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("qpdf's outline JSON: %v", err)
	}
	var titles []string
	var walk func([]outline)
	walk = func(entries []outline) {
		for _, e := range entries {
			titles = append(titles, e.Title)
			walk(e.Kids)
		}
	}
	walk(doc.Outlines)
	return titles
}

// csvFilter is LibreOffice's CSV export: comma, double quotes, UTF-8 (76), from line 1, values
// unformatted (not "as shown", so numbers keep a full stop and all their digits), and the
// sheet to export as the twelfth token (LibreOffice 7.2 and later).
const csvFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,"

// XLSXToCSV opens the workbook in LibreOffice Calc, as a person's spreadsheet program would,
// and returns one sheet (1-based) as rows of cells. A workbook LibreOffice cannot read, or a
// sheet it does not have, fails the test. Each call has a profile of its own, so tests and
// packages running at once do not share a LibreOffice.
func XLSXToCSV(t testing.TB, xlsx []byte, sheet int) [][]string {
	t.Helper()
	tool := need(t, "soffice", "libreoffice-calc-nogui")
	if sheet < 1 {
		t.Fatalf("XLSXToCSV: sheet %d: sheets count from 1", sheet)
	}
	// LibreOffice takes its paths as URLs and stumbles on the '#' of t.TempDir's names for
	// subtests, so its files go in a directory of a plain name.
	dir, err := os.MkdirTemp("", "doctest-soffice-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	in, outDir := filepath.Join(dir, "book.xlsx"), filepath.Join(dir, "out")
	if err := os.WriteFile(in, xlsx, 0o600); err != nil {
		t.Fatal(err)
	}
	profile := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "profile"))}
	run(t, tool,
		"-env:UserInstallation="+profile.String(),
		"--headless", "--norestore", "--nolockcheck",
		"--convert-to", csvFilter+strconv.Itoa(sheet),
		"--outdir", outDir, in)
	// soffice answers 0 even when it could not convert (a sheet it does not have), so the file
	// is the proof. With a sheet number it names the file after the sheet: book-Navn.csv.
	files, err := filepath.Glob(filepath.Join(outDir, "book-*.csv"))
	if err != nil || len(files) != 1 {
		t.Fatalf("LibreOffice wrote %d CSV files of sheet %d, not one (%v): does the workbook have that sheet?", len(files), sheet, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("LibreOffice's CSV of sheet %d: %v", sheet, err)
	}
	return rows
}
