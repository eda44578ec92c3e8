package model

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// kindOps is what every part of Klimaspor does alike with a value of one kind. Values are
// those DecodeJSON, the store and the imports give: int64, float64, string, bool, the list
// types of model.go, or nil for null.
type kindOps struct {
	// equal reports whether two values are the same value: numbers as numbers, lists as
	// sets (in any order; nil is the empty list).
	equal func(a, b any) bool
	// zero is the value a field not given takes in the store (nil: null).
	zero func() any
	// decode reads a JSON value other than null; if it is not of the kind, it says what
	// the value must be ("a whole number").
	decode func(msg json.RawMessage) (v any, want string)
}

var kinds = [numKinds]kindOps{
	Int:    {equal: sameNumber, zero: null, decode: decodeInt},
	Float:  {equal: sameNumber, zero: null, decode: decodeFloat},
	String: {equal: sameString, zero: null, decode: decodeString},
	Bool:   {equal: sameBool, zero: func() any { return false }, decode: decodeBool},
	Date:   {equal: sameString, zero: null, decode: decodeString},
	Period: {equal: sameString, zero: null, decode: decodeString},
	Ref:    {equal: sameNumber, zero: null, decode: decodeInt},
	RefList: {equal: sameSet(cmp.Compare[int64]), zero: func() any { return []int64{} },
		decode: decodeList[int64](json.Unmarshal, "a list of ids")},
	Targets: {equal: sameSet(func(p, q Target) int {
		return cmp.Or(cmp.Compare(p.Year, q.Year), cmp.Compare(p.Value, q.Value))
	}), zero: func() any { return []Target{} },
		decode: decodeList[Target](strictUnmarshal, `a list of {"year", "value"}`)},
	Populations: {equal: sameSet(func(p, q Population) int {
		return cmp.Or(cmp.Compare(p.Year, q.Year), cmp.Compare(p.Value, q.Value), cmp.Compare(p.Source, q.Source))
	}), zero: func() any { return []Population{} },
		decode: decodeList[Population](strictUnmarshal, `a list of {"year", "value", "source"}`)},
	// Participations are read-only: never decoded from a client.
	Participations: {equal: sameSet(func(p, q ParticipantRef) int {
		return cmp.Or(cmp.Compare(p.OrganisationID, q.OrganisationID), cmp.Compare(p.Role, q.Role), boolOrder(p.Lead)-boolOrder(q.Lead))
	}), zero: func() any { return []ParticipantRef{} },
		decode: func(json.RawMessage) (any, string) { return nil, "something else" }},
	Object: {equal: func(a, b any) bool { x, _ := a.(JSONObject); y, _ := b.(JSONObject); return x == y },
		zero: null, decode: decodeObject},
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Kinds lists every kind, for the tables of other packages that must hold one entry each.
func Kinds() []Kind {
	out := make([]Kind, numKinds)
	for k := range numKinds {
		out[k] = k
	}
	return out
}

func (k Kind) ops() kindOps {
	if k < 0 || k >= numKinds {
		panic(fmt.Sprintf("model: no kind %d", int(k)))
	}
	return kinds[k]
}

// Equal reports whether a and b are the same value of the kind: numbers are compared as
// numbers (1 and 1.0, 0 and -0 are one value), lists in any order with nil as the empty
// list, and a Bool that is null is false (the store keeps it so). It is the one
// comparison of values: the store's "has this changed" and an import's "unchanged" both
// ask it.
func (k Kind) Equal(a, b any) bool { return k.ops().equal(a, b) }

// Zero is the value a field of the kind takes when none is given: false for Bool, a new
// empty list for the list kinds, nil (null) for the others.
func (k Kind) Zero() any { return k.ops().zero() }

// SameValue reports whether a and b are the same value of the named field (see Kind.Equal).
// The field must exist.
func (r *Resource) SameValue(field string, a, b any) bool {
	f, ok := r.Field(field)
	if !ok {
		panic(fmt.Sprintf("model: %s has no field %q", r.Name, field))
	}
	return f.Kind.Equal(a, b)
}

func null() any { return nil }

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	case int:
		return float64(n), true
	}
	return 0, false
}

func sameNumber(a, b any) bool {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			return x == y // exactly, beyond float64's 53 bits
		}
	}
	return sameAs(number)(a, b)
}

var sameString = sameAs(func(v any) (string, bool) { s, ok := v.(string); return s, ok })

// sameAs compares two values as the T that as reads them as; null is apart from every
// value, and so is a value as cannot read.
func sameAs[T comparable](as func(any) (T, bool)) func(a, b any) bool {
	return func(a, b any) bool {
		x, xok := as(a)
		y, yok := as(b)
		if xok && yok {
			return x == y
		}
		return a == nil && b == nil
	}
}

func sameBool(a, b any) bool {
	x, _ := a.(bool)
	y, _ := b.(bool)
	return x == y
}

// sameSet compares two lists of T in any order: both are sorted by order (a total order
// of T) before they are compared.
func sameSet[T comparable](order func(p, q T) int) func(a, b any) bool {
	return func(a, b any) bool {
		x, _ := a.([]T)
		y, _ := b.([]T)
		if len(x) != len(y) {
			return false
		}
		x, y = slices.Clone(x), slices.Clone(y)
		slices.SortFunc(x, order)
		slices.SortFunc(y, order)
		return slices.Equal(x, y)
	}
}

func decodeInt(msg json.RawMessage) (any, string) {
	var n json.Number
	if json.Unmarshal(msg, &n) != nil {
		return nil, "a whole number"
	}
	i, err := n.Int64()
	if err != nil {
		return nil, "a whole number"
	}
	return i, ""
}

func decodeFloat(msg json.RawMessage) (any, string) {
	var n json.Number
	if json.Unmarshal(msg, &n) != nil {
		return nil, "a number"
	}
	x, err := n.Float64()
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return nil, "a finite number"
	}
	return x, ""
}

func decodeString(msg json.RawMessage) (any, string) {
	var s string
	if json.Unmarshal(msg, &s) != nil {
		return nil, "a string"
	}
	return s, ""
}

// decodeObject reads a JSON object into its canonical text (see JSONObject).
func decodeObject(msg json.RawMessage) (any, string) {
	var m map[string]any
	if json.Unmarshal(msg, &m) != nil || m == nil {
		return nil, "an object"
	}
	o, err := CanonicalObject(m)
	if err != nil {
		return nil, "an object"
	}
	return o, ""
}

// CanonicalObject is the canonical text of a JSON object (see JSONObject).
func CanonicalObject(v any) (JSONObject, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var m map[string]any // marshalling a map sorts its keys, at every depth
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	b, err = json.Marshal(m)
	return JSONObject(b), err
}

func decodeBool(msg json.RawMessage) (any, string) {
	var b bool
	if json.Unmarshal(msg, &b) != nil {
		return nil, "true or false"
	}
	return b, ""
}

// decodeList reads a JSON list of T with unmarshal; an empty list is never nil.
func decodeList[T any](unmarshal func([]byte, any) error, want string) func(json.RawMessage) (any, string) {
	return func(msg json.RawMessage) (any, string) {
		var out []T
		if unmarshal(msg, &out) != nil {
			return nil, want
		}
		if out == nil {
			out = []T{}
		}
		return out, ""
	}
}
