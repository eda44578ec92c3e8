package store

import "context"

// ExecForTest runs a statement on the writer, for tests that must try what the application
// never does (changing the audit trail).
func (db *DB) ExecForTest(ctx context.Context, q string) error {
	_, err := db.w.ExecContext(ctx, q)
	return err
}
