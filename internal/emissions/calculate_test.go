package emissions

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func gas(fuel, use string, amount float64, unit string) Activity {
	return Activity{Sector: "energy", Fuel: fuel, Use: use, Amount: amount, Unit: unit}
}

// localSet is the default set with a national electricity factor for 2023 and
// Copenhagen's (organisation 101) own.
func localSet() FactorSet {
	s := DefaultFactorSet()
	s.Name = "local"
	s.Factors = append(s.Factors,
		Factor{ID: "local:el-2023", Fuel: "electricity", Gas: CO2, Value: 120, Unit: "g CO2/kWh", Mass: Gram, Per: KWh, ValidFrom: 2023, ValidTo: 2023, Source: "test: national 2023"},
		Factor{ID: "local:el-kbh-2023", Fuel: "electricity", Gas: CO2, Value: 80, Unit: "g CO2/kWh", Mass: Gram, Per: KWh, ValidFrom: 2023, ValidTo: 2023, OrganisationID: 101, Source: "test: Copenhagen 2023"},
	)
	return s
}

// TestCalculateHandComputed: the hand check and more cases, each computed by hand
// in its comment.
func TestCalculateHandComputed(t *testing.T) {
	cases := []struct {
		name      string
		gwp       string
		year      int
		org       int64
		set       FactorSet
		acts      []Activity
		total     float64
		co2, ch4  float64
		n2o, memo float64
	}{
		// 56.1 t CO2 + 1 kg CH4 × 28 + 0.1 kg N2O × 265 = 56.1545 t CO2e.
		{"natural gas 1,000 GJ stationary, AR5", "AR5", 2023, 0, DefaultFactorSet(),
			[]Activity{gas("natural_gas", "stationary", 1000, "GJ")}, 56.1545, 56.1, 0.001, 0.0001, 0},
		// The same gas as 277.778 MWh (= 1,000.0008 GJ).
		{"natural gas as 277.778 MWh", "AR5", 2023, 0, DefaultFactorSet(),
			[]Activity{gas("natural_gas", "stationary", 277.778, "MWh")}, 56.1545, 56.1, 0.001, 0.0001, 0},
		// As 25,252.5 m3 × 0.0396 GJ/m3 = 999.999 GJ.
		{"natural gas as m3", "AR5", 2023, 0, DefaultFactorSet(),
			[]Activity{gas("natural_gas", "stationary", 1000/0.0396, "m3")}, 56.1545, 56.1, 0.001, 0.0001, 0},
		// AR4: 56.1 + 0.001 × 25 + 0.0001 × 298 = 56.1548.
		{"AR4", "AR4", 2023, 0, DefaultFactorSet(),
			[]Activity{gas("natural_gas", "stationary", 1000, "GJ")}, 56.1548, 56.1, 0.001, 0.0001, 0},
		// AR6: 56.1 + 0.001 × 27.9 + 0.0001 × 273 = 56.1552.
		{"AR6", "AR6", 2023, 0, DefaultFactorSet(),
			[]Activity{gas("natural_gas", "stationary", 1000, "GJ")}, 56.1552, 56.1, 0.001, 0.0001, 0},
		// 1,000 l diesel on the road = 36.36 GJ: CO2 74.1 × 36.36 = 2,694.276 kg; CH4 and N2O
		// 0.0039 × 36.36 = 0.141804 kg each; 2.694276 + 0.000141804 × 28 + 0.000141804 × 265
		// = 2.735824572 t.
		{"diesel in litres, road", "AR5", 2023, 0, DefaultFactorSet(),
			[]Activity{{Sector: "transport", Subsector: "road", Fuel: "gas_diesel_oil", Use: "road", Amount: 1000, Unit: "l"}},
			2.735824572, 2.694276, 0.000141804, 0.000141804, 0},
		// 1,000 MWh electricity in 2023: nationally 120 g/kWh = 120 t; Copenhagen's own 80 g/kWh = 80 t.
		{"electricity, national factor", "AR5", 2023, 0, localSet(),
			[]Activity{{Sector: "energy", Subsector: "electricity", Fuel: "electricity", Amount: 1000, Unit: "MWh"}}, 120, 120, 0, 0, 0},
		{"electricity, municipal factor", "AR5", 2023, 101, localSet(),
			[]Activity{{Sector: "energy", Subsector: "electricity", Fuel: "electricity", Amount: 1000, Unit: "MWh"}}, 80, 80, 0, 0, 0},
		// The line's organisation overrides the input's.
		{"electricity, line's organisation", "AR5", 2023, 0, localSet(),
			[]Activity{{Sector: "energy", Fuel: "electricity", Amount: 1000, Unit: "MWh", OrganisationID: 101}}, 80, 80, 0, 0, 0},
		// The shared data's 2017 declaration: 500,000 kWh × 190 g = 95 t.
		{"electricity 2017, default set", "AR5", 2017, 0, DefaultFactorSet(),
			[]Activity{{Sector: "energy", Fuel: "electricity", Amount: 500000, Unit: "kWh"}}, 95, 95, 0, 0, 0},
		// 1,000 GJ wood in homes: 112 t biogenic CO2 as memo only; CH4 0.3 t × 28 = 8.4,
		// N2O 0.004 t × 265 = 1.06: 9.46 t CO2e (the file's DERIVED row says 9.46).
		{"wood, biogenic CO2 as memo", "AR5", 2023, 0, DefaultFactorSet(),
			[]Activity{{Sector: "energy", Subsector: "individual heating", Fuel: "wood_wood_waste", Use: "residential", Amount: 1000, Unit: "GJ"}},
			9.46, 0, 0.3, 0.004, 112},
		// Two lines add up: the gas above plus 100 t straw (1,450 GJ) in homes: 145 t
		// biogenic CO2, CH4 0.435 t × 28 = 12.18, N2O 0.0058 t × 265 = 1.537.
		{"two lines", "AR5", 2023, 0, DefaultFactorSet(),
			[]Activity{gas("natural_gas", "stationary", 1000, "GJ"),
				{Sector: "energy", Fuel: "other_primary_solid_biomass_eg_straw", Use: "residential", Amount: 100, Unit: "t"}},
			56.1545 + 12.18 + 1.537, 56.1, 0.001 + 0.435, 0.0001 + 0.0058, 145},
		// A factor per head (a test value, not a sourced one): 120 head × 100 kg CH4 = 12 t
		// CH4 × 28 = 336 t CO2e.
		{"livestock per head", "AR5", 2023, 0, FactorSet{Name: "animals", Version: 1, Factors: []Factor{
			{ID: "animals:1", Fuel: "dairy_cattle", Use: "enteric", Gas: CH4, Value: 100, Unit: "kg CH4/head", Mass: Kg, Per: Head, Source: "test"}}},
			[]Activity{{Sector: "agriculture", Subsector: "livestock", Fuel: "dairy_cattle", Use: "enteric", Amount: 120, Unit: "head"}}, 336, 0, 12, 0, 0},
		{"nothing", "AR5", 2023, 0, DefaultFactorSet(), nil, 0, 0, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Calculate(Input{GWP: c.gwp, Year: c.year, OrganisationID: c.org, Activities: c.acts}, c.set)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 1e-3 // t
			if !near(res.TotalTCO2e, c.total, tol) {
				t.Errorf("total = %.7f t CO2e, want %.7f", res.TotalTCO2e, c.total)
			}
			for g, want := range map[Gas]float64{CO2: c.co2, CH4: c.ch4, N2O: c.n2o} {
				if !near(res.ByGas[g], want, 1e-4) {
					t.Errorf("%s = %.9f t, want %.9f", g, res.ByGas[g], want)
				}
			}
			if !near(res.BiogenicCO2Memo, c.memo, 1e-6) {
				t.Errorf("biogenic memo = %v, want %v", res.BiogenicCO2Memo, c.memo)
			}
			checkTraceable(t, res)
		})
	}
}

