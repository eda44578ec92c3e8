package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// DecodeJSON reads a JSON object into a record of the resource. Every field is checked
// against its descriptor: unknown and read-only fields, wrong types and out-of-range values
// are all reported, not just the first. The "version" key is returned apart, since it is
// read-only in the record but required to update.
func DecodeJSON(res *Resource, body []byte) (rec Record, version *int64, err error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, nil, &SyntaxError{Msg: "the body is not a JSON object: " + err.Error()}
	}
	// Only white space may follow the object: dec.More is false before a stray "}" or "]",
	// which a body must not end with either.
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, &SyntaxError{Msg: "the body holds more than one JSON value, or text after the object"}
	}
	if raw == nil {
		return nil, nil, &SyntaxError{Msg: "the body is not a JSON object"}
	}
	rec = Record{}
	var errs []FieldError
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg := raw[k]
		if k == "version" {
			var v int64
			if err := json.Unmarshal(msg, &v); err != nil || v < 1 {
				errs = append(errs, FieldError{Field: k, Code: CodeType, Message: "version must be a positive whole number"})
				continue
			}
			version = &v
			continue
		}
		f, ok := res.Field(k)
		if !ok {
			errs = append(errs, FieldError{Field: k, Code: CodeUnknown, Message: fmt.Sprintf("%s has no field %q", res.Singular, k)})
			continue
		}
		if f.ReadOnly {
			continue // a client may send back a record it read; computed fields are ignored
		}
		v, fe := DecodeValue(f, msg)
		if fe != nil {
			errs = append(errs, *fe)
			continue
		}
		rec[k] = v
	}
	if len(errs) > 0 {
		return nil, nil, &ValidationError{Errors: errs}
	}
	return rec, version, nil
}

// SyntaxError is a body that is not JSON of the right shape at all.
type SyntaxError struct{ Msg string }

func (e *SyntaxError) Error() string { return e.Msg }

// DecodeValue reads one field's JSON value (null is nil) into its Go type, by the kind's
// decode operation (kinds.go).
func DecodeValue(f Field, msg json.RawMessage) (any, *FieldError) {
	if string(msg) == "null" {
		return nil, nil
	}
	v, want := f.Kind.ops().decode(msg)
	if want != "" {
		return nil, &FieldError{Field: f.Name, Code: CodeType, Message: fmt.Sprintf("%s must be %s", f.Name, want), Value: truncate(string(msg), 80)}
	}
	return v, nil
}

func strictUnmarshal(msg []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(msg))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Normalize trims strings, turns empty optional strings into null, and canonicalises
// periods. It changes rec in place.
func Normalize(res *Resource, rec Record) {
	for _, f := range res.Fields {
		v, ok := rec[f.Name]
		if !ok {
			continue
		}
		s, isStr := v.(string)
		if !isStr {
			continue
		}
		s = strings.TrimSpace(s)
		switch {
		case f.Kind == Period:
			if p, err := ParsePeriod(s); err == nil {
				s = p.Canonical
			}
		case s == "" && f.Name != "breakdown" && !f.Required:
			rec[f.Name] = nil
			continue
		}
		rec[f.Name] = s
	}
	if res.Derive != nil {
		res.Derive(rec)
	}
}

// Validate checks a complete record (after defaults and, for an update, after merging it
// with the stored one): required fields, enumerations, ranges, formats and the resource's
// own rules. References are checked by the store, which can see the other records.
func Validate(res *Resource, rec Record) error {
	var errs []FieldError
	for _, f := range res.Fields {
		if f.ReadOnly {
			continue
		}
		v := rec[f.Name]
		if v == nil {
			if f.Required {
				errs = append(errs, FieldError{Field: f.Name, Code: CodeRequired, Message: f.Name + " is required"})
			}
			continue
		}
		if fe := checkValueOf(f, v); fe != nil {
			errs = append(errs, *fe)
		}
	}
	if len(errs) == 0 && res.Check != nil {
		errs = append(errs, res.Check(rec)...)
	}
	if len(errs) > 0 {
		return &ValidationError{Errors: errs}
	}
	return nil
}

