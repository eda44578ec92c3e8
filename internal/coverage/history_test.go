package coverage

import (
	"slices"
	"strconv"
	"testing"
)

func TestHistoryDays(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		want     []string
	}{
		{"2021-01-10", "2021-01-10", []string{"2021-01-10"}},
		{"2021-01-10", "2021-03-31", []string{"2021-03-31"}}, // today is a quarter end: once
		{"2021-01-10", "2021-04-02", []string{"2021-03-31", "2021-04-02"}},
		{"2021-03-31", "2021-11-15", []string{"2021-03-31", "2021-06-30", "2021-09-30", "2021-11-15"}},
		{"2020-11-01", "2021-02-01", []string{"2020-12-31", "2021-02-01"}},
		// 24 quarter ends (2019-03-31 … 2024-12-31) stay quarters.
		{"2019-01-01", "2025-01-01", append(quarters(2019, 2024), "2025-01-01")},
		// 25 would be too many: year ends.
		{"2018-12-01", "2025-01-01", []string{"2018-12-31", "2019-12-31", "2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31", "2025-01-01"}},
		{"", "2025-01-01", nil},
		{"2025-01-02", "2025-01-01", nil},
		{"2025-13-01", "2025-01-01", nil},
	} {
		if got := HistoryDays(tt.from, tt.to); !slices.Equal(got, tt.want) {
			t.Errorf("HistoryDays(%q, %q) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func quarters(from, to int) []string {
	var out []string
	for y := from; y <= to; y++ {
		for _, md := range []string{"-03-31", "-06-30", "-09-30", "-12-31"} {
			out = append(out, strconv.Itoa(y)+md)
		}
	}
	return out
}

func TestPerMember(t *testing.T) {
	tree := NewTree([]Theme{{ID: 1, Code: "t"}, {ID: 2, Parent: 1, Code: "t.ev"}, {ID: 3, Code: "w"}})
	plans := []Plan{
		{ID: 10, Organisation: 100, Status: "adopted", Published: true},
		{ID: 11, Organisation: 101, Status: "adopted", Published: true},
		{ID: 12, Organisation: 102, Status: "draft", Published: true},
		{ID: 13, Organisation: 100, Status: "under_revision", Published: true},
	}
	actions := []Action{
		{ID: 1, Plan: 10, Published: true, Themes: []int64{2}},
		{ID: 2, Plan: 13, Published: true, Themes: []int64{1, 2}}, // one action, counted once
		{ID: 3, Plan: 10, Published: false, Themes: []int64{1}},   // a draft
		{ID: 4, Plan: 11, Published: true, Themes: []int64{3}},
		{ID: 5, Plan: 12, Published: true, Themes: []int64{1}}, // a draft plan
	}
	st := Counting([]int64{100, 101, 102}, plans, actions, "2025-01-01")
	for _, tt := range []struct {
		theme int64
		want  map[int64]int
	}{
		{1, map[int64]int{100: 2, 101: 0}},
		{2, map[int64]int{100: 2, 101: 0}},
		{3, map[int64]int{100: 0, 101: 1}},
		{99, map[int64]int{100: 0, 101: 0}},
	} {
		got := PerMember(st, tree, tt.theme)
		if len(got) != len(tt.want) {
			t.Errorf("theme %d: %v, want %v", tt.theme, got, tt.want)
			continue
		}
		for k, v := range tt.want {
			if n, ok := got[k]; !ok || n != v {
				t.Errorf("theme %d: %v, want %v", tt.theme, got, tt.want)
			}
		}
	}
}
