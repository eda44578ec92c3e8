package sitetest

import (
	"encoding/csv"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The lists' downloads (CSV and XLSX, page/export.go) as tests read them.

// XLSXType is an XLSX download's content type.
const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

var exportLinkRE = regexp.MustCompile(`href="([^"]*eksport=[^"]*)"`)

// ExportLinks are the export links of a page, by list and format ("indsatser.csv"): the
// query parameters are page.ExportParam and page.FormatParam, which this package, below
// every web package, does not import.
func ExportLinks(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range exportLinkRE.FindAllStringSubmatch(body, -1) {
		href := html.UnescapeString(m[1])
		u, err := url.Parse(href)
		if err != nil {
			t.Fatal(err)
		}
		out[u.Query().Get("eksport")+"."+u.Query().Get("format")] = href
	}
	return out
}

// ReadCSV reads an exported CSV file, checking its BOM, with the given separator.
func ReadCSV(t *testing.T, body string, comma rune) [][]string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, "\ufeff")
	if !ok {
		t.Fatalf("CSV has no UTF-8 BOM: %q", body[:min(len(body), 20)])
	}
	r := csv.NewReader(strings.NewReader(rest))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v", err)
	}
	return recs
}
