package store_test

import (
	"context"
	"errors"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/themesuggest"
)

// TestThemeSuggestions: the reads (an organisation's unthemed actions, drafts too; the
// published labelled actions of every organisation; the rejections), an accept through the
// action's update (version checked, audited, guarded) and a reject (kept once, audited,
// guarded), on both engines.
func TestThemeSuggestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(res *model.Resource, r model.Record) int64 {
			t.Helper()
			out, err := db.Create(ctx, res, r)
			if err != nil {
				t.Fatalf("create %s %v: %v", res.Name, r, err)
			}
			return out.ID()
		}
		kbh := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
		alb := mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund"})
		transport := mk(model.Themes, model.Record{"code": "transport", "name_da": "Transport", "name_en": "Transport"})
		charging := mk(model.Themes, model.Record{"code": "transport.charging", "name_da": "Ladeinfrastruktur", "name_en": "Charging", "parent_id": transport})
		waste := mk(model.Themes, model.Record{"code": "waste", "name_da": "Affald", "name_en": "Waste"})
		planK := mk(model.Plans, model.Record{"code": "KP-101", "organisation_id": kbh, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
		planA := mk(model.Plans, model.Record{"code": "KP-165", "organisation_id": alb, "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
		action := func(plan, org int64, title string, themes []int64, published bool) int64 {
			return mk(model.Actions, model.Record{"plan_id": plan, "title": title, "description": title + " i byen", "sector": "transport", "organisation_id": org,
				"status": "planned", "theme_ids": themes, "published": published})
		}
		labelledK := action(planK, kbh, "Ladestandere", []int64{charging}, true)
		labelledA := action(planA, alb, "Madaffald", []int64{waste, transport}, true)
		action(planA, alb, "Kladde med tema", []int64{waste}, false) // a draft: its words are no example
		draftPlan := mk(model.Plans, model.Record{"code": "KP-165-udkast", "organisation_id": alb, "kind": "climate_plan", "title": "Udkast", "status": "draft", "published": false})
		action(draftPlan, alb, "I en kladdeplan", []int64{waste}, true) // in a draft plan: no example either
		unthemed := action(planK, kbh, "Flere ladestandere", []int64{}, true)
		draft := action(planK, kbh, "Lynladere", nil, false)
		action(planA, alb, "Albertslunds uden tema", nil, true) // another organisation's

		themes, err := db.SuggestionThemes(ctx)
		if err != nil || len(themes) != 3 || themes[1] != (themesuggest.Theme{ID: charging, Parent: transport, Code: "transport.charging", NameDA: "Ladeinfrastruktur", NameEN: "Charging"}) {
			t.Errorf("themes %+v, %v", themes, err)
		}
		un, err := db.UnthemedActions(ctx, kbh)
		if err != nil {
			t.Fatal(err)
		}
		if len(un) != 2 || un[0].ID != unthemed || un[1].ID != draft || un[1].Published || !un[0].Published || un[0].Version != 1 || un[0].PlanID != planK ||
			un[0].Description != "Flere ladestandere i byen" {
			t.Errorf("unthemed of København: %+v", un)
		}
		lab, err := db.LabelledActions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(lab) != 2 || lab[0].ID != labelledK || lab[1].ID != labelledA || len(lab[1].Themes) != 2 || len(lab[0].Themes) != 1 || lab[0].Themes[0] != charging {
			t.Errorf("labelled: %+v", lab)
		}

		as := func(email, role string, org int64) context.Context {
			u, err := db.CreateUser(ctx, store.User{Email: email, Memberships: []store.Membership{{Role: role, OrganisationID: org}}})
			if err != nil {
				t.Fatal(err)
			}
			return store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelWeb, Guard: auth.Guard(&auth.Principal{User: u})})
		}
		editorK := as("k@example.dk", auth.RoleEditor, kbh)
		editorA := as("a@example.dk", auth.RoleEditor, alb)

		// Reject: only who may change the action; kept once; audited.
		if err := db.RejectThemeSuggestion(editorA, unthemed, waste); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("Albertslund's editor rejects for København: %v, want forbidden", err)
		}
		if err := db.RejectThemeSuggestion(editorK, unthemed, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reject an unknown theme: %v, want not found", err)
		}
		for range 2 {
			if err := db.RejectThemeSuggestion(editorK, unthemed, waste); err != nil {
				t.Fatal(err)
			}
		}
		rej, err := db.RejectedSuggestions(ctx, kbh)
		if err != nil || len(rej) != 1 || !rej[themesuggest.Pair{Action: unthemed, Theme: waste}] {
			t.Errorf("rejected of København: %v, %v", rej, err)
		}
		if rej, _ := db.RejectedSuggestions(ctx, alb); len(rej) != 0 {
			t.Errorf("rejected of Albertslund: %v", rej)
		}
		if rs, err := db.Rejections(ctx, unthemed); err != nil || len(rs) != 1 || rs[0].UserID == 0 || rs[0].At == "" {
			t.Errorf("rejections: %+v, %v", rs, err)
		}
		entries, err := db.Audit(ctx, store.AuditQuery{Resource: store.AuditThemeSuggestions})
		if err != nil || len(entries) != 1 || entries[0].RecordID != unthemed || entries[0].Op != "create" || entries[0].User != "k@example.dk" {
			t.Errorf("audit of the rejection: %+v, %v", entries, err)
		}

		// Accept: the action's update, with its version.
		if _, err := db.AcceptThemeSuggestion(editorA, unthemed, charging, 1); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("Albertslund's editor accepts for København: %v, want forbidden", err)
		}
		var ce *store.ConflictError
		if _, err := db.AcceptThemeSuggestion(editorK, unthemed, charging, 7); !errors.As(err, &ce) {
			t.Errorf("a stale version: %v, want a conflict", err)
		}
		if _, err := db.AcceptThemeSuggestion(editorK, 99999, charging, 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an unknown action: %v, want not found", err)
		}
		out, err := db.AcceptThemeSuggestion(editorK, unthemed, charging, 1)
		if err != nil {
			t.Fatal(err)
		}
		if out.Version() != 2 || len(out["theme_ids"].([]int64)) != 1 {
			t.Errorf("accepted: %v", out)
		}
		if _, err := db.AcceptThemeSuggestion(editorK, unthemed, charging, 2); !errors.Is(err, store.ErrThemeOnAction) {
			t.Errorf("accept again: %v, want the theme is on the action", err)
		}
		entries, err = db.Audit(ctx, store.AuditQuery{Resource: "actions", RecordID: unthemed, Op: "update"})
		if err != nil || len(entries) != 1 || entries[0].User != "k@example.dk" {
			t.Errorf("audit of the accept: %+v, %v", entries, err)
		}
		if un, _ := db.UnthemedActions(ctx, kbh); len(un) != 1 || un[0].ID != draft {
			t.Errorf("unthemed after the accept: %+v", un)
		}
	})
}
