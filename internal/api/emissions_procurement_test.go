package api_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

func procurement(org any, year int, extra string) string {
	return fmt.Sprintf("/api/v1/emissions/procurement?organisation=%v&year=%d%s", org, year, extra)
}

// TestProcurementFootprint: build's København spend (2,000,000 DKK of food in 2023) at the
// set eksempel's 0.5 kg CO2e/DKK is 2,000,000 × 0.5 / 1000 = 1,000 t; a line names its stored
// row and its factor with the source; a category without a factor answers 422 naming the row;
// several sets need factor_set; what cannot be answered.
func TestProcurementFootprint(t *testing.T) {
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

		res := c.as("", "GET", procurement(w.kbh, 2023, ""), "", 200)
		near("total", res["total_t_co2e"], 1000)
		near("total spend", res["total_spend_dkk"], 2e6)
		if res["organisation_id"] != w.kbh || res["year"] != 2023.0 || res["factor_set"] != "eksempel" {
			t.Errorf("organisation %v, year %v, set %v", res["organisation_id"], res["year"], res["factor_set"])
		}
		if note, _ := res["note"].(string); !strings.Contains(note, "spend-based") || !strings.Contains(note, "territorial") {
			t.Errorf("note = %q", note)
		}
		stored := c.as("", "GET", fmt.Sprintf("/api/v1/procurement-spend?organisation=%v&year=2023", w.kbh), "", 200)["items"].([]any)
		lines := res["lines"].([]any)
		if len(stored) != 1 || len(lines) != 1 {
			t.Fatalf("stored %v, lines %v", stored, lines)
		}
		line := lines[0].(map[string]any)
		f := line["factor"].(map[string]any)
		if line["spend_id"] != stored[0].(map[string]any)["id"] || line["category"] != "food" || f["source"] != "example" ||
			f["kg_co2e_per_dkk"] != 0.5 || !strings.HasPrefix(f["id"].(string), "eksempel:") || f["valid_from"] != nil {
			t.Errorf("line = %v", line)
		}
		near("line", line["t_co2e"], 1000)

		// IT without a factor: the stored row is named; with the secretariat's factor
		// (0.2 kg/DKK from 2020) 500,000 DKK adds 100 t.
		it := c.json("POST", "/api/v1/procurement-spend", fmt.Sprintf(`{"organisation_id":%v,"year":2023,"category":"IT","spend_dkk":500000}`, w.kbh), 201)
		e := c.as("", "GET", procurement(w.kbh, 2023, ""), "", 422)
		if want := fmt.Sprintf("procurement-spend[%v].category", it["id"]); e["field"] != want || !strings.Contains(e["message"].(string), `no spend factor for the category "IT" valid in 2023`) {
			t.Errorf("a line without a factor: %v, want field %s", e, want)
		}
		c.as(sec, "POST", "/api/v1/spend-factors", `{"factor_set":"eksempel","category":"it","kg_co2e_per_dkk":0.2,"valid_from":2020,"source":"example"}`, 201)
		res = c.as("", "GET", procurement(w.kbh, 2023, ""), "", 200)
		near("total with IT", res["total_t_co2e"], 1100)
		cats := res["by_category"].([]any)
		if len(cats) != 2 || cats[0].(map[string]any)["category"] != "food" || cats[1].(map[string]any)["category"] != "it" {
			t.Errorf("by category = %v", cats)
		}
		near("IT", cats[1].(map[string]any)["t_co2e"], 100)
		// The IT factor does not hold in 2019.
		c.json("POST", "/api/v1/procurement-spend", fmt.Sprintf(`{"organisation_id":%v,"year":2019,"category":"it","spend_dkk":1}`, w.kbh), 201)
		c.as("", "GET", procurement(w.kbh, 2019, ""), "", 422)

		// A second set: it must be named.
		c.as(sec, "POST", "/api/v1/spend-factors", `{"factor_set":"andet","category":"food","kg_co2e_per_dkk":0.25,"source":"another"}`, 201)
		if e := c.as("", "GET", procurement(w.kbh, 2023, ""), "", 422); e["field"] != "factor_set" || !strings.Contains(e["message"].(string), "andet, eksempel") {
			t.Errorf("two sets without factor_set: %v", e)
		}
		near("set eksempel", c.as("", "GET", procurement(w.kbh, 2023, "&factor_set=eksempel"), "", 200)["total_t_co2e"], 1100)
		c.as("", "GET", procurement(w.kbh, 2023, "&factor_set=andet"), "", 422) // andet has no IT factor

		for _, tc := range []struct {
			path   string
			status int
			field  string
		}{
			{procurement(999999, 2023, ""), 404, "organisation"},
			{procurement(w.alb, 2023, "&factor_set=eksempel"), 404, "year"},
			{"/api/v1/emissions/procurement?organisation=1", 400, "year"},
			{"/api/v1/emissions/procurement?year=2023", 400, "organisation"},
			{procurement(w.kbh, 2023, "&gwp=AR5"), 400, "gwp"},
			{procurement(w.kbh, 1800, ""), 400, "year"},
			{procurement(w.kbh, 2023, "&factor_set=nobody"), 422, "factor_set"},
		} {
			if e := c.as("", "GET", tc.path, "", tc.status); e["field"] != tc.field {
				t.Errorf("%s: field %v, want %s (%v)", tc.path, e["field"], tc.field, e["message"])
			}
		}
	})
}

