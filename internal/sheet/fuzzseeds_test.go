package sheet

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"klimaspor/internal/store"
)

type fuzzSeed struct {
	target, kind, name string
	data               []byte
}

// fuzzSeeds are the importers' hand-made seeds: Danish Excel's variants of CSV, broken
// files, odd numbers and text, and workbooks beyond the limits (decompression bombs).
func fuzzSeeds(t *testing.T, db *store.DB) []fuzzSeed {
	const vHeader = "indikator;organisation;periode;opdeling;vaerdi;kilde;udgivet;eksempel\r\n"
	csv := func(kind, name, data string) fuzzSeed { return fuzzSeed{"FuzzImportCSV", kind, name, []byte(data)} }
	xlsx := func(kind, name string, data []byte) fuzzSeed { return fuzzSeed{"FuzzImportXLSX", kind, name, data} }
	var many strings.Builder
	many.WriteString(vHeader)
	for i := range MaxErrors + 20 {
		fmt.Fprintf(&many, "co2-total;165;20x%d;;1,5;;;\r\n", i)
	}
	seeds := []fuzzSeed{
		csv("indicator-values", "danish-excel", bom+vHeader+"co2-total;165;2019;;1.234,5;\"DST; tabel\";01-02-2023;ja\r\nco2-total;165;2019-k3; fuel:gas ;-0,25;;1.2.2023;x\r\n;;;;;;;\r\n"),
		csv("indicator-values", "sep-line", "sep=;\r\n"+vHeader+"co2-total;101;2020-H1;;12;;;nej\r\n"),
		csv("indicator-values", "comma-decimal-point", "Indicator_ID,ORGANISATION_ID,period,breakdown,Value,note\nco2-total,165,2019,,1234.5,\"a, b\"\n"),
		csv("indicator-values", "tabs", "indikator\torganisation\tperiode\tvaerdi\nco2-total\t165\t2019-05\t1.234.567\n"),
		csv("indicator-values", "huge-numbers", vHeader+"co2-total;165;2019;;1e309;;;\r\nco2-total;165;2020;;99999999999999999999999;;;\r\nco2-total;165;2021;;1.234.567.890.123.456.789,5;;;\r\nco2-total;165;2022;;NaN;;;\r\nco2-total;165;2023;;-Inf;;;\r\nco2-total;165;2024;;0x1p-2;;;\r\nco2-total;165;2025;;12.5;;;\r\n"),
		csv("indicator-values", "duplicates", vHeader+"co2-total;165;2019-Q1;;1;;;\r\nco2-total;165;2019-K1;;2;;;\r\n"),
		csv("indicator-values", "many-errors", many.String()),
		csv("indicator-values", "utf16", "\xff\xfei\x00n\x00d\x00"),
		csv("organisations", "windows-1252", "kode;navn;type\r\n101;K\xf8benhavn;municipality\r\n"),
		csv("organisations", "broken-quote", "kode;navn;type\r\n\"101;K\u00f8benhavn;municipality\r\n"),
		csv("organisations", "bare-quote", "kode;navn;type\r\n10\"1;K\u00f8benhavn;municipality\r\n"),
		csv("organisations", "odd-unicode", "kode;navn;type;befolkning;befolkning_kilde\r\n\u202e101;K\u00f8benhavn\u0301\u2028;municipality;2020:1.000|2021:\uff11\uff12;DST\\|x|y\r\n\U0001F600;a\x00b;network;;\r\n"),
		csv("organisations", "formula-guard", "kode;navn;type\r\n'=1+1;'@SUM(A1);partner\r\n"),
		csv("organisations", "stray-and-blank", "kode;navn;type;\r\n\r\n;;;\r\nX1;Navn;partner;stray\r\n"),
		csv("themes", "parent-loop", "kode;navn;overordnet\r\na;A;b\r\nb;B;a\r\nc;C;c\r\n"),
		csv("themes", "repeated-and-unknown-columns", "kode;KODE;farve\r\na;b;c\r\n"),
		csv("actions", "lists-and-dates", "titel;plan;sektor;ansvarlig;status;temaer;start;slut;fremdrift_pct\r\nCykelstier;KP-101;transport;101;planned;transport|energy\\|x||;31-12-2023;2023-02-30;100,5\r\n"),
		csv("organisations", "empty", ""),
		csv("organisations", "only-space", " \r\n\t\r\n"),
	}
	header := []any{"indikator", "organisation", "periode", "vaerdi"}
	book := xlsxFile(t, [][]any{header, {"co2-total", "101", "2020", 1}})
	sheet1 := func(n string) bool { return n == "xl/worksheets/sheet1.xml" }
	sheetXML := func(rows string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>indikator</t></is></c><c r="B1" t="inlineStr"><is><t>organisation</t></is></c><c r="C1" t="inlineStr"><is><t>periode</t></is></c><c r="D1" t="inlineStr"><is><t>vaerdi</t></is></c></row>` +
			rows + `</sheetData></worksheet>`)
	}
	seeds = append(seeds,
		xlsx("indicator-values", "cells-of-every-type", rezip(t, book, sheet1, map[string][]byte{"xl/worksheets/sheet1.xml": sheetXML(
			`<row r="2"><c r="A2" t="inlineStr"><is><t>co2-total</t></is></c><c r="B2"><v>101</v></c><c r="C2" t="n"><v>2020</v></c><c r="D2" t="e"><v>#DIV/0!</v></c></row>` +
				`<row r="3"><c r="A3" t="str"><v>co2-total</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="d"><v>2021-01-01</v></c><c r="D3"><v>1E+309</v></c></row>` +
				`<row r="4"><c r="A4" t="s"><v>99</v></c><c r="D4"><v>-0</v></c></row>`)})),
		xlsx("indicator-values", "far-row-numbers", rezip(t, book, sheet1, map[string][]byte{"xl/worksheets/sheet1.xml": sheetXML(
			`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>`)})),
		xlsx("indicator-values", "zeros-bomb", rezip(t, book, nil, map[string][]byte{"xl/media/zeros.bin": make([]byte, 5<<20)})),
		xlsx("indicator-values", "row-bomb", rezip(t, book, sheet1, map[string][]byte{"xl/worksheets/sheet1.xml": sheetXML(
			`<row r="9"><c r="A9" t="inlineStr"><is><t>` + strings.Repeat("x", 5<<20) + `</t></is></c></row>`)})),
		xlsx("indicator-values", "no-worksheet", rezip(t, book, sheet1, nil)),
		xlsx("indicator-values", "truncated", book[:len(book)/2]),
		xlsx("organisations", "not-a-workbook", []byte("kode;navn;type\r\n101;København;municipality\r\n")),
		xlsx("themes", "sheet-named-after-the-kind", func() []byte {
			data := exportString(t, db, "themes", XLSX)
			return bytes.Replace(data, []byte("themes"), []byte("THEMES"), -1)
		}()),
	)
	return seeds
}
