package api_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestEmissionPathway: a municipality's pathway from its stored accounts to its targets, by
// hand: 1,000 t in 2018 falling by 50 t a year to 750 t in 2023; the target is 50 % by 2030
// against 2018 (500 t), so the linear path asks 750 − 250/7 t in 2024; the last three years
// cut 50 t a year against 35.7 required, so it is on track. An action's effect of 10 t a year
// from 2024 is a wedge. A target whose base year lies before the accounts without its
// emissions is not used, and says why; with no usable target the answer is 422.
func TestEmissionPathway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		ctx := context.Background()
		var vals []store.EmissionValue
		for i, y := range []int{2018, 2019, 2020, 2021, 2022, 2023} {
			vals = append(vals, store.EmissionValue{OrganisationID: int64(w.kbh), Year: y, Sector: "energi", TCO2e: 700 - float64(i)*40},
				store.EmissionValue{OrganisationID: int64(w.kbh), Year: y, Sector: "landbrug", TCO2e: 300 - float64(i)*10},
				store.EmissionValue{OrganisationID: int64(w.alb), Year: y, Sector: "energi", TCO2e: 100})
		}
		if _, err := db.AddRelease(ctx, store.Release{Name: "Test", Vintage: "2026-05-18", Source: "Test"}, vals); err != nil {
			t.Fatal(err)
		}
		// build() gave København a target of 70 % by 2030 against 1990 with the base entered;
		// replace it with one within the accounts, and add one it cannot use.
		for _, it := range c.as(c.token, "GET", fmt.Sprintf("/api/v1/emission-targets?organisation=%v", w.kbh), "", 200)["items"].([]any) {
			c.json("DELETE", fmt.Sprintf("/api/v1/emission-targets/%v", it.(map[string]any)["id"]), "", 204)
		}
		c.json("POST", "/api/v1/emission-targets", fmt.Sprintf(`{"organisation_id":%v,"base_year":2018,"target_year":2030,"reduction_pct":50,"boundary":"territorial"}`, w.kbh), 201)
		c.json("POST", "/api/v1/emission-targets", fmt.Sprintf(`{"organisation_id":%v,"base_year":1990,"target_year":2040,"reduction_pct":90,"boundary":"territorial","label":"90 %% i 2040"}`, w.kbh), 201)
		c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Varmepumper","sector":"energy","organisation_id":%v,"status":"planned","published":true,"effect_t_co2e":10,"effect_start_year":2024}`, w.plan, w.kbh), 201)

		p := c.as("", "GET", fmt.Sprintf("/api/v1/emissions/pathway?organisation=%v", w.kbh), "", 200)
		if p["verdict"] != "on_track" || !strings.Contains(p["rule"].(string), "3") || p["rule_en"] == "" {
			t.Errorf("verdict %v, rule %q", p["verdict"], p["rule"])
		}
		years := map[float64]map[string]any{}
		for _, y := range p["years"].([]any) {
			m := y.(map[string]any)
			years[m["year"].(float64)] = m
		}
		near := func(what string, got any, want float64) {
			t.Helper()
			if g, ok := got.(float64); !ok || math.Abs(g-want) > 1e-6 {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}
		near("actual 2023", years[2023]["actual_t_co2e"], 750)
		near("required 2024", years[2024]["required_t_co2e"], 750-250.0/7)
		near("gap 2024", years[2024]["gap_t_co2e"], 250.0/7)
		near("wedges 2024", years[2024]["wedges_t_co2e"], 10)
		near("required 2030", years[2030]["required_t_co2e"], 500)
		unused := p["unused_targets"].([]any)
		if len(unused) != 1 || !strings.Contains(fmt.Sprint(unused[0]), "1990") {
			t.Errorf("unused targets = %v, want the 1990-based one with its reason", unused)
		}
		// Energy and transport only: the energy sector's series (700 → 500), no target of that boundary.
		if e := c.as("", "GET", fmt.Sprintf("/api/v1/emissions/pathway?organisation=%v&boundary=energy_transport", w.kbh), "", 422); e["code"] != "no_target" {
			t.Errorf("energy and transport without a target = %v", e)
		}
		// Albertslund has accounts but no target.
		if e := c.as("", "GET", fmt.Sprintf("/api/v1/emissions/pathway?organisation=%v", w.alb), "", 422); e["code"] != "no_target" {
			t.Errorf("no target = %v", e)
		}
		// The region's accounts are its municipalities' sum; it has no target of its own.
		c.as("", "GET", fmt.Sprintf("/api/v1/emissions/pathway?organisation=%v", w.region), "", 422)
		c.as("", "GET", "/api/v1/emissions/pathway", "", 400)
		c.as("", "GET", "/api/v1/emissions/pathway?organisation=999999", "", 404)
		c.as("", "GET", fmt.Sprintf("/api/v1/emissions/pathway?organisation=%v&method=exponential", w.kbh), "", 422)
		if b := c.as("", "GET", fmt.Sprintf("/api/v1/emissions/pathway?organisation=%v&method=budget", w.kbh), "", 200); b["method"] != "budget" {
			t.Errorf("budget method = %v", b["method"])
		}
	})
}
