package api_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/store/storetest"
)

const calcPath = "/api/v1/emissions/calculate"

func calcBody(gwp string, year int, lines ...string) string {
	return fmt.Sprintf(`{"gwp": %q, "factor_set": "default", "year": %d, "activities": [%s]}`, gwp, year, strings.Join(lines, ","))
}

// TestCalculateEmissionsHandCheck: the hand check through the API, by anybody
// (no token: nothing is stored): 1,000 GJ natural gas, stationary, AR5 = 56.1 t CO2 +
// 1 kg CH4 × 28 + 0.1 kg N2O × 265 = 56.1545 t CO2e; the same as 277.778 MWh gives the
// same within 1 kg. Each line names the factors it used.
func TestCalculateEmissionsHandCheck(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	for _, tc := range []struct {
		line string
		tol  float64
	}{
		{`{"sector": "energy", "fuel": "natural_gas", "use": "stationary", "amount": 1000, "unit": "GJ"}`, 1e-9},
		{`{"sector": "energy", "fuel": "natural_gas", "use": "stationary", "amount": 277.778, "unit": "MWh"}`, 1e-3},
	} {
		res := c.as("", "POST", calcPath, calcBody("AR5", 2023, tc.line), 200)
		if got := res["total_t_co2e"].(float64); math.Abs(got-56.1545) > tc.tol {
			t.Errorf("%s: total %v t CO2e, want 56.1545", tc.line, got)
		}
		byGas := res["by_gas"].(map[string]any)
		for gas, want := range map[string]float64{"CO2": 56.1, "CH4": 0.001, "N2O": 0.0001} {
			if got := byGas[gas].(float64); math.Abs(got-want) > 1e-4*want {
				t.Errorf("%s: %s = %v t, want %v", tc.line, gas, got, want)
			}
		}
		if res["biogenic_co2_memo_t"] != 0.0 {
			t.Errorf("biogenic memo = %v", res["biogenic_co2_memo_t"])
		}
		line := res["lines"].([]any)[0].(map[string]any)
		var ids []string
		for _, f := range line["factors"].([]any) {
			f := f.(map[string]any)
			ids = append(ids, fmt.Sprintf("%v %v %v", f["id"], f["gas"], f["gwp"]))
			if !strings.Contains(f["source"].(string), "IPCC 2006") || f["amount_unit"] != "GJ" {
				t.Errorf("factor %v: source %q, amount in %v", f["id"], f["source"], f["amount_unit"])
			}
		}
		if got := strings.Join(ids, "; "); got != "default:2 CO2 1; default:24 CH4 28; default:25 N2O 265" {
			t.Errorf("factors used: %s", got)
		}
	}
}

// TestCalculateEmissionsBySectorAndMemo: wood in homes gives its biogenic CO2 as a memo
// only (112 t per 1,000 GJ), its CH4 and N2O in the total (9.46 t CO2e); diesel by the
// litre on the road; the sectors add up to the total.
func TestCalculateEmissionsBySectorAndMemo(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	res := c.as("", "POST", calcPath, calcBody("AR5", 2023,
		`{"sector": "energy", "subsector": "individual heating", "fuel": "wood_wood_waste", "use": "residential", "amount": 1000, "unit": "GJ"}`,
		`{"sector": "transport", "subsector": "road", "fuel": "gas_diesel_oil", "use": "road", "amount": 1000, "unit": "l"}`), 200)
	// 9.46 + 2.735824572 (1,000 l = 36.36 GJ: 2.694276 t CO2 + 0.141804 kg CH4 × 28 + 0.141804 kg N2O × 265).
	if got := res["total_t_co2e"].(float64); math.Abs(got-12.195824572) > 1e-9 {
		t.Errorf("total = %v", got)
	}
	if got := res["biogenic_co2_memo_t"].(float64); math.Abs(got-112) > 1e-9 {
		t.Errorf("memo = %v", got)
	}
	sectors := map[string]float64{}
	for _, s := range res["by_sector"].([]any) {
		s := s.(map[string]any)
		sectors[s["sector"].(string)] = s["t_co2e"].(float64)
	}
	if math.Abs(sectors["energy"]-9.46) > 1e-9 || math.Abs(sectors["transport"]-2.735824572) > 1e-9 {
		t.Errorf("sectors = %v", sectors)
	}
}

// TestCalculateEmissionsRefusesBadLines: an impossible unit answers 422 naming the line
// and field; every bad field comes at once; a malformed body 400; too many lines 422; a
// body above the limit 413.
func TestCalculateEmissionsRefusesBadLines(t *testing.T) {
	c := newClient(t, storetest.Open(t, "sqlite"))
	good := `{"sector": "energy", "fuel": "natural_gas", "use": "stationary", "amount": 1000, "unit": "GJ"}`
	for _, tc := range []struct {
		name, body string
		fields     []string
		words      string
	}{
		{"litres of electricity", calcBody("AR5", 2017, `{"sector": "energy", "fuel": "electricity", "amount": 10, "unit": "l"}`),
			[]string{"activities[0].unit"}, "electricity"},
		{"head of livestock as energy", calcBody("AR5", 2023, good, `{"sector": "energy", "fuel": "natural_gas", "use": "stationary", "amount": 3, "unit": "head"}`),
			[]string{"activities[1].unit"}, "head of livestock"},
		{"every bad field at once", calcBody("AR9", 2023, good,
			`{"sector": "", "fuel": "unobtainium", "amount": 1, "unit": "GJ"}`,
			`{"sector": "energy", "fuel": "natural_gas", "use": "heating", "unit": "gallon"}`),
			[]string{"gwp", "activities[1].sector", "activities[1].fuel", "activities[2].amount", "activities[2].unit", "activities[2].use"}, "AR4, AR5 or AR6"},
		{"a year without a factor", calcBody("AR5", 2023, `{"sector": "energy", "fuel": "electricity", "amount": 10, "unit": "MWh"}`),
			[]string{"activities[0].fuel"}, "2010–2018"},
		{"an unknown factor set", `{"gwp": "AR5", "factor_set": "mine", "year": 2023, "activities": [` + good + `]}`,
			[]string{"factor_set"}, "mine"},
		{"no lines", calcBody("AR5", 2023), []string{"activities"}, "at least one"},
		{"too many lines", calcBody("AR5", 2023, strings.Repeat(good+",", api.MaxCalcLines)+good), []string{"activities"}, "at most 10000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := c.as("", "POST", calcPath, tc.body, 422)
			var fields []string
			for _, fe := range e["errors"].([]any) {
				fields = append(fields, fe.(map[string]any)["field"].(string))
			}
			if strings.Join(fields, " ") != strings.Join(tc.fields, " ") || e["field"] != tc.fields[0] {
				t.Errorf("fields %v (field %v), want %v", fields, e["field"], tc.fields)
			}
			if !strings.Contains(e["message"].(string), tc.words) {
				t.Errorf("message %q does not say %q", e["message"], tc.words)
			}
		})
	}
	c.as("", "POST", calcPath, `{"gwp": "AR5", "year": 2023, "activities": [`+good+`], "store": true}`, 400)
	c.as("", "POST", calcPath, `{"gwp": "AR5", "year": "2023"}`, 400)
	c.as("", "POST", calcPath, `{"gwp": "AR5", "year": 2023, "activities": [`+strings.Repeat(good+",", 15000)+good+`]}`, 413)
}
