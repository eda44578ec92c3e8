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
