package reporting

import "slices"

// The secretariat's overview of a round (issue 11): a matrix of the round's projects × their
// goals, each cell the goal's light and how it changed since the same goal's light in the
// programme's previous round, each row the report's state, who last changed it and when,
// the deadline, and whether the report is overdue. The store gathers the inputs; these
// rules decide the matrix, so the round's page, the API, the files and the roll-up show the
// same one.

// OverviewProject is one project of the round's programme with its goals in their order.
type OverviewProject struct {
	ID    int64
	Code  string
	Title string
	Leads []int64 // its lead organisations
	Goals []Item  // in the project's order; a goal's Text is its title
}

// OverviewReport is one report of a round, with its answers parsed against its form.
type OverviewReport struct {
	ID        int64
	ProjectID int64
	State     State
	Form      Form
	Answers   Answers
	ChangedBy string // who made its last version ("" for the system)
	ChangedAt string // RFC 3339
}

// OverviewInput is what the overview is made from: the round's deadline, the programme's
// projects, the round's reports and the previous round's (none when there is none).
type OverviewInput struct {
	Deadline string // YYYY-MM-DD
	Projects []OverviewProject
	Reports  []OverviewReport
	Previous []OverviewReport
}

// OverviewFilter keeps the rows of one state and of one lead organisation; the zero value
// keeps every row.
type OverviewFilter struct {
	State State
	Lead  int64
}

// Overview is the matrix. Columns is the most goals any row has: the columns are the goals'
// positions 1..Columns, since every project has goals of its own.
type Overview struct {
	Columns int
	Rows    []OverviewRow
}

// OverviewRow is one project's report in the round.
type OverviewRow struct {
	Project   OverviewProject
	Report    int64
	State     State
	ChangedBy string
	ChangedAt string
	Deadline  string
	Overdue   bool
	Cells     []OverviewCell // one per goal, in the project's order
}

// OverviewCell is one goal's light in the round.
type OverviewCell struct {
	Position    int // 1-based
	GoalID      int64
	Title       string
	Light       Light // "" when the report gives the goal none
	Explanation string
	Previous    Light // the goal's light in the previous round, or ""
	Trend       Trend
}

// Overdue reports whether a report in the state is outstanding (see Outstanding) after the deadline
// (YYYY-MM-DD) on the day today (YYYY-MM-DD): the deadline day itself is still in time.
func Overdue(s State, deadline, today string) bool {
	return Outstanding(s) && deadline != "" && today > deadline
}

// GoalLight is the light a report's answers give the goal: the first goal-lights question
// of the form that answers for it.
func GoalLight(f Form, a Answers, goal int64) (LightAnswer, bool) {
	for _, q := range f.Questions {
		if q.Type != GoalLights {
			continue
		}
		if l, ok := a[q.ID].Lights[goal]; ok {
			return l, true
		}
	}
	return LightAnswer{}, false
}

// BuildOverview makes the matrix: one row per report of the round whose project is among
// the projects, in the projects' order, kept by the filter; today decides what is overdue.
func BuildOverview(in OverviewInput, f OverviewFilter, today string) Overview {
	byProject := map[int64]OverviewReport{}
	for _, r := range in.Reports {
		byProject[r.ProjectID] = r
	}
	previous := map[int64]OverviewReport{}
	for _, r := range in.Previous {
		previous[r.ProjectID] = r
	}
	var o Overview
	for _, p := range in.Projects {
		rep, ok := byProject[p.ID]
		if !ok || (f.State != "" && rep.State != f.State) || (f.Lead != 0 && !slices.Contains(p.Leads, f.Lead)) {
			continue
		}
		row := OverviewRow{Project: p, Report: rep.ID, State: rep.State, ChangedBy: rep.ChangedBy, ChangedAt: rep.ChangedAt,
			Deadline: in.Deadline, Overdue: Overdue(rep.State, in.Deadline, today)}
		prev, hasPrev := previous[p.ID]
		for i, g := range p.Goals {
			c := OverviewCell{Position: i + 1, GoalID: g.ID, Title: g.Text}
			if l, ok := GoalLight(rep.Form, rep.Answers, g.ID); ok {
				c.Light, c.Explanation = l.Light, l.Explanation
			}
			if hasPrev {
				if l, ok := GoalLight(prev.Form, prev.Answers, g.ID); ok {
					c.Previous = l.Light
				}
			}
			c.Trend = TrendOf(c.Previous, c.Light)
			row.Cells = append(row.Cells, c)
		}
		o.Columns = max(o.Columns, len(row.Cells))
		o.Rows = append(o.Rows, row)
	}
	return o
}

// TrendWord names a trend as the API and the files write it: better, same, worse or none.
func TrendWord(t Trend) string {
	switch t {
	case TrendBetter:
		return "better"
	case TrendSame:
		return "same"
	case TrendWorse:
		return "worse"
	}
	return "none"
}
