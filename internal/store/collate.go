package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"modernc.org/sqlite"

	"klimaspor/internal/model"
)

// SQLite sorts text by bytes, which puts Å before Æ and Ø and capitals before small letters.
// Lists sorted by a name use the collation "da" instead, registered here for every SQLite
// connection; PostgreSQL has ICU's "da-x-icu".
var collators = sync.Pool{New: func() any { return collate.New(language.Danish, collate.Loose) }}

func init() {
	sqlite.MustRegisterCollationUtf8("da", compareDanish)
}

// compareDanish is the order of the collation "da": Danish, ignoring case and accents, then
// by bytes.
func compareDanish(a, b string) int {
	c := collators.Get().(*collate.Collator) // a Collator is not safe for concurrent use
	defer collators.Put(c)
	if r := c.CompareString(a, b); r != 0 {
		return r
	}
	// Loose comparison ignores case and accents; fall back to bytes so that different
	// strings never compare equal (keyset pagination relies on a total order).
	return strings.Compare(a, b)
}

// sortKeys are the text fields whose lists sort by a stored key instead of by a collation
// (by resource, the field's key column): a collation compares in Go (SQLite) or ICU
// (PostgreSQL) row by row and cannot use an index, which made a list of every action in
// title order sort 19,600 titles on every request. The store writes the key in the same
// statement as the field (Create, update), so it is never stale.
var sortKeys = map[*model.Resource]map[string]string{
	model.Actions: {"title": "title_key"},
}

// sortKey is s's Danish sort key: bytes whose order (bytewise, as SQLite compares a BLOB
// and PostgreSQL a bytea) is compareDanish's. It is the loose collation key, a zero byte,
// then s itself, the tie-break. The loose key holds primary weights only, and none begins
// with a zero byte, so when one key is a prefix of another, the zero byte sorts first, as
// the shorter string does in the collation.
func sortKey(s string) []byte {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	var buf collate.Buffer
	k := c.KeyFromString(&buf, s)
	out := make([]byte, 0, len(k)+1+len(s))
	out = append(out, k...)
	out = append(out, 0)
	return append(out, s...)
}

// sortKeyValue is the stored key of a field's value v: NULL when v is not text.
func sortKeyValue(v any) any {
	if s, ok := v.(string); ok {
		return sortKey(s)
	}
	return nil
}

// withSortKeys is db, having looked whether its schema has the sort keys.
func withSortKeys(ctx context.Context, db *DB) *DB {
	db.probeSortKeys(ctx)
	db.probeSearch(ctx)
	return db
}

// probeSortKeys notes whether every sort key column is in the schema.
func (db *DB) probeSortKeys(ctx context.Context) {
	for res, keys := range sortKeys {
		for _, col := range keys {
			rows, err := db.r.QueryContext(ctx, "SELECT "+col+" FROM "+res.Table+" WHERE 1 = 0")
			if err != nil {
				db.keyed.Store(false)
				return
			}
			rows.Close()
		}
	}
	db.keyed.Store(true)
}

// sortKeyColumns are res's sort key columns, by field, once the schema has them.
func (db *DB) sortKeyColumns(res *model.Resource) map[string]string {
	if !db.keyed.Load() {
		return nil
	}
	return sortKeys[res]
}

// fillSortKeys writes the sort keys that are missing, in one transaction: those of the rows
// that were there before their key column was (migration 00025). It costs one indexed
// search when none are missing.
func (db *DB) fillSortKeys(ctx context.Context) error {
	if !db.keyed.Load() {
		return nil
	}
	for res, keys := range sortKeys {
		for field, col := range keys {
			if err := db.fillSortKey(ctx, res.Table, field, col); err != nil {
				return fmt.Errorf("store: fill %s.%s: %w", res.Table, col, err)
			}
		}
	}
	return nil
}

func (db *DB) fillSortKey(ctx context.Context, table, field, col string) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT id, "+field+" FROM "+table+" WHERE "+col+" IS NULL AND "+field+" IS NOT NULL")
	if err != nil {
		return err
	}
	type row struct {
		id int64
		v  string
	}
	var missing []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.v); err != nil {
			rows.Close()
			return err
		}
		missing = append(missing, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(missing) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, "UPDATE "+table+" SET "+col+" = $1 WHERE id = $2")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, r := range missing {
		if _, err := st.ExecContext(ctx, sortKey(r.v), r.id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// collation names the Danish collation of the engine.
func (db *DB) collation() string {
	if db.engine == "postgres" {
		return `"da-x-icu"`
	}
	return "da"
}