// TestProcurementThroughTheAPI: an organisation's editors keep its spend, an editor of
// another organisation and the secretariat are refused; only the secretariat (and admins)
// set spend factors, and two factors of a set for a category in a year are refused; an
// import with a bad cell is refused whole, naming the row and the column.
func TestProcurementThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		kbh := newToken(t, db, "kbh@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleEditor})
		alb := newToken(t, db, "alb@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.alb), Role: auth.RoleEditor})
		sec := newToken(t, db, "sek@example.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})

		line := fmt.Sprintf(`{"organisation_id":%v,"year":2022,"category":"construction","spend_dkk":3000000,"source":"Økonomisystemet"}`, w.kbh)
		c.as(alb, "POST", "/api/v1/procurement-spend", line, 403)
		c.as(sec, "POST", "/api/v1/procurement-spend", line, 403)
		c.as(kbh, "POST", "/api/v1/procurement-spend", strings.Replace(line, "3000000", "-1", 1), 422)
		rec := c.as(kbh, "POST", "/api/v1/procurement-spend", line, 201)
		path := fmt.Sprintf("/api/v1/procurement-spend/%v", rec["id"])
		c.as(alb, "PATCH", path, `{"version":1,"spend_dkk":1}`, 403)
		if got := c.as(kbh, "PATCH", path, `{"version":1,"spend_dkk":3500000}`, 200); got["spend_dkk"] != 3.5e6 || got["version"] != 2.0 {
			t.Errorf("updated = %v", got)
		}
		if got := c.as("", "GET", fmt.Sprintf("/api/v1/procurement-spend?organisation=%v&year=2022&category=construction", w.kbh), "", 200)["items"].([]any); len(got) != 1 {
			t.Errorf("filtered list = %v", got)
		}
		c.as(alb, "DELETE", path+"?version=2", "", 403)
		c.as(kbh, "DELETE", path+"?version=2", "", 204)

		factor := `{"factor_set":"egne","category":"construction","kg_co2e_per_dkk":0.3,"valid_from":2020,"valid_to":2024,"source":"Eget skøn"}`
		c.as(kbh, "POST", "/api/v1/spend-factors", factor, 403)
		c.as(alb, "POST", "/api/v1/spend-factors", factor, 403)
		c.as(sec, "POST", "/api/v1/spend-factors", factor, 201)
		// Overlapping years for the same category (without case) in the set are refused.
		c.as(sec, "POST", "/api/v1/spend-factors", `{"factor_set":"egne","category":" Construction","kg_co2e_per_dkk":0.4,"valid_from":2024,"source":"x"}`, 409)
		c.as(sec, "POST", "/api/v1/spend-factors", `{"factor_set":"egne","category":"construction","kg_co2e_per_dkk":0.4,"valid_from":2025,"source":"x"}`, 201)
		c.as(sec, "POST", "/api/v1/spend-factors", `{"factor_set":"egne","category":"food","kg_co2e_per_dkk":0.4,"valid_from":2025,"valid_to":2024,"source":"x"}`, 422)
		if got := c.as("", "GET", "/api/v1/spend-factors?factor_set=egne&category=construction", "", 200)["items"].([]any); len(got) != 2 {
			t.Errorf("the set's construction factors = %v", got)
		}

		// An import whose second data row (row 3) has a spend that is not a number is
		// refused whole.
		before, err := db.CountList(t.Context(), model.ProcurementSpend, model.ListQuery{AllDrafts: true})
		if err != nil {
			t.Fatal(err)
		}
		file := "organisation;aar;kategori;forbrug_kr\r\n" +
			"101;2022;food;1000000\r\n" +
			"101;2022;it;mange\r\n"
		status, v := postFile(t, apiHandler(db, 0), "/api/v1/procurement-spend/import", "text/csv", kbh, strings.NewReader(file))
		cells, _ := v["cells"].([]any)
		if status != 422 || len(cells) != 1 {
			t.Fatalf("import with a bad spend: %d %v", status, v)
		}
		if cell := cells[0].(map[string]any); cell["row"] != 3.0 || cell["column"] != "forbrug_kr" {
			t.Errorf("the refusal names %v, want row 3, column forbrug_kr", cell)
		}
		if after, err := db.CountList(t.Context(), model.ProcurementSpend, model.ListQuery{AllDrafts: true}); err != nil || after != before {
			t.Errorf("a refused import stored lines: %d → %d (%v)", before, after, err)
		}
		// Albertslund's editor may not import København's spend.
		good := strings.Join(strings.SplitAfter(file, "\r\n")[:2], "")
		if status, v := postFile(t, apiHandler(db, 0), "/api/v1/procurement-spend/import", "text/csv", alb, strings.NewReader(good)); status != 403 {
			t.Errorf("another municipality's editor imports: %d %v", status, v)
		}
		if status, v := postFile(t, apiHandler(db, 0), "/api/v1/procurement-spend/import", "text/csv", kbh, strings.NewReader(good)); status != 200 || v["created"] != 1.0 {
			t.Errorf("import: %d %v", status, v)
		}
		// A spend-factor import is the secretariat's.
		factors := "saet;kategori;kg_co2e_pr_kr;kilde\r\nimport;vehicles;0,35;Eget skøn\r\n"
		if status, _ := postFile(t, apiHandler(db, 0), "/api/v1/spend-factors/import", "text/csv", kbh, strings.NewReader(factors)); status != 403 {
			t.Errorf("an editor imports spend factors: %d", status)
		}
		if status, v := postFile(t, apiHandler(db, 0), "/api/v1/spend-factors/import", "text/csv", sec, strings.NewReader(factors)); status != 200 || v["created"] != 1.0 {
			t.Errorf("the secretariat imports spend factors: %d %v", status, v)
		}
	})
}
