package api_test

import (
	"fmt"
	"io"
	"math"
	"net/http/httptest"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

func calculated(org any, year int, extra string) string {
	return fmt.Sprintf("/api/v1/emissions/calculated?organisation=%v&year=%d%s", org, year, extra)
}

// TestCalculatedFromStoredData: the hand check from a stored line (build's 1,000 GJ
// natural gas, stationary, København 2018, AR5 = 56.1545 t CO2e); each line names its stored
// row; per inhabitant when the year has a population; a user's stored set (build's
// "national": natural gas CO2 56.1 kg/GJ only) instead of the shipped one, its newest
// version by default and an older one on request; what cannot be answered.
func TestCalculatedFromStoredData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		sec := newToken(t, db, "sek@region.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
		near := func(what string, got any, want float64) {
			t.Helper()
			if g, ok := got.(float64); !ok || math.Abs(g-want) > 1e-9*math.Max(1, want) {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}

		res := c.as("", "GET", calculated(w.kbh, 2018, ""), "", 200)
		near("total, default set, AR5", res["total_t_co2e"], 56.1545)
		if res["organisation_id"] != w.kbh || res["population"] != nil || res["t_co2e_per_inhabitant"] != nil {
			t.Errorf("organisation %v, population %v, per inhabitant %v; want København without a 2018 population", res["organisation_id"], res["population"], res["t_co2e_per_inhabitant"])
		}
		stored := c.as("", "GET", fmt.Sprintf("/api/v1/activity-data?organisation=%v&year=2018", w.kbh), "", 200)["items"].([]any)
		line := res["lines"].([]any)[0].(map[string]any)
		if len(stored) != 1 || line["activity_id"] != stored[0].(map[string]any)["id"] {
			t.Errorf("line's activity_id %v, stored %v", line["activity_id"], stored)
		}
		if fs := res["factor_set"].(map[string]any); fs["name"] != "default" || fs["version"] != 1.0 {
			t.Errorf("factor set = %v", fs)
		}
		near("total, AR4", c.as("", "GET", calculated(w.kbh, 2018, "&gwp=AR4"), "", 200)["total_t_co2e"], 56.1+0.001*25+0.0001*298)

		// The population of 2020 (632,340) gives t CO2e per inhabitant.
		c.json("POST", "/api/v1/activity-data", fmt.Sprintf(`{"organisation_id":%v,"year":2020,"sector":"energy","fuel":"natural_gas","use":"stationary","amount":1000,"unit":"GJ"}`, w.kbh), 201)
		res = c.as("", "GET", calculated(w.kbh, 2020, ""), "", 200)
		if res["population"] != 632340.0 {
			t.Errorf("population = %v", res["population"])
		}
		near("per inhabitant", res["t_co2e_per_inhabitant"], 56.1545/632340)

		// A user's set: only its factors count (no CH4, no N2O), its newest version unless
		// another is asked for.
		res = c.as("", "GET", calculated(w.kbh, 2018, "&factor_set=national"), "", 200)
		near("total, set national v1", res["total_t_co2e"], 56.1)
		f := res["lines"].([]any)[0].(map[string]any)["factors"].([]any)
		if len(f) != 1 || !strings.HasPrefix(f[0].(map[string]any)["id"].(string), "national:") {
			t.Errorf("factors of the stored set = %v", f)
		}
		c.as(sec, "POST", "/api/v1/emission-factors", `{"factor_set":"national","set_version":2,"fuel":"natural_gas","use":"stationary","gas":"CO2","value":50,"unit":"kg CO2/GJ","source":"Eget skøn"}`, 201)
		res = c.as("", "GET", calculated(w.kbh, 2018, "&factor_set=national"), "", 200)
		near("total, set national newest (v2)", res["total_t_co2e"], 50)
		if fs := res["factor_set"].(map[string]any); fs["name"] != "national" || fs["version"] != 2.0 {
			t.Errorf("factor set = %v", fs)
		}
		near("total, set national v1", c.as("", "GET", calculated(w.kbh, 2018, "&factor_set=national&version=1"), "", 200)["total_t_co2e"], 56.1)
		near("total, default again", c.as("", "GET", calculated(w.kbh, 2018, "&factor_set=default&version=1"), "", 200)["total_t_co2e"], 56.1545)

		// A stored line the set cannot compute names its row.
		bad := c.json("POST", "/api/v1/activity-data", fmt.Sprintf(`{"organisation_id":%v,"year":2021,"sector":"energy","fuel":"unobtainium","amount":1,"unit":"GJ"}`, w.kbh), 201)
		e := c.as("", "GET", calculated(w.kbh, 2021, ""), "", 422)
		if want := fmt.Sprintf("activity-data[%v].fuel", bad["id"]); e["field"] != want || !strings.Contains(e["message"].(string), want+": factor set default has no factors") {
			t.Errorf("a line that cannot be computed: %v, want field %s", e, want)
		}
		near("a stored set's open-ended factor holds in 2020", c.as("", "GET", calculated(w.kbh, 2020, "&factor_set=national"), "", 200)["total_t_co2e"], 50)

		for _, tc := range []struct {
			path   string
			status int
			field  string
		}{
			{calculated(999999, 2018, ""), 404, "organisation"},
			{calculated(w.kbh, 2017, ""), 404, "year"},
			{"/api/v1/emissions/calculated?organisation=1", 400, "year"},
			{"/api/v1/emissions/calculated?year=2018", 400, "organisation"},
			{calculated(w.kbh, 2018, "&store=1"), 400, "store"},
			{calculated(w.kbh, 1800, ""), 400, "year"},
			{calculated(w.kbh, 2018, "&factor_set=nobody"), 422, "factor_set"},
			{calculated(w.kbh, 2018, "&factor_set=national&version=9"), 422, "version"},
			{calculated(w.kbh, 2018, "&factor_set=default&version=2"), 422, "version"},
			{calculated(w.kbh, 2018, "&gwp=AR9"), 422, "gwp"},
		} {
			if e := c.as("", "GET", tc.path, "", tc.status); e["field"] != tc.field {
				t.Errorf("%s: field %v, want %s (%v)", tc.path, e["field"], tc.field, e["message"])
			}
		}
	})
}

