package gen_test

import (
	"context"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/search"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// searchQueries are the benchmark's searches: a common word, a prefix, two words, a rare
// word, typed without the Danish letters.
var searchQueries = []string{"energi", "klima*", "affald genanvendelse", "cykelstier", "groen omstilling"}

// BenchmarkSearch: the library's search (with its facets) and the site search, as
// /api/v1/library/search and /api/v1/search ask them, on the national data set
// ($KLIMASPOR_BENCH_DB / $KLIMASPOR_BENCH_DATABASE_URL, else generated), each engine.
func BenchmarkSearch(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db := benchDB(b, engine)
			ctx := context.Background()
			for _, q := range searchQueries {
				b.Run("library/"+q, func(b *testing.B) {
					for b.Loop() {
						if _, err := db.Search(ctx, store.SearchQuery{Q: q, Type: search.Library}); err != nil {
							b.Fatal(err)
						}
					}
				})
				b.Run("site/"+q, func(b *testing.B) {
					for b.Loop() {
						if _, err := db.SiteSearch(ctx, q, 10, func(*model.ListQuery, search.Type) {}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
