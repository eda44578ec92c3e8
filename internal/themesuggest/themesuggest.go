// Package themesuggest is the rule behind the theme suggestions of the cross-plan overview
// (C7, issue 13): for an action that carries no theme, which themes it most likely belongs
// to, judged by the words of its title and description. A coordinator confirms or rejects
// each suggestion; this package only ranks, it maps nothing. It knows nothing of HTTP or SQL:
// the store reads the themes, the labelled actions and the rejections into its values.
//
// The method, and why it is this simple: each theme gets a profile, a bag of terms from its
// Danish and English names and from the titles and descriptions of the published actions
// that already carry it (a centroid, as in Rocchio's classifier). The terms are
// internal/textsearch's, the same Danish analysis as search, so inflections and typed
// variants meet. Terms are weighted by TF-IDF over the profiles (a term found in every
// theme's profile, such as "kommune", says nothing of which theme), and an action is
// compared with each profile by the cosine of the two vectors. This needs no training and
// no tuning beyond two numbers, gives the same answer every time, ranks themes without any
// examples yet by their names alone, improves as coordinators accept suggestions (each
// accepted action joins the profile), and a coordinator can see why a theme was suggested:
// the words are in the action's text. Classifiers that learn (naive Bayes, embeddings)
// would need more labelled actions than a few hundred plans give per theme, and explain
// themselves worse.
package themesuggest

import (
	"cmp"
	"math"
	"slices"

	"klimaspor/internal/textsearch"
)

// Theme is a theme of the taxonomy.
type Theme struct {
	ID, Parent int64 // Parent 0: a top-level theme
	Code       string
	NameDA     string
	NameEN     string
}

// Action is an action's text and the themes it carries (none for an action to suggest for).
type Action struct {
	ID          int64
	Title       string
	Description string
	Themes      []int64
}

// Pair is an action and a theme: a rejected suggestion.
type Pair struct{ Action, Theme int64 }

// Suggestion is one suggested theme with its similarity, 0–1.
type Suggestion struct {
	Theme int64
	Score float64
}

// Defaults: at most three suggestions (a coordinator reads them at a glance; the right
// theme is among the first three for most actions, see the hold-out test), and none below
// a similarity that, on the demo's actions, separates a plausible theme from a chance
// overlap of one common word; and none far below the best one (under 40 % of its score),
// which is then a word in common rather than a second theme the action works on.
const (
	DefaultMax      = 3
	DefaultMinScore = 0.08
	DefaultRelative = 0.4
)

// nameWeight is how many times a theme's names count in its profile: the names define the
// theme, and a theme with few labelled actions must still be found by them.
const nameWeight = 3

// Model is the themes' profiles.
type Model struct {
	themes   []Theme
	idf      map[string]float64
	profiles map[int64]vector
}

type vector struct {
	w    map[string]float64
	norm float64
}

// New builds the profiles from the themes and the labelled actions (those carrying
// themes). Labelled actions' themes that are not in themes are ignored.
func New(themes []Theme, labelled []Action) *Model {
	counts := make(map[int64]map[string]float64, len(themes))
	for _, t := range themes {
		c := map[string]float64{}
		for _, term := range textsearch.Analyze(t.NameDA + " " + t.NameEN) {
			c[term] += nameWeight
		}
		counts[t.ID] = c
	}
	// Texts repeat their words: each distinct token is stemmed once (at national scale,
	// 19,600 actions, this takes the build from about half a second to a fraction of it).
	memo := map[string]string{}
	for _, a := range labelled {
		terms := analyze(a.Title+" "+a.Description, memo)
		for _, th := range a.Themes {
			c, ok := counts[th]
			if !ok {
				continue
			}
			for _, term := range terms {
				c[term]++
			}
		}
	}
	// The inverse document frequency over the profiles: ln(1 + N/df), never 0, so a term
	// every profile has still counts a little.
	df := map[string]int{}
	for _, c := range counts {
		for term := range c {
			df[term]++
		}
	}
	m := &Model{themes: themes, idf: make(map[string]float64, len(df)), profiles: make(map[int64]vector, len(themes))}
	n := float64(len(themes))
	for term, d := range df {
		m.idf[term] = math.Log(1 + n/float64(d))
	}
	for id, c := range counts {
		m.profiles[id] = m.weigh(c)
	}
	return m
}