// TestActivityDataAndFactorsThroughTheAPI: an organisation's editors keep its activity data
// and its local factors, an editor of another organisation is refused; the secretariat sets
// national factors but not a municipality's local ones; an import with a bad unit is
// refused whole, naming the row and the column.
func TestActivityDataAndFactorsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		kbh := newToken(t, db, "kbh@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleEditor})
		alb := newToken(t, db, "alb@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.alb), Role: auth.RoleEditor})
		sec := newToken(t, db, "sek@example.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})

		line := fmt.Sprintf(`{"organisation_id":%v,"year":2019,"sector":"transport","subsector":"road","fuel":"gas_diesel_oil","use":"road","amount":5000,"unit":"l"}`, w.kbh)
		c.as(alb, "POST", "/api/v1/activity-data", line, 403)
		c.as(sec, "POST", "/api/v1/activity-data", line, 403)
		rec := c.as(kbh, "POST", "/api/v1/activity-data", line, 201)
		path := fmt.Sprintf("/api/v1/activity-data/%v", rec["id"])
		c.as(alb, "PATCH", path, `{"version":1,"amount":1}`, 403)
		c.as(kbh, "PATCH", path, `{"version":1,"unit":"gallon"}`, 422)
		if got := c.as(kbh, "PATCH", path, `{"version":1,"amount":6000}`, 200); got["amount"] != 6000.0 || got["version"] != 2.0 {
			t.Errorf("updated = %v", got)
		}
		if got := c.as("", "GET", fmt.Sprintf("/api/v1/activity-data?organisation=%v&year=2019&sector=transport", w.kbh), "", 200)["items"].([]any); len(got) != 1 {
			t.Errorf("filtered list = %v", got)
		}
		c.as(alb, "DELETE", path+"?version=2", "", 403)
		c.as(kbh, "DELETE", path+"?version=2", "", 204)

		national := `{"factor_set":"egne","set_version":1,"fuel":"electricity","gas":"CO2","value":300,"unit":"g CO2/kWh","valid_from":2019,"valid_to":2019,"source":"Energinet"}`
		local := func(org any) string {
			return fmt.Sprintf(`{"factor_set":"egne","set_version":1,"fuel":"electricity","gas":"CO2","value":250,"unit":"g CO2/kWh","valid_from":2019,"valid_to":2019,"organisation_id":%v,"source":"Lokal varmeplan"}`, org)
		}
		c.as(kbh, "POST", "/api/v1/emission-factors", national, 403)
		c.as(sec, "POST", "/api/v1/emission-factors", national, 201)
		c.as(sec, "POST", "/api/v1/emission-factors", local(w.kbh), 403)
		c.as(alb, "POST", "/api/v1/emission-factors", local(w.kbh), 403)
		c.as(kbh, "POST", "/api/v1/emission-factors", local(w.kbh), 201)
		c.as(kbh, "POST", "/api/v1/emission-factors", local(w.kbh), 409) // the same factor twice
		c.as(sec, "POST", "/api/v1/emission-factors", strings.Replace(national, `"egne"`, `"default"`, 1), 422)
		if got := c.as("", "GET", fmt.Sprintf("/api/v1/emission-factors?factor_set=egne&organisation=%v", w.kbh), "", 200)["items"].([]any); len(got) != 1 {
			t.Errorf("København's local factors = %v", got)
		}
		// København's local factor beats the national one of the same set for its lines.
		c.as(kbh, "POST", "/api/v1/activity-data", fmt.Sprintf(`{"organisation_id":%v,"year":2019,"sector":"energy","fuel":"electricity","amount":1000,"unit":"MWh"}`, w.kbh), 201)
		res := c.as("", "GET", calculated(w.kbh, 2019, "&factor_set=egne"), "", 200)
		if got := res["total_t_co2e"].(float64); math.Abs(got-250) > 1e-9 {
			t.Errorf("1,000 MWh at København's 250 g/kWh = %v t, want 250", got)
		}

		// An import with a bad unit in its second data row (row 3) is refused whole.
		before, err := db.CountList(t.Context(), model.ActivityData, model.ListQuery{AllDrafts: true})
		if err != nil {
			t.Fatal(err)
		}
		file := "organisation;aar;sektor;braendsel;anvendelse;maengde;enhed\r\n" +
			"101;2022;energy;natural_gas;stationary;1000;GJ\r\n" +
			"101;2022;energy;natural_gas;stationary;500;gallon\r\n"
		status, v := postFile(t, apiHandler(db, 0), "/api/v1/activity-data/import", "text/csv", kbh, strings.NewReader(file))
		cells, _ := v["cells"].([]any)
		if status != 422 || len(cells) != 1 {
			t.Fatalf("import with a bad unit: %d %v", status, v)
		}
		cell := cells[0].(map[string]any)
		if cell["row"] != 3.0 || cell["column"] != "enhed" || !strings.Contains(cell["reason"].(string), "gallon") {
			t.Errorf("the refusal names %v, want row 3, column enhed, and the unit", cell)
		}
		if after, err := db.CountList(t.Context(), model.ActivityData, model.ListQuery{AllDrafts: true}); err != nil || after != before {
			t.Errorf("a refused import stored lines: %d → %d (%v)", before, after, err)
		}
		// The same file without the bad row is taken.
		good := strings.Join(strings.SplitAfter(file, "\r\n")[:2], "")
		if status, v := postFile(t, apiHandler(db, 0), "/api/v1/activity-data/import", "text/csv", kbh, strings.NewReader(good)); status != 200 || v["created"] != 1.0 {
			t.Errorf("import: %d %v", status, v)
		}
	})
}

