package emissions

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Gas is a greenhouse gas a factor gives. BiogenicCO2 is the CO2 from burning biomass: it
// is reported as a memo item and never enters a total (IPCC, GPC and the Danish Energy
// Agency's accounts count it as 0 on the territory; the CH4 and N2O of biomass count).
type Gas string

const (
	CO2         Gas = "CO2"
	CH4         Gas = "CH4"
	N2O         Gas = "N2O"
	BiogenicCO2 Gas = "CO2_biogenic"
)

// Gases are the gases in the order results show them.
var Gases = []Gas{CO2, CH4, N2O, BiogenicCO2}

// Factor is one emission factor: so much of one gas per unit of a fuel or activity, for a
// use, in the years it is valid for, nationally or for one organisation.
type Factor struct {
	// ID names the factor for traceability: the set's name and, for a set read from CSV,
	// the file's line ("default:24").
	ID string
	// Fuel is the fuel or activity ("natural_gas", "electricity", "dairy_cattle").
	Fuel string
	// Use is what the fuel is used for ("stationary", "road"); "" holds for every use
	// (the IPCC's combustion CO2, which depends on the fuel alone).
	Use   string
	Gas   Gas
	Value float64
	// Unit is the factor's unit as its source gave it ("kg CO2/GJ (NCV)"); Mass and Per
	// are what the calculation reads from it: Value Mass of the gas per one Per.
	Unit string
	Mass Unit
	Per  Unit
	// ValidFrom and ValidTo are the first and last year the factor holds for; 0 leaves
	// that end open (the IPCC's 2006 defaults hold for every year).
	ValidFrom, ValidTo int
	// OrganisationID makes the factor local to one organisation (a municipality's own
	// electricity or district-heating factor); 0 is national.
	OrganisationID int64
	Source         string
	// Note keeps the source row's context and treatment, for the reader.
	Note string
}

// ValidIn tells whether the factor holds in the year.
func (f *Factor) ValidIn(year int) bool {
	return (f.ValidFrom == 0 || year >= f.ValidFrom) && (f.ValidTo == 0 || year <= f.ValidTo)
}

// span is how many years the factor holds for; an open end counts as forever.
func (f *Factor) span() int {
	if f.ValidFrom == 0 || f.ValidTo == 0 {
		return math.MaxInt
	}
	return f.ValidTo - f.ValidFrom + 1
}

// FactorSet is a named, versioned set of factors: a plain value, so a store can keep it and
// a calculation names the set and version it used. A new version of a set is a new value;
// a calculation of a year reads only the factors valid in that year, so a new factor for
// some years changes the results of those years only.
type FactorSet struct {
	Name    string
	Version int
	Factors []Factor
}

// Validate checks every factor and refuses two factors that would tie in a lookup (same
// fuel, use, gas, organisation and years), so the choice is never left to order.
func (s FactorSet) Validate() error {
	var errs []error
	if strings.TrimSpace(s.Name) == "" {
		errs = append(errs, errors.New("the factor set has no name"))
	}
	type key struct {
		fuel, use string
		gas       Gas
		org       int64
		from, to  int
	}
	seen := map[key]string{}
	for i := range s.Factors {
		f := &s.Factors[i]
		at := fmt.Sprintf("factor %d (%s)", i, f.ID)
		switch {
		case f.Fuel == "":
			errs = append(errs, fmt.Errorf("%s: no fuel or activity", at))
		case !slices.Contains(Gases, f.Gas):
			errs = append(errs, fmt.Errorf("%s: unknown gas %q", at, f.Gas))
		case math.IsNaN(f.Value) || math.IsInf(f.Value, 0) || f.Value < 0:
			errs = append(errs, fmt.Errorf("%s: value %v is not a number of zero or more", at, f.Value))
		case f.Mass.Dimension() != Mass:
			errs = append(errs, fmt.Errorf("%s: %q is not a mass of gas", at, f.Mass))
		case f.Per.Dimension() == "":
			errs = append(errs, fmt.Errorf("%s: unknown unit %q", at, f.Per))
		case f.ValidFrom != 0 && f.ValidTo != 0 && f.ValidFrom > f.ValidTo:
			errs = append(errs, fmt.Errorf("%s: valid from %d after %d", at, f.ValidFrom, f.ValidTo))
		}
		k := key{f.Fuel, f.Use, f.Gas, f.OrganisationID, f.ValidFrom, f.ValidTo}
		if other, dup := seen[k]; dup {
			errs = append(errs, fmt.Errorf("%s: the same fuel, use, gas, organisation and years as %s", at, other))
		}
		seen[k] = f.ID
	}
	return errors.Join(errs...)
}

// --- the default set: the shared data's emission_factors.csv ---

//go:embed data/emission_factors.csv
var defaultCSV []byte

