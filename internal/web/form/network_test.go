package form_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/sitetest"
)

// TestNetworkForm: the secretariat edits Klimaalliancen's members in a list of the
// municipalities grouped by region, with the members chosen; saving three members stores
// them and returns to the network's figures on /paa-tvaers, which count three; a region
// among the members is refused next to the field and changes nothing; an organisation that
// is not a network has no such form.
func TestNetworkForm(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	net := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": demo.NetworkKlimaalliancen, "kind": "network"})
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	aal := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "851", "kind": "municipality"})
	region := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "1084", "kind": "region"})
	sec := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
	path := ts.URL + "/netvaerk/" + demo.NetworkKlimaalliancen + "/rediger"

	f := sitetest.Fetch(t, path, sec, "")
	if f.Status != http.StatusOK {
		t.Fatalf("GET: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	for _, want := range []string{
		`<select id="f-member_ids" name="member_ids" multiple`,
		`<optgroup label="Region Hovedstaden">`,
		fmt.Sprintf(`<option value="%d" selected>København</option>`, kbh.ID()),
		"Medlemmer (kommuner)",
	} {
		if !strings.Contains(f.Body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if strings.Contains(f.Body, fmt.Sprintf(`<option value="%d"`, region.ID())) {
		t.Error("a region is offered as a member")
	}

	post := func(members ...int64) sitetest.Fetched {
		t.Helper()
		rec, err := s.DB.Get(ctx, model.Organisations, net.ID())
		if err != nil {
			t.Fatal(err)
		}
		values := formOf(t, s, form.NetworkEditor, rec, i18n.Danish)
		values.Del("member_ids")
		for _, m := range members {
			values.Add("member_ids", strconv.FormatInt(m, 10))
		}
		return sitetest.PostForm(t, path, values, sec)
	}
	if got := post(kbh.ID(), alb.ID(), aal.ID()); got.Status != http.StatusSeeOther || !strings.Contains(got.Header.Get("Location"), fmt.Sprintf("gruppe=%d", net.ID())) || !strings.HasPrefix(got.Header.Get("Location"), "/paa-tvaers?") {
		t.Fatalf("POST three members: %d to %q", got.Status, got.Header.Get("Location"))
	}
	// The page saving returns to answers, with the saved note's parameter.
	saved := post(kbh.ID(), alb.ID(), aal.ID())
	if back := sitetest.Fetch(t, ts.URL+saved.Header.Get("Location"), sec, ""); back.Status != http.StatusOK {
		t.Errorf("GET %s after saving: %d", saved.Header.Get("Location"), back.Status)
	}
	want := []int64{kbh.ID(), alb.ID(), aal.ID()}
	slices.Sort(want)
	if got, err := s.DB.GroupMembers(ctx, net.ID()); err != nil || !slices.Equal(got, want) {
		t.Errorf("members after saving: %v %v; want %v", got, err, want)
	}
	if page := sitetest.Fetch(t, ts.URL+fmt.Sprintf("/paa-tvaers?gruppe=%d&grundlag=alle", net.ID()), sitetest.ActDA, ""); !strings.Contains(page.Body, "3 af 3 kommuner tælles med") {
		t.Error("the network's figures do not count its three members")
	}

	if got := post(kbh.ID(), region.ID()); got.Status != http.StatusUnprocessableEntity || !strings.Contains(got.Body, `id="f-member_ids-fejl"`) {
		t.Errorf("POST a region as a member: %d, want 422 with the message at the field", got.Status)
	}
	if got, err := s.DB.GroupMembers(ctx, net.ID()); err != nil || !slices.Equal(got, want) {
		t.Errorf("a refused form changed the members: %v %v", got, err)
	}

	if got := sitetest.Fetch(t, ts.URL+"/netvaerk/101/rediger", sec, ""); got.Status != http.StatusNotFound {
		t.Errorf("a municipality's network form: %d, want 404", got.Status)
	}
}
