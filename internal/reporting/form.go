package reporting

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
)

// QuestionType is what a question asks for.
type QuestionType string

const (
	// GoalLights asks for a traffic light with an explanation for each of the project's goals.
	GoalLights QuestionType = "goal_lights"
	// ActivityLights asks the same for each of the project's activities (its actions).
	ActivityLights QuestionType = "activity_lights"
	Text           QuestionType = "text"
	Number         QuestionType = "number"
	Choice         QuestionType = "choice"
	Date           QuestionType = "date"
	// IndicatorValues records a value for the round on chosen indicators of the project;
	// when the report is approved they become ordinary indicator values with the report as
	// their source (see ValuePeriod).
	IndicatorValues QuestionType = "indicator_values"
)

// QuestionTypes lists the types, in the order a form editor offers them.
var QuestionTypes = []QuestionType{GoalLights, ActivityLights, Text, Number, Choice, Date, IndicatorValues}

// Light is a traffic light's colour.
type Light string

const (
	LightNotStarted Light = "not_started"
	LightOnTrack    Light = "on_track"
	LightAtRisk     Light = "at_risk"
	LightOffTrack   Light = "off_track"
	LightDone       Light = "done"
)

// Lights lists the lights in the order a form offers them.
var Lights = []Light{LightNotStarted, LightOnTrack, LightAtRisk, LightOffTrack, LightDone}

// rank orders the lights from worst to best, for a change between rounds; not_started has
// no place on that scale.
var rank = map[Light]int{LightOffTrack: 1, LightAtRisk: 2, LightOnTrack: 3, LightDone: 4}

// Trend is how a light changed since the previous round.
type Trend int

const (
	TrendNone   Trend = iota // no earlier light, or one of them not on the scale
	TrendWorse               // e.g. on_track → at_risk
	TrendSame                //
	TrendBetter              // e.g. at_risk → on_track, anything → done
)

// TrendOf compares a light with the one before it.
func TrendOf(before, after Light) Trend {
	b, a := rank[before], rank[after]
	switch {
	case b == 0 || a == 0:
		return TrendNone
	case a > b:
		return TrendBetter
	case a < b:
		return TrendWorse
	}
	return TrendSame
}

// Option is one answer a choice question offers.
type Option struct {
	Code    string `json:"code"`
	LabelDA string `json:"label_da"`
	LabelEN string `json:"label_en,omitempty"`
}

// Question is one question of a form. Its ID is the key of its answer in a report's answers.
type Question struct {
	ID      string       `json:"id"`
	Type    QuestionType `json:"type"`
	LabelDA string       `json:"label_da"`
	LabelEN string       `json:"label_en,omitempty"`
	HelpDA  string       `json:"help_da,omitempty"`
	HelpEN  string       `json:"help_en,omitempty"`
	// Required questions must be answered before a report is submitted (a light question:
	// a light for every goal or activity).
	Required bool `json:"required,omitempty"`
	// Only limits the question to one kind of round ("final" or "regular"); "" asks it in both.
	Only string `json:"only,omitempty"`
	// Options are a choice question's answers.
	Options []Option `json:"options,omitempty"`
	// Indicators are the codes of the project's indicators an indicator-values question asks
	// for; none asks for every indicator the project owns.
	Indicators []string `json:"indicators,omitempty"`
	// Rollup marks the text questions the steering group's roll-up shows in each project's
	// section (challenges, perspectives, next steps).
	Rollup bool `json:"rollup,omitempty"`
}

// Label is the question's text in the language ("en" or else Danish).
func (q Question) Label(lang string) string {
	if lang == "en" && q.LabelEN != "" {
		return q.LabelEN
	}
	return q.LabelDA
}

// Help is the question's hint in the language.
func (q Question) Help(lang string) string {
	if lang == "en" && q.HelpEN != "" {
		return q.HelpEN
	}
	return q.HelpDA
}

// Lights reports whether the question asks for traffic lights.
func (q Question) Lights() bool { return q.Type == GoalLights || q.Type == ActivityLights }

// AskedIn reports whether the question is asked in a round of the kind.
func (q Question) AskedIn(roundKind string) bool { return q.Only == "" || q.Only == roundKind }

// Form is one version of a programme's report form. A version never changes once a round
// uses it: a change makes a new version, which applies to the rounds made after it.
type Form struct {
	Version   int64      `json:"version"`
	Questions []Question `json:"questions"`
}

// Question finds a question by its id.
func (f Form) Question(id string) (Question, bool) {
	i := slices.IndexFunc(f.Questions, func(q Question) bool { return q.ID == id })
	if i < 0 {
		return Question{}, false
	}
	return f.Questions[i], true
}

// In lists the questions asked in a round of the kind, in the form's order.
func (f Form) In(roundKind string) []Question {
	var out []Question
	for _, q := range f.Questions {
		if q.AskedIn(roundKind) {
			out = append(out, q)
		}
	}
	return out
}

