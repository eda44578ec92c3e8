package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"slices"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// A record is in a list exactly when its own GET answers 200, for every role and every
// resource: the list and the record are one decision about who sees what, not two. What a
// role may not see answers 404, never 403 (which would tell that it exists). The export of a
// kind holds the same records as its list.
func TestGetByIDAgreesWithList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, f := newMatrixFixture(t, db)
		admin := f.roles[2].token
		f.drafts(t, c, admin)
		// Another organisation's draft: a plan of Albertslund's, with an action.
		albPlan := mustCreate(t, c, admin, "plans", fmt.Sprintf(`{"code":"ALBUDKAST","organisation_id":%d,"kind":"other","title":"Albertslunds udkast","status":"draft"}`, f.alb))
		mustCreate(t, c, admin, "actions", fmt.Sprintf(`{"plan_id":%d,"title":"Albertslunds indsats","sector":"energy","organisation_id":%d,"status":"planned"}`, albPlan, f.alb))

		exports := sheet.Kinds()
		for _, res := range model.All {
			all := everyID(t, db, res)
			for _, role := range f.roles {
				t.Run(res.Name+"/"+role.name, func(t *testing.T) {
					listed, codes := listAll(t, c, res, role.token)
					// Every record the role does not see is asked for; of those it sees, at most
					// about maxProbes spread over the ids (the demo has thousands of values).
					stride := max(1, len(all)/maxProbes)
					for i, id := range all {
						if listed[id] && i%stride != 0 {
							continue
						}
						status, answer := c.do("GET", fmt.Sprintf("/api/v1/%s/%d", res.Name, id), "", "Authorization", bearer(role.token))
						switch inList := listed[id]; {
						case inList && status != 200:
							t.Errorf("%s %d is in the list but its GET answers %d %v", res.Name, id, status, answer)
						case !inList && status != 404:
							t.Errorf("%s %d is not in the list but its GET answers %d %v, want 404", res.Name, id, status, answer)
						}
					}
					for id := range listed {
						if !slices.Contains(all, id) {
							t.Errorf("the list of %s has %d, which is not in the database", res.Name, id)
						}
					}
					if slices.Contains(exports, res.Name) {
						rows, exported := exportAll(t, c, res, role.token)
						if rows != len(listed) {
							t.Errorf("the export of %s has %d rows, the list %d records", res.Name, rows, len(listed))
						}
						if exported != nil && !slices.Equal(exported, codes) {
							t.Errorf("the export of %s has the codes %v, the list %v", res.Name, exported, codes)
						}
					}
				})
			}
		}
	})
}

// maxProbes is about how many visible records of a kind TestGetByIDAgreesWithList asks for
// one by one, which keeps it to seconds.
const maxProbes = 200

// everyID is the id of every record of res in the database, drafts and all.
func everyID(t *testing.T, db *store.DB, res *model.Resource) []int64 {
	t.Helper()
	var ids []int64
	q := model.ListQuery{AllDrafts: true, Limit: store.MaxLimit}
	for {
		p, err := db.List(context.Background(), res, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Items {
			ids = append(ids, r.ID())
		}
		if p.NextCursor == "" {
			return ids
		}
		q.Cursor = p.NextCursor
	}
}

// listAll reads the whole list of res as the token's person, page by page, and returns the
// ids in it and their codes (sorted; none for a resource without codes).
func listAll(t *testing.T, c *client, res *model.Resource, token string) (map[int64]bool, []string) {
	t.Helper()
	ids := map[int64]bool{}
	var codes []string
	next := "/api/v1/" + res.Name + "?limit=200"
	for next != "" {
		status, v := c.do("GET", next, "", "Authorization", bearer(token))
		if status != 200 {
			t.Fatalf("list %s: %d %v", next, status, v)
		}
		page := v.(map[string]any)
		for _, it := range page["items"].([]any) {
			rec := it.(map[string]any)
			id := int64(rec["id"].(float64))
			if ids[id] {
				t.Errorf("the list of %s has %d twice", res.Name, id)
			}
			ids[id] = true
			if code, ok := rec["code"].(string); ok {
				codes = append(codes, code)
			}
		}
		next = ""
		if cur, ok := page["next_cursor"].(string); ok {
			next = "/api/v1/" + res.Name + "?limit=200&cursor=" + url.QueryEscape(cur)
		}
	}
	slices.Sort(codes)
	return ids, codes
}

// exportAll reads the CSV export of res as the token's person and returns its number of
// records and their codes (sorted; nil if the sheet has no code column).
func exportAll(t *testing.T, c *client, res *model.Resource, token string) (int, []string) {
	t.Helper()
	status, data := getStatus(t, c.srv.URL+"/api/v1/"+res.Name+"/export?format=csv", token)
	if status != 200 {
		t.Fatalf("export %s: %d %s", res.Name, status, data)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("export %s: %v", res.Name, err)
	}
	col := slices.Index(rows[0], "kode")
	if col < 0 {
		return len(rows) - 1, nil
	}
	codes := []string{}
	for _, row := range rows[1:] {
		codes = append(codes, row[col])
	}
	slices.Sort(codes)
	return len(rows) - 1, codes
}
