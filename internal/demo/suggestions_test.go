package demo_test

import (
	"context"
	"strings"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/themesuggest"
	"klimaspor/internal/themesuggest/gather"
)

// TestThemeSuggestionExamples: the loader gives Albertslund six example actions without a
// theme, once (a second load adds nothing), each marked example, and the rule suggests the
// theme their words name first. The demo's labelled actions, each hidden in turn (with
// every action of the same title, since the example plans repeat their templates), find
// their own theme first or among the first three at least as often as the floor; the
// figures are logged for docs and the report.
func TestThemeSuggestionExamples(t *testing.T) {
	db := loaded(t)
	ctx := context.Background()
	for range 2 {
		if err := demo.LoadThemeSuggestionExamples(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	orgs, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": "165", "kind": "municipality"}, Limit: 1})
	if err != nil || len(orgs.Items) != 1 {
		t.Fatalf("Albertslund: %v %v", orgs.Items, err)
	}
	g, err := gather.For(ctx, db, orgs.Items[0].ID())
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Items) != 6 {
		t.Fatalf("%d unthemed actions of Albertslund, want 6", len(g.Items))
	}
	want := []string{"transport.charging", "transport.cycling", "waste.food", "buildings.energy-savings", "adaptation.cloudburst", "consumption.procurement"}
	for i, it := range g.Items {
		if !strings.HasSuffix(it.Action.Description, "(Eksempel – ikke en rigtig indsats.)") {
			t.Errorf("%q is not marked an example", it.Action.Title)
		}
		var got []string
		for _, s := range it.Suggestions {
			got = append(got, g.Themes[s.Theme].Code)
		}
		t.Logf("%s: %v", it.Action.Title, got)
		if len(got) == 0 || got[0] != want[i] {
			t.Errorf("%q: suggested %v, want %s first", it.Action.Title, got, want[i])
		}
	}

	themes, err := db.SuggestionThemes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	labelled, err := db.LabelledActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ev := themesuggest.HoldOut(themes, labelled, themesuggest.Options{})
	t.Logf("hold-out over the demo's %d labelled actions: precision@1 %.3f, precision@3 %.3f", ev.Actions, ev.At1, ev.At3)
	if ev.At1 < 0.5 || ev.At3 < 0.75 {
		t.Errorf("precision@1 %.3f, @3 %.3f; want at least 0.50 and 0.75", ev.At1, ev.At3)
	}
}
