package library_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

func serveSearch(t *testing.T, db *store.DB) (string, *web.Server) {
	t.Helper()
	w, err := web.New(db, sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, w
}

// build writes three published items, a proposal of København's and a draft action.
func buildSearch(t *testing.T, db *store.DB) (kbh int64) {
	t.Helper()
	ctx := context.Background()
	mk := func(res *model.Resource, r model.Record) int64 {
		t.Helper()
		return sitetest.MustCreate(t, db, ctx, res, r).ID()
	}
	kbh = mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
	plan := mk(model.Plans, model.Record{"code": "KP", "organisation_id": kbh, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
	mk(model.LibraryItems, model.Record{"title": "Udbudsmateriale til energitjek af boliger", "summary": "Skabeloner til udbud af energitjek.", "kind": "tender_material", "year": int64(2024), "published": true})
	mk(model.LibraryItems, model.Record{"title": "Principper for cirkulær emballage", "summary": "Krav i udbud <til> emballage & plast.", "kind": "principles", "published": true})
	mk(model.LibraryItems, model.Record{"title": "Idékatalog om madspild", "kind": "idea", "published": true})
	mk(model.LibraryItems, model.Record{"title": "Energitjek af skoler (forslag)", "kind": "case", "organisation_id": kbh, "published": false})
	mk(model.Actions, model.Record{"plan_id": plan, "title": "Energitjek af rådhuset", "sector": "energy", "organisation_id": kbh, "status": "planned", "published": false})
	mk(model.Actions, model.Record{"plan_id": plan, "title": "Energitjek af svømmehallen", "sector": "energy", "organisation_id": kbh, "status": "planned", "published": true})
	return kbh
}

// TestLibraryPages: /bibliotek searches with facets as links and exports its results;
// without words it is the library's front; /soeg groups by type; the public does not find
// drafts that København's people find; both languages; both engines.
func TestLibraryPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kbh := buildSearch(t, db)
		base, w := serveSearch(t, db)

		got := sitetest.Fetch(t, base+"/bibliotek?q=energitjekket", sitetest.ActDA, "")
		sitetest.CheckPage(t, got, "da")
		if got.Status != 200 || !strings.Contains(got.Body, "<mark>energitjek</mark>") || !strings.Contains(got.Body, `href="/bibliotek/`) ||
			strings.Contains(got.Body, "skoler") || !strings.Contains(got.Body, "1 materialer passer") {
			t.Errorf("search page: %d\n%s", got.Status, got.Body)
		}
		// Facets link to the filtered search; the text is escaped.
		udbud := sitetest.Fetch(t, base+"/bibliotek?q=udbud", sitetest.ActDA, "")
		if !strings.Contains(udbud.Body, `href="/bibliotek?q=udbud&amp;type=principles"`) || !strings.Contains(udbud.Body, "&lt;til&gt;") {
			t.Errorf("facets or escaping:\n%s", udbud.Body)
		}
		one := sitetest.Fetch(t, base+"/bibliotek?q=udbud&type=principles", sitetest.ActEN, "")
		sitetest.CheckPage(t, one, "en")
		if !strings.Contains(one.Body, "1 items match") || strings.Contains(one.Body, "Udbudsmateriale") {
			t.Errorf("filtered search:\n%s", one.Body)
		}
		if anyWord := sitetest.Fetch(t, base+"/bibliotek?q=madspild+emballage", sitetest.ActDA, ""); !strings.Contains(anyWord.Body, "Intet materiale har alle ordene") ||
			!strings.Contains(anyWord.Body, "2 materialer passer") {
			t.Errorf("any word:\n%s", anyWord.Body)
		}
		front := sitetest.Fetch(t, base+"/bibliotek", sitetest.ActDA, "")
		if !strings.Contains(front.Body, "3 materialer, de nyeste først") || !strings.Contains(front.Body, "Idékatalog om madspild") {
			t.Errorf("front:\n%s", front.Body)
		}
		links := sitetest.ExportLinks(t, udbud.Body)
		csv := sitetest.Fetch(t, base+links["bibliotek.csv"], sitetest.ActDA, "")
		if rows := sitetest.ReadCSV(t, csv.Body, ';'); len(rows) != 3 || !strings.Contains(strings.Join(rows[1], " "), "/bibliotek/") {
			t.Errorf("export: %v", rows)
		}
		site := sitetest.Fetch(t, base+"/soeg?"+url.Values{"q": {"energitjek"}}.Encode(), sitetest.ActDA, "")
		sitetest.CheckPage(t, site, "da")
		if !strings.Contains(site.Body, "Indsatser (1)") || !strings.Contains(site.Body, "Videnbibliotek (1)") || strings.Contains(site.Body, "rådhuset") ||
			!strings.Contains(site.Body, `href="/indsatser/`) {
			t.Errorf("site search:\n%s", site.Body)
		}
		as := sitetest.SignedIn(t, db, w.Sessions, "da", store.Membership{OrganisationID: kbh, Role: auth.RoleEditor})
		mine := sitetest.Fetch(t, base+"/soeg?q=energitjek", as, "")
		if !strings.Contains(mine.Body, "rådhuset") || !strings.Contains(mine.Body, "skoler") {
			t.Errorf("København's editor does not find the drafts:\n%s", mine.Body)
		}
		for _, bad := range []string{"/bibliotek?aar=x", "/bibliotek?side=0"} {
			if f := sitetest.Fetch(t, base+bad, sitetest.ActDA, ""); f.Status != 400 {
				t.Errorf("%s: %d, want 400", bad, f.Status)
			}
		}
	})
}
