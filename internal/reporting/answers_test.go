package reporting

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
)

func TestStandardFormPassesCheck(t *testing.T) {
	if err := StandardForm().Check(); err != nil {
		t.Fatal(err)
	}
	if err := testForm().Check(); err != nil {
		t.Fatalf("the tests' form: %v", err)
	}
}

func TestCheckCatchesEachRule(t *testing.T) {
	ok := func(id string) Question { return Question{ID: id, Type: Text, LabelDA: "Spørgsmål"} }
	with := func(change func(q *Question)) []Question {
		q := ok("second")
		change(&q)
		return []Question{ok("first"), q}
	}
	many := make([]Question, 101)
	for i := range many {
		many[i] = ok(fmt.Sprintf("q%d", i))
	}
	tests := []struct {
		name      string
		questions []Question
		want      string // a piece of the error
	}{
		{"no questions", nil, "at least one question"},
		{"too many questions", many, "at most 100"},
		{"upper-case id", with(func(q *Question) { q.ID = "Second" }), "the id"},
		{"id starting with a digit", with(func(q *Question) { q.ID = "2nd" }), "the id"},
		{"empty id", with(func(q *Question) { q.ID = "" }), "the id"},
		{"id with a dash", with(func(q *Question) { q.ID = "sec-ond" }), "the id"},
		{"id of 41 characters", with(func(q *Question) { q.ID = "a" + strings.Repeat("b", 40) }), "the id"},
		{"duplicate id", with(func(q *Question) { q.ID = "first" }), "used twice"},
		{"unknown type", with(func(q *Question) { q.Type = "essay" }), "unknown type"},
		{"no Danish label", with(func(q *Question) { q.LabelDA = ""; q.LabelEN = "Question" }), "in Danish"},
		{"too long label", with(func(q *Question) { q.LabelDA = strings.Repeat("x", 501) }), "at most 500"},
		{"too long hint", with(func(q *Question) { q.HelpEN = strings.Repeat("x", 2001) }), "at most 500"},
		{"bad only", with(func(q *Question) { q.Only = "halfway" }), "only must be"},
		{"choice without options", with(func(q *Question) { q.Type = Choice }), "at least two options"},
		{"choice with one option", with(func(q *Question) {
			q.Type = Choice
			q.Options = []Option{{Code: "yes", LabelDA: "Ja"}}
		}), "at least two options"},
		{"options on a text", with(func(q *Question) {
			q.Options = []Option{{Code: "yes", LabelDA: "Ja"}, {Code: "no", LabelDA: "Nej"}}
		}), "only a choice"},
		{"option without code", with(func(q *Question) {
			q.Type = Choice
			q.Options = []Option{{Code: "yes", LabelDA: "Ja"}, {LabelDA: "Nej"}}
		}), "its own code"},
		{"option without Danish label", with(func(q *Question) {
			q.Type = Choice
			q.Options = []Option{{Code: "yes", LabelDA: "Ja"}, {Code: "no", LabelEN: "No"}}
		}), "its own code"},
		{"duplicate option code", with(func(q *Question) {
			q.Type = Choice
			q.Options = []Option{{Code: "yes", LabelDA: "Ja"}, {Code: "yes", LabelDA: "Nej"}}
		}), "its own code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Form{Version: 2, Questions: tt.questions}.Check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check() = %v; want an error with %q", err, tt.want)
			}
		})
	}
	// The rows above break one rule each on a question that is otherwise fine.
	if err := (Form{Questions: with(func(*Question) {})}).Check(); err != nil {
		t.Fatalf("the unbroken form fails: %v", err)
	}
	for _, only := range []string{"", "regular", "final"} {
		if err := (Form{Questions: with(func(q *Question) { q.Only = only })}).Check(); err != nil {
			t.Errorf("only %q: %v", only, err)
		}
	}
}

func TestParseFormRoundTrips(t *testing.T) {
	for _, f := range []Form{StandardForm(), testForm()} {
		got, err := ParseForm(f.Version, f.QuestionsJSON())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(f, got); diff != "" {
			t.Errorf("ParseForm(QuestionsJSON()) differs (-want +got):\n%s", diff)
		}
	}
	for _, bad := range []string{`{"id":"x"}`, `[]`, `[{"id":"x","type":"text"}]`, `not json`} {
		if f, err := ParseForm(3, []byte(bad)); err == nil {
			t.Errorf("ParseForm(%s) = %+v; want an error", bad, f)
		}
	}
}

