package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestActionCountsFollowActions: the actions' counts (the front page's by organisation and
// status, the list's total, the organisations the list's filter offers) are read from a
// summary kept by triggers (migration 00027). After each kind of write (create, a change of
// status, publish and unpublish, a move to another organisation, plan or project, a plan
// unpublished, a delete, an import through the sheet importer) the summary holds what a
// plain GROUP BY over the actions gives, and every kind of reader gets, under every filter
// the summary answers, the total a plain read of the actions gives, on both engines.
func TestActionCountsFollowActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := creates(t, db)
		update := updates(t, db)
		planA := mk(model.Plans, model.Record{"code": "KP-165", "organisation_id": f.alb, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
		prog := mk(model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
		proj := mk(model.Projects, model.Record{"programme_id": prog, "code": "VIP7", "name_da": "Plast"})
		mk(model.Participants, model.Record{"project_id": proj, "organisation_id": f.alb, "role": "member", "lead": true})

		readers := map[string]model.ListQuery{
			"public":               {},
			"København's editor":   {DraftsOf: []int64{f.kbh}},
			"Albertslund's (lead)": {DraftsOf: []int64{f.alb}},
			"secretariat":          {DraftsOf: []int64{f.region}, ProjectDrafts: true},
			"all drafts":           {AllDrafts: true},
		}
		filters := []struct {
			name    string
			filters map[string]string
			anyOf   map[string][]int64
		}{
			{name: "none"},
			{name: "organisation", filters: map[string]string{"organisation": fmt.Sprint(f.kbh)}},
			{name: "status", filters: map[string]string{"status": "planned"}},
			{name: "organisation and status", filters: map[string]string{"organisation": fmt.Sprint(f.alb), "status": "in_progress"}},
			{name: "plan", filters: map[string]string{"plan": fmt.Sprint(f.plan)}},
			{name: "project", filters: map[string]string{"project": fmt.Sprint(proj)}},
			{name: "any of two organisations", anyOf: map[string][]int64{"organisation": {f.kbh, f.alb}}},
			{name: "a sector (not summarised)", filters: map[string]string{"sector": "energy"}},
		}
		// plain reads every action the reader of q sees, page by page, from the actions.
		plain := func(q model.ListQuery) []model.Action {
			t.Helper()
			q.Limit = store.MaxLimit
			var out []model.Action
			for {
				pg, err := db.List(ctx, model.Actions, q)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, model.AsActions(pg.Items)...)
				if pg.NextCursor == "" {
					return out
				}
				q.Cursor = pg.NextCursor
			}
		}
		check := func(step string) {
			t.Helper()
			summaryMatches(t, db, step)
			for who, vis := range readers {
				for _, fl := range filters {
					q := vis
					q.Filters, q.AnyOf = fl.filters, fl.anyOf
					got, err := db.CountList(ctx, model.Actions, q)
					if err != nil {
						t.Fatal(err)
					}
					if want := len(plain(q)); got != int64(want) {
						t.Errorf("%s: %s, filter %s: total %d, want %d", step, who, fl.name, got, want)
					}
				}
			}
			wantCounts, wantOrgs := map[int64]map[string]int{}, map[int64]bool{}
			for _, a := range plain(model.ListQuery{}) {
				if wantCounts[a.OrganisationID()] == nil {
					wantCounts[a.OrganisationID()] = map[string]int{}
				}
				wantCounts[a.OrganisationID()][a.Status()]++
				wantOrgs[a.OrganisationID()] = true
			}
			counts, err := db.ActionStatusCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantCounts, counts); diff != "" {
				t.Errorf("%s: status counts (-plain +summary):\n%s", step, diff)
			}
			orgs, err := db.OrganisationsWithActions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantOrgs, orgs); diff != "" {
				t.Errorf("%s: organisations with actions (-plain +summary):\n%s", step, diff)
			}
		}

		check("empty")
		act := mk(model.Actions, model.Record{"plan_id": f.plan, "title": "Fjernvarme", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "published": false})
		check("a draft created")
		update(model.Actions, act, model.Record{"published": true})
		check("published")
		update(model.Actions, act, model.Record{"status": "in_progress"})
		check("its status changed")
		update(model.Actions, act, model.Record{"plan_id": planA, "organisation_id": f.alb})
		check("moved to another organisation's plan")
		update(model.Actions, act, model.Record{"plan_id": nil, "project_id": proj})
		check("moved to a project")
		update(model.Actions, act, model.Record{"organisation_id": f.kbh})
		check("moved to another organisation, in the project")
		update(model.Actions, act, model.Record{"published": false})
		check("unpublished, in a project")
		update(model.Actions, act, model.Record{"plan_id": f.plan, "project_id": nil, "published": true, "status": "planned", "organisation_id": f.kbh})
		twin := mk(model.Actions, model.Record{"plan_id": f.plan, "title": "Solceller", "sector": "energy", "organisation_id": f.kbh, "status": "planned", "published": true})
		check("back, with a twin")
		update(model.Plans, f.plan, model.Record{"published": false})
		check("its plan unpublished")
		update(model.Plans, f.plan, model.Record{"published": true})
		if err := db.Delete(ctx, model.Actions, twin, 0); err != nil {
			t.Fatal(err)
		}
		check("the twin deleted")

		var file bytes.Buffer
		if err := sheet.Export(ctx, db, "actions", sheet.CSV, &file); err != nil {
			t.Fatal(err)
		}
		if _, err := sheet.Import(ctx, db, "actions", &file, sheet.CSV); err != nil {
			t.Fatal(err)
		}
		check("imported again")
		if n := db.CountForTest(t, "actions"); n != 2 {
			t.Fatalf("after the import: %d actions, want 2", n)
		}
	})
}

