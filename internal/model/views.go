package model

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The typed views (views_gen.go) are generated from the descriptors; the domain rules that
// read a record are written here once, as methods on them. Pages, the authorization layer
// and the spreadsheets ask these instead of reading fields by name.

// SortedTargets are the indicator's targets by year (a copy).
func (v Indicator) SortedTargets() []Target {
	ts := slices.Clone(v.Targets())
	slices.SortStableFunc(ts, func(a, b Target) int { return cmp.Compare(a.Year, b.Year) })
	return ts
}

// CurrentTarget is the target that counts in the year at: the nearest one whose year is at
// or after it, or the last one when all are past; false when the indicator has no target.
func (v Indicator) CurrentTarget(at int64) (Target, bool) {
	ts := v.SortedTargets()
	if len(ts) == 0 {
		return Target{}, false
	}
	for _, t := range ts {
		if t.Year >= at {
			return t, true
		}
	}
	return ts[len(ts)-1], true
}

// ProgressBaseline is the value progress counts from: the baseline, or zero for an
// indicator where higher is better and no baseline is given ("27 of 29 municipalities" is
// 93 %); false when there is none.
func (v Indicator) ProgressBaseline() (float64, bool) {
	if b, ok := v.BaselineValue(); ok {
		return b, true
	}
	if v.Direction() == "higher" {
		return 0, true
	}
	return 0, false
}

// Progress is how far actual has come from the progress baseline towards the target that
// counts in the year at, in per cent (unclamped: beyond the target is over 100, away from
// it below 0), with that target; false when there is no baseline or target, or they are
// equal.
func (v Indicator) Progress(actual float64, at int64) (pct float64, target Target, ok bool) {
	base, okB := v.ProgressBaseline()
	target, okT := v.CurrentTarget(at)
	if !okB || !okT {
		return 0, target, false
	}
	pct, ok = ProgressPercent(base, target.Value, actual)
	return pct, target, ok
}

// ProgressPercent is how far actual has come from baseline towards target, in per cent;
// false when the two are equal or a number is not finite.
func ProgressPercent(baseline, target, actual float64) (float64, bool) {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if !finite(baseline) || !finite(target) || !finite(actual) || baseline == target {
		return 0, false
	}
	p := (actual - baseline) / (target - baseline) * 100
	return p, finite(p)
}

// Owner kinds of an indicator (Scope).
const (
	OwnerPlan         = "plan"
	OwnerProject      = "project"
	OwnerOrganisation = "organisation"
)

// Scope is who owns the indicator: a plan, a joint project or an organisation, and its id;
// "" and 0 when none is set (a record not yet validated).
func (v Indicator) Scope() (kind string, id int64) {
	switch {
	case v.OwnerPlanID() != 0:
		return OwnerPlan, v.OwnerPlanID()
	case v.OwnerProjectID() != 0:
		return OwnerProject, v.OwnerProjectID()
	case v.OwnerOrganisationID() != 0:
		return OwnerOrganisation, v.OwnerOrganisationID()
	}
	return "", 0
}

// Owner is the organisation responsible for the action.
func (v Action) Owner() int64 { return v.OrganisationID() }

// Container is what the action belongs to: its plan (OwnerPlan) or its joint project
// (OwnerProject), and that record's id.
func (v Action) Container() (kind string, id int64) {
	if v.PlanID() != 0 {
		return OwnerPlan, v.PlanID()
	}
	return OwnerProject, v.ProjectID()
}

// Container is what the goal belongs to: its plan or its joint project.
func (v Goal) Container() (kind string, id int64) {
	if v.PlanID() != 0 {
		return OwnerPlan, v.PlanID()
	}
	return OwnerProject, v.ProjectID()
}

// Draft reports whether the action is not yet published.
func (v Action) Draft() bool { return !v.Published() }

// Draft reports whether the library item is a proposal not yet published.
func (v LibraryItem) Draft() bool { return !v.Published() }

// Draft reports whether the plan is not yet published.
func (v Plan) Draft() bool { return !v.Published() }

// LatestPopulation is the organisation's population in the latest year with a figure above
// zero; false when none is known.
func (v Organisation) LatestPopulation() (Population, bool) {
	var best Population
	found := false
	for _, p := range v.Population() {
		if p.Value > 0 && (!found || p.Year > best.Year) {
			best, found = p, true
		}
	}
	return best, found
}

// Name is the name in the language ("en" or Danish), falling back to the Danish one.
func (v Organisation) Name(lang string) string { return pick(lang, v.NameDA(), v.NameEN()) }

// Name is the name in the language, falling back to the Danish one.
func (v Project) Name(lang string) string { return pick(lang, v.NameDA(), v.NameEN()) }

// Name is the name in the language, falling back to the Danish one.
func (v Indicator) Name(lang string) string { return pick(lang, v.NameDA(), v.NameEN()) }