// DefaultSetName is the name of the set shipped with Klimaspor.
const DefaultSetName = "default"

// DefaultSetVersion counts the changes to the shipped file; raise it when the file changes.
const DefaultSetVersion = 1

// SkippedRow is a row of a factor file that is not a factor of the set, with the reason.
type SkippedRow struct {
	Line   int
	Fuel   string
	Reason string
}

var defaultSet = sync.OnceValues(func() (FactorSet, []SkippedRow) {
	set, skipped, err := ReadFactorCSV(DefaultSetName, DefaultSetVersion, bytes.NewReader(defaultCSV))
	if err != nil {
		panic("emissions: the shipped factor file: " + err.Error()) // a test reads it
	}
	return set, skipped
})

// DefaultFactorSet is the shipped set, read from data/emission_factors.csv (a copy of the
// shared data's file). The caller gets its own copy of the factors.
func DefaultFactorSet() FactorSet {
	s, _ := defaultSet()
	s.Factors = slices.Clone(s.Factors)
	return s
}

// DefaultSkipped lists the shipped file's rows that are not in the default set, and why.
func DefaultSkipped() []SkippedRow {
	_, sk := defaultSet()
	return slices.Clone(sk)
}

// ReadFactorCSV reads a factor file with the shared data's columns (fuel, context, gas,
// value, unit, inventory_treatment, gwp_set, year, source). How a row becomes a factor:
//
//   - fuel: the name before a parenthesis ("gas_diesel_oil (road diesel)" is gas_diesel_oil);
//     the Danish standard rows' names become the IPCC names of the same fuel (fuelolie is
//     residual_fuel_oil, fyringsgasolie gas_diesel_oil, petroleum other_kerosene), and the
//     national electricity and district-heating series become electricity and
//     district_heating.
//   - context → use: "combustion, all sectors" holds for every use (""); IPCC 2006 Vol.2
//     Table 2.2 (energy industries: power, CHP and district-heating plants) is
//     "stationary", Table 2.4 "commercial", Table 2.5 "residential" (also agriculture,
//     forestry and fishing), Table 3.2.2 "road"; the energy-labelling handbook's standard
//     factors for buildings are "buildings_dk_standard" (CO2 only). Electricity and
//     district heating have no use. Any other context is an error, so a changed file is
//     noticed.
//   - gas: CO2, CH4 or N2O; CO2 whose inventory_treatment says biogenic is BiogenicCO2.
//   - year: "2006 default" holds for every year; "2015" for that year; "HB2016
//     (2016-2018)" for 2016 to 2018.
//   - unit: "kg CO2/GJ (NCV)", "g CO2/kWh el": the mass of gas and the unit it is per.
//
// Rows that are not one gas's factor are skipped and listed: the DERIVED CO2e rows (the
// calculation derives CO2e itself; a test checks it agrees with them), the GWP rows (see
// gwp.go), CO2e-only rows, a share and a calorific value (see units.go), and the
// production-based electricity figure (not a factor for electricity consumed).
func ReadFactorCSV(name string, version int, r io.Reader) (FactorSet, []SkippedRow, error) {
	set := FactorSet{Name: name, Version: version}
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return set, nil, fmt.Errorf("emissions: read factor file header: %w", err)
	}
	want := []string{"fuel", "context", "gas", "value", "unit", "inventory_treatment", "gwp_set", "year", "source"}
	if !slices.Equal(header, want) {
		return set, nil, fmt.Errorf("emissions: factor file columns are %v, want %v", header, want)
	}
	var skipped []SkippedRow
	var errs []error
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return set, nil, fmt.Errorf("emissions: read factor file: %w", err)
		}
		row := map[string]string{}
		for i, h := range header {
			row[h] = strings.TrimSpace(rec[i])
		}
		f, skip, err := readFactorRow(name, line, row)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("line %d: %w", line, err))
		case skip != "":
			skipped = append(skipped, SkippedRow{Line: line, Fuel: row["fuel"], Reason: skip})
		default:
			set.Factors = append(set.Factors, f)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return set, skipped, fmt.Errorf("emissions: factor file: %w", err)
	}
	if err := set.Validate(); err != nil {
		return set, skipped, fmt.Errorf("emissions: factor file: %w", err)
	}
	return set, skipped, nil
}

// fuelNames maps the shipped file's other names of a fuel to the one the set uses.
var fuelNames = map[string]string{
	"fuel_oil":                     "residual_fuel_oil",
	"heating_gas_oil":              "gas_diesel_oil",
	"kerosene":                     "other_kerosene",
	"electricity_national_average": "electricity",
	"electricity_DK_environmental_declaration": "electricity",
	"district_heating_national_average":        "district_heating",
}

