package store

import (
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"modernc.org/sqlite"
)

// SQLite sorts text by bytes, which puts Å before Æ and Ø and capitals before small letters.
// Lists sorted by a name use the collation "da" instead, registered here for every SQLite
// connection; PostgreSQL has ICU's "da-x-icu".
var collators = sync.Pool{New: func() any { return collate.New(language.Danish, collate.Loose) }}

func init() {
	sqlite.MustRegisterCollationUtf8("da", func(a, b string) int {
		c := collators.Get().(*collate.Collator) // a Collator is not safe for concurrent use
		defer collators.Put(c)
		if r := c.CompareString(a, b); r != 0 {
			return r
		}
		// Loose comparison ignores case and accents; fall back to bytes so that different
		// strings never compare equal (keyset pagination relies on a total order).
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})
}

// collation names the Danish collation of the engine.
func (db *DB) collation() string {
	if db.engine == "postgres" {
		return `"da-x-icu"`
	}
	return "da"
}
