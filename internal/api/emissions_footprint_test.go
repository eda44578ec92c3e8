package api_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestEmissionFootprint: a consumption-based footprint per inhabitant, by hand. København's
// own profile (mobility 3.1 t from build(), food 2.0 t) for its 632,340 inhabitants is
// 5.1 t per inhabitant, 3,224,934 t in all. Without a profile of its own it takes the
// nation's four categories, 3.1 + 2.5 + 2.5 + 4.5 = 12.6 t per inhabitant, 12.6 × 632,340 =
// 7,967,484 t, marked inherited from the nation. The answer always says it is not part of
// the territorial accounts. The nation's profile is the secretariat's, a municipality's its
// editors'. A region or the nation without a population of its own takes the sum of its
// municipalities'.
func TestEmissionFootprint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		kbh := newToken(t, db, "kbh@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleEditor})
		alb := newToken(t, db, "alb@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.alb), Role: auth.RoleEditor})
		sec := newToken(t, db, "sek@example.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
		path := func(org any, extra string) string {
			return fmt.Sprintf("/api/v1/emissions/footprint?organisation=%v%s", org, extra)
		}
		near := func(what string, got any, want float64) {
			t.Helper()
			if g, ok := got.(float64); !ok || math.Abs(g-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}

		// Nothing for the region yet: neither its own profile nor the nation's.
		if e := c.as("", "GET", path(w.region, ""), "", 422); e["code"] != "no_profile" {
			t.Errorf("no profile = %v", e)
		}

		nation := c.json("POST", "/api/v1/organisations", `{"kind":"country","code":"DK","name_da":"Danmark","name_en":"Denmark"}`, 201)["id"]
		profile := func(org any, cat string, v float64) string {
			return fmt.Sprintf(`{"organisation_id":%v,"year":2023,"category":%q,"t_co2e_per_person":%v,"method":"Forbrugsbaseret klimaaftryk, fire kategorier (CONCITO-profil)","source":"Sekundær kilde","example":true}`, org, cat, v)
		}
		c.as(kbh, "POST", "/api/v1/consumption-footprints", profile(nation, "mobility", 3.1), 403)
		for _, cv := range []struct {
			cat string
			v   float64
		}{{"mobility", 3.1}, {"food", 2.5}, {"housing", 2.5}, {"goods_services", 4.5}} {
			c.as(sec, "POST", "/api/v1/consumption-footprints", profile(nation, cv.cat, cv.v), 201)
		}
		c.as(sec, "POST", "/api/v1/consumption-footprints", profile(nation, "food", 9), 409) // one figure per organisation, year and category
		c.as(sec, "POST", "/api/v1/consumption-footprints", profile(nation, "energy", 1), 422)
		c.as(sec, "POST", "/api/v1/consumption-footprints", profile(nation, "food", -1), 422)

		// København's own: its editor sets it, Albertslund's and the secretariat may not.
		own := fmt.Sprintf(`{"organisation_id":%v,"year":2023,"category":"food","t_co2e_per_person":2,"method":"Kommunens egen opgørelse","source":"Klimaplanen"}`, w.kbh)
		c.as(alb, "POST", "/api/v1/consumption-footprints", own, 403)
		c.as(sec, "POST", "/api/v1/consumption-footprints", own, 403)
		c.as(kbh, "POST", "/api/v1/consumption-footprints", own, 201)

		f := c.as("", "GET", path(w.kbh, ""), "", 200)
		if f["inherited_from"] != nil || f["year"] != 2023.0 || f["population"] != 632340.0 || f["population_year"] != 2020.0 || f["example"] != false {
			t.Errorf("own footprint = %v", f)
		}
		if !strings.Contains(f["method"].(string), "Forbrugsbaseret klimaaftryk") || !strings.Contains(f["method"].(string), "Kommunens egen opgørelse") {
			t.Errorf("method %q, want both records' labels", f["method"])
		}
		cats := f["categories"].([]any)
		if len(cats) != 2 || cats[0].(map[string]any)["category"] != "mobility" || cats[1].(map[string]any)["category"] != "food" {
			t.Fatalf("categories = %v", cats)
		}
		near("food t", cats[1].(map[string]any)["t_co2e"], 2*632340)
		near("total per person", f["total_t_co2e_per_person"], 5.1)
		near("total", f["total_t_co2e"], 3224934)
		if !strings.Contains(f["note"].(string), "aldrig") || !strings.Contains(f["note_en"].(string), "never added to the territorial accounts") {
			t.Errorf("note %q / %q", f["note"], f["note_en"])
		}
		c.as("", "GET", path(w.kbh, "&year=2023"), "", 200)
		if e := c.as("", "GET", path(w.kbh, "&year=2022"), "", 422); e["code"] != "no_profile" || !strings.Contains(e["message"].(string), "2022") {
			t.Errorf("no profile for 2022 = %v", e)
		}

		// Without its own, København inherits the nation's per inhabitant.
		for _, it := range c.as("", "GET", fmt.Sprintf("/api/v1/consumption-footprints?organisation=%v&year=2023", w.kbh), "", 200)["items"].([]any) {
			c.json("DELETE", fmt.Sprintf("/api/v1/consumption-footprints/%v", it.(map[string]any)["id"]), "", 204)
		}
		f = c.as("", "GET", path(w.kbh, ""), "", 200)
		if f["inherited_from"] != nation || f["example"] != true || !strings.HasPrefix(f["method"].(string), "landsgennemsnit pr. indbygger") {
			t.Errorf("inherited footprint = %v", f)
		}
		cats = f["categories"].([]any)
		if len(cats) != 4 || cats[3].(map[string]any)["category"] != "goods_services" {
			t.Fatalf("categories = %v", cats)
		}
		near("mobility t", cats[0].(map[string]any)["t_co2e"], 1960254)
		near("goods and services t", cats[3].(map[string]any)["t_co2e"], 2845530)
		near("total per person", f["total_t_co2e_per_person"], 12.6)
		near("total", f["total_t_co2e"], 7967484)

		// No population to multiply by: Albertslund (none given) and the nation.
		for _, org := range []any{w.alb, nation} {
			if e := c.as("", "GET", path(org, ""), "", 422); e["code"] != "no_population" {
				t.Errorf("no population = %v", e)
			}
		}
		// A region's or the nation's population is the sum of its municipalities' for the
		// year once every one of them has a figure: with Albertslund's 27,728 (2020) the
		// region's is 632,340 + 27,728 = 660,068, 12.6 × 660,068 = 8,316,856.8 t; the nation,
		// above the region, has the same.
		albRec := c.json("GET", fmt.Sprintf("/api/v1/organisations/%v", w.alb), "", 200)
		c.json("PATCH", fmt.Sprintf("/api/v1/organisations/%v", w.alb), fmt.Sprintf(`{"version":%v,"population":[{"year":2020,"value":27728,"source":"DST"}]}`, albRec["version"]), 200)
		regRec := c.json("GET", fmt.Sprintf("/api/v1/organisations/%v", w.region), "", 200)
		c.json("PATCH", fmt.Sprintf("/api/v1/organisations/%v", w.region), fmt.Sprintf(`{"version":%v,"parent_id":%v}`, regRec["version"], nation), 200)
		for _, org := range []any{w.region, nation} {
			f = c.as("", "GET", path(org, ""), "", 200)
			if f["population"] != 660068.0 || f["population_year"] != 2020.0 {
				t.Errorf("population of %v = %v (%v), want 660,068 (2020)", org, f["population"], f["population_year"])
			}
			near("total", f["total_t_co2e"], 8316856.8)
		}
		if f = c.as("", "GET", path(w.region, ""), "", 200); f["inherited_from"] != nation {
			t.Errorf("the region's footprint is not the nation's per inhabitant: %v", f["inherited_from"])
		}

		c.as("", "GET", "/api/v1/emissions/footprint", "", 400)
		c.as("", "GET", path(w.kbh, "&year=abc"), "", 400)
		c.as("", "GET", path(w.kbh, "&sector=energy"), "", 400)
		c.as("", "GET", path(999999, ""), "", 404)
	})
}
