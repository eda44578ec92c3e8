// Targets, the required pathway, the gap, the verdict and the wedges (issue 12). Pure rules:
// the store gathers a municipality's accounts, targets and actions; these functions decide
// the pathway, so the page, the API and the files show the same one.
//
// The pathway starts at the latest actual year and runs to each target in turn. Before it
// there are only actual figures; after it there are only required ones, so the gap of a
// future year is measured from the latest actual level held still (what the accounts would
// show if nothing more changed): it is the reduction still to find by that year. The plan's
// actions (wedges) claim parts of it; what no action claims is the manko.

package emissions

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"klimaspor/internal/model"
)

// YearValue is one year's emissions in tonnes CO2e.
type YearValue struct {
	Year  int     `json:"year"`
	TCO2e float64 `json:"t_co2e"`
}

// Series is emissions by year, ordered by year with each year once.
type Series []YearValue

// SeriesOf orders a map of emissions by year into a Series.
func SeriesOf(byYear map[int]float64) Series {
	s := make(Series, 0, len(byYear))
	for _, y := range slices.Sorted(maps.Keys(byYear)) {
		s = append(s, YearValue{y, byYear[y]})
	}
	return s
}

// At is the emissions of year y; false when the series has no figure for it.
func (s Series) At(y int) (float64, bool) {
	i, ok := slices.BinarySearchFunc(s, y, func(v YearValue, y int) int { return cmp.Compare(v.Year, y) })
	if !ok {
		return 0, false
	}
	return s[i].TCO2e, true
}

// Latest is the series' last year; false when it is empty.
func (s Series) Latest() (YearValue, bool) {
	if len(s) == 0 {
		return YearValue{}, false
	}
	return s[len(s)-1], true
}

// Check reports a series that is out of order, holds a year twice or a number that is not
// finite.
func (s Series) Check() error {
	for i, v := range s {
		if math.IsNaN(v.TCO2e) || math.IsInf(v.TCO2e, 0) {
			return fmt.Errorf("emissions: the figure for %d is not a number", v.Year)
		}
		if i > 0 && v.Year <= s[i-1].Year {
			return fmt.Errorf("emissions: the series is not ordered by year with each year once (%d after %d)", v.Year, s[i-1].Year)
		}
	}
	return nil
}

// Sum adds series year by year, over every year any of them has; a year missing from one
// series is the sum of the others. It is how region and nation totals are made from their
// municipalities. Sum adds what it is given: that no emission is counted twice (one release,
// each municipality once, no region's own figure beside its municipalities') is the
// caller's duty, and so is checking that every member has every year it wants to show.
func Sum(series ...Series) Series {
	total := map[int]float64{}
	for _, s := range series {
		for _, v := range s {
			total[v.Year] += v.TCO2e
		}
	}
	return SeriesOf(total)
}

// Method is how the required pathway falls between two points.
type Method string

const (
	// Linear falls by the same tonnes every year from the latest actual level to the next
	// target's level, then on to the one after. It is the default.
	Linear Method = "linear"
	// Budget keeps the linear path's carbon budget but cuts by a constant rate, front-loading
	// the cuts. In each stretch from year a at level P to a target year b = a+n at level V:
	//
	//	required(a+k) = P·q^k  for k = 1 … n−1,   required(b) = V,
	//
	// where q in (0, 1] is the one rate for which years a+1 … b−1 emit together what the
	// linear path emits in them: Σ_{k=1}^{n−1} P·q^k = Σ_{k=1}^{n−1} (P − (P−V)·k/n). Both
	// paths meet V in year b, so each stretch, and so the whole pathway, has the same
	// cumulative emissions as the linear one. A constant-rate decline from P that reaches V
	// exactly would emit less than the straight line (the curve lies below the chord), and
	// one that emits the same ends above V; so the rate runs until the year before the
	// target and the target year steps down to the target's level. The step is larger than
	// a linear year's: the price of the earlier, faster cuts. With V = 0 (net zero) the
	// same rule holds; with n = 1 the stretch is just V.
	Budget Method = "budget"
)

// Methods lists the methods, the default first.
var Methods = []Method{Linear, Budget}

// ErrNoActuals and ErrNoTargetAhead say why there is no pathway to draw.
var (
	ErrNoActuals     = errors.New("emissions: there are no accounts to start the pathway from")
	ErrNoTargetAhead = errors.New("emissions: no target lies after the latest year of the accounts")
)

// TargetLevel is a target with the emissions it allows.
type TargetLevel struct {
	Target Target  `json:"target"`
	Base   float64 `json:"base_t_co2e"`  // the base year's emissions, entered or from the series
	Level  float64 `json:"level_t_co2e"` // Target.Level(Base)
	// Required is what the pathway requires in the target year: the level, or the level
	// reached before it when that is lower (the path never rises). Only for targets ahead.
	Required float64 `json:"required_t_co2e"`
	Ahead    bool    `json:"ahead"` // the target year is after the latest actual year
}

