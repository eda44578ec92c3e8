package emissions

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Activity is one line of activity data: so much of a fuel or activity, used so, in a
// sector and sub-sector (methodology.md's breakdown: "energy"/"individual heating",
// "transport"/"road", …).
type Activity struct {
	Sector    string
	Subsector string
	Fuel      string
	Use       string
	Amount    float64
	Unit      string
	// OrganisationID picks the organisation's local factors for this line; 0 takes the
	// calculation's organisation (Input.OrganisationID).
	OrganisationID int64
}

// Input is a calculation: the activities of a year, the GWP set to weigh the gases by, and
// the factor set's name (empty: whatever set is given).
type Input struct {
	GWP            string
	FactorSet      string
	Year           int
	OrganisationID int64
	Activities     []Activity
}

// FactorUse is one factor a line used and what it gave.
type FactorUse struct {
	// Factor is the factor used, shared with the calculation's set: read it, do not
	// change it. Its ID, Source, Value and Unit say where the figure comes from.
	Factor *Factor
	// Amount is the line's amount in the unit the factor is per (Factor.Per).
	Amount float64
	TGas   float64 // tonnes of the gas
	GWP    float64 // t CO2e per t of the gas (0 for biogenic CO2)
	TCO2e  float64
}

// Line is an activity's result.
type Line struct {
	Index     int // the activity's position in Input.Activities
	Sector    string
	Subsector string
	Fuel      string
	Use       string
	Amount    float64
	Unit      Unit
	Factors   []FactorUse
	TCO2e     float64
	// BiogenicCO2 is the memo item in t CO2, outside TCO2e.
	BiogenicCO2 float64
}

// SubsectorTotal and SectorTotal add lines up by where they are in the accounts.
type SubsectorTotal struct {
	Subsector string
	TCO2e     float64
}

type SectorTotal struct {
	Sector     string
	TCO2e      float64
	Subsectors []SubsectorTotal // sorted by name; a line without a sub-sector adds to ""
}

// Result is a calculation's outcome. Every figure goes back to its lines, and every line
// to its activity and factors.
type Result struct {
	GWP              GWP
	FactorSet        string
	FactorSetVersion int
	Year             int
	TotalTCO2e       float64
	// ByGas holds tonnes of each gas in the total (CO2, CH4, N2O), not CO2e.
	ByGas map[Gas]float64
	// BiogenicCO2Memo is the t CO2 from biomass, reported beside the total, never in it.
	BiogenicCO2Memo float64
	Lines           []Line
	BySector        []SectorTotal // sorted by name
}

// LineError is what is wrong with one field of the input. Line is the activity's index,
// -1 for the input's own fields; Field names it as the API does ("activities[3].unit").
type LineError struct {
	Line   int
	Field  string
	Code   string
	Reason string
	Value  string
}

// Codes of LineError.
const (
	CodeRequired = "required"
	CodeUnknown  = "invalid_value"
	CodeRange    = "out_of_range"
	CodeUnit     = "impossible_unit"
	CodeNoFactor = "no_factor"
)

func (e LineError) Error() string { return e.Field + ": " + e.Reason }

// InputError lists every bad field of a calculation's input at once.
type InputError struct{ Errors []LineError }

func (e *InputError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, le := range e.Errors {
		parts[i] = le.Error()
	}
	return "emissions: " + strings.Join(parts, "; ")
}

// Calculator calculates with one factor set, prepared once for many calculations.
type Calculator struct{ ix *index }

// NewCalculator checks the set and prepares it.
func NewCalculator(set FactorSet) (*Calculator, error) {
	ix, err := newIndex(set)
	if err != nil {
		return nil, err
	}
	return &Calculator{ix: ix}, nil
}

// Calculate computes the emissions of the input's activities with the set's factors. A bad
// input answers an *InputError listing every bad field; nothing is computed then.
func Calculate(in Input, set FactorSet) (Result, error) {
	c, err := NewCalculator(set)
	if err != nil {
		return Result{}, err
	}
	return c.Calculate(in)
}

// Calculate computes the emissions of the input's activities (see the package comment).
func (c *Calculator) Calculate(in Input) (Result, error) {
	set := &c.ix.set
	var bad []LineError
	g, err := GWPOf(in.GWP)
	if err != nil {
		bad = append(bad, LineError{Line: -1, Field: "gwp", Code: CodeUnknown, Reason: err.Error(), Value: in.GWP})
	}
	if in.FactorSet != "" && in.FactorSet != set.Name {
		bad = append(bad, LineError{Line: -1, Field: "factor_set", Code: CodeUnknown, Reason: fmt.Sprintf("unknown factor set %q; this calculation has %q", in.FactorSet, set.Name), Value: in.FactorSet})
	}
	yearOK := in.Year >= 1900 && in.Year <= 2100
	if !yearOK {
		bad = append(bad, LineError{Line: -1, Field: "year", Code: CodeRange, Reason: "the year must lie between 1900 and 2100", Value: strconv.Itoa(in.Year)})
	}
	res := Result{GWP: g, FactorSet: set.Name, FactorSetVersion: set.Version, Year: in.Year, ByGas: map[Gas]float64{CO2: 0, CH4: 0, N2O: 0}, Lines: make([]Line, 0, len(in.Activities))}
	buf := make([]FactorUse, 0, 3*len(in.Activities))
	for i := range in.Activities {
		line, errs := c.line(i, &in.Activities[i], in, g, yearOK, &buf)
		if len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		res.Lines = append(res.Lines, line)
	}
	if len(bad) > 0 {
		return Result{}, &InputError{Errors: bad}
	}
	for i := range res.Lines {
		l := &res.Lines[i]
		for _, fu := range l.Factors {
			if fu.Factor.Gas == BiogenicCO2 {
				res.BiogenicCO2Memo += fu.TGas
			} else {
				res.ByGas[fu.Factor.Gas] += fu.TGas
			}
		}
		res.TotalTCO2e += l.TCO2e
	}
	res.BySector = bySector(res.Lines)
	return res, nil
}

