package demo_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
)

// TestLoadReporting: the past rounds are loaded with every report approved on its day, and
// the open round has its reports in the mix of states, VIP2's not started; a second load
// adds nothing.
func TestLoadReporting(t *testing.T) {
	ctx := context.Background()
	db := loaded(t)
	if err := demo.LoadAccounts(ctx, db); err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	if err := demo.LoadReporting(ctx, db, today); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadReporting(ctx, db, today); err != nil {
		t.Fatal(err)
	}
	rounds, err := db.List(ctx, model.ReportingRounds, model.ListQuery{Sort: "deadline", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(rounds.Items) != 3 {
		t.Fatalf("%d rounds, want 3", len(rounds.Items))
	}
	states := func(round int64) map[string]string {
		page, err := db.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": fmt.Sprint(round)}, AllDrafts: true, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range page.Items {
			p, err := db.Get(ctx, model.Projects, model.AsReport(r).ProjectID())
			if err != nil {
				t.Fatal(err)
			}
			out[model.AsProject(p).Code()] = model.AsReport(r).State()
		}
		return out
	}
	for _, r := range rounds.Items[:2] {
		for code, st := range states(r.ID()) {
			if st != "approved" {
				t.Errorf("%s %s: %s, want approved", model.AsReportingRound(r).NameDA(), code, st)
			}
		}
		if src := model.AsReportingRound(r).Source(); !strings.HasPrefix(src, "KKR Hovedstaden") {
			t.Errorf("round %s: source %q", model.AsReportingRound(r).NameDA(), src)
		}
	}
	open := model.AsReportingRound(rounds.Items[2])
	if open.OpensOn() != "2026-11-13" || open.Deadline() != "2026-12-25" || open.NameDA() != "Efterår 2026 (eksempel)" {
		t.Errorf("open round = %v", open.Record)
	}
	want := map[string]string{"VIP1": "approved", "VIP2": "not_started", "VIP3": "submitted", "VIP4": "returned", "VIP5": "draft", "VIP6": "not_started", "VIP7": "draft"}
	if got := states(open.ID()); !maps.Equal(got, want) {
		t.Errorf("open round's states = %v, want %v", got, want)
	}
	// A past report was submitted and approved on its days, by the system.
	page, err := db.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": fmt.Sprint(rounds.Items[0].ID())}, AllDrafts: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := db.ReportVersions(ctx, page.Items[0].ID())
	if err != nil {
		t.Fatal(err)
	}
	var moves []string
	for _, v := range vs[page.Items[0].ID()] {
		moves = append(moves, v.Move+" "+v.At[:10])
	}
	if want := []string{"create 2022-10-01", "save 2022-11-14", "submit 2022-11-14", "approve 2022-12-05"}; !slices.Equal(moves, want) {
		t.Errorf("VIP1's past versions = %v, want %v", moves, want)
	}
}
