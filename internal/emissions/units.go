package emissions

import (
	"fmt"
	"strings"
)

// Dimension is what a unit measures. Amounts convert freely within a dimension; across
// dimensions only volume and mass convert to energy, through a fuel's calorific value.
type Dimension string

const (
	Energy   Dimension = "energy"
	Volume   Dimension = "volume"
	Mass     Dimension = "mass"
	Count    Dimension = "count"
	Distance Dimension = "distance"
)

// Unit is a physical unit, spelt as the API and the factor sets spell it.
type Unit string

const (
	KWh   Unit = "kWh"
	MWh   Unit = "MWh"
	GWh   Unit = "GWh"
	MJ    Unit = "MJ"
	GJ    Unit = "GJ"
	TJ    Unit = "TJ"
	Litre Unit = "l"
	M3    Unit = "m3"
	Gram  Unit = "g"
	Kg    Unit = "kg"
	Tonne Unit = "t"
	Head  Unit = "head" // of livestock
	Km    Unit = "km"
)

// unitInfo places a unit in its dimension: base is how many of the dimension's base unit
// one of it makes (energy in GJ, volume in m³, mass in t, count in head, distance in km).
type unitInfo struct {
	dim  Dimension
	base float64
	name string // for messages
}

var units = map[Unit]unitInfo{
	KWh:   {Energy, 0.0036, "kWh"},
	MWh:   {Energy, 3.6, "MWh"},
	GWh:   {Energy, 3600, "GWh"},
	MJ:    {Energy, 0.001, "MJ"},
	GJ:    {Energy, 1, "GJ"},
	TJ:    {Energy, 1000, "TJ"},
	Litre: {Volume, 0.001, "litre (l)"},
	M3:    {Volume, 1, "cubic metre (m3)"},
	Gram:  {Mass, 1e-6, "gram (g)"},
	Kg:    {Mass, 0.001, "kilogram (kg)"},
	Tonne: {Mass, 1, "tonne (t)"},
	Head:  {Count, 1, "head of livestock"},
	Km:    {Distance, 1, "kilometre (km)"},
}

// unitAliases are other spellings people use; the key is lower case.
var unitAliases = map[string]Unit{
	"kwh": KWh, "mwh": MWh, "gwh": GWh, "mj": MJ, "gj": GJ, "tj": TJ,
	"l": Litre, "litre": Litre, "liter": Litre, "litres": Litre, "liters": Litre,
	"m3": M3, "m³": M3, "nm3": M3, "nm³": M3,
	"g": Gram, "kg": Kg, "t": Tonne, "tonne": Tonne, "tonnes": Tonne, "ton": Tonne, "tons": Tonne,
	"head": Head, "heads": Head, "dyr": Head, "km": Km,
}

// Units lists the units in the order the documentation shows them.
var Units = []Unit{KWh, MWh, GWh, MJ, GJ, TJ, Litre, M3, Gram, Kg, Tonne, Head, Km}

// ParseUnit reads a unit in any of its usual spellings (case does not matter: no two of
// our units differ by case alone). Nm³ is read as m³: gas volumes are given at normal
// conditions, which is what the calorific values are for.
func ParseUnit(s string) (Unit, error) {
	if _, ok := units[Unit(s)]; ok {
		return Unit(s), nil // spelt as we spell it
	}
	if u, ok := unitAliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		return u, nil
	}
	return "", fmt.Errorf("unknown unit %q; use one of %s", s, unitList())
}

func unitList() string {
	var b strings.Builder
	for i, u := range Units {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(u))
	}
	return b.String()
}

// Dimension tells what the unit measures ("" for an unknown unit).
func (u Unit) Dimension() Dimension { return units[u].dim }

func (u Unit) describe() string {
	if i, ok := units[u]; ok {
		return i.name
	}
	return string(u)
}

// Convert converts an amount between two units of the same dimension.
func Convert(v float64, from, to Unit) (float64, error) {
	f, okf := units[from]
	t, okt := units[to]
	switch {
	case !okf:
		return 0, fmt.Errorf("unknown unit %q", from)
	case !okt:
		return 0, fmt.Errorf("unknown unit %q", to)
	case f.dim != t.dim:
		return 0, fmt.Errorf("%s is %s and %s is %s: they do not convert without a fuel's calorific value", f.name, f.dim, t.name, t.dim)
	}
	if from == to {
		return v, nil
	}
	return v * f.base / t.base, nil
}

// CalorificValue is a fuel's net calorific value (NCV, lower heating value): the energy one
// m³ (at normal conditions for gases) or one tonne of it gives. Zero means not known.
type CalorificValue struct {
	Fuel       string
	GJPerM3    float64
	GJPerTonne float64
	Source     string
}

// Sources of the calorific values below.
const (
	srcHB2016 = "Energistyrelsen, Haandbog for Energikonsulenter HB2016, section 9.3.1 \"Braendvaerdier og CO2 emissionsfaktorer (HB2016 - Historisk)\" (shared data emission_factors.csv, the HB2016 rows)"
	srcDEA    = "Danish Energy Agency (Energistyrelsen) standard value for net calorific values (standardfaktorer for braendvaerdier); a well-known value, not in the shared data"
)

