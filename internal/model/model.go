// Package model describes Klimaspor's records: which resources exist, their fields, the
// allowed values and the rules a record must satisfy. It knows nothing of SQL or HTTP; the
// store, the API, the spreadsheets and the OpenAPI document are all driven by these
// descriptions, so they cannot drift apart.
package model

import (
	"encoding/json"
	"fmt"
)

//go:generate go run ./viewgen

// Kind is the type of a field's value.
type Kind int

const (
	Int            Kind = iota // int64
	Float                      // float64
	String                     // string
	Bool                       // bool
	Date                       // string, YYYY-MM-DD
	Period                     // string, see ParsePeriod
	Ref                        // int64, the id of a record in another resource
	RefList                    // []int64, kept in a link table
	Targets                    // []Target, kept in a child table
	Populations                // []Population, kept in a child table
	Participations             // []ParticipantRef, read-only view of a project's participants
	Object                     // JSONObject: a JSON object, kept as its canonical text in a column

	numKinds // not a kind: how many there are (each has its operations, see kinds.go)
)

// Field describes one field of a resource. Its Name is both the JSON key and the column.
type Field struct {
	Name     string
	Kind     Kind
	Required bool     // must be given on create; may not be set to null
	Enum     []string // allowed values of a String
	Min, Max *float64 // inclusive range of a number (or of a string's length for String)
	MaxLen   int      // longest String, in characters (0: 4000)
	Ref      string   // resource a Ref or RefList points to
	ReadOnly bool     // computed or kept by the store; refused in input
	// Sheet is the Danish column header in spreadsheets; "" keeps the field out of them.
	Sheet string
	Doc   string // one line for the OpenAPI document
}

// Column reports whether the field is a column of the resource's own table.
func (f Field) Column() bool {
	return f.Kind != RefList && f.Kind != Targets && f.Kind != Populations && f.Kind != Participations
}

// Filter is a query parameter that narrows a list.
type Filter struct {
	Param string
	Kind  Kind   // type of the parameter's value
	Doc   string // for the OpenAPI document
}

// Resource describes one kind of record.
type Resource struct {
	Name     string // URL segment and import kind, e.g. "indicator-values"
	Table    string
	Singular string // for messages
	Fields   []Field
	Filters  []Filter
	Sorts    []string // fields a list may be sorted by (non-null columns)
	// Key is the natural key used by spreadsheets to refer to a record ("" if none).
	Key string
	// Check applies the rules that span several fields; it sees the whole record.
	Check func(r Record) []FieldError
	// Derive fills the fields kept for the store that follow from others; Normalize calls
	// it last, on every record written.
	Derive func(r Record)
}

// Field returns the named field.
func (r *Resource) Field(name string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Record is one resource's fields by name. Values are int64, float64, string, bool,
// []int64, []Target, []Population, []ParticipantRef, JSONObject or nil.
type Record map[string]any

// ID returns the record's id, or 0.
func (r Record) ID() int64 { v, _ := r["id"].(int64); return v }

// Version returns the record's version (see the version field every resource has), or 0.
// The generic code that writes any resource reads it here; a view's Version is the same.
func (r Record) Version() int64 { v, _ := r["version"].(int64); return v }

// Int returns an integer field, or 0 and false when it is null or absent.
func (r Record) Int(name string) (int64, bool) { v, ok := r[name].(int64); return v, ok }

// Float returns a number field.
func (r Record) Float(name string) (float64, bool) { v, ok := r[name].(float64); return v, ok }

// Str returns a string field, or "".
func (r Record) Str(name string) string { v, _ := r[name].(string); return v }

// JSONObject is a JSON object in its canonical text: compact, keys sorted (what DecodeValue
// makes of any object a client sends), so two equal objects are equal strings. A status
// report's answers are one (reporting.Answers reads them).
type JSONObject string

// MarshalJSON writes the object as the object it is, not as a string of its text: in an
// error's record, in the audit trail.
func (o JSONObject) MarshalJSON() ([]byte, error) {
	if o == "" {
		return []byte("null"), nil
	}
	if !json.Valid([]byte(o)) {
		return nil, fmt.Errorf("model: not a JSON object: %.40q", string(o))
	}
	return []byte(o), nil
}

// Target is an indicator's target value for a year.
type Target struct {
	Year  int64   `json:"year"`
	Value float64 `json:"value"`
}

// Population is an organisation's population in a year, with where the figure came from.
type Population struct {
	Year   int64  `json:"year"`
	Value  int64  `json:"value"`
	Source string `json:"source"`
}

// ParticipantRef is a project's participant as shown on the project.
type ParticipantRef struct {
	OrganisationID int64  `json:"organisation_id"`
	Role           string `json:"role"`
	Lead           bool   `json:"lead"`
}

// ListQuery asks for one page of a list.
type ListQuery struct {
	Filters map[string]string // by Filter.Param
	Sort    string            // a field of Resource.Sorts, or "" for id
	Desc    bool
	Limit   int
	Cursor  string
	// AnyOf keeps the records that match any of several values of an id filter (a Filter
	// of kind Int, by Param), on top of Filters: a page reads the goals of all its plans or
	// the values of all its indicators in one query instead of one per id. Go callers set
	// it; the API's query strings give one value per filter and never reach it.
	AnyOf map[string][]int64
	// Drafts: which unpublished plans and actions the list includes, and with them what
	// belongs to a draft plan (its actions, goals and indicators and their values). The zero
	// value is the public's view: none. DraftsOf names the organisations whose drafts are
	// seen (with the draft actions of the joint projects they lead); ProjectDrafts sees the
	// draft actions of every joint project and every unpublished library item (the
	// secretariat, who curates the library); AllDrafts sees every draft (an
	// administrator, imports). auth.Principal.Drafts sets them for a reader.
	DraftsOf      []int64
	ProjectDrafts bool
	AllDrafts     bool
}

// Page is one page of a list.
type Page struct {
	Items      []Record
	NextCursor string // "" on the last page
}

// FieldError says what is wrong with one field's value.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Value   string `json:"value,omitempty"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// Error codes of FieldError.
const (
	CodeRequired   = "required"
	CodeType       = "invalid_type"
	CodeRange      = "out_of_range"
	CodeEnum       = "invalid_value"
	CodeFormat     = "invalid_format"
	CodeText       = "invalid_text" // a NUL character or invalid UTF-8 (TextProblem)
	CodeUnknownRef = "unknown_reference"
	CodeUnknown    = "unknown_field"
	CodeReadOnly   = "read_only"
	CodeDuplicate  = "duplicate"
	CodeRule       = "rule"
)

// ValidationError gathers every field error of one record.
type ValidationError struct{ Errors []FieldError }

func (e *ValidationError) Error() string {
	if len(e.Errors) == 1 {
		return "invalid " + e.Errors[0].Error()
	}
	s := "invalid record:"
	for _, fe := range e.Errors {
		s += " " + fe.Error() + ";"
	}
	return s
}
