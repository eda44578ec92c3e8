package audit_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestHistory: an edit shows in the record's history with who, how and what changed; the
// administrators' trail lists it, filters and exports it; neither is public.
func TestHistory(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	plan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	forms, _ := s.Forms()
	form, err := forms.Values(context.Background(), model.Plans, plan, i18n.Danish)
	if err != nil {
		t.Fatal(err)
	}
	form.Set("title", "Klimaplan med ny titel")
	if f := sitetest.PostForm(t, ts.URL+"/planer/"+strconv.FormatInt(plan.ID(), 10)+"/rediger", form, editor); f.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", f.Status)
	}
	path := "/historik/plans/" + strconv.FormatInt(plan.ID(), 10)
	if f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, ""); f.Status != http.StatusSeeOther {
		t.Errorf("the public opens a history: %d, want the sign-in page", f.Status)
	}
	h := sitetest.Fetch(t, ts.URL+path, editor, "")
	sitetest.CheckPage(t, h, "da")
	for _, want := range []string{"Historik for plan", "Hjemmesiden", "Ændret", "<del>" + plan.Str("title") + "</del> → <ins>Klimaplan med ny titel</ins>", "@example.dk"} {
		if !strings.Contains(h.Body, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/log", editor, ""); f.Status != http.StatusForbidden {
		t.Errorf("an editor opens the audit trail: %d, want 403", f.Status)
	}
	log := sitetest.Fetch(t, ts.URL+"/admin/log?"+url.Values{"resource": {"plans"}, "channel": {"web"}}.Encode(), admin, "")
	sitetest.CheckPage(t, log, "da")
	if !strings.Contains(log.Body, "Klimaplan med ny titel") || !strings.Contains(log.Body, `href="`+path+`"`) {
		t.Error("the audit trail does not list the edit with a link to the record's history")
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/log?channel=api", admin, ""); strings.Contains(f.Body, "Klimaplan med ny titel") {
		t.Error("the channel filter lets the web edit through")
	}
	// Accounts are in the trail too: the editor's was made with a role, without their address.
	accounts := sitetest.Fetch(t, ts.URL+"/admin/log?resource=users", admin, "")
	if !strings.Contains(accounts.Body, "roles: editor@"+strconv.FormatInt(kbh.ID(), 10)) {
		t.Error("the audit trail does not list the accounts made")
	}
	csv := sitetest.Fetch(t, ts.URL+"/admin/log?resource=plans&eksport=log&format=csv", admin, "")
	if csv.Status != 200 || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.Body, "Titel: "+plan.Str("title")+" → Klimaplan med ny titel") {
		t.Errorf("the audit export: %d %s\n%s", csv.Status, csv.Header.Get("Content-Type"), csv.Body)
	}
}
