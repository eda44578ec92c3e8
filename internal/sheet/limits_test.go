package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"klimaspor/internal/store/storetest"
)

// rezip copies a workbook's parts, leaving out those drop names and adding extra parts.
func rezip(t *testing.T, book []byte, drop func(name string) bool, extra map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if drop != nil && drop(f.Name) {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range extra {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A file that is not a readable workbook is refused as a bad file (an *ImportError, which
// the API answers with 422), never as a failure of the server.
func TestDamagedWorkbooksAreBadFiles(t *testing.T) {
	book := xlsxFile(t, [][]any{{"kode", "navn"}, {"x", "X"}})
	var unrelated bytes.Buffer
	zw := zip.NewWriter(&unrelated)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("not a workbook"))
	zw.Close()
	tests := []struct{ name, file, reason string }{
		{"no sheet part", string(rezip(t, book, func(n string) bool { return n == "xl/worksheets/sheet1.xml" }, nil)), "cannot be read; the workbook is damaged"},
		{"no workbook part", string(rezip(t, book, func(n string) bool { return n == "xl/workbook.xml" }, nil)), "not an Excel workbook (.xlsx) or it is damaged: a part is missing"},
		{"an unrelated zip", unrelated.String(), "not an Excel workbook (.xlsx) or it is damaged: a part is missing"},
		{"truncated", string(book[:len(book)/2]), "not an Excel workbook (.xlsx) or it is damaged"},
		{"not a zip", "kode;navn\nx;X\n", "not an Excel workbook (.xlsx) or it is damaged"},
		{"empty", "", "the file is empty"},
		{"broken sheet XML", string(rezip(t, book, func(n string) bool { return n == "xl/worksheets/sheet1.xml" },
			map[string][]byte{"xl/worksheets/sheet1.xml": []byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>kode</t></is></c></row><row r="x">`)})), "damaged"},
	}
	db := storetest.Open(t, "sqlite")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importString(db, "themes", XLSX, tc.file)
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T), want an *ImportError", err, err)
			}
			if !strings.Contains(ie.Error(), tc.reason) {
				t.Errorf("message %q lacks %q", ie.Error(), tc.reason)
			}
		})
	}
}

// A workbook is refused, before it is unpacked into memory, when it would unpack to more
// than the limits allow: a decompression bomb is a *TooLargeError (413 in the API).
func TestWorkbooksBeyondTheLimitsAreRefused(t *testing.T) {
	header := []any{"indikator", "organisation", "periode", "vaerdi"}
	book := xlsxFile(t, [][]any{header, {"co2-total", "101", "2020", 1}})
	sheet1 := func(n string) bool { return n == "xl/worksheets/sheet1.xml" }
	rows := func(n int, extra string) []byte {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>indikator</t></is></c><c r="B1" t="inlineStr"><is><t>organisation</t></is></c><c r="C1" t="inlineStr"><is><t>periode</t></is></c><c r="D1" t="inlineStr"><is><t>vaerdi</t></is></c><c r="E1" t="inlineStr"><is><t>opdeling</t></is></c></row>`)
		for i := range n {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>co2-total</t></is></c><c r="B%d" t="inlineStr"><is><t>101</t></is></c><c r="C%d"><v>%d</v></c><c r="D%d"><v>%d</v></c><c r="E%d" t="inlineStr"><is><t>del:%d</t></is></c></row>`, i+2, i+2, i+2, i+2, 2000+i%20, i+2, i, i+2, i)
		}
		b.WriteString(extra)
		b.WriteString(`</sheetData></worksheet>`)
		return b.Bytes()
	}
	small := Limits{Unpacked: 1 << 20}
	tests := []struct {
		name   string
		file   []byte
		lim    Limits
		reason string
	}{
		{"a part of zeros (the classic bomb)", rezip(t, book, nil, map[string][]byte{"xl/media/zeros.bin": make([]byte, 5<<20)}), DefaultLimits,
			"part xl/media/zeros.bin unpacks to 5 MiB, more than the 4 MiB"},
		{"one row of 5 MiB", rezip(t, book, sheet1, map[string][]byte{"xl/worksheets/sheet1.xml": rows(1, `<row r="9"><c r="A9" t="inlineStr"><is><t>`+strings.Repeat("x", 5<<20)+`</t></is></c></row>`)}), DefaultLimits,
			"holds a row, or XML between rows, of more than 4 MiB"},
		{"a row of many cells", rezip(t, book, sheet1, map[string][]byte{"xl/worksheets/sheet1.xml": rows(1, `<row>`+strings.Repeat(`<c><v>1</v></c>`, 400_000)+`</row>`)}), DefaultLimits,
			"holds a row, or XML between rows, of more than 4 MiB"},
		{"more unpacked than the limit", rezip(t, book, sheet1, map[string][]byte{"xl/worksheets/sheet1.xml": rows(9_000, "")}), small,
			"the workbook unpacks to more than 1 MiB"},
		{"shared strings beyond their limit", rezip(t, book, nil, map[string][]byte{"xl/sharedStrings.xml": bytes.Repeat([]byte("<si><t>a</t></si>"), 2_000_000)}), DefaultLimits,
			"shared strings (xl/sharedStrings.xml) unpack to 33 MiB"},
	}
	db := storetest.Open(t, "sqlite")
	seedAll(t, db)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.file) > 512<<10 {
				t.Fatalf("the test's file is %d bytes; a bomb is small", len(tc.file))
			}
			_, err := ImportFor(t.Context(), db, "indicator-values", bytes.NewReader(tc.file), XLSX, Options{Limits: tc.lim})
			var tle *TooLargeError
			if !errors.As(err, &tle) {
				t.Fatalf("error %v (%T), want a *TooLargeError", err, err)
			}
			if !strings.Contains(tle.Error(), tc.reason) {
				t.Errorf("message %q lacks %q", tle.Error(), tc.reason)
			}
		})
	}
	// Within the limits the same shapes import.
	file := rezip(t, book, sheet1, map[string][]byte{"xl/worksheets/sheet1.xml": rows(3_000, "")})
	res, err := ImportFor(t.Context(), db, "indicator-values", bytes.NewReader(file), XLSX, Options{Limits: small})
	if err != nil || res.Created != 3_000 {
		t.Errorf("a workbook within the limits: %+v, %v", res, err)
	}
	// Shared strings are read from memory up to 4 MiB and from disk beyond it, up to 32 MiB.
	for _, size := range []int{3 << 20, 6 << 20} {
		strs := sharedStrings(t, book)
		pad := "<si><t>" + strings.Repeat("p", 200) + "</t></si>"
		strs = strings.Replace(strs, "</sst>", strings.Repeat(pad, size/len(pad))+"</sst>", 1)
		file := rezip(t, book, func(n string) bool { return n == "xl/sharedStrings.xml" }, map[string][]byte{"xl/sharedStrings.xml": []byte(strs)})
		res, err := ImportFor(t.Context(), db, "indicator-values", bytes.NewReader(file), XLSX, Options{})
		if err != nil || res.Rows != 1 {
			t.Errorf("a workbook with %d MiB of shared strings: %+v, %v", size>>20, res, err)
		}
	}
}

// sharedStrings returns the workbook's shared strings part.
func sharedStrings(t *testing.T, book []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/sharedStrings.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("the workbook has no shared strings")
	return ""
}

// TestRecordFilesHaveAMostRows: a file of records other than indicator values is held whole
// while it is checked, so it may hold at most MaxRecordRows rows; reading stops there.
func TestRecordFilesHaveAMostRows(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	var file strings.Builder
	file.WriteString("kode;navn\n")
	for i := range MaxRecordRows + 1 {
		fmt.Fprintf(&file, "t%d;Tema %d\n", i, i)
	}
	_, err := importString(db, "themes", CSV, file.String())
	var tle *TooLargeError
	if !errors.As(err, &tle) || !strings.Contains(err.Error(), "more than 50000 rows of themes") {
		t.Errorf("a file of %d themes: %v, want a *TooLargeError", MaxRecordRows+1, err)
	}
	if n := count(t, db, "themes"); n != 0 {
		t.Errorf("%d themes saved", n)
	}
}
