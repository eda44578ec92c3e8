package store

import "context"

// MigrateDownToForTest undoes the migrations after version, for tests of what a migration
// does to rows that were there before it.
func (db *DB) MigrateDownToForTest(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}
