package api_test

import (
	"fmt"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestThemeSuggestionsAPI: København's plan has labelled actions (charging, cycling) and
// two actions without a theme, one a draft. Its editor reads the suggestions (charging first
// for a charging action), accepts one with the action's version (a stale version 409, again
// 422), after which the action is no longer listed; rejects a suggestion, after which it is
// not suggested again. The public hears 401, Albertslund's editor and a read-only token 403
// (also for the answers), an unknown organisation, action or theme 404, every answer as
// the OpenAPI document says.
func TestThemeSuggestionsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		id := func(m map[string]any) float64 { return m["id"].(float64) }
		charging := id(c.json("POST", "/api/v1/themes", fmt.Sprintf(`{"code":"transport.charging","name_da":"Ladeinfrastruktur og parkering for elbiler","name_en":"Charging","parent_id":%v}`, w.theme), 201))
		cycling := id(c.json("POST", "/api/v1/themes", fmt.Sprintf(`{"code":"transport.cycling","name_da":"Fremme af cykling","name_en":"Cycling","parent_id":%v}`, w.theme), 201))
		action := func(title, desc string, themes string, published bool) map[string]any {
			return c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":%q,"description":%q,"sector":"transport","organisation_id":%v,"status":"planned","theme_ids":[%s],"published":%v}`,
				w.plan, title, desc, w.kbh, themes, published), 201)
		}
		action("Offentlige ladestandere", "Ladestandere til elbiler ved stationer.", fmt.Sprint(charging), true)
		action("Nye cykelstier", "Sammenhængende cykelstier til pendlere.", fmt.Sprint(cycling), true)
		lade := action("Flere ladestandere", "Kommunen sætter ladestandere op til elbiler.", "", true)
		cykel := action("Cykelstier langs vejene", "Bredere cykelstier.", "", false)

		editor := newToken(t, db, "ed@kbh.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleEditor})
		albEditor := newToken(t, db, "ed@alb.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.alb), Role: auth.RoleEditor})
		readOnly := newToken(t, db, "ro@kbh.dk", auth.ScopeRead, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleEditor})

		path := fmt.Sprintf("/api/v1/theme-suggestions?organisation=%v", w.kbh)
		got := c.as(editor, "GET", path, "", 200)
		acts := got["actions"].([]any)
		if got["organisation_id"] != w.kbh || len(acts) != 2 {
			t.Fatalf("suggestions: %v", got)
		}
		first := acts[0].(map[string]any)
		sugg := first["suggestions"].([]any)
		if first["action_id"] != id(lade) || first["version"] != 1.0 || len(sugg) == 0 || sugg[0].(map[string]any)["theme_id"] != charging ||
			sugg[0].(map[string]any)["code"] != "transport.charging" {
			t.Errorf("first action: %v", first)
		}
		second := acts[1].(map[string]any)
		if second["action_id"] != id(cykel) || second["published"] != false || len(second["suggestions"].([]any)) == 0 ||
			second["suggestions"].([]any)[0].(map[string]any)["theme_id"] != cycling {
			t.Errorf("second action (a draft): %v", second)
		}

		c.as("", "GET", path, "", 401)
		c.as(albEditor, "GET", path, "", 403)
		c.as(readOnly, "GET", path, "", 403)
		c.as(editor, "GET", "/api/v1/theme-suggestions?organisation=99999", "", 404)
		c.as(editor, "GET", "/api/v1/theme-suggestions", "", 400)
		c.as(editor, "GET", path+"&group=1", "", 400)

		accept := func(token string, action, theme, version float64, want int) map[string]any {
			return c.as(token, "POST", "/api/v1/theme-suggestions/accept", fmt.Sprintf(`{"action_id":%v,"theme_id":%v,"version":%v}`, action, theme, version), want)
		}
		reject := func(token string, action, theme float64, want int) map[string]any {
			return c.as(token, "POST", "/api/v1/theme-suggestions/reject", fmt.Sprintf(`{"action_id":%v,"theme_id":%v}`, action, theme), want)
		}
		accept("", id(lade), charging, 1, 401)
		accept(albEditor, id(lade), charging, 1, 403)
		accept(readOnly, id(lade), charging, 1, 403)
		accept(editor, 99999, charging, 1, 404)
		accept(editor, id(lade), 99999, 1, 404)
		accept(editor, id(lade), charging, 0, 400)
		accept(editor, id(lade), charging, 5, 409)
		out := accept(editor, id(lade), charging, 1, 200)
		if out["version"] != 2.0 || len(out["theme_ids"].([]any)) != 1 {
			t.Errorf("accepted: %v", out)
		}
		accept(editor, id(lade), charging, 2, 422)
		// The answer changes at once: the mapped action is no longer listed.
		acts = c.as(editor, "GET", path, "", 200)["actions"].([]any)
		if len(acts) != 1 || acts[0].(map[string]any)["action_id"] != id(cykel) {
			t.Errorf("after the accept: %v", acts)
		}

		reject("", id(cykel), cycling, 401)
		// Albertslund's editor may not see København's draft: as if there were none.
		reject(albEditor, id(cykel), cycling, 404)
		reject(readOnly, id(cykel), cycling, 403)
		reject(editor, id(cykel), 99999, 404)
		if r := reject(editor, id(cykel), cycling, 200); r["rejected"] != true {
			t.Errorf("rejected: %v", r)
		}
		reject(editor, id(cykel), cycling, 200)
		for _, s := range c.as(editor, "GET", path, "", 200)["actions"].([]any)[0].(map[string]any)["suggestions"].([]any) {
			if s.(map[string]any)["theme_id"] == cycling {
				t.Errorf("a rejected theme is suggested again: %v", s)
			}
		}
		entries, err := db.Audit(t.Context(), store.AuditQuery{Resource: store.AuditThemeSuggestions})
		if err != nil || len(entries) != 1 || entries[0].User != "ed@kbh.dk" || entries[0].Channel != store.ChannelAPI {
			t.Errorf("audit of the rejection: %+v, %v", entries, err)
		}
	})
}