// checkTraceable: the lines add up to the total, gases and memo; every factor used names
// its id and source, and its t CO2e is its tonnes × GWP; sectors add up to the total.
func checkTraceable(t *testing.T, res Result) {
	t.Helper()
	var total, memo, sectors float64
	gases := map[Gas]float64{}
	for _, l := range res.Lines {
		var lineTotal float64
		for _, f := range l.Factors {
			if f.Factor.ID == "" || f.Factor.Source == "" || f.Factor.Unit == "" {
				t.Errorf("line %d: factor without id, source or unit: %+v", l.Index, f)
			}
			gas := f.Factor.Gas
			if f.TCO2e != f.TGas*f.GWP || (gas == BiogenicCO2) != (f.GWP == 0) {
				t.Errorf("line %d: %s t CO2e %v ≠ %v t × %v", l.Index, gas, f.TCO2e, f.TGas, f.GWP)
			}
			if gas == BiogenicCO2 {
				memo += f.TGas
				continue
			}
			gases[gas] += f.TGas
			lineTotal += f.TCO2e
		}
		if !near(lineTotal, l.TCO2e, 1e-9) {
			t.Errorf("line %d: factors give %v, line says %v", l.Index, lineTotal, l.TCO2e)
		}
		total += l.TCO2e
	}
	for _, s := range res.BySector {
		var subs float64
		for _, u := range s.Subsectors {
			subs += u.TCO2e
		}
		if !near(subs, s.TCO2e, 1e-9) {
			t.Errorf("sector %s: sub-sectors give %v, sector %v", s.Sector, subs, s.TCO2e)
		}
		sectors += s.TCO2e
	}
	if !near(total, res.TotalTCO2e, 1e-9) || !near(sectors, res.TotalTCO2e, 1e-9) || !near(memo, res.BiogenicCO2Memo, 1e-9) {
		t.Errorf("lines %v, sectors %v, total %v; memo %v vs %v", total, sectors, res.TotalTCO2e, memo, res.BiogenicCO2Memo)
	}
	for _, g := range []Gas{CO2, CH4, N2O} {
		if !near(gases[g], res.ByGas[g], 1e-12) {
			t.Errorf("%s: lines %v, result %v", g, gases[g], res.ByGas[g])
		}
	}
}

