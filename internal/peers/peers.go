// Package peers is the peer comparison of the cross-plan overview (C7, issue 13): a few
// municipalities side by side, figure by figure, each figure with the reference group's
// average (numbers) or "how many of the group's municipalities have it" (yes/no), and the
// choice of the municipalities most like one by population and emissions per inhabitant. It
// knows nothing of HTTP or SQL: internal/peers/gather reads the store into Profiles, and the
// page (internal/web/peers) and the API (GET /api/v1/peers) both go through these functions.
package peers

import (
	"cmp"
	"math"
	"slices"
)

// Number is a figure that may be missing.
type Number struct {
	Value float64
	OK    bool
}

// Of is a known figure.
func Of(v float64) Number { return Number{Value: v, OK: true} }

// Profile is what the comparison knows of one municipality.
type Profile struct {
	ID             int64
	Population     Number // inhabitants, the latest figure
	EmissionsTotal Number // t CO2e in the accounts' latest year (territorial, the newest release)
	PerInhabitant  Number // EmissionsTotal / Population, t CO2e
	RenewableShare Number // % (the ve_share indicator's latest value)
	NetZeroYear    Number // the earliest year of a net-zero target
	Plan           bool   // has an adopted climate plan (internal/coverage's rule 1)
	Actions        int    // published actions in its adopted plans (coverage's rule 2)
	Themes         map[int64]bool
}

// Match is a municipality chosen as similar, with its distance (0 is identical; see Similar).
type Match struct {
	ID       int64
	Distance float64
}

// comparable reports whether a profile has both figures Similar measures by.
func comparable(p Profile) bool {
	return p.Population.OK && p.Population.Value > 0 && p.PerInhabitant.OK
}

