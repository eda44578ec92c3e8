package api_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestCoverageOfNetwork (both engines): a network (a saved group, such as Klimaalliancen)
// of three municipalities, København, Albertslund and Glostrup, is a coverage group of its
// own. Hvidovre, outside it, has a transport action too, which the network's figures do not
// count until Hvidovre is added as a member, and then at once. A member that is not a
// municipality, and members of an organisation that is not a network, are refused (422 on
// member_ids), and the refused writes change nothing.
func TestCoverageOfNetwork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		id := func(m map[string]any) float64 { return m["id"].(float64) }
		glo := id(c.json("POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"municipality","code":"161","name_da":"Glostrup","parent_id":%v}`, w.region), 201))
		hvi := id(c.json("POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"municipality","code":"167","name_da":"Hvidovre","parent_id":%v}`, w.region), 201))
		hviPlan := id(c.json("POST", "/api/v1/plans", fmt.Sprintf(`{"code":"KP-167","organisation_id":%v,"kind":"climate_plan","title":"Klimaplan","status":"adopted","published":true}`, hvi), 201))
		c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Cykelstier","sector":"transport","organisation_id":%v,"status":"planned","theme_ids":[%v],"published":true}`, hviPlan, hvi, w.theme), 201)
		c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Elbiler","sector":"transport","organisation_id":%v,"status":"planned","theme_ids":[%v],"published":true}`, w.plan, w.kbh, w.theme), 201)

		net := c.json("POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"network","code":"KA","name_da":"Klimaalliancen","member_ids":[%v,%v,%v]}`, glo, w.kbh, w.alb), 201)
		if diff := cmp.Diff([]any{w.kbh, w.alb, glo}, net["member_ids"]); diff != "" {
			t.Errorf("member_ids (-want +got):\n%s", diff)
		}
		transport := func(m map[string]any) map[string]any {
			for _, x := range m["themes"].([]any) {
				if th := x.(map[string]any); th["code"] == "transport" {
					return th
				}
			}
			t.Fatalf("no transport in %v", m)
			return nil
		}
		path := fmt.Sprintf("/api/v1/coverage?group=%v&base=all", net["id"])
		got := c.as("", "GET", path, "", 200)
		if th := transport(got); got["group_id"] != net["id"] || got["members"] != 3.0 || got["counted"] != 3.0 ||
			th["count"] != 1.0 || !cmp.Equal(th["organisations"], []any{w.kbh}) {
			t.Errorf("the network's coverage = %v", got)
		}
		// On base adopted only København has an adopted plan.
		if got := c.as("", "GET", fmt.Sprintf("/api/v1/coverage?group=%v", net["id"]), "", 200); got["members"] != 3.0 || got["counted"] != 1.0 || transport(got)["share"] != 1.0 {
			t.Errorf("the network's coverage on base adopted = %v", got)
		}

		// Adding Hvidovre counts its action at once.
		c.json("PATCH", fmt.Sprintf("/api/v1/organisations/%v", net["id"]), fmt.Sprintf(`{"version":%v,"member_ids":[%v,%v,%v,%v]}`, net["version"], w.kbh, w.alb, glo, hvi), 200)
		got = c.as("", "GET", path, "", 200)
		if th := transport(got); got["members"] != 4.0 || th["count"] != 2.0 || th["share"] != 0.5 || !cmp.Equal(th["organisations"], []any{w.kbh, hvi}) {
			t.Errorf("after adding Hvidovre = %v", got)
		}
		net = c.json("GET", fmt.Sprintf("/api/v1/organisations/%v", net["id"]), "", 200)

		for _, bad := range []struct{ name, method, path, body string }{
			{"a region as a member", "POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"network","code":"N2","name_da":"N2","member_ids":[%v,%v]}`, w.kbh, w.region)},
			{"members of a partner", "POST", "/api/v1/organisations", fmt.Sprintf(`{"kind":"partner","code":"P2","name_da":"P2","member_ids":[%v]}`, w.kbh)},
			{"a network as a member", "PATCH", fmt.Sprintf("/api/v1/organisations/%v", net["id"]), fmt.Sprintf(`{"version":%v,"member_ids":[%v,%v]}`, net["version"], w.kbh, net["id"])},
		} {
			status, v := c.do(bad.method, bad.path, bad.body)
			e, _ := v.(map[string]any)
			if status != 422 || e["field"] != "member_ids" {
				t.Errorf("%s: %d %v, want 422 on member_ids", bad.name, status, v)
			}
			c.conforms(bad.method, bad.path, status, v)
		}
		if got := c.as("", "GET", path, "", 200); got["members"] != 4.0 {
			t.Errorf("a refused write changed the network: %v", got)
		}
	})
}
