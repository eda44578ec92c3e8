package store_test

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestTamperedCursorsAreQueryErrors: a cursor whose value is of the wrong kind for the sort
// (a text for a number, a number for a text, null, a list, an object) is answered as a
// QueryError (400) on both engines, or else runs as valid SQL; never an engine's error (500).
// FuzzCursor found a text accepted for a number sort, which PostgreSQL refused as a bigint.
func TestTamperedCursorsAreQueryErrors(t *testing.T) {
	values := []string{`"x"`, `"2023"`, `1`, `1.5`, `-0`, `1e308`, `null`, `[]`, `{}`, `true`}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, res := range model.All {
			for _, sort := range append([]string{"id"}, res.Sorts...) {
				for _, v := range values {
					cur := base64.RawURLEncoding.EncodeToString([]byte(`{"v":` + v + `,"id":1}`))
					_, err := db.List(ctx, res, model.ListQuery{Sort: sort, Limit: 1, Cursor: cur, AllDrafts: true})
					var qe *store.QueryError
					if err != nil && !errors.As(err, &qe) {
						t.Errorf("%s by %s, cursor value %s: %v", res.Name, sort, v, err)
					}
				}
			}
		}
	})
}

// TestPagingPastEmptyValues: a list sorted by a field that may be empty (library items by
// year) pages through every record, each once, the empty values last in either direction, on
// both engines. Before, the page that ended on an empty value gave a cursor that was refused,
// and the keyset condition could not have continued past it.
func TestPagingPastEmptyValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		years := []any{2021, nil, 2019, nil, 2021, 2023, nil, 2019, nil}
		for i, y := range years {
			rec := model.Record{"title": "Vejledning " + string(rune('A'+i)), "kind": "guide", "published": true}
			if y != nil {
				rec["year"] = y
			}
			if _, err := db.Create(ctx, model.LibraryItems, rec); err != nil {
				t.Fatal(err)
			}
		}
		for _, desc := range []bool{false, true} {
			var got []model.Record
			cursor := ""
			for page := 0; ; page++ {
				if page > len(years) {
					t.Fatalf("desc=%v: more pages than records", desc)
				}
				p, err := db.List(ctx, model.LibraryItems, model.ListQuery{Sort: "year", Desc: desc, Limit: 2, Cursor: cursor, AllDrafts: true})
				if err != nil {
					t.Fatalf("desc=%v, page %d: %v", desc, page, err)
				}
				got = append(got, p.Items...)
				if p.NextCursor == "" {
					break
				}
				cursor = p.NextCursor
			}
			if len(got) != len(years) {
				t.Fatalf("desc=%v: %d records paged, want %d", desc, len(got), len(years))
			}
			withYear := 0
			for _, rec := range got {
				if _, ok := rec["year"].(int64); ok {
					withYear++
				}
			}
			if withYear != 5 {
				t.Fatalf("desc=%v: %d records with a year, want 5", desc, withYear)
			}
			seen := map[int64]bool{}
			for i, rec := range got {
				if seen[rec.ID()] {
					t.Errorf("desc=%v: record %d twice", desc, rec.ID())
				}
				seen[rec.ID()] = true
				if i == 0 {
					continue
				}
				prev, cur := got[i-1], got[i]
				py, pok := prev["year"].(int64)
				cy, cok := cur["year"].(int64)
				switch {
				case !pok && cok:
					t.Errorf("desc=%v: an empty year before %d", desc, cy)
				case pok && cok && ((!desc && py > cy) || (desc && py < cy)):
					t.Errorf("desc=%v: %d before %d", desc, py, cy)
				case (pok == cok) && (!pok || py == cy) && ((!desc && prev.ID() > cur.ID()) || (desc && prev.ID() < cur.ID())):
					t.Errorf("desc=%v: equal years not in id order: %d before %d", desc, prev.ID(), cur.ID())
				}
			}
		}
	})
}