// TestCalculateHandCheckLine: the line, factor by factor, as the API shows it.
func TestCalculateHandCheckLine(t *testing.T) {
	res, err := Calculate(Input{GWP: "AR5", FactorSet: "default", Year: 2023, Activities: []Activity{gas("natural_gas", "stationary", 277.778, "MWh")}}, DefaultFactorSet())
	if err != nil {
		t.Fatal(err)
	}
	type used struct {
		ID     string
		Gas    Gas
		Value  float64
		Amount float64
		TGas   float64
		GWP    float64
	}
	var got []used
	for _, f := range res.Lines[0].Factors {
		got = append(got, used{f.Factor.ID, f.Factor.Gas, f.Factor.Value, math.Round(f.Amount*1e4) / 1e4, math.Round(f.TGas*1e9) / 1e9, f.GWP})
	}
	want := []used{
		{"default:2", CO2, 56.1, 1000.0008, 56.10004488, 1},
		{"default:24", CH4, 0.001, 1000.0008, 0.001000001, 28},
		{"default:25", N2O, 0.0001, 1000.0008, 0.0001, 265},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("factors used (-want +got):\n%s", diff)
	}
	if res.FactorSet != "default" || res.FactorSetVersion != DefaultSetVersion || res.GWP.Set != AR5 || res.Lines[0].Unit != MWh {
		t.Errorf("result header: %s v%d %s %s", res.FactorSet, res.FactorSetVersion, res.GWP.Set, res.Lines[0].Unit)
	}
}

