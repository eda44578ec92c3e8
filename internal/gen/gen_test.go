package gen_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/gen"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

func tiny() gen.Config {
	return gen.Config{Seed: 7, Regions: 2, Municipalities: 4, ActionsPerMunicipality: 10, Indicators: 6,
		FirstYear: 2020, Years: 3, BreakdownShare: 0.5, BreakdownParts: 5, TxRows: 50, Projects: 3, LibraryItems: 30}
}

// logWriter sends progress lines to the test log.
type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// all reads every record of a resource matching the filters.
func all(t testing.TB, db *store.DB, res *model.Resource, filters map[string]string) []model.Record {
	t.Helper()
	return listAll(t, db, res, model.ListQuery{Filters: filters})
}

// listAll reads every record the query matches, page by page.
func listAll(t testing.TB, db *store.DB, res *model.Resource, q model.ListQuery) []model.Record {
	t.Helper()
	var out []model.Record
	q.Limit = store.MaxLimit
	for {
		p, err := db.List(context.Background(), res, q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Items...)
		if p.NextCursor == "" {
			return out
		}
		q.Cursor = p.NextCursor
	}
}

func TestGenerate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cfg := tiny()
		st, err := gen.Generate(ctx, db, cfg, logWriter{t})
		if err != nil {
			t.Fatal(err)
		}
		want := gen.Counts(cfg)
		// 6 indicators × 4 municipalities × 3 years; half the indicators split in 5 parts.
		if want.Totals != 72 || want.Parts != 180 || want.Themes != 30 || want.Organisations != 6 || want.Actions != 40 {
			t.Fatalf("Counts = %+v", want)
		}
		st.Records, st.Values, st.Total = 0, 0, 0
		if st != want {
			t.Errorf("Generate made %+v, want %+v", st, want)
		}
		for res, n := range map[*model.Resource]int{
			model.Organisations: want.Organisations, model.Themes: want.Themes, model.Plans: want.Plans,
			model.Actions: want.Actions, model.Indicators: want.Indicators, model.IndicatorValues: want.IndicatorValues(),
			model.Projects: want.Projects, model.LibraryItems: want.LibraryItems,
		} {
			if got, err := db.Count(ctx, res); err != nil || got != int64(n) {
				t.Errorf("%s: %d stored (%v), want %d", res.Name, got, err, n)
			}
		}

		munis := all(t, db, model.Organisations, map[string]string{"kind": "municipality"})
		if len(munis) != cfg.Municipalities {
			t.Fatalf("%d municipalities", len(munis))
		}
		for _, m := range munis {
			if _, ok := m.Int("parent_id"); !ok {
				t.Errorf("municipality %s has no region", m.Str("code"))
			}
		}

		// Every part of a split total adds up to it exactly.
		split := 0
		for _, ind := range all(t, db, model.Indicators, nil) {
			id := fmt.Sprint(ind.ID())
			totals := all(t, db, model.IndicatorValues, map[string]string{"indicator": id, "breakdown": ""})
			if len(totals) != cfg.Municipalities*cfg.Years {
				t.Errorf("indicator %s has %d totals", ind.Str("code"), len(totals))
			}
			sums, err := db.BreakdownSums(ctx, ind.ID(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(sums) == 0 {
				continue
			}
			split++
			for _, v := range totals {
				org, _ := v.Int("organisation_id")
				ps, ok := sums[store.PartsKey(org, v.Str("period"))]
				total, _ := v.Float("value")
				if !ok || ps.Count != int64(cfg.BreakdownParts) || ps.Sum != total {
					t.Errorf("indicator %s, organisation %d, %s: total %v, parts %+v", ind.Str("code"), org, v.Str("period"), total, ps)
				}
			}
		}
		if split != 3 {
			t.Errorf("%d indicators are split, want 3", split)
		}

		// Everything that can say so is marked as example content.
		for _, res := range []*model.Resource{model.Plans, model.Actions, model.Indicators, model.IndicatorValues, model.LibraryItems} {
			for _, r := range all(t, db, res, nil) {
				if r["example"] != true {
					t.Fatalf("%s %d is not marked as an example: %v", res.Singular, r.ID(), r["example"])
				}
			}
		}
		for _, a := range all(t, db, model.Actions, nil) {
			if err := model.Validate(model.Actions, a); err != nil {
				t.Errorf("action %d: %v", a.ID(), err)
			}
		}

		if _, err := gen.Generate(ctx, db, cfg, nil); err == nil || !strings.Contains(err.Error(), "empty database") {
			t.Errorf("second Generate: %v, want a refusal", err)
		}
	})
}

