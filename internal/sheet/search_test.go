package sheet

import (
	"context"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/search"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestImportIsSearchable: actions imported from a spreadsheet are in the search index at
// once, on both engines (an import writes through the store's create, which indexes); read
// with every draft, so that only the index is tested.
func TestImportIsSearchable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedAll(t, db)
		if _, err := importString(db, "actions", CSV, "plan;titel;sektor;ansvarlig;status;offentliggjort\nKP-101;Solceller på skolernes tage;energy;101;planned;ja\n"); err != nil {
			t.Fatal(err)
		}
		r, err := db.Search(context.Background(), store.SearchQuery{Q: "solcellerne", Type: search.Actions, View: model.ListQuery{AllDrafts: true}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 1 || r.Hits[0].Title != "Solceller på skolernes tage" {
			t.Errorf("search after import: %d, %+v", r.Total, r.Hits)
		}
	})
}
