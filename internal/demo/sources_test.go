package demo_test

import (
	"context"
	"regexp"
	"testing"

	"klimaspor/internal/demo"
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

// Every unit of the demo's indicators reads in English too: it has an English form, or it is
// the same in both languages; København's actions, written in English, say so.
func TestUnitsHaveEnglishForms(t *testing.T) {
	db := loaded(t)
	q := model.ListQuery{Limit: 1000, AllDrafts: true}
	for {
		page, err := db.List(context.Background(), model.Indicators, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Items {
			ind := model.AsIndicator(r)
			if !demo.UnitKnown(ind.Unit()) {
				t.Errorf("%s: unit %q has no English form", ind.Code(), ind.Unit())
			}
		}
		if page.NextCursor == "" {
			break
		}
		q.Cursor = page.NextCursor
	}
	sosu, err := db.List(context.Background(), model.Indicators, model.ListQuery{Limit: 1, Filters: map[string]string{"code": "sosu_helper_places"}})
	if err != nil || len(sosu.Items) != 1 {
		t.Fatalf("sosu_helper_places: %v", err)
	}
	if got := model.AsIndicator(sosu.Items[0]).UnitIn("en"); got != "apprenticeships" {
		t.Errorf("SOSU places in English: %q, want apprenticeships", got)
	}
	kbh, err := db.List(context.Background(), model.Actions, model.ListQuery{Limit: 1, AllDrafts: true, Filters: map[string]string{"q": "HOFOR"}})
	if err != nil || len(kbh.Items) == 0 {
		t.Fatalf("a København action: %v", err)
	}
	if _, lang := model.AsAction(kbh.Items[0]).TitleIn("da"); lang != "en" {
		t.Errorf("København's action %q is marked %q, want en", kbh.Items[0]["title"], lang)
	}
}