// PathwayYear is one year of the pathway. Years up to the latest actual year are those the
// series has; after it every year up to the last target's comes. A nil field has no value
// in that year.
type PathwayYear struct {
	Year   int      `json:"year"`
	Actual *float64 `json:"actual_t_co2e"`
	// Required is nil before the latest actual year, where the pathway starts at the actual.
	Required *float64 `json:"required_t_co2e"`
	// Gap is how far emissions are above the required level (negative: below). In the latest
	// actual year it is actual − required (0, where the path starts); after it, the latest
	// actual level held still − required: the reduction still to find by that year.
	Gap *float64 `json:"gap_t_co2e"`
	// Wedges is what the plan's actions take off in the year (future years only), Expected
	// the latest actual level less that, and Manko max(0, Gap − Wedges): the part of the gap
	// no action explains.
	Wedges   *float64 `json:"wedges_t_co2e"`
	Expected *float64 `json:"expected_t_co2e"`
	Manko    *float64 `json:"manko_t_co2e"`
}

// Pathway is the required pathway from the latest actual year to the targets, with the
// verdict and the wedges applied so far.
type Pathway struct {
	Method     Method        `json:"method"`
	Boundary   string        `json:"boundary"`
	Latest     YearValue     `json:"latest"`
	Targets    []TargetLevel `json:"targets"` // by target year; those not ahead do not shape the path
	Years      []PathwayYear `json:"years"`
	Assessment Assessment    `json:"assessment"`
	Wedges     []Wedge       `json:"wedges"`
}

// RequiredPathway is the pathway from the latest year of actual to each target ahead of it,
// in order of target year. Each stretch runs from the level the previous one reached (first
// the latest actual) to the target's level, or stays flat when that level is not lower: the
// path never rises. method "" is Linear. Targets whose year is not after the latest actual
// year are listed but do not shape the path. The pathway has no wedges yet (see
// WithWedges), so its manko is the whole gap.
func RequiredPathway(actual Series, targets []Target, method Method) (Pathway, error) {
	if method == "" {
		method = Linear
	}
	if !slices.Contains(Methods, method) {
		return Pathway{}, fmt.Errorf("emissions: unknown pathway method %q", method)
	}
	if err := actual.Check(); err != nil {
		return Pathway{}, err
	}
	latest, ok := actual.Latest()
	if !ok {
		return Pathway{}, ErrNoActuals
	}
	if err := CheckTargets(actual, targets); err != nil {
		return Pathway{}, err
	}
	p := Pathway{Method: method, Boundary: BoundaryTerritorial, Latest: latest, Wedges: []Wedge{}}
	if len(targets) > 0 {
		p.Boundary = targets[0].boundary()
	}
	last := 0
	for _, t := range sortedTargets(targets) {
		base, _ := t.Base(actual)
		tl := TargetLevel{Target: t, Base: base, Level: t.Level(base), Ahead: t.TargetYear > latest.Year}
		if tl.Ahead {
			last = t.TargetYear
		}
		p.Targets = append(p.Targets, tl)
	}
	if last == 0 {
		return Pathway{}, ErrNoTargetAhead
	}

	p.Years = make([]PathwayYear, 0, len(actual)+last-latest.Year)
	for _, v := range actual[:len(actual)-1] {
		p.Years = append(p.Years, PathwayYear{Year: v.Year, Actual: pathValue(v.TCO2e)})
	}
	p.Years = append(p.Years, PathwayYear{Year: latest.Year, Actual: pathValue(latest.TCO2e), Required: pathValue(latest.TCO2e), Gap: pathValue(0.0)})
	from, level := latest.Year, latest.TCO2e
	for i := range p.Targets {
		tl := &p.Targets[i]
		if !tl.Ahead {
			continue
		}
		tl.Required = min(tl.Level, level)
		for k, r := range stretch(method, level, tl.Required, tl.Target.TargetYear-from) {
			gap := latest.TCO2e - r
			p.Years = append(p.Years, PathwayYear{Year: from + 1 + k, Required: pathValue(r), Gap: pathValue(gap),
				Wedges: pathValue(0.0), Expected: pathValue(latest.TCO2e), Manko: pathValue(max(0, gap))})
		}
		from, level = tl.Target.TargetYear, tl.Required
	}
	p.Assessment = assess(actual, p.Targets)
	return p, nil
}

