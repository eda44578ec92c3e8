package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers "sqlite"
)

// sqliteHeader opens every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// openSQLite opens a SQLite file with the store's busy timeout, so that a backup waits for
// a server's write instead of failing at once. It does not change the journal mode.
func openSQLite(path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	if readOnly {
		// immutable: the file is a backup no one writes; no locks, no -wal or -shm beside it.
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// backupSQLite copies the database at path into the empty file tmp with VACUUM INTO, which
// reads one snapshot (a read transaction: writers go on meanwhile in WAL mode) and writes a
// compact copy, then checks the copy.
func backupSQLite(ctx context.Context, path, tmp string) (Result, error) {
	if _, err := os.Stat(path); err != nil {
		return Result{}, fmt.Errorf("the database %s: %w", path, err)
	}
	db, err := openSQLite(path, false)
	if err != nil {
		return Result{}, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return Result{}, fmt.Errorf("backup of %s: %w", path, err)
	}
	res, err := checkSQLiteFile(ctx, tmp)
	if err != nil {
		return Result{}, fmt.Errorf("the backup written is not sound: %w", err)
	}
	return res, nil
}

// checkSQLiteFile checks that file is a SQLite database (its header), that integrity_check
// finds nothing wrong, and that it has Klimaspor's schema with a migration applied.
func checkSQLiteFile(ctx context.Context, file string) (Result, error) {
	f, err := os.Open(file)
	if err != nil {
		return Result{}, err
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return Result{}, fmt.Errorf("%w: %s is not a SQLite database", ErrInvalid, file)
	}
	db, err := openSQLite(file, true)
	if err != nil {
		return Result{}, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return Result{}, fmt.Errorf("%w: %s cannot be read: %v", ErrInvalid, file, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return Result{}, err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return Result{}, fmt.Errorf("%w: %s cannot be read: %v", ErrInvalid, file, err)
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], "…")
		}
		return Result{}, fmt.Errorf("%w: %s is damaged: %s", ErrInvalid, file, strings.Join(problems, "; "))
	}
	for _, t := range append([]string{"goose_db_version"}, dataTables...) {
		ok, err := sqliteHasTable(ctx, db, t)
		if err != nil {
			return Result{}, fmt.Errorf("%w: %s: %v", ErrInvalid, file, err)
		}
		if !ok {
			return Result{}, fmt.Errorf("%w: %s has no table %s, so it is not a Klimaspor database", ErrInvalid, file, t)
		}
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&v); err != nil {
		return Result{}, fmt.Errorf("%w: %s: %v", ErrInvalid, file, err)
	}
	if v.Int64 <= 0 {
		return Result{}, fmt.Errorf("%w: %s has no applied migration", ErrInvalid, file)
	}
	return Result{Engine: "sqlite", Version: v.Int64}, nil
}

func sqliteHasTable(ctx context.Context, db *sql.DB, name string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", name).Scan(&n)
	return n > 0, err
}

// sqliteHolds says whether the database at path holds data: a row in any of dataTables.
// A missing or empty file holds none.
func sqliteHolds(ctx context.Context, path string) (bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	db, err := openSQLite(path, false)
	if err != nil {
		return false, err
	}
	defer db.Close()
	for _, t := range dataTables {
		ok, err := sqliteHasTable(ctx, db, t)
		if err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
		if !ok {
			continue
		}
		var any bool
		if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+t+")").Scan(&any); err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
		if any {
			return true, nil
		}
	}
	return false, nil
}

// restoreSQLite puts a copy of the checked backup file in place of the database at path:
// it refuses while another process has the database open, and (without Force) when it holds
// data; then it copies the file beside path, syncs it, removes the old database's -wal and
// -shm (which belong to the old file and would be read into the new one), and renames the
// copy over path.
func restoreSQLite(ctx context.Context, path, file string, opt Options) error {
	if inUse, err := sqliteInUse(path); err != nil {
		return err
	} else if inUse {
		return fmt.Errorf("%s: %w", path, ErrInUse)
	}
	holds, err := sqliteHolds(ctx, path)
	if err != nil {
		return err
	}
	if holds && !opt.Force {
		return fmt.Errorf("%s: %w", path, ErrNotEmpty)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".klimaspor-restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	src, err := os.Open(file)
	if err != nil {
		tmp.Close()
		return err
	}
	_, err = io.Copy(tmp, src)
	src.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if fi, serr := os.Stat(path); err == nil && serr == nil {
		err = os.Chmod(tmp.Name(), fi.Mode().Perm()) // the replaced file's permissions, not the temporary file's 0600
	}
	if err != nil {
		return fmt.Errorf("copy %s beside %s: %w", file, path, err)
	}
	// The check above closed the database as its last user, which checkpoints the WAL into
	// the file and removes it; what is left here belongs to no one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}