// testForm asks one question of every type, plus one asked only in final rounds.
func testForm() Form {
	return Form{Version: 7, Questions: []Question{
		{ID: "goals", Type: GoalLights, Required: true, LabelDA: "Mål"},
		{ID: "activities", Type: ActivityLights, LabelDA: "Aktiviteter"},
		{ID: "text", Type: Text, Required: true, LabelDA: "Tekst"},
		{ID: "number", Type: Number, LabelDA: "Tal"},
		{ID: "choice", Type: Choice, LabelDA: "Valg", Options: []Option{{Code: "yes", LabelDA: "Ja"}, {Code: "no", LabelDA: "Nej"}}},
		{ID: "date", Type: Date, LabelDA: "Dato"},
		{ID: "values", Type: IndicatorValues, LabelDA: "Nøgletal a", Indicators: []string{"a"}},
		{ID: "all_values", Type: IndicatorValues, LabelDA: "Alle nøgletal"},
		{ID: "lessons", Type: Text, Required: true, Only: "final", LabelDA: "Erfaringer"},
	}}
}

func testSubject() Subject {
	return Subject{
		RoundKind:  "regular",
		Goals:      []Item{{ID: 1, Text: "Mål 1"}, {ID: 2, Text: "Mål 2"}},
		Activities: []Item{{ID: 10, Text: "Aktivitet"}},
		Indicators: []Item{{ID: 20, Code: "a"}, {ID: 21, Code: "b"}},
	}
}

func num(x float64) *float64 { return &x }

