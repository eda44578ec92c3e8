package coverage

import "time"

// MaxQuarters is the most quarter ends a history shows; a longer span shows year ends.
const MaxQuarters = 24

// HistoryDays are the days (YYYY-MM-DD) a history of coverage is taken at, from the day
// the records begin (from) to today (to): the end of each quarter from from's quarter up to
// before to, or, when that would be more than MaxQuarters points, the end of each year;
// then to itself, so that the last point is today's figure. Quarters show how coverage grew
// over the few years most plans have been adopted in, years keep a long history readable.
// nil when from is empty or not a date, or after to.
func HistoryDays(from, to string) []string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || f.After(t) {
		return nil
	}
	ends := func(months int) []string {
		// The first end of a period of months on or after from.
		m := (int(f.Month())-1)/months*months + months // the period's last month, 1-based
		var out []string
		for y := f.Year(); ; {
			end := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
			if !end.Before(t) {
				break
			}
			out = append(out, end.Format(time.DateOnly))
			if m += months; m > 12 {
				m -= 12
				y++
			}
		}
		return out
	}
	days := ends(3)
	if len(days) > MaxQuarters {
		days = ends(12)
	}
	return append(days, to)
}

// PerMember is a theme's weight for each member with an adopted plan, as the map colours
// by: the number of counting actions carrying the theme or a sub-theme of it (rules 1–3),
// 0 for a member whose adopted plans have none. A member without an adopted plan has no
// entry, so that "no plan" stays apart from "no action".
func PerMember(st State, tree Tree, theme int64) map[int64]int {
	out := map[int64]int{}
	for _, m := range st.Members {
		if st.Adopted[m] {
			out[m] = 0
		}
	}
	for _, a := range Behind(st, tree, theme) {
		out[st.Member[a.Plan]]++
	}
	return out
}
