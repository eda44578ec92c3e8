package demo_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

const exampleSource = "Eksempeldata genereret af Klimaspor – ikke rigtige tal"

// loaded is a fresh SQLite database with the demo loaded, shared by the subtests (loading
// takes a few seconds).
func loaded(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "demo.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := demo.Loaded(ctx, db); err != nil || ok {
		t.Fatalf("Loaded on an empty database = %v, %v; want false, nil", ok, err)
	}
	if err := demo.Load(ctx, db); err != nil {
		t.Fatalf("Load: %v", err)
	}
	return db
}

// all lists every record of a resource that matches the filters.
func all(t *testing.T, db *store.DB, res *model.Resource, filters map[string]string) []model.Record {
	t.Helper()
	var out []model.Record
	q := model.ListQuery{Filters: filters, Limit: store.MaxLimit}
	for {
		page, err := db.List(context.Background(), res, q)
		if err != nil {
			t.Fatalf("list %s %v: %v", res.Name, filters, err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		q.Cursor = page.NextCursor
	}
}

// one returns the record with the natural key (Resource.Key).
func one(t *testing.T, db *store.DB, res *model.Resource, key string) model.Record {
	t.Helper()
	ctx := context.Background()
	keys, err := db.Keys(ctx, res)
	if err != nil {
		t.Fatal(err)
	}
	id, ok := keys[key]
	if !ok {
		t.Fatalf("no %s %q", res.Singular, key)
	}
	rec, err := db.Get(ctx, res, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func id(r model.Record) string { return strconv.FormatInt(r.ID(), 10) }

func TestDemo(t *testing.T) {
	db := loaded(t)
	ctx := context.Background()
	orgCode, err := db.IDKeys(ctx, model.Organisations)
	if err != nil {
		t.Fatal(err)
	}
	projects, err := db.Keys(ctx, model.Projects)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("all regions and municipalities, with the capital region's 29", func(t *testing.T) {
		if n := len(all(t, db, model.Organisations, map[string]string{"kind": "region"})); n != 5 {
			t.Errorf("%d regions; want 5", n)
		}
		munis := all(t, db, model.Organisations, map[string]string{"kind": "municipality"})
		if len(munis) != 98 {
			t.Errorf("%d municipalities; want 98", len(munis))
		}
		for _, m := range munis {
			if len(m.Str("code")) != 3 || m["parent_id"] == nil {
				t.Errorf("municipality %v: code %q, parent %v", m["name_da"], m.Str("code"), m["parent_id"])
			}
			if pops, _ := m["population"].([]model.Population); len(pops) != 1 || pops[0].Value <= 0 || pops[0].Source == "" {
				t.Errorf("municipality %v: population %v; want one sourced figure", m["name_da"], m["population"])
			}
		}
		regionH := one(t, db, model.Organisations, "1084")
		if regionH.Str("name_da") != "Region Hovedstaden" {
			t.Errorf("region 1084 is %q", regionH.Str("name_da"))
		}
		if n := len(all(t, db, model.Organisations, map[string]string{"kind": "municipality", "parent": id(regionH)})); n != 29 {
			t.Errorf("%d municipalities in Region Hovedstaden; want 29", n)
		}
	})

	t.Run("seven VIP projects with their leads and participants", func(t *testing.T) {
		vip := one(t, db, model.Programmes, "VIP")
		got := map[string][]string{}
		gotN := map[string]int{}
		for _, p := range all(t, db, model.Projects, map[string]string{"programme": id(vip)}) {
			leads, _ := p["leads"].([]int64)
			var codes []string
			for _, l := range leads {
				codes = append(codes, orgCode[l])
			}
			sort.Strings(codes)
			got[p.Str("code")] = codes
			parts := all(t, db, model.Participants, map[string]string{"project": id(p)})
			gotN[p.Str("code")] = len(parts)
			for _, pa := range parts {
				if pa.Str("role") != "member" || pa.Str("source") == "" {
					t.Errorf("%s participant %s: role %q, source %q", p.Str("code"), orgCode[pa["organisation_id"].(int64)], pa.Str("role"), pa.Str("source"))
				}
			}
		}
		// Høje-Taastrup 169, Helsingør 217, Albertslund 165, Frederiksberg 147, Gladsaxe 159,
		// Ballerup 151, Fredensborg 210, Hvidovre 167, København 101, Region Hovedstaden 1084.
		wantLeads := map[string][]string{
			"VIP1": {"169", "217"}, "VIP2": {"165"}, "VIP3": {"1084", "147"}, "VIP4": {"159"},
			"VIP5": {"1084", "151"}, "VIP6": {"167", "210"}, "VIP7": {"101"},
		}
		if diff := cmp.Diff(wantLeads, got); diff != "" {
			t.Errorf("leads (-want +got):\n%s", diff)
		}
		// VIP6's list leaves out its two leads, who are added.
		wantN := map[string]int{"VIP1": 29, "VIP2": 10, "VIP3": 23, "VIP4": 17, "VIP5": 16, "VIP6": 26, "VIP7": 7}
		if diff := cmp.Diff(wantN, gotN); diff != "" {
			t.Errorf("participant counts (-want +got):\n%s", diff)
		}
	})

	t.Run("VIP goals and indicators keep the sources' numbers", func(t *testing.T) {
		recycling := one(t, db, model.Indicators, "household_waste_recycling_pct")
		want := []model.Target{{Year: 2025, Value: 55}, {Year: 2030, Value: 60}, {Year: 2035, Value: 65}}
		if diff := cmp.Diff(want, recycling["targets"]); diff != "" {
			t.Errorf("VIP2 recycling targets (-want +got):\n%s", diff)
		}
		commute := one(t, db, model.Indicators, "persons_per_car_commuting")
		if commute["baseline_value"] != 1.05 || commute["baseline_year"] != int64(2014) ||
			!cmp.Equal(commute["targets"], []model.Target{{Year: 2022, Value: 1.2}}) {
			t.Errorf("VIP5 indicator: baseline %v (%v), targets %v; want 1.05 (2014), 1.2 in 2022",
				commute["baseline_value"], commute["baseline_year"], commute["targets"])
		}
		if commute["owner_project_id"] != projects["VIP5"] {
			t.Errorf("VIP5 indicator owned by project %v; want %d", commute["owner_project_id"], projects["VIP5"])
		}
		plans := one(t, db, model.Indicators, "municipalities_with_approved_climate_plan")
		vals := all(t, db, model.IndicatorValues, map[string]string{"indicator": id(plans)})
		if len(vals) != 1 || vals[0]["value"] != 27.0 || vals[0].Str("period") != "2024-02" || vals[0].Str("source") == "" {
			t.Errorf("approved climate plans: %v; want 27 in 2024-02, sourced", vals)
		}
		goals := all(t, db, model.Goals, map[string]string{"project": strconv.FormatInt(projects["VIP1"], 10)})
		if len(goals) != 3 {
			t.Fatalf("VIP1 has %d goals; want 3", len(goals))
		}
		for _, g := range goals {
			if g.Str("text_en") == "" || g.Str("source") == "" {
				t.Errorf("VIP1 goal %q: text_en %q, source %q", g.Str("text_da"), g.Str("text_en"), g.Str("source"))
			}
		}
		if goals[0]["indicator_id"] != plans.ID() || goals[0]["target_value"] != 29.0 || goals[0]["target_year"] != int64(2022) {
			t.Errorf("VIP1 goal 1: indicator %v, target %v in %v; want %d, 29 in 2022", goals[0]["indicator_id"], goals[0]["target_value"], goals[0]["target_year"], plans.ID())
		}
	})

	t.Run("SOSU totals come out as in the source table", func(t *testing.T) {
		want := map[string]float64{
			"sosu_helper_places/2022": 853, "sosu_helper_places/2023": 849,
			"sosu_assistant_places/2022": 1793, "sosu_assistant_places/2023": 1776,
		}
		got := map[string]float64{}
		for _, code := range []string{"sosu_helper_places", "sosu_assistant_places"} {
			ind := one(t, db, model.Indicators, code)
			vals := all(t, db, model.IndicatorValues, map[string]string{"indicator": id(ind), "breakdown": ""})
			if len(vals) != 58 {
				t.Errorf("%s: %d values; want 29 municipalities × 2 years", code, len(vals))
			}
			for _, v := range vals {
				got[code+"/"+v.Str("period")] += v["value"].(float64)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("SOSU totals (-want +got):\n%s", diff)
		}
	})

	t.Run("energy and CO2 accounts: every municipality and year, sectors add up", func(t *testing.T) {
		ind := one(t, db, model.Indicators, "co2e_total_t")
		vals := all(t, db, model.IndicatorValues, map[string]string{"indicator": id(ind)})
		if len(vals) != 98*6*6 {
			t.Errorf("%d values; want 98 municipalities × 6 years × (total + 5 sectors)", len(vals))
		}
		total := map[string]float64{}
		parts := map[string]float64{}
		for _, v := range vals {
			k := orgCode[v["organisation_id"].(int64)] + "/" + v.Str("period")
			if v.Str("breakdown") == "" {
				total[k] = v["value"].(float64)
			} else {
				parts[k] += v["value"].(float64)
			}
			if v.Str("source") == "" || v.Str("vintage") != "2026-05-18" {
				t.Fatalf("value %v: source %q, vintage %q", k, v.Str("source"), v.Str("vintage"))
			}
		}
		if len(total) != 98*6 {
			t.Errorf("%d totals; want %d", len(total), 98*6)
		}
		for k, sum := range total {
			if math.Abs(parts[k]-sum) > 1 {
				t.Errorf("%s: sectors add up to %.1f, total is %.1f", k, parts[k], sum)
			}
		}
		for _, code := range []string{"co2e_per_capita_t", "ve_share"} {
			ind := one(t, db, model.Indicators, code)
			if n := len(all(t, db, model.IndicatorValues, map[string]string{"indicator": id(ind)})); n != 98*6 {
				t.Errorf("%s: %d values; want %d", code, n, 98*6)
			}
		}
	})

	t.Run("cross-plan shares: one indicator per theme", func(t *testing.T) {
		kkr := one(t, db, model.Organisations, "KKRH")
		n := 0
		for _, ind := range all(t, db, model.Indicators, map[string]string{"organisation": id(kkr)}) {
			if len(ind.Str("code")) < 11 || ind.Str("code")[:11] != "plan_share." {
				continue
			}
			n++
			if ind["theme_id"] == nil {
				t.Errorf("%s has no theme", ind.Str("code"))
			}
			vals := all(t, db, model.IndicatorValues, map[string]string{"indicator": id(ind)})
			if len(vals) != 1 || vals[0].Str("period") != "2024" {
				t.Errorf("%s: values %v; want one for 2024", ind.Str("code"), vals)
			}
		}
		if n != 8 {
			t.Errorf("%d cross-plan share indicators; want 8", n)
		}
	})

	t.Run("result contract: 8 goals, a sub-goal and indicator per target", func(t *testing.T) {
		plan := one(t, db, model.Plans, "EHH-RK2023")
		if plan.Str("kind") != "result_contract" || orgCode[plan["organisation_id"].(int64)] != "EHH" {
			t.Errorf("plan kind %q, owner %q", plan.Str("kind"), orgCode[plan["organisation_id"].(int64)])
		}
		var top, sub int
		for _, g := range all(t, db, model.Goals, map[string]string{"plan": id(plan)}) {
			if g["parent_id"] == nil {
				top++
				continue
			}
			sub++
			if g["indicator_id"] == nil {
				t.Errorf("sub-goal %q has no indicator", g.Str("text_da"))
			}
		}
		if top != 8 || sub != 24 {
			t.Errorf("%d goals and %d sub-goals; want 8 and 24", top, sub)
		}
		aw := one(t, db, model.Indicators, "ehh2023.awareness_pct")
		if aw["baseline_value"] != 33.0 || !cmp.Equal(aw["targets"], []model.Target{{Year: 2023, Value: 50}}) {
			t.Errorf("awareness: baseline %v, targets %v; want 33 and 50 in 2023", aw["baseline_value"], aw["targets"])
		}
		if ts := one(t, db, model.Indicators, "ehh2023.productivity_vs_control")["targets"]; len(ts.([]model.Target)) != 0 {
			t.Errorf("productivity has targets %v; the contract gives no number", ts)
		}
	})

	t.Run("infrastructure projects keep their costs, ranges and unknowns", func(t *testing.T) {
		infra := one(t, db, model.Programmes, "INFRA")
		if n := len(all(t, db, model.Projects, map[string]string{"programme": id(infra)})); n != 12 {
			t.Errorf("%d infrastructure projects; want 12", n)
		}
		for code, want := range map[string][2]any{
			"INFRA01": {980e6, nil}, "INFRA03": {nil, nil}, "INFRA09": {182e6, nil}, "INFRA12": {1e9, 1.75e9},
		} {
			p := one(t, db, model.Projects, code)
			if got := [2]any{p["cost_dkk"], p["cost_dkk_high"]}; got != want {
				t.Errorf("%s cost %v; want %v", code, got, want)
			}
		}
	})

	t.Run("generated content is flagged as example, real content is not", func(t *testing.T) {
		examplePlans := map[int64]bool{}
		for _, p := range all(t, db, model.Plans, nil) {
			ex, _ := p["example"].(bool)
			if ex != (p.Str("source") == exampleSource) {
				t.Errorf("plan %s: example %v, source %q", p.Str("code"), ex, p.Str("source"))
			}
			if ex {
				examplePlans[p.ID()] = true
			}
		}
		if len(examplePlans) != 28 {
			t.Errorf("%d example plans; want 28 (the capital region but København)", len(examplePlans))
		}
		kbh := one(t, db, model.Plans, "KP-101")
		perPlan := map[int64]int{}
		for _, a := range all(t, db, model.Actions, nil) {
			ex, _ := a["example"].(bool)
			if ex != (a.Str("source") == exampleSource) {
				t.Errorf("action %q: example %v, source %q", a.Str("title"), ex, a.Str("source"))
			}
			if plan, ok := a["plan_id"].(int64); ok {
				perPlan[plan]++
				if examplePlans[plan] != ex {
					t.Errorf("action %q: example %v in a plan with example %v", a.Str("title"), ex, examplePlans[plan])
				}
			} else if ex {
				t.Errorf("project action %q is flagged example", a.Str("title"))
			}
			if ids, _ := a["partner_ids"].([]int64); a["joint"] == true != (len(ids) > 0) {
				t.Errorf("action %q: joint %v with partners %v", a.Str("title"), a["joint"], ids)
			}
		}
		if perPlan[kbh.ID()] != 31 {
			t.Errorf("København's plan has %d actions; want the 31 of the source", perPlan[kbh.ID()])
		}
		for plan := range examplePlans {
			if n := perPlan[plan]; n < 8 || n > 15 {
				t.Errorf("example plan %d has %d actions; want 8–15", plan, n)
			}
		}
	})

	t.Run("Load is idempotent", func(t *testing.T) {
		if ok, err := demo.Loaded(ctx, db); err != nil || !ok {
			t.Fatalf("Loaded after Load = %v, %v; want true, nil", ok, err)
		}
		var before, after []int64
		count := func() []int64 {
			var out []int64
			for _, res := range model.All {
				n, err := db.Count(ctx, res)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, n)
			}
			return out
		}
		before = count()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatalf("second Load: %v", err)
		}
		after = count()
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("record counts changed on a second Load (-before +after):\n%s", diff)
		}
	})
}

// exampleFingerprint lists what the generator decided for every example action.
func exampleFingerprint(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	for _, a := range all(t, db, model.Actions, nil) {
		if a["example"] != true {
			continue
		}
		ids, _ := a["partner_ids"].([]int64)
		out = append(out, fmt.Sprint(a["plan_id"], a["title"], a["status"], a["start_date"], a["end_date"],
			a["progress"], a["effect_t_co2e"], a["cost_dkk"], len(ids)))
	}
	return out
}

func TestExamplesAreTheSameOnEveryLoad(t *testing.T) {
	first, second := exampleFingerprint(t, loaded(t)), exampleFingerprint(t, loaded(t))
	if len(first) == 0 {
		t.Fatal("no example actions")
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("two loads generated different examples (-first +second):\n%s", diff)
	}
}
