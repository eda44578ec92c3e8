// Package storetest opens fresh databases on both engines for tests. Every test gets its
// own SQLite file and its own PostgreSQL schema, so tests never see each other's data.
// Fingerprint hashes what a database holds, for tests that pin it byte for byte.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"klimaspor/internal/store"
)

// DefaultPostgresURL is the CI machines' PostgreSQL.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL is the server the tests use: $KLIMASPOR_TEST_POSTGRES_URL or the default.
func PostgresURL() string {
	if u := os.Getenv("KLIMASPOR_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// Engines lists the engines every store test runs on.
var Engines = []string{"sqlite", "postgres"}

// Each runs fn once per engine, as a subtest, on a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh migrated database of the engine, closed and removed when the test
// ends. Without a PostgreSQL server the test fails in CI (CI=true) and is skipped, with a
// message, on a developer's machine.
func Open(t testing.TB, engine string) *store.DB {
	t.Helper()
	ctx := context.Background()
	cfg := NewConfig(t, engine)
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return db
}

// NewConfig is where a fresh, empty database of the engine is, for a test that opens it
// itself (twice, as two app servers would, or to restore into): a SQLite file in the test's
// directory, or a PostgreSQL schema of its own (NewSchema).
func NewConfig(t testing.TB, engine string) store.Config {
	t.Helper()
	switch engine {
	case "sqlite":
		return store.Config{Path: filepath.Join(t.TempDir(), "test.db")}
	case "postgres":
		return store.Config{URL: NewSchema(t)}
	}
	t.Fatalf("unknown engine %q", engine)
	return store.Config{}
}

// NewSchema creates an empty PostgreSQL schema for the test and returns a URL that uses
// it. The schema is dropped when the test ends.
func NewSchema(t testing.TB) string {
	t.Helper()
	admin := connect(t)
	schema := "t_" + randomHex()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	return serverURL(t, func(u *url.URL) {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
	})
}

// NewDatabase creates an empty PostgreSQL database for the test and returns its URL: a
// whole database, as an operator has one, for tests of what works on databases rather than
// schemas (internal/backup's pg_dump and pg_restore). It is dropped when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := connect(t)
	name := "t_" + randomHex()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		admin.Close()
	})
	return serverURL(t, func(u *url.URL) { u.Path = "/" + name })
}

// serverURL is the test server's URL as edit changes it.
func serverURL(t testing.TB, edit func(*url.URL)) string {
	t.Helper()
	u, err := url.Parse(PostgresURL())
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresURL(), err)
	}
	edit(u)
	return u.String()
}

// connect connects to the test server. Without one the test fails in CI (CI=true) and is
// skipped, with a message, on a developer's machine.
func connect(t testing.TB) *sql.DB {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is needed at %s and is not there: %v", base, err)
		}
		t.Skipf("skipping the PostgreSQL run: no server at %s (%v); start one, or set KLIMASPOR_TEST_POSTGRES_URL", base, err)
	}
	return admin
}

func randomHex() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
