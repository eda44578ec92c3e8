package api_test

import (
	"fmt"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestSearchThroughTheAPI: the library's search and the site search on both engines,
// validated against the OpenAPI document: ranking, snippet, facets, filters, paging, the
// public not finding a proposal its organisation's editor finds, and bad parameters.
func TestSearchThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		sec := newToken(t, db, "sek@example.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
		kbhEditor := newToken(t, db, "red@kk.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleEditor})
		kit := c.as(sec, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Udbudsmateriale til energitjek af boliger","summary":"Skabeloner til udbud af energitjek","kind":"tender_material","project_ids":[%v],"sector":"energy","year":2024,"published":true}`, w.project), 201)
		c.as(sec, "POST", "/api/v1/library-items", `{"title":"Cirkulær emballage","summary":"Principper for udbud af emballage","kind":"principles","published":true}`, 201)
		c.as(kbhEditor, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Energitjek i kommunens skoler","kind":"case","organisation_id":%v,"published":false}`, w.kbh), 201)

		got := c.json("GET", "/api/v1/library/search?q=energitjekket", "", 200)
		items := got["items"].([]any)
		if got["total"] != 1.0 || len(items) != 1 {
			t.Fatalf("public search = %v", got)
		}
		first := items[0].(map[string]any)
		if first["id"] != kit["id"] || !strings.Contains(first["snippet"].(string), "<mark>energitjek</mark>") || first["score"].(float64) <= 0 ||
			fmt.Sprint(first["project_ids"]) != fmt.Sprintf("[%v]", w.project) {
			t.Errorf("hit = %v", first)
		}
		if n := c.as(kbhEditor, "GET", "/api/v1/library/search?q=energitjek", "", 200)["total"]; n != 2.0 {
			t.Errorf("the editor finds %v, want 2 (the own proposal too)", n)
		}
		facets := c.json("GET", "/api/v1/library/search?q=udbud", "", 200)["facets"].(map[string]any)
		if fmt.Sprint(facets["kind"]) != "[map[count:1 value:principles] map[count:1 value:tender_material]]" || fmt.Sprint(facets["year"]) != "[map[count:1 value:2024]]" {
			t.Errorf("facets = %v", facets)
		}
		if got := c.json("GET", "/api/v1/library/search?q=udbud&kind=principles&limit=1", "", 200); got["total"] != 1.0 {
			t.Errorf("kind=principles: %v", got)
		}
		if got := c.json("GET", "/api/v1/library/search?q=udbud&limit=1&offset=1", "", 200); got["total"] != 2.0 || len(got["items"].([]any)) != 1 {
			t.Errorf("second page: %v", got)
		}
		if got := c.json("GET", "/api/v1/library/search", "", 200); got["total"] != 2.0 {
			t.Errorf("the front: %v", got)
		}
		site := c.json("GET", "/api/v1/search?q=energitjek", "", 200)["groups"].([]any)
		if len(site) != 4 || site[0].(map[string]any)["type"] != "library-items" || site[0].(map[string]any)["total"] != 1.0 {
			t.Errorf("site search = %v", site)
		}
		// The public's answers are cached by the data version: a write is found at once.
		c.as(sec, "POST", "/api/v1/library-items", `{"title":"Energitjek af rækkehuse","kind":"guide","published":true}`, 201)
		if got := c.json("GET", "/api/v1/library/search?q=energitjekket", "", 200); got["total"] != 2.0 {
			t.Errorf("after a new item, the public search finds %v, want 2", got["total"])
		}
		if got := c.json("GET", "/api/v1/search?q=energitjek", "", 200)["groups"].([]any)[0].(map[string]any); got["total"] != 2.0 {
			t.Errorf("after a new item, the site search finds %v, want 2", got["total"])
		}
		for _, bad := range []string{"/api/v1/library/search?q=x&year=abc", "/api/v1/library/search?nope=1", "/api/v1/library/search?limit=0", "/api/v1/search?q=x&kind=idea"} {
			c.json("GET", bad, "", 400)
		}
	})
}