// Similar picks the n candidates most like the target by population and emissions per
// inhabitant, nearest first (equal distances by id). skipped counts the candidates lacking
// either figure; the target itself is never a candidate. With the target lacking a figure
// there is nothing to measure by: no matches.
//
// The distance is Euclidean over two coordinates, each divided by its standard deviation
// across the comparable candidates (and the target), so neither unit outweighs the other:
//
//   - the natural logarithm of the population, because size matters in proportion: 10,000
//     and 20,000 inhabitants differ as much as 300,000 and 600,000 (Danish municipalities
//     run from about 1,800 to 650,000 inhabitants, and on a linear scale København would be
//     far from everybody and every small municipality near every other);
//   - emissions per inhabitant as they are (t CO2e), which already compares municipalities
//     of different size.
//
// A coordinate without spread (every candidate the same) adds nothing.
func Similar(target Profile, candidates []Profile, n int) (matches []Match, skipped int) {
	var pool []Profile
	for _, c := range candidates {
		if c.ID == target.ID {
			continue
		}
		if !comparable(c) {
			skipped++
			continue
		}
		pool = append(pool, c)
	}
	if !comparable(target) || n <= 0 {
		return []Match{}, skipped
	}
	all := append([]Profile{target}, pool...)
	sdPop := spread(all, func(p Profile) float64 { return math.Log(p.Population.Value) })
	sdPer := spread(all, func(p Profile) float64 { return p.PerInhabitant.Value })
	scaled := func(d, sd float64) float64 {
		if sd == 0 {
			return 0
		}
		return d / sd
	}
	matches = make([]Match, 0, len(pool))
	for _, c := range pool {
		dp := scaled(math.Log(c.Population.Value)-math.Log(target.Population.Value), sdPop)
		de := scaled(c.PerInhabitant.Value-target.PerInhabitant.Value, sdPer)
		matches = append(matches, Match{ID: c.ID, Distance: math.Hypot(dp, de)})
	}
	slices.SortFunc(matches, func(a, b Match) int {
		if c := cmp.Compare(a.Distance, b.Distance); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return matches[:min(n, len(matches))], skipped
}

// spread is the population standard deviation of f over the profiles.
func spread(ps []Profile, f func(Profile) float64) float64 {
	if len(ps) < 2 {
		return 0
	}
	var sum float64
	for _, p := range ps {
		sum += f(p)
	}
	mean := sum / float64(len(ps))
	var ss float64
	for _, p := range ps {
		d := f(p) - mean
		ss += d * d
	}
	return math.Sqrt(ss / float64(len(ps)))
}

// Kind is how a figure is summarised over the group.
type Kind string

const (
	// KindNumber: the group's average over the members with a figure.
	KindNumber Kind = "number"
	// KindYesNo: how many of the group's members have it.
	KindYesNo Kind = "yes_no"
)

// The figures' keys, in the order shown; a theme's is ThemePrefix + its code.
const (
	KeyPopulation     = "population"
	KeyPerInhabitant  = "emissions_per_inhabitant"
	KeyEmissionsTotal = "emissions_total"
	KeyRenewableShare = "renewable_share"
	KeyPlan           = "adopted_plan"
	KeyNetZero        = "net_zero_year"
	KeyActions        = "actions"
	ThemePrefix       = "theme."
)

// Value is one municipality's value of a figure: a number, or yes/no (Yes; Number unset).
type Value struct {
	Number Number
	Yes    bool
}

// Theme is a theme whose coverage is compared.
type Theme struct {
	ID   int64
	Code string
}

// Figure is one row of the comparison.
type Figure struct {
	Key     string
	Kind    Kind
	Unit    string // "inhabitants", "t CO2e", "%", "year", "actions"; "" for yes/no
	ThemeID int64  // a theme's row
	Values  map[int64]Value
	// Average is the mean of the group's members' figures (KindNumber), each member
	// counting once: the average municipality, not the group's total divided by its
	// population. Not OK when no member has the figure.
	Average Number
	// Count is, for KindYesNo, the members with yes; for KindNumber the members with a
	// figure (the average's base); Size is the group's members.
	Count, Size int
}

// Compare builds the comparison rows of the compared municipalities against the group:
// population, emissions per inhabitant and in total, the renewable share (only when anybody
// compared or in the group has one), an adopted plan, the net-zero year (idem), the number
// of actions, and then each theme (has it: yes/no; rule of internal/coverage). Profiles must
// hold every compared municipality and group member; one missing counts as knowing nothing.
func Compare(compared, group []int64, profiles map[int64]Profile, themes []Theme) []Figure {
	num := func(key, unit string, f func(Profile) Number) Figure {
		fig := Figure{Key: key, Kind: KindNumber, Unit: unit, Values: map[int64]Value{}, Size: len(group)}
		for _, id := range compared {
			fig.Values[id] = Value{Number: f(profiles[id])}
		}
		var sum float64
		for _, id := range group {
			if v := f(profiles[id]); v.OK {
				sum += v.Value
				fig.Count++
			}
		}
		if fig.Count > 0 {
			fig.Average = Of(sum / float64(fig.Count))
		}
		return fig
	}
	yes := func(key string, theme int64, f func(Profile) bool) Figure {
		fig := Figure{Key: key, Kind: KindYesNo, ThemeID: theme, Values: map[int64]Value{}, Size: len(group)}
		for _, id := range compared {
			fig.Values[id] = Value{Yes: f(profiles[id])}
		}
		for _, id := range group {
			if f(profiles[id]) {
				fig.Count++
			}
		}
		return fig
	}
	anyKnown := func(f Figure) bool {
		if f.Count > 0 {
			return true
		}
		for _, v := range f.Values {
			if v.Number.OK {
				return true
			}
		}
		return false
	}
	out := []Figure{
		num(KeyPopulation, "inhabitants", func(p Profile) Number { return p.Population }),
		num(KeyPerInhabitant, "t CO2e", func(p Profile) Number { return p.PerInhabitant }),
		num(KeyEmissionsTotal, "t CO2e", func(p Profile) Number { return p.EmissionsTotal }),
	}
	if f := num(KeyRenewableShare, "%", func(p Profile) Number { return p.RenewableShare }); anyKnown(f) {
		out = append(out, f)
	}
	out = append(out, yes(KeyPlan, 0, func(p Profile) bool { return p.Plan }))
	if f := num(KeyNetZero, "year", func(p Profile) Number { return p.NetZeroYear }); anyKnown(f) {
		out = append(out, f)
	}
	out = append(out, num(KeyActions, "actions", func(p Profile) Number { return Of(float64(p.Actions)) }))
	for _, th := range themes {
		out = append(out, yes(ThemePrefix+th.Code, th.ID, func(p Profile) bool { return p.Themes[th.ID] }))
	}
	return out
}
