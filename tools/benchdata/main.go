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
	"flag"
	"fmt"
	"io"
	"os"
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
	flag.Parse()
	if *csvPath == "" && *baseDB == "" && *baseURL == "" && *bombPath == "" {
		fmt.Fprintln(os.Stderr, "benchdata: nothing to do; give -csv, -base-db, -base-url or -bomb")
		os.Exit(2)
	}
	err := run(*scale, *csvPath, *rows, *baseDB, *baseURL, *tokenFile)
	if err == nil && *xlsxPath != "" {
		err = writeXLSX(*csvPath, *xlsxPath)
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
			if _, err := db.CreateToken(ctx, u.ID, "benchmark", auth.ScopeWrite, auth.HashToken(token)); err != nil {
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
	in, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.Comma = ';'
	r.ReuseRecord = true
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
	valueCol := -1
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		row := make([]any, len(rec))
		for i, c := range rec {
			row[i] = c
		}
		if n == 0 {
			row[0] = strings.TrimPrefix(rec[0], "\ufeff")
			for i, c := range rec {
				if c == "vaerdi" {
					valueCol = i
				}
			}
		} else if valueCol >= 0 {
			if x, err := strconv.ParseFloat(strings.ReplaceAll(rec[valueCol], ",", "."), 64); err == nil {
				row[valueCol] = x
			}
		}
		n++
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SaveAs(xlsxPath); err != nil {
		return err
	}
	st, _ := os.Stat(xlsxPath)
	fmt.Fprintf(os.Stderr, "benchdata: wrote %d rows to %s (%.1f MB) in %.1fs\n", n-1, xlsxPath, float64(st.Size())/1e6, time.Since(start).Seconds())
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
