package form_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// A municipality makes its own indicator in the web interface, and reports its values on it;
// another municipality's editor may not make one in its name (issue 10: no Albertslund
// indicator could be made in the web UI).
func TestMunicipalityMakesItsOwnIndicator(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	albEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	kbhEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	form := url.Values{"code": {"alb.cykelstier_km"}, "name_da": {"Cykelstier"}, "unit": {"km"}, "unit_en": {"km"},
		"direction": {"higher"}, "targets.year": {"2030"}, "targets.value": {"80"}}

	if f := sitetest.Fetch(t, ts.URL+"/kommuner/165/noegletal/ny", kbhEditor, ""); f.Status != http.StatusForbidden {
		t.Errorf("København's editor opens Albertslund's new-indicator form: %d, want 403", f.Status)
	}
	if f := sitetest.PostForm(t, ts.URL+"/kommuner/165/noegletal/ny", form, kbhEditor); f.Status != http.StatusForbidden {
		t.Errorf("København's editor makes an Albertslund indicator: %d, want 403", f.Status)
	}
	f := sitetest.Fetch(t, ts.URL+"/kommuner/165/noegletal/ny", albEditor, "")
	if f.Status != 200 {
		t.Fatalf("Albertslund's editor opens the form: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	f = sitetest.PostForm(t, ts.URL+"/kommuner/165/noegletal/ny", form, albEditor)
	if f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/noegletal/alb.cykelstier_km?gemt=1" {
		t.Fatalf("Albertslund's editor makes an indicator: %d to %q, want 303 to its page\n%s", f.Status, f.Header.Get("Location"), f.Body)
	}
	ind := model.AsIndicator(sitetest.OneOf(t, s.DB, model.Indicators, map[string]string{"code": "alb.cykelstier_km"}))
	if ind.OwnerOrganisationID() != alb.ID() || ind.Unit() != "km" || len(ind.Targets()) != 1 {
		t.Errorf("stored %v", ind.Record)
	}
	// Its value, for Albertslund.
	v := url.Values{"organisation_id": {strconv.FormatInt(alb.ID(), 10)}, "period": {"2025"}, "value": {"42,5"}}
	if f := sitetest.PostForm(t, ts.URL+"/noegletal/alb.cykelstier_km/vaerdier/ny", v, albEditor); f.Status != http.StatusSeeOther {
		t.Errorf("Albertslund's editor adds a value on its own indicator: %d\n%s", f.Status, f.Body)
	}
}
