package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// schemaOf is sqlite_master by name: what each table, index and trigger is made of.
func schemaOf(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	rows, err := db.ReaderForTest().Query("SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var typ, name, table, text string
		if err := rows.Scan(&typ, &name, &table, &text); err != nil {
			t.Fatal(err)
		}
		out[typ+" "+name] = table + ": " + text
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// withoutAutoincrement is a schema as it would read without AUTOINCREMENT, and with the
// table names that a rename puts in quotes unquoted.
func withoutAutoincrement(s map[string]string) map[string]string {
	quoted := regexp.MustCompile(`CREATE TABLE "(\w+)"`)
	out := map[string]string{}
	for k, v := range s {
		v = strings.ReplaceAll(v, " AUTOINCREMENT", "")
		out[k] = quoted.ReplaceAllString(v, "CREATE TABLE $1")
	}
	return out
}

// contentOf is a digest of every row of every table but goose's own and sqlite_sequence.
func contentOf(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	r := db.ReaderForTest()
	tables := queryStrings(t, r, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('goose_db_version', 'sqlite_sequence')")
	out := map[string]string{}
	for _, table := range tables {
		rows, err := r.Query("SELECT * FROM " + table + " ORDER BY rowid")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		h := sha256.New()
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%q\n", vals)
			n++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		out[table] = fmt.Sprintf("%d rows %x", n, h.Sum(nil))
	}
	return out
}

func queryStrings(t *testing.T, r *sql.DB, q string) []string {
	t.Helper()
	rows, err := r.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
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
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// openAtVersion opens a new SQLite database migrated up to version, as an older release left
// it; it is closed when the test ends.
func openAtVersion(t *testing.T, version int64) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "old.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateToForTest(ctx, version, false); err != nil {
		t.Fatal(err)
	}
	return db
}

// checkIntegrity fails the test unless SQLite finds the file sound and every reference held.
func checkIntegrity(t *testing.T, db *store.DB) {
	t.Helper()
	r := db.ReaderForTest()
	if got := queryStrings(t, r, "PRAGMA integrity_check"); len(got) != 1 || got[0] != "ok" {
		t.Errorf("integrity_check: %v", got)
	}
	if got := queryStrings(t, r, "SELECT \"table\" || ' row ' || rowid || ' → ' || parent FROM pragma_foreign_key_check"); len(got) > 0 {
		t.Errorf("foreign_key_check: %v", got)
	}
}

// laterColumns are the descriptors' columns that the database at an older version lacks
// (added by later migrations), as table and name, so a new field needs no change here.
func laterColumns(t *testing.T, db *store.DB) [][2]string {
	t.Helper()
	var out [][2]string
	for _, res := range model.All {
		have := map[string]bool{}
		for _, c := range queryStrings(t, db.ReaderForTest(), "SELECT name FROM pragma_table_info('"+res.Table+"')") {
			have[c] = true
		}
		if len(have) == 0 {
			continue // the table itself comes with a later migration
		}
		for _, f := range res.Fields {
			if f.Column() && !have[f.Name] {
				out = append(out, [2]string{res.Table, f.Name})
			}
		}
	}
	// The store's own tables, which no descriptor describes.
	for _, c := range [][2]string{{"action_status_history", "note"}, {"users", "language"}, {"users", "disabled_at"}} { // 00009, 00012, 00032
		if !slices.Contains(queryStrings(t, db.ReaderForTest(), "SELECT name FROM pragma_table_info('"+c[0]+"')"), c[1]) {
			out = append(out, c)
		}
	}
	return out
}

// TestAutoincrementMigrationKeepsEverything runs migration 00005 (AUTOINCREMENT ids on
// SQLite) on a database that an older version filled with the demo data: every row, index,
// trigger, CHECK and foreign key stays as it was, foreign keys are enforced again after it,
// and ids go on from the largest ever used, also one deleted before the migration.
func TestAutoincrementMigrationKeepsEverything(t *testing.T) {
	ctx := context.Background()
	db := openAtVersion(t, 4)
	// Today's descriptors write the columns that migrations after 00004 add: they are there
	// while the demo loads and an action is made and deleted, and gone again before the old
	// database is looked at.
	later := laterColumns(t, db)
	for _, col := range later {
		// Untyped: SQLite stores what the store writes, and the column goes again below.
		if err := db.ExecForTest(ctx, "ALTER TABLE "+col[0]+" ADD COLUMN "+col[1]); err != nil {
			t.Fatal(err)
		}
	}
	// Today's demo adds the nation, of a kind (country, 00014) that 00004's CHECK does not
	// know: the CHECK is not enforced while the demo loads, and the nation is gone again
	// (its regions without a parent, as the older demo left them) before the old database
	// is looked at.
	if err := db.ExecForTest(ctx, "PRAGMA ignore_check_constraints = ON"); err != nil {
		t.Fatal(err)
	}
	// Today's store reads an organisation's members (a network's, 00020) with every
	// organisation: the table is there while the demo loads and an action is made and
	// deleted, and gone again with the later columns.
	if err := db.ExecForTest(ctx, "CREATE TABLE organisation_members (organisation_id INTEGER, member_id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"UPDATE organisations SET parent_id = NULL WHERE kind = 'region'",
		"DELETE FROM organisations WHERE kind = 'country'",
		"PRAGMA ignore_check_constraints = OFF",
	} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := demo.LoadAccounts(ctx, db); err != nil {
		t.Fatal(err)
	}
	// The newest action, deleted before the migration: its id is only in the audit trail.
	page, err := db.List(ctx, model.Actions, model.ListQuery{Limit: 1, AllDrafts: true})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("list actions: %v", err)
	}
	draft, err := db.Create(ctx, model.Actions, model.Record{"plan_id": page.Items[0]["plan_id"], "project_id": page.Items[0]["project_id"], "title": "Kladde",
		"sector": "energy", "organisation_id": page.Items[0]["organisation_id"], "status": "planned"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, model.Actions, draft.ID(), 0); err != nil {
		t.Fatal(err)
	}
	for _, col := range later {
		if err := db.ExecForTest(ctx, "ALTER TABLE "+col[0]+" DROP COLUMN "+col[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ExecForTest(ctx, "DROP TABLE organisation_members"); err != nil {
		t.Fatal(err)
	}
	schema4, content4 := schemaOf(t, db), contentOf(t, db)

	// Up to 00005 alone: later migrations change the schema on purpose.
	if err := db.MigrateToForTest(ctx, 5, false); err != nil {
		t.Fatal(err)
	}
	schema5 := schemaOf(t, db)
	if diff := cmp.Diff(withoutAutoincrement(schema4), withoutAutoincrement(schema5)); diff != "" {
		t.Errorf("the schema changed beyond AUTOINCREMENT (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(content4, contentOf(t, db)); diff != "" {
		t.Errorf("the data changed (-before +after):\n%s", diff)
	}
	checkIntegrity(t, db)
	if err := db.ExecForTest(ctx, "INSERT INTO memberships (user_id, role) VALUES (999999, 'admin')"); err == nil {
		t.Error("a membership of no one was stored: foreign keys are off after the migration")
	}
	// sqlite_sequence starts at the largest id in each table and in its audit trail.
	rows, err := db.ReaderForTest().Query(`SELECT s.name, s.seq, m.name IS NOT NULL FROM sqlite_sequence s
		LEFT JOIN sqlite_master m ON m.name = s.name AND m.sql LIKE '%AUTOINCREMENT%'`)
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[string]int64{}
	for rows.Next() {
		var name string
		var seq int64
		var ok bool
		if err := rows.Scan(&name, &seq, &ok); err != nil {
			t.Fatal(err)
		}
		seqs[name] = seq
	}
	rows.Close()
	for _, table := range queryStrings(t, db.ReaderForTest(), "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'") {
		var most int64
		err := db.ReaderForTest().QueryRow(`SELECT max(COALESCE((SELECT max(id) FROM `+table+`), 0),
			COALESCE((SELECT max(record_id) FROM audit_log WHERE resource IN ($1, replace($1, '_', '-'))), 0))`, table).Scan(&most)
		if err != nil {
			t.Fatal(err)
		}
		if seq, ok := seqs[table]; !ok || seq < most {
			t.Errorf("%s: sequence at %d (kept: %v), but ids up to %d were used", table, seq, ok, most)
		}
	}

	// A fresh database ends with the same schema as the migrated one, all the way up.
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	schemaAll := schemaOf(t, db)
	// The first action made after the migrations (today's descriptors need all of them).
	next, err := db.Create(ctx, model.Actions, model.Record{"plan_id": page.Items[0]["plan_id"], "project_id": page.Items[0]["project_id"], "title": "Ny indsats",
		"sector": "energy", "organisation_id": page.Items[0]["organisation_id"], "status": "planned"})
	if err != nil {
		t.Fatal(err)
	}
	if next.ID() <= draft.ID() {
		t.Errorf("the first action after the migration got id %d; %d was deleted before it", next.ID(), draft.ID())
	}
	fresh, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "fresh.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(schemaOf(t, fresh), schemaAll); diff != "" {
		t.Errorf("a fresh database differs from a migrated one (-fresh +migrated):\n%s", diff)
	}

	// Down and up again: the way back keeps everything too.
	if err := db.MigrateToForTest(ctx, 4, true); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withoutAutoincrement(schema4), withoutAutoincrement(schemaOf(t, db))); diff != "" {
		t.Errorf("down to 00004 changed the schema (-before +after):\n%s", diff)
	}
	checkIntegrity(t, db)
	if err := db.MigrateToForTest(ctx, 5, false); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(schema5, schemaOf(t, db)); diff != "" {
		t.Errorf("up again differs (-first +second):\n%s", diff)
	}
	checkIntegrity(t, db)
}

// TestAFailedAutoincrementMigrationChangesNothing: if a reference is broken after the
// rebuild (here: one that was broken before it), the migration fails and leaves the database
// as it was, with foreign keys enforced.
func TestAFailedAutoincrementMigrationChangesNothing(t *testing.T) {
	ctx := context.Background()
	db := openAtVersion(t, 4)
	for _, q := range []string{
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO organisations (kind, code, name_da, parent_id, created_at, updated_at) VALUES ('other', 'X', 'X', 999, '', '')",
		"PRAGMA foreign_keys = ON",
	} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	schema4, content4 := schemaOf(t, db), contentOf(t, db)
	err := db.Migrate(ctx)
	if err == nil || !strings.Contains(err.Error(), "foreign keys hold after the rebuild") {
		t.Fatalf("migrate: %v; want the foreign key check to fail it", err)
	}
	if diff := cmp.Diff(schema4, schemaOf(t, db)); diff != "" {
		t.Errorf("a failed migration changed the schema (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(content4, contentOf(t, db)); diff != "" {
		t.Errorf("a failed migration changed the data (-before +after):\n%s", diff)
	}
	if err := db.ExecForTest(ctx, "INSERT INTO memberships (user_id, role) VALUES (999999, 'admin')"); err == nil {
		t.Error("a membership of no one was stored: foreign keys are off after the failed migration")
	}
}