// stretch is the required level in years a+1 … a+n of a stretch from level from in year a
// to level to in year a+n (see Linear and Budget).
func stretch(method Method, from, to float64, n int) []float64 {
	r := make([]float64, n)
	if method == Budget && n > 1 && to < from {
		q := budgetRate(from, to, n)
		step := from
		for k := range n - 1 {
			step *= q
			r[k] = step
		}
	} else {
		for k := range n - 1 {
			r[k] = from - (from-to)*float64(k+1)/float64(n)
		}
	}
	r[n-1] = to
	return r
}

// budgetRate is the q in (0, 1] for which Σ_{k=1}^{n−1} from·q^k equals the linear path's
// emissions in the same years, (n−1)·(from+to)/2 (so the mean of q^k is (1 + to/from)/2);
// the mean of q^k grows with q from 0 to 1, so halving the interval finds it.
func budgetRate(from, to float64, n int) float64 {
	m := n - 1
	want := (1 + to/from) / 2
	lo, hi := 0.0, 1.0
	for range 64 {
		q := (lo + hi) / 2
		sum, pow := 0.0, 1.0
		for range m {
			pow *= q
			sum += pow
		}
		if sum/float64(m) < want {
			lo = q
		} else {
			hi = q
		}
	}
	return (lo + hi) / 2
}

func pathValue(f float64) *float64 { return &f }

// Verdict says whether emissions fall fast enough for the next target.
type Verdict string

const (
	OnTrack  Verdict = "on_track"
	AtRisk   Verdict = "at_risk"
	OffTrack Verdict = "off_track"
)

// The verdict's rule. Its thresholds and its text stand together, and the text is written
// from the thresholds, so that what the page says is what the code does.
const (
	// TrendYears is how many years back the actual reduction is averaged over (fewer when
	// the accounts are shorter).
	TrendYears = 3
	// AtRiskShare is the share of the required annual reduction at or above which a
	// municipality that is not on track is at risk rather than off track.
	AtRiskShare = 0.5
)

// RuleDA and RuleEN state the rule in plain words; the API and the pages show them verbatim.
var (
	RuleDA = fmt.Sprintf("På sporet: den seneste udledning er allerede på eller under det næste mål, "+
		"eller den gennemsnitlige årlige reduktion over de seneste op til %d år er mindst den årlige reduktion, "+
		"der kræves for at nå fra det seneste regnskabsår til det næste mål i lige store skridt. "+
		"I risiko: den er mindst %g %% af den krævede. Ellers: ikke på sporet. "+
		"Med regnskab for kun ét år regnes reduktionen som 0.", TrendYears, AtRiskShare*100)
	RuleEN = fmt.Sprintf("On track: the latest emissions are already at or below the next target, "+
		"or the average annual reduction over the last up to %d years is at least the annual reduction "+
		"required to go from the latest year of the accounts to the next target in equal steps. "+
		"At risk: it is at least %g %% of what is required. Otherwise: off track. "+
		"With accounts for only one year the reduction counts as 0.", TrendYears, AtRiskShare*100)
)

// Assessment is the verdict with its rule and the numbers it was reached from. The rates
// are tonnes CO2e per year; the verdict does not depend on the pathway's method, nor on
// the wedges: it judges what the accounts show.
type Assessment struct {
	Verdict        Verdict `json:"verdict"`
	RuleDA         string  `json:"rule_da"`
	RuleEN         string  `json:"rule_en"`
	NextTarget     int     `json:"next_target_year"`
	NextLevel      float64 `json:"next_target_t_co2e"`
	RequiredRate   float64 `json:"required_reduction_t_co2e_per_year"`
	ActualRate     float64 `json:"actual_reduction_t_co2e_per_year"`
	TrendFrom      int     `json:"trend_from_year"` // the first year of the averaged reduction; the latest year when there is none
	AtOrBelowLevel bool    `json:"at_or_below_target"`
}

// assess applies the rule to the accounts and the targets (by year, at least one ahead).
func assess(actual Series, targets []TargetLevel) Assessment {
	latest, _ := actual.Latest()
	a := Assessment{RuleDA: RuleDA, RuleEN: RuleEN, TrendFrom: latest.Year}
	for _, tl := range targets {
		if tl.Ahead {
			a.NextTarget, a.NextLevel = tl.Target.TargetYear, tl.Level
			break
		}
	}
	for _, v := range actual {
		if v.Year >= latest.Year-TrendYears {
			a.TrendFrom = v.Year
			if v.Year < latest.Year {
				a.ActualRate = (v.TCO2e - latest.TCO2e) / float64(latest.Year-v.Year)
			}
			break
		}
	}
	a.RequiredRate = (latest.TCO2e - a.NextLevel) / float64(a.NextTarget-latest.Year)
	a.AtOrBelowLevel = latest.TCO2e <= a.NextLevel
	switch {
	case a.AtOrBelowLevel || a.ActualRate >= a.RequiredRate:
		a.Verdict = OnTrack
	case a.ActualRate >= AtRiskShare*a.RequiredRate:
		a.Verdict = AtRisk
	default:
		a.Verdict = OffTrack
	}
	return a
}