func checkValueOf(f Field, v any) *FieldError {
	rangeErr := func(val string) *FieldError {
		msg := f.Name + " is out of range"
		switch {
		case f.Min != nil && f.Max != nil:
			msg = fmt.Sprintf("%s must be between %g and %g", f.Name, *f.Min, *f.Max)
		case f.Min != nil:
			msg = fmt.Sprintf("%s must be at least %g", f.Name, *f.Min)
		case f.Max != nil:
			msg = fmt.Sprintf("%s must be at most %g", f.Name, *f.Max)
		}
		return &FieldError{Field: f.Name, Code: CodeRange, Message: msg, Value: val}
	}
	inRange := func(x float64) bool {
		return (f.Min == nil || x >= *f.Min) && (f.Max == nil || x <= *f.Max)
	}
	switch x := v.(type) {
	case int64:
		if f.Kind == Ref {
			if x < 1 {
				return &FieldError{Field: f.Name, Code: CodeUnknownRef, Message: fmt.Sprintf("there is no %s with id %d", singular(f.Ref), x), Value: fmt.Sprint(x)}
			}
			return nil
		}
		if !inRange(float64(x)) {
			return rangeErr(fmt.Sprint(x))
		}
	case float64:
		if !inRange(x) {
			return rangeErr(fmt.Sprint(x))
		}
	case string:
		if problem := TextProblem(x); problem != "" {
			return &FieldError{Field: f.Name, Code: CodeText, Message: f.Name + " " + problem}
		}
		max := f.MaxLen
		if max == 0 {
			max = 4000
		}
		if n := utf8.RuneCountInString(x); n > max {
			return &FieldError{Field: f.Name, Code: CodeRange, Message: fmt.Sprintf("%s is %d characters long; at most %d are allowed", f.Name, n, max)}
		}
		if f.Required && strings.TrimSpace(x) == "" {
			return &FieldError{Field: f.Name, Code: CodeRequired, Message: f.Name + " is required"}
		}
		if len(f.Enum) > 0 && !contains(f.Enum, x) {
			return &FieldError{Field: f.Name, Code: CodeEnum, Message: fmt.Sprintf("%s must be one of %s", f.Name, strings.Join(f.Enum, ", ")), Value: x}
		}
		if f.Kind == Date && !ValidDate(x) {
			return &FieldError{Field: f.Name, Code: CodeFormat, Message: f.Name + " must be a date written YYYY-MM-DD", Value: x}
		}
	case []Target:
		seen := map[int64]bool{}
		for _, t := range x {
			if t.Year < 1900 || t.Year > 2100 {
				return &FieldError{Field: f.Name, Code: CodeRange, Message: "a target's year must be between 1900 and 2100", Value: fmt.Sprint(t.Year)}
			}
			if seen[t.Year] {
				return &FieldError{Field: f.Name, Code: CodeDuplicate, Message: fmt.Sprintf("two targets for %d", t.Year)}
			}
			seen[t.Year] = true
		}
	case []Population:
		seen := map[int64]bool{}
		for _, p := range x {
			if p.Year < 1900 || p.Year > 2100 || p.Value < 0 {
				return &FieldError{Field: f.Name, Code: CodeRange, Message: "a population needs a year between 1900 and 2100 and a value of 0 or more"}
			}
			if problem := TextProblem(p.Source); problem != "" {
				return &FieldError{Field: f.Name, Code: CodeText, Message: "a population's source " + problem}
			}
			if seen[p.Year] {
				return &FieldError{Field: f.Name, Code: CodeDuplicate, Message: fmt.Sprintf("two populations for %d", p.Year)}
			}
			seen[p.Year] = true
		}
	case []int64:
		seen := map[int64]bool{}
		for _, id := range x {
			if seen[id] {
				return &FieldError{Field: f.Name, Code: CodeDuplicate, Message: fmt.Sprintf("id %d is listed twice", id)}
			}
			seen[id] = true
		}
	}
	return nil
}

// TextProblem says why s cannot be kept as text, or "" when it can. PostgreSQL refuses a NUL
// character and invalid UTF-8 in text (SQLite would keep them), so both are refused wherever
// text comes in, on both engines alike: record fields, account names, addresses and token
// names, query parameters.
func TextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "contains a NUL character (U+0000), which text cannot hold"
	}
	return ""
}

func singular(resource string) string {
	if r, ok := ByName(resource); ok {
		return r.Singular
	}
	return resource
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
