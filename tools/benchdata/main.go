// Command benchdata prepares the import benchmarks of scripts/bench.sh and
// scripts/importmem.sh: a CSV (and the same rows as XLSX) of generated indicator values, a
// database holding the same data set's organisations, themes, plans, actions and indicators
// but no values, for the file to be imported into, an administrator's API token in that
// database, and a decompression bomb (a small XLSX with one part of 1 GiB of zeros).
//
//	go run ./tools/benchdata -scale national -rows 1000000 -csv values.csv -base-db import.db
//	go run ./tools/benchdata -rows 1000000 -csv values.csv -xlsx values.xlsx -base-db import.db -token-file token -bomb bomb.xlsx
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"klimaspor/internal/auth"
	"klimaspor/internal/gen"
	"klimaspor/internal/store"
)

func main() {
	scale := flag.String("scale", "national", "national or small")
	csvPath := flag.String("csv", "", "write this many -rows indicator values to this CSV file")
	rows := flag.Int("rows", 1_000_000, "rows of the CSV (0: the whole data set)")
	baseDB := flag.String("base-db", "", "create this SQLite file with the data set but no indicator values")
	baseURL := flag.String("base-url", "", "or fill this empty PostgreSQL database (postgres://…) instead")
	xlsxPath := flag.String("xlsx", "", "also write the rows of -csv to this XLSX file (values as number cells)")
	tokenFile := flag.String("token-file", "", "add an administrator to the base database and write an API token of theirs to this file")
	bombPath := flag.String("bomb", "", "write a decompression bomb to this file: a valid XLSX with an extra part of 1 GiB of zeros")
	sharedPath := flag.String("xlsx-shared", "", "also write the rows of -csv to this XLSX file as Excel does, text in shared strings, with -notes different notes")
	notes := flag.Int("notes", 0, "with -xlsx-shared: fill the note column with this many different texts (0: leave it as it is)")
	flag.Parse()
	if *csvPath == "" && *baseDB == "" && *baseURL == "" && *bombPath == "" {
		fmt.Fprintln(os.Stderr, "benchdata: nothing to do; give -csv, -base-db, -base-url or -bomb")
		os.Exit(2)
	}
	err := run(*scale, *csvPath, *rows, *baseDB, *baseURL, *tokenFile)
	if err == nil && *xlsxPath != "" {
		err = writeXLSX(*csvPath, *xlsxPath)
	}
	if err == nil && *sharedPath != "" {
		err = writeSharedXLSX(*csvPath, *sharedPath, *notes)
	}
	if err == nil && *bombPath != "" {
		err = writeBomb(*bombPath, 1<<30)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}

func run(scale, csvPath string, rows int, baseDB, baseURL, tokenFile string) error {
	var cfg gen.Config
	switch scale {
	case "national":
		cfg = gen.National()
	case "small":
		cfg = gen.Small()
	default:
		return fmt.Errorf("unknown scale %q; use national or small", scale)
	}
	if tokenFile != "" && baseDB == "" && baseURL == "" {
		return fmt.Errorf("-token-file needs -base-db or -base-url")
	}
	if csvPath != "" {
		start := time.Now()
		f, err := os.Create(csvPath)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		n, err := gen.WriteValuesCSV(w, cfg, rows)
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if rows > 0 && n < rows {
			fmt.Fprintf(os.Stderr, "benchdata: the %s data set has only %d values\n", scale, n)
		}
		fmt.Fprintf(os.Stderr, "benchdata: wrote %d indicator values to %s in %.1fs\n", n, csvPath, time.Since(start).Seconds())
	}
	if baseDB != "" || baseURL != "" {
		ctx := context.Background()
		db, err := store.Open(ctx, store.Config{Path: baseDB, URL: baseURL})
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			return err
		}
		base := cfg
		base.Years = 0
		st, err := gen.Generate(ctx, db, base, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "benchdata: base database without values: %s\n", st)
		if tokenFile != "" {
			u, err := db.CreateUser(ctx, store.User{Email: "bench@klimaspor.invalid", Name: "Benchmark", Memberships: []store.Membership{{Role: auth.RoleAdmin}}})
			if err != nil {
				return err
			}
			token := auth.NewToken("ks_")
			if _, err := db.CreateToken(ctx, u.ID, "benchmark", auth.ScopeWrite, auth.HashToken(token), time.Now().AddDate(0, 1, 0)); err != nil {
				return err
			}
			if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeXLSX writes the rows of the CSV file as one sheet "indicator-values", the value
// column as number cells, the way klimaspor's own XLSX export writes them.
func writeXLSX(csvPath, xlsxPath string) error {
	if csvPath == "" {
		return fmt.Errorf("-xlsx needs -csv")
	}
	start := time.Now()
	f := excelize.NewFile()
	defer f.Close()
	const name = "indicator-values"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	valueCol, rows := -1, 0
	err = eachRow(csvPath, func(n int, rec []string) error {
		row := make([]any, len(rec))
		for i, c := range rec {
			row[i] = c
		}
		if n == 1 {
			valueCol = slices.Index(rec, "vaerdi")
		} else if valueCol >= 0 {
			if x, err := strconv.ParseFloat(strings.ReplaceAll(rec[valueCol], ",", "."), 64); err == nil {
				row[valueCol] = x
			}
		}
		rows = n
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SaveAs(xlsxPath); err != nil {
		return err
	}
	st, _ := os.Stat(xlsxPath)
	fmt.Fprintf(os.Stderr, "benchdata: wrote %d rows to %s (%.1f MB) in %.1fs\n", rows-1, xlsxPath, float64(st.Size())/1e6, time.Since(start).Seconds())
	return nil
}

// writeBomb writes a small but valid workbook (an indicator-values header and one row) with
// one more part, xl/media/zeros.bin, of size zero bytes: deflated, 1 GiB is about 1 MB.
func writeBomb(path string, size int64) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "indicator-values"); err != nil {
		return err
	}
	if err := f.SetSheetRow("indicator-values", "A1", &[]any{"indikator", "organisation", "periode", "vaerdi"}); err != nil {
		return err
	}
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, part := range zr.File {
		if err := zw.Copy(part); err != nil {
			return err
		}
	}
	w, err := zw.Create("xl/media/zeros.bin")
	if err != nil {
		return err
	}
	zeros := make([]byte, 1<<20)
	for left := size; left > 0; left -= int64(len(zeros)) {
		if _, err := w.Write(zeros[:min(left, int64(len(zeros)))]); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	st, _ := os.Stat(path)
	fmt.Fprintf(os.Stderr, "benchdata: wrote a bomb of %d bytes unpacking to more than %d to %s\n", st.Size(), size, path)
	return nil
}

// writeSharedXLSX writes the rows of the CSV file the way Excel saves a workbook: every text
// cell refers to the shared strings table, values are number cells. With notes > 0 the note
// column holds that many different texts, which makes the shared strings table large.
func writeSharedXLSX(csvPath, xlsxPath string, notes int) error {
	if csvPath == "" {
		return fmt.Errorf("-xlsx-shared needs -csv")
	}
	start := time.Now()
	out, err := os.Create(xlsxPath)
	if err != nil {
		return err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	const ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="` + ct + `sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="` + ct + `worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="` + ct + `sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + main + `" xmlns:r="` + rel[:len(rel)-1] + `">` +
			`<sheets><sheet name="indicator-values" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="` + rel + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			return err
		}
		io.WriteString(w, p[1])
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + main + `"><sheetData>`)
	index := map[string]int{}
	var texts []string
	valueCol, noteCol, rows := -1, -1, 0
	err = eachRow(csvPath, func(n int, rec []string) error {
		rows = n
		if n == 1 {
			valueCol, noteCol = slices.Index(rec, "vaerdi"), slices.Index(rec, "note")
		} else if notes > 0 && noteCol >= 0 {
			rec[noteCol] = fmt.Sprintf("Note %d", n%notes)
		}
		fmt.Fprintf(bw, `<row r="%d">`, n)
		for i, c := range rec {
			if c == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(i+1, n)
			if n > 1 && i == valueCol {
				fmt.Fprintf(bw, `<c r="%s"><v>%s</v></c>`, ref, strings.ReplaceAll(c, ",", "."))
				continue
			}
			k, ok := index[c]
			if !ok {
				k = len(texts)
				index[c] = k
				texts = append(texts, c)
			}
			fmt.Fprintf(bw, `<c r="%s" t="s"><v>%d</v></c>`, ref, k)
		}
		_, err := bw.WriteString(`</row>`)
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	if w, err = zw.Create("xl/sharedStrings.xml"); err != nil {
		return err
	}
	bw = bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">`, main, len(texts), len(texts))
	for _, t := range texts {
		bw.WriteString("<si><t>")
		xml.EscapeText(bw, []byte(t))
		bw.WriteString("</t></si>")
	}
	bw.WriteString("</sst>")
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	st, _ := out.Stat()
	fmt.Fprintf(os.Stderr, "benchdata: wrote %d rows with %d shared strings to %s (%.1f MB) in %.1fs\n", rows-1, len(texts), xlsxPath, float64(st.Size())/1e6, time.Since(start).Seconds())
	return nil
}

// eachRow calls row with every row of the CSV file written by -csv, the header (n = 1)
// without its byte order mark. The record is valid until the next call.
func eachRow(csvPath string, row func(n int, rec []string) error) error {
	in, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.Comma = ';'
	r.ReuseRecord = true
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if n == 1 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
		}
		if err := row(n, rec); err != nil {
			return err
		}
	}
}
