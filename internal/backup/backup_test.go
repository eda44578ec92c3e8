package backup_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"klimaspor/internal/backup"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// newTarget names a fresh, empty database of the engine: a SQLite file not yet there, or a
// new PostgreSQL database (a whole database, as an operator backs up and restores, not a
// schema), dropped when the test ends.
func newTarget(t *testing.T, engine string) store.Config {
	t.Helper()
	if engine == "sqlite" {
		return store.Config{Path: filepath.Join(t.TempDir(), "klimaspor.db")}
	}
	return store.Config{URL: storetest.NewDatabase(t)}
}

func openMigrated(t *testing.T, cfg store.Config) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background()); err != nil {
		db.Close()
		t.Fatal(err)
	}
	return db
}

// exportAll exports every kind in CSV and XLSX. The XLSX writer (excelize) stamps its
// document properties with a fixed date and its zip entries with none, so the same records
// give the same bytes and the files compare as they are.
func exportAll(t *testing.T, cfg store.Config) map[string][]byte {
	t.Helper()
	db := openMigrated(t, cfg)
	defer db.Close()
	out := map[string][]byte{}
	for _, kind := range sheet.Kinds() {
		for _, format := range []string{"csv", "xlsx"} {
			var b bytes.Buffer
			if err := sheet.Export(context.Background(), db, kind, format, &b); err != nil {
				t.Fatalf("export %s %s: %v", kind, format, err)
			}
			out[kind+"."+format] = b.Bytes()
		}
	}
	return out
}

func sameExports(t *testing.T, what string, want, got map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d exports, want %d", what, len(got), len(want))
	}
	for k, w := range want {
		if !bytes.Equal(got[k], w) {
			t.Errorf("%s: export %s differs (%d bytes, want %d)", what, k, len(got[k]), len(w))
		}
	}
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestRoundTrip loads the whole demo once per engine, backs it up, restores it into a new
// database and compares every export byte for byte; then it checks, on the same backup,
// the refusals: an existing backup file, a database that holds data, and damaged files,
// which leave the database as it was.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			src := newTarget(t, engine)
			db := openMigrated(t, src)
			if err := demo.Load(ctx, db); err != nil {
				db.Close()
				t.Fatal(err)
			}
			if err := demo.LoadRest(ctx, db, time.Now()); err != nil {
				db.Close()
				t.Fatal(err)
			}
			db.Close()
			want := exportAll(t, src)
			for _, k := range []string{"organisations.csv", "actions.xlsx", "indicator-values.csv", "library-items.xlsx"} {
				if len(want[k]) < 1000 {
					t.Fatalf("the demo's export %s has only %d bytes", k, len(want[k]))
				}
			}

			dir := t.TempDir()
			file := filepath.Join(dir, "klimaspor.backup")
			res, err := backup.Backup(ctx, src, file, backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			latest, _ := store.LatestMigration(engine)
			if res.Engine != engine || res.Version != latest || res.Bytes == 0 {
				t.Errorf("backup result %+v, want engine %s version %d", res, engine, latest)
			}
			sum := fileSum(t, file)
			if _, err := backup.Backup(ctx, src, file, backup.Options{}); !errors.Is(err, backup.ErrExists) {
				t.Errorf("a second backup to the same file: %v, want ErrExists", err)
			}
			if fileSum(t, file) != sum {
				t.Error("the refused backup changed the file")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("the backup's directory holds %d files, want only the backup", len(entries))
			}

			dst := newTarget(t, engine)
			if _, err := backup.Restore(ctx, dst, file, backup.Options{}); err != nil {
				t.Fatal(err)
			}
			sameExports(t, "restored", want, exportAll(t, dst))

			if _, err := backup.Restore(ctx, dst, file, backup.Options{}); !errors.Is(err, backup.ErrNotEmpty) {
				t.Errorf("restore over a database with data: %v, want ErrNotEmpty", err)
			}

			// Damaged files: refused before the database is touched, even with Force.
			whole, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			notKlimaspor := filepath.Join(dir, "empty.db")
			if engine == "sqlite" {
				other, err := sql.Open("sqlite", notKlimaspor)
				if err == nil {
					_, err = other.Exec("CREATE TABLE t (a int)")
					other.Close()
				}
				if err != nil {
					t.Fatal(err)
				}
			} else {
				os.WriteFile(notKlimaspor, []byte("PGDMP"), 0o600)
			}
			flipped := bytes.Clone(whole)
			for i := len(flipped) / 3; i < len(flipped)/3+4096 && i < len(flipped); i++ {
				flipped[i] ^= 0x5a
			}
			for _, c := range []struct {
				name string
				data []byte
			}{
				{"truncated", whole[:len(whole)/2]},
				{"damaged", flipped},
				{"not a database", []byte("SQLite format 3\x00 and then nothing")},
				{"empty", nil},
			} {
				bad := filepath.Join(dir, c.name)
				if err := os.WriteFile(bad, c.data, 0o600); err != nil {
					t.Fatal(err)
				}
				if engine == "sqlite" {
					sum = fileSum(t, dst.Path)
				}
				_, err := backup.Restore(ctx, dst, bad, backup.Options{Force: true})
				if !errors.Is(err, backup.ErrInvalid) {
					t.Errorf("restore of a %s file: %v, want ErrInvalid", c.name, err)
				}
				if engine == "sqlite" && fileSum(t, dst.Path) != sum {
					t.Errorf("the refused restore of a %s file changed the database file", c.name)
				}
			}
			if _, err := backup.Restore(ctx, dst, notKlimaspor, backup.Options{Force: true}); !errors.Is(err, backup.ErrInvalid) {
				t.Errorf("restore of a database that is not Klimaspor's: %v, want ErrInvalid", err)
			}
			sameExports(t, "after the refused restores", want, exportAll(t, dst))

			if _, err := backup.Restore(ctx, dst, file, backup.Options{Force: true}); err != nil {
				t.Fatalf("restore with Force: %v", err)
			}
			sameExports(t, "restored again with Force", want, exportAll(t, dst))
		})
	}
}

