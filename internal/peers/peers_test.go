package peers

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func prof(id int64, pop, per float64) Profile {
	p := Profile{ID: id}
	if pop > 0 {
		p.Population = Of(pop)
	}
	if per >= 0 {
		p.PerInhabitant = Of(per)
	}
	return p
}

// TestSimilar: the nearest by log population and emissions per inhabitant, each scaled by
// its spread; those lacking a figure skipped and counted; the target never its own match.
func TestSimilar(t *testing.T) {
	cands := []Profile{
		prof(1, 50000, 5),   // the target itself among the candidates
		prof(2, 100000, 5),  // twice the size, same emissions
		prof(3, 25000, 5),   // half the size: as far as twice the size on a log scale
		prof(4, 52000, 9),   // the same size, far higher emissions
		prof(5, 600000, 2),  // the capital
		prof(6, 0, 5),       // no population
		prof(7, 51000, -1),  // no accounts
		prof(8, 49000, 5.2), // nearly the target
	}
	target := prof(1, 50000, 5)
	tests := []struct {
		name        string
		target      Profile
		n           int
		want        []int64
		wantSkipped int
	}{
		{"the nearest first", target, 3, []int64{8, 2, 3}, 2},
		{"n above the candidates gives them all", target, 20, []int64{8, 2, 3, 4, 5}, 2},
		{"none asked", target, 0, []int64{}, 2},
		{"a target without accounts has no matches", prof(1, 50000, -1), 3, []int64{}, 2},
		{"a large target finds the capital first", prof(9, 550000, 2.5), 1, []int64{5}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, skipped := Similar(tc.target, cands, tc.n)
			ids := []int64{}
			for _, m := range got {
				ids = append(ids, m.ID)
			}
			if diff := cmp.Diff(tc.want, ids); diff != "" {
				t.Errorf("matches (-want +got):\n%s", diff)
			}
			if skipped != tc.wantSkipped {
				t.Errorf("skipped = %d, want %d", skipped, tc.wantSkipped)
			}
		})
	}
}

// TestSimilarDistance: twice and half the size are equally far (log scale), and a
// coordinate without spread adds nothing.
func TestSimilarDistance(t *testing.T) {
	got, _ := Similar(prof(1, 100, 5), []Profile{prof(2, 200, 5), prof(3, 50, 5)}, 2)
	if len(got) != 2 || math.Abs(got[0].Distance-got[1].Distance) > 1e-12 || got[0].ID != 2 {
		t.Errorf("twice and half: %v", got)
	}
	// Spread of log population over {ln 100, ln 200, ln 50} and no spread of emissions.
	l := []float64{math.Log(100), math.Log(200), math.Log(50)}
	mean := (l[0] + l[1] + l[2]) / 3
	sd := math.Sqrt(((l[0]-mean)*(l[0]-mean) + (l[1]-mean)*(l[1]-mean) + (l[2]-mean)*(l[2]-mean)) / 3)
	if want := math.Log(2) / sd; math.Abs(got[0].Distance-want) > 1e-12 {
		t.Errorf("distance = %v, want %v", got[0].Distance, want)
	}
}

// TestCompare: each figure's values for the compared, the group's average over the members
// with a figure and the count of members with a yes; a figure nobody has is left out.
func TestCompare(t *testing.T) {
	profiles := map[int64]Profile{
		1: {ID: 1, Population: Of(100), EmissionsTotal: Of(500), PerInhabitant: Of(5), Plan: true, Actions: 4, Themes: map[int64]bool{10: true}, NetZeroYear: Of(2050)},
		2: {ID: 2, Population: Of(300), EmissionsTotal: Of(900), PerInhabitant: Of(3), Plan: true, Actions: 2, Themes: map[int64]bool{10: true, 11: true}},
		3: {ID: 3, Population: Of(200), Actions: 0, Themes: map[int64]bool{}},
		9: {ID: 9, Population: Of(1000), EmissionsTotal: Of(1000), PerInhabitant: Of(1), Plan: true, Actions: 7, Themes: map[int64]bool{11: true}, NetZeroYear: Of(2040)},
	}
	figs := Compare([]int64{1, 9}, []int64{1, 2, 3}, profiles, []Theme{{10, "waste"}, {11, "transport"}})
	type row struct {
		Key         string
		Kind        Kind
		V1, V9      Value
		Avg         Number
		Count, Size int
	}
	var got []row
	for _, f := range figs {
		got = append(got, row{f.Key, f.Kind, f.Values[1], f.Values[9], f.Average, f.Count, f.Size})
	}
	num := func(v float64) Value { return Value{Number: Of(v)} }
	want := []row{
		{KeyPopulation, KindNumber, num(100), num(1000), Of(200), 3, 3},
		{KeyPerInhabitant, KindNumber, num(5), num(1), Of(4), 2, 3},
		{KeyEmissionsTotal, KindNumber, num(500), num(1000), Of(700), 2, 3},
		{KeyPlan, KindYesNo, Value{Yes: true}, Value{Yes: true}, Number{}, 2, 3},
		{KeyNetZero, KindNumber, num(2050), num(2040), Of(2050), 1, 3},
		{KeyActions, KindNumber, num(4), num(7), Of(2), 3, 3},
		{"theme.waste", KindYesNo, Value{Yes: true}, Value{}, Number{}, 2, 3},
		{"theme.transport", KindYesNo, Value{}, Value{Yes: true}, Number{}, 1, 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("figures (-want +got):\n%s", diff)
	}
	if figs[6].ThemeID != 10 {
		t.Errorf("theme row's id = %d", figs[6].ThemeID)
	}
	// A municipality outside the group counts in no average: 9 is compared, not a member.
	withRenewable := Compare([]int64{9}, []int64{1}, map[int64]Profile{1: profiles[1], 9: {ID: 9, RenewableShare: Of(40)}}, nil)
	for _, f := range withRenewable {
		if f.Key == KeyRenewableShare && (f.Count != 0 || f.Average.OK || f.Values[9].Number != Of(40)) {
			t.Errorf("renewable share = %+v", f)
		}
	}
	if withRenewable[3].Key != KeyRenewableShare {
		t.Errorf("a renewable share only the compared have is still shown: %v", withRenewable[3].Key)
	}
}
