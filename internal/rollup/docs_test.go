package rollup_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/doctest"
	"klimaspor/internal/i18n"
	"klimaspor/internal/pdf"
	"klimaspor/internal/rollup"
	"klimaspor/internal/rollup/rolluptest"
	"klimaspor/internal/store/storetest"
)

func built(t *testing.T) (*rollup.Rollup, rolluptest.World) {
	t.Helper()
	db := storetest.Open(t, "sqlite")
	w := rolluptest.Build(t, db)
	r, err := rollup.Build(context.Background(), db, w.Secretariat, w.Spring23, rollup.Filter{}, w.Today)
	if err != nil {
		t.Fatal(err)
	}
	return r, w
}

// The PDF is read as a person's PDF reader would: a page per part (cover, summary, each
// project, appendix), none of them blank, its text selectable, its headings in the outline.
func TestPDF(t *testing.T) {
	if _, err := (pdf.Options{}).Browser(); err != nil {
		t.Skipf("no Chromium: %v", err)
	}
	r, _ := built(t)
	html, err := rollup.HTML(i18n.Danish, r)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := rollup.PDF(context.Background(), html)
	if err != nil {
		t.Fatal(err)
	}
	// cover, summary, three projects, appendix
	if n := doctest.PDFPageCount(t, doc); n < 6 {
		t.Errorf("the PDF has %d pages, want at least 6 (cover, summary, 3 projects, appendix)", n)
	}
	for i, img := range doctest.PDFPages(t, doc) {
		if ink := doctest.Ink(img); ink < 0.001 {
			t.Errorf("page %d is blank (ink %.4f)", i+1, ink)
		}
	}
	text := doctest.PDFText(t, doc)
	for _, s := range []string{"Resumé", rolluptest.VIP1Name, rolluptest.VIP3Name, "På rette spor", "Bagud", "Leverandørerne er forsinkede.", rolluptest.LeadName} {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF's text lacks %q", s)
		}
	}
	outline := doctest.PDFOutline(t, doc)
	for _, s := range []string{"VIP klimaprojekter: Forår 2023", "Resumé", "VIP1 " + rolluptest.VIP1Name, "Bilag: Hvem rapporterede hvornår"} {
		if !slices.Contains(outline, s) {
			t.Errorf("the outline %q lacks %q", outline, s)
		}
	}
}

// Without a browser the PDF says so by pdf.ErrNoBrowser, which the API turns into its 503.
func TestPDFWithoutBrowser(t *testing.T) {
	t.Setenv(pdf.EnvChromium, "/no/such/chromium")
	_, err := rollup.PDF(context.Background(), []byte("<!DOCTYPE html><p>x</p>"))
	if !errors.Is(err, pdf.ErrNoBrowser) {
		t.Errorf("err = %v, want pdf.ErrNoBrowser", err)
	}
}

// The workbook is read as LibreOffice reads it: the summary sheet is the matrix, and each
// project has its sheet with its goals and answers.
func TestXLSX(t *testing.T) {
	r, _ := built(t)
	b, err := rollup.XLSX(i18n.English, r)
	if err != nil {
		t.Fatal(err)
	}
	got := doctest.XLSXToCSV(t, b, 1)
	x := r.Export(i18n.English)
	want := [][]string{x.Columns}
	want = append(want,
		[]string{"VIP1", "Energy renovation of homes", "Copenhagen", "Approved", rolluptest.SecretaryName, "", "2023-05-31", "No",
			"2,000 homes renovated by 2030", "On track", "Better", "More solar panels", "Off track", "Worse"},
		[]string{"VIP2", rolluptest.VIP2Name, "Albertslund", "Draft", rolluptest.SecretaryName, "", "2023-05-31", "Yes",
			"Halvt så meget madspild", "At risk", "Worse", "", "", ""},
		[]string{"VIP3", rolluptest.VIP3Name, "Copenhagen", "Not started", rolluptest.SecretaryName, "", "2023-05-31", "Yes", "", "", "", "", "", ""},
	)
	// The time of the last change is the test run's; only its presence is checked.
	for i := 1; i < len(got); i++ {
		if len(got[i]) > 5 {
			if got[i][5] == "" {
				t.Errorf("row %d has no time of its last change", i+1)
			}
			got[i][5] = ""
		}
	}
	if diff := cmp.Diff(trimRows(want), trimRows(got)); diff != "" {
		t.Errorf("the summary sheet (-want +got):\n%s", diff)
	}
	sheet2 := doctest.XLSXToCSV(t, b, 2)
	flat := ""
	for _, row := range sheet2 {
		flat += strings.Join(row, "|") + "\n"
	}
	for _, s := range []string{"VIP1 Energy renovation of homes", "1. 2,000 homes renovated by 2030|On track|Better|Flere ansøgninger",
		"Challenges|Leverandørerne er forsinkede.", "Next steps|Udbud i efteråret."} {
		if !strings.Contains(flat, s) {
			t.Errorf("VIP1's sheet lacks %q:\n%s", s, flat)
		}
	}
}

// trimRows drops the empty cells LibreOffice writes after a row's last value, so rows of
// different widths compare by their values.
func trimRows(rows [][]string) [][]string {
	var out [][]string
	for _, r := range rows {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		out = append(out, r)
	}
	return out
}
