package store

import (
	"context"

	"klimaspor/internal/reporting"
)

// ReportForm reads version v of a programme's report form, as its reports were given on it
// (version 1 of a programme that never stored one is the standard form); the overview and
// the roll-up read answers by it.
func (db *DB) ReportForm(ctx context.Context, programme, v int64) (reporting.Form, error) {
	return reportForm(ctx, db.reader(), programme, v)
}