// TestCalculateAgreesWithTheDerivedRows: the shipped file's DERIVED CO2e rows (kg CO2e per
// GJ, rounded to three decimals) are what the calculation gives for 1 GJ. The straw row
// borrows wood's energy-industries factors, which the set does not give straw, and is left out.
func TestCalculateAgreesWithTheDerivedRows(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(defaultCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	uses := []struct{ context, use string }{
		{"DERIVED residential", "residential"}, {"DERIVED energy industries (", "stationary"}, {"DERIVED road", "road"},
	}
	checked := 0
	for _, r := range rows {
		if r[7] != "derived" || strings.Contains(r[1], "straw") {
			continue
		}
		use := ""
		for _, u := range uses {
			if strings.HasPrefix(r[1], u.context) {
				use = u.use
			}
		}
		want, _ := strconv.ParseFloat(r[3], 64)
		gwp := r[6][:3] // "AR5 (CH4 28, N2O 265)"
		res, err := Calculate(Input{GWP: gwp, Year: 2023, Activities: []Activity{gas(r[0], use, 1000, "GJ")}}, DefaultFactorSet())
		if err != nil {
			t.Errorf("%s %s: %v", r[0], r[1], err)
			continue
		}
		if got := res.TotalTCO2e; !near(got, want, 0.0006) { // t per 1,000 GJ = kg per GJ
			t.Errorf("%s, %s, %s: %.4f kg CO2e/GJ, the file says %v", r[0], r[1], gwp, got, want)
		}
		checked++
	}
	if checked != 18 {
		t.Errorf("checked %d derived rows, want 18", checked)
	}
}

// TestCalculateListsEveryBadLine: every bad field of every line at once, each naming the
// line, the field and why; nothing is computed.
func TestCalculateListsEveryBadLine(t *testing.T) {
	in := Input{GWP: "AR9", FactorSet: "mine", Year: 1800, Activities: []Activity{
		gas("natural_gas", "stationary", 1000, "GJ"), // good
		{Sector: "energy", Fuel: "electricity", Amount: 1000, Unit: "l"},
		{Sector: "energy", Fuel: "natural_gas", Use: "stationary", Amount: 3, Unit: "head"},
		{Sector: "", Fuel: "unobtainium", Amount: 1, Unit: "GJ"},
		{Sector: "energy", Fuel: "natural_gas", Use: "heating", Amount: -5, Unit: "gallons"},
		{Sector: "energy", Fuel: "electricity", Use: "homes", Amount: 1, Unit: "MWh"},
		{Sector: "energy", Fuel: "", Amount: math.NaN(), Unit: "GJ"},
	}}
	_, err := Calculate(in, DefaultFactorSet())
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *InputError", err)
	}
	type got struct {
		Line        int
		Field, Code string
	}
	var gotErrs []got
	for _, e := range ie.Errors {
		gotErrs = append(gotErrs, got{e.Line, e.Field, e.Code})
		if e.Reason == "" {
			t.Errorf("%s without a reason", e.Field)
		}
	}
	want := []got{
		{-1, "gwp", CodeUnknown}, {-1, "factor_set", CodeUnknown}, {-1, "year", CodeRange},
		{1, "activities[1].unit", CodeUnit},
		{2, "activities[2].unit", CodeUnit},
		{3, "activities[3].sector", CodeRequired}, {3, "activities[3].fuel", CodeUnknown},
		{4, "activities[4].amount", CodeRange}, {4, "activities[4].unit", CodeUnknown}, {4, "activities[4].use", CodeUnknown},
		{5, "activities[5].use", CodeUnknown},
		{6, "activities[6].amount", CodeRange}, {6, "activities[6].fuel", CodeRequired},
	}
	if diff := cmp.Diff(want, gotErrs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		i     int
		words []string
	}{
		{1, []string{"activities[1].unit", "litre", "electricity"}},
		{2, []string{"activities[2].unit", "head of livestock"}},
		{4, []string{"stationary", "residential"}}, // the uses it could be
	} {
		msg := ""
		for _, e := range ie.Errors {
			if e.Line == c.i {
				msg += e.Error() + " "
			}
		}
		for _, w := range c.words {
			if !strings.Contains(msg, w) {
				t.Errorf("line %d: %q does not say %q", c.i, msg, w)
			}
		}
	}
}

// TestCalculateNoFactorForTheYear: a year the set has no factor for is an error that says
// which years it has.
func TestCalculateNoFactorForTheYear(t *testing.T) {
	_, err := Calculate(Input{GWP: "AR5", Year: 2023, Activities: []Activity{{Sector: "energy", Fuel: "electricity", Amount: 1, Unit: "MWh"}}}, DefaultFactorSet())
	var ie *InputError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Code != CodeNoFactor ||
		!strings.Contains(ie.Errors[0].Reason, "2010–2018") || !strings.Contains(ie.Errors[0].Reason, "2023") {
		t.Errorf("err = %v", err)
	}
}