// TestActionCountsBackfill: migration 00027 counts the actions that are there before it.
func TestActionCountsBackfill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.MigrateToForTest(ctx, 26, true); err != nil {
			t.Fatal(err)
		}
		f := seed(t, db)
		// Written in SQL: the store's own insert names the columns of later migrations.
		for i, a := range []struct {
			status    string
			published bool
		}{{"planned", true}, {"planned", true}, {"planned", false}, {"completed", true}} {
			q := fmt.Sprintf("INSERT INTO actions (plan_id, organisation_id, sector, title, status, published, created_at, updated_at) VALUES (%d, %d, 'energy', 'Indsats %d', '%s', %v, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
				f.plan, f.kbh, i, a.status, a.published)
			if err := db.ExecForTest(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.MigrateToForTest(ctx, 27, false); err != nil {
			t.Fatal(err)
		}
		summaryMatches(t, db, "backfilled")
		if n := db.CountForTest(t, "action_counts"); n != 3 {
			t.Errorf("%d summary rows, want 3", n)
		}
	})
}

// summaryMatches checks that action_counts holds what a plain GROUP BY over the actions gives.
func summaryMatches(t *testing.T, db *store.DB, step string) {
	t.Helper()
	ctx := context.Background()
	var summary, grouped [][6]any
	for _, s := range []struct {
		q   string
		out *[][6]any
	}{
		{"SELECT organisation_id, plan_id, project_id, status, published, n FROM action_counts ORDER BY 1, 2, 3, 4, published", &summary},
		{"SELECT organisation_id, COALESCE(plan_id, 0), COALESCE(project_id, 0), status, published, COUNT(*) FROM actions GROUP BY organisation_id, plan_id, project_id, status, published ORDER BY 1, 2, 3, 4, published", &grouped},
	} {
		rows, err := db.ReaderForTest().QueryContext(ctx, s.q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var org, plan, project, n int64
			var status string
			var published bool
			if err := rows.Scan(&org, &plan, &project, &status, &published, &n); err != nil {
				t.Fatal(err)
			}
			*s.out = append(*s.out, [6]any{org, plan, project, status, published, n})
		}
		rows.Close()
	}
	if diff := cmp.Diff(grouped, summary); diff != "" {
		t.Errorf("%s: the summary differs from the actions (-actions +summary):\n%s", step, diff)
	}
}