// Name is the name in the language, falling back to the Danish one.
func (v Theme) Name(lang string) string { return pick(lang, v.NameDA(), v.NameEN()) }

// Name is the name in the language, falling back to the Danish one.
func (v Programme) Name(lang string) string { return pick(lang, v.NameDA(), v.NameEN()) }

// Text is the goal in the language, falling back to the Danish text.
func (v Goal) Text(lang string) string { return pick(lang, v.TextDA(), v.TextEN()) }

func pick(lang, da, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return da
}

// UnitIn is the indicator's unit in the language ("en" or Danish), falling back to the
// Danish unit.
func (v Indicator) UnitIn(lang string) string { return pick(lang, v.Unit(), v.UnitEN()) }

// TitleIn is the action's title for a reader of lang, and the language that title is
// written in: the English title for "en" when there is one, else the title in the action's
// own language (Danish unless it says otherwise). A page marks the title with that language
// when it differs from the page's.
func (v Action) TitleIn(lang string) (title, titleLang string) {
	return TitleIn(lang, v.Title(), v.TitleEN(), v.Language())
}

// TitleIn is a library item's title for a reader of lang, and the language it is written
// in, by Action.TitleIn's rule.
func (v LibraryItem) TitleIn(lang string) (title, titleLang string) {
	return TitleIn(lang, v.Title(), v.TitleEN(), v.Language())
}

// TitleIn is Action.TitleIn of an action with the given title, English title and language,
// for a read that has them without the record.
func TitleIn(lang, title, titleEN, own string) (string, string) {
	if own == "" {
		own = "da"
	}
	if lang == "en" && titleEN != "" {
		return titleEN, "en"
	}
	return title, own
}

// StaleMonths is how long an action still under way may go without an update before the
// personal overview calls it stale (issue 10 item 2).
const StaleMonths = 6

// Stale reports whether the action has gone StaleMonths without an update by now: one that
// is completed or cancelled has nothing more to report and is never stale.
func (v Action) Stale(now time.Time) bool {
	if s := v.Status(); s == "completed" || s == "cancelled" {
		return false
	}
	t, err := time.Parse(time.RFC3339, v.UpdatedAt())
	if err != nil {
		return false
	}
	return t.Before(now.AddDate(0, -StaleMonths, 0))
}

// GoalOutcome is how a goal tied to an indicator stands (Goal.Outcome).
type GoalOutcome struct {
	Target Target  // the goal's target value and year (Year 0 when the goal names none)
	Pct    float64 // the progress toward it, in per cent, when HasPct
	HasPct bool
	Due    bool // the target's year has passed: Met says whether it was reached
	Met    bool
}

// Outcome is how the goal stands when its indicator's latest value is latest, in the year
// at: the progress from the indicator's progress baseline toward the goal's own target, and
// once the target's year has passed whether it was met, by the indicator's direction (at or
// above the target where higher is better, at or below it where lower is). False when the
// goal has no indicator or no target value.
func (v Goal) Outcome(ind Indicator, latest float64, at int64) (GoalOutcome, bool) {
	value, ok := v.TargetValue()
	if !ok || v.IndicatorID() == 0 || v.IndicatorID() != ind.ID() {
		return GoalOutcome{}, false
	}
	o := GoalOutcome{Target: Target{Value: value}}
	if y, ok := v.TargetYear(); ok {
		o.Target.Year = y
		o.Due = y < at
	}
	if base, ok := ind.ProgressBaseline(); ok {
		o.Pct, o.HasPct = ProgressPercent(base, value, latest)
	}
	if o.Due {
		if ind.Direction() == "lower" {
			o.Met = latest <= value
		} else {
			o.Met = latest >= value
		}
	}
	return o, true
}

// Copenhagen is Danish time, the zone in which a year's targets are judged and times are
// shown; UTC when the system has no zone database.
var Copenhagen = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return loc
	}
	return time.UTC
}()

// YearAt is the year in Copenhagen at t: the year whose targets count then (CurrentTarget).
// Pages and the API ask it, so they agree on which target applies.
func YearAt(t time.Time) int64 { return int64(t.In(Copenhagen).Year()) }

// ReminderDays reads a round's reminder days ("14,3": days before the deadline, each from 0
// to 365), largest first; "" gives the default, 14 and 3.
func ReminderDays(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return []int{14, 3}, nil
	}
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 0 || n > 365 {
			return nil, fmt.Errorf("give days before the deadline as whole numbers from 0 to 365 separated by commas, e.g. 14,3")
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b int) int { return b - a })
	return out, nil
}

// Reminders are the round's reminder days (ReminderDays), the default where they do not
// read.
func (v ReportingRound) Reminders() []int {
	days, err := ReminderDays(v.ReminderDays())
	if err != nil {
		days, _ = ReminderDays("")
	}
	return days
}