// Wedge is the expected effect of one of the plan's actions: TCO2e less each year from
// Start, through End when it has one (0: no end). What an action achieved before the
// latest actual year is in the accounts already, so a wedge counts only in the years after
// it: its TCO2e is what the action takes off below the latest accounts.
type Wedge struct {
	Label string  `json:"label"`
	TCO2e float64 `json:"t_co2e"`
	Start int     `json:"start_year"`
	End   int     `json:"end_year,omitempty"`
}

// In reports whether the wedge takes effect in year y.
func (w Wedge) In(y int) bool { return y >= w.Start && (w.End == 0 || y <= w.End) }

// CheckWedges reports every problem of the wedges as a *model.ValidationError with fields
// "wedges[i].field".
func CheckWedges(wedges []Wedge) error {
	var errs []model.FieldError
	for i, w := range wedges {
		add := func(field, code, msg string) {
			errs = append(errs, model.FieldError{Field: fmt.Sprintf("wedges[%d].%s", i, field), Code: code, Message: msg})
		}
		if w.Label == "" {
			add("label", model.CodeRequired, "a wedge needs a label")
		}
		if math.IsNaN(w.TCO2e) || math.IsInf(w.TCO2e, 0) || w.TCO2e < 0 {
			add("t_co2e", model.CodeRange, "the effect must be a number of tonnes, 0 or more")
		}
		if w.Start < MinTargetYear || w.Start > MaxTargetYear {
			add("start_year", model.CodeRange, fmt.Sprintf("the start year must lie between %d and %d", MinTargetYear, MaxTargetYear))
		}
		if w.End != 0 && w.End < w.Start {
			add("end_year", model.CodeRule, fmt.Sprintf("the end year (%d) must not come before the start year (%d)", w.End, w.Start))
		}
	}
	if len(errs) > 0 {
		return &model.ValidationError{Errors: errs}
	}
	return nil
}

// WithWedges is the pathway with the wedges applied in every year after the latest actual
// year (replacing any applied before): per year their sum, the expected level (the latest
// actual level less the sum) and the manko. The receiver is not changed.
func (p Pathway) WithWedges(wedges []Wedge) (Pathway, error) {
	if err := CheckWedges(wedges); err != nil {
		return Pathway{}, err
	}
	p.Wedges = slices.Clone(wedges)
	if p.Wedges == nil {
		p.Wedges = []Wedge{}
	}
	p.Years = slices.Clone(p.Years)
	for i := range p.Years {
		y := &p.Years[i]
		if y.Year <= p.Latest.Year {
			continue
		}
		sum := 0.0
		for _, w := range wedges {
			if w.In(y.Year) {
				sum += w.TCO2e
			}
		}
		y.Wedges, y.Expected, y.Manko = pathValue(sum), pathValue(p.Latest.TCO2e-sum), pathValue(max(0, *y.Gap-sum))
	}
	return p, nil
}

// WedgeChart is the stacked wedge chart: for each year after the latest actual year, each
// wedge's effect in the order of Labels, their total, the gap they stand against and the
// manko on top.
type WedgeChart struct {
	Labels []string         `json:"labels"`
	Years  []WedgeChartYear `json:"years"`
}

// WedgeChartYear is one year's stack.
type WedgeChartYear struct {
	Year    int       `json:"year"`
	ByWedge []float64 `json:"by_wedge_t_co2e"`
	Total   float64   `json:"wedges_t_co2e"`
	Gap     float64   `json:"gap_t_co2e"`
	Manko   float64   `json:"manko_t_co2e"`
}

// WedgeChart is the pathway's wedge chart.
func (p Pathway) WedgeChart() WedgeChart {
	c := WedgeChart{Labels: make([]string, len(p.Wedges))}
	for i, w := range p.Wedges {
		c.Labels[i] = w.Label
	}
	for _, y := range p.Years {
		if y.Year <= p.Latest.Year {
			continue
		}
		cy := WedgeChartYear{Year: y.Year, ByWedge: make([]float64, len(p.Wedges)), Gap: *y.Gap}
		for i, w := range p.Wedges {
			if w.In(y.Year) {
				cy.ByWedge[i] = w.TCO2e
				cy.Total += w.TCO2e
			}
		}
		cy.Manko = max(0, cy.Gap-cy.Total)
		c.Years = append(c.Years, cy)
	}
	return c
}
