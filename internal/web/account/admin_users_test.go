package account_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestAdminUsers: an administrator disables (and the person's sessions end), enables,
// changes the roles of and deletes a person (and the audit trail then shows the pseudonym).
func TestAdminUsers(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := strconv.FormatInt(kbh.ID(), 10)
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	me := sitetest.UserOf(t, s.DB, admin)
	them := sitetest.SignedIn(t, s.DB, s.Sessions, "en", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	u := sitetest.UserOf(t, s.DB, them)
	base := fmt.Sprintf("%s/admin/brugere/%d", ts.URL, u.ID)
	get := func(t *testing.T) store.User {
		t.Helper()
		got, err := s.DB.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	list := sitetest.Fetch(t, ts.URL+"/admin/brugere", admin, "")
	if list.Status != 200 || !strings.Contains(list.Body, fmt.Sprintf(`href="/admin/brugere/%d"`, u.ID)) || !strings.Contains(list.Body, "Redaktør – København") {
		t.Fatalf("the list: %d", list.Status)
	}
	page := sitetest.Fetch(t, base, admin, "")
	if page.Status != 200 || !strings.Contains(page.Body, "Luk kontoen") || !strings.Contains(page.Body, `name="role"`) {
		t.Fatalf("the person's page: %d", page.Status)
	}
	sitetest.CheckPage(t, page, "da")
	secretariat := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
	for _, path := range []string{base, base + "/slet"} {
		if f := sitetest.Fetch(t, path, secretariat, ""); f.Status != http.StatusForbidden {
			t.Errorf("the secretariat opens %s: %d", path, f.Status)
		}
	}
	if f := sitetest.PostForm(t, base+"/status", url.Values{"disabled": {"1"}}, secretariat); f.Status != http.StatusForbidden || get(t).Disabled {
		t.Errorf("the secretariat disables: %d", f.Status)
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/brugere/999999", admin, ""); f.Status != http.StatusNotFound {
		t.Errorf("an unknown person: %d", f.Status)
	}

	// Disable: the person's sessions end at once; enable again.
	if f := sitetest.PostForm(t, base+"/status", url.Values{"disabled": {"1"}}, admin); f.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d", f.Status)
	}
	if !get(t).Disabled || alive(s, them) {
		t.Error("disabled, the person is not disabled or still signed in")
	}
	if f := sitetest.Fetch(t, base+"?besked=deaktiveret", admin, ""); !strings.Contains(f.Body, "Kontoen er lukket, og personen er logget ud.") || !strings.Contains(f.Body, "Åbn kontoen") {
		t.Error("no confirmation of disabling, or no way to enable")
	}
	if f := sitetest.PostForm(t, base+"/status", url.Values{"disabled": {"0"}}, admin); f.Status != http.StatusSeeOther || get(t).Disabled {
		t.Errorf("enable: %d", f.Status)
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
	if f := sitetest.PostForm(t, self+"/status", url.Values{"disabled": {"1"}}, admin); f.Status != http.StatusUnprocessableEntity || !alive(s, admin) {
		t.Errorf("disable yourself: %d", f.Status)
	}
	if f := sitetest.PostForm(t, self+"/roller", url.Values{"org": {kbhID}, "role": {auth.RoleEditor}}, admin); f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, "egen administratorrolle") {
		t.Errorf("drop your own admin role: %d", f.Status)
	}
	if f := sitetest.PostForm(t, self+"/slet", url.Values{}, admin); f.Status != http.StatusUnprocessableEntity {
		t.Errorf("delete yourself: %d", f.Status)
	}

	// Delete: after a confirmation; the audit trail keeps the change under a pseudonym.
	act := auditedChange(t, s, get(t), "Ændret før sletning")
	confirm := sitetest.Fetch(t, base+"/slet", admin, "")
	pseudo := fmt.Sprintf("slettet-bruger-%d", u.ID)
	if confirm.Status != 200 || !strings.Contains(confirm.Body, "Ja, slet brugeren") || !strings.Contains(confirm.Body, pseudo) {
		t.Fatalf("the confirmation: %d", confirm.Status)
	}
	sitetest.CheckPage(t, confirm, "da")
	if f := sitetest.PostForm(t, base+"/slet", url.Values{"csrf": {"forkert"}}, admin); f.Status != http.StatusForbidden {
		t.Errorf("delete without the form token: %d", f.Status)
	}
	if f := sitetest.PostForm(t, base+"/slet", url.Values{}, admin); f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/admin/brugere?besked=slettet" {
		t.Fatalf("delete: %d", f.Status)
	}
	if _, err := s.DB.UserByEmail(ctx, u.Email); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the deleted address is still found: %v", err)
	}
	entries, err := s.DB.Audit(ctx, store.AuditQuery{Resource: "actions", RecordID: act})
	if err != nil || len(entries) == 0 || entries[0].User != pseudo || entries[0].After.Str("title") != "Ændret før sletning" {
		t.Errorf("the audit trail after deleting: %+v, %v", entries, err)
	}
	if f := sitetest.Fetch(t, base, admin, ""); f.Status != http.StatusNotFound {
		t.Errorf("the deleted person's page: %d", f.Status)
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/brugere?besked=slettet", admin, ""); !strings.Contains(f.Body, "Brugeren er slettet.") || strings.Contains(f.Body, u.Email) {
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
func (c roleChange) check(t *testing.T, s *web.Server, site string, id int64, admin map[string]string) {
	t.Helper()
	ctx := context.Background()
	before, _ := s.DB.UserByID(ctx, id)
	f := sitetest.PostForm(t, fmt.Sprintf("%s/admin/brugere/%d/roller", site, id), url.Values{"org": c.org, "role": c.role}, admin)
	if f.Status != c.status || !strings.Contains(f.Body, c.msg) {
		t.Fatalf("%d, want %d with %q", f.Status, c.status, c.msg)
	}
	want := c.want
	if want == nil {
		want = before.Memberships
		sitetest.CheckPage(t, f, "da")
	}
	if got, _ := s.DB.UserByID(ctx, id); !slices.Equal(got.Memberships, want) {
		t.Errorf("roles %+v, want %+v", got.Memberships, want)
	}
}

// TestNobodyGrantsThemselvesRoles: an administrator may give up roles of their own (but not
// the administrator role) and may not add any.
func TestNobodyGrantsThemselvesRoles(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	kbhID := strconv.FormatInt(kbh.ID(), 10)
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleAdmin}, store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	me := sitetest.UserOf(t, s.DB, admin)
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

// TestUsersExport: the user list downloads as CSV for those who see it, and only for them.
func TestUsersExport(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	page := sitetest.Fetch(t, ts.URL+"/admin/brugere", admin, "")
	if !strings.Contains(page.Body, `href="/admin/brugere?eksport=brugere&amp;format=csv"`) {
		t.Error("the user list offers no CSV")
	}
	f := sitetest.Fetch(t, ts.URL+"/admin/brugere?eksport=brugere&format=csv", admin, "")
	if f.Status != 200 || !strings.HasPrefix(f.Header.Get("Content-Type"), "text/csv") || !strings.Contains(f.Body, "Redaktør – København") {
		t.Errorf("the user list as CSV: %d %s\n%s", f.Status, f.Header.Get("Content-Type"), f.Body)
	}
	if f := sitetest.Fetch(t, ts.URL+"/admin/brugere?eksport=brugere&format=csv", editor, ""); f.Status != http.StatusForbidden {
		t.Errorf("an editor downloads the user list: %d, want 403", f.Status)
	}
}
