package auth

import (
	"context"
	"slices"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestDraftVisibilityAgrees: what belongs to a draft is as hidden as the draft, the same in
// Go (View.Allows, for a record by its id) and in SQL (the list queries with the reader's
// view, View.Apply), both from Visibility, for every role and every kind of record that can be hidden. The table
// says who sees each record that a draft hides; everything else is seen by everybody.
func TestDraftVisibilityAgrees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := map[string]int64{}
		labels := map[*model.Resource]map[int64]string{} // by resource and id
		mk := func(label string, res *model.Resource, r model.Record) int64 {
			t.Helper()
			for k, v := range r {
				if s, ok := v.(string); ok && len(s) > 1 && s[0] == '@' {
					r[k] = ids[s[1:]] // a reference to a record made before, by its label
				}
			}
			out, err := db.Create(ctx, res, r)
			if err != nil {
				t.Fatalf("create %s %v: %v", label, r, err)
			}
			ids[label] = out.ID()
			if labels[res] == nil {
				labels[res] = map[int64]string{}
			}
			labels[res][out.ID()] = label
			return out.ID()
		}
		org := func(label, code string) {
			mk(label, model.Organisations, model.Record{"kind": "municipality", "code": code, "name_da": label})
		}
		org("kbh", "101")
		org("alb", "165")
		org("glo", "161")
		mk("programme", model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
		mk("vip", model.Projects, model.Record{"programme_id": "@programme", "code": "VIP2", "name_da": "Fælles projekt"})
		mk("vip alb", model.Participants, model.Record{"project_id": "@vip", "organisation_id": "@alb", "role": "member", "lead": true})
		mk("vip kbh", model.Participants, model.Record{"project_id": "@vip", "organisation_id": "@kbh", "role": "member"})
		plan := func(label, code, owner string, published bool) {
			mk(label, model.Plans, model.Record{"code": code, "organisation_id": "@" + owner, "kind": "climate_plan", "title": label, "status": "adopted", "published": published})
		}
		plan("kbh plan", "KP-101", "kbh", true)
		plan("kbh draft plan", "UDKAST-101", "kbh", false)
		plan("alb draft plan", "UDKAST-165", "alb", false)
		action := func(label string, r model.Record) {
			r["title"], r["sector"], r["status"] = label, "energy", "planned"
			mk(label, model.Actions, r)
		}
		action("kbh action", model.Record{"plan_id": "@kbh plan", "organisation_id": "@kbh", "published": true})
		action("kbh draft action", model.Record{"plan_id": "@kbh plan", "organisation_id": "@kbh"})
		action("published action in kbh draft plan", model.Record{"plan_id": "@kbh draft plan", "organisation_id": "@kbh", "published": true})
		action("draft action in kbh draft plan", model.Record{"plan_id": "@kbh draft plan", "organisation_id": "@kbh"})
		action("published action in alb draft plan", model.Record{"plan_id": "@alb draft plan", "organisation_id": "@alb", "published": true})
		action("project action", model.Record{"project_id": "@vip", "organisation_id": "@kbh", "published": true})
		action("draft project action of kbh", model.Record{"project_id": "@vip", "organisation_id": "@kbh"})
		action("draft project action of glo", model.Record{"project_id": "@vip", "organisation_id": "@glo"})
		for _, p := range []string{"kbh plan", "kbh draft plan", "alb draft plan"} {
			mk("goal of "+p, model.Goals, model.Record{"plan_id": "@" + p, "text_da": "mål"})
			mk("part of the goal of "+p, model.Goals, model.Record{"plan_id": "@" + p, "text_da": "delmål", "parent_id": "@goal of " + p})
			mk("indicator of "+p, model.Indicators, model.Record{"code": "ind-" + p, "name_da": p, "unit": "t", "direction": "lower", "owner_plan_id": "@" + p,
				"targets": []model.Target{{Year: 2030, Value: 1}}})
			mk("value of "+p, model.IndicatorValues, model.Record{"indicator_id": "@indicator of " + p, "organisation_id": "@kbh", "period": "2024", "value": 5.0})
		}
		mk("project goal", model.Goals, model.Record{"project_id": "@vip", "text_da": "projektmål"})
		mk("project indicator", model.Indicators, model.Record{"code": "ind-vip", "name_da": "vip", "unit": "t", "direction": "lower", "owner_project_id": "@vip"})
		mk("shared indicator", model.Indicators, model.Record{"code": "ind-shared", "name_da": "fælles", "unit": "t", "direction": "lower", "owner_organisation_id": "@kbh"})
		mk("project value", model.IndicatorValues, model.Record{"indicator_id": "@project indicator", "organisation_id": "@glo", "period": "2024", "value": 1.0})
		mk("shared value", model.IndicatorValues, model.Record{"indicator_id": "@shared indicator", "organisation_id": "@alb", "period": "2024", "value": 1.0})
		// The library: a published item, an unpublished proposal of Copenhagen's, and an
		// unpublished item of the secretariat's own (no organisation).
		mk("published library item", model.LibraryItems, model.Record{"title": "Udbudsmateriale", "kind": "tender_material", "organisation_id": "@kbh", "published": true})
		mk("kbh library proposal", model.LibraryItems, model.Record{"title": "Idé", "kind": "idea", "organisation_id": "@kbh"})
		mk("secretariat library draft", model.LibraryItems, model.Record{"title": "Vejledning", "kind": "guide"})

		user := func(ms ...store.Membership) *Principal {
			return &Principal{User: store.User{ID: 1, Email: "x@example.dk", Memberships: ms}}
		}
		in := func(org, role string) store.Membership {
			return store.Membership{OrganisationID: ids[org], Role: role}
		}
		roles := map[string]*Principal{
			"public":       Public,
			"admin":        user(store.Membership{Role: RoleAdmin}),
			"secretariat":  user(store.Membership{Role: RoleSecretariat}),
			"kbh editor":   user(in("kbh", RoleEditor)),
			"kbh viewer":   user(in("kbh", RoleViewer)),
			"alb editor":   user(in("alb", RoleEditor)),
			"alb lead":     user(in("alb", RoleProjectLead)),
			"glo viewer":   user(in("glo", RoleViewer)),
			"kbh+alb lead": user(in("kbh", RoleViewer), in("alb", RoleProjectLead)),
			// The secretariat's role held in an organisation, and an admin's read-only token:
			// a token's scope limits writing, never reading.
			"kbh secretariat": user(in("kbh", RoleSecretariat)),
			"read-only admin": {User: user(store.Membership{Role: RoleAdmin}).User, Scope: ScopeRead},
		}
		kbhPeople := []string{"admin", "read-only admin", "kbh editor", "kbh viewer", "kbh+alb lead", "kbh secretariat"}
		albPeople := []string{"admin", "read-only admin", "alb editor", "alb lead", "kbh+alb lead"}
		hidden := map[string][]string{ // who sees what a draft hides
			"kbh draft plan":                     kbhPeople,
			"kbh draft action":                   kbhPeople,
			"published action in kbh draft plan": kbhPeople,
			"draft action in kbh draft plan":     kbhPeople,
			"goal of kbh draft plan":             kbhPeople,
			"part of the goal of kbh draft plan": kbhPeople,
			"indicator of kbh draft plan":        kbhPeople,
			"value of kbh draft plan":            kbhPeople,
			"alb draft plan":                     albPeople,
			"published action in alb draft plan": albPeople,
			"goal of alb draft plan":             albPeople,
			"part of the goal of alb draft plan": albPeople,
			"indicator of alb draft plan":        albPeople,
			"value of alb draft plan":            albPeople,
			"draft project action of kbh":        {"admin", "read-only admin", "secretariat", "kbh secretariat", "kbh editor", "kbh viewer", "alb editor", "alb lead", "kbh+alb lead"},
			"draft project action of glo":        {"admin", "read-only admin", "secretariat", "kbh secretariat", "alb editor", "alb lead", "glo viewer", "kbh+alb lead"},
			"kbh library proposal":               {"admin", "read-only admin", "secretariat", "kbh secretariat", "kbh editor", "kbh viewer", "kbh+alb lead"},
			"secretariat library draft":          {"admin", "read-only admin", "secretariat", "kbh secretariat"},
		}
		for name, p := range roles {
			for _, res := range []*model.Resource{model.Plans, model.Actions, model.Goals, model.Indicators, model.IndicatorValues, model.LibraryItems} {
				t.Run(name+"/"+res.Name, func(t *testing.T) {
					q := model.ListQuery{Limit: store.MaxLimit}
					Visibility(p, res).Apply(&q)
					page, err := db.List(ctx, res, q)
					if err != nil {
						t.Fatal(err)
					}
					listed := map[int64]bool{}
					for _, r := range page.Items {
						listed[r.ID()] = true
					}
					all, err := db.List(ctx, res, model.ListQuery{Limit: store.MaxLimit, AllDrafts: true})
					if err != nil {
						t.Fatal(err)
					}
					for _, rec := range all.Items {
						l := labels[res][rec.ID()]
						want := true
						if who, ok := hidden[l]; ok {
							want = slices.Contains(who, name)
						}
						seen, err := Visibility(p, res).Allows(ctx, db, rec)
						if err != nil {
							t.Fatal(err)
						}
						if seen != want {
							t.Errorf("MaySee(%s %d %q) = %v, want %v", res.Singular, rec.ID(), l, seen, want)
						}
						if listed[rec.ID()] != want {
							t.Errorf("the list of %s has %s %d %q: %v, want %v", res.Name, res.Singular, rec.ID(), l, listed[rec.ID()], want)
						}
					}
				})
			}
		}
	})
}
