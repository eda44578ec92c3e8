package api_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// peersWorld is two regions of municipalities with known populations and accounts:
//
//	Region Hovedstaden: København 632,340 inh., 2.0 t/inh.; Albertslund 27,000, 3.0;
//	                    Frederiksberg 104,000, 2.5
//	Region Syddanmark:  Odense 205,000, 4.0; Lolland 40,000, 15.0
//
// København's adopted plan has a published transport action; Albertslund's a published
// waste action and a draft transport action; Frederiksberg has no plan.
type peersWorld struct {
	region, south, kbh, alb, frb, ode, lol, transport, waste float64
}

func buildPeers(t *testing.T, c *client, db *store.DB) peersWorld {
	t.Helper()
	var w peersWorld
	id := func(m map[string]any) float64 { return m["id"].(float64) }
	w.region = id(c.json("POST", "/api/v1/organisations", `{"kind":"region","code":"1084","name_da":"Region Hovedstaden"}`, 201))
	w.south = id(c.json("POST", "/api/v1/organisations", `{"kind":"region","code":"1083","name_da":"Region Syddanmark"}`, 201))
	muni := func(code, name string, region float64, pop int) float64 {
		return id(c.json("POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"municipality","code":"%s","name_da":"%s","parent_id":%v,"population":[{"year":2022,"value":%d,"source":"DST"}]}`, code, name, region, pop), 201))
	}
	w.kbh = muni("101", "København", w.region, 632340)
	w.alb = muni("165", "Albertslund", w.region, 27000)
	w.frb = muni("147", "Frederiksberg", w.region, 104000)
	w.ode = muni("461", "Odense", w.south, 205000)
	w.lol = muni("360", "Lolland", w.south, 40000)
	var vals []store.EmissionValue
	for org, total := range map[float64]float64{w.kbh: 1264680, w.alb: 81000, w.frb: 260000, w.ode: 820000, w.lol: 600000} {
		vals = append(vals, store.EmissionValue{OrganisationID: int64(org), Year: 2022, Sector: "energi", TCO2e: total},
			store.EmissionValue{OrganisationID: int64(org), Year: 2021, Sector: "energi", TCO2e: 1})
	}
	if _, err := db.AddRelease(context.Background(), store.Release{Name: "Test", Vintage: "2024-01-01", Source: "test"}, vals); err != nil {
		t.Fatal(err)
	}
	w.transport = id(c.json("POST", "/api/v1/themes", `{"code":"transport","name_da":"Transport"}`, 201))
	w.waste = id(c.json("POST", "/api/v1/themes", `{"code":"waste","name_da":"Affald"}`, 201))
	c.json("POST", "/api/v1/themes", `{"code":"nature","name_da":"Natur"}`, 201) // nobody has it
	plan := func(org float64, code string) float64 {
		return id(c.json("POST", "/api/v1/plans", fmt.Sprintf(`{"code":"%s","organisation_id":%v,"kind":"climate_plan","title":"Klimaplan","status":"adopted","published":true}`, code, org), 201))
	}
	action := func(plan, org, theme float64, published bool) {
		c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Indsats","sector":"transport","organisation_id":%v,"status":"planned","theme_ids":[%v],"published":%v}`, plan, org, theme, published), 201)
	}
	pk, pa := plan(w.kbh, "KP-101"), plan(w.alb, "KP-165")
	action(pk, w.kbh, w.transport, true)
	action(pa, w.alb, w.waste, true)
	action(pa, w.alb, w.transport, false)
	c.json("POST", "/api/v1/emission-targets", fmt.Sprintf(`{"organisation_id":%v,"target_year":2035,"net_zero":true,"boundary":"territorial"}`, w.kbh), 201)
	return w
}

// TestPeersAPI: København beside Albertslund against their region (the default): each
// figure's values, the group's average over the members with a figure and how many have a
// yes; the draft action counts nowhere. Albertslund's two most similar are Frederiksberg and
// Odense, not Lolland, the nearest in size but five times the emissions per inhabitant.
func TestPeersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := buildPeers(t, c, db)
		type fig struct {
			Values      map[string]any
			Average     any
			Count, Size float64
		}
		figures := func(m map[string]any) map[string]fig {
			out := map[string]fig{}
			for _, x := range m["figures"].([]any) {
				f := x.(map[string]any)
				out[f["key"].(string)] = fig{f["values"].(map[string]any), f["group_average"], f["group_count"].(float64), f["group_size"].(float64)}
			}
			return out
		}
		k, a := fmt.Sprint(w.kbh), fmt.Sprint(w.alb)
		got := c.as("", "GET", fmt.Sprintf("/api/v1/peers?organisation=%v&with=%v", w.kbh, w.alb), "", 200)
		if got["group_id"] != w.region || got["year"] != 2022.0 || got["project_id"] != nil {
			t.Errorf("answer = %v", got)
		}
		if diff := cmp.Diff([]any{w.kbh, w.alb, w.frb}, got["members"]); diff != "" {
			t.Errorf("members (-want +got):\n%s", diff)
		}
		round := cmp.Comparer(func(x, y float64) bool { return math.Abs(x-y) < 1e-9 })
		want := map[string]fig{
			"population":               {map[string]any{k: 632340.0, a: 27000.0}, (632340.0 + 27000 + 104000) / 3, 3, 3},
			"emissions_per_inhabitant": {map[string]any{k: 2.0, a: 3.0}, 2.5, 3, 3},
			"emissions_total":          {map[string]any{k: 1264680.0, a: 81000.0}, (1264680.0 + 81000 + 260000) / 3, 3, 3},
			"adopted_plan":             {map[string]any{k: true, a: true}, nil, 2, 3},
			"net_zero_year":            {map[string]any{k: 2035.0, a: nil}, 2035.0, 1, 3},
			"actions":                  {map[string]any{k: 1.0, a: 1.0}, 2.0 / 3, 3, 3},
			"theme.transport":          {map[string]any{k: true, a: false}, nil, 1, 3},
			"theme.waste":              {map[string]any{k: false, a: true}, nil, 1, 3},
		}
		if diff := cmp.Diff(want, figures(got), round); diff != "" {
			t.Errorf("figures (-want +got):\n%s", diff)
		}

		sim := c.as("", "GET", fmt.Sprintf("/api/v1/peers?organisation=%v&similar=2", w.alb), "", 200)
		var ids []any
		for _, o := range sim["organisations"].([]any) {
			ids = append(ids, o.(map[string]any)["id"])
		}
		if diff := cmp.Diff([]any{w.alb, w.frb, w.ode}, ids); diff != "" {
			t.Errorf("Albertslund and its two most similar (-want +got):\n%s", diff)
		}
		if o := sim["organisations"].([]any)[1].(map[string]any); o["similar"] != true || o["distance"].(float64) <= 0 {
			t.Errorf("a similar one = %v", o)
		}
		// Odense is outside the group: its values are shown, the group's figures unchanged.
		if f := figures(sim)["emissions_per_inhabitant"]; f.Values[fmt.Sprint(w.ode)] != 4.0 || f.Average != 2.5 || f.Size != 3 {
			t.Errorf("per inhabitant with Odense = %v", f)
		}
		// Against the other region: its two members.
		south := c.as("", "GET", fmt.Sprintf("/api/v1/peers?organisation=%v&group=%v", w.kbh, w.south), "", 200)
		if f := figures(south)["emissions_per_inhabitant"]; f.Average != 9.5 || f.Size != 2 {
			t.Errorf("against Syddanmark = %v", f)
		}

		// Against a joint project's participants, København and Odense, wherever they are.
		prog := c.json("POST", "/api/v1/programmes", `{"code":"VIP","name_da":"VIP klimaprojekter","period_start":2020,"period_end":2023}`, 201)
		proj := c.json("POST", "/api/v1/projects", fmt.Sprintf(`{"programme_id":%v,"code":"VIP3","name_da":"Grønne drivmidler"}`, prog["id"]), 201)
		for _, org := range []float64{w.kbh, w.ode} {
			c.json("POST", "/api/v1/participants", fmt.Sprintf(`{"project_id":%v,"organisation_id":%v,"role":"member"}`, proj["id"], org), 201)
		}
		byProject := c.as("", "GET", fmt.Sprintf("/api/v1/peers?organisation=%v&project=%v", w.alb, proj["id"]), "", 200)
		if f := figures(byProject)["emissions_per_inhabitant"]; byProject["project_id"] != proj["id"] || byProject["group_id"] != nil || f.Average != 3.0 || f.Size != 2 {
			t.Errorf("against the project: %v, %v", byProject["project_id"], f)
		}

		for _, bad := range []struct {
			path string
			want int
		}{
			{"/api/v1/peers", 400},
			{fmt.Sprintf("/api/v1/peers?organisation=%v", w.region), 400},
			{fmt.Sprintf("/api/v1/peers?organisation=%v&similar=0", w.kbh), 400},
			{fmt.Sprintf("/api/v1/peers?organisation=%v&similar=99", w.kbh), 400},
			{fmt.Sprintf("/api/v1/peers?organisation=%v&with=x", w.kbh), 400},
			{fmt.Sprintf("/api/v1/peers?organisation=%v&group=%v", w.kbh, w.alb), 400},
			{fmt.Sprintf("/api/v1/peers?organisation=%v&group=%v&project=1", w.kbh, w.region), 400},
			{fmt.Sprintf("/api/v1/peers?organisation=%v&colour=red", w.kbh), 400},
			{"/api/v1/peers?organisation=999999", 404},
			{fmt.Sprintf("/api/v1/peers?organisation=%v&group=999999", w.kbh), 404},
		} {
			c.as("", "GET", bad.path, "", bad.want)
		}
	})
}
