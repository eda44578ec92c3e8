package emissions

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// TestDefaultSetReadsEveryRow: each of the shipped file's rows is a factor or a skipped row
// with a reason; the set is valid and named.
func TestDefaultSetReadsEveryRow(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(defaultCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	set, skipped := DefaultFactorSet(), DefaultSkipped()
	if got, want := len(set.Factors)+len(skipped), len(rows)-1; got != want {
		t.Errorf("%d factors + %d skipped = %d, the file has %d rows", len(set.Factors), len(skipped), got, want)
	}
	if len(set.Factors) != 91 || len(skipped) != 27 {
		t.Errorf("%d factors and %d skipped rows, want 91 and 27 (the file changed? raise DefaultSetVersion)", len(set.Factors), len(skipped))
	}
	for _, s := range skipped {
		if s.Reason == "" {
			t.Errorf("line %d skipped without a reason", s.Line)
		}
	}
	if set.Name != DefaultSetName || set.Version != DefaultSetVersion || set.Validate() != nil {
		t.Errorf("set %s v%d: %v", set.Name, set.Version, set.Validate())
	}
	// The caller's copy is its own.
	set.Factors[0].Value = -1
	if DefaultFactorSet().Factors[0].Value == -1 {
		t.Error("DefaultFactorSet hands out the shared factors")
	}
}

// TestDefaultSetFactors: hand-picked rows as the calculation reads them.
func TestDefaultSetFactors(t *testing.T) {
	set := DefaultFactorSet()
	for _, c := range []struct {
		fuel, use string
		gas       Gas
		year      int
		id        string
		value     float64
		mass, per Unit
	}{
		{"natural_gas", "stationary", CO2, 2023, "default:2", 56.1, Kg, GJ},
		{"natural_gas", "stationary", CH4, 2023, "default:24", 0.001, Kg, GJ},
		{"natural_gas", "stationary", N2O, 1990, "default:25", 0.0001, Kg, GJ},
		{"natural_gas", "residential", CH4, 2023, "default:50", 0.005, Kg, GJ},
		{"gas_diesel_oil", "road", N2O, 2023, "default:71", 0.0039, Kg, GJ},
		{"wood_wood_waste", "residential", BiogenicCO2, 2023, "default:18", 112, Kg, GJ},
		// The Danish standard for buildings beats the IPCC's CO2 for its use and years.
		{"natural_gas", "buildings_dk_standard", CO2, 2017, "default:100", 56.67, Kg, GJ},
		{"natural_gas", "buildings_dk_standard", CO2, 2019, "default:2", 56.1, Kg, GJ},
		// A year's own electricity figure beats the 2016–2018 standard.
		{"electricity", "", CO2, 2016, "default:106", 197, Gram, KWh},
		{"electricity", "", CO2, 2017, "default:116", 190, Gram, KWh},
		{"electricity", "", CO2, 2010, "default:108", 448, Gram, KWh},
		{"district_heating", "", CO2, 2008, "default:107", 122, Gram, KWh},
	} {
		f, ok := set.Lookup(c.fuel, c.use, c.gas, c.year, 0)
		if !ok || f.ID != c.id || f.Value != c.value || f.Mass != c.mass || f.Per != c.per || f.Source == "" {
			t.Errorf("Lookup(%s, %s, %s, %d) = %+v, %v; want %s %v %s/%s", c.fuel, c.use, c.gas, c.year, f, ok, c.id, c.value, c.mass, c.per)
		}
	}
	for _, c := range []struct {
		fuel, use string
		gas       Gas
		year      int
	}{
		{"electricity", "", CO2, 2023}, // no national figure after 2018 in the shared data
		{"electricity", "", CO2, 2009}, // nor before 2010
		{"natural_gas", "stationary", BiogenicCO2, 2023},
		{"wood_wood_waste", "residential", CO2, 2023}, // biomass CO2 is biogenic, never fossil
		{"coke", "residential", CO2, 2017},            // only the buildings standard has coke
	} {
		if f, ok := set.Lookup(c.fuel, c.use, c.gas, c.year, 0); ok {
			t.Errorf("Lookup(%s, %s, %s, %d) found %s", c.fuel, c.use, c.gas, c.year, f.ID)
		}
	}
}

func factor(id, fuel, use string, gas Gas, v float64, from, to int, org int64) Factor {
	return Factor{ID: id, Fuel: fuel, Use: use, Gas: gas, Value: v, Unit: "g CO2/kWh", Mass: Gram, Per: KWh, ValidFrom: from, ValidTo: to, OrganisationID: org, Source: "test"}
}

// TestLookupPrefersLocalThenUseThenFewestYears.
func TestLookupPrefersLocalThenUseThenFewestYears(t *testing.T) {
	set := FactorSet{Name: "t", Version: 1, Factors: []Factor{
		factor("national-open", "electricity", "", CO2, 300, 0, 0, 0),
		factor("national-decade", "electricity", "", CO2, 200, 2020, 2029, 0),
		factor("national-2023", "electricity", "", CO2, 150, 2023, 2023, 0),
		factor("kbh-decade", "electricity", "", CO2, 90, 2020, 2029, 101),
		factor("kbh-2024", "electricity", "", CO2, 80, 2024, 2024, 101),
		factor("heat-any", "district_heating", "", CO2, 60, 0, 0, 0),
		factor("heat-industry", "district_heating", "industry", CO2, 70, 0, 0, 0),
	}}
	for _, c := range []struct {
		fuel, use string
		year      int
		org       int64
		want      string
	}{
		{"electricity", "", 2019, 0, "national-open"},
		{"electricity", "", 2022, 0, "national-decade"},
		{"electricity", "", 2023, 0, "national-2023"},
		{"electricity", "", 2023, 101, "kbh-decade"}, // local beats a national year's own figure
		{"electricity", "", 2024, 101, "kbh-2024"},
		{"electricity", "", 2019, 101, "national-open"}, // no local factor that year
		{"electricity", "", 2023, 147, "national-2023"}, // another municipality's factor is not ours
		{"district_heating", "industry", 2023, 0, "heat-industry"},
		{"district_heating", "homes", 2023, 0, "heat-any"},
	} {
		f, ok := set.Lookup(c.fuel, c.use, CO2, c.year, c.org)
		if !ok || f.ID != c.want {
			t.Errorf("Lookup(%s, %q, %d, org %d) = %s, want %s", c.fuel, c.use, c.year, c.org, f.ID, c.want)
		}
	}
}

func TestValidateRefusesBadFactors(t *testing.T) {
	good := factor("a", "electricity", "", CO2, 100, 2020, 2020, 0)
	for name, c := range map[string]struct {
		f    func(f *Factor)
		want string
	}{
		"negative":        {func(f *Factor) { f.Value = -1 }, "zero or more"},
		"unknown gas":     {func(f *Factor) { f.Gas = "SF6" }, "unknown gas"},
		"no fuel":         {func(f *Factor) { f.Fuel = "" }, "no fuel"},
		"mass not a mass": {func(f *Factor) { f.Mass = GJ }, "not a mass"},
		"unknown per":     {func(f *Factor) { f.Per = "barrel" }, "unknown unit"},
		"years reversed":  {func(f *Factor) { f.ValidFrom, f.ValidTo = 2021, 2020 }, "after"},
		"tie":             {func(f *Factor) { f.Value = 50; f.ID = "b" }, "same fuel, use, gas, organisation and years as a"},
	} {
		bad := good
		c.f(&bad)
		fs := []Factor{bad}
		if name == "tie" {
			fs = []Factor{good, bad}
		}
		err := FactorSet{Name: "t", Version: 1, Factors: fs}.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Validate = %v, want %q", name, err, c.want)
		}
	}
	if err := (FactorSet{Factors: []Factor{good}}).Validate(); err == nil {
		t.Error("a set without a name is valid")
	}
}

