package sheet

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// benchRows is the number of rows per imported file: $SHEET_BENCH_ROWS or 100 000.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("SHEET_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchDB holds 98 municipalities and 300 indicators, in SQLite or, with
// SHEET_BENCH_ENGINE=postgres, PostgreSQL.
func benchDB(b *testing.B) (*store.DB, []string, []string) {
	ctx := context.Background()
	engine := os.Getenv("SHEET_BENCH_ENGINE")
	if engine == "" {
		engine = "sqlite"
	}
	db := storetest.Open(b, engine)
	var orgs, inds []string
	err := db.Tx(ctx, func(tx *store.Tx) error {
		var first int64
		for i := range 98 {
			code := fmt.Sprintf("%03d", 101+i)
			r, err := tx.Create(ctx, model.Organisations, model.Record{"kind": "municipality", "code": code, "name_da": "Kommune " + code})
			if err != nil {
				return err
			}
			if i == 0 {
				first = r.ID()
			}
			orgs = append(orgs, code)
		}
		for i := range 300 {
			code := fmt.Sprintf("ind-%03d", i)
			if _, err := tx.Create(ctx, model.Indicators, model.Record{"code": code, "name_da": code, "unit": "t", "direction": "lower", "owner_organisation_id": first}); err != nil {
				return err
			}
			inds = append(inds, code)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, orgs, inds
}

// valuesCSV writes n values as Danish Excel would, in monthly periods from month on.
func valuesCSV(n, month int, orgs, inds []string) []byte {
	var buf bytes.Buffer
	buf.WriteString(bom + "indikator;organisation;periode;opdeling;vaerdi;kilde\r\n")
	k := 0
	for m := month; k < n; m++ {
		period := fmt.Sprintf("%d-%02d", 1900+m/12, m%12+1)
		for _, ind := range inds {
			for _, org := range orgs {
				if k == n {
					break
				}
				breakdown := ""
				if k%5 == 0 {
					breakdown = "fuel:gas"
				}
				fmt.Fprintf(&buf, "%s;%s;%s;%s;%s;DST\r\n", ind, org, period, breakdown, formatFloat(float64(k)*1.25+0.5, decComma))
				k++
			}
		}
	}
	return buf.Bytes()
}

// BenchmarkImportValues imports files of new indicator values (parse, check and write)
// into SQLite. SHEET_BENCH_ROWS=1000000 measures a million-row file.
//
// Each file holds 100 000 rows (a few months of 98 municipalities × 300 indicators),
// made before the clock starts; each iteration adds new periods, so every row is new.
func BenchmarkImportValues(b *testing.B) {
	ctx := context.Background()
	db, orgs, inds := benchDB(b)
	n := benchRows()
	per := (n + len(orgs)*len(inds) - 1) / (len(orgs) * len(inds)) // months per file
	month := 0
	var total time.Duration
	rows := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		file := valuesCSV(n, month, orgs, inds)
		month += per
		b.StartTimer()
		start := time.Now()
		res, err := Import(ctx, db, "indicator-values", bytes.NewReader(file), CSV)
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		if res.Created != n {
			b.Fatalf("result %+v", res)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/total.Seconds(), "rows/s")
}

// BenchmarkCheckValues is the first pass alone: parse and check, without writing; what
// the sheet package itself costs per row.
func BenchmarkCheckValues(b *testing.B) {
	ctx := context.Background()
	db, orgs, inds := benchDB(b)
	n := benchRows()
	file := valuesCSV(n, 0, orgs, inds)
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		in, err := readInput(bytes.NewReader(file), CSV, DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		_, _, rows, err := checkValues(ctx, db, model.IndicatorValues, in)
		if err != nil || rows != n {
			b.Fatal(rows, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "rows/s")
}
