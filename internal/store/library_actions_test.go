package store_test

import (
	"context"
	"errors"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestActionFromIdea: an idea becomes an action through Create, on both engines: its
// fields carried over, the guard asked (an editor of another organisation is refused, and
// nothing is made), the audit trail written, and only an idea taken.
func TestActionFromIdea(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		idea, err := db.Create(ctx, model.LibraryItems, model.Record{"title": "Fælles varmepumper", "kind": "idea", "published": true,
			"summary": "Store varmepumper i fællesskab.", "theme_ids": []int64{f.heat}, "expected_effect_t_co2e": 40.0})
		if err != nil {
			t.Fatal(err)
		}
		guide, err := db.Create(ctx, model.LibraryItems, model.Record{"title": "Vejledning", "kind": "guide", "published": true})
		if err != nil {
			t.Fatal(err)
		}
		as := func(email string, org int64) context.Context {
			u, err := db.CreateUser(ctx, store.User{Email: email, Memberships: []store.Membership{{Role: auth.RoleEditor, OrganisationID: org}}})
			if err != nil {
				t.Fatal(err)
			}
			return store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelWeb, Guard: auth.Guard(&auth.Principal{User: u})})
		}
		kbh, alb := as("k@example.dk", f.kbh), as("a@example.dk", f.alb)
		if _, err := db.ActionFromIdea(alb, idea.ID(), f.plan, 0); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("another organisation's editor: %v, want forbidden", err)
		}
		var ve *model.ValidationError
		if _, err := db.ActionFromIdea(kbh, guide.ID(), f.plan, 0); !errors.As(err, &ve) {
			t.Errorf("a guide: %v, want a validation error", err)
		}
		if _, err := db.ActionFromIdea(kbh, idea.ID(), 0, 0); !errors.As(err, &ve) {
			t.Errorf("no owner: %v, want a validation error", err)
		}
		if n, _ := db.Count(ctx, model.Actions); n != 0 {
			t.Fatalf("%d actions after the refusals", n)
		}
		rec, err := db.ActionFromIdea(kbh, idea.ID(), f.plan, 0)
		if err != nil {
			t.Fatal(err)
		}
		a := model.AsAction(rec)
		e, _ := a.EffectTCO2e()
		if a.LibraryItemID() != idea.ID() || a.Title() != "Fælles varmepumper" || a.Description() != "Store varmepumper i fællesskab." ||
			a.Sector() != model.SectorCrossCutting || a.Status() != "planned" || a.Published() || a.OrganisationID() != f.kbh ||
			len(a.ThemeIDs()) != 1 || a.ThemeIDs()[0] != f.heat || e != 40 {
			t.Errorf("the action = %v", rec)
		}
		if hist, err := db.Audit(ctx, store.AuditQuery{Resource: "actions", RecordID: a.ID()}); err != nil || len(hist) != 1 || hist[0].Op != "create" {
			t.Errorf("its audit entries = %v, %v", hist, err)
		}
	})
}