// analyze is textsearch.Analyze with each token's term looked up in memo first.
func analyze(text string, memo map[string]string) []string {
	toks := textsearch.Tokenize(text)
	out := toks[:0]
	for _, tok := range toks {
		t, ok := memo[tok]
		if !ok {
			t = textsearch.Term(tok)
			memo[tok] = t
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// weigh turns term counts into a TF-IDF vector; the term frequency is damped (1 + ln tf)
// so a profile of many actions is not ruled by its most repeated word. Terms no profile
// has are left out: they cannot add to any cosine.
func (m *Model) weigh(c map[string]float64) vector {
	v := vector{w: make(map[string]float64, len(c))}
	for term, tf := range c {
		idf, ok := m.idf[term]
		if !ok || tf <= 0 {
			continue
		}
		x := (1 + math.Log(tf)) * idf
		v.w[term] = x
		v.norm += x * x
	}
	v.norm = math.Sqrt(v.norm)
	return v
}

// Scores is the similarity of a text to every theme's profile, by theme id; themes with no
// common term are left out.
func (m *Model) Scores(title, description string) map[int64]float64 {
	c := map[string]float64{}
	for _, term := range textsearch.Analyze(title + " " + description) {
		c[term]++
	}
	a := m.weigh(c)
	out := map[int64]float64{}
	if a.norm == 0 {
		return out
	}
	for id, p := range m.profiles {
		if p.norm == 0 {
			continue
		}
		var dot float64
		for term, x := range a.w {
			dot += x * p.w[term]
		}
		if dot > 0 {
			out[id] = dot / (a.norm * p.norm)
		}
	}
	return out
}

// Options bound the suggestions: at most Max, none below MinScore, none below Relative
// times the best suggestion's score. Zero values take the defaults.
type Options struct {
	Max      int
	MinScore float64
	Relative float64
}

func (o Options) orDefaults() Options {
	if o.Max <= 0 {
		o.Max = DefaultMax
	}
	if o.MinScore <= 0 {
		o.MinScore = DefaultMinScore
	}
	if o.Relative <= 0 {
		o.Relative = DefaultRelative
	}
	return o
}

// Suggest ranks the themes for one action: the best first (ties by theme code), at most
// o.Max, none below o.MinScore or o.Relative times the best score, none the action already carries and none a person has
// rejected for it.
func (m *Model) Suggest(a Action, rejected map[Pair]bool, o Options) []Suggestion {
	o = o.orDefaults()
	scores := m.Scores(a.Title, a.Description)
	code := make(map[int64]string, len(m.themes))
	for _, t := range m.themes {
		code[t.ID] = t.Code
	}
	var out []Suggestion
	for id, s := range scores {
		if s < o.MinScore || rejected[Pair{a.ID, id}] || slices.Contains(a.Themes, id) {
			continue
		}
		out = append(out, Suggestion{Theme: id, Score: s})
	}
	slices.SortFunc(out, func(x, y Suggestion) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return cmp.Compare(code[x.Theme], code[y.Theme])
	})
	if len(out) > o.Max {
		out = out[:o.Max]
	}
	for i, x := range out {
		if x.Score < o.Relative*out[0].Score {
			return out[:i]
		}
	}
	return out
}

// ActionSuggestions is one action's suggestions.
type ActionSuggestions struct {
	Action      Action
	Suggestions []Suggestion
}

// SuggestAll builds the profiles from the labelled actions and suggests themes for each of
// the unthemed ones, in their order. An action with no suggestion is listed with none, so
// the coordinator still sees it needs a theme.
func SuggestAll(themes []Theme, labelled, unthemed []Action, rejected map[Pair]bool, o Options) []ActionSuggestions {
	m := New(themes, labelled)
	out := make([]ActionSuggestions, 0, len(unthemed))
	for _, a := range unthemed {
		out = append(out, ActionSuggestions{Action: a, Suggestions: m.Suggest(a, rejected, o)})
	}
	return out
}

// Evaluation is how often a held-out action's own theme was suggested.
type Evaluation struct {
	Actions int     // held-out actions evaluated
	At1     float64 // share whose first suggestion is one of its themes
	At3     float64 // share with one of its themes among the first three
}

// HoldOut evaluates the rule on labelled actions: each action in turn is hidden, the
// profiles are built from the others (leaving out every action with the same title too,
// so a text repeated across plans does not find itself), and its suggestions are compared
// with its own themes. Suggestions are taken with MinScore as given, so an action with none
// counts as a miss.
func HoldOut(themes []Theme, labelled []Action, o Options) Evaluation {
	o = o.orDefaults()
	o.Max = max(o.Max, 3)
	var ev Evaluation
	byTitle := map[string][]int{}
	for i, a := range labelled {
		byTitle[a.Title] = append(byTitle[a.Title], i)
	}
	// One model per distinct title: all actions with that title are hidden at once.
	for _, idx := range byTitle {
		rest := make([]Action, 0, len(labelled)-len(idx))
		hidden := map[int]bool{}
		for _, i := range idx {
			hidden[i] = true
		}
		for i, a := range labelled {
			if !hidden[i] {
				rest = append(rest, a)
			}
		}
		m := New(themes, rest)
		for _, i := range idx {
			a := labelled[i]
			own := a.Themes
			a.Themes = nil
			s := m.Suggest(a, nil, o)
			ev.Actions++
			for k, x := range s {
				if k >= 3 {
					break
				}
				if slices.Contains(own, x.Theme) {
					if k == 0 {
						ev.At1++
					}
					ev.At3++
					break
				}
			}
		}
	}
	if ev.Actions > 0 {
		ev.At1 /= float64(ev.Actions)
		ev.At3 /= float64(ev.Actions)
	}
	return ev
}
