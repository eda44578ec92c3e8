package reporting

import (
	"slices"
	"testing"
)

func TestDue(t *testing.T) {
	round := ReminderRound{ID: 1, OpensOn: "2022-10-01", Deadline: "2022-11-30", Days: []int{3, 14}}
	reports := []ReminderReport{{ID: 10, State: NotStarted}, {ID: 11, State: Draft}, {ID: 12, State: Submitted}, {ID: 13, State: Returned}, {ID: 14, State: Approved}}
	tests := []struct {
		today string
		want  []string // keys
	}{
		{"2022-09-30", nil}, // not open yet
		{"2022-10-01", []string{"round:1:digest:2022-W39"}},
		{"2022-11-15", []string{"round:1:digest:2022-W46"}}, // 15 days before
		{"2022-11-16", []string{"round:1:report:10:before:14", "round:1:report:11:before:14", "round:1:report:13:before:14", "round:1:digest:2022-W46"}},
		{"2022-11-20", []string{"round:1:report:10:before:14", "round:1:report:11:before:14", "round:1:report:13:before:14", "round:1:digest:2022-W46"}},
		{"2022-11-27", []string{"round:1:report:10:before:3", "round:1:report:11:before:3", "round:1:report:13:before:3", "round:1:digest:2022-W47"}},
		{"2022-11-30", []string{"round:1:report:10:before:3", "round:1:report:11:before:3", "round:1:report:13:before:3", "round:1:digest:2022-W48"}},
		{"2022-12-01", []string{"round:1:report:10:overdue", "round:1:report:11:overdue", "round:1:report:13:overdue", "round:1:digest:2022-W48"}},
		{"2022-12-28", []string{"round:1:report:10:overdue", "round:1:report:11:overdue", "round:1:report:13:overdue", "round:1:digest:2022-W52"}},
		{"2022-12-29", nil}, // digests and overdue reminders end four weeks after: a long-past round is not chased
	}
	for _, tc := range tests {
		due, err := Due(round, reports, tc.today)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, r := range due {
			keys = append(keys, r.Key)
			if r.Kind == ReminderDigest && !slices.Equal(r.Missing, []int64{10, 11, 13}) {
				t.Errorf("%s: the digest misses %v, want 10, 11, 13", tc.today, r.Missing)
			}
		}
		if !slices.Equal(keys, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.today, keys, tc.want)
		}
	}
	// Nothing missing: no reminders and no digest.
	if due, _ := Due(round, []ReminderReport{{ID: 1, State: Approved}}, "2022-11-27"); len(due) != 0 {
		t.Errorf("due with every report given: %v", due)
	}
	for _, bad := range []ReminderRound{{OpensOn: "x", Deadline: "2022-11-30"}, {OpensOn: "2022-10-01", Deadline: "30.11.2022"}} {
		if _, err := Due(bad, reports, "2022-11-01"); err == nil {
			t.Errorf("Due(%v) read a bad date", bad)
		}
	}
	if _, err := Due(round, reports, "i morgen"); err == nil {
		t.Error("Due read a bad day")
	}
}
