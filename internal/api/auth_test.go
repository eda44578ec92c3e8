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
			{"Albertslund's editor", albEditor, 403},
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
		if status, _ := c.do("DELETE", path, "", "Authorization", bearer(albEditor)); status != 403 {
			t.Errorf("Albertslund's editor deletes Copenhagen's action: %d, want 403", status)
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
	return string(b)
}
