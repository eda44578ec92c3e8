package emissions

import (
	"math"
	"strings"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// TestUnitsRoundTrip: converting there and back gives the amount again, in every dimension.
func TestUnitsRoundTrip(t *testing.T) {
	for _, c := range []struct {
		v        float64
		from, to Unit
		want     float64 // the amount in `to`
	}{
		{1, MWh, GJ, 3.6},
		{277.778, MWh, GJ, 1000.0008},
		{1000, GJ, TJ, 1},
		{1, TJ, MWh, 277.7777777777778},
		{1000, KWh, MWh, 1},
		{1, GWh, MWh, 1000},
		{3600, MJ, MWh, 1},
		{1000, Litre, M3, 1},
		{1500, Kg, Tonne, 1.5},
		{2e6, Gram, Tonne, 2},
		{12, Head, Head, 12},
		{100, Km, Km, 100},
	} {
		got, err := Convert(c.v, c.from, c.to)
		if err != nil || !near(got, c.want, 1e-9*math.Max(1, c.want)) {
			t.Errorf("%v %s → %s = %v, %v; want %v", c.v, c.from, c.to, got, err, c.want)
		}
		back, err := Convert(got, c.to, c.from)
		if err != nil || !near(back, c.v, 1e-9*math.Max(1, c.v)) {
			t.Errorf("%v %s → %s → %s = %v, %v", c.v, c.from, c.to, c.from, back, err)
		}
	}
	// Every pair of units within a dimension round-trips.
	for _, a := range Units {
		for _, b := range Units {
			if a.Dimension() != b.Dimension() {
				if _, err := Convert(1, a, b); err == nil {
					t.Errorf("%s → %s converted across dimensions", a, b)
				}
				continue
			}
			x, _ := Convert(123.456, a, b)
			y, _ := Convert(x, b, a)
			if !near(y, 123.456, 1e-9) {
				t.Errorf("123.456 %s → %s → %s = %v", a, b, a, y)
			}
		}
	}
}

func TestParseUnitSpellings(t *testing.T) {
	for in, want := range map[string]Unit{
		"MWh": MWh, "mwh": MWh, "GJ": GJ, "tj": TJ, "kWh": KWh, "l": Litre, "L": Litre, "litre": Litre,
		"m3": M3, "m³": M3, "Nm3": M3, "t": Tonne, "tonnes": Tonne, "kg": Kg, "head": Head, " km ": Km,
	} {
		if got, err := ParseUnit(in); err != nil || got != want {
			t.Errorf("ParseUnit(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "gallon", "MW", "kWh/år"} {
		if u, err := ParseUnit(bad); err == nil {
			t.Errorf("ParseUnit(%q) = %q, want an error", bad, u)
		}
	}
}

// TestCalorificValuesTurnVolumeAndMassIntoEnergy: hand-computed from the sourced table.
func TestCalorificValuesTurnVolumeAndMassIntoEnergy(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit Unit
		fuel string
		to   Unit
		want float64
	}{
		{1000, M3, "natural_gas", GJ, 39.6},        // 11.00 kWh/Nm3
		{1000, M3, "natural_gas", MWh, 11},         // the same, in MWh
		{1000, Litre, "gas_diesel_oil", GJ, 36.36}, // 10.10 kWh/l
		{1, Tonne, "gas_diesel_oil", GJ, 42.7},     // DEA standard
		{1000, Kg, "lpg", GJ, 46.08},               // 12,800 kWh/t
		{1000, Litre, "motor_gasoline", GJ, 32.85}, // 43.8 GJ/t × 0.75 t/m3
		{2, Tonne, "residual_fuel_oil", MWh, 22.6}, // 11.30 kWh/kg
		{10, Tonne, "other_primary_solid_biomass_eg_straw", GJ, 145},
		{500, MWh, "electricity", KWh, 500000},
	} {
		got, err := ToUnitOf(c.v, c.unit, c.fuel, c.to)
		if err != nil || !near(got, c.want, 1e-9*c.want) {
			t.Errorf("%v %s of %s in %s = %v, %v; want %v", c.v, c.unit, c.fuel, c.to, got, err, c.want)
		}
	}
}

// TestNonsenseUnitsAreRefused: litres of electricity, head of livestock as energy, and a
// fuel whose calorific value is not known say so, naming the unit.
func TestNonsenseUnitsAreRefused(t *testing.T) {
	for _, c := range []struct {
		unit  Unit
		fuel  string
		to    Unit
		words []string
	}{
		{Litre, "electricity", KWh, []string{"litre", "electricity", "energy itself"}},
		{M3, "district_heating", GJ, []string{"cubic metre", "district_heating"}},
		{Tonne, "electricity", KWh, []string{"tonne", "electricity"}},
		{Head, "natural_gas", GJ, []string{"head of livestock", "cannot be converted to energy"}},
		{Km, "gas_diesel_oil", GJ, []string{"kilometre", "cannot be converted to energy"}},
		{Litre, "wood_wood_waste", GJ, []string{"no calorific value of wood_wood_waste per volume"}},
		{GJ, "dairy_cattle", Head, []string{"GJ", "head of livestock"}},
		{Unit("barrel"), "gas_diesel_oil", GJ, []string{"unknown unit"}},
	} {
		_, err := ToUnitOf(1, c.unit, c.fuel, c.to)
		if err == nil {
			t.Errorf("%s of %s as %s: converted, want an error", c.unit, c.fuel, c.to)
			continue
		}
		for _, w := range c.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s of %s as %s: %q does not say %q", c.unit, c.fuel, c.to, err, w)
			}
		}
	}
}

// TestCalorificValuesAreSourcedAndPlausible: every value names its source, belongs to a
// fuel of the default set, and where both bases are given the density lies between 0.5
// and 1.1 t/m³ (liquid fuels).
func TestCalorificValuesAreSourcedAndPlausible(t *testing.T) {
	set := DefaultFactorSet()
	fuels := map[string]bool{}
	for _, f := range set.Factors {
		fuels[f.Fuel] = true
	}
	for key, cv := range CalorificValues {
		if cv.Fuel != key || !fuels[key] {
			t.Errorf("calorific value %q: fuel %q is not a fuel of the default set", key, cv.Fuel)
		}
		if !strings.Contains(cv.Source, "Energistyrelsen") && !strings.Contains(cv.Source, "Danish Energy Agency") {
			t.Errorf("calorific value of %s has no source: %q", key, cv.Source)
		}
		if cv.GJPerM3 > 0 && cv.GJPerTonne > 0 {
			if d := cv.GJPerM3 / cv.GJPerTonne; d < 0.5 || d > 1.1 {
				t.Errorf("%s: implied density %.3f t/m3", key, d)
			}
		}
	}
}
