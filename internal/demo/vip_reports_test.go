package demo

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// vipRoundRules is what each round must look like: its kind, its source (the seed document the
// texts paraphrase) and the answers its source always gives.
var vipRoundRules = []struct {
	kind, source string
	required     []string
}{
	{"regular", "S003h", []string{"status", "perspectives"}},
	{"final", "S001", []string{"status", "experiences", "next_steps"}},
}

var vipLights = []string{"not_started", "on_track", "at_risk", "off_track", "done"}

const maxVIPText = 1000 // characters

// checkVIPReports returns every way f breaks the file's rules; goals is the number of goals of
// each project in vip_climate_projects.json.
func checkVIPReports(f vipReportsFile, goals map[string]int) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	text := func(where, s string) {
		switch n := utf8.RuneCountInString(s); {
		case strings.TrimSpace(s) == "":
			bad("%s: empty text", where)
		case n > maxVIPText:
			bad("%s: text of %d characters, more than %d", where, n, maxVIPText)
		case strings.TrimSpace(s) != s:
			bad("%s: text has leading or trailing space", where)
		}
	}
	// The programme ran 2020–2023 and its final report came in early 2024.
	earliest, latest := day("2020-01-01"), day("2024-12-31")
	date := func(where, s string) (time.Time, bool) {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			bad("%s: date %q is not YYYY-MM-DD", where, s)
			return t, false
		}
		if t.Before(earliest) || t.After(latest) {
			bad("%s: date %s outside %s–%s", where, s, earliest.Format(time.DateOnly), latest.Format(time.DateOnly))
		}
		return t, true
	}

	if len(f.Rounds) != len(vipRoundRules) {
		bad("%d rounds, want %d", len(f.Rounds), len(vipRoundRules))
	}
	for i, r := range f.Rounds {
		if i >= len(vipRoundRules) {
			break
		}
		rule := vipRoundRules[i]
		rw := fmt.Sprintf("round %d", i+1)
		if r.Kind != rule.kind {
			bad("%s: kind %q, want %q", rw, r.Kind, rule.kind)
		}
		if r.Source != rule.source {
			bad("%s: source %q, want %q", rw, r.Source, rule.source)
		}
		text(rw+" name_da", r.NameDA)
		text(rw+" name_en", r.NameEN)
		opens, ok1 := date(rw+" opens_on", r.OpensOn)
		deadline, ok2 := date(rw+" deadline", r.Deadline)
		if ok1 && ok2 && !opens.Before(deadline) {
			bad("%s: opens %s, not before its deadline %s", rw, r.OpensOn, r.Deadline)
		}

		if len(r.Reports) != 7 {
			bad("%s: %d reports, want 7", rw, len(r.Reports))
		}
		for j, rep := range r.Reports {
			want := fmt.Sprintf("VIP%d", j+1)
			if rep.Project != want {
				bad("%s report %d: project %q, want %q", rw, j+1, rep.Project, want)
			}
			w := rw + " " + rep.Project
			if rep.Source != r.Source {
				bad("%s: source %q, want the round's %q", w, rep.Source, r.Source)
			}
			sub, ok3 := date(w+" submitted_on", rep.SubmittedOn)
			appr, ok4 := date(w+" approved_on", rep.ApprovedOn)
			if ok1 && ok2 && ok3 && (sub.Before(opens) || sub.After(deadline)) {
				bad("%s: submitted %s, outside the round %s–%s", w, rep.SubmittedOn, r.OpensOn, r.Deadline)
			}
			if ok3 && ok4 && appr.Before(sub) {
				bad("%s: approved %s before it was submitted %s", w, rep.ApprovedOn, rep.SubmittedOn)
			}
			if ok2 && ok4 && appr.After(deadline.AddDate(0, 2, 0)) {
				bad("%s: approved %s, more than two months after the deadline %s", w, rep.ApprovedOn, r.Deadline)
			}

			n, known := goals[rep.Project]
			if !known {
				bad("%s: no such project in vip_climate_projects.json", w)
			}
			seen := map[int]bool{}
			for _, g := range rep.GoalLights {
				gw := fmt.Sprintf("%s goal %d", w, g.Position)
				if known && (g.Position < 1 || g.Position > n) {
					bad("%s: position outside 1–%d", gw, n)
				}
				if seen[g.Position] {
					bad("%s: light given twice", gw)
				}
				seen[g.Position] = true
				if !slices.Contains(vipLights, g.Light) {
					bad("%s: light %q not one of %v", gw, g.Light, vipLights)
				}
				text(gw, g.Explanation)
			}
			for p := 1; p <= n; p++ {
				if !seen[p] {
					bad("%s goal %d: no light", w, p)
				}
			}

			titles := map[string]bool{}
			for _, a := range rep.ActivityLights {
				aw := fmt.Sprintf("%s activity %q", w, a.Title)
				if !hasVIPAction(rep.Project, a.Title) {
					bad("%s: not an action of the project in vipActions", aw)
				}
				if titles[a.Title] {
					bad("%s: light given twice", aw)
				}
				titles[a.Title] = true
				if !slices.Contains(vipLights, a.Light) {
					bad("%s: light %q not one of %v", aw, a.Light, vipLights)
				}
				text(aw, a.Explanation)
			}

			answers := rep.Answers.byKey()
			for key, s := range answers {
				if s != nil {
					text(w+" answer "+key, *s)
				}
			}
			for _, key := range rule.required {
				if answers[key] == nil {
					bad("%s: answer %q missing", w, key)
				}
			}
		}
	}
	return problems
}

