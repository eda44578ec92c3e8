package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// TestAdminUsers: an administrator disables (and the person's sessions end), enables,
// changes the roles of and deletes a person (and the audit trail then shows the pseudonym).
func TestAdminUsers(t *testing.T) {
	s, ts := newTestServer(t)
	ctx := context.Background()
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := idString(kbh.ID())
	admin := signedIn(t, s, "da")
	me := userOfHeader(t, s, admin)
	them := signedIn(t, s, "en", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	u := userOfHeader(t, s, them)
	base := fmt.Sprintf("%s/admin/brugere/%d", ts.URL, u.ID)
	get := func(t *testing.T) store.User {
		t.Helper()
		got, err := s.db.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	list := fetch(t, ts.URL+"/admin/brugere", admin, "")
	if list.status != 200 || !strings.Contains(list.body, fmt.Sprintf(`href="/admin/brugere/%d"`, u.ID)) || !strings.Contains(list.body, "Redaktør – København") {
		t.Fatalf("the list: %d", list.status)
	}
	page := fetch(t, base, admin, "")
	if page.status != 200 || !strings.Contains(page.body, "Luk kontoen") || !strings.Contains(page.body, `name="role"`) {
		t.Fatalf("the person's page: %d", page.status)
	}
	checkPage(t, page, "da")
	secretariat := signedIn(t, s, "da", store.Membership{Role: auth.RoleSecretariat})
	for _, path := range []string{base, base + "/slet"} {
		if f := fetch(t, path, secretariat, ""); f.status != http.StatusForbidden {
			t.Errorf("the secretariat opens %s: %d", path, f.status)
		}
	}
	if f := postForm(t, base+"/status", url.Values{"disabled": {"1"}}, secretariat); f.status != http.StatusForbidden || get(t).Disabled {
		t.Errorf("the secretariat disables: %d", f.status)
	}
	if f := fetch(t, ts.URL+"/admin/brugere/999999", admin, ""); f.status != http.StatusNotFound {
		t.Errorf("an unknown person: %d", f.status)
	}

	// Disable: the person's sessions end at once; enable again.
	if f := postForm(t, base+"/status", url.Values{"disabled": {"1"}}, admin); f.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", f.status)
	}
	if !get(t).Disabled || alive(s, them) {
		t.Error("disabled, the person is not disabled or still signed in")
	}
	if f := fetch(t, base+"?besked=deaktiveret", admin, ""); !strings.Contains(f.body, "Kontoen er lukket, og personen er logget ud.") || !strings.Contains(f.body, "Åbn kontoen") {
		t.Error("no confirmation of disabling, or no way to enable")
	}
	if f := postForm(t, base+"/status", url.Values{"disabled": {"0"}}, admin); f.status != http.StatusSeeOther || get(t).Disabled {
		t.Errorf("enable: %d", f.status)
	}

	// Roles: the form replaces them; a row without a role is dropped.
	for _, c := range []roleChange{
		{"a viewer in Copenhagen and the secretariat", []string{kbhID, ""}, []string{auth.RoleViewer, auth.RoleSecretariat}, http.StatusSeeOther,
			[]store.Membership{{OrganisationID: kbh.ID(), Role: auth.RoleViewer}, {Role: auth.RoleSecretariat}}, ""},
		{"an editor needs an organisation", []string{""}, []string{auth.RoleEditor}, http.StatusUnprocessableEntity, nil, "Vælg den organisation, rollen gælder."},
		{"an unknown role", []string{kbhID}, []string{"owner"}, http.StatusUnprocessableEntity, nil, "Vælg en rolle."},
		{"remove all but one", []string{kbhID, ""}, []string{auth.RoleEditor, ""}, http.StatusSeeOther, []store.Membership{{OrganisationID: kbh.ID(), Role: auth.RoleEditor}}, ""},
	} {
		t.Run(c.name, func(t *testing.T) { c.check(t, s, ts.URL, u.ID, admin) })
	}

	// Administrators do not lock themselves out.
	self := fmt.Sprintf("%s/admin/brugere/%d", ts.URL, me.ID)
	if f := postForm(t, self+"/status", url.Values{"disabled": {"1"}}, admin); f.status != http.StatusUnprocessableEntity || !alive(s, admin) {
		t.Errorf("disable yourself: %d", f.status)
	}
	if f := postForm(t, self+"/roller", url.Values{"org": {kbhID}, "role": {auth.RoleEditor}}, admin); f.status != http.StatusUnprocessableEntity || !strings.Contains(f.body, "egen administratorrolle") {
		t.Errorf("drop your own admin role: %d", f.status)
	}
	if f := postForm(t, self+"/slet", url.Values{}, admin); f.status != http.StatusUnprocessableEntity {
		t.Errorf("delete yourself: %d", f.status)
	}

	// Delete: after a confirmation; the audit trail keeps the change under a pseudonym.
	act := auditedChange(t, s, get(t), "Ændret før sletning")
	confirm := fetch(t, base+"/slet", admin, "")
	pseudo := fmt.Sprintf("slettet-bruger-%d", u.ID)
	if confirm.status != 200 || !strings.Contains(confirm.body, "Ja, slet brugeren") || !strings.Contains(confirm.body, pseudo) {
		t.Fatalf("the confirmation: %d", confirm.status)
	}
	checkPage(t, confirm, "da")
	if f := postForm(t, base+"/slet", url.Values{"csrf": {"forkert"}}, admin); f.status != http.StatusForbidden {
		t.Errorf("delete without the form token: %d", f.status)
	}
	if f := postForm(t, base+"/slet", url.Values{}, admin); f.status != http.StatusSeeOther || f.header.Get("Location") != "/admin/brugere?besked=slettet" {
		t.Fatalf("delete: %d", f.status)
	}
	if _, err := s.db.UserByEmail(ctx, u.Email); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the deleted address is still found: %v", err)
	}
	entries, err := s.db.Audit(ctx, store.AuditQuery{Resource: "actions", RecordID: act})
	if err != nil || len(entries) == 0 || entries[0].User != pseudo || entries[0].After.Str("title") != "Ændret før sletning" {
		t.Errorf("the audit trail after deleting: %+v, %v", entries, err)
	}
	if f := fetch(t, base, admin, ""); f.status != http.StatusNotFound {
		t.Errorf("the deleted person's page: %d", f.status)
	}
	if f := fetch(t, ts.URL+"/admin/brugere?besked=slettet", admin, ""); !strings.Contains(f.body, "Brugeren er slettet.") || strings.Contains(f.body, u.Email) {
		t.Error("the list after deleting")
	}
}

