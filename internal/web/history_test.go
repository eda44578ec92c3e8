package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// TestHistory: an edit shows in the record's history with who, how and what changed; the
// administrators' trail lists it, filters and exports it; neither is public.
func TestHistory(t *testing.T) {
	s, ts := newTestServer(t)
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	plan := oneOf(t, s, model.Plans, map[string]string{"organisation": idString(kbh.ID())})
	editor := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	admin := signedIn(t, s, "da")
	form := formOf(t, s, model.Plans, plan, i18n.Danish)
	form.Set("title", "Klimaplan med ny titel")
	if f := postForm(t, ts.URL+"/planer/"+idString(plan.ID())+"/rediger", form, editor); f.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", f.status)
	}
	path := "/historik/plans/" + idString(plan.ID())
	if f := fetch(t, ts.URL+path, actDA, ""); f.status != http.StatusSeeOther {
		t.Errorf("the public opens a history: %d, want the sign-in page", f.status)
	}
	h := fetch(t, ts.URL+path, editor, "")
	checkPage(t, h, "da")
	for _, want := range []string{"Historik for plan", "Hjemmesiden", "Ændret", "<del>" + plan.Str("title") + "</del> → <ins>Klimaplan med ny titel</ins>", "@example.dk"} {
		if !strings.Contains(h.body, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	if f := fetch(t, ts.URL+"/admin/log", editor, ""); f.status != http.StatusForbidden {
		t.Errorf("an editor opens the audit trail: %d, want 403", f.status)
	}
	log := fetch(t, ts.URL+"/admin/log?"+url.Values{"resource": {"plans"}, "channel": {"web"}}.Encode(), admin, "")
	checkPage(t, log, "da")
	if !strings.Contains(log.body, "Klimaplan med ny titel") || !strings.Contains(log.body, `href="`+path+`"`) {
		t.Error("the audit trail does not list the edit with a link to the record's history")
	}
	if f := fetch(t, ts.URL+"/admin/log?channel=api", admin, ""); strings.Contains(f.body, "Klimaplan med ny titel") {
		t.Error("the channel filter lets the web edit through")
	}
	// Accounts are in the trail too: the editor's was made with a role, without their address.
	accounts := fetch(t, ts.URL+"/admin/log?resource=users", admin, "")
	if !strings.Contains(accounts.body, "roles: editor@"+idString(kbh.ID())) {
		t.Error("the audit trail does not list the accounts made")
	}
	csv := fetch(t, ts.URL+"/admin/log?resource=plans&eksport=log&format=csv", admin, "")
	if csv.status != 200 || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.body, "Titel: "+plan.Str("title")+" → Klimaplan med ny titel") {
		t.Errorf("the audit export: %d %s\n%s", csv.status, csv.header.Get("Content-Type"), csv.body)
	}
}

// TestUsersExport: the user list downloads as CSV for those who see it, and only for them.
func TestUsersExport(t *testing.T) {
	s, ts := newTestServer(t)
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	admin := signedIn(t, s, "da")
	editor := signedIn(t, s, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	page := fetch(t, ts.URL+"/admin/brugere", admin, "")
	if !strings.Contains(page.body, `href="/admin/brugere?eksport=brugere&amp;format=csv"`) {
		t.Error("the user list offers no CSV")
	}
	f := fetch(t, ts.URL+"/admin/brugere?eksport=brugere&format=csv", admin, "")
	if f.status != 200 || !strings.HasPrefix(f.header.Get("Content-Type"), "text/csv") || !strings.Contains(f.body, "Redaktør – København") {
		t.Errorf("the user list as CSV: %d %s\n%s", f.status, f.header.Get("Content-Type"), f.body)
	}
	if f := fetch(t, ts.URL+"/admin/brugere?eksport=brugere&format=csv", editor, ""); f.status != http.StatusForbidden {
		t.Errorf("an editor downloads the user list: %d, want 403", f.status)
	}
}

// A record read back from the audit trail has the Go types of its kinds, as the store's own
// records have: the model's decoding of each kind, not one of the pages' own.
func TestAuditRecordsAreReadByKind(t *testing.T) {
	var raw model.Record
	if err := json.Unmarshal([]byte(`{"id": 7, "owner_plan_id": 3, "baseline_value": 2.5, "example": true,
		"targets": [{"year": 2030, "value": 0}], "direction": "down", "owner_project_id": null}`), &raw); err != nil {
		t.Fatal(err)
	}
	want := model.Record{"id": int64(7), "owner_plan_id": int64(3), "baseline_value": 2.5, "example": true,
		"targets": []model.Target{{Year: 2030, Value: 0}}, "direction": "down", "owner_project_id": nil}
	if diff := cmp.Diff(want, typed(model.Indicators, raw)); diff != "" {
		t.Errorf("typed (-want +got):\n%s", diff)
	}
}