// TestNewFactorChangesOnlyItsYears: a set with one more electricity factor for 2020
// changes 2020's result and no other year's.
func TestNewFactorChangesOnlyItsYears(t *testing.T) {
	base := localSet()
	next := localSet()
	next.Version++
	next.Factors = append(next.Factors, Factor{ID: "local:el-2020", Fuel: "electricity", Gas: CO2, Value: 150, Unit: "g CO2/kWh", Mass: Gram, Per: KWh, ValidFrom: 2020, ValidTo: 2020, Source: "test"})
	acts := []Activity{{Sector: "energy", Fuel: "electricity", Amount: 1000, Unit: "MWh"}, gas("natural_gas", "residential", 500, "GJ")}
	for year := 2010; year <= 2023; year++ {
		if year >= 2019 && year <= 2022 && year != 2020 {
			continue // neither set has electricity then
		}
		a, errA := Calculate(Input{GWP: "AR5", Year: year, Activities: acts}, base)
		b, errB := Calculate(Input{GWP: "AR5", Year: year, Activities: acts}, next)
		if year == 2020 {
			if errA == nil || errB != nil || !near(b.TotalTCO2e, 150+28.13325, 1e-9) {
				t.Errorf("2020: before %v, after %v %v", errA, b.TotalTCO2e, errB)
			}
			continue
		}
		if errA != nil || errB != nil || a.TotalTCO2e != b.TotalTCO2e {
			t.Errorf("%d: %v (%v) became %v (%v)", year, a.TotalTCO2e, errA, b.TotalTCO2e, errB)
		}
	}
}

func TestBySectorAndSubsector(t *testing.T) {
	res, err := Calculate(Input{GWP: "AR5", Year: 2023, Activities: []Activity{
		{Sector: "transport", Subsector: "road", Fuel: "gas_diesel_oil", Use: "road", Amount: 1000, Unit: "GJ"},
		{Sector: "energy", Subsector: "individual heating", Fuel: "natural_gas", Use: "residential", Amount: 1000, Unit: "GJ"},
		{Sector: "transport", Subsector: "road", Fuel: "motor_gasoline", Use: "road", Amount: 1000, Unit: "GJ"},
		{Sector: "energy", Subsector: "district heating", Fuel: "natural_gas", Use: "stationary", Amount: 1000, Unit: "GJ"},
	}}, DefaultFactorSet())
	if err != nil {
		t.Fatal(err)
	}
	round := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
	var got []string
	for _, s := range res.BySector {
		got = append(got, fmt.Sprintf("%s %v", s.Sector, round(s.TCO2e)))
		for _, u := range s.Subsectors {
			got = append(got, fmt.Sprintf("  %s %v", u.Subsector, round(u.TCO2e)))
		}
	}
	// Homes: 56.1 + 5 kg × 28 + 0.1 kg × 265 = 56.2665; the plant 56.1545. Road diesel
	// 74.1 + 3.9 kg × 28 + 3.9 kg × 265 = 75.2427; petrol 69.3 + 33 kg × 28 + 3.2 kg × 265 = 71.072.
	want := []string{"energy 112.421", "  district heating 56.1545", "  individual heating 56.2665", "transport 146.3147", "  road 146.3147"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("by sector (-want +got):\n%s", diff)
	}
	checkTraceable(t, res)
}

// --- the benchmark: 98 municipalities × 30 years × 40 activity lines ---

