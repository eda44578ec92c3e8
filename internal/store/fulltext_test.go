package store_test

import (
	"context"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/search"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// libraryFixture writes a few library items, an action and a project to search.
func libraryFixture(t *testing.T, db *store.DB) (fixture, map[string]int64) {
	t.Helper()
	f := seed(t, db)
	mk := creates(t, db)
	ids := map[string]int64{}
	for _, it := range []struct{ key, title, summary, body, kind string }{
		{"energitjek", "Udbudsmateriale til energitjek af boliger", "Skabeloner til udbud af energitjek hos boligejere.", "Kommunen kan bruge materialet, når energitjekket skal i udbud.", "tender_material"},
		{"emballage", "Principper for cirkulær emballage i udbud", "Principper for indkøb af emballage, der kan genbruges.", "Cirkulære krav til plastemballage og pap.", "principles"},
		{"samkoersel", "Guide til kampagne for samkørsel", "Sådan laver I en samkørselskampagne for pendlere.", "Kampagnen får flere til at køre sammen til arbejde.", "campaign"},
		{"madspild", "Idékatalog om madspild", "Ideer til mindre madspild i kommunale køkkener.", "Madspildet kan halveres med bedre planlægning.", "idea"},
		{"klimaplan", "Klimaplanerne i kommunerne", "Hvordan klimaplaner bliver til.", "En klimaplan har mål og handlinger for den grønne omstilling.", "guide"},
	} {
		ids[it.key] = mk(model.LibraryItems, model.Record{"title": it.title, "summary": it.summary, "body": it.body, "kind": it.kind,
			"language": "da", "published": true, "theme_ids": []int64{f.energy}})
	}
	ids["action"] = mk(model.Actions, model.Record{"plan_id": f.plan, "title": "Energitjek af kommunens bygninger", "description": "Alle bygninger får et energitjek.",
		"sector": "energy", "organisation_id": f.kbh, "status": "planned", "published": true})
	return f, ids
}

func searchIDs(t *testing.T, db *store.DB, q store.SearchQuery) []int64 {
	t.Helper()
	r, err := db.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Q, err)
	}
	ids := []int64{}
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestFullTextFindsInflectionsFoldingAndPrefixes: the index finds the words in any
// inflection, typed without the Danish letters, and by prefix; every term must match.
func TestFullTextFindsInflectionsFoldingAndPrefixes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ids := libraryFixture(t, db)
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"energitjekket", []string{"energitjek"}},
			{"madspildet", []string{"madspild"}},
			{"samkørselskampagne", []string{"samkoersel"}},
			{"cirkulaer emballage", []string{"emballage"}},
			{"klimaplan", []string{"klimaplan"}},
			{"klima*", []string{"klimaplan"}},
			{"groen omstilling", []string{"klimaplan"}},
			{"madspild emballage", []string{"madspild", "emballage"}}, // none has both: those with either
			{"madspild kampagnen", []string{"madspild", "samkoersel"}},
			{"plast", []string{"emballage"}},                                                 // the start of a compound: plastemballage
			{"", []string{"klimaplan", "madspild", "samkoersel", "emballage", "energitjek"}}, // the front: newest first
		} {
			want := []int64{}
			for _, k := range c.want {
				want = append(want, ids[k])
			}
			got := searchIDs(t, db, store.SearchQuery{Q: c.q, Type: search.Library})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("search %q (-want +got):\n%s", c.q, diff)
			}
		}
	})
}

// TestFullTextIndexFollowsWrites: a new record is found at once, an update's new words
// replace its old ones, and a deleted record is gone at once, on both engines.
func TestFullTextIndexFollowsWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, ids := libraryFixture(t, db)
		if got := searchIDs(t, db, store.SearchQuery{Q: "energitjek", Type: search.Actions}); !cmp.Equal(got, []int64{ids["action"]}) {
			t.Fatalf("action: got %v, want [%d]", got, ids["action"])
		}
		item, err := db.Create(ctx, model.LibraryItems, model.Record{"title": "Affaldssortering i etageboliger", "kind": "guide", "published": true})
		if err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, store.SearchQuery{Q: "affaldssorteringen", Type: search.Library}); !cmp.Equal(got, []int64{item.ID()}) {
			t.Errorf("after create: got %v, want [%d]", got, item.ID())
		}
		if _, err := db.Update(ctx, model.LibraryItems, item.ID(), item.Version(), model.Record{"title": "Genbrugspladser"}); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, store.SearchQuery{Q: "affaldssortering", Type: search.Library}); len(got) != 0 {
			t.Errorf("after update: the old title still finds %v", got)
		}
		if got := searchIDs(t, db, store.SearchQuery{Q: "genbrugspladser", Type: search.Library}); !cmp.Equal(got, []int64{item.ID()}) {
			t.Errorf("after update: got %v, want [%d]", got, item.ID())
		}
		if err := db.Delete(ctx, model.LibraryItems, item.ID(), 0); err != nil {
			t.Fatal(err)
		}
		if err := db.Delete(ctx, model.Actions, ids["action"], 0); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, store.SearchQuery{Q: "genbrugspladser", Type: search.Library}); len(got) != 0 {
			t.Errorf("after delete: found %v", got)
		}
		if got := searchIDs(t, db, store.SearchQuery{Q: "energitjek", Type: search.Actions}); len(got) != 0 {
			t.Errorf("after delete: found action %v", got)
		}
		// Left: the five items of the fixture; the deleted item and action are gone.
		if n := db.CountForTest(t, "search_docs"); n != 5 {
			t.Errorf("search_docs has %d rows, want 5", n)
		}
		_ = f
	})
}