// contextUses maps a row's context (by its start) to a use.
var contextUses = []struct{ prefix, use string }{
	{"combustion, all sectors", ""},
	{"stationary combustion - IPCC 2006 Vol.2 Ch.2 Table 2.2 ", "stationary"},
	{"stationary combustion - IPCC 2006 Vol.2 Ch.2 Table 2.4 ", "commercial"},
	{"stationary combustion - IPCC 2006 Vol.2 Ch.2 Table 2.5 ", "residential"},
	{"road transport - IPCC 2006 Vol.2 Ch.3 Table 3.2.2", "road"},
	{"Danish energy-labelling standard factor (buildings)", "buildings_dk_standard"},
}

var yearRange = regexp.MustCompile(`\((\d{4})-(\d{4})\)`)

func readFactorRow(set string, line int, row map[string]string) (Factor, string, error) {
	fuel, _, _ := strings.Cut(row["fuel"], " (")
	fuel = strings.TrimSpace(fuel)
	switch {
	case strings.HasPrefix(fuel, "GWP100"):
		return Factor{}, "a GWP value, not a factor (the GWP sets are in gwp.go)", nil
	case row["year"] == "derived" || strings.HasPrefix(row["context"], "DERIVED"):
		return Factor{}, "DERIVED CO2e of the rows above: the calculation derives CO2e from the gases itself", nil
	case fuel == "electricity_DK_production_based":
		return Factor{}, "production-based (per kWh produced), not a factor for electricity consumed", nil
	}
	gas := Gas(row["gas"])
	if gas != CO2 && gas != CH4 && gas != N2O {
		return Factor{}, fmt.Sprintf("not one gas's factor (gas %q)", row["gas"]), nil
	}
	if gas == CO2 && strings.HasPrefix(row["inventory_treatment"], "biogenic CO2") {
		gas = BiogenicCO2
	}
	if n, ok := fuelNames[fuel]; ok {
		fuel = n
	}
	use, known := "", energyCarrier(fuel)
	for _, c := range contextUses {
		if !known && strings.HasPrefix(row["context"], c.prefix) {
			use, known = c.use, true
		}
	}
	if !known {
		return Factor{}, "", fmt.Errorf("unknown context %q: say which use it is in contextUses", row["context"])
	}
	v, err := strconv.ParseFloat(row["value"], 64)
	if err != nil {
		return Factor{}, "", fmt.Errorf("value %q is not a number", row["value"])
	}
	mass, per, err := parseFactorUnit(row["unit"])
	if err != nil {
		return Factor{}, "", err
	}
	from, to, err := parseValidYears(row["year"])
	if err != nil {
		return Factor{}, "", err
	}
	return Factor{
		ID: fmt.Sprintf("%s:%d", set, line), Fuel: fuel, Use: use, Gas: gas, Value: v,
		Unit: row["unit"], Mass: mass, Per: per, ValidFrom: from, ValidTo: to,
		Source: row["source"], Note: row["context"] + "; " + row["inventory_treatment"],
	}, "", nil
}

// parseFactorUnit reads "kg CO2/GJ (NCV)" as kg per GJ, "g CO2/kWh el" as g per kWh.
func parseFactorUnit(s string) (mass, per Unit, err error) {
	num, den, ok := strings.Cut(s, "/")
	nf, df := strings.Fields(num), strings.Fields(den)
	if !ok || len(nf) == 0 || len(df) == 0 {
		return "", "", fmt.Errorf("unit %q is not <mass> <gas>/<unit>", s)
	}
	if mass, err = ParseUnit(nf[0]); err != nil || mass.Dimension() != Mass {
		return "", "", fmt.Errorf("unit %q does not start with a mass (g, kg, t)", s)
	}
	if per, err = ParseUnit(df[0]); err != nil {
		return "", "", fmt.Errorf("unit %q: %w", s, err)
	}
	return mass, per, nil
}

// parseValidYears reads the year column: "2006 default" (every year), "2015", "HB2016 (2016-2018)".
func parseValidYears(s string) (from, to int, err error) {
	if strings.HasSuffix(s, " default") {
		return 0, 0, nil
	}
	if m := yearRange.FindStringSubmatch(s); m != nil {
		from, _ = strconv.Atoi(m[1])
		to, _ = strconv.Atoi(m[2])
		return from, to, nil
	}
	if y, err := strconv.Atoi(s); err == nil && y >= 1900 && y <= 2100 {
		return y, y, nil
	}
	return 0, 0, fmt.Errorf("year %q is neither \"<year> default\", a year, nor \"(<from>-<to>)\"", s)
}

// --- lookup ---

// index is a set prepared for lookups: its factors by fuel and organisation (0 for the
// national ones), and the uses each fuel's factors name.
type index struct {
	set    FactorSet
	byFuel map[fuelOrg]*fuelFactors
	uses   map[string][]string
	fuels  map[string]bool
	first  map[string]*Factor // a fuel's first factor, for what unit its amounts take
}

