package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PeriodInfo is a parsed indicator period.
type PeriodInfo struct {
	Canonical string // e.g. 2023-Q2
	Kind      string // year, half, quarter, month or date
	Year      int64
}

// ParsePeriod reads a period: a year (2023), a half-year (2023-H1), a quarter (2023-Q2, or
// the Danish 2023-K2), a month (2023-05) or a date (2023-05-17).
func ParsePeriod(s string) (PeriodInfo, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("period %q is not a year (2023), half-year (2023-H1), quarter (2023-Q2), month (2023-05) or date (2023-05-17)", s)
	if len(s) < 4 {
		return PeriodInfo{}, bad
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1900 || y > 2100 {
		return PeriodInfo{}, bad
	}
	rest := s[4:]
	switch {
	case rest == "":
		return PeriodInfo{s, "year", int64(y)}, nil
	case len(rest) == 3 && rest[0] == '-' && (rest[1] == 'H' || rest[1] == 'h') && (rest[2] == '1' || rest[2] == '2'):
		return PeriodInfo{fmt.Sprintf("%d-H%c", y, rest[2]), "half", int64(y)}, nil
	case len(rest) == 3 && rest[0] == '-' && strings.ContainsRune("QqKk", rune(rest[1])) && rest[2] >= '1' && rest[2] <= '4':
		return PeriodInfo{fmt.Sprintf("%d-Q%c", y, rest[2]), "quarter", int64(y)}, nil
	case len(rest) == 3 && rest[0] == '-':
		m, err := strconv.Atoi(rest[1:])
		if err != nil || m < 1 || m > 12 {
			return PeriodInfo{}, bad
		}
		return PeriodInfo{fmt.Sprintf("%d-%02d", y, m), "month", int64(y)}, nil
	case len(rest) == 6:
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return PeriodInfo{}, bad
		}
		return PeriodInfo{s, "date", int64(y)}, nil
	}
	return PeriodInfo{}, bad
}

// ValidDate reports whether s is a calendar date written YYYY-MM-DD.
func ValidDate(s string) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Year() >= 1900 && t.Year() <= 2100
}

// PeriodEnd is the last day of a period, so that periods of different kinds can be ordered:
// 2023-H1 ends on 30 June, as 2023-Q2 and 2023-06 do.
func PeriodEnd(s string) (time.Time, bool) {
	p, err := ParsePeriod(s)
	if err != nil {
		return time.Time{}, false
	}
	y := int(p.Year)
	endOfMonth := func(m int) time.Time { return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC) }
	c := p.Canonical
	switch p.Kind {
	case "year":
		return endOfMonth(12), true
	case "half":
		return endOfMonth(6 * int(c[6]-'0')), true
	case "quarter":
		return endOfMonth(3 * int(c[6]-'0')), true
	case "month":
		m, _ := strconv.Atoi(c[5:])
		return endOfMonth(m), true
	}
	t, _ := time.Parse("2006-01-02", c)
	return t, true
}

// PeriodAfter reports whether period a ends after period b; a period that cannot be read
// comes before every other.
func PeriodAfter(a, b string) bool {
	ea, okA := PeriodEnd(a)
	eb, okB := PeriodEnd(b)
	switch {
	case !okA:
		return false
	case !okB:
		return true
	}
	return ea.After(eb)
}