// TestBackupDuringWrites backs up while organisations are created one transaction at a
// time (each with its audit entry), then restores each backup and finds it consistent: as
// many organisations as audit entries of their creation, and never fewer than the one
// before. On PostgreSQL the database is a schema of the test server (search_path in the
// URL), so the schema path of backup and restore runs too.
func TestBackupDuringWrites(t *testing.T) {
	ctx := context.Background()
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			cfg := storetest.NewConfig(t, engine)
			db := openMigrated(t, cfg)
			defer db.Close()
			var stop atomic.Bool
			var wg sync.WaitGroup
			var created atomic.Int64
			var writeErr error
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; !stop.Load(); i++ {
					_, err := db.Create(ctx, model.Organisations, model.Record{"kind": "other", "code": fmt.Sprint("B", i), "name_da": fmt.Sprint("Organisation ", i)})
					if err != nil {
						writeErr = err
						return
					}
					created.Add(1)
				}
			}()
			dir := t.TempDir()
			var files []string
			for i := 0; i < 3; i++ {
				for created.Load() < int64(20*(i+1)) && writeErr == nil {
					time.Sleep(5 * time.Millisecond)
				}
				f := filepath.Join(dir, fmt.Sprint("b", i))
				if _, err := backup.Backup(ctx, cfg, f, backup.Options{}); err != nil {
					stop.Store(true)
					wg.Wait()
					t.Fatalf("backup %d during writes: %v", i, err)
				}
				files = append(files, f)
			}
			stop.Store(true)
			wg.Wait()
			if writeErr != nil {
				t.Fatalf("write during the backups: %v", writeErr)
			}
			db.Close()
			last := int64(0)
			for i, f := range files {
				if _, err := backup.Restore(ctx, cfg, f, backup.Options{Force: true}); err != nil {
					t.Fatalf("restore backup %d: %v", i, err)
				}
				orgs, audited := countCreated(t, cfg)
				if orgs != audited || orgs < int64(20*(i+1)) || orgs < last {
					t.Errorf("backup %d: %d organisations and %d audit entries of their creation (want equal, at least %d and %d)", i, orgs, audited, 20*(i+1), last)
				}
				last = orgs
			}
		})
	}
}

