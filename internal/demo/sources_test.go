package demo_test

import (
	"context"
	"regexp"
	"testing"

	"klimaspor/internal/model"
)

// The demo's sources read as citations: no file names of the seed documents, no
// repository paths or commit hashes, and no "Kilde:" of their own (pages print that).
func TestSourcesAreCitations(t *testing.T) {
	db := loaded(t)
	bad := regexp.MustCompile(`\d{3}_[0-9a-f]{16}\.txt|@[0-9a-f]{7}\b|github\.com|[A-Za-z-]+/[A-Za-z_-]+:[a-z/_]+\.(md|json|csv)|^Kilde:|\bseed\b|^S00\d`)
	seen := map[string]bool{}
	for _, res := range model.All {
		if _, ok := res.Field("source"); !ok {
			continue
		}
		var recs []model.Record
		q := model.ListQuery{Limit: 1000, AllDrafts: true}
		for {
			page, err := db.List(context.Background(), res, q)
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, page.Items...)
			if page.NextCursor == "" {
				break
			}
			q.Cursor = page.NextCursor
		}
		for _, r := range recs {
			s, _ := r["source"].(string)
			if seen[s] {
				continue
			}
			seen[s] = true
			if bad.MatchString(s) {
				t.Errorf("%s %d: source %q", res.Name, r.ID(), s)
			}
		}
	}
}
