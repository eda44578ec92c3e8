package reporting

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"klimaspor/internal/model"
)

// LightAnswer is one goal's or activity's light with its explanation.
type LightAnswer struct {
	Light       Light  `json:"light"`
	Explanation string `json:"explanation,omitempty"`
}

// Answer is the answer to one question; which part holds it follows the question's type.
type Answer struct {
	Lights map[int64]LightAnswer // GoalLights, ActivityLights: by goal or action id
	Text   string                // Text, Choice (the option's code), Date (YYYY-MM-DD)
	Number *float64              // Number
	Values map[int64]float64     // IndicatorValues: by indicator id
}

// Empty reports whether the answer says nothing.
func (a Answer) Empty() bool {
	return len(a.Lights) == 0 && strings.TrimSpace(a.Text) == "" && a.Number == nil && len(a.Values) == 0
}

// Answers are a report's answers by question id.
type Answers map[string]Answer

// Item is a goal, activity or indicator a report's questions are about.
type Item struct {
	ID   int64
	Code string // an indicator's code
	Text string
}

// Subject is what a report is about: its project's goals, activities and indicators, and
// the kind of its round.
type Subject struct {
	RoundKind  string
	Goals      []Item
	Activities []Item
	Indicators []Item
}

// Items are the goals, activities or indicators a question asks about.
func (s Subject) Items(q Question) []Item {
	switch q.Type {
	case GoalLights:
		return s.Goals
	case ActivityLights:
		return s.Activities
	case IndicatorValues:
		if len(q.Indicators) == 0 {
			return s.Indicators
		}
		var out []Item
		for _, it := range s.Indicators {
			if slices.Contains(q.Indicators, it.Code) {
				out = append(out, it)
			}
		}
		return out
	}
	return nil
}

// Problem is what is wrong with one answer.
type Problem struct {
	Question string `json:"question"`
	Item     int64  `json:"item,omitempty"` // the goal, activity or indicator, when it is one of them
	Code     string `json:"code"`           // one of the Problem codes below
	Message  string `json:"message"`
}

// Problem codes; the pages translate them (i18n "reporting.problem.<code>").
const (
	ProblemUnknown  = "unknown_question" // no such question in the form, or not asked in this round
	ProblemType     = "invalid_type"     // not the kind of value the question asks for
	ProblemItem     = "unknown_item"     // not one of the project's goals, activities or indicators
	ProblemLight    = "invalid_light"
	ProblemOption   = "invalid_option"
	ProblemDate     = "invalid_date"
	ProblemLength   = "too_long"
	ProblemRequired = "required" // only when the report is submitted
)

const maxText = 8000

// Parse reads a report's answers (as the API and the store keep them) by the form, checking
// each against the question and the subject. With complete, the required questions must be
// answered too (a submission). It returns the answers it could read and every problem.
func Parse(f Form, s Subject, obj model.JSONObject, complete bool) (Answers, []Problem) {
	raw := map[string]json.RawMessage{}
	if obj != "" {
		if err := json.Unmarshal([]byte(obj), &raw); err != nil {
			return nil, []Problem{{Code: ProblemType, Message: "the answers must be an object"}}
		}
	}
	out := Answers{}
	var probs []Problem
	for _, id := range slices.Sorted(maps.Keys(raw)) {
		q, ok := f.Question(id)
		if !ok || !q.AskedIn(s.RoundKind) {
			probs = append(probs, Problem{Question: id, Code: ProblemUnknown, Message: fmt.Sprintf("the form (version %d) asks no question %q in this round", f.Version, id)})
			continue
		}
		a, ps := parseAnswer(q, s, raw[id])
		probs = append(probs, ps...)
		if !a.Empty() {
			out[id] = a
		}
	}
	if complete {
		for _, q := range f.In(s.RoundKind) {
			if !q.Required {
				continue
			}
			a := out[q.ID]
			if !q.Lights() {
				if a.Empty() {
					probs = append(probs, Problem{Question: q.ID, Code: ProblemRequired, Message: "answer this question before the report is submitted"})
				}
				continue
			}
			for _, it := range s.Items(q) {
				if _, ok := a.Lights[it.ID]; !ok {
					probs = append(probs, Problem{Question: q.ID, Item: it.ID, Code: ProblemRequired, Message: "give every item a status before the report is submitted"})
				}
			}
		}
	}
	return out, probs
}

