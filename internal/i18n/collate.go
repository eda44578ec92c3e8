package i18n

import (
	"bytes"
	"slices"
	"sync"
	"sync/atomic"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A collator keeps state while it compares and may not be used by two goroutines at once,
// so each language has a pool of them.
var collators = map[Lang]*sync.Pool{
	Danish:  newCollatorPool(language.Danish),
	English: newCollatorPool(language.English),
}

func newCollatorPool(tag language.Tag) *sync.Pool {
	// Numeric sorts "VIP2" before "VIP10".
	return &sync.Pool{New: func() any { return collate.New(tag, collate.Numeric) }}
}

func withCollator[T any](lang Lang, f func(*collate.Collator) T) T {
	pool := collators[lang.norm()]
	c := pool.Get().(*collate.Collator)
	defer pool.Put(c)
	return f(c)
}

// Compare compares a and b in the alphabetical order of lang, returning −1, 0 or 1. Danish
// puts Æ, Ø and Å after Z, and sorts "Aa" as Å (Aabenraa comes with the Å names), as the
// Danish rules of the Unicode collation data (CLDR) say. Digit runs compare as numbers.
func Compare(lang Lang, a, b string) int {
	return withCollator(lang, func(c *collate.Collator) int { return c.CompareString(a, b) })
}

// SortStrings sorts s in the alphabetical order of lang.
func SortStrings(lang Lang, s []string) {
	withCollator(lang, func(c *collate.Collator) struct{} { c.SortStrings(s); return struct{}{} })
}

// SortBy sorts items stably by the text key(item), in the alphabetical order of lang, e.g.
// organisations by name. It sorts by each item's collation key, whose byte order is
// Compare's (TestSortByKeysIsCompareOrder): comparing through the collator on every
// comparison made sorting 300 names a large part of a page's time. The keys are remembered
// (collationKey), so a page that sorts the same names on every request computes them once.
func SortBy[T any](lang Lang, items []T, key func(T) string) {
	if len(items) < 2 {
		return
	}
	keyed := make([]keyedItem[T], len(items))
	for i, it := range items {
		keyed[i] = keyedItem[T]{key: collationKey(lang, key(it)), item: it}
	}
	slices.SortStableFunc(keyed, func(a, b keyedItem[T]) int { return bytes.Compare(a.key, b.key) })
	for i := range keyed {
		items[i] = keyed[i].item
	}
}

// keyedItem is an item with its collation key, for SortBy.
type keyedItem[T any] struct {
	key  []byte
	item T
}

// maxRememberedKeys bounds the collation keys remembered: the names and titles the pages
// sort are far fewer, and past the bound keys are computed each time, as before.
const maxRememberedKeys = 1 << 17

var (
	rememberedKeys = map[Lang]*sync.Map{Danish: {}, English: {}}
	remembered     atomic.Int64
)

// collationKey is s's collation key in lang's order (collate.Collator.KeyFromString). A key
// depends on s and lang alone, so remembering it can never be stale.
func collationKey(lang Lang, s string) []byte {
	lang = lang.norm()
	m := rememberedKeys[lang]
	if k, ok := m.Load(s); ok {
		return k.([]byte)
	}
	k := withCollator(lang, func(c *collate.Collator) []byte {
		var buf collate.Buffer
		return bytes.Clone(c.KeyFromString(&buf, s)) // buf's memory is reused
	})
	if remembered.Load() < maxRememberedKeys {
		if _, loaded := m.LoadOrStore(s, k); !loaded {
			remembered.Add(1)
		}
	}
	return k
}
