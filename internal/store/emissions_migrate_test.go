package store_test

import (
	"context"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestEmissionReleasesMigration (both engines): 00014 keeps the organisations stored before
// it and lets a country be stored; the way back refuses while a country is stored (the old
// CHECK does not know the kind), and goes once it is deleted; up again, a new organisation
// gets an id after every one used before (SQLite's AUTOINCREMENT sequence kept through the
// rebuild).
func TestEmissionReleasesMigration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.MigrateToForTest(ctx, 13, true); err != nil {
			t.Fatal(err)
		}
		// Today's store reads an organisation's members (a network's, 00020) with every
		// organisation: a stand-in table, without the references 00020 gives it, lets it
		// read and write organisations at 00013 and 00014, which is as far as this test goes.
		if err := db.ExecForTest(ctx, "CREATE TABLE organisation_members (organisation_id bigint, member_id bigint)"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Create(ctx, model.Organisations, model.Record{"kind": "country", "code": "DK", "name_da": "Danmark"}); err == nil {
			t.Fatal("a country was stored before 00014")
		}
		region, err := db.Create(ctx, model.Organisations, model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
		if err != nil {
			t.Fatal(err)
		}
		gone, err := db.Create(ctx, model.Organisations, model.Record{"kind": "other", "code": "X", "name_da": "X"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Delete(ctx, model.Organisations, gone.ID(), 0); err != nil {
			t.Fatal(err)
		}
		if err := db.MigrateToForTest(ctx, 14, false); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Get(ctx, model.Organisations, region.ID()); err != nil || got.Str("name_da") != "Region Hovedstaden" {
			t.Fatalf("the region after 00014: %v %v", got, err)
		}
		nation, err := db.Create(ctx, model.Organisations, model.Record{"kind": "country", "code": "DK", "name_da": "Danmark"})
		if err != nil {
			t.Fatalf("a country after 00014: %v", err)
		}
		if nation.ID() <= gone.ID() {
			t.Errorf("the nation got id %d; %d was used before", nation.ID(), gone.ID())
		}
		if err := db.MigrateToForTest(ctx, 13, true); err == nil {
			t.Fatal("down from 00014 with a country stored")
		}
		if err := db.Delete(ctx, model.Organisations, nation.ID(), 0); err != nil {
			t.Fatal(err)
		}
		if err := db.MigrateToForTest(ctx, 13, true); err != nil {
			t.Fatalf("down from 00014: %v", err)
		}
		if err := db.MigrateToForTest(ctx, 14, false); err != nil {
			t.Fatal(err)
		}
		again, err := db.Create(ctx, model.Organisations, model.Record{"kind": "country", "code": "DK", "name_da": "Danmark"})
		if err != nil || again.ID() <= nation.ID() {
			t.Errorf("after down and up: id %d (%v); %d was used before", again.ID(), err, nation.ID())
		}
		if rels, err := db.Releases(ctx); err != nil || len(rels) != 0 {
			t.Errorf("releases after down and up: %v %v", rels, err)
		}
	})
}
