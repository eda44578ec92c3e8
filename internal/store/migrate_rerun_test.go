package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSelfTransactedMigrationsRunAgain: SQLite's migrations that run their own transaction
// (-- +goose NO TRANSACTION: 00005, 00014, 00020, found by reading the files, so that a new
// one is tried too) commit it before goose records them, so a
// process killed between the two leaves the change made and not recorded; the next start
// runs the migration again, which must then succeed on what it left (decision 72).
func TestSelfTransactedMigrationsRunAgain(t *testing.T) {
	files, err := filepath.Glob("migrations/sqlite/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var versions []int64
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "-- +goose NO TRANSACTION") {
			v, err := strconv.ParseInt(strings.SplitN(filepath.Base(f), "_", 2)[0], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			versions = append(versions, v)
		}
	}
	if len(versions) < 3 {
		t.Fatalf("found the NO TRANSACTION migrations %v, want at least 00005, 00014 and 00020", versions)
	}
	for _, version := range versions {
		t.Run(fmt.Sprint(version), func(t *testing.T) {
			ctx := context.Background()
			db := openAtVersion(t, version)
			if err := db.ExecForTest(ctx, `INSERT INTO organisations (kind, code, name_da, created_at, updated_at)
				VALUES ('municipality', '101', 'København', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`); err != nil {
				t.Fatal(err)
			}
			// The kill between the migration's COMMIT and goose's record of it.
			if err := db.ExecForTest(ctx, fmt.Sprintf("DELETE FROM goose_db_version WHERE version_id = %d", version)); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("the next start's migration: %v", err)
			}
			if n := db.CountForTest(t, "organisations"); n != 1 {
				t.Errorf("%d organisations after the migration ran again, want 1", n)
			}
			checkIntegrity(t, db)
		})
	}
}
