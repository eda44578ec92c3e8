package demo_test

import (
	"context"
	"strings"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// libraryItems loads the demo and its library (twice: the second load adds nothing) and
// returns every item, drafts too.
func libraryItems(t *testing.T, db *store.DB) []model.LibraryItem {
	t.Helper()
	ctx := context.Background()
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.LoadLibrary(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	page, err := db.List(ctx, model.LibraryItems, model.ListQuery{Limit: store.MaxLimit, AllDrafts: true})
	if err != nil {
		t.Fatal(err)
	}
	return model.AsLibraryItems(page.Items)
}

// TestLoadLibrary (both engines): at least 20 real items in Danish, each with a source, a
// Markdown body and a unique title; every published item links to a project; the kinds cover
// at least 6 of the 9; ideas, unpublished proposals of a municipality, and links to actions
// and indicators are there.
func TestLoadLibrary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		items := libraryItems(t, db)
		if len(items) < 20 {
			t.Fatalf("%d library items, want at least 20", len(items))
		}
		titles := map[string]bool{}
		kinds := map[string]int{}
		drafts, withActions, withIndicators, withEffect := 0, 0, 0, 0
		for _, it := range items {
			if titles[it.Title()] {
				t.Errorf("title %q twice", it.Title())
			}
			titles[it.Title()] = true
			kinds[it.Kind()]++
			if it.Source() == "" {
				t.Errorf("%q has no source", it.Title())
			}
			if strings.TrimSpace(it.Body()) == "" || it.Summary() == "" {
				t.Errorf("%q has no body or summary", it.Title())
			}
			if it.Example() || it.Language() != "da" {
				t.Errorf("%q: example %v, language %q; want real material in Danish", it.Title(), it.Example(), it.Language())
			}
			if it.Published() && len(it.ProjectIDs()) == 0 {
				t.Errorf("published %q links to no project", it.Title())
			}
			if !it.Published() {
				drafts++
				if it.OrganisationID() == 0 {
					t.Errorf("unpublished %q is not a municipality's proposal", it.Title())
				}
			}
			if len(it.ActionIDs()) > 0 {
				withActions++
			}
			if len(it.IndicatorIDs()) > 0 {
				withIndicators++
			}
			if _, ok := it.Record["expected_effect_t_co2e"].(float64); ok {
				withEffect++
			}
		}
		if len(kinds) < 6 {
			t.Errorf("kinds %v, want at least 6 of the 9", kinds)
		}
		if kinds["idea"] < 3 || kinds["principles"] < 7 {
			t.Errorf("%d ideas and %d principles, want several ideas and the report's 7 recommendations", kinds["idea"], kinds["principles"])
		}
		if drafts < 2 || withActions < 5 || withIndicators < 5 || withEffect < 1 {
			t.Errorf("%d drafts, %d items with actions, %d with indicators, %d with an effect", drafts, withActions, withIndicators, withEffect)
		}
		// The public sees only the published items.
		pub, err := db.CountList(context.Background(), model.LibraryItems, model.ListQuery{})
		if err != nil || pub != int64(len(items)-drafts) {
			t.Errorf("the public counts %d items (%v), want %d", pub, err, len(items)-drafts)
		}
	})
}

// TestLibraryVocabulary: the tools the issue names are in the library, found by words of
// their titles, each of its kind and linked to its project.
func TestLibraryVocabulary(t *testing.T) {
	db := loaded(t)
	items := libraryItems(t, db)
	projects := map[int64]string{}
	for _, p := range all(t, db, model.Projects, nil) {
		projects[p.ID()] = model.AsProject(p).Code()
	}
	for _, tc := range []struct {
		what    string
		words   []string
		kind    string
		project string
	}{
		{"tender kit for energy checks of houses", []string{"udbudskit", "energitjek"}, "tender_material", "VIP6"},
		{"principles for circular packaging in tenders", []string{"principper", "cirkulær emballage"}, "principles", "VIP4"},
		{"carpooling campaign guide", []string{"guide", "samkørselskampagne"}, "guide", "VIP5"},
		{"idea catalogue for food waste", []string{"idékatalog", "madspild"}, "guide", "VIP2"},
		{"requirements for plastic packaging", []string{"krav", "plastemballage"}, "tender_material", "VIP7"},
		{"Q&A sheet on the plastic treatment contract", []string{"spørgsmål og svar", "behandlingskontrakt"}, "fact_sheet", "VIP7"},
		{"the recommendation of an online library", []string{"anbefaling", "online-bibliotek"}, "principles", "KLIMAALLIANCEN"},
	} {
		var found []model.LibraryItem
		for _, it := range items {
			title := strings.ToLower(it.Title())
			ok := true
			for _, w := range tc.words {
				ok = ok && strings.Contains(title, w)
			}
			if ok {
				found = append(found, it)
			}
		}
		if len(found) != 1 {
			t.Errorf("%s: %d items titled with %q, want one", tc.what, len(found), tc.words)
			continue
		}
		it := found[0]
		linked := false
		for _, id := range it.ProjectIDs() {
			linked = linked || projects[id] == tc.project
		}
		if it.Kind() != tc.kind || !linked || !it.Published() {
			t.Errorf("%s: %q is a %s of projects %v (published %v), want a published %s of %s", tc.what, it.Title(), it.Kind(), it.ProjectIDs(), it.Published(), tc.kind, tc.project)
		}
	}
}
