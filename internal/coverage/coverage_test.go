package coverage

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The hand-made group: members 1–4. Member 1's plan (100) was adopted on 2020-05-01, member
// 2's (200, now under revision) on 2019-03-01; member 2 also has an unpublished plan (201);
// member 3's plan (300) is a draft; member 4's plan (500) is adopted on 2025-01-01;
// organisation 9, not a member, has an adopted plan (400). Themes: transport (10) with the
// sub-themes electric cars (11) and charging (12); waste (20).
var (
	tree = NewTree([]Theme{
		{ID: 10, Code: "transport", NameDA: "Transport"},
		{ID: 11, Parent: 10, Code: "transport.ev", NameDA: "Elbiler"},
		{ID: 12, Parent: 10, Code: "transport.charging", NameDA: "Ladning"},
		{ID: 20, Code: "waste", NameDA: "Affald"},
	})
	members = []int64{1, 2, 3, 4}
	plans   = []Plan{
		{ID: 100, Organisation: 1, Status: "adopted", AdoptedOn: "2020-05-01", Published: true},
		{ID: 200, Organisation: 2, Status: "under_revision", AdoptedOn: "2019-03-01", Published: true},
		{ID: 201, Organisation: 2, Status: "adopted", AdoptedOn: "2019-03-01", Published: false},
		{ID: 300, Organisation: 3, Status: "draft", AdoptedOn: "2019-03-01", Published: true},
		{ID: 400, Organisation: 9, Status: "adopted", AdoptedOn: "2019-03-01", Published: true},
		{ID: 500, Organisation: 4, Status: "adopted", AdoptedOn: "2025-01-01", Published: true}, // adopted after the dates below
	}
	actions = []Action{
		{ID: 1, Plan: 100, Published: true, Themes: []int64{11}},     // electric cars, rolls up to transport
		{ID: 2, Plan: 100, Published: false, Themes: []int64{20}},    // a draft action: does not count
		{ID: 3, Plan: 200, Published: true, Themes: []int64{12}},     // charging
		{ID: 4, Plan: 201, Published: true, Themes: []int64{20}},     // in an unpublished plan: does not count
		{ID: 5, Plan: 300, Published: true, Themes: []int64{11, 20}}, // in a draft plan: does not count
		{ID: 6, Plan: 400, Published: true, Themes: []int64{20}},     // not a member's
		{ID: 7, Plan: 0, Published: true, Themes: []int64{20}},       // a joint project's, in no plan
		{ID: 8, Plan: 200, Published: true, Themes: []int64{11}},     // member 2's second electric-car action
	}
)

type row struct {
	code    string
	count   int
	share   float64
	with    []int64
	without []int64
}

func rows(r Result) []row {
	var out []row
	for _, t := range r.Themes {
		out = append(out, row{t.Theme.Code, t.Count, t.Share, t.With, t.Without})
	}
	return out
}

