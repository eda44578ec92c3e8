// Package reporting holds the rules of the joint projects' status reporting (C5): a
// programme's rounds, the versioned report form and its questions, the answers a report
// gives, the states a report passes through and who may move it, who reads it, what changed
// between two versions, and when reminders are due. It knows nothing of HTTP or SQL: the
// store keeps reports and asks these rules inside its transactions, the authorization layer
// asks them for a person, and the pages and the API show what they decide.
//
// The workflow, in one sitting:
//
//	not_started ──save──▶ draft ──submit──▶ submitted ──approve──▶ approved
//	                        ▲                   │
//	                        └──save── returned ◀┘ return (with a comment)
//
// A report is edited (saved) only while it is not_started, draft or returned; saving a
// not_started report makes it a draft, and a returned report stays returned until it is
// submitted again, so the secretariat sees which reports it sent back. The project's leads
// save and submit; the secretariat and administrators may do that too, and they alone
// return and approve.
package reporting

import (
	"errors"
	"fmt"
	"slices"
)

// State is a report's state (model.ReportStates).
type State string

const (
	NotStarted State = "not_started"
	Draft      State = "draft"
	Submitted  State = "submitted"
	Returned   State = "returned"
	Approved   State = "approved"
)

// Move is a change of a report's state that a person asks for.
type Move string

const (
	Save    Move = "save" // a change of the answers; the state follows (see Next)
	Submit  Move = "submit"
	Return  Move = "return"
	Approve Move = "approve"
)

// Moves are the moves a person asks for by name (the API's and the pages' buttons).
var Moves = []Move{Submit, Return, Approve}

// ParseMove reads a move's name.
func ParseMove(s string) (Move, bool) {
	m := Move(s)
	return m, m == Save || slices.Contains(Moves, m)
}

// ErrState is a move the report's state does not allow (the API's 409).
var ErrState = errors.New("reporting: the report's state does not allow this")

// StateError says which move the state did not allow.
type StateError struct {
	From State
	Move Move
}

func (e *StateError) Error() string {
	return fmt.Sprintf("a %s report cannot be %s", e.From, pastTense[e.Move])
}

func (e *StateError) Unwrap() error { return ErrState }

var pastTense = map[Move]string{Save: "changed", Submit: "submitted", Return: "returned", Approve: "approved"}

// Next is the state a report in from reaches by m, or a *StateError.
func Next(from State, m Move) (State, error) {
	switch {
	case m == Save && from == NotStarted:
		return Draft, nil
	case m == Save && Editable(from):
		return from, nil
	case m == Submit && (from == Draft || from == Returned):
		return Submitted, nil
	case (m == Return || m == Approve) && from == Submitted:
		return Target(m), nil
	}
	return from, &StateError{From: from, Move: m}
}

// Target is the state a move leads to when the state allows it (a save leads to a draft).
func Target(m Move) State {
	switch m {
	case Submit:
		return Submitted
	case Return:
		return Returned
	case Approve:
		return Approved
	}
	return Draft
}

// MoveBetween is the move that takes a report from one state to another, and whether there
// is one. The authorization layer sees a write as the record before and after it and asks
// this to know which move it is.
func MoveBetween(from, to State) (Move, bool) {
	for _, m := range append([]Move{Save}, Moves...) {
		if next, err := Next(from, m); err == nil && next == to {
			return m, true
		}
	}
	return "", false
}

// Editable reports whether a report's answers may be changed in its state.
func Editable(s State) bool { return s == NotStarted || s == Draft || s == Returned }

// Relation is how a person stands to a report: it decides what they may do and see.
type Relation int

const (
	Public      Relation = iota // not signed in, or no tie to the project
	Participant                 // a person of a participating organisation
	Lead                        // a person of a lead organisation (tovholder)
	Reviewer                    // the secretariat and administrators
)

// MayMove reports whether a person of the relation may make the move at all, in any state:
// the leads (with the project-lead role, see auth) save and submit; reviewers also return
// and approve.
func MayMove(r Relation, m Move) bool {
	switch m {
	case Save, Submit:
		return r == Lead || r == Reviewer
	case Return, Approve:
		return r == Reviewer
	}
	return false
}

// Sees reports whether a person of the relation reads a report in the state: everybody an
// approved one, the participants a submitted one too, and the leads and reviewers every
// state, drafts included. The store's list condition for reports says the same in SQL
// (auth's TestDraftVisibilityAgrees holds the two together).
func Sees(r Relation, s State) bool {
	switch {
	case r >= Lead:
		return true
	case r == Participant:
		return s == Approved || s == Submitted
	}
	return s == Approved
}

// MoveOf is the move a write from one state to another asks for, judged by where it leads:
// the same state is a save (whether the state allows one is Next's to say), a submitted,
// returned or approved report is a submission, return or approval, anything else a save.
// The authorization layer asks it, so a move the state does not allow is still refused to
// whoever may never make it (403 before 409).
func MoveOf(from, to State) Move {
	if from == to {
		return Save
	}
	switch to {
	case Submitted:
		return Submit
	case Returned:
		return Return
	case Approved:
		return Approve
	}
	return Save
}
