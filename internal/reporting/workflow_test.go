package reporting

import (
	"errors"
	"fmt"
	"testing"
)

var (
	allStates    = []State{NotStarted, Draft, Submitted, Returned, Approved}
	allMoves     = []Move{Save, Submit, Return, Approve}
	allRelations = []Relation{Public, Participant, Lead, Reviewer}
)

// edge is one step the workflow allows.
type edge struct {
	from State
	move Move
}

// allowed is the workflow diagram of the package comment, written out once: every other
// (state, move) pair is refused.
var allowed = map[edge]State{
	{NotStarted, Save}:   Draft,
	{Draft, Save}:        Draft,
	{Returned, Save}:     Returned,
	{Draft, Submit}:      Submitted,
	{Returned, Submit}:   Submitted,
	{Submitted, Return}:  Returned,
	{Submitted, Approve}: Approved,
}

func TestNextAllowsOnlyTheDiagramsSteps(t *testing.T) {
	for _, from := range allStates {
		for _, m := range allMoves {
			t.Run(fmt.Sprintf("%s+%s", from, m), func(t *testing.T) {
				got, err := Next(from, m)
				want, ok := allowed[edge{from, m}]
				if ok {
					if err != nil || got != want {
						t.Fatalf("Next(%s, %s) = %s, %v; want %s, nil", from, m, got, err, want)
					}
					return
				}
				var se *StateError
				if !errors.As(err, &se) {
					t.Fatalf("Next(%s, %s) = %s, %v; want a *StateError", from, m, got, err)
				}
				if !errors.Is(err, ErrState) {
					t.Errorf("Next(%s, %s): %v is not ErrState", from, m, err)
				}
				if se.From != from || se.Move != m {
					t.Errorf("StateError = %+v; want From %s, Move %s", *se, from, m)
				}
				if got != from {
					t.Errorf("a refused move leaves the state: got %s, want %s", got, from)
				}
				if se.Error() == "" {
					t.Error("a StateError says nothing")
				}
			})
		}
	}
}

func TestParseMoveKnowsEveryMoveAndNoOther(t *testing.T) {
	for _, m := range allMoves {
		if got, ok := ParseMove(string(m)); !ok || got != m {
			t.Errorf("ParseMove(%q) = %q, %v; want %q, true", m, got, ok, m)
		}
	}
	for _, s := range []string{"", "Submit", "delete", "approved"} {
		if _, ok := ParseMove(s); ok {
			t.Errorf("ParseMove(%q) accepted it", s)
		}
	}
}

func TestMoveOfJudgesByWhereTheWriteLeads(t *testing.T) {
	for _, from := range allStates {
		for _, to := range allStates {
			want := map[State]Move{NotStarted: Save, Draft: Save, Submitted: Submit, Returned: Return, Approved: Approve}[to]
			if from == to {
				want = Save
			}
			if got := MoveOf(from, to); got != want {
				t.Errorf("MoveOf(%s, %s) = %s; want %s", from, to, got, want)
			}
		}
	}
}

func TestMoveBetweenFindsOnlyAllowedSteps(t *testing.T) {
	for _, from := range allStates {
		for _, to := range allStates {
			var want Move
			for e, next := range allowed {
				if e.from == from && next == to {
					want = e.move
				}
			}
			got, ok := MoveBetween(from, to)
			if got != want || ok != (want != "") {
				t.Errorf("MoveBetween(%s, %s) = %q, %v; want %q, %v", from, to, got, ok, want, want != "")
			}
		}
	}
}

func TestMayMove(t *testing.T) {
	may := map[Relation][]Move{
		Public:      nil,
		Participant: nil,
		Lead:        {Save, Submit},
		Reviewer:    {Save, Submit, Return, Approve},
	}
	for _, r := range allRelations {
		for _, m := range allMoves {
			want := false
			for _, x := range may[r] {
				want = want || x == m
			}
			if got := MayMove(r, m); got != want {
				t.Errorf("MayMove(%d, %s) = %v; want %v", r, m, got, want)
			}
		}
		if MayMove(r, Move("delete")) {
			t.Errorf("MayMove(%d, delete) allows an unknown move", r)
		}
	}
}

func TestSees(t *testing.T) {
	sees := map[Relation][]State{
		Public:      {Approved},
		Participant: {Submitted, Approved},
		Lead:        allStates,
		Reviewer:    allStates,
	}
	for _, r := range allRelations {
		for _, s := range allStates {
			want := false
			for _, x := range sees[r] {
				want = want || x == s
			}
			if got := Sees(r, s); got != want {
				t.Errorf("Sees(%d, %s) = %v; want %v", r, s, got, want)
			}
		}
	}
}

func TestEditable(t *testing.T) {
	want := map[State]bool{NotStarted: true, Draft: true, Returned: true, Submitted: false, Approved: false}
	for _, s := range allStates {
		if got := Editable(s); got != want[s] {
			t.Errorf("Editable(%s) = %v; want %v", s, got, want[s])
		}
		// A save is allowed exactly where the answers may change.
		if _, err := Next(s, Save); (err == nil) != want[s] {
			t.Errorf("Next(%s, save) = %v, but Editable says %v", s, err, want[s])
		}
	}
}
