package model

import (
	"math"
	"testing"
)

// Every kind has one comparison: numbers as numbers, lists as sets with nil the empty list,
// a null Bool false, and null apart from every other value.
func TestOneComparisonPerKind(t *testing.T) {
	cases := []struct {
		kind Kind
		a, b any
		same bool
	}{
		{Int, int64(1), int64(1), true},
		{Int, int64(1), 1.0, true},
		{Int, int64(1), int64(2), false},
		{Int, int64(math.MaxInt64), int64(math.MaxInt64 - 1), false},
		{Int, nil, int64(0), false},
		{Int, nil, nil, true},
		{Int, int64(1), "1", false},
		{Ref, int64(7), int64(7), true},
		{Ref, int64(7), nil, false},
		{Float, 0.0, math.Copysign(0, -1), true},
		{Float, 1.5, 1.5, true},
		{Float, 1.5, int64(1), false},
		{Float, nil, 0.0, false},
		{String, "a", "a", true},
		{String, "", nil, false},
		{String, "a", "A", false},
		{Date, "2024-01-02", "2024-01-02", true},
		{Period, "2024-H1", "2024-H2", false},
		{Bool, true, true, true},
		{Bool, false, nil, true},
		{Bool, true, nil, false},
		{RefList, []int64{1, 2}, []int64{2, 1}, true},
		{RefList, []int64{}, nil, true},
		{RefList, []int64{1}, []int64{1, 1}, false},
		{RefList, []int64{1, 2}, []int64{1, 3}, false},
		{Targets, []Target{{2030, 1}, {2025, 2}}, []Target{{2025, 2}, {2030, 1}}, true},
		{Targets, []Target{}, nil, true},
		{Targets, []Target{{2030, 1}}, []Target{{2030, 2}}, false},
		{Populations, []Population{{2020, 5, "a"}, {2021, 6, "b"}}, []Population{{2021, 6, "b"}, {2020, 5, "a"}}, true},
		{Populations, []Population{{2020, 5, "a"}}, []Population{{2020, 5, "b"}}, false},
		{Participations, []ParticipantRef{{1, "lead", true}, {2, "", false}}, []ParticipantRef{{2, "", false}, {1, "lead", true}}, true},
		{Participations, nil, []ParticipantRef{{1, "", false}}, false},
	}
	for _, c := range cases {
		if got := c.kind.Equal(c.a, c.b); got != c.same {
			t.Errorf("kind %d: Equal(%#v, %#v) = %v, want %v", c.kind, c.a, c.b, got, c.same)
		}
		if got := c.kind.Equal(c.b, c.a); got != c.same {
			t.Errorf("kind %d: Equal(%#v, %#v) = %v, want %v (turned round)", c.kind, c.b, c.a, got, c.same)
		}
	}
}

// Every kind has its operations: a kind added without them fails here, not in production.
func TestEveryKindHasItsOperations(t *testing.T) {
	for k := Kind(0); k < numKinds; k++ {
		ops := k.ops()
		if ops.equal == nil || ops.zero == nil || ops.decode == nil {
			t.Errorf("kind %d lacks operations", k)
		}
		if !k.Equal(k.Zero(), k.Zero()) {
			t.Errorf("kind %d: its zero is not equal to itself", k)
		}
	}
}