type fuelOrg struct {
	fuel string
	org  int64
}

// fuelFactors are one fuel's factors for one organisation (or the nation), by gas in the
// order of Gases.
type fuelFactors [4][]*Factor

func gasIndex(g Gas) int {
	switch g {
	case CO2:
		return 0
	case CH4:
		return 1
	case N2O:
		return 2
	}
	return 3
}

func newIndex(set FactorSet) (*index, error) {
	if err := set.Validate(); err != nil {
		return nil, fmt.Errorf("emissions: factor set %s v%d: %w", set.Name, set.Version, err)
	}
	return buildIndex(set), nil
}

func buildIndex(set FactorSet) *index {
	ix := &index{set: set, byFuel: map[fuelOrg]*fuelFactors{}, uses: map[string][]string{}, fuels: map[string]bool{}, first: map[string]*Factor{}}
	for i := range set.Factors {
		f := &set.Factors[i]
		k := fuelOrg{f.Fuel, f.OrganisationID}
		ff := ix.byFuel[k]
		if ff == nil {
			ff = &fuelFactors{}
			ix.byFuel[k] = ff
		}
		ff[gasIndex(f.Gas)] = append(ff[gasIndex(f.Gas)], f)
		ix.fuels[f.Fuel] = true
		if ix.first[f.Fuel] == nil {
			ix.first[f.Fuel] = f
		}
		if f.Use != "" && !slices.Contains(ix.uses[f.Fuel], f.Use) {
			ix.uses[f.Fuel] = append(ix.uses[f.Fuel], f.Use)
		}
	}
	for _, u := range ix.uses {
		slices.Sort(u)
	}
	return ix
}

// Lookup picks the factor of a gas for a fuel and use in a year, for an organisation
// (0: none). Of the factors valid that year it prefers, in this order: one local to the
// organisation over a national one; one for the use over one for every use; the one valid
// for the fewest years (a year's own figure over a standard for several years).
func (s FactorSet) Lookup(fuel, use string, gas Gas, year int, org int64) (Factor, bool) {
	if f := buildIndex(s).lookup(fuel, use, gas, year, org); f != nil {
		return *f, true
	}
	return Factor{}, false
}

func (ix *index) lookup(fuel, use string, gas Gas, year int, org int64) *Factor {
	local, national := ix.factorsOf(fuel, org)
	return pickGas(local, national, gasIndex(gas), use, year)
}

// factorsOf gives a fuel's factors local to the organisation (nil without) and national.
func (ix *index) factorsOf(fuel string, org int64) (local, national *fuelFactors) {
	if org != 0 {
		local = ix.byFuel[fuelOrg{fuel, org}]
	}
	return local, ix.byFuel[fuelOrg{fuel, 0}]
}

// pickGas picks a gas's factor: a local one if any is valid, else a national one.
func pickGas(local, national *fuelFactors, gi int, use string, year int) *Factor {
	if local != nil {
		if f := pick(local[gi], use, year); f != nil {
			return f
		}
	}
	if national == nil {
		return nil
	}
	return pick(national[gi], use, year)
}

func pick(fs []*Factor, use string, year int) *Factor {
	var best *Factor
	for _, f := range fs {
		if (f.Use != "" && f.Use != use) || !f.ValidIn(year) {
			continue
		}
		if best == nil || better(f, best) {
			best = f
		}
	}
	return best
}

func better(a, b *Factor) bool {
	if (a.Use != "") != (b.Use != "") {
		return a.Use != ""
	}
	return a.span() < b.span()
}

// years says which years a fuel's national factors cover ("2008, 2010–2018"), for a message.
func (ix *index) years(fuel string) string {
	var ys []int
	if ff := ix.byFuel[fuelOrg{fuel, 0}]; ff != nil {
		for _, fs := range ff {
			for _, f := range fs {
				if f.ValidFrom == 0 || f.ValidTo == 0 {
					return "open-ended years"
				}
				for y := f.ValidFrom; y <= f.ValidTo; y++ {
					ys = append(ys, y)
				}
			}
		}
	}
	slices.Sort(ys)
	ys = slices.Compact(ys)
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(ys[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", ys[i], ys[j]))
		}
		i = j + 1
	}
	if len(parts) == 0 {
		return "no year nationally"
	}
	return strings.Join(parts, ", ")
}

// ParseFactorUnit reads a factor's unit, <mass> <gas>/<unit> ("kg CO2/GJ (NCV)", "g CO2/kWh"):
// the mass of gas and the unit it is per, as the shipped file's units are read.
func ParseFactorUnit(s string) (mass, per Unit, err error) { return parseFactorUnit(s) }
