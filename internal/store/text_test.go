package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestAccountTextThatCannotBeStoredIsRefused: the store refuses it for every way in, not
// only the forms (single sign-on claims, the command line).
func TestAccountTextThatCannotBeStoredIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.CreateUser(ctx, store.User{Email: "a@example.dk", Name: "A\x00"}); !isTextError(err) {
			t.Errorf("a name with NUL: %v, want a validation error", err)
		}
		u, err := db.CreateUser(ctx, store.User{Email: "b@example.dk", Name: "B"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, u.ID, "\xff", "read", "h", time.Now().AddDate(1, 0, 0)); !isTextError(err) {
			t.Errorf("a token name of invalid UTF-8: %v, want a validation error", err)
		}
		if err := db.LinkOIDC(ctx, u.ID, "https://idp", "sub\x00"); !isTextError(err) {
			t.Errorf("a subject with NUL: %v, want a validation error", err)
		}
		if err := db.CreateMailToken(ctx, "h", store.MailToken{Kind: "invite", Email: "c\x00@example.dk", Role: "viewer"}); !isTextError(err) {
			t.Errorf("an invitation to an address with NUL: %v, want a validation error", err)
		}
		if _, err := db.UserByEmail(ctx, "b\x00@example.dk"); err != store.ErrNotFound {
			t.Errorf("look-up of an address with NUL: %v, want not found", err)
		}
		if _, err := db.UserByOIDC(ctx, "https://idp", "\xff"); err != store.ErrNotFound {
			t.Errorf("look-up of a subject of invalid UTF-8: %v, want not found", err)
		}
	})
}

func isTextError(err error) bool {
	var ve *model.ValidationError
	return errors.As(err, &ve) && len(ve.Errors) == 1 && ve.Errors[0].Code == model.CodeText
}

// TestBulkValuesWithTextThatCannotBeStoredAreRefused: the bulk value writes (imports, the
// generator) refuse a NUL character or invalid UTF-8 with a validation error and write
// nothing, on both engines (PostgreSQL failed halfway, SQLite kept it).
func TestBulkValuesWithTextThatCannotBeStoredAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		ind, err := db.Create(ctx, model.Indicators, model.Record{"code": "co2", "name_da": "CO2", "unit": "t", "direction": "lower", "owner_plan_id": f.plan})
		if err != nil {
			t.Fatal(err)
		}
		row := func(period string, note any) model.Record {
			return model.Record{"indicator_id": ind.ID(), "organisation_id": f.kbh, "period": period, "period_kind": "year",
				"period_year": int64(2020), "breakdown": "", "value": 1.0, "note": note}
		}
		for name, write := range map[string]func(tx *store.Tx, rows []model.Record) error{
			"insert": func(tx *store.Tx, rows []model.Record) error { return tx.InsertValues(ctx, rows) },
			"upsert": func(tx *store.Tx, rows []model.Record) error { return tx.UpsertValues(ctx, rows) },
		} {
			for _, bad := range []string{"rettet\x00", "\xff"} {
				err := db.Tx(ctx, func(tx *store.Tx) error { return write(tx, []model.Record{row("2020", nil), row("2021", bad)}) })
				if !isTextError(err) {
					t.Errorf("%s with note %q: %v, want a validation error", name, bad, err)
				}
			}
		}
		if n, _ := db.Count(ctx, model.IndicatorValues); n != 0 {
			t.Errorf("%d values stored", n)
		}
	})
}