// line computes one activity into res, or says everything wrong with it. Its factors go
// into buf, one backing array for all lines.
func (c *Calculator) line(i int, a *Activity, in Input, g GWP, yearOK bool, buf *[]FactorUse) (Line, []LineError) {
	var bad []LineError
	field := func(name string) string { return "activities[" + strconv.Itoa(i) + "]." + name }
	fail := func(name, code, reason, value string) {
		bad = append(bad, LineError{Line: i, Field: field(name), Code: code, Reason: reason, Value: value})
	}
	if strings.TrimSpace(a.Sector) == "" {
		fail("sector", CodeRequired, "the sector is required (energy, transport, agriculture, …)", "")
	}
	if math.IsNaN(a.Amount) || math.IsInf(a.Amount, 0) || a.Amount < 0 {
		fail("amount", CodeRange, "the amount must be a number of zero or more", strconv.FormatFloat(a.Amount, 'g', -1, 64))
	}
	unit, uerr := ParseUnit(a.Unit)
	if uerr != nil {
		fail("unit", CodeUnknown, uerr.Error(), a.Unit)
	}
	switch {
	case a.Fuel == "":
		fail("fuel", CodeRequired, "the fuel or activity is required", "")
		return Line{}, bad
	case !c.ix.fuels[a.Fuel]:
		fail("fuel", CodeUnknown, fmt.Sprintf("factor set %s has no factors for %q", c.ix.set.Name, a.Fuel), a.Fuel)
		return Line{}, bad
	}
	uses := c.ix.uses[a.Fuel]
	switch {
	case len(uses) == 0 && a.Use != "":
		fail("use", CodeUnknown, fmt.Sprintf("%s takes no use: its factors hold for every use; leave use empty", a.Fuel), a.Use)
	case len(uses) > 0 && !slices.Contains(uses, a.Use):
		fail("use", CodeUnknown, fmt.Sprintf("say what %s is used for: one of %s", a.Fuel, strings.Join(uses, ", ")), a.Use)
	}
	if uerr == nil {
		// A unit that fits none of the fuel's factors (litres of electricity) is wrong in
		// every year: said before whether the year has a factor.
		if _, err := ToUnitOf(1, unit, a.Fuel, c.ix.first[a.Fuel].Per); err != nil {
			fail("unit", CodeUnit, err.Error(), a.Unit)
		}
	}
	if len(bad) > 0 || !yearOK {
		return Line{}, bad
	}
	org := a.OrganisationID
	if org == 0 {
		org = in.OrganisationID
	}
	local, national := c.ix.factorsOf(a.Fuel, org)
	l := Line{Index: i, Sector: a.Sector, Subsector: a.Subsector, Fuel: a.Fuel, Use: a.Use, Amount: a.Amount, Unit: unit}
	start := len(*buf)
	var per Unit // the unit of amt: the factors of a line are mostly per the same unit
	var amt float64
	for gi, gas := range Gases {
		f := pickGas(local, national, gi, a.Use, in.Year)
		if f == nil {
			continue
		}
		if f.Per != per {
			var err error
			if amt, err = ToUnitOf(a.Amount, unit, a.Fuel, f.Per); err != nil {
				*buf = (*buf)[:start]
				fail("unit", CodeUnit, err.Error(), a.Unit)
				return Line{}, bad
			}
			per = f.Per
		}
		tGas := f.Value * amt * units[f.Mass].base // the mass unit in tonnes
		gw := g.Of(gas)
		*buf = append(*buf, FactorUse{Factor: f, Amount: amt, TGas: tGas, GWP: gw, TCO2e: tGas * gw})
		if gas == BiogenicCO2 {
			l.BiogenicCO2 += tGas
		} else {
			l.TCO2e += tGas * gw
		}
	}
	if len(*buf) == start {
		fail("fuel", CodeNoFactor, fmt.Sprintf("factor set %s v%d has no factor for %s valid in %d (its factors cover %s)", c.ix.set.Name, c.ix.set.Version, a.Fuel, in.Year, c.ix.years(a.Fuel)), a.Fuel)
		return Line{}, bad
	}
	l.Factors = (*buf)[start:len(*buf):len(*buf)]
	return l, nil
}

func bySector(lines []Line) []SectorTotal {
	var out []SectorTotal
	for i := range lines {
		l := &lines[i]
		si := slices.IndexFunc(out, func(s SectorTotal) bool { return s.Sector == l.Sector })
		if si < 0 {
			out = append(out, SectorTotal{Sector: l.Sector})
			si = len(out) - 1
		}
		s := &out[si]
		s.TCO2e += l.TCO2e
		ui := slices.IndexFunc(s.Subsectors, func(u SubsectorTotal) bool { return u.Subsector == l.Subsector })
		if ui < 0 {
			s.Subsectors = append(s.Subsectors, SubsectorTotal{Subsector: l.Subsector})
			ui = len(s.Subsectors) - 1
		}
		s.Subsectors[ui].TCO2e += l.TCO2e
	}
	slices.SortFunc(out, func(a, b SectorTotal) int { return strings.Compare(a.Sector, b.Sector) })
	for i := range out {
		slices.SortFunc(out[i].Subsectors, func(a, b SubsectorTotal) int { return strings.Compare(a.Subsector, b.Subsector) })
	}
	return out
}