// TestReadFactorCSVRefusesWhatItCannotPlace: an unknown context, a bad year, value or
// unit, and other columns.
func TestReadFactorCSVRefusesWhatItCannotPlace(t *testing.T) {
	head := "fuel,context,gas,value,unit,inventory_treatment,gwp_set,year,source\n"
	for name, c := range map[string]struct{ body, want string }{
		"context": {head + "natural_gas,aviation,CH4,0.001,kg CH4/GJ,,,2006 default,x\n", `unknown context "aviation"`},
		"year":    {head + "natural_gas,\"combustion, all sectors\",CO2,56.1,kg CO2/GJ,,,someday,x\n", `year "someday"`},
		"value":   {head + "natural_gas,\"combustion, all sectors\",CO2,lots,kg CO2/GJ,,,2006 default,x\n", `value "lots"`},
		"unit":    {head + "natural_gas,\"combustion, all sectors\",CO2,56.1,MWh CO2/GJ,,,2006 default,x\n", "does not start with a mass"},
		"columns": {"fuel,gas,value\nnatural_gas,CO2,1\n", "columns"},
	} {
		_, _, err := ReadFactorCSV("t", 1, strings.NewReader(c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, c.want)
		}
	}
	// A line is named in the error.
	_, _, err := ReadFactorCSV("t", 1, strings.NewReader(head+"natural_gas,\"combustion, all sectors\",CO2,56.1,kg CO2/GJ,,,2006 default,x\nx,aviation,CO2,1,kg CO2/GJ,,,2006 default,x\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("err = %v, want it to name line 3", err)
	}
}