// The CSV holds the same values Generate stores, and the sheet import reads it.
func TestValuesCSV(t *testing.T) {
	ctx := context.Background()
	cfg := tiny()
	var buf, again bytes.Buffer
	n, err := gen.WriteValuesCSV(&buf, cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := gen.Counts(cfg).IndicatorValues(); n != want {
		t.Fatalf("wrote %d rows, want %d", n, want)
	}
	if _, err := gen.WriteValuesCSV(&again, cfg, 0); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatalf("the CSV differs between runs (%v)", err)
	}
	lines := strings.Split(buf.String(), "\r\n")
	if lines[0] != "\ufeffindikator;organisation;periode;opdeling;vaerdi;kilde;note;udgivet;eksempel" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != n+2 || lines[n+1] != "" {
		t.Errorf("%d lines for %d rows", len(lines), n)
	}
	if k, _ := gen.WriteValuesCSV(&again, cfg, 10); k != 10 {
		t.Errorf("asked for 10 rows, got %d", k)
	}

	full := storetest.Open(t, "sqlite")
	if _, err := gen.Generate(ctx, full, cfg, nil); err != nil {
		t.Fatal(err)
	}
	base := cfg
	base.Years = 0
	empty := storetest.Open(t, "sqlite")
	st, err := gen.Generate(ctx, empty, base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.IndicatorValues() != 0 || st.Indicators != cfg.Indicators {
		t.Fatalf("Years = 0 made %+v", st)
	}
	res, err := sheet.Import(ctx, empty, "indicator-values", bytes.NewReader(buf.Bytes()), "csv")
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != n || res.Created != n {
		t.Errorf("import: %+v, want %d rows created", res, n)
	}
	if a, b := valueSet(t, full), valueSet(t, empty); a != b {
		t.Errorf("imported values differ from generated ones:\n%.500s\n%.500s", a, b)
	}
}

// valueSet writes every indicator value by natural keys, in a stable order.
func valueSet(t *testing.T, db *store.DB) string {
	t.Helper()
	inds, err := db.IDKeys(context.Background(), model.Indicators)
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := db.IDKeys(context.Background(), model.Organisations)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, v := range all(t, db, model.IndicatorValues, nil) {
		i, _ := v.Int("indicator_id")
		o, _ := v.Int("organisation_id")
		fmt.Fprintf(&b, "%s %s %s %q %v %v %v %v\n", inds[i], orgs[o], v["period"], v["breakdown"], v["value"], v["source"], v["vintage"], v["example"])
	}
	return b.String()
}

func BenchmarkGenerateSmall(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			cfg := gen.Small()
			var st gen.Stats
			for b.Loop() {
				db := storetest.Open(b, engine)
				var err error
				if st, err = gen.Generate(context.Background(), db, cfg, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(st.IndicatorValues())/st.Values.Seconds(), "values/s")
		})
	}
}

// BenchmarkValues measures the bulk write of indicator values alone: 156,800 values for
// 98 municipalities (30 indicators, 20 years, a third split in 5 parts), no actions.
func BenchmarkValues(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			cfg := gen.National()
			cfg.ActionsPerMunicipality, cfg.Indicators = 0, 30
			var st gen.Stats
			for b.Loop() {
				db := storetest.Open(b, engine)
				var err error
				if st, err = gen.Generate(context.Background(), db, cfg, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(st.IndicatorValues())/st.Values.Seconds(), "values/s")
		})
	}
}

// BenchmarkImportValues imports 200,000 generated indicator values from a CSV file with the
// spreadsheet import (klimaspor import --kind indicator-values) into a database holding
// the national data set's organisations and indicators. Profile it with -cpuprofile.
func BenchmarkImportValues(b *testing.B) {
	const rows = 200_000
	cfg := gen.National()
	var csv bytes.Buffer
	if _, err := gen.WriteValuesCSV(&csv, cfg, rows); err != nil {
		b.Fatal(err)
	}
	base := cfg
	base.Years, base.ActionsPerMunicipality = 0, 0
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			var took time.Duration
			for b.Loop() {
				b.StopTimer()
				db := storetest.Open(b, engine)
				if _, err := gen.Generate(ctx, db, base, nil); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				res, err := sheet.Import(ctx, db, "indicator-values", bytes.NewReader(csv.Bytes()), "csv")
				took += time.Since(start)
				if err != nil || res.Created != rows {
					b.Fatalf("import: %+v, %v", res, err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/took.Seconds(), "rows/s")
		})
	}
}