func parseAnswer(q Question, s Subject, msg json.RawMessage) (Answer, []Problem) {
	bad := func(code, format string, args ...any) (Answer, []Problem) {
		return Answer{}, []Problem{{Question: q.ID, Code: code, Message: fmt.Sprintf(format, args...)}}
	}
	if string(msg) == "null" {
		return Answer{}, nil
	}
	switch q.Type {
	case Text, Choice, Date:
		var t string
		if json.Unmarshal(msg, &t) != nil {
			return bad(ProblemType, "give a text")
		}
		if p := model.TextProblem(t); p != "" {
			return bad(ProblemType, "%s", p)
		}
		t = strings.TrimSpace(t)
		switch {
		case utf8.RuneCountInString(t) > maxText:
			return bad(ProblemLength, "at most %d characters", maxText)
		case t == "":
		case q.Type == Choice && !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Code == t }):
			return bad(ProblemOption, "%q is not one of the question's options", t)
		case q.Type == Date && !isDate(t):
			return bad(ProblemDate, "give a date as YYYY-MM-DD")
		}
		return Answer{Text: t}, nil
	case Number:
		var n float64
		if json.Unmarshal(msg, &n) != nil || math.IsInf(n, 0) || math.IsNaN(n) {
			return bad(ProblemType, "give a number")
		}
		return Answer{Number: &n}, nil
	case IndicatorValues:
		var m map[string]*float64
		if json.Unmarshal(msg, &m) != nil {
			return bad(ProblemType, "give the values as an object of indicator id and number")
		}
		a := Answer{Values: map[int64]float64{}}
		var probs []Problem
		for _, k := range slices.Sorted(maps.Keys(m)) {
			id, ok := itemID(k, s.Items(q))
			if !ok {
				probs = append(probs, Problem{Question: q.ID, Code: ProblemItem, Message: fmt.Sprintf("%s is not an indicator this question asks for", k)})
				continue
			}
			if m[k] != nil {
				a.Values[id] = *m[k]
			}
		}
		return a, probs
	}
	// GoalLights, ActivityLights
	var m map[string]*LightAnswer
	if json.Unmarshal(msg, &m) != nil {
		return bad(ProblemType, `give the lights as an object of id and {"light", "explanation"}`)
	}
	a := Answer{Lights: map[int64]LightAnswer{}}
	var probs []Problem
	for _, k := range slices.Sorted(maps.Keys(m)) {
		id, ok := itemID(k, s.Items(q))
		switch {
		case !ok:
			probs = append(probs, Problem{Question: q.ID, Code: ProblemItem, Message: fmt.Sprintf("%s is not one of the project's %s", k, map[QuestionType]string{GoalLights: "goals", ActivityLights: "activities"}[q.Type])})
		case m[k] == nil:
		case !slices.Contains(Lights, m[k].Light):
			probs = append(probs, Problem{Question: q.ID, Item: id, Code: ProblemLight, Message: fmt.Sprintf("%q is not a light; use one of not_started, on_track, at_risk, off_track, done", m[k].Light)})
		case model.TextProblem(m[k].Explanation) != "" || utf8.RuneCountInString(m[k].Explanation) > maxText:
			probs = append(probs, Problem{Question: q.ID, Item: id, Code: ProblemLength, Message: fmt.Sprintf("the explanation must be valid text of at most %d characters", maxText)})
		default:
			a.Lights[id] = LightAnswer{Light: m[k].Light, Explanation: strings.TrimSpace(m[k].Explanation)}
		}
	}
	return a, probs
}

func itemID(key string, items []Item) (int64, bool) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return 0, false
	}
	return id, slices.ContainsFunc(items, func(it Item) bool { return it.ID == id })
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Object is the answers as a report keeps them (the inverse of Parse).
func (as Answers) Object() model.JSONObject {
	m := map[string]any{}
	for id, a := range as {
		switch {
		case a.Lights != nil:
			l := map[string]LightAnswer{}
			for k, v := range a.Lights {
				l[strconv.FormatInt(k, 10)] = v
			}
			m[id] = l
		case a.Values != nil:
			v := map[string]float64{}
			for k, x := range a.Values {
				v[strconv.FormatInt(k, 10)] = x
			}
			m[id] = v
		case a.Number != nil:
			m[id] = *a.Number
		default:
			m[id] = a.Text
		}
	}
	o, err := model.CanonicalObject(m)
	if err != nil {
		panic(err) // maps of strings and finite numbers always marshal
	}
	return o
}

// Change is one answer that differs between two versions of a report.
type Change struct {
	Question string
	Item     int64 // the goal, activity or indicator, for lights and values
	Before   string
	After    string
}

// Changes lists what differs from before to after, in the form's order (then by item).
// Lights read "on_track: explanation"; numbers as Go writes them (the pages format them).
func Changes(f Form, before, after Answers) []Change {
	var out []Change
	for _, q := range f.Questions {
		b, a := before[q.ID], after[q.ID]
		switch {
		case q.Lights():
			for _, id := range unionKeys(b.Lights, a.Lights) {
				x, y := lightText(b.Lights, id), lightText(a.Lights, id)
				if x != y {
					out = append(out, Change{Question: q.ID, Item: id, Before: x, After: y})
				}
			}
		case q.Type == IndicatorValues:
			for _, id := range unionKeys(b.Values, a.Values) {
				x, y := valueText(b.Values, id), valueText(a.Values, id)
				if x != y {
					out = append(out, Change{Question: q.ID, Item: id, Before: x, After: y})
				}
			}
		default:
			if x, y := scalarText(b), scalarText(a); x != y {
				out = append(out, Change{Question: q.ID, Before: x, After: y})
			}
		}
	}
	return out
}

func unionKeys[V any](a, b map[int64]V) []int64 {
	var keys []int64
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func lightText(m map[int64]LightAnswer, id int64) string {
	l, ok := m[id]
	if !ok {
		return ""
	}
	if l.Explanation == "" {
		return string(l.Light)
	}
	return string(l.Light) + ": " + l.Explanation
}

func valueText(m map[int64]float64, id int64) string {
	v, ok := m[id]
	if !ok {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func scalarText(a Answer) string {
	if a.Number != nil {
		return strconv.FormatFloat(*a.Number, 'g', -1, 64)
	}
	return a.Text
}

// ValuePeriod is the period a round's indicator values are given for: the half-year of its
// deadline ("2022-H2" for a deadline of 30 November 2022).
func ValuePeriod(deadline string) string {
	t, err := time.Parse(time.DateOnly, deadline)
	if err != nil {
		return ""
	}
	half := 1
	if t.Month() > time.June {
		half = 2
	}
	return fmt.Sprintf("%d-H%d", t.Year(), half)
}
