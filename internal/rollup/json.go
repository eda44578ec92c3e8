package rollup

import "klimaspor/internal/reporting"

// OverviewJSON is the overview as the API answers it (GET
// /api/v1/reporting-rounds/{id}/overview). Names and titles are the Danish ones, as the
// records keep them; lights, states and trends are codes.
type OverviewJSON struct {
	RoundID         int64             `json:"round_id"`
	ProgrammeID     int64             `json:"programme_id"`
	Deadline        string            `json:"deadline"`
	Today           string            `json:"today"`
	PreviousRoundID *int64            `json:"previous_round_id"`
	GoalColumns     []int             `json:"goal_columns"`
	Rows            []OverviewRowJSON `json:"rows"`
}

// OverviewRowJSON is one report's row.
type OverviewRowJSON struct {
	ReportID      int64              `json:"report_id"`
	ProjectID     int64              `json:"project_id"`
	ProjectCode   string             `json:"project_code"`
	ProjectTitle  string             `json:"project_title"`
	Leads         []LeadJSON         `json:"leads"`
	State         string             `json:"state"`
	LastChangedBy string             `json:"last_changed_by"`
	LastChangedAt string             `json:"last_changed_at"`
	Deadline      string             `json:"deadline"`
	Overdue       bool               `json:"overdue"`
	Cells         []OverviewCellJSON `json:"cells"`
}

// LeadJSON is a lead organisation.
type LeadJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// OverviewCellJSON is one goal's light: light and previous_light are "" when none was given.
type OverviewCellJSON struct {
	Position      int    `json:"position"`
	GoalID        int64  `json:"goal_id"`
	Title         string `json:"title"`
	Light         string `json:"light"`
	Explanation   string `json:"explanation"`
	PreviousLight string `json:"previous_light"`
	Trend         string `json:"trend"` // better, same, worse or none
}

// JSON is the overview as the API answers it.
func (r *Rollup) JSON() OverviewJSON {
	out := OverviewJSON{RoundID: r.Round.ID(), ProgrammeID: r.Round.ProgrammeID(), Deadline: r.Round.Deadline(), Today: r.Today,
		GoalColumns: []int{}, Rows: []OverviewRowJSON{}}
	if r.Previous != nil {
		id := r.Previous.ID()
		out.PreviousRoundID = &id
	}
	for i := 1; i <= r.Overview.Columns; i++ {
		out.GoalColumns = append(out.GoalColumns, i)
	}
	for _, row := range r.Overview.Rows {
		j := OverviewRowJSON{ReportID: row.Report, ProjectID: row.Project.ID, ProjectCode: row.Project.Code, ProjectTitle: row.Project.Title,
			Leads: []LeadJSON{}, State: string(row.State), LastChangedBy: row.ChangedBy, LastChangedAt: row.ChangedAt,
			Deadline: row.Deadline, Overdue: row.Overdue, Cells: []OverviewCellJSON{}}
		for _, id := range row.Project.Leads {
			j.Leads = append(j.Leads, LeadJSON{ID: id, Name: r.Orgs[id].NameDA()})
		}
		for _, c := range row.Cells {
			j.Cells = append(j.Cells, OverviewCellJSON{Position: c.Position, GoalID: c.GoalID, Title: c.Title, Light: string(c.Light),
				Explanation: c.Explanation, PreviousLight: string(c.Previous), Trend: reporting.TrendWord(c.Trend)})
		}
		out.Rows = append(out.Rows, j)
	}
	return out
}
