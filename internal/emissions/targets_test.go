package emissions

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"klimaspor/internal/model"
)

// kbh1990 is a target against an entered 1990 base, as most DK2020 targets are.
func kbh1990(year int, pct float64) Target {
	return Target{BaseYear: 1990, BaseTCO2e: 1_000_000, BaseSource: "Kommunens klimaplan, bilag 2", TargetYear: year, ReductionPct: pct, Boundary: BoundaryTerritorial}
}

func TestTargetLevelIsBaseLessTheReduction(t *testing.T) {
	accounts := Series{{2018, 800_000}, {2023, 600_000}}
	tests := []struct {
		name   string
		target Target
		base   float64
		level  float64
	}{
		{"70 % by 2030 against an entered 1990", kbh1990(2030, 70), 1_000_000, 300_000},
		{"a municipality's own 85 %", kbh1990(2030, 85), 1_000_000, 150_000},
		{"net zero", Target{BaseYear: 1990, BaseTCO2e: 1_000_000, BaseSource: "x", TargetYear: 2050, NetZero: true}, 1_000_000, 0},
		{"net zero with 100 % written out", Target{BaseYear: 1990, BaseTCO2e: 1_000_000, BaseSource: "x", TargetYear: 2050, ReductionPct: 100, NetZero: true}, 1_000_000, 0},
		{"base read from the accounts", Target{BaseYear: 2018, TargetYear: 2030, ReductionPct: 50}, 800_000, 400_000},
		{"an entered base wins over the accounts' figure", Target{BaseYear: 2018, BaseTCO2e: 900_000, BaseSource: "earlier release", TargetYear: 2030, ReductionPct: 50}, 900_000, 450_000},
		{"0 % holds the base", Target{BaseYear: 2018, TargetYear: 2030}, 800_000, 800_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.target.Check(accounts); err != nil {
				t.Fatal(err)
			}
			base, ok := tt.target.Base(accounts)
			if !ok || base != tt.base {
				t.Fatalf("Base = %v, %v; want %v", base, ok, tt.base)
			}
			if got := tt.target.Level(base); got != tt.level {
				t.Errorf("Level = %v; want exactly %v", got, tt.level)
			}
		})
	}
}

func TestTargetCheckNamesEachProblem(t *testing.T) {
	accounts := Series{{2018, 800_000}, {2019, -5}, {2023, 600_000}}
	ok := kbh1990(2030, 70)
	with := func(change func(t *Target)) Target {
		t := ok
		change(&t)
		return t
	}
	tests := []struct {
		name   string
		target Target
		field  string
		want   string // a piece of the message
	}{
		{"target year before the base year", with(func(t *Target) { t.TargetYear = 1985 }), "target_year", "after the base year"},
		{"target year equal to the base year", with(func(t *Target) { t.TargetYear = 1990 }), "target_year", "after the base year"},
		{"target year out of range", with(func(t *Target) { t.TargetYear = 2200 }), "target_year", "between 1900 and 2100"},
		{"base year out of range", with(func(t *Target) { t.BaseYear = 1850 }), "base_year", "between 1900 and 2100"},
		{"reduction above 100 %", with(func(t *Target) { t.ReductionPct = 120 }), "reduction_pct", "between 0 and 100 %"},
		{"negative reduction", with(func(t *Target) { t.ReductionPct = -1 }), "reduction_pct", "between 0 and 100 %"},
		{"reduction not a number", with(func(t *Target) { t.ReductionPct = math.NaN() }), "reduction_pct", "between 0 and 100 %"},
		{"net zero with 70 %", with(func(t *Target) { t.NetZero = true }), "reduction_pct", "net-zero target is a 100 % reduction"},
		{"base year before the accounts and no base entered", with(func(t *Target) { t.BaseTCO2e = 0; t.BaseSource = "" }), "base_t_co2e", "no figure for the base year 1990"},
		{"entered base without its source", with(func(t *Target) { t.BaseSource = "  " }), "base_source", "need their source"},
		{"negative entered base", with(func(t *Target) { t.BaseTCO2e = -1 }), "base_t_co2e", "positive number"},
		{"infinite entered base", with(func(t *Target) { t.BaseTCO2e = math.Inf(1) }), "base_t_co2e", "positive number"},
		{"the accounts' base is not above zero", with(func(t *Target) { t.BaseYear = 2019; t.BaseTCO2e = 0 }), "base_t_co2e", "not above zero"},
		{"unknown boundary", with(func(t *Target) { t.Boundary = "consumption" }), "boundary", "territorial, territorial_excl_lulucf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.target.Check(accounts)
			var ve *model.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Check = %v; want a *model.ValidationError", err)
			}
			i := slices.IndexFunc(ve.Errors, func(fe model.FieldError) bool { return fe.Field == tt.field })
			if i < 0 {
				t.Fatalf("no error on %s in %v", tt.field, err)
			}
			if !strings.Contains(ve.Errors[i].Message, tt.want) {
				t.Errorf("%s: %q; want it to say %q", tt.field, ve.Errors[i].Message, tt.want)
			}
		})
	}
	if err := ok.Check(accounts); err != nil {
		t.Errorf("the valid target: %v", err)
	}
	if err := with(func(t *Target) { t.Boundary = "" }).Check(accounts); err != nil {
		t.Errorf("an empty boundary is territorial: %v", err)
	}
}

