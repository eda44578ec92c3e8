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