// nationalInputs builds activity data for every municipality-year, with a local electricity
// and district-heating factor for each: 40 lines over energy, transport, several fuels,
// units and uses.
func nationalInputs() (FactorSet, []Input) {
	set := DefaultFactorSet()
	set.Name = "bench"
	var ins []Input
	for m := int64(1); m <= 98; m++ {
		for y := 1994; y < 2024; y++ {
			set.Factors = append(set.Factors,
				Factor{ID: fmt.Sprintf("el-%d-%d", m, y), Fuel: "electricity", Gas: CO2, Value: float64(500 - 15*(y-1994)), Unit: "g CO2/kWh", Mass: Gram, Per: KWh, ValidFrom: y, ValidTo: y, OrganisationID: m, Source: "bench"},
				Factor{ID: fmt.Sprintf("dh-%d-%d", m, y), Fuel: "district_heating", Gas: CO2, Value: float64(200 - 5*(y-1994)), Unit: "g CO2/kWh", Mass: Gram, Per: KWh, ValidFrom: y, ValidTo: y, OrganisationID: m, Source: "bench"})
			in := Input{GWP: "AR5", FactorSet: "bench", Year: y, OrganisationID: m}
			for k := 0; k < 4; k++ {
				f := float64(m*100 + int64(k))
				in.Activities = append(in.Activities,
					Activity{Sector: "energy", Subsector: "electricity", Fuel: "electricity", Amount: 1000 * f, Unit: "MWh"},
					Activity{Sector: "energy", Subsector: "district heating", Fuel: "district_heating", Amount: 800 * f, Unit: "MWh"},
					Activity{Sector: "energy", Subsector: "individual heating", Fuel: "natural_gas", Use: "residential", Amount: 50 * f, Unit: "m3"},
					Activity{Sector: "energy", Subsector: "individual heating", Fuel: "gas_diesel_oil", Use: "residential", Amount: 30 * f, Unit: "l"},
					Activity{Sector: "energy", Subsector: "individual heating", Fuel: "wood_wood_waste", Use: "residential", Amount: 20 * f, Unit: "GJ"},
					Activity{Sector: "energy", Subsector: "plants", Fuel: "natural_gas", Use: "stationary", Amount: 10 * f, Unit: "TJ"},
					Activity{Sector: "energy", Subsector: "plants", Fuel: "other_primary_solid_biomass_eg_straw", Use: "residential", Amount: 5 * f, Unit: "t"},
					Activity{Sector: "transport", Subsector: "road", Fuel: "gas_diesel_oil", Use: "road", Amount: 400 * f, Unit: "l"},
					Activity{Sector: "transport", Subsector: "road", Fuel: "motor_gasoline", Use: "road", Amount: 300 * f, Unit: "l"},
					Activity{Sector: "transport", Subsector: "air", Fuel: "jet_kerosene", Amount: 2 * f, Unit: "t"},
				)
			}
			ins = append(ins, in)
		}
	}
	return set, ins
}

func TestNationalInputsCalculate(t *testing.T) {
	set, ins := nationalInputs()
	if len(ins) != 98*30 || len(ins[0].Activities) != 40 {
		t.Fatalf("%d inputs of %d lines", len(ins), len(ins[0].Activities))
	}
	c, err := NewCalculator(set)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range ins[:60] {
		res, err := c.Calculate(in)
		if err != nil {
			t.Fatal(err)
		}
		checkTraceable(t, res)
	}
	// The local factors are the ones used: municipality 1's electricity in 1994 at 500 g/kWh.
	res, _ := c.Calculate(ins[0])
	if f := res.Lines[0].Factors[0]; f.Factor.ID != "el-1-1994" || !near(f.TGas, 100*1000*1000*500/1e6, 1e-6) {
		t.Errorf("line 0 used %+v", f)
	}
	// How fast it recomputes is measured by BenchmarkRecomputeAll and BenchmarkRecomputeOne
	// (docs/BENCHMARKS.md), never asserted here: a shared machine makes timings noise.
}

// BenchmarkRecomputeAll: every municipality-year of the nation, the set prepared once.
func BenchmarkRecomputeAll(b *testing.B) {
	set, ins := nationalInputs()
	c, err := NewCalculator(set)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, in := range ins {
			if _, err := c.Calculate(in); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRecomputeOne: one municipality-year after a change, preparing the set anew
// (what a changed factor or value costs).
func BenchmarkRecomputeOne(b *testing.B) {
	set, ins := nationalInputs()
	in := ins[len(ins)/2]
	for b.Loop() {
		if _, err := Calculate(in, set); err != nil {
			b.Fatal(err)
		}
	}
}
