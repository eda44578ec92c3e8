package reporting

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func lights(m map[int64]Light) Answers {
	a := Answer{Lights: map[int64]LightAnswer{}}
	for id, l := range m {
		a.Lights[id] = LightAnswer{Light: l, Explanation: "why " + string(l)}
	}
	return Answers{"goals": a}
}

// The overview: a row per report in the projects' order, goal columns by position, each
// light's trend against the same goal's light in the previous round, overdue when the
// report is outstanding after the deadline, and the filters by state and lead.
func TestBuildOverview(t *testing.T) {
	form := StandardForm()
	projects := []OverviewProject{
		{ID: 1, Code: "VIP1", Title: "Energi", Leads: []int64{10}, Goals: []Item{{ID: 11, Text: "Mindre energi"}, {ID: 12, Text: "Flere solceller"}, {ID: 13, Text: "Nyt mål"}}},
		{ID: 2, Code: "VIP2", Title: "Madspild", Leads: []int64{20}, Goals: []Item{{ID: 21, Text: "Mindre madspild"}}},
		{ID: 3, Code: "VIP3", Title: "Transport", Leads: []int64{10, 30}},
		{ID: 4, Code: "VIP4", Title: "Uden rapport", Leads: []int64{10}, Goals: []Item{{ID: 41, Text: "x"}}},
	}
	reports := []OverviewReport{
		{ID: 101, ProjectID: 1, State: Approved, Form: form, ChangedBy: "Sekretær", ChangedAt: "2022-12-01T10:00:00Z",
			Answers: lights(map[int64]Light{11: LightOnTrack, 12: LightOffTrack, 13: LightDone})},
		{ID: 102, ProjectID: 2, State: Draft, Form: form, ChangedBy: "Leder", ChangedAt: "2022-11-20T10:00:00Z",
			Answers: lights(map[int64]Light{21: LightAtRisk})},
		{ID: 103, ProjectID: 3, State: NotStarted, Form: form},
	}
	previous := []OverviewReport{
		{ID: 91, ProjectID: 1, State: Approved, Form: form, Answers: lights(map[int64]Light{11: LightAtRisk, 12: LightOffTrack})},
		{ID: 92, ProjectID: 2, State: Approved, Form: form, Answers: lights(map[int64]Light{21: LightOnTrack})},
	}
	in := OverviewInput{Deadline: "2022-11-30", Projects: projects, Reports: reports, Previous: previous}

	type row struct {
		Code    string
		State   State
		Overdue bool
		Cells   []string // position:light:previous:trend
	}
	summarise := func(o Overview) (int, []row) {
		var out []row
		for _, r := range o.Rows {
			rr := row{Code: r.Project.Code, State: r.State, Overdue: r.Overdue}
			for _, c := range r.Cells {
				rr.Cells = append(rr.Cells, string(rune('0'+c.Position))+":"+string(c.Light)+":"+string(c.Previous)+":"+TrendWord(c.Trend))
			}
			out = append(out, rr)
		}
		return o.Columns, out
	}
	vip1 := row{"VIP1", Approved, false, []string{"1:on_track:at_risk:better", "2:off_track:off_track:same", "3:done::none"}}
	vip2 := row{"VIP2", Draft, false, []string{"1:at_risk:on_track:worse"}}
	vip3 := row{"VIP3", NotStarted, false, nil}
	late := func(r row) row { r.Overdue = true; return r }

	for _, tc := range []struct {
		name    string
		in      OverviewInput
		filter  OverviewFilter
		today   string
		columns int
		rows    []row
	}{
		{"every report, on the deadline nothing is overdue", in, OverviewFilter{}, "2022-11-30", 3, []row{vip1, vip2, vip3}},
		{"after the deadline the outstanding reports are overdue", in, OverviewFilter{}, "2022-12-01", 3, []row{vip1, late(vip2), late(vip3)}},
		{"by state", in, OverviewFilter{State: Draft}, "2022-12-01", 1, []row{late(vip2)}},
		{"by lead organisation, also a second lead", in, OverviewFilter{Lead: 10}, "2022-11-01", 3, []row{vip1, vip3}},
		{"by a lead that leads nothing", in, OverviewFilter{Lead: 99}, "2022-11-01", 0, nil},
		{"without a previous round there is no trend", OverviewInput{Deadline: in.Deadline, Projects: projects, Reports: reports}, OverviewFilter{State: Approved}, "2022-11-01", 3,
			[]row{{"VIP1", Approved, false, []string{"1:on_track::none", "2:off_track::none", "3:done::none"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cols, rows := summarise(BuildOverview(tc.in, tc.filter, tc.today))
			if cols != tc.columns {
				t.Errorf("columns = %d, want %d", cols, tc.columns)
			}
			if diff := cmp.Diff(tc.rows, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}

	// A row carries the report's facts and the goals' titles and explanations.
	o := BuildOverview(in, OverviewFilter{State: Approved}, "2022-12-01")
	r := o.Rows[0]
	if r.Report != 101 || r.ChangedBy != "Sekretær" || r.ChangedAt != "2022-12-01T10:00:00Z" || r.Deadline != "2022-11-30" {
		t.Errorf("row = %+v", r)
	}
	if c := r.Cells[1]; c.GoalID != 12 || c.Title != "Flere solceller" || c.Explanation != "why off_track" {
		t.Errorf("cell 2 = %+v", c)
	}
}

func TestOverdue(t *testing.T) {
	for _, tc := range []struct {
		state           State
		deadline, today string
		want            bool
	}{
		{NotStarted, "2022-11-30", "2022-12-01", true},
		{Draft, "2022-11-30", "2022-12-01", true},
		{Returned, "2022-11-30", "2023-01-01", true},
		{Submitted, "2022-11-30", "2022-12-01", false},
		{Approved, "2022-11-30", "2022-12-01", false},
		{Draft, "2022-11-30", "2022-11-30", false},
		{Draft, "", "2022-12-01", false},
	} {
		if got := Overdue(tc.state, tc.deadline, tc.today); got != tc.want {
			t.Errorf("Overdue(%s, %s, %s) = %v, want %v", tc.state, tc.deadline, tc.today, got, tc.want)
		}
	}
}