func TestParseReadsEveryType(t *testing.T) {
	obj := model.JSONObject(`{
		"goals": {"1": {"light": "on_track", "explanation": "  Godt på vej "}, "2": {"light": "done"}},
		"activities": {"10": {"light": "at_risk", "explanation": "Forsinket"}},
		"text": " Status ",
		"number": 12.5,
		"choice": "no",
		"date": "2024-02-29",
		"values": {"20": 3.25},
		"all_values": {"20": 1, "21": -2, "22x": null},
		"lessons": null
	}`)
	// "22x" and a final round's question are problems; everything else reads.
	s := testSubject()
	s.RoundKind = "final"
	got, probs := Parse(testForm(), s, obj, true)
	want := Answers{
		"goals": {Lights: map[int64]LightAnswer{
			1: {Light: LightOnTrack, Explanation: "Godt på vej"},
			2: {Light: LightDone},
		}},
		"activities": {Lights: map[int64]LightAnswer{10: {Light: LightAtRisk, Explanation: "Forsinket"}}},
		"text":       {Text: "Status"},
		"number":     {Number: num(12.5)},
		"choice":     {Text: "no"},
		"date":       {Text: "2024-02-29"},
		"values":     {Values: map[int64]float64{20: 3.25}},
		"all_values": {Values: map[int64]float64{20: 1, 21: -2}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers differ (-want +got):\n%s", diff)
	}
	wantProbs := []Problem{
		{Question: "all_values", Code: ProblemItem},
		{Question: "lessons", Code: ProblemRequired},
	}
	if diff := cmp.Diff(wantProbs, withoutMessages(probs)); diff != "" {
		t.Errorf("problems differ (-want +got):\n%s", diff)
	}
}

// withoutMessages keeps what a test pins of problems: question, item and code.
func withoutMessages(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Message == "" {
			p.Code += " (without a message)"
		}
		p.Message = ""
		out = append(out, p)
	}
	return out
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name     string
		obj      string
		complete bool
		want     []Problem
	}{
		{"nothing", ``, false, nil},
		{"empty object", `{}`, false, nil},
		{"not an object", `[1]`, false, []Problem{{Code: ProblemType}}},
		{"unknown question", `{"nope": "x"}`, false, []Problem{{Question: "nope", Code: ProblemUnknown}}},
		{"final question in a regular round", `{"lessons": "x"}`, false, []Problem{{Question: "lessons", Code: ProblemUnknown}}},
		{"number for a text", `{"text": 5}`, false, []Problem{{Question: "text", Code: ProblemType}}},
		{"text for a number", `{"number": "5"}`, false, []Problem{{Question: "number", Code: ProblemType}}},
		{"bool for a choice", `{"choice": true}`, false, []Problem{{Question: "choice", Code: ProblemType}}},
		{"number for a date", `{"date": 20240229}`, false, []Problem{{Question: "date", Code: ProblemType}}},
		{"text for lights", `{"goals": "fine"}`, false, []Problem{{Question: "goals", Code: ProblemType}}},
		{"list for values", `{"values": [1]}`, false, []Problem{{Question: "values", Code: ProblemType}}},
		{"text as a value", `{"values": {"20": "1"}}`, false, []Problem{{Question: "values", Code: ProblemType}}},
		{"NUL in a text", `{"text": "a\u0000b"}`, false, []Problem{{Question: "text", Code: ProblemType}}},
		{"unknown goal", `{"goals": {"3": {"light": "done"}}}`, false, []Problem{{Question: "goals", Code: ProblemItem}}},
		{"goal id not a number", `{"goals": {"one": {"light": "done"}}}`, false, []Problem{{Question: "goals", Code: ProblemItem}}},
		{"activity as a goal", `{"goals": {"10": {"light": "done"}}}`, false, []Problem{{Question: "goals", Code: ProblemItem}}},
		{"bad light", `{"goals": {"1": {"light": "green"}}}`, false, []Problem{{Question: "goals", Item: 1, Code: ProblemLight}}},
		{"no light", `{"activities": {"10": {"explanation": "x"}}}`, false, []Problem{{Question: "activities", Item: 10, Code: ProblemLight}}},
		{"too long explanation", `{"goals": {"2": {"light": "done", "explanation": "` + strings.Repeat("ø", maxText+1) + `"}}}`, false,
			[]Problem{{Question: "goals", Item: 2, Code: ProblemLength}}},
		{"bad option", `{"choice": "maybe"}`, false, []Problem{{Question: "choice", Code: ProblemOption}}},
		{"option's label", `{"choice": "Ja"}`, false, []Problem{{Question: "choice", Code: ProblemOption}}},
		{"impossible date", `{"date": "2023-02-29"}`, false, []Problem{{Question: "date", Code: ProblemDate}}},
		{"Danish date", `{"date": "30-11-2022"}`, false, []Problem{{Question: "date", Code: ProblemDate}}},
		{"too long text", `{"text": "` + strings.Repeat("æ", maxText+1) + `"}`, false, []Problem{{Question: "text", Code: ProblemLength}}},
		{"longest text", `{"text": "` + strings.Repeat("æ", maxText) + `"}`, false, nil},
		{"indicator not asked for", `{"values": {"21": 1}}`, false, []Problem{{Question: "values", Code: ProblemItem}}},
		{"indicator not the project's", `{"all_values": {"22": 1}}`, false, []Problem{{Question: "all_values", Code: ProblemItem}}},
		{"problems in id order", `{"text": 1, "choice": "x", "nope": 2}`, false, []Problem{
			{Question: "choice", Code: ProblemOption},
			{Question: "nope", Code: ProblemUnknown},
			{Question: "text", Code: ProblemType},
		}},
		{"incomplete draft", `{}`, false, nil},
		{"incomplete submission", `{}`, true, []Problem{
			{Question: "goals", Item: 1, Code: ProblemRequired},
			{Question: "goals", Item: 2, Code: ProblemRequired},
			{Question: "text", Code: ProblemRequired},
		}},
		{"blank text in a submission", `{"goals": {"1": {"light": "done"}, "2": {"light": "done"}}, "text": "  "}`, true,
			[]Problem{{Question: "text", Code: ProblemRequired}}},
		{"a goal's light missing", `{"goals": {"1": {"light": "done"}, "2": null}, "text": "x"}`, true,
			[]Problem{{Question: "goals", Item: 2, Code: ProblemRequired}}},
		{"a bad light is missing too", `{"goals": {"1": {"light": "done"}, "2": {"light": "grey"}}, "text": "x"}`, true, []Problem{
			{Question: "goals", Item: 2, Code: ProblemLight},
			{Question: "goals", Item: 2, Code: ProblemRequired},
		}},
		{"complete submission", `{"goals": {"1": {"light": "done"}, "2": {"light": "not_started"}}, "text": "x"}`, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse(testForm(), testSubject(), model.JSONObject(tt.obj), tt.complete)
			if diff := cmp.Diff(tt.want, withoutMessages(probs)); diff != "" {
				t.Errorf("problems differ (-want +got):\n%s", diff)
			}
		})
	}
}

func TestObjectRoundTripsThroughParse(t *testing.T) {
	in := map[string]any{
		"goals":      map[string]any{"1": map[string]any{"light": "off_track", "explanation": "Mangler data"}, "2": map[string]any{"light": "on_track"}},
		"activities": map[string]any{"10": map[string]any{"light": "not_started"}},
		"text":       "Status på æøå",
		"number":     -0.5,
		"choice":     "yes",
		"date":       "2022-11-30",
		"values":     map[string]any{"20": 1e6},
		"all_values": map[string]any{"20": 0, "21": 42.125},
	}
	want, err := model.CanonicalObject(in)
	if err != nil {
		t.Fatal(err)
	}
	answers, probs := Parse(testForm(), testSubject(), want, true)
	if len(probs) > 0 {
		t.Fatalf("problems: %+v", probs)
	}
	if len(answers) != len(in) {
		t.Fatalf("read %d answers of %d: %+v", len(answers), len(in), answers)
	}
	got := answers.Object()
	if got != want {
		t.Fatalf("Object() =\n%s\nwant\n%s", got, want)
	}
	again, _ := Parse(testForm(), testSubject(), got, true)
	if diff := cmp.Diff(answers, again); diff != "" {
		t.Errorf("a second round trip differs (-first +second):\n%s", diff)
	}
	if empty := (Answers{}).Object(); empty != "{}" {
		t.Errorf("no answers = %s; want {}", empty)
	}
}

