package api_test

import (
	"context"
	"fmt"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestActionFromIdea: POST /api/v1/library-items/{id}/actions makes an action of an idea in
// a plan the person may add actions to, on both engines: the action carries the idea's
// title, summary, themes, effect and cost, is planned and unpublished and names the idea;
// the refusals store nothing.
func TestActionFromIdea(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		kbh, alb := int64(w.kbh), int64(w.alb)
		sec := newToken(t, db, "sek@example.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
		kbhEditor := newToken(t, db, "red@kk.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor})
		albEditor := newToken(t, db, "red@albertslund.dk", auth.ScopeWrite, store.Membership{OrganisationID: alb, Role: auth.RoleEditor})
		albPlan := c.json("POST", "/api/v1/plans", fmt.Sprintf(`{"code":"KP-165","organisation_id":%v,"kind":"climate_plan","title":"Albertslunds klimaplan","status":"adopted","published":true}`, alb), 201)["id"]
		idea := c.as(sec, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Cykelbibliotek","title_en":"Bicycle library","summary":"Lån en ladcykel.","kind":"idea","sector":"transport","theme_ids":[%v],"expected_effect_t_co2e":12.5,"cost_dkk":250000,"published":true}`, w.theme), 201)["id"]
		guide := c.as(sec, "POST", "/api/v1/library-items", `{"title":"Vejledning","kind":"guide","published":true}`, 201)["id"]
		proposal := c.as(kbhEditor, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Kbh's idé","kind":"idea","organisation_id":%v}`, kbh), 201)["id"]
		path := func(id any) string { return fmt.Sprintf("/api/v1/library-items/%v/actions", id) }

		before, _ := db.Count(context.Background(), model.Actions)
		for _, tc := range []struct {
			name, token, path, body string
			status                  int
		}{
			{"the public", "", path(idea), fmt.Sprintf(`{"plan_id":%v}`, w.plan), 401},
			{"an editor into another organisation's plan", albEditor, path(idea), fmt.Sprintf(`{"plan_id":%v}`, w.plan), 403},
			{"an editor does not see another organisation's proposal", albEditor, path(proposal), fmt.Sprintf(`{"plan_id":%v}`, albPlan), 404},
			{"not an idea", kbhEditor, path(guide), fmt.Sprintf(`{"plan_id":%v}`, w.plan), 422},
			{"no owner", kbhEditor, path(idea), `{}`, 400},
			{"both owners", kbhEditor, path(idea), fmt.Sprintf(`{"plan_id":%v,"project_id":%v}`, w.plan, w.project), 400},
			{"an unknown field", kbhEditor, path(idea), `{"plan":1}`, 400},
			{"no such plan", kbhEditor, path(idea), `{"plan_id":999999}`, 404},
			{"no such item", kbhEditor, path(999999), fmt.Sprintf(`{"plan_id":%v}`, w.plan), 404},
		} {
			if status, v := c.do("POST", tc.path, tc.body, "Authorization", bearer(tc.token)); status != tc.status {
				t.Errorf("%s: %d %v, want %d", tc.name, status, v, tc.status)
			}
		}
		if n, _ := db.Count(context.Background(), model.Actions); n != before {
			t.Errorf("%d actions after the refusals, want %d", n, before)
		}

		a := c.as(kbhEditor, "POST", path(idea), fmt.Sprintf(`{"plan_id":%v}`, w.plan), 201)
		want := map[string]any{"title": "Cykelbibliotek", "title_en": "Bicycle library", "description": "Lån en ladcykel.", "sector": "transport",
			"status": "planned", "published": false, "library_item_id": idea, "plan_id": w.plan, "organisation_id": w.kbh,
			"effect_t_co2e": 12.5, "cost_dkk": 250000.0, "theme_ids": []any{w.theme}}
		for k, v := range want {
			if fmt.Sprint(a[k]) != fmt.Sprint(v) {
				t.Errorf("the action's %s = %v, want %v", k, a[k], v)
			}
		}
		// The action is found by the idea, and its making is in the audit trail.
		items := c.as(kbhEditor, "GET", fmt.Sprintf("/api/v1/actions?library_item=%v", idea), "", 200)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["id"] != a["id"] {
			t.Errorf("actions of the idea = %v", items)
		}
		if hist, err := db.Audit(context.Background(), store.AuditQuery{Resource: "actions", RecordID: int64(a["id"].(float64))}); err != nil || len(hist) != 1 || hist[0].Op != "create" {
			t.Errorf("audit of the new action = %v, %v", hist, err)
		}
		// The proposing organisation's editor turns its own proposal into an action, and
		// the secretariat one into the joint project.
		c.as(kbhEditor, "POST", path(proposal), fmt.Sprintf(`{"plan_id":%v}`, w.plan), 201)
		if pa := c.as(sec, "POST", path(idea), fmt.Sprintf(`{"project_id":%v}`, w.project), 201); pa["joint"] != true || fmt.Sprint(pa["project_id"]) != fmt.Sprint(w.project) {
			t.Errorf("the project's action = %v", pa)
		}
	})
}
