package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Fingerprint hashes every record of the resources, in list order and with every field but
// the timestamps (those ending in _at), so that a test can pin what a loader or generator
// stores byte for byte.
func Fingerprint(t testing.TB, db *store.DB, resources ...*model.Resource) string {
	t.Helper()
	h := sha256.New()
	for _, res := range resources {
		q := model.ListQuery{Limit: store.MaxLimit}
		for {
			page, err := db.List(context.Background(), res, q)
			if err != nil {
				t.Fatalf("list %s: %v", res.Name, err)
			}
			for _, r := range page.Items {
				keys := make([]string, 0, len(r))
				for k := range r {
					if !strings.HasSuffix(k, "_at") {
						keys = append(keys, k)
					}
				}
				sort.Strings(keys)
				fmt.Fprint(h, res.Name)
				for _, k := range keys {
					fmt.Fprintf(h, " %s=%#v", k, r[k])
				}
				fmt.Fprintln(h)
			}
			if page.NextCursor == "" {
				break
			}
			q.Cursor = page.NextCursor
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
