package crossplan_test

import (
	"context"
	"fmt"
	"klimaspor/internal/auth"
	"klimaspor/internal/store"
	"strings"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/web/sitetest"
)

// TestNetworkAsGroup: the group choice lists the demo's network, Klimaalliancen, labelled as
// a network in both languages; chosen, the page counts its members (every municipality, so
// the nation's figures), and a change of its members shows at once.
func TestNetworkAsGroup(t *testing.T) {
	s := start(t)
	net := orgID(t, s.db, "network", demo.NetworkKlimaalliancen)
	nation := orgID(t, s.db, "country", "DK")
	for lang, want := range map[string]string{"da": "Netværk: Klimaalliancen", "en": "Network: The Climate Alliance"} {
		hdr := map[string]map[string]string{"da": sitetest.ActDA, "en": sitetest.ActEN}[lang]
		f := sitetest.Fetch(t, s.web+"/paa-tvaers", hdr, "")
		if opt := fmt.Sprintf(`<option value="%d">%s</option>`, net, want); !strings.Contains(f.Body, opt) {
			t.Errorf("%s: no group choice %s", lang, opt)
		}
	}
	page := func() string {
		t.Helper()
		f := sitetest.Fetch(t, s.web+fmt.Sprintf("/paa-tvaers?gruppe=%d&grundlag=alle", net), sitetest.ActDA, "")
		if f.Status != 200 {
			t.Fatalf("status %d", f.Status)
		}
		sitetest.CheckPage(t, f, "da")
		return f.Body
	}
	body := page()
	if !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>Netværk: Klimaalliancen</option>`, net)) {
		t.Error("the chosen network is not selected in the form")
	}
	a, b := coverageAPI(t, s, fmt.Sprintf("group=%d&base=all", net)), coverageAPI(t, s, fmt.Sprintf("group=%d&base=all", nation))
	if a.Members != 98 || a.Counted != b.Counted || len(a.Themes) != len(b.Themes) {
		t.Fatalf("Klimaalliancen %d/%d, the nation %d/%d", a.Counted, a.Members, b.Counted, b.Members)
	}
	for i := range a.Themes {
		if a.Themes[i].Count != b.Themes[i].Count {
			t.Errorf("theme %d: Klimaalliancen %d, the nation %d", a.Themes[i].ThemeID, a.Themes[i].Count, b.Themes[i].Count)
		}
	}
	if !strings.Contains(body, "98 af 98 kommuner tælles med") {
		t.Error("no headline 98 af 98")
	}
	// The secretariat, who names a network's members, finds its form from its figures; the
	// public does not see the link.
	edit := `href="/netvaerk/` + demo.NetworkKlimaalliancen + `/rediger"`
	if strings.Contains(body, edit) {
		t.Error("the public sees the network's edit link")
	}
	sec := sitetest.SignedIn(t, s.db, s.sessions, "da", store.Membership{Role: auth.RoleSecretariat})
	if f := sitetest.Fetch(t, s.web+fmt.Sprintf("/paa-tvaers?gruppe=%d", net), sec, ""); !strings.Contains(f.Body, edit) {
		t.Errorf("the secretariat sees no link %s", edit)
	}

	// Down to three members: the page counts three at once.
	ctx := context.Background()
	rec, err := s.db.Get(ctx, model.Organisations, net)
	if err != nil {
		t.Fatal(err)
	}
	three := model.AsOrganisation(rec).MemberIDs()[:3]
	if _, err := s.db.Update(ctx, model.Organisations, net, rec.Version(), model.Record{"member_ids": three}); err != nil {
		t.Fatal(err)
	}
	if body := page(); !strings.Contains(body, "3 af 3 kommuner tælles med") {
		t.Error("after the network shrank to three members the page does not count three")
	}
}
