package store

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// LatestMigration is the newest migration version this binary has for the engine
// ("sqlite" or "postgres"): a database, or a backup, of a newer version was made by a
// newer binary, and migrations only go forward. internal/backup refuses to restore such a
// backup; DB.SchemaVersion (/readyz) compares a database with it.
func LatestMigration(engine string) (int64, error) {
	fsys, err := fs.Sub(migrations, "migrations/"+engine)
	if err != nil {
		return 0, err
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, name := range names {
		v, _, _ := strings.Cut(name, "_")
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > latest {
			latest = n
		}
	}
	if latest == 0 {
		return 0, fmt.Errorf("store: no migrations for engine %q", engine)
	}
	return latest, nil
}
