package emissions

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"klimaspor/internal/model"
)

// Boundaries of a target: what its emissions count. A pathway compares one series with
// targets of one boundary, so the caller passes the series that matches it.
const (
	BoundaryTerritorial           = "territorial"             // the municipality as a geographic area, land use included
	BoundaryTerritorialExclLULUCF = "territorial_excl_lulucf" // the same without land use (LULUCF)
	BoundaryEnergyTransport       = "energy_transport"        // energy and transport only
)

// Boundaries lists the boundaries a target may have; an empty boundary is territorial.
// They are the model's (the emission-targets resource's enumeration), so the two cannot differ.
var Boundaries = model.EmissionBoundaries

// The years a target (base and target year) or a wedge may name.
const (
	MinTargetYear = 1900
	MaxTargetYear = 2100
)

// Target is a reduction target of a municipality (or region, or nation): emissions in the
// target year are to be ReductionPct per cent below those of the base year. Nothing here
// assumes the national 70 %: every number comes from the target.
type Target struct {
	BaseYear int `json:"base_year"`
	// BaseTCO2e is the base year's emissions when they are entered rather than read from the
	// accounts: base years often lie before the accounts begin (1990, 2005, 2010). It is then
	// given with its source. 0 means "read it from the series".
	BaseTCO2e    float64 `json:"base_t_co2e,omitempty"`
	BaseSource   string  `json:"base_source,omitempty"`
	TargetYear   int     `json:"target_year"`
	ReductionPct float64 `json:"reduction_pct"` // 0–100; 70 means 70 % below the base year
	NetZero      bool    `json:"net_zero"`      // 100 % reduction; ReductionPct is then 100 or left 0
	Boundary     string  `json:"boundary"`
	Label        string  `json:"label,omitempty"`
	Example      bool    `json:"example"` // an example target, not one the municipality adopted
}

// Reduction is the target's reduction in per cent: 100 for net zero.
func (t Target) Reduction() float64 {
	if t.NetZero {
		return 100
	}
	return t.ReductionPct
}

// boundary is the target's boundary with the empty one read as territorial.
func (t Target) boundary() string {
	if t.Boundary == "" {
		return BoundaryTerritorial
	}
	return t.Boundary
}

// Base is the base year's emissions: the entered figure, or the series' value in the base
// year; false when neither exists.
func (t Target) Base(actual Series) (float64, bool) {
	if t.BaseTCO2e != 0 {
		return t.BaseTCO2e, true
	}
	v, ok := actual.At(t.BaseYear)
	if !ok && t.NetZero {
		return 0, true // net zero leaves nothing, whatever the start: it needs no base
	}
	return v, ok
}

// Level is the emissions the target allows in its target year, base × (1 − reduction);
// written as base × (100 − pct) / 100 so that round percentages give round tonnes
// (1,000,000 t at 70 % is exactly 300,000 t).
func (t Target) Level(base float64) float64 {
	return base * (100 - t.Reduction()) / 100
}

// Check reports every problem of the target as a *model.ValidationError, with the target's
// JSON field names; actual is the series the target will be measured against, which must
// hold the base year unless the base-year emissions are entered.
func (t Target) Check(actual Series) error {
	var errs []model.FieldError
	add := func(field, code, format string, args ...any) {
		errs = append(errs, model.FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	// A net-zero target needs no base: nothing is left, whatever the start.
	noBase := t.NetZero && t.BaseTCO2e == 0
	if !(noBase && t.BaseYear == 0) && (t.BaseYear < MinTargetYear || t.BaseYear > MaxTargetYear) {
		add("base_year", model.CodeRange, "the base year must lie between %d and %d", MinTargetYear, MaxTargetYear)
	}
	switch {
	case t.TargetYear < MinTargetYear || t.TargetYear > MaxTargetYear:
		add("target_year", model.CodeRange, "the target year must lie between %d and %d", MinTargetYear, MaxTargetYear)
	case t.BaseYear != 0 && t.TargetYear <= t.BaseYear:
		add("target_year", model.CodeRule, "the target year (%d) must come after the base year (%d)", t.TargetYear, t.BaseYear)
	}
	switch {
	case math.IsNaN(t.ReductionPct) || t.ReductionPct < 0 || t.ReductionPct > 100:
		add("reduction_pct", model.CodeRange, "the reduction must lie between 0 and 100 %%")
	case t.NetZero && t.ReductionPct != 0 && t.ReductionPct != 100:
		add("reduction_pct", model.CodeRule, "a net-zero target is a 100 %% reduction, not %g %%", t.ReductionPct)
	}
	switch {
	case noBase:
	case math.IsNaN(t.BaseTCO2e) || math.IsInf(t.BaseTCO2e, 0) || t.BaseTCO2e < 0:
		add("base_t_co2e", model.CodeRange, "the base-year emissions must be a positive number of tonnes")
	case t.BaseTCO2e > 0:
		if strings.TrimSpace(t.BaseSource) == "" {
			add("base_source", model.CodeRequired, "entered base-year emissions need their source")
		}
	default:
		v, ok := actual.At(t.BaseYear)
		switch {
		case !ok:
			add("base_t_co2e", model.CodeRequired, "the accounts have no figure for the base year %d: enter the base-year emissions with their source", t.BaseYear)
		case v <= 0:
			add("base_t_co2e", model.CodeRule, "the accounts' figure for the base year %d is not above zero (%g t), so no reduction can be counted from it: enter the base-year emissions with their source", t.BaseYear, v)
		}
	}
	if !slices.Contains(Boundaries, t.boundary()) {
		add("boundary", model.CodeEnum, "the boundary must be one of %s", strings.Join(Boundaries, ", "))
	}
	if len(errs) > 0 {
		return &model.ValidationError{Errors: errs}
	}
	return nil
}

// CheckTargets checks each target and the set: one target per target year, and one
// boundary for all. Field names are prefixed with the target's place in the list
// ("targets[1].target_year").
func CheckTargets(actual Series, targets []Target) error {
	var errs []model.FieldError
	seen := map[int]int{}
	for i, t := range targets {
		prefix := fmt.Sprintf("targets[%d].", i)
		if err := t.Check(actual); err != nil {
			for _, fe := range err.(*model.ValidationError).Errors {
				fe.Field = prefix + fe.Field
				errs = append(errs, fe)
			}
		}
		if j, ok := seen[t.TargetYear]; ok {
			errs = append(errs, model.FieldError{Field: prefix + "target_year", Code: model.CodeDuplicate,
				Message: fmt.Sprintf("targets[%d] already has the target year %d", j, t.TargetYear)})
		} else {
			seen[t.TargetYear] = i
		}
		if i > 0 && t.boundary() != targets[0].boundary() {
			errs = append(errs, model.FieldError{Field: prefix + "boundary", Code: model.CodeRule,
				Message: fmt.Sprintf("one pathway takes targets of one boundary: %s here, %s in targets[0]", t.boundary(), targets[0].boundary())})
		}
	}
	if len(errs) > 0 {
		return &model.ValidationError{Errors: errs}
	}
	return nil
}

// sortedTargets is a copy of targets ordered by target year.
func sortedTargets(targets []Target) []Target {
	ts := slices.Clone(targets)
	slices.SortStableFunc(ts, func(a, b Target) int { return cmp.Compare(a.TargetYear, b.TargetYear) })
	return ts
}
