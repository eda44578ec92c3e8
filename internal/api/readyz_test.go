package api_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/store"
)

// TestReadyzChecksTheMigrations: /readyz answers 503 with its own code while the database is
// behind this server's migrations, or ahead of them (a newer release migrated it), and 200
// once it is at them. (store.TestSchemaVersion checks the version on both engines.)
func TestReadyzChecksTheMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	db, err := store.Open(ctx, store.Config{Path: path}) // not migrated yet
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test")
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	c := &client{t: t, srv: srv}
	c.doc = c.json("GET", "/api/v1/openapi.json", "", 200) // every answer below as the document says
	if got := c.json("GET", "/readyz", "", 503); got["code"] != "migrations_pending" {
		t.Errorf("before the migrations: %v", got)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := c.json("GET", "/readyz", "", 200); got["status"] != "ready" {
		t.Errorf("migrated: %v", got)
	}
	_, want, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)", want+1); err != nil {
		t.Fatal(err)
	}
	if got := c.json("GET", "/readyz", "", 503); got["code"] != "schema_newer" {
		t.Errorf("after a newer release's migration: %v", got)
	}
}