// roleChange is one post of a person's roles form and what it must do.
type roleChange struct {
	name      string
	org, role []string
	status    int
	want      []store.Membership // nil: the roles stay as they were
	msg       string
}

// check posts the roles form of person id, on the site at site, as the administrator admin.
func (c roleChange) check(t *testing.T, s *Server, site string, id int64, admin map[string]string) {
	t.Helper()
	ctx := context.Background()
	before, _ := s.db.UserByID(ctx, id)
	f := postForm(t, fmt.Sprintf("%s/admin/brugere/%d/roller", site, id), url.Values{"org": c.org, "role": c.role}, admin)
	if f.status != c.status || !strings.Contains(f.body, c.msg) {
		t.Fatalf("%d, want %d with %q", f.status, c.status, c.msg)
	}
	want := c.want
	if want == nil {
		want = before.Memberships
		checkPage(t, f, "da")
	}
	if got, _ := s.db.UserByID(ctx, id); !slices.Equal(got.Memberships, want) {
		t.Errorf("roles %+v, want %+v", got.Memberships, want)
	}
}

// TestNobodyGrantsThemselvesRoles: an administrator may give up roles of their own (but not
// the administrator role) and may not add any.
func TestNobodyGrantsThemselvesRoles(t *testing.T) {
	s, ts := newTestServer(t)
	kbh := oneOf(t, s, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := idString(kbh.ID())
	admin := signedIn(t, s, "da", store.Membership{Role: auth.RoleAdmin}, store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	me := userOfHeader(t, s, admin)
	for _, c := range []roleChange{
		{"add an editor role", []string{"", kbhID, kbhID}, []string{auth.RoleAdmin, auth.RoleViewer, auth.RoleEditor}, http.StatusUnprocessableEntity, nil, "Du kan ikke give dig selv roller."},
		{"add the secretariat", []string{"", kbhID, ""}, []string{auth.RoleAdmin, auth.RoleViewer, auth.RoleSecretariat}, http.StatusUnprocessableEntity, nil, "Du kan ikke give dig selv roller."},
		{"drop the administrator role", []string{kbhID}, []string{auth.RoleViewer}, http.StatusUnprocessableEntity, nil, "egen administratorrolle"},
		{"keep the roles", []string{"", kbhID}, []string{auth.RoleAdmin, auth.RoleViewer}, http.StatusSeeOther, me.Memberships, ""},
		{"give up the viewer role", []string{""}, []string{auth.RoleAdmin}, http.StatusSeeOther, []store.Membership{{Role: auth.RoleAdmin}}, ""},
	} {
		t.Run(c.name, func(t *testing.T) { c.check(t, s, ts.URL, me.ID, admin) })
	}
}