// TestFullTextShowsOnlyWhatTheReaderMaySee: a draft action and an unpublished library
// proposal are found by their organisation's people and the secretariat, not the public.
func TestFullTextShowsOnlyWhatTheReaderMaySee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		mk := creates(t, db)
		action := mk(model.Actions, model.Record{"plan_id": f.plan, "title": "Ladestandere til elbiler", "sector": "transport",
			"organisation_id": f.kbh, "status": "planned", "published": false})
		item := mk(model.LibraryItems, model.Record{"title": "Ladestandere i boligforeninger", "kind": "guide", "organisation_id": f.kbh, "published": false})
		for _, c := range []struct {
			name string
			view model.ListQuery
			want bool
		}{
			{"the public", model.ListQuery{}, false},
			{"another organisation", model.ListQuery{DraftsOf: []int64{f.alb}}, false},
			{"the organisation", model.ListQuery{DraftsOf: []int64{f.kbh}}, true},
		} {
			for typ, id := range map[search.Type]int64{search.Actions: action, search.Library: item} {
				got := searchIDs(t, db, store.SearchQuery{Q: "ladestander", Type: typ, View: c.view})
				if found := cmp.Equal(got, []int64{id}); found != c.want {
					t.Errorf("%s, %s: got %v, want found %v", c.name, typ, got, c.want)
				}
			}
		}
		r, err := db.Search(context.Background(), store.SearchQuery{Q: "", Type: search.Library})
		if err != nil || r.Total != 0 || len(r.Facets["kind"]) != 0 {
			t.Errorf("the public's front: %d items, facets %v, %v; want none", r.Total, r.Facets, err)
		}
	})
}

// TestFullTextFacetsAndFilters: facets count the matches; a filter narrows them.
func TestFullTextFacetsAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ids := libraryFixture(t, db)
		r, err := db.Search(context.Background(), store.SearchQuery{Q: "udbud", Type: search.Library})
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Facet{{"principles", 1}, {"tender_material", 1}}
		if diff := cmp.Diff(want, r.Facets["kind"]); diff != "" {
			t.Errorf("kind facet (-want +got):\n%s", diff)
		}
		if r.Total != 2 || len(r.Facets["theme"]) != 1 || r.Facets["theme"][0].Count != 2 {
			t.Errorf("total %d, theme facet %v", r.Total, r.Facets["theme"])
		}
		got := searchIDs(t, db, store.SearchQuery{Q: "udbud", Type: search.Library, Filters: map[string]string{"kind": "principles"}})
		if !cmp.Equal(got, []int64{ids["emballage"]}) {
			t.Errorf("kind=principles: got %v", got)
		}
		if _, err := db.Search(context.Background(), store.SearchQuery{Q: "udbud", Type: search.Library, Filters: map[string]string{"year": "x"}}); err == nil {
			t.Error("year=x: no error")
		}
		// Hits carry a highlighted snippet.
		if h := r.Hits[0]; h.Snippet == "" || h.Score <= 0 {
			t.Errorf("hit %+v: no snippet or score", h)
		}
	})
}

// TestFullTextRebuildsWhenTheAnalyserChanges: an index of another analyser version is
// built anew from the rows.
func TestFullTextRebuildsWhenTheAnalyserChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, ids := libraryFixture(t, db)
		if err := db.ExecForTest(ctx, "DELETE FROM search_docs"); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, "UPDATE search_meta SET version = 0"); err != nil {
			t.Fatal(err)
		}
		if err := db.BuildSearchForTest(ctx); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, store.SearchQuery{Q: "madspild", Type: search.Library}); !cmp.Equal(got, []int64{ids["madspild"]}) {
			t.Errorf("after rebuild: got %v", got)
		}
	})
}

// TestFullTextEnginesAgree: the same data and queries give the same ids, order and scores
// on SQLite and PostgreSQL.
func TestFullTextEnginesAgree(t *testing.T) {
	type hit struct {
		ID    int64
		Score float64
	}
	results := map[string][][]hit{}
	queries := []string{"udbud", "energitjek", "klima*", "emballage", "kampagne", "madspild planlaegning", "kommun*", "boliger"}
	for _, engine := range storetest.Engines {
		db := storetest.Open(t, engine)
		libraryFixture(t, db)
		for _, q := range queries {
			r, err := db.Search(context.Background(), store.SearchQuery{Q: q, Type: search.Library})
			if err != nil {
				t.Fatalf("%s %q: %v", engine, q, err)
			}
			var hs []hit
			for _, h := range r.Hits {
				hs = append(hs, hit{h.ID, h.Score})
			}
			results[engine] = append(results[engine], hs)
		}
	}
	near := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	for i, q := range queries {
		if diff := cmp.Diff(results["sqlite"][i], results["postgres"][i], near); diff != "" {
			t.Errorf("%q (-sqlite +postgres):\n%s", q, diff)
		}
		if len(results["sqlite"][i]) == 0 {
			t.Errorf("%q finds nothing", q)
		}
	}
}