// BenchmarkCalculatedGET: one municipality-year of seven stored lines (energy and road
// transport), computed on read with the shipped set, through HTTP on SQLite.
func BenchmarkCalculatedGET(b *testing.B) {
	db := storetest.Open(b, "sqlite")
	ctx := b.Context()
	org, err := db.Create(ctx, model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range []model.Record{
		{"sector": "energy", "fuel": "electricity", "amount": 2.3e6, "unit": "MWh"},
		{"sector": "energy", "fuel": "district_heating", "amount": 4.5e6, "unit": "MWh"},
		{"sector": "energy", "fuel": "natural_gas", "use": "residential", "amount": 2.5e6, "unit": "GJ"},
		{"sector": "energy", "fuel": "gas_diesel_oil", "use": "residential", "amount": 3e5, "unit": "GJ"},
		{"sector": "energy", "fuel": "wood_wood_waste", "use": "residential", "amount": 3e5, "unit": "GJ"},
		{"sector": "transport", "fuel": "gas_diesel_oil", "use": "road", "amount": 6e7, "unit": "l"},
		{"sector": "transport", "fuel": "motor_gasoline", "use": "road", "amount": 5.2e7, "unit": "l"},
	} {
		l["organisation_id"], l["year"] = org.ID(), int64(2018)
		if _, err := db.Create(ctx, model.ActivityData, l); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(apiHandler(db, 0))
	defer srv.Close()
	url := srv.URL + calculated(org.ID(), 2018, "")
	b.ResetTimer()
	for b.Loop() {
		resp, err := srv.Client().Get(url)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("%v %v", resp.Status, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
