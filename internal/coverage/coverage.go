// Package coverage is the cross-plan overview's rule (C7, issue 13, "Et blik på tværs"): how
// many of a group's municipalities have each theme in their climate plans. It knows nothing
// of HTTP or SQL; the store reads plans, actions and themes (as they are now, or as the
// audit trail says they were at the end of a past day) into the plain values below, and both
// go through the same functions.
//
// The rule, in order:
//
//  1. A plan is adopted at a date when, as it stood then, it is published, its status is
//     adopted (or under_revision: an adopted plan being revised is still in force), and its
//     adoption date, when it has one, is on or before that date (Plan.AdoptedAt). A plan
//     marked adopted without a date counts from when its record said so.
//  2. An action counts when it is published and belongs to an adopted plan of one of the
//     group's members; the member is the plan's organisation (Counting). Drafts never count,
//     for any reader.
//  3. A theme counts for a member when at least one counting action carries the theme or a
//     sub-theme of it, at any depth (themes nest by parent; Tree.Under).
//  4. The base says who is in the denominator: BaseAdopted (the default) counts only the
//     members with an adopted plan, BaseAll every member. Share = count / counted, a
//     fraction 0–1 (0 when nobody is counted).
//  5. Published figures stand beside the computed share as given by the caller (share,
//     source, date, base), each with its difference: computed share − published share.
package coverage

import (
	"cmp"
	"slices"
)

// Base is who a share is a share of.
type Base string

const (
	// BaseAdopted counts the members with an adopted plan ("n of N" with a plan).
	BaseAdopted Base = "adopted"
	// BaseAll counts every member of the group.
	BaseAll Base = "all"
)

// Bases lists the bases, the default first.
var Bases = []Base{BaseAdopted, BaseAll}

// Plan is what the rule needs of a plan.
type Plan struct {
	ID           int64
	Organisation int64
	Status       string // model.PlanStatuses
	AdoptedOn    string // YYYY-MM-DD, "" when not given
	Published    bool
}

// AdoptedAt reports whether the plan, as it stood at the date (YYYY-MM-DD), is adopted and
// in force then.
func (p Plan) AdoptedAt(date string) bool {
	return p.Published && (p.Status == "adopted" || p.Status == "under_revision") &&
		(p.AdoptedOn == "" || p.AdoptedOn <= date)
}

// Action is what the rule needs of an action (the title and organisation only for the
// drill-down).
type Action struct {
	ID           int64
	Plan         int64 // 0: a joint project's action, which is in no plan
	Published    bool
	Themes       []int64
	Title        string
	Organisation int64 // the responsible organisation
}

// Theme is a theme of the tree.
type Theme struct {
	ID, Parent int64
	Code       string
	NameDA     string
}

// Tree is the theme taxonomy.
type Tree struct {
	themes  []Theme
	parent  map[int64]int64
	present map[int64]bool
}

// NewTree makes the tree of the themes, kept in the order given.
func NewTree(themes []Theme) Tree {
	t := Tree{themes: themes, parent: map[int64]int64{}, present: map[int64]bool{}}
	for _, th := range themes {
		t.parent[th.ID] = th.Parent
		t.present[th.ID] = true
	}
	return t
}

// Themes lists the tree's themes in the order given.
func (t Tree) Themes() []Theme { return t.themes }

// Has reports whether the theme is in the tree.
func (t Tree) Has(id int64) bool { return t.present[id] }

// Up lists the theme and every theme above it (a cycle in the data stops the walk).
func (t Tree) Up(id int64) []int64 {
	var out []int64
	for id != 0 && !slices.Contains(out, id) {
		out = append(out, id)
		id = t.parent[id]
	}
	return out
}

