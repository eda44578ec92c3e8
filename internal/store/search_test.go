package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestSearchesMatchTextAsWrittenAndStayBounded: a search matches its text literally (LIKE's
// %, _ and escape character included), and a search or filter that is too long or not text
// is a query error (400), never a database error (500), on both engines.
func TestSearchesMatchTextAsWrittenAndStayBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		for _, title := range []string{`50% af 100_000 kr.`, `Sti C:\cykel`, `Sti C:cykel`, `50 af 100x000 kr.`} {
			if _, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": title, "sector": "transport",
				"organisation_id": f.kbh, "status": "planned", "published": true}); err != nil {
				t.Fatal(err)
			}
		}
		search := func(q string) ([]string, error) {
			p, err := db.List(ctx, model.Actions, model.ListQuery{Filters: map[string]string{"q": q}})
			var out []string
			for _, r := range p.Items {
				out = append(out, r.Str("title"))
			}
			return out, err
		}
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"50%", []string{`50% af 100_000 kr.`}},
			{"100_000", []string{`50% af 100_000 kr.`}},
			{`C:\c`, []string{`Sti C:\cykel`}},
			{`\`, []string{`Sti C:\cykel`}},
			{strings.Repeat("x", store.MaxParam), nil},
		} {
			got, err := search(c.q)
			if err != nil {
				t.Errorf("search %.20q: %v", c.q, err)
				continue
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("search %.20q (-want +got):\n%s", c.q, diff)
			}
		}
		for _, bad := range []map[string]string{
			{"q": strings.Repeat("x", 50000)}, // SQLite: "LIKE or GLOB pattern too complex"
			{"q": strings.Repeat("x", store.MaxParam+1)},
			{"q": "cykel\x00"}, // PostgreSQL: invalid byte sequence
			{"sector": "transport\x00"},
			{"q": "\xff"},
		} {
			_, err := db.List(ctx, model.Actions, model.ListQuery{Filters: bad})
			var qe *store.QueryError
			if !errors.As(err, &qe) {
				t.Errorf("list %.30q: got %v, want a query error", bad, err)
			}
		}
	})
}