func TestCheckTargetsRejectsTwoTargetsInOneYearAndMixedBoundaries(t *testing.T) {
	accounts := Series{{2023, 600_000}}
	excl := kbh1990(2050, 100)
	excl.Boundary = BoundaryTerritorialExclLULUCF
	tests := []struct {
		name    string
		targets []Target
		field   string // "" for no error
	}{
		{"2030 then 2050", []Target{kbh1990(2030, 70), kbh1990(2050, 100)}, ""},
		{"two targets for 2030", []Target{kbh1990(2030, 70), kbh1990(2050, 100), kbh1990(2030, 80)}, "targets[2].target_year"},
		{"two boundaries", []Target{kbh1990(2030, 70), excl}, "targets[1].boundary"},
		{"a bad target is named by its place", []Target{kbh1990(2030, 70), kbh1990(2050, 101)}, "targets[1].reduction_pct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTargets(accounts, tt.targets)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ve *model.ValidationError
			if !errors.As(err, &ve) || !slices.ContainsFunc(ve.Errors, func(fe model.FieldError) bool { return fe.Field == tt.field }) {
				t.Fatalf("CheckTargets = %v; want an error on %s", err, tt.field)
			}
		})
	}
}

// TestNetZeroNeedsNoBase: a net-zero target without a base year or base emissions is valid,
// requires 0 t, and draws a pathway from the latest accounts; a percentage target without a
// base is still refused.
func TestNetZeroNeedsNoBase(t *testing.T) {
	actual := Series{{2022, 800}, {2023, 750}}
	nz := Target{TargetYear: 2050, NetZero: true, Boundary: BoundaryTerritorial}
	if err := nz.Check(actual); err != nil {
		t.Fatalf("net zero without a base refused: %v", err)
	}
	if base, ok := nz.Base(actual); !ok || nz.Level(base) != 0 {
		t.Errorf("level = %v (%v), want 0", nz.Level(base), ok)
	}
	p, err := RequiredPathway(actual, []Target{nz}, Linear)
	if err != nil {
		t.Fatal(err)
	}
	last := p.Years[len(p.Years)-1]
	if last.Year != 2050 || last.Required == nil || *last.Required != 0 {
		t.Errorf("2050 = %+v, want 0 required", last)
	}
	if err := (Target{TargetYear: 2030, ReductionPct: 70, Boundary: BoundaryTerritorial}).Check(actual); err == nil {
		t.Error("a percentage target without a base year passed")
	}
}

// TestNetZeroAgainstAnEarlyBaseYear: "100 % by 2050 against 2005" is net zero whatever
// 2005's emissions were: the base year before the accounts is no hindrance.
func TestNetZeroAgainstAnEarlyBaseYear(t *testing.T) {
	nz := Target{BaseYear: 2005, TargetYear: 2050, NetZero: true, Boundary: BoundaryTerritorial}
	if err := nz.Check(Series{{2023, 750}}); err != nil {
		t.Fatalf("refused: %v", err)
	}
	if err := (Target{BaseYear: 2050, TargetYear: 2050, NetZero: true, Boundary: BoundaryTerritorial}).Check(Series{{2023, 750}}); err == nil {
		t.Error("a target year not after its base year passed")
	}
}