// CalorificValues are the calorific values the unit system uses to turn volumes and masses
// into energy, keyed by the factor sets' fuel names. Every number names its source; where
// both a volume and a mass basis are known, the implied density is plausible (diesel
// 36.36/42.7 = 0.85 t/m³).
var CalorificValues = map[string]CalorificValue{
	// 11.00 kWh/Nm³ × 3.6 MJ/kWh = 39.6 MJ/m³.
	"natural_gas": {Fuel: "natural_gas", GJPerM3: 0.0396, Source: srcHB2016 + ": naturgas 11.00 kWh/Nm3"},
	// 5.90 kWh/m³ × 3.6 = 21.24 MJ/m³.
	"town_gas": {Fuel: "town_gas", GJPerM3: 0.02124, Source: srcHB2016 + ": bygas 5.90 kWh/m3"},
	// 10.10 kWh/l × 3.6 = 36.36 MJ/l = 36.36 GJ/m³ (fyringsgasolie is gas/diesel oil).
	"gas_diesel_oil": {Fuel: "gas_diesel_oil", GJPerM3: 36.36, GJPerTonne: 42.7, Source: srcHB2016 + ": fyringsgasolie 10.10 kWh/l (volume); " + srcDEA + ": gas/diesel oil 42.7 GJ/t (mass)"},
	// 9.70 kWh/l × 3.6 = 34.92 MJ/l.
	"other_kerosene": {Fuel: "other_kerosene", GJPerM3: 34.92, GJPerTonne: 43.5, Source: srcHB2016 + ": petroleum 9.70 kWh/l (volume); " + srcDEA + ": petroleum 43.5 GJ/t (mass)"},
	// 11.30 kWh/kg × 3.6 = 40.68 GJ/t.
	"residual_fuel_oil": {Fuel: "residual_fuel_oil", GJPerTonne: 40.68, Source: srcHB2016 + ": fuelolie 11.30 kWh/kg"},
	// 12,800 kWh/t × 3.6 = 46.08 GJ/t.
	"lpg": {Fuel: "lpg", GJPerTonne: 46.08, Source: srcHB2016 + ": flaskegas 12,800 kWh/t"},
	// 8,140 kWh/t × 3.6 = 29.304 GJ/t.
	"coke": {Fuel: "coke", GJPerTonne: 29.304, Source: srcHB2016 + ": koks 8,140 kWh/t"},
	// 43.8 GJ/t; by volume 43.8 × 0.75 t/m³ (a typical density of petrol, DERIVED) = 32.85 GJ/m³.
	"motor_gasoline":                       {Fuel: "motor_gasoline", GJPerM3: 32.85, GJPerTonne: 43.8, Source: srcDEA + ": motor gasoline 43.8 GJ/t; by volume DERIVED with a typical density of 0.75 t/m3 (not from the shared data)"},
	"jet_kerosene":                         {Fuel: "jet_kerosene", GJPerTonne: 43.5, Source: srcDEA + ": JP1 jet fuel 43.5 GJ/t"},
	"other_primary_solid_biomass_eg_straw": {Fuel: "other_primary_solid_biomass_eg_straw", GJPerTonne: 14.5, Source: srcDEA + ": straw (halm) 14.5 GJ/t"},
}

// energyOf converts an amount of a fuel to the energy unit `to`. Volume and mass need the
// fuel's calorific value; counts and distances never become energy.
func energyOf(v float64, from Unit, fuel string, to Unit) (float64, error) {
	switch from.Dimension() {
	case Energy:
		return Convert(v, from, to)
	case Volume, Mass:
		cv, ok := CalorificValues[fuel]
		perBase := cv.GJPerM3
		if from.Dimension() == Mass {
			perBase = cv.GJPerTonne
		}
		if !ok || perBase == 0 {
			if energyCarrier(fuel) {
				return 0, fmt.Errorf("%s cannot measure %s: it is energy itself; give it in kWh, MWh, GJ or TJ", from.describe(), fuel)
			}
			return 0, fmt.Errorf("there is no calorific value of %s per %s; give the amount as energy (kWh, MWh, GJ, TJ)", fuel, from.Dimension())
		}
		// The dimension's base unit is m³ or t, which the calorific value is per.
		return Convert(v*units[from].base*perBase, GJ, to)
	}
	return 0, fmt.Errorf("%s is a %s and cannot be converted to energy", from.describe(), from.Dimension())
}

// energyCarrier tells the fuels that are energy themselves (delivered electricity and heat).
func energyCarrier(fuel string) bool {
	return fuel == "electricity" || fuel == "district_heating"
}

// ToUnitOf converts an activity's amount of a fuel to the unit a factor is given per: within
// a dimension directly, from volume or mass to energy through the fuel's calorific value.
// Anything else (litres of electricity, head of livestock as energy) is an error saying why.
func ToUnitOf(v float64, from Unit, fuel string, to Unit) (float64, error) {
	if _, ok := units[from]; !ok {
		return 0, fmt.Errorf("unknown unit %q", from)
	}
	if from.Dimension() == to.Dimension() {
		return Convert(v, from, to)
	}
	if to.Dimension() == Energy {
		return energyOf(v, from, fuel, to)
	}
	return 0, fmt.Errorf("%s cannot be converted to %s: the factors for %s are per %s", from.describe(), to.describe(), fuel, to.describe())
}
