package gen_test

import (
	"context"
	"strings"
	"testing"

	"klimaspor/internal/gen"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestLibraryItems (both engines): the generated library items are valid example records
// in Danish of every kind, years 2015–2026, bodies of 80–400 words or so with inflected
// nouns, about 90 % published, the drafts a municipality's proposals, most linked to a
// project.
func TestLibraryItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cfg := gen.Small()
		cfg.ActionsPerMunicipality, cfg.Years = 0, 0
		if _, err := gen.Generate(context.Background(), db, cfg, nil); err != nil {
			t.Fatal(err)
		}
		items := model.AsLibraryItems(listAll(t, db, model.LibraryItems, model.ListQuery{AllDrafts: true}))
		if len(items) != cfg.LibraryItems {
			t.Fatalf("%d items, want %d", len(items), cfg.LibraryItems)
		}
		kinds, years := map[string]int{}, map[int64]int{}
		published, withProject := 0, 0
		minWords, maxWords := 1<<30, 0
		text := strings.Builder{}
		for _, it := range items {
			if err := model.Validate(model.LibraryItems, it.Record); err != nil {
				t.Errorf("item %d: %v", it.ID(), err)
			}
			if !it.Example() || it.Language() != "da" || it.Source() == "" || it.Title() == "" || it.Summary() == "" {
				t.Errorf("item %d: %v", it.ID(), it.Record)
			}
			kinds[it.Kind()]++
			y, _ := it.Year()
			years[y]++
			if it.Published() {
				published++
			} else if it.OrganisationID() == 0 {
				t.Errorf("draft %d is nobody's proposal", it.ID())
			}
			if len(it.ProjectIDs()) > 0 {
				withProject++
			}
			n := len(strings.Fields(it.Body()))
			minWords, maxWords = min(minWords, n), max(maxWords, n)
			text.WriteString(it.Body())
		}
		if len(kinds) != len(model.LibraryKinds) {
			t.Errorf("kinds %v, want all %d", kinds, len(model.LibraryKinds))
		}
		for y := int64(2015); y <= 2026; y++ {
			if years[y] < cfg.LibraryItems/24 {
				t.Errorf("year %d has %d items: %v", y, years[y], years)
			}
		}
		if len(years) != 12 {
			t.Errorf("years %v, want 2015–2026", years)
		}
		if share := float64(published) / float64(len(items)); share < 0.85 || share > 0.95 {
			t.Errorf("%.2f published, want about 0.9", share)
		}
		if withProject < len(items)/2 {
			t.Errorf("%d of %d items link to a project", withProject, len(items))
		}
		if minWords < 80 || maxWords > 480 || maxWords < 300 {
			t.Errorf("bodies of %d–%d words, want about 80–400", minWords, maxWords)
		}
		body := text.String()
		for _, w := range []string{"klimaplan", "klimaplanerne", "energirenoveringer", "varmepumperne", "affaldssorteringen", "madspildsindsatser", "samkørselsordning", "cykelstier", "## ", "\n- "} {
			if !strings.Contains(body, w) {
				t.Errorf("no body holds %q", w)
			}
		}
	})
}
