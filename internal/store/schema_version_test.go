package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestSchemaVersion: a migrated database is at the newest migration the binary embeds; one a
// migration behind, or one a newer binary migrated further, is not.
func TestSchemaVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		have, want, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want < 31 || have != want {
			t.Fatalf("a migrated database: have %d, want %d; want the same, at least 31", have, want)
		}
		// A newer binary's migration, which this one does not know.
		if err := db.ExecForTest(ctx, fmt.Sprintf("INSERT INTO goose_db_version (version_id, is_applied) VALUES (%d, true)", want+1)); err != nil {
			t.Fatal(err)
		}
		if have, _, err := db.SchemaVersion(ctx); err != nil || have != want+1 {
			t.Errorf("after a newer binary's migration: have %d (%v), want %d", have, err, want+1)
		}
		// Back to before the newest migration: it is pending.
		if err := db.ExecForTest(ctx, fmt.Sprintf("DELETE FROM goose_db_version WHERE version_id >= %d", want)); err != nil {
			t.Fatal(err)
		}
		if have, _, err := db.SchemaVersion(ctx); err != nil || have != want-1 {
			t.Errorf("with the newest migration pending: have %d (%v), want %d", have, err, want-1)
		}
		// Before any migration: no table of migrations at all.
		if err := db.ExecForTest(ctx, "DROP TABLE goose_db_version"); err != nil {
			t.Fatal(err)
		}
		if have, w, err := db.SchemaVersion(ctx); err != nil || have != 0 || w != want {
			t.Errorf("before any migration: have %d, want %d (%v); want 0 and %d", have, w, err, want)
		}
	})
}

// TestPools: the metrics see SQLite's writer and readers, and PostgreSQL's one pool.
func TestPools(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var names []string
		for name, p := range db.Pools() {
			if p == nil {
				t.Errorf("pool %s is nil", name)
			}
			names = append(names, name)
		}
		slices.Sort(names)
		want := map[string][]string{"sqlite": {"readers", "writer"}, "postgres": {"pool"}}[db.Engine()]
		if !slices.Equal(names, want) {
			t.Errorf("pools %v, want %v", names, want)
		}
	})
}
