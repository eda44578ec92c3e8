package store_test

import (
	"context"
	"errors"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestMailLanguage: a person reads mail in Danish (none given), Danish or English; any other
// language is refused, on creation and on change.
func TestMailLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, tc := range []struct {
			lang string
			ok   bool
		}{{"", true}, {"da", true}, {"en", true}, {"de", false}, {"EN", false}} {
			u, err := db.CreateUser(ctx, store.User{Email: "p" + string(rune('a'+i)) + "@example.dk", Language: tc.lang})
			var ve *model.ValidationError
			if !tc.ok {
				if !errors.As(err, &ve) {
					t.Errorf("create with language %q: %v, want invalid", tc.lang, err)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.Language != tc.lang {
				t.Errorf("created with language %q, read %q", tc.lang, u.Language)
			}
			if err := db.SetLanguage(ctx, u.ID, "fr"); !errors.As(err, &ve) {
				t.Errorf("set language fr: %v, want invalid", err)
			}
			if err := db.SetLanguage(ctx, u.ID, "en"); err != nil {
				t.Fatal(err)
			}
			if got, err := db.UserByID(ctx, u.ID); err != nil || got.Language != "en" {
				t.Errorf("after SetLanguage en: %q %v", got.Language, err)
			}
		}
		if err := db.SetLanguage(ctx, 999999, "en"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("language of nobody: %v, want not found", err)
		}
	})
}

// TestClaimReminder: a key is claimed once; a claim is finished once, as sent or failed.
func TestClaimReminder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		prog, err := db.Create(ctx, model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
		if err != nil {
			t.Fatal(err)
		}
		round, err := db.Create(ctx, model.ReportingRounds, model.Record{"programme_id": prog.ID(), "name_da": "Efterår", "kind": "regular", "opens_on": "2026-11-01", "deadline": "2026-12-18"})
		if err != nil {
			t.Fatal(err)
		}
		claim := func(key string) (int64, bool) {
			t.Helper()
			id, ok, err := db.ClaimReminder(ctx, store.ReminderClaim{Key: key, RoundID: round.ID(), Email: "s@example.dk", Kind: "digest"})
			if err != nil {
				t.Fatal(err)
			}
			return id, ok
		}
		a, ok := claim("k:a")
		if !ok {
			t.Fatal("the first claim of k:a failed")
		}
		if _, ok := claim("k:a"); ok {
			t.Error("k:a claimed twice")
		}
		b, ok := claim("k:b")
		if !ok {
			t.Fatal("the first claim of k:b failed")
		}
		if err := db.FinishReminder(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishReminder(ctx, a, errors.New("again")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("finished twice: %v, want not found", err)
		}
		if err := db.FinishReminder(ctx, b, errors.New("550 no such mailbox")); err != nil {
			t.Fatal(err)
		}
		list, err := db.RoundReminders(ctx, round.ID())
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != b || list[0].State != store.ReminderFailed || list[0].Error != "550 no such mailbox" ||
			list[1].ID != a || list[1].State != store.ReminderSent || list[1].Error != "" {
			t.Errorf("the round's reminders: %+v", list)
		}
	})
}