var questionID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Check reports what is wrong with a form, or nil: every question has a unique id of
// lower-case letters, digits and underscores, a known type and a Danish label; a choice
// has options with unique codes.
func (f Form) Check() error {
	if len(f.Questions) == 0 {
		return fmt.Errorf("a form needs at least one question")
	}
	if len(f.Questions) > 100 {
		return fmt.Errorf("a form has at most 100 questions")
	}
	seen := map[string]bool{}
	for i, q := range f.Questions {
		n := i + 1
		switch {
		case !questionID.MatchString(q.ID):
			return fmt.Errorf("question %d: the id %q must be 1 to 40 lower-case letters, digits or _, starting with a letter", n, q.ID)
		case seen[q.ID]:
			return fmt.Errorf("question %d: the id %q is used twice", n, q.ID)
		case !slices.Contains(QuestionTypes, q.Type):
			return fmt.Errorf("question %d (%s): unknown type %q", n, q.ID, q.Type)
		case q.LabelDA == "":
			return fmt.Errorf("question %d (%s): give the question in Danish", n, q.ID)
		case len(q.LabelDA) > 500 || len(q.LabelEN) > 500 || len(q.HelpDA) > 2000 || len(q.HelpEN) > 2000:
			return fmt.Errorf("question %d (%s): a question is at most 500 characters and its hint 2000", n, q.ID)
		case q.Only != "" && q.Only != "regular" && q.Only != "final":
			return fmt.Errorf("question %d (%s): only must be regular, final or empty", n, q.ID)
		case q.Type == Choice && len(q.Options) < 2:
			return fmt.Errorf("question %d (%s): a choice needs at least two options", n, q.ID)
		case q.Type != Choice && len(q.Options) > 0:
			return fmt.Errorf("question %d (%s): only a choice has options", n, q.ID)
		}
		codes := map[string]bool{}
		for _, o := range q.Options {
			if o.Code == "" || o.LabelDA == "" || codes[o.Code] {
				return fmt.Errorf("question %d (%s): every option needs its own code and a Danish label", n, q.ID)
			}
			codes[o.Code] = true
		}
		seen[q.ID] = true
	}
	return nil
}

// ParseForm reads a form's questions from their JSON (as the store keeps them), checked.
func ParseForm(version int64, questions []byte) (Form, error) {
	f := Form{Version: version}
	if err := json.Unmarshal(questions, &f.Questions); err != nil {
		return Form{}, fmt.Errorf("reporting: form version %d: %w", version, err)
	}
	if err := f.Check(); err != nil {
		return Form{}, fmt.Errorf("reporting: form version %d: %w", version, err)
	}
	return f, nil
}

// QuestionsJSON is the form's questions as the store keeps them.
func (f Form) QuestionsJSON() []byte {
	b, err := json.Marshal(f.Questions)
	if err != nil {
		panic(err) // plain structs of strings and bools always marshal
	}
	return b
}

// StandardForm is the form every programme starts with: the reporting form the sources
// describe (S003h: status on the project's goals and activities, changes, challenges,
// collaboration, funding; S003h's "Fremadrettede opmærksomhedspunkter og perspektiver";
// S001's "Erfaringer fra projektet" and "Næste skridt?" at the end of a project), and
// the round's values of the project's indicators.
func StandardForm() Form {
	return Form{Version: 1, Questions: []Question{
		{ID: "goals", Type: GoalLights, Required: true,
			LabelDA: "Status på projektets mål", LabelEN: "Status of the project's goals",
			HelpDA: "Giv hvert mål en status og forklar den kort.", HelpEN: "Give each goal a status and explain it briefly."},
		{ID: "activities", Type: ActivityLights,
			LabelDA: "Status på projektets aktiviteter", LabelEN: "Status of the project's activities"},
		{ID: "status", Type: Text, Required: true,
			LabelDA: "Status", LabelEN: "Status",
			HelpDA: "Hvad er der sket i projektet siden sidste afrapportering?", HelpEN: "What has happened in the project since the last report?"},
		{ID: "changes", Type: Text,
			LabelDA: "Ændringer", LabelEN: "Changes",
			HelpDA: "Ændringer i mål, aktiviteter, tidsplan eller deltagere.", HelpEN: "Changes to goals, activities, schedule or participants."},
		{ID: "challenges", Type: Text, Rollup: true,
			LabelDA: "Udfordringer", LabelEN: "Challenges"},
		{ID: "collaboration", Type: Text,
			LabelDA: "Samarbejde", LabelEN: "Collaboration",
			HelpDA: "Hvordan fungerer samarbejdet mellem kommunerne og med partnerne?", HelpEN: "How does the collaboration between the municipalities and with the partners work?"},
		{ID: "funding", Type: Text,
			LabelDA: "Finansiering", LabelEN: "Funding"},
		{ID: "perspectives", Type: Text, Rollup: true,
			LabelDA: "Fremadrettede opmærksomhedspunkter og perspektiver", LabelEN: "Points to watch and perspectives"},
		{ID: "experiences", Type: Text, Rollup: true, Only: "final",
			LabelDA: "Erfaringer fra projektet", LabelEN: "Lessons from the project"},
		{ID: "next_steps", Type: Text, Rollup: true,
			LabelDA: "Næste skridt", LabelEN: "Next steps"},
		{ID: "values", Type: IndicatorValues,
			LabelDA: "Nøgletal for perioden", LabelEN: "Indicator values for the period",
			HelpDA: "Værdierne bliver projektets nøgletal, når rapporten er godkendt.", HelpEN: "The values become the project's indicator values when the report is approved."},
	}}
}
