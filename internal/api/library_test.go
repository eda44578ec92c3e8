package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// libraryTitles lists the titles of a library-items list as the token's holder reads it
// ("" reads as the public), sorted.
func libraryTitles(c *client, token, query string) []string {
	c.t.Helper()
	var items []any
	if token == "" {
		items = c.json("GET", "/api/v1/library-items"+query, "", 200)["items"].([]any)
	} else {
		items = c.as(token, "GET", "/api/v1/library-items"+query, "", 200)["items"].([]any)
	}
	out := []string{}
	for _, it := range items {
		out = append(out, it.(map[string]any)["title"].(string))
	}
	sort.Strings(out)
	return out
}

// TestLibraryItemsThroughTheAPI: the knowledge library's items (issue 15) through the API on
// both engines: CRUD, who sees and writes what (the secretariat curates and publishes, an
// organisation's editors propose unpublished items of their own, the public and viewers see
// the published ones, an organisation's people also their own proposals), the filters, and
// an audit entry for every write that was allowed and none for those refused.
func TestLibraryItemsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		kbh, alb := int64(w.kbh), int64(w.alb)
		sec := newToken(t, db, "sek@example.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
		kbhEditor := newToken(t, db, "red@kk.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleEditor})
		albEditor := newToken(t, db, "red@albertslund.dk", auth.ScopeWrite, store.Membership{OrganisationID: alb, Role: auth.RoleEditor})
		kbhViewer := newToken(t, db, "laeser@kk.dk", auth.ScopeWrite, store.Membership{OrganisationID: kbh, Role: auth.RoleViewer})
		albViewer := newToken(t, db, "laeser@albertslund.dk", auth.ScopeWrite, store.Membership{OrganisationID: alb, Role: auth.RoleViewer})

		// The secretariat publishes a tender kit of the joint project.
		kit := c.as(sec, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Udbudsmateriale til energitjek af boliger","title_en":"Tender kit for energy checks of houses","summary":"Skabeloner til udbud","body":"# Udbud\n\nSådan gør I.","kind":"tender_material","theme_ids":[%v],"project_ids":[%v],"sector":"energy","language":"da","licence":"CC BY 4.0","source":"VIP-slutrapporten","published":true}`, w.theme, w.project), 201)
		if kit["kind"] != "tender_material" || kit["published"] != true || fmt.Sprint(kit["theme_ids"]) != fmt.Sprintf("[%v]", w.theme) ||
			fmt.Sprint(kit["project_ids"]) != fmt.Sprintf("[%v]", w.project) || kit["body"] != "# Udbud\n\nSådan gør I." || kit["version"] != 1.0 {
			t.Errorf("created item = %v", kit)
		}
		kitPath := fmt.Sprintf("/api/v1/library-items/%v", kit["id"])
		if got := c.json("GET", kitPath, "", 200); got["title_en"] != "Tender kit for energy checks of houses" || got["licence"] != "CC BY 4.0" {
			t.Errorf("public get = %v", got)
		}

		// Copenhagen's editor proposes an idea, on a sub-theme: unpublished, of Copenhagen.
		sub := c.json("POST", "/api/v1/themes", fmt.Sprintf(`{"code":"transport.el","name_da":"Elbiler","parent_id":%v}`, w.theme), 201)["id"]
		idea := c.as(kbhEditor, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Idékatalog om madspild","kind":"idea","organisation_id":%v,"theme_ids":[%v],"expected_effect_t_co2e":120,"cost_dkk":50000}`, kbh, sub), 201)
		if idea["published"] != false || idea["expected_effect_t_co2e"] != 120.0 || idea["cost_dkk"] != 50000.0 {
			t.Errorf("proposal = %v", idea)
		}
		ideaPath := fmt.Sprintf("/api/v1/library-items/%v", idea["id"])
		// The secretariat keeps a draft of its own (no organisation).
		draft := c.as(sec, "POST", "/api/v1/library-items", `{"title":"Kampagneguide til samkørsel","kind":"campaign"}`, 201)
		draftPath := fmt.Sprintf("/api/v1/library-items/%v", draft["id"])

		// Writes that are refused, each with nothing stored.
		for _, tc := range []struct {
			name, token, method, path, body string
			status                          int
		}{
			{"an editor may not publish a proposal", kbhEditor, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Publiceret","kind":"guide","organisation_id":%v,"published":true}`, kbh), 403},
			{"an editor may not propose for another organisation", kbhEditor, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Andres","kind":"guide","organisation_id":%v}`, alb), 403},
			{"an editor may not propose without an organisation", kbhEditor, "POST", "/api/v1/library-items", `{"title":"Ingen","kind":"guide"}`, 403},
			{"a viewer may not propose", kbhViewer, "POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Læser","kind":"guide","organisation_id":%v}`, kbh), 403},
			{"the public may not write", "", "POST", "/api/v1/library-items", `{"title":"Anonym","kind":"guide"}`, 401},
			{"an editor may not change a published item", kbhEditor, "PATCH", kitPath, `{"version":1,"title":"Ændret"}`, 403},
			{"an editor may not delete a published item", kbhEditor, "DELETE", kitPath, "", 403},
			{"an editor may not publish the own proposal", kbhEditor, "PATCH", ideaPath, `{"version":1,"published":true}`, 403},
			{"another organisation's editor does not see the proposal", albEditor, "PATCH", ideaPath, `{"version":1,"title":"Ændret"}`, 404},
			{"a viewer may not change the own organisation's proposal", kbhViewer, "PATCH", ideaPath, `{"version":1,"title":"Ændret"}`, 403},
			{"a kind outside the list", sec, "POST", "/api/v1/library-items", `{"title":"Planet","kind":"planet"}`, 422},
			{"a title is required", sec, "POST", "/api/v1/library-items", `{"kind":"guide"}`, 422},
		} {
			status, v := c.do(tc.method, tc.path, tc.body, "Authorization", bearer(tc.token))
			if status != tc.status {
				t.Errorf("%s: %d %v, want %d", tc.name, status, v, tc.status)
			}
		}
		if n, err := db.Count(context.Background(), model.LibraryItems); err != nil || n != 3 {
			t.Errorf("%d items after the refused writes (%v), want 3", n, err)
		}

		// The editor edits the own proposal while it is unpublished.
		if upd := c.as(kbhEditor, "PATCH", ideaPath, `{"version":1,"title":"Idékatalog om madspild i kantiner"}`, 200); upd["version"] != 2.0 || upd["published"] != false {
			t.Errorf("editor's update = %v", upd)
		}

		// Who sees what, in lists and by id.
		kitT, ideaT, draftT := "Udbudsmateriale til energitjek af boliger", "Idékatalog om madspild i kantiner", "Kampagneguide til samkørsel"
		for _, tc := range []struct {
			name, token string
			want        []string
		}{
			{"public", "", []string{kitT}},
			{"copenhagen's viewer", kbhViewer, []string{ideaT, kitT}},
			{"copenhagen's editor", kbhEditor, []string{ideaT, kitT}},
			{"albertslund's viewer", albViewer, []string{kitT}},
			{"albertslund's editor", albEditor, []string{kitT}},
			{"secretariat", sec, []string{ideaT, draftT, kitT}},
			{"admin", c.token, []string{ideaT, draftT, kitT}},
		} {
			if got := libraryTitles(c, tc.token, ""); !slices.Equal(got, tc.want) {
				t.Errorf("%s lists %q, want %q", tc.name, got, tc.want)
			}
			for path, title := range map[string]string{kitPath: kitT, ideaPath: ideaT, draftPath: draftT} {
				status, _ := c.do("GET", path, "", "Authorization", bearer(tc.token))
				if want := map[bool]int{true: 200, false: 404}[slices.Contains(tc.want, title)]; status != want {
					t.Errorf("%s gets %q: %d, want %d", tc.name, title, status, want)
				}
			}
		}

		// The filters, read by the secretariat, who sees every item.
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"?kind=idea", []string{ideaT}},
			{"?kind=campaign", []string{draftT}},
			{fmt.Sprintf("?theme=%v", w.theme), []string{ideaT, kitT}}, // with its sub-theme's
			{fmt.Sprintf("?theme=%v", sub), []string{ideaT}},
			{fmt.Sprintf("?project=%v", w.project), []string{kitT}},
			{"?published=false", []string{ideaT, draftT}},
			{"?published=true", []string{kitT}},
			{fmt.Sprintf("?organisation=%v", kbh), []string{ideaT}},
			{"?kind=idea&published=true", []string{}},
		} {
			if got := libraryTitles(c, sec, tc.query); !slices.Equal(got, tc.want) {
				t.Errorf("%s lists %q, want %q", tc.query, got, tc.want)
			}
		}
		// Sorted by title, in Danish order, both ways.
		for by, want := range map[string][]string{"title": {ideaT, draftT, kitT}, "-title": {kitT, draftT, ideaT}} {
			var got []string
			for _, it := range c.as(sec, "GET", "/api/v1/library-items?sort="+by, "", 200)["items"].([]any) {
				got = append(got, it.(map[string]any)["title"].(string))
			}
			if !slices.Equal(got, want) {
				t.Errorf("sort=%s lists %q, want %q", by, got, want)
			}
		}
		if status, v := c.do("GET", "/api/v1/library-items?kind=idea&published=maybe", ""); status != 400 {
			t.Errorf("a bad boolean filter: %d %v, want 400", status, v)
		}

		// The secretariat publishes the proposal: now the public sees it, and its editor may
		// no longer change it.
		if pub := c.as(sec, "PATCH", ideaPath, `{"version":2,"published":true}`, 200); pub["published"] != true {
			t.Errorf("published = %v", pub)
		}
		if got := libraryTitles(c, "", ""); !slices.Equal(got, []string{ideaT, kitT}) {
			t.Errorf("the public lists %q after publishing", got)
		}
		if got := libraryTitles(c, "", "?kind=idea"); !slices.Equal(got, []string{ideaT}) {
			t.Errorf("the public's idea filter lists %q after publishing", got)
		}
		if status, v := c.do("PATCH", ideaPath, `{"version":3,"title":"Efter"}`, "Authorization", bearer(kbhEditor)); status != 403 {
			t.Errorf("an editor changed a published proposal: %d %v", status, v)
		}
		// The secretariat deletes its draft.
		if status, v := c.do("DELETE", draftPath, "", "Authorization", bearer(sec)); status != 204 {
			t.Errorf("delete: %d %v", status, v)
		}
		c.as(sec, "GET", draftPath, "", 404)

		// A theme that an item links to is not deleted under it (the link tables' foreign
		// keys); the idea's links are its own rows, gone with it (below).
		subPath := fmt.Sprintf("/api/v1/themes/%v", sub)
		if status, v := c.do("DELETE", subPath, ""); status != 409 || v.(map[string]any)["code"] != "in_use" {
			t.Errorf("delete a theme an item links to: %d %v, want 409 in_use", status, v)
		}

		// Every allowed write left one audit entry, the refused ones none.
		entries, err := db.Audit(context.Background(), store.AuditQuery{Resource: "library-items"})
		if err != nil {
			t.Fatal(err)
		}
		var ops []string
		for _, e := range entries {
			ops = append(ops, fmt.Sprintf("%s %d", e.Op, e.RecordID))
		}
		sort.Strings(ops)
		id := func(m map[string]any) int64 { return int64(m["id"].(float64)) }
		want := []string{fmt.Sprintf("create %d", id(kit)), fmt.Sprintf("create %d", id(idea)), fmt.Sprintf("create %d", id(draft)),
			fmt.Sprintf("update %d", id(idea)), fmt.Sprintf("update %d", id(idea)), fmt.Sprintf("delete %d", id(draft))}
		sort.Strings(want)
		if !slices.Equal(ops, want) {
			t.Errorf("audit entries %q, want %q", ops, want)
		}
		if status, v := c.do("DELETE", ideaPath+"?version=3", "", "Authorization", bearer(sec)); status != 204 {
			t.Errorf("delete the idea: %d %v", status, v)
		}
		if status, v := c.do("DELETE", subPath, ""); status != 204 {
			t.Errorf("delete the theme once no item links to it: %d %v", status, v)
		}
	})
}

// TestLibraryItemSpreadsheets: a library-items file is imported all or nothing, a bad cell
// reported by its row and column; an export imported again gives the same items (with the
// themes, projects and organisation by their codes), on both engines.
func TestLibraryItemSpreadsheets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		post := func(body string) (int, map[string]any) {
			t.Helper()
			return c.postSheet("/api/v1/library-items/import", "text/csv", body)
		}
		// Row 3 has a kind outside the list, row 4 a theme that does not exist: nothing of
		// the file is stored, not even its good row 2.
		bad := "titel;type;temaer;projekter;organisation;offentliggjort\n" +
			"Faktaark om plast;fact_sheet;transport;VIP3;101;true\n" +
			"Quiz;planet;;;;false\n" +
			"Video;video_link;ingen-tema;;;true\n"
		status, v := post(bad)
		if status != 422 || v["code"] != "invalid_file" {
			t.Fatalf("bad file: %d %v", status, v)
		}
		cells := map[string]bool{}
		for _, cell := range v["cells"].([]any) {
			m := cell.(map[string]any)
			cells[fmt.Sprintf("%v/%v", m["row"], m["column"])] = true
		}
		for _, want := range []string{"3/type", "4/temaer"} {
			if !cells[want] {
				t.Errorf("cell %s is not among the errors: %v", want, v["cells"])
			}
		}
		if len(cells) != 2 {
			t.Errorf("errors %v, want the two bad cells only", v["cells"])
		}
		if n, _ := db.Count(context.Background(), model.LibraryItems); n != 0 {
			t.Errorf("%d items after a refused import, want 0", n)
		}
		status, v = post(strings.Replace(strings.Replace(bad, "planet", "quiz", 1), "ingen-tema", "transport", 1))
		if status != 200 || v["created"] != 3.0 {
			t.Fatalf("good file: %d %v", status, v)
		}
		list := c.as(c.token, "GET", "/api/v1/library-items?kind=fact_sheet", "", 200)["items"].([]any)
		if len(list) != 1 {
			t.Fatalf("imported fact sheets: %v", list)
		}
		fs := list[0].(map[string]any)
		if fmt.Sprint(fs["theme_ids"]) != fmt.Sprintf("[%v]", w.theme) || fmt.Sprint(fs["project_ids"]) != fmt.Sprintf("[%v]", w.project) || fs["organisation_id"] != w.kbh || fs["published"] != true {
			t.Errorf("imported item = %v", fs)
		}

		// The export, imported again, gives a twin of every item.
		export := func() string {
			t.Helper()
			req, _ := http.NewRequest("GET", c.srv.URL+"/api/v1/library-items/export?format=csv", nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("export: %d %s", resp.StatusCode, b)
			}
			return string(b)
		}
		c.as(c.token, "PATCH", fmt.Sprintf("/api/v1/library-items/%v", fs["id"]), `{"version":1,"summary":"Om plast; \"kort\" fortalt","body":"Linje 1\nLinje 2","licence":"CC BY 4.0","expected_effect_t_co2e":1.5,"cost_dkk":1000,"language":"en","title_en":"Plastic","sector":"waste_wastewater","source":"VIP"}`, 200)
		first := export()
		status, v = post(first)
		if status != 200 || v["created"] != 3.0 {
			t.Fatalf("re-import of the export: %d %v", status, v)
		}
		all := c.as(c.token, "GET", "/api/v1/library-items?limit=100", "", 200)["items"].([]any)
		if len(all) != 6 {
			t.Fatalf("%d items after the re-import, want 6", len(all))
		}
		// Each item, without what the store sets, appears exactly twice.
		seen := map[string]int{}
		for _, it := range all {
			m := it.(map[string]any)
			for _, k := range []string{"id", "version", "created_at", "updated_at"} {
				delete(m, k)
			}
			b, _ := json.Marshal(m)
			seen[string(b)]++
		}
		for k, n := range seen {
			if n != 2 {
				t.Errorf("%d copies of %s, want 2", n, k)
			}
		}
		if len(seen) != 3 {
			t.Errorf("%d distinct items, want 3", len(seen))
		}
	})
}

// TestLibraryLinks: an item names the actions and indicators it relates to, an action names
// the item it was made from, and the filters find each side from the other, on both engines.
// Deleting a named action takes it off the item; an item that actions were made from cannot
// be deleted under them.
func TestLibraryLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		named := c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Energitjek af parcelhuse","sector":"energy","organisation_id":%v,"status":"planned","published":true}`, w.plan, w.kbh), 201)["id"]
		idea := c.json("POST", "/api/v1/library-items", fmt.Sprintf(`{"title":"Madspild i kantiner","kind":"idea","published":true,"year":2022,"action_ids":[%v],"indicator_ids":[%v]}`, named, w.indicator), 201)
		if fmt.Sprint(idea["action_ids"]) != fmt.Sprintf("[%v]", named) || fmt.Sprint(idea["indicator_ids"]) != fmt.Sprintf("[%v]", w.indicator) || idea["year"] != 2022.0 {
			t.Fatalf("created item = %v", idea)
		}
		made := c.json("POST", "/api/v1/actions", fmt.Sprintf(`{"plan_id":%v,"title":"Mindre madspild","sector":"consumption_procurement","organisation_id":%v,"status":"planned","library_item_id":%v}`, w.plan, w.kbh, idea["id"]), 201)
		if made["library_item_id"] != idea["id"] {
			t.Errorf("made action = %v", made)
		}
		for q, want := range map[string][]string{
			fmt.Sprintf("?action=%v", named):          {"Madspild i kantiner"},
			fmt.Sprintf("?action=%v", made["id"]):     {},
			fmt.Sprintf("?indicator=%v", w.indicator): {"Madspild i kantiner"},
		} {
			if got := libraryTitles(c, "", q); !slices.Equal(got, want) {
				t.Errorf("library-items%s = %v, want %v", q, got, want)
			}
		}
		itemPath := fmt.Sprintf("/api/v1/library-items/%v", idea["id"])
		c.json("DELETE", itemPath, "", 409)
		c.json("DELETE", fmt.Sprintf("/api/v1/actions/%v", named), "", 204)
		if got := c.json("GET", itemPath, "", 200)["action_ids"]; fmt.Sprint(got) != "[]" {
			t.Errorf("after the named action's delete, action_ids = %v, want []", got)
		}
	})
}
