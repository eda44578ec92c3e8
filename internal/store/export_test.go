package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// ExecForTest runs a statement on the writer, for tests that must try what the application
// never does (changing the audit trail).
func (db *DB) ExecForTest(ctx context.Context, q string) error {
	_, err := db.w.ExecContext(ctx, q)
	return err
}

// ReaderForTest is the reader pool, for tests that look at the schema itself.
func (db *DB) ReaderForTest() *sql.DB { return db.r }

// MigrateToForTest applies the migrations up to and including version, or (down) undoes
// those after it, for tests of one migration on a database as an older version left it.
func (db *DB) MigrateToForTest(ctx context.Context, version int64, down bool) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	if down {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	if err != nil {
		db.undoFailedMigration(ctx)
		return fmt.Errorf("store: migrate to %d: %w", version, err)
	}
	db.probeSortKeys(ctx)
	db.probeSearch(ctx)
	return nil
}

// CountForTest counts the rows of a table the store keeps without a descriptor.
func (db *DB) CountForTest(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := db.r.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// CompareDanishForTest is the order of the collation "da", and TrickyTitlesForTest titles
// that test it, for the tests of the stored sort keys.
var (
	CompareDanishForTest = compareDanish
	TrickyTitlesForTest  = trickyTitles
)

// BuildSearchForTest builds the search index as Migrate does (when its version is stale).
func (db *DB) BuildSearchForTest(ctx context.Context) error { return db.buildSearch(ctx) }