func hasVIPAction(project, title string) bool {
	for _, a := range vipActions {
		if a.project == project && a.title == title {
			return true
		}
	}
	return false
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// vipGoalCounts reads the number of goals of each project from the embedded copy of
// vip_climate_projects.json, the file the demo stores the goals from (position 1..n).
func vipGoalCounts(t *testing.T) map[string]int {
	t.Helper()
	b, err := dataFS.ReadFile("data/vip_climate_projects.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vipFile
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("parse vip_climate_projects.json: %v", err)
	}
	goals := map[string]int{}
	for _, p := range v.Projects {
		goals[p.Code] = len(p.Goals)
	}
	return goals
}

func readVIPReports(t *testing.T) []byte {
	t.Helper()
	b, err := dataFS.ReadFile("data/vip_reports.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The VIP status reports file keeps every rule a loader will rely on.
func TestVIPReportsFileKeepsItsRules(t *testing.T) {
	f, err := decodeVIPReports(readVIPReports(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkVIPReports(f, vipGoalCounts(t)) {
		t.Error(p)
	}
}

// Each rule of checkVIPReports catches a file that breaks it, so the test above can fail.
func TestVIPReportsCheckCatchesBrokenFiles(t *testing.T) {
	goals := vipGoalCounts(t)
	tests := []struct {
		name  string
		edit  func(f *vipReportsFile)
		wants string
	}{
		{"one round", func(f *vipReportsFile) { f.Rounds = f.Rounds[:1] }, "1 rounds, want 2"},
		{"wrong source", func(f *vipReportsFile) { f.Rounds[1].Reports[2].Source = "S003h" }, `source "S003h", want the round's "S001"`},
		{"a project missing", func(f *vipReportsFile) { f.Rounds[0].Reports = f.Rounds[0].Reports[:6] }, "6 reports, want 7"},
		{"projects out of order", func(f *vipReportsFile) {
			r := f.Rounds[0].Reports
			r[0], r[1] = r[1], r[0]
		}, `project "VIP2", want "VIP1"`},
		{"unknown light", func(f *vipReportsFile) { f.Rounds[0].Reports[0].GoalLights[0].Light = "green" }, `light "green"`},
		{"goal position beyond the project's goals", func(f *vipReportsFile) { f.Rounds[0].Reports[4].GoalLights[0].Position = 2 }, "position outside 1–1"},
		{"a goal without a light", func(f *vipReportsFile) {
			r := &f.Rounds[1].Reports[0]
			r.GoalLights = r.GoalLights[1:]
		}, "goal 1: no light"},
		{"activity not in vipActions", func(f *vipReportsFile) { f.Rounds[0].Reports[0].ActivityLights[0].Title = "Noget helt andet" }, "not an action of the project"},
		{"activity of another project", func(f *vipReportsFile) {
			f.Rounds[0].Reports[0].ActivityLights[0].Title = "Udbudskit for energitjek til parcelhuse"
		}, "not an action of the project"},
		{"approved before submitted", func(f *vipReportsFile) { f.Rounds[0].Reports[0].ApprovedOn = "2022-11-01" }, "before it was submitted"},
		{"submitted after the deadline", func(f *vipReportsFile) { f.Rounds[1].Reports[0].SubmittedOn = "2024-03-01" }, "outside the round"},
		{"date outside the programme", func(f *vipReportsFile) { f.Rounds[0].OpensOn = "2019-12-31" }, "outside 2020-01-01"},
		{"empty answer", func(f *vipReportsFile) { empty := " "; f.Rounds[0].Reports[0].Answers.Funding = &empty }, "answer funding: empty text"},
		{"too long text", func(f *vipReportsFile) {
			f.Rounds[0].Reports[0].GoalLights[0].Explanation = strings.Repeat("ø", maxVIPText+1)
		}, "1001 characters"},
		{"required answer missing", func(f *vipReportsFile) { f.Rounds[1].Reports[3].Answers.NextSteps = nil }, `answer "next_steps" missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A fresh decode per case, so no edit leaks into the next.
			f, err := decodeVIPReports(readVIPReports(t))
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(&f)
			problems := checkVIPReports(f, goals)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tt.wants) }) {
				t.Errorf("no problem mentions %q; got %q", tt.wants, problems)
			}
		})
	}
}

// The decoder refuses keys the file's shape does not have, so a misspelt key fails the test
// instead of being dropped silently.
func TestVIPReportsDecodeRefusesUnknownKeys(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"top level", `{"rounds": [], "extra": 1}`},
		{"round", `{"rounds": [{"name": "x"}]}`},
		{"answers", `{"rounds": [{"reports": [{"answers": {"next_step": "x"}}]}]}`},
		{"trailing data", `{"rounds": []} {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeVIPReports([]byte(tt.doc)); err == nil {
				t.Errorf("decoded %s without error", tt.doc)
			}
		})
	}
}