func TestCoverageRule(t *testing.T) {
	tests := []struct {
		name             string
		date             string
		base             Base
		members, counted int
		want             []row
	}{
		{"a sub-theme rolls up to its parent; drafts, unpublished plans and other organisations' plans do not count", "2024-01-01", BaseAdopted, 4, 2, []row{
			{"transport", 2, 1, []int64{1, 2}, []int64{}},
			{"transport.ev", 2, 1, []int64{1, 2}, []int64{}},
			{"transport.charging", 1, 0.5, []int64{2}, []int64{1}},
			{"waste", 0, 0, []int64{}, []int64{1, 2}},
		}},
		{"base all: every member is in the denominator", "2024-01-01", BaseAll, 4, 4, []row{
			{"transport", 2, 0.5, []int64{1, 2}, []int64{3, 4}},
			{"transport.ev", 2, 0.5, []int64{1, 2}, []int64{3, 4}},
			{"transport.charging", 1, 0.25, []int64{2}, []int64{1, 3, 4}},
			{"waste", 0, 0, []int64{}, []int64{1, 2, 3, 4}},
		}},
		{"before member 1's plan was adopted only member 2 counts", "2020-04-30", BaseAdopted, 4, 1, []row{
			{"transport", 1, 1, []int64{2}, []int64{}},
			{"transport.ev", 1, 1, []int64{2}, []int64{}},
			{"transport.charging", 1, 1, []int64{2}, []int64{}},
			{"waste", 0, 0, []int64{}, []int64{2}},
		}},
		{"the day of adoption counts", "2020-05-01", BaseAdopted, 4, 2, nil},
		{"a plan adopted later counts from its adoption date on", "2025-01-01", BaseAdopted, 4, 3, []row{
			{"transport", 2, 2.0 / 3, []int64{1, 2}, []int64{4}},
			{"transport.ev", 2, 2.0 / 3, []int64{1, 2}, []int64{4}},
			{"transport.charging", 1, 1.0 / 3, []int64{2}, []int64{1, 4}},
			{"waste", 0, 0, []int64{}, []int64{1, 2, 4}},
		}},
		{"before any adoption nobody is counted and every share is 0", "2019-01-01", BaseAdopted, 4, 0, []row{
			{"transport", 0, 0, []int64{}, []int64{}},
			{"transport.ev", 0, 0, []int64{}, []int64{}},
			{"transport.charging", 0, 0, []int64{}, []int64{}},
			{"waste", 0, 0, []int64{}, []int64{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(Counting(members, plans, actions, tt.date), tree, tt.base, nil)
			if r.Base != tt.base || r.Members != tt.members || r.Counted != tt.counted {
				t.Errorf("base %s, members %d, counted %d; want %s, %d, %d", r.Base, r.Members, r.Counted, tt.base, tt.members, tt.counted)
			}
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, rows(r), cmp.AllowUnexported(row{})); diff != "" {
					t.Errorf("themes (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestPublishedBesideComputed: the caller's published figures come back beside the computed
// share with the difference computed − published: transport is 2 of 2 = 1.0 against a
// published 0.75 (+0.25), and 2 of 4 = 0.5 on base all (−0.25).
func TestPublishedBesideComputed(t *testing.T) {
	pub := map[int64][]Published{10: {{Share: 0.75, Source: "Ea Energianalyse", Date: "2024", Base: BaseAdopted}}}
	for _, tt := range []struct {
		base Base
		want float64
	}{{BaseAdopted, 0.25}, {BaseAll, -0.25}} {
		r := Compute(Counting(members, plans, actions, "2024-01-01"), tree, tt.base, pub)
		got := r.Themes[0].Published
		want := []Compared{{Published: pub[10][0], Difference: tt.want}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("base %s: published (-want +got):\n%s", tt.base, diff)
		}
		if n := len(r.Themes[3].Published); n != 0 {
			t.Errorf("waste has %d published figures, want none", n)
		}
	}
}

// TestBehind: the actions behind a figure are the counting ones with the theme or a
// sub-theme: transport is actions 1, 3 and 8 (not 5, in a draft plan); charging is 3 alone.
func TestBehind(t *testing.T) {
	st := Counting(members, plans, actions, "2024-01-01")
	ids := func(as []Action) []int64 {
		out := []int64{}
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	for _, tt := range []struct {
		theme int64
		want  []int64
	}{{10, []int64{1, 3, 8}}, {11, []int64{1, 8}}, {12, []int64{3}}, {20, []int64{}}} {
		if diff := cmp.Diff(tt.want, ids(Behind(st, tree, tt.theme))); diff != "" {
			t.Errorf("theme %d (-want +got):\n%s", tt.theme, diff)
		}
	}
}

func TestTreeUnderAndUp(t *testing.T) {
	if diff := cmp.Diff([]int64{10, 11, 12}, tree.Under(10)); diff != "" {
		t.Errorf("under transport (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{11, 10}, tree.Up(11)); diff != "" {
		t.Errorf("up from electric cars (-want +got):\n%s", diff)
	}
	// A cycle in the data does not loop.
	cyc := NewTree([]Theme{{ID: 1, Parent: 2}, {ID: 2, Parent: 1}})
	if diff := cmp.Diff([]int64{1, 2}, cyc.Up(1)); diff != "" {
		t.Errorf("cycle (-want +got):\n%s", diff)
	}
}

func TestAdoptedAt(t *testing.T) {
	for _, tt := range []struct {
		name string
		plan Plan
		date string
		want bool
	}{
		{"adopted before the date", Plan{Status: "adopted", AdoptedOn: "2021-03-01", Published: true}, "2021-03-02", true},
		{"adopted on the date", Plan{Status: "adopted", AdoptedOn: "2021-03-01", Published: true}, "2021-03-01", true},
		{"adopted after the date", Plan{Status: "adopted", AdoptedOn: "2021-03-01", Published: true}, "2021-02-28", false},
		{"under revision is still in force", Plan{Status: "under_revision", AdoptedOn: "2021-03-01", Published: true}, "2022-01-01", true},
		{"adopted without a date counts as its record says", Plan{Status: "adopted", Published: true}, "2022-01-01", true},
		{"a draft plan is not adopted", Plan{Status: "draft", AdoptedOn: "2021-03-01", Published: true}, "2022-01-01", false},
		{"an unpublished plan does not count", Plan{Status: "adopted", AdoptedOn: "2021-03-01"}, "2022-01-01", false},
	} {
		if got := tt.plan.AdoptedAt(tt.date); got != tt.want {
			t.Errorf("%s: AdoptedAt(%s) = %v", tt.name, tt.date, got)
		}
	}
}

func TestParseBase(t *testing.T) {
	for in, want := range map[string]Base{"": BaseAdopted, "adopted": BaseAdopted, "all": BaseAll} {
		if b, ok := ParseBase(in); !ok || b != want {
			t.Errorf("ParseBase(%q) = %q, %v", in, b, ok)
		}
	}
	if _, ok := ParseBase("some"); ok {
		t.Error("ParseBase(some) is accepted")
	}
}
