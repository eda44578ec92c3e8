package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// valueIndexes lists indicator_values' indexes with their definitions, as the engine
// stores them.
func valueIndexes(t *testing.T, db *store.DB) string {
	t.Helper()
	q := "SELECT name || ': ' || COALESCE(sql, '(key)') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'indicator_values' ORDER BY name"
	if db.Engine() == "postgres" {
		q = "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename = 'indicator_values' ORDER BY indexname"
	}
	rows, err := db.ReaderForTest().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// TestWithoutValueIndexes: a bulk write with the secondary indexes built afterwards keeps
// every index as it was, keeps the upsert's replacing of stored values, and a write that
// fails halfway leaves neither values nor a table without its indexes.
func TestWithoutValueIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		ind, err := db.Create(ctx, model.Indicators, model.Record{"code": "co2", "name_da": "CO2", "unit": "t", "direction": "lower", "owner_organisation_id": f.region})
		if err != nil {
			t.Fatal(err)
		}
		// Month i counted from January 1950.
		row := func(org int64, i int, v float64) model.Record {
			r := model.Record{"indicator_id": ind.ID(), "organisation_id": org, "period": fmt.Sprintf("%d-%02d", 1950+i/12, i%12+1), "breakdown": "", "value": v, "source": "test"}
			model.Normalize(model.IndicatorValues, r)
			return r
		}
		before := valueIndexes(t, db)
		if db.Engine() == "sqlite" && !strings.Contains(before, "indicator_values_org_breakdown: CREATE INDEX") {
			t.Fatalf("no secondary index to drop:\n%s", before)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.InsertValues(ctx, []model.Record{row(f.kbh, 0, 99)}) }); err != nil {
			t.Fatal(err)
		}
		// More rows than one statement holds, in two calls, one replacing the stored value.
		var rows []model.Record
		for i := 0; i < 600; i++ {
			rows = append(rows, row(f.kbh, i, float64(i+1)), row(f.alb, i, -float64(i)))
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.WithoutValueIndexes(func() error {
				if err := tx.UpsertValues(ctx, rows[:1000]); err != nil {
					return err
				}
				return tx.UpsertValues(ctx, rows[1000:])
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := valueIndexes(t, db); got != before {
			t.Errorf("indexes after the write:\n%s\nwant:\n%s", got, before)
		}
		if n, err := db.Count(ctx, model.IndicatorValues); err != nil || n != int64(len(rows)) {
			t.Errorf("stored %d values (%v), want %d", n, err, len(rows))
		}
		page, err := db.List(ctx, model.IndicatorValues, model.ListQuery{Filters: map[string]string{"organisation": fmt.Sprint(f.kbh), "from": "1950", "to": "1950"}, Sort: "period"})
		if err != nil || len(page.Items) != 12 || page.Items[0].Str("period") != "1950-01" || page.Items[0]["value"] != 1.0 || page.Items[0]["version"] != int64(2) {
			t.Errorf("the replaced value: %v, %v", page.Items, err)
		}
		inds, err := db.IndicatorsWithTotals(ctx, f.alb)
		if err != nil || len(inds) != 1 || inds[0] != ind.ID() {
			t.Errorf("indicators with totals of alb: %v, %v", inds, err)
		}

		// Fails halfway: the first call wrote, the second is refused by the schema.
		var more []model.Record
		for i := 600; i < 1200; i++ {
			more = append(more, row(f.kbh, i, 1))
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.WithoutValueIndexes(func() error {
				if err := tx.InsertValues(ctx, more); err != nil {
					return err
				}
				return tx.InsertValues(ctx, []model.Record{row(f.kbh, 0, 5)}) // a duplicate
			})
		})
		if !errors.As(err, new(*model.ValidationError)) {
			t.Errorf("duplicate in a bulk write: got %v, want a validation error", err)
		}
		if n, err := db.Count(ctx, model.IndicatorValues); err != nil || n != int64(len(rows)) {
			t.Errorf("after the failed write: %d values (%v), want %d", n, err, len(rows))
		}
		if got := valueIndexes(t, db); got != before {
			t.Errorf("indexes after the failed write:\n%s\nwant:\n%s", got, before)
		}
	})
}
