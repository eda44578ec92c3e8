// Package backup takes consistent online backups of a Klimaspor database and restores them,
// all or nothing, on both engines: SQLite with VACUUM INTO into a checked file, PostgreSQL
// with pg_dump's custom format, restored by pg_restore through psql in one transaction
// (decision 70). Every backup is checked before it is given its name, and every restore
// checks its file before it touches the database.
package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"klimaspor/internal/store"
)

// Options are a backup's or a restore's choices.
type Options struct {
	// Force lets a backup replace an existing file and a restore replace a database that
	// holds data.
	Force bool
	// LookPath finds the PostgreSQL client programs (pg_dump, pg_restore, psql); nil is
	// exec.LookPath. Tests swap it to play a machine without them.
	LookPath func(file string) (string, error)
}

func (o Options) lookPath(file string) (string, error) {
	if o.LookPath != nil {
		return o.LookPath(file)
	}
	return exec.LookPath(file)
}

// Result says what a backup or a restore did.
type Result struct {
	Engine  string        // "sqlite" or "postgres"
	File    string        // the backup file written or read
	Bytes   int64         // its size
	Version int64         // the schema (migration) version the backup holds
	Took    time.Duration // how long it took
}

// Errors a caller may tell apart.
var (
	// ErrExists: the backup file is there already and Force is not set.
	ErrExists = errors.New("backup: the file exists already (give --force to replace it)")
	// ErrNotEmpty: the database to restore into holds data and Force is not set.
	ErrNotEmpty = errors.New("backup: the database holds data (give --force to replace it)")
	// ErrInUse: a SQLite database to restore into is open in another process.
	ErrInUse = errors.New("backup: the SQLite database is open in another process (a running server?); stop it first")
	// ErrInvalid: the file is not a complete Klimaspor backup this binary can restore.
	ErrInvalid = errors.New("backup: not a usable Klimaspor backup")
)

// dataTables are the tables whose rows make a database "non-empty" for a restore: a
// migrated database has none in them, every write through the store leaves an audit_log
// row, and the demo data and the sign-in accounts fill the other two.
var dataTables = []string{"organisations", "users", "audit_log"}

// Backup writes a consistent copy of the database of cfg to out while servers may be using
// it. The copy is written beside out under a temporary name, checked, and only then renamed
// to out, so a failed backup never leaves a half file under that name.
func Backup(ctx context.Context, cfg store.Config, out string, opt Options) (Result, error) {
	start := time.Now()
	if _, err := os.Lstat(out); err == nil && !opt.Force {
		return Result{}, fmt.Errorf("%s: %w", out, ErrExists)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return Result{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".klimaspor-backup-*")
	if err != nil {
		return Result{}, err
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // gone after the rename; removes a failed attempt's file
	var res Result
	if cfg.URL != "" {
		res, err = backupPostgres(ctx, cfg.URL, tmpName, opt)
	} else {
		res, err = backupSQLite(ctx, cfg.Path, tmpName)
	}
	if err != nil {
		return Result{}, err
	}
	if err := syncFile(tmpName); err != nil {
		return Result{}, err
	}
	if err := os.Rename(tmpName, out); err != nil {
		return Result{}, err
	}
	if err := syncDir(filepath.Dir(out)); err != nil {
		return Result{}, err
	}
	fi, err := os.Stat(out)
	if err != nil {
		return Result{}, err
	}
	res.File, res.Bytes, res.Took = out, fi.Size(), time.Since(start)
	return res, nil
}

// Check reads a backup file of the engine of cfg without touching any database and returns
// what it holds; a file that is not a complete Klimaspor backup this binary can restore
// gives an error wrapping ErrInvalid.
func Check(ctx context.Context, cfg store.Config, file string, opt Options) (Result, error) {
	fi, err := os.Stat(file)
	if err != nil {
		return Result{}, err
	}
	var res Result
	if cfg.URL != "" {
		res, err = checkPostgresFile(ctx, file, opt)
	} else {
		res, err = checkSQLiteFile(ctx, file)
	}
	if err != nil {
		return Result{}, err
	}
	if err := checkVersion(res.Engine, res.Version); err != nil {
		return Result{}, err
	}
	res.File, res.Bytes = file, fi.Size()
	return res, nil
}

// Restore replaces the database of cfg by the backup in file, then migrates it, so a
// backup of an older version comes up to date. The file is checked first; a database that
// holds data (a row in organisations, users or audit_log) is replaced only with Force. On
// SQLite no server may have the file open: stop the servers first.
func Restore(ctx context.Context, cfg store.Config, file string, opt Options) (Result, error) {
	start := time.Now()
	res, err := Check(ctx, cfg, file, opt)
	if err != nil {
		return Result{}, err
	}
	if cfg.URL != "" {
		err = restorePostgres(ctx, cfg.URL, file, opt)
	} else {
		err = restoreSQLite(ctx, cfg.Path, file, opt)
	}
	if err != nil {
		return Result{}, err
	}
	db, err := store.Open(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return Result{}, fmt.Errorf("restored, but migrating it failed: %w", err)
	}
	res.Took = time.Since(start)
	return res, nil
}

// checkVersion refuses to restore a backup whose schema is newer than this binary's
// migrations: migrations only go forward, and this binary would serve a schema it does not
// know. (A backup of such a database is taken all the same: the newer binary restores it.)
func checkVersion(engine string, v int64) error {
	latest, err := store.LatestMigration(engine)
	if err != nil {
		return err
	}
	if v > latest {
		return fmt.Errorf("%w: it holds schema version %d and this klimaspor knows only up to %d; restore it with the newer klimaspor that made it (migrations only go forward)", ErrInvalid, v, latest)
	}
	return nil
}

// NewerThanBinary says whether a backup's schema version is newer than this binary's
// migrations, so that a backup command can say that only a newer binary restores it.
func NewerThanBinary(res Result) bool {
	latest, err := store.LatestMigration(res.Engine)
	return err == nil && res.Version > latest
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