func countCreated(t *testing.T, cfg store.Config) (orgs, audited int64) {
	t.Helper()
	var db *sql.DB
	var err error
	if cfg.URL != "" {
		db, err = sql.Open("pgx", cfg.URL)
	} else {
		db, err = sql.Open("sqlite", cfg.Path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow("SELECT count(*) FROM organisations").Scan(&orgs); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM audit_log WHERE resource = 'organisations' AND op = 'create'").Scan(&audited); err != nil {
		t.Fatal(err)
	}
	return orgs, audited
}

// TestMissingClient plays a machine without pg_dump, and one with a pg_dump older than the
// server: both are refused with what to install, and no file is left behind.
func TestMissingClient(t *testing.T) {
	cfg := store.Config{URL: storetest.NewSchema(t)}
	db := openMigrated(t, cfg)
	db.Close()
	old := filepath.Join(t.TempDir(), "pg_dump")
	if err := os.WriteFile(old, []byte("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		lookPath func(string) (string, error)
		want     []string
	}{
		{"missing", func(string) (string, error) { return "", exec.ErrNotFound }, []string{"pg_dump is not installed", "apt-get install postgresql-client-"}},
		{"too old", func(string) (string, error) { return old, nil }, []string{"is version 9, older than the server", "install postgresql-client-"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := backup.Backup(context.Background(), cfg, filepath.Join(dir, "b"), backup.Options{LookPath: c.lookPath})
			if err == nil {
				t.Fatal("backup without a usable pg_dump succeeded")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("the failed backup left %d files", len(entries))
			}
		})
	}
}

// TestRestoreRefusesOpenDatabase holds a SQLite database open in another process, as a
// running server does, and restores over it: refused, until that process is gone.
func TestRestoreRefusesOpenDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := store.Config{Path: filepath.Join(dir, "src.db")}
	openMigrated(t, src).Close()
	file := filepath.Join(dir, "b")
	if _, err := backup.Backup(ctx, src, file, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	dst := store.Config{Path: filepath.Join(dir, "dst.db")}
	openMigrated(t, dst).Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldOpenHelper$")
	cmd.Env = append(os.Environ(), "KLIMASPOR_TEST_BACKUP_HOLD="+dst.Path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if sc.Text() == "holding" {
			ready = true
			break
		}
	}
	if !ready {
		stdin.Close()
		cmd.Wait()
		t.Fatal("the helper process did not open the database")
	}
	_, err = backup.Restore(ctx, dst, file, backup.Options{Force: true})
	stdin.Close()
	cmd.Wait()
	if !errors.Is(err, backup.ErrInUse) {
		t.Errorf("restore over a database open in another process: %v, want ErrInUse", err)
	}
	if _, err := backup.Restore(ctx, dst, file, backup.Options{Force: true}); err != nil {
		t.Errorf("restore once the other process is gone: %v", err)
	}
}

// TestHoldOpenHelper is the other process of TestRestoreRefusesOpenDatabase: it opens the
// database as a server does and holds it until its standard input closes.
func TestHoldOpenHelper(t *testing.T) {
	path := os.Getenv("KLIMASPOR_TEST_BACKUP_HOLD")
	if path == "" {
		t.Skip("run by TestRestoreRefusesOpenDatabase")
	}
	db := openMigrated(t, store.Config{Path: path})
	defer db.Close()
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	fmt.Println("holding")
	bufio.NewReader(os.Stdin).ReadString('\n')
}

// TestNewerBackupRefused backs up a database that a newer klimaspor migrated (a schema
// version this binary does not know): the backup is taken, and says so, and restoring it is
// refused before the target is touched, as migrations only go forward.
func TestNewerBackupRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := store.Config{Path: filepath.Join(dir, "src.db")}
	openMigrated(t, src).Close()
	latest, err := store.LatestMigration("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", src.Path)
	if err == nil {
		_, err = raw.Exec("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (?, 1, '2030-01-01 00:00:00')", latest+1)
		raw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "b")
	res, err := backup.Backup(ctx, src, file, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != latest+1 || !backup.NewerThanBinary(res) {
		t.Errorf("backup of a newer database: %+v, NewerThanBinary %v", res, backup.NewerThanBinary(res))
	}
	dst := store.Config{Path: filepath.Join(dir, "dst.db")}
	openMigrated(t, dst).Close()
	sum := fileSum(t, dst.Path)
	if _, err := backup.Restore(ctx, dst, file, backup.Options{Force: true}); !errors.Is(err, backup.ErrInvalid) || !strings.Contains(err.Error(), "migrations only go forward") {
		t.Errorf("restore of a newer backup: %v, want ErrInvalid saying migrations only go forward", err)
	}
	if fileSum(t, dst.Path) != sum {
		t.Error("the refused restore changed the database file")
	}
}
