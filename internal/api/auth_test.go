package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestAPIAuthorization: changes need a token of somebody who may make them; a refusal
// changes nothing; drafts stay out of public answers; every change is in the audit trail.
func TestAPIAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClient(t, db)
		w := build(c)
		kbh, alb := int64(w.kbh), int64(w.alb)
		albEditor := newToken(t, db, "alb@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: alb, Role: auth.RoleEditor})
		kbhEditor := newToken(t, db, "kbh@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor})
		kbhReader := newToken(t, db, "kbh-read@example.dk", auth.ScopeRead, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor})
		kbhViewer := newToken(t, db, "kbh-view@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleViewer})

		draft := c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Hemmeligt udkast","sector":"energy","organisation_id":%v,"status":"planned"}`, w.plan, w.kbh), 201)
		path := fmt.Sprintf("/api/v1/actions/%v", draft["id"])
		before, err := db.Get(ctx, model.Actions, int64(draft["id"].(float64)))
		if err != nil {
			t.Fatal(err)
		}
		patch := `{"version":1,"title":"Ændret"}`
		for _, tc := range []struct {
			name, token string
			want        int
		}{
			{"no token", "", 401},
			{"unknown token", "ks_nonsense", 401},
			{"Albertslund's editor, who may not see the draft", albEditor, 404},
			{"a read-only token", kbhReader, 403},
			{"a viewer", kbhViewer, 403},
		} {
			status, body := c.do("PATCH", path, patch, "Authorization", bearer(tc.token))
			if status != tc.want {
				t.Errorf("%s: PATCH = %d %v, want %d", tc.name, status, body, tc.want)
			}
			if after, _ := db.Get(ctx, model.Actions, before.ID()); after["version"] != before["version"] || after.Str("title") != before.Str("title") {
				t.Errorf("%s: the refused change changed the action", tc.name)
			}
		}
		if status, _ := c.do("DELETE", path, "", "Authorization", bearer(albEditor)); status != 404 {
			t.Errorf("Albertslund's editor deletes Copenhagen's draft action: %d, want 404", status)
		}
		if status, body := c.do("PATCH", path, patch, "Authorization", "Bearer "+kbhEditor); status != 200 {
			t.Errorf("Copenhagen's editor: PATCH = %d %v, want 200", status, body)
		}

		// The draft: hidden from the public, seen by Copenhagen's people.
		if status, _ := c.do("GET", path, ""); status != 404 {
			t.Errorf("the public reads a draft: %d, want 404", status)
		}
		if status, _ := c.do("GET", path, "", "Authorization", "Bearer "+kbhViewer); status != 200 {
			t.Errorf("Copenhagen's viewer reads its draft: %d, want 200", status)
		}
		if status, _ := c.do("GET", path, "", "Authorization", "Bearer "+albEditor); status != 404 {
			t.Errorf("Albertslund reads Copenhagen's draft: %d, want 404", status)
		}
		for _, u := range []string{"/api/v1/actions", "/api/v1/actions/export?format=csv", path + "/history"} {
			body := get(t, c.srv.URL+u, "")
			if strings.Contains(body, "Ændret") || strings.Contains(body, "Hemmeligt udkast") {
				t.Errorf("%s shows the draft to the public", u)
			}
			if u == "/api/v1/actions" && !strings.Contains(get(t, c.srv.URL+u, kbhViewer), "Ændret") {
				t.Errorf("%s hides the draft from its organisation", u)
			}
		}

		// The audit trail names who changed what, through which channel.
		entries, err := db.Audit(ctx, store.AuditQuery{Resource: "actions", RecordID: before.ID()})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Op != "update" || entries[0].User != "kbh@example.dk" || entries[0].Channel != "api" ||
			entries[0].Before.Str("title") != "Hemmeligt udkast" || entries[0].After.Str("title") != "Ændret" || entries[1].Op != "create" {
			t.Errorf("audit trail: %+v", entries)
		}
	})
}

func bearer(token string) string {
	if token == "" {
		return ""
	}
	return "Bearer " + token
}

// get fetches a URL as the public or with a token and returns the body.
func get(t *testing.T, url, token string) string {
	t.Helper()
	_, b := getStatus(t, url, token)
	return string(b)
}

