package public_test

import (
	"context"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// The indicator pages' narrow reads (issue 14) keep the rule of drafts: an indicator of a
// draft plan, and its values, are hidden from the public and from other organisations'
// editors on /sammenlign, /kommuner/{code} and /noegletal/{code}, and shown to the editors of
// the plan's organisation, as before.
func TestIndicatorPagesHideDraftsFromThePublic(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165"})
	plan := sitetest.MustCreate(t, s.DB, ctx, model.Plans, model.Record{"code": "KP-101-UDKAST", "organisation_id": kbh.ID(), "kind": "climate_plan",
		"title": "Udkast", "status": "draft", "published": false})
	ind := sitetest.MustCreate(t, s.DB, ctx, model.Indicators, model.Record{"code": "hemmelig", "name_da": "Ab hemmeligt nøgletal", "unit": "t",
		"direction": "lower", "owner_plan_id": plan.ID()})
	for _, org := range []int64{kbh.ID(), alb.ID()} {
		for _, p := range []string{"2021", "2022"} {
			sitetest.MustCreate(t, s.DB, ctx, model.IndicatorValues, model.Record{"indicator_id": ind.ID(), "organisation_id": org, "period": p, "value": 4711.0})
		}
	}
	readers := []struct {
		name   string
		header map[string]string
		sees   bool
	}{
		{"the public", map[string]string{"Accept-Language": "da"}, false},
		{"another organisation's editor", sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor}), false},
		{"the plan's organisation's editor", sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor}), true},
		{"an administrator", sitetest.SignedIn(t, s.DB, s.Sessions, "da"), true},
	}
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			for _, c := range []struct{ path, mark string }{
				{"/sammenlign", `value="hemmelig"`},
				{"/sammenlign?indicator=hemmelig", "4.711"},
				{"/kommuner/101", "hemmeligt nøgletal"},
				{"/noegletal/hemmelig", "4.711"},
			} {
				f := sitetest.Fetch(t, ts.URL+c.path, r.header, "")
				if got := strings.Contains(f.Body, c.mark); got != r.sees {
					t.Errorf("%s (%d): shows %q: %v, want %v", c.path, f.Status, c.mark, got, r.sees)
				}
			}
		})
	}
}
