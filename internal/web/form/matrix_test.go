package form_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestFormsMatrix crosses every edit and new-record form the pages route (Pages.Routes) with
// seven roles. Each answer must agree with the authorization layer's decision: the form and
// its POST for those it allows; the sign-in page for the public and 403 for other refusals,
// after which the database is unchanged (its data version, which every write raises).
func TestFormsMatrix(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	plan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	vip2 := sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": "VIP2"})
	ind := sitetest.OneOf(t, s.DB, model.Indicators, map[string]string{"code": "co2e_per_capita_t"})
	network := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": demo.NetworkKlimaalliancen, "kind": "network"})
	// The records the forms are tried on: Copenhagen's and VIP2's (which Albertslund leads).
	records := map[*model.Resource]model.Record{
		model.Plans:           plan,
		model.Actions:         sitetest.OneOf(t, s.DB, model.Actions, map[string]string{"plan": strconv.FormatInt(plan.ID(), 10)}),
		model.Goals:           sitetest.OneOf(t, s.DB, model.Goals, map[string]string{"project": strconv.FormatInt(vip2.ID(), 10)}),
		model.Indicators:      ind,
		model.IndicatorValues: sitetest.OneOf(t, s.DB, model.IndicatorValues, map[string]string{"indicator": strconv.FormatInt(ind.ID(), 10), "organisation": strconv.FormatInt(kbh.ID(), 10), "breakdown": ""}),
		model.Projects:        vip2,
		model.Participants:    sitetest.OneOf(t, s.DB, model.Participants, map[string]string{"project": strconv.FormatInt(vip2.ID(), 10)}),
		model.Organisations:   kbh,
		// A published item of the knowledge library: the secretariat's to edit.
		model.LibraryItems: sitetest.MustCreate(t, s.DB, sitetest.AsPerson(t, s.DB, sitetest.SignedIn(t, s.DB, s.Sessions, "da")), model.LibraryItems,
			model.Record{"title": "Cykelbibliotek", "kind": "idea", "published": true}),
	}
	roles := []struct {
		name string
		ms   []store.Membership // nil: the public
	}{
		{"public", nil},
		{"viewer København", []store.Membership{{OrganisationID: kbh.ID(), Role: auth.RoleViewer}}},
		{"editor København", []store.Membership{{OrganisationID: kbh.ID(), Role: auth.RoleEditor}}},
		{"editor Albertslund", []store.Membership{{OrganisationID: alb.ID(), Role: auth.RoleEditor}}},
		{"lead Albertslund", []store.Membership{{OrganisationID: alb.ID(), Role: auth.RoleProjectLead}}},
		{"secretariat", []store.Membership{{Role: auth.RoleSecretariat}}},
		{"admin", []store.Membership{{Role: auth.RoleAdmin}}},
	}
	version := func() int64 {
		v, err := s.DB.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if len(routesOf(s)) < 13 {
		t.Fatalf("only %d forms are routed", len(routesOf(s)))
	}
	for _, fr := range routesOf(s) {
		for _, role := range roles {
			t.Run(fr.Pattern+"/"+role.name, func(t *testing.T) {
				header, p := sitetest.ActDA, auth.Public
				if role.ms != nil {
					header = sitetest.SignedIn(t, s.DB, s.Sessions, "da", role.ms...)
					u, err := s.DB.UserByID(ctx, userOf(t, s, header))
					if err != nil {
						t.Fatal(err)
					}
					p = &auth.Principal{User: u}
				}
				// The form's address, the decision, and a form to post.
				var path string
				var decision error
				form := url.Values{}
				if fr.Parent() == nil {
					of := records[fr.Editor().Res()]
					if fr.Pattern == "/netvaerk/{key}/rediger" {
						of = network // the network editor edits networks, of the organisations
					}
					rec, err := s.DB.Get(ctx, fr.Editor().Res(), of.ID()) // as saved by the roles before
					if err != nil {
						t.Fatal(err)
					}
					path = fr.Editor().Path(rec) + "/rediger"
					decision = auth.MayWrite(ctx, s.DB, p, fr.Editor().Res(), rec, rec)
					form = formOf(t, s, fr.Editor(), rec, i18n.Danish)
				} else if fr.Parent().Res() == nil { // a new record with no parent: a library item
					path = fr.Pattern
					_, decision = auth.MayAdd(ctx, s.DB, p, fr.Editor().Res(), fr.Parent().Fixed(nil))
				} else {
					parent := records[fr.Parent().Res()]
					key := strconv.FormatInt(parent.ID(), 10)
					if fr.Parent().ByKey() {
						key = url.PathEscape(parent.Str(fr.Parent().Res().Key))
					}
					path = strings.NewReplacer("{id}", key, "{key}", key).Replace(fr.Pattern)
					_, decision = auth.MayAdd(ctx, s.DB, p, fr.Editor().Res(), fr.Parent().Fixed(parent))
				}
				get := sitetest.Fetch(t, ts.URL+path, header, "")
				before := version()
				post := sitetest.PostForm(t, ts.URL+path, form, header)
				switch {
				case decision == nil:
					if get.Status != http.StatusOK {
						t.Errorf("GET %s: %d, want 200", path, get.Status)
					}
					// An unchanged record saves; an empty new-record form is refused as incomplete.
					if want := map[bool]int{true: http.StatusSeeOther, false: http.StatusUnprocessableEntity}[fr.Parent() == nil]; post.Status != want {
						t.Errorf("POST %s: %d, want %d", path, post.Status, want)
					}
				case errors.Is(decision, auth.ErrSignIn):
					if get.Status != http.StatusSeeOther || !strings.HasPrefix(get.Header.Get("Location"), "/log-ind") || post.Status != http.StatusSeeOther {
						t.Errorf("the public: GET %d to %q, POST %d; want the sign-in page", get.Status, get.Header.Get("Location"), post.Status)
					}
				default:
					if get.Status != http.StatusForbidden || post.Status != http.StatusForbidden {
						t.Errorf("refused (%v): GET %d, POST %d; want 403", decision, get.Status, post.Status)
					}
				}
				if decision != nil && version() != before {
					t.Errorf("a refused POST %s changed the database", path)
				}
			})
		}
	}
}

// userOf is the person whose session a header made by signedIn carries.
func userOf(t *testing.T, s *web.Server, header map[string]string) int64 {
	t.Helper()
	sess, err := s.DB.SessionByHash(context.Background(), auth.HashToken(sitetest.SessionOf(header)))
	if err != nil {
		t.Fatal(fmt.Errorf("session: %w", err))
	}
	return sess.UserID
}

// valueRuleCases are the value rule's cases that the pages and the API must answer alike
// (internal/api's TestValueRuleInAPI holds the same table): an Albertslund editor reports
// Albertslund's value on an indicator of VIP2, which Albertslund takes part in, and on one
// its region owns; not København's value, and not on the Energy Agency's owner_only
// accounts. ind names the indicator: "vip2", "region" or an indicator's code.
var valueRuleCases = []struct {
	name, ind, org, period string
	allowed                bool
}{
	{"own value on a joint project's indicator", "vip2", "165", "2041", true},
	{"own value on the region's indicator", "region", "165", "2041", true},
	{"another organisation's value", "vip2", "101", "2042", false},
	{"own value on an owner_only indicator", "co2e_total_t", "165", "2030", false},
}

// TestValueRuleInForms: the new-value form and its "add" link follow the one value rule,
// as the API does (issue 10: the form answered 403 where the API answered 201).
func TestValueRuleInForms(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	region := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "1084"})
	vip2 := sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": "VIP2"})
	codes := map[string]string{
		"vip2":         sitetest.OneOf(t, s.DB, model.Indicators, map[string]string{"project": strconv.FormatInt(vip2.ID(), 10)}).Str("code"),
		"region":       "mx-region",
		"co2e_total_t": model.IndicatorCO2eTotal,
	}
	if _, err := s.DB.Create(ctx, model.Indicators, model.Record{"code": "mx-region", "name_da": "Regionens nøgletal", "unit": "t",
		"direction": "lower", "owner_organisation_id": region.ID()}); err != nil {
		t.Fatal(err)
	}
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	for _, c := range valueRuleCases {
		t.Run(c.name, func(t *testing.T) {
			org := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": c.org})
			page := "/noegletal/" + url.PathEscape(codes[c.ind])
			form := url.Values{"organisation_id": {strconv.FormatInt(org.ID(), 10)}, "period": {c.period}, "breakdown": {""}, "value": {"12"}}
			post := sitetest.PostForm(t, ts.URL+page+"/vaerdier/ny", form, editor)
			if want := map[bool]int{true: http.StatusSeeOther, false: http.StatusForbidden}[c.allowed]; post.Status != want {
				t.Errorf("POST %s: %d, want %d", page, post.Status, want)
			}
			// The form opens wherever Albertslund may report its own value.
			mayOpen := c.allowed || c.org != "165"
			if get := sitetest.Fetch(t, ts.URL+page+"/vaerdier/ny", editor, ""); (get.Status == http.StatusOK) != mayOpen {
				t.Errorf("GET %s: %d, want it to open: %v", page, get.Status, mayOpen)
			}
		})
	}
	// The add link shows to those who may add: not to the public, not to an editor whose
	// organisation may not report on the indicator, and to the Albertslund editor on VIP2's.
	link := func(code string, header map[string]string) bool {
		return strings.Contains(sitetest.Fetch(t, ts.URL+"/noegletal/"+url.PathEscape(code), header, "").Body, "/vaerdier/ny\"")
	}
	if link(codes["vip2"], sitetest.ActDA) {
		t.Error("the public sees the add link")
	}
	if !link(codes["vip2"], editor) {
		t.Error("the Albertslund editor does not see the add link on VIP2's indicator")
	}
	if link(model.IndicatorCO2eTotal, editor) {
		t.Error("the Albertslund editor sees the add link on an owner_only indicator")
	}
}