// getStatus fetches a URL as the public or with a token and returns the status and body.
func getStatus(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestReferencesIntoOtherOrganisationsAreRefused: the two reported cases. Albertslund's
// editor could make a published action that Copenhagen does (it showed on Copenhagen's
// page, and Copenhagen could neither change nor delete it), and could put a goal under
// Copenhagen's goal (which then kept Copenhagen from deleting its own goal). Both are
// refused with 403 and the field at fault, and change nothing; Copenhagen keeps its goal
// free to delete, and a record that rightly points elsewhere stays editable by its owner.
func TestReferencesIntoOtherOrganisationsAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClient(t, db)
		w := build(c)
		albEditor := newToken(t, db, "alb@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.alb), Role: auth.RoleEditor})
		kbhEditor := newToken(t, db, "kbh@example.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleEditor})
		albPlan := c.json("POST", "/api/v1/plans", fmt.Sprintf(`{"code":"KP-165","organisation_id":%v,"kind":"climate_plan","title":"Albertslunds plan","status":"adopted","published":true}`, w.alb), 201)["id"]
		kbhGoal := c.json("POST", "/api/v1/goals", fmt.Sprintf(`{"plan_id":%v,"text_da":"Københavns mål"}`, w.plan), 201)["id"]
		albGoal := c.json("POST", "/api/v1/goals", fmt.Sprintf(`{"plan_id":%v,"text_da":"Albertslunds mål"}`, albPlan), 201)["id"]

		version := func() int64 {
			v, err := db.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		for _, tc := range []struct {
			name, method, path, body, field string
		}{
			{"a published action Copenhagen does, in Albertslund's plan", "POST", "/api/v1/actions",
				fmt.Sprintf(`{"plan_id":%v,"title":"Albertslunds indsats","sector":"energy","organisation_id":%v,"status":"planned","published":true}`, albPlan, w.kbh), "organisation_id"},
			{"a published action in Copenhagen's plan", "POST", "/api/v1/actions",
				fmt.Sprintf(`{"plan_id":%v,"title":"Albertslunds indsats","sector":"energy","organisation_id":%v,"status":"planned","published":true}`, w.plan, w.alb), "plan_id"},
			{"a goal under Copenhagen's goal", "POST", "/api/v1/goals",
				fmt.Sprintf(`{"plan_id":%v,"text_da":"Under København","parent_id":%v}`, albPlan, kbhGoal), "parent_id"},
			{"a goal moved under Copenhagen's goal", "PATCH", fmt.Sprintf("/api/v1/goals/%v", albGoal),
				fmt.Sprintf(`{"version":1,"parent_id":%v}`, kbhGoal), "parent_id"},
		} {
			before := version()
			status, v := c.do(tc.method, tc.path, tc.body, "Authorization", bearer(albEditor))
			answer, _ := v.(map[string]any)
			if status != 403 || answer["field"] != tc.field {
				t.Errorf("%s: %d %v, want 403 on %s", tc.name, status, v, tc.field)
			}
			if after := version(); after != before {
				t.Errorf("%s: refused, but the database changed", tc.name)
			}
		}
		if body := get(t, c.srv.URL+fmt.Sprintf("/api/v1/actions?organisation=%v", w.kbh), ""); strings.Contains(body, "Albertslunds indsats") {
			t.Error("Albertslund's action is listed as Copenhagen's")
		}
		if status, v := c.do("DELETE", fmt.Sprintf("/api/v1/goals/%v", kbhGoal), "", "Authorization", bearer(kbhEditor)); status != 204 {
			t.Errorf("Copenhagen deletes its own goal: %d %v, want 204", status, v)
		}
		// Copenhagen's value of the joint project's indicator points elsewhere, rightly: its
		// editor still corrects it.
		value := c.json("POST", "/api/v1/indicator-values", fmt.Sprintf(`{"indicator_id":%v,"organisation_id":%v,"period":"2024","value":40}`, w.indicator, w.kbh), 201)
		if status, v := c.do("PATCH", fmt.Sprintf("/api/v1/indicator-values/%v", value["id"]), `{"version":1,"value":42}`, "Authorization", bearer(kbhEditor)); status != 200 {
			t.Errorf("Copenhagen corrects its value of the project's indicator: %d %v, want 200", status, v)
		}
	})
}