func TestChangesListsExactlyTheDifferencesInFormOrder(t *testing.T) {
	before := Answers{
		"goals": {Lights: map[int64]LightAnswer{
			1: {Light: LightOnTrack, Explanation: "Godt"},
			2: {Light: LightAtRisk, Explanation: "Forsinket"},
		}},
		"activities": {Lights: map[int64]LightAnswer{10: {Light: LightDone}}},
		"number":     {Number: num(1)},
		"choice":     {Text: "yes"},
		"values":     {Values: map[int64]float64{20: 2.5}},
		"all_values": {Values: map[int64]float64{21: 7}},
	}
	after := Answers{
		"goals": {Lights: map[int64]LightAnswer{
			1: {Light: LightAtRisk, Explanation: "Godt"},      // the light changed
			2: {Light: LightAtRisk, Explanation: "Indhentet"}, // the explanation changed
		}},
		"activities": {Lights: map[int64]LightAnswer{10: {Light: LightDone}}},
		"text":       {Text: "Ny tekst"}, // added
		"number":     {Number: num(1.5)}, // changed; after the text in the form, before it by id
		"choice":     {Text: "yes"},
		"values":     {Values: map[int64]float64{}}, // the value removed
		"all_values": {Values: map[int64]float64{21: 7}},
	}
	want := []Change{
		{Question: "goals", Item: 1, Before: "on_track: Godt", After: "at_risk: Godt"},
		{Question: "goals", Item: 2, Before: "at_risk: Forsinket", After: "at_risk: Indhentet"},
		{Question: "text", Before: "", After: "Ny tekst"},
		{Question: "number", Before: "1", After: "1.5"},
		{Question: "values", Item: 20, Before: "2.5", After: ""},
	}
	if diff := cmp.Diff(want, Changes(testForm(), before, after)); diff != "" {
		t.Errorf("changes differ (-want +got):\n%s", diff)
	}
	if got := Changes(testForm(), after, after); len(got) != 0 {
		t.Errorf("the same answers differ: %+v", got)
	}
	if got := Changes(testForm(), nil, Answers{"lessons": {Text: "x"}}); len(got) != 1 || got[0].Question != "lessons" {
		t.Errorf("an answer to a final round's question: %+v", got)
	}
}

func TestTrendOf(t *testing.T) {
	tests := []struct {
		before, after Light
		want          Trend
	}{
		{LightOnTrack, LightAtRisk, TrendWorse},
		{LightAtRisk, LightOffTrack, TrendWorse},
		{LightDone, LightOffTrack, TrendWorse},
		{LightAtRisk, LightOnTrack, TrendBetter},
		{LightOffTrack, LightDone, TrendBetter},
		{LightOnTrack, LightDone, TrendBetter},
		{LightOnTrack, LightOnTrack, TrendSame},
		{LightDone, LightDone, TrendSame},
		{LightNotStarted, LightOnTrack, TrendNone},
		{LightOnTrack, LightNotStarted, TrendNone},
		{LightNotStarted, LightNotStarted, TrendNone},
		{"", LightAtRisk, TrendNone},
		{LightAtRisk, "green", TrendNone},
	}
	for _, tt := range tests {
		if got := TrendOf(tt.before, tt.after); got != tt.want {
			t.Errorf("TrendOf(%q, %q) = %d; want %d", tt.before, tt.after, got, tt.want)
		}
	}
}

func TestValuePeriod(t *testing.T) {
	tests := map[string]string{
		"2022-11-30": "2022-H2",
		"2024-02-29": "2024-H1",
		"2024-06-30": "2024-H1",
		"2024-07-01": "2024-H2",
		"2024-01-01": "2024-H1",
		"2023-12-31": "2023-H2",
		"2023-02-29": "",
		"30-11-2022": "",
		"2022-11":    "",
		"":           "",
	}
	for deadline, want := range tests {
		if got := ValuePeriod(deadline); got != want {
			t.Errorf("ValuePeriod(%q) = %q; want %q", deadline, got, want)
		}
	}
}
