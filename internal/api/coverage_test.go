package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestCoverageAPI: the world's region has two municipalities; København's plan is adopted
// and has a published electric-car action (a sub-theme of transport) and a draft waste
// action; Albertslund's plan is adopted and unpublished, with a published waste action. So
// on base adopted 1 of 2 members is counted and transport is 1/1 = 1.0, beside the
// published 75 % (difference +0.25); on base all it is 1/2 = 0.5. Waste is 0 for everybody,
// also for an administrator who sees the drafts. A publishing of Albertslund's plan raises
// waste at once. Yesterday nothing had been entered.
func TestCoverageAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		id := func(m map[string]any) float64 { return m["id"].(float64) }
		plan := c.json("GET", fmt.Sprintf("/api/v1/plans/%v", w.plan), "", 200)
		c.json("PATCH", fmt.Sprintf("/api/v1/plans/%v", w.plan), fmt.Sprintf(`{"version":%v,"adopted_on":"2021-03-01"}`, plan["version"]), 200)
		ev := id(c.json("POST", "/api/v1/themes", fmt.Sprintf(`{"code":"transport.ev","name_da":"Elbiler","parent_id":%v}`, w.theme), 201))
		waste := id(c.json("POST", "/api/v1/themes", `{"code":"waste","name_da":"Affald"}`, 201))
		albPlan := c.json("POST", "/api/v1/plans", fmt.Sprintf(`{"code":"KP-165","organisation_id":%v,"kind":"climate_plan","title":"Klimaplan","status":"adopted","adopted_on":"2021-06-01","published":false}`, w.alb), 201)
		act := id(c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Elbiler i flåden","sector":"transport","organisation_id":%v,"status":"planned","theme_ids":[%v],"published":true}`, w.plan, w.kbh, ev), 201))
		c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Madaffald (kladde)","sector":"waste_wastewater","organisation_id":%v,"status":"planned","theme_ids":[%v],"published":false}`, w.plan, w.kbh, waste), 201)
		albAct := id(c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Madaffald","sector":"waste_wastewater","organisation_id":%v,"status":"planned","theme_ids":[%v],"published":true}`, albPlan["id"], w.alb, waste), 201))
		// The published figure: a plan_share indicator of the theme, its value for the region.
		ind := id(c.json("POST", "/api/v1/indicators", fmt.Sprintf(`{"code":"plan_share.transport","name_da":"Andel med transport","unit":"%%","direction":"higher","owner_organisation_id":%v,"theme_id":%v}`, w.region, w.theme), 201))
		c.json("POST", "/api/v1/indicator-values", fmt.Sprintf(`{"indicator_id":%v,"organisation_id":%v,"period":"2024","value":75,"source":"Ea Energianalyse"}`, ind, w.region), 201)

		type theme struct {
			Code          string
			Count         float64
			Share         float64
			Organisations []any
			Published     []any
		}
		themes := func(m map[string]any) map[string]theme {
			out := map[string]theme{}
			for _, x := range m["themes"].([]any) {
				t := x.(map[string]any)
				out[t["code"].(string)] = theme{t["code"].(string), t["count"].(float64), t["share"].(float64), t["organisations"].([]any), t["published"].([]any)}
			}
			return out
		}
		path := fmt.Sprintf("/api/v1/coverage?group=%v", w.region)
		got := c.as("", "GET", path, "", 200)
		if got["group_id"] != w.region || got["base"] != "adopted" || got["members"] != 2.0 || got["counted"] != 1.0 || got["at"] != nil {
			t.Errorf("coverage = %v", got)
		}
		pub := []any{map[string]any{"share": 0.75, "source": "Ea Energianalyse", "date": "2024", "base": "adopted", "difference": 0.25}}
		want := map[string]theme{
			"transport":    {"transport", 1, 1, []any{w.kbh}, pub},
			"transport.ev": {"transport.ev", 1, 1, []any{w.kbh}, []any{}},
			"waste":        {"waste", 0, 0, []any{}, []any{}},
		}
		if diff := cmp.Diff(want, themes(got)); diff != "" {
			t.Errorf("themes, base adopted (-want +got):\n%s", diff)
		}
		// Drafts never count, for anybody: the administrator gets the same answer.
		if diff := cmp.Diff(got, c.as(c.token, "GET", path, "", 200)); diff != "" {
			t.Errorf("the administrator's answer differs (-public +admin):\n%s", diff)
		}
		all := c.as("", "GET", path+"&base=all", "", 200)
		if all["counted"] != 2.0 || themes(all)["transport"].Share != 0.5 || themes(all)["transport"].Published[0].(map[string]any)["difference"] != -0.25 {
			t.Errorf("base all = %v", all)
		}
		acts := c.as("", "GET", fmt.Sprintf("/api/v1/coverage/%v/actions?group=%v", w.theme, w.region), "", 200)
		wantItems := []any{map[string]any{"id": act, "title": "Elbiler i flåden", "organisation_id": w.kbh, "plan_id": w.plan, "member_id": w.kbh}}
		if diff := cmp.Diff(wantItems, acts["items"]); diff != "" {
			t.Errorf("actions behind transport (-want +got):\n%s", diff)
		}
		if items := c.as(c.token, "GET", fmt.Sprintf("/api/v1/coverage/%v/actions?group=%v", waste, w.region), "", 200)["items"].([]any); len(items) != 0 {
			t.Errorf("actions behind waste for the administrator = %v, want none (drafts)", items)
		}

		// Publishing Albertslund's plan raises waste at once.
		c.json("PATCH", fmt.Sprintf("/api/v1/plans/%v", albPlan["id"]), fmt.Sprintf(`{"version":%v,"published":true}`, albPlan["version"]), 200)
		now := c.as("", "GET", path, "", 200)
		if now["counted"] != 2.0 || themes(now)["waste"].Count != 1 || themes(now)["transport"].Share != 0.5 {
			t.Errorf("after publishing Albertslund's plan: %v", now)
		}
		acts = c.as("", "GET", fmt.Sprintf("/api/v1/coverage/%v/actions?group=%v", waste, w.region), "", 200)
		if items := acts["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != albAct {
			t.Errorf("actions behind waste = %v", items)
		}

		// Yesterday nothing was entered: every member uncounted. Today equals now.
		yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
		past := c.as("", "GET", path+"&at="+yesterday, "", 200)
		if past["counted"] != 0.0 || past["members"] != 2.0 || past["at"] != yesterday {
			t.Errorf("yesterday = %v", past)
		}
		today := c.as("", "GET", path+"&at="+time.Now().UTC().Format(time.DateOnly), "", 200)
		if diff := cmp.Diff(themes(now), themes(today)); diff != "" {
			t.Errorf("today's coverage rebuilt from the histories differs from now's (-now +today):\n%s", diff)
		}

		// A joint project's participating municipalities (København, Albertslund): no published figures.
		proj := c.as("", "GET", fmt.Sprintf("/api/v1/coverage?project=%v&base=all", w.project), "", 200)
		if proj["project_id"] != w.project || proj["group_id"] != nil || proj["members"] != 2.0 || themes(proj)["transport"].Count != 1 || len(themes(proj)["transport"].Published) != 0 {
			t.Errorf("project coverage = %v", proj)
		}

		for _, bad := range []struct {
			path string
			want int
		}{
			{"/api/v1/coverage", 400},
			{fmt.Sprintf("/api/v1/coverage?group=%v", w.kbh), 400},
			{fmt.Sprintf("/api/v1/coverage?group=%v&project=%v", w.region, w.project), 400},
			{fmt.Sprintf("/api/v1/coverage?group=%v&base=some", w.region), 400},
			{fmt.Sprintf("/api/v1/coverage?group=%v&at=2024-13-01", w.region), 400},
			{fmt.Sprintf("/api/v1/coverage?group=%v&colour=red", w.region), 400},
			{"/api/v1/coverage?group=999999", 404},
			{"/api/v1/coverage?project=999999", 404},
			{fmt.Sprintf("/api/v1/coverage/999999/actions?group=%v", w.region), 404},
			{fmt.Sprintf("/api/v1/coverage/x/actions?group=%v", w.region), 400},
			{fmt.Sprintf("/api/v1/coverage/%v/actions", w.theme), 400},
		} {
			c.as("", "GET", bad.path, "", bad.want)
		}
	})
}
