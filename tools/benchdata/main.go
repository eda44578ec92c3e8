// Command benchdata prepares the import benchmark of scripts/bench.sh: a CSV file of
// generated indicator values, and a database holding the same data set's organisations,
// themes, plans, actions and indicators but no values, for the CSV to be imported into.
//
//	go run ./tools/benchdata -scale national -rows 1000000 -csv values.csv -base-db import.db
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"klimaspor/internal/gen"
	"klimaspor/internal/store"
)

func main() {
	scale := flag.String("scale", "national", "national or small")
	csvPath := flag.String("csv", "", "write this many -rows indicator values to this CSV file")
	rows := flag.Int("rows", 1_000_000, "rows of the CSV (0: the whole data set)")
	baseDB := flag.String("base-db", "", "create this SQLite file with the data set but no indicator values")
	baseURL := flag.String("base-url", "", "or fill this empty PostgreSQL database (postgres://…) instead")
	flag.Parse()
	if err := run(*scale, *csvPath, *rows, *baseDB, *baseURL); err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}

func run(scale, csvPath string, rows int, baseDB, baseURL string) error {
	var cfg gen.Config
	switch scale {
	case "national":
		cfg = gen.National()
	case "small":
		cfg = gen.Small()
	default:
		return fmt.Errorf("unknown scale %q; use national or small", scale)
	}
	if csvPath == "" && baseDB == "" && baseURL == "" {
		return fmt.Errorf("nothing to do; give -csv, -base-db or -base-url")
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
	}
	return nil
}