// Under lists the theme and every theme below it, at any depth.
func (t Tree) Under(id int64) []int64 {
	var out []int64
	for _, th := range t.themes {
		if slices.Contains(t.Up(th.ID), id) {
			out = append(out, th.ID)
		}
	}
	if !slices.Contains(out, id) {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// State is the group's plans and actions at a date: who has an adopted plan, and the
// actions that count.
type State struct {
	Members  []int64
	Adopted  map[int64]bool  // members with an adopted plan at the date
	Counting []Action        // published actions in the members' adopted plans
	Member   map[int64]int64 // plan id → member, for the counting plans
}

// Counting applies rules 1 and 2: of the plans and actions given (the members' and perhaps
// others'), which members have an adopted plan at the date and which actions count.
func Counting(members []int64, plans []Plan, actions []Action, date string) State {
	st := State{Members: members, Adopted: map[int64]bool{}, Member: map[int64]int64{}}
	isMember := map[int64]bool{}
	for _, m := range members {
		isMember[m] = true
	}
	for _, p := range plans {
		if isMember[p.Organisation] && p.AdoptedAt(date) {
			st.Adopted[p.Organisation] = true
			st.Member[p.ID] = p.Organisation
		}
	}
	for _, a := range actions {
		if _, ok := st.Member[a.Plan]; ok && a.Plan != 0 && a.Published {
			st.Counting = append(st.Counting, a)
		}
	}
	return st
}

// Published is a published figure for a theme and group, as the caller has it.
type Published struct {
	Share  float64 // fraction 0–1
	Source string
	Date   string
	Base   Base
}

// Compared is a published figure beside the computed share.
type Compared struct {
	Published
	Difference float64 // computed share − published share
}

// ThemeCoverage is one theme's figure.
type ThemeCoverage struct {
	Theme     Theme
	Count     int
	Share     float64 // fraction 0–1
	With      []int64 // the counted members with the theme, in id order
	Without   []int64 // the counted members without it
	Published []Compared
}

// Result is the coverage of every theme of the tree for a group.
type Result struct {
	Base    Base
	Members int // the group's members
	Counted int // the denominator: members with an adopted plan (BaseAdopted) or all
	Themes  []ThemeCoverage
}

// Compute applies rules 3–5 to a state: every theme of the tree, in the tree's order, with
// the published figures by theme id beside it.
func Compute(st State, tree Tree, base Base, published map[int64][]Published) Result {
	var counted []int64
	for _, m := range st.Members {
		if base == BaseAll || st.Adopted[m] {
			counted = append(counted, m)
		}
	}
	slices.Sort(counted)
	counted = slices.Compact(counted)
	has := map[int64]map[int64]bool{} // theme → members with it (rolled up)
	for _, a := range st.Counting {
		m := st.Member[a.Plan]
		for _, th := range a.Themes {
			for _, up := range tree.Up(th) {
				if has[up] == nil {
					has[up] = map[int64]bool{}
				}
				has[up][m] = true
			}
		}
	}
	res := Result{Base: base, Members: len(st.Members), Counted: len(counted), Themes: []ThemeCoverage{}}
	for _, th := range tree.Themes() {
		tc := ThemeCoverage{Theme: th, With: []int64{}, Without: []int64{}, Published: []Compared{}}
		for _, m := range counted {
			if has[th.ID][m] {
				tc.With = append(tc.With, m)
			} else {
				tc.Without = append(tc.Without, m)
			}
		}
		tc.Count = len(tc.With)
		if len(counted) > 0 {
			tc.Share = float64(tc.Count) / float64(len(counted))
		}
		for _, p := range published[th.ID] {
			tc.Published = append(tc.Published, Compared{Published: p, Difference: tc.Share - p.Share})
		}
		res.Themes = append(res.Themes, tc)
	}
	return res
}

// Behind lists the counting actions behind one theme's figure: those carrying the theme or
// a sub-theme of it, in id order.
func Behind(st State, tree Tree, theme int64) []Action {
	under := tree.Under(theme)
	var out []Action
	for _, a := range st.Counting {
		for _, th := range a.Themes {
			if slices.Contains(under, th) {
				out = append(out, a)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b Action) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// ParseBase reads a base; "" is the default.
func ParseBase(s string) (Base, bool) {
	if s == "" {
		return BaseAdopted, true
	}
	for _, b := range Bases {
		if string(b) == s {
			return b, true
		}
	}
	return "", false
}
