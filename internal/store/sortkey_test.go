package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestActionsListInTitleOrderBySortKey: actions listed by title come in the order of the
// collation "da" (Æ, Ø, Å last, "Aa" as Å, case and accents only as the tie-break), on both
// engines (PostgreSQL sorted by ICU's Danish before migration 00025, not quite the same),
// ascending and descending, page by page with cursors, with a filter, after titles change,
// and after the keys are missing (as migration 00025 leaves them) and Migrate fills them.
func TestActionsListInTitleOrderBySortKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		titles := store.TrickyTitlesForTest
		ids := map[string]int64{}
		for i, title := range titles {
			sector := "energy"
			if i%3 == 0 {
				sector = "transport"
			}
			a, err := db.Create(ctx, model.Actions, model.Record{"plan_id": f.plan, "title": title, "sector": sector,
				"organisation_id": f.kbh, "status": "planned", "published": true})
			if err != nil {
				t.Fatalf("create %q: %v", title, err)
			}
			ids[title] = a.ID()
		}
		// want is the titles in the collation's order; equal titles (the list has a few
		// twice) keep their id order, as the list breaks ties by id.
		want := func(titles []string, desc bool) []string {
			out := slices.Clone(titles)
			slices.SortStableFunc(out, store.CompareDanishForTest)
			if desc {
				slices.Reverse(out)
			}
			return out
		}
		listed := func(q model.ListQuery) []string {
			t.Helper()
			var got []string
			q.Sort, q.Limit = "title", 7
			for {
				p, err := db.List(ctx, model.Actions, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range p.Items {
					got = append(got, r.Str("title"))
				}
				if p.NextCursor == "" {
					return got
				}
				q.Cursor = p.NextCursor
			}
		}
		check := func(step string, titles []string) {
			t.Helper()
			if diff := cmp.Diff(want(titles, false), listed(model.ListQuery{})); diff != "" {
				t.Errorf("%s, ascending (-want +got):\n%s", step, diff)
			}
			if diff := cmp.Diff(want(titles, true), listed(model.ListQuery{Desc: true})); diff != "" {
				t.Errorf("%s, descending (-want +got):\n%s", step, diff)
			}
		}
		check("created", titles)
		// Spot checks of the order itself: Æ, Ø, Å after Z, "Aa" as Å, case only the tie-break
		// (by bytes: capitals first).
		got := listed(model.ListQuery{})
		pos := func(s string) int { return slices.Index(got, s) }
		for _, before := range [][2]string{{"Zealand", "Ærø"}, {"Ærø", "Ølstykke"}, {"Ølstykke", "Åbenrå"},
			{"Zealand", "Aabenraa"}, {"Ballerup", "ballerup"}, {"Albertslund", "ballerup"}, {"Abenra", "Zealand"}} {
			if pos(before[0]) > pos(before[1]) {
				t.Errorf("%q comes after %q: %q", before[0], before[1], got)
			}
		}

		var energy []string
		for i, title := range titles {
			if i%3 != 0 {
				energy = append(energy, title)
			}
		}
		if diff := cmp.Diff(want(energy, false), listed(model.ListQuery{Filters: map[string]string{"sector": "energy"}})); diff != "" {
			t.Errorf("one sector's (-want +got):\n%s", diff)
		}

		// A renamed action moves: its key is written with its title.
		renamed := slices.Clone(titles)
		for i, title := range renamed {
			if title == "Zealand" || title == "Albertslund" {
				cur, err := db.Get(ctx, model.Actions, ids[title])
				if err != nil {
					t.Fatal(err)
				}
				renamed[i] = "Øster " + title
				if _, err := db.Update(ctx, model.Actions, cur.ID(), cur.Version(), model.Record{"title": renamed[i]}); err != nil {
					t.Fatal(err)
				}
			}
		}
		check("renamed", renamed)

		// Keys missing, as the migration leaves the rows it finds, are filled by Migrate;
		// and the migration goes down and up again.
		if err := db.ExecForTest(ctx, "UPDATE actions SET title_key = NULL"); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		check("filled", renamed)
		if err := db.MigrateToForTest(ctx, 24, true); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		check("migrated down and up", renamed)
		var missing int
		if err := db.ReaderForTest().QueryRow("SELECT count(*) FROM actions WHERE title_key IS NULL").Scan(&missing); err != nil {
			t.Fatal(err)
		}
		if missing != 0 {
			t.Errorf("%d actions without a title key after Migrate", missing)
		}
	})
}

// TestOrganisationsWithActionsAreThoseCounted: the organisations the actions list offers
// are those ActionStatusCounts counts actions of: not those with drafts only, nor those
// whose actions are all in a draft plan.
func TestOrganisationsWithActionsAreThoseCounted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := creates(t, db)
		// København: a published action. Albertslund: a draft only. Another: a published
		// action in a draft plan. The region: nothing.
		mk(model.Actions, model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "published": true})
		albPlan := mk(model.Plans, model.Record{"code": "KP-165", "organisation_id": f.alb, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
		mk(model.Actions, model.Record{"plan_id": albPlan, "title": "y", "sector": "energy", "organisation_id": f.alb, "status": "planned", "published": false})
		other := mk(model.Organisations, model.Record{"kind": "municipality", "code": "147", "name_da": "Frederiksberg", "parent_id": f.region})
		draft := mk(model.Plans, model.Record{"code": "UDKAST", "organisation_id": other, "kind": "other", "title": "Udkast", "status": "draft"})
		mk(model.Actions, model.Record{"plan_id": draft, "title": "z", "sector": "energy", "organisation_id": other, "status": "planned", "published": true})

		got, err := db.OrganisationsWithActions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		counts, err := db.ActionStatusCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		counted := map[int64]bool{}
		for id := range counts {
			counted[id] = true
		}
		if diff := cmp.Diff(map[int64]bool{f.kbh: true}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(counted, got); diff != "" {
			t.Errorf("against the counts (-counted +got):\n%s", diff)
		}
	})
}
