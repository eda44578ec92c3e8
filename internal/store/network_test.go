package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestNetworkMembers (both engines): a network is a saved group of municipalities. Its
// members come back in id order as the coverage group's; a member that is not a
// municipality, members of an organisation that is not a network, and a member that stops
// being a municipality are refused on member_ids or kind; a member is not deleted while a
// network names it, and deleting the network takes its list with it.
func TestNetworkMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(r model.Record) int64 {
			t.Helper()
			out, err := db.Create(ctx, model.Organisations, r)
			if err != nil {
				t.Fatalf("create %v: %v", r, err)
			}
			return out.ID()
		}
		region := mk(model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden"})
		kbh := mk(model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
		alb := mk(model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": region})
		glo := mk(model.Record{"kind": "municipality", "code": "161", "name_da": "Glostrup", "parent_id": region})
		dn := mk(model.Record{"kind": "partner", "code": "DN", "name_da": "Danmarks Naturfredningsforening"})
		// Given out of order: the list comes back in id order.
		net := mk(model.Record{"kind": "network", "code": "KA", "name_da": "Klimaalliancen", "member_ids": []int64{glo, kbh}})

		got, err := db.GroupMembers(ctx, net)
		if err != nil || !slices.Equal(got, []int64{kbh, glo}) {
			t.Fatalf("members: %v %v; want [%d %d]", got, err, kbh, glo)
		}
		rec, err := db.Get(ctx, model.Organisations, net)
		if err != nil || !slices.Equal(model.AsOrganisation(rec).MemberIDs(), []int64{kbh, glo}) {
			t.Fatalf("stored member_ids: %v %v", rec, err)
		}
		if _, err := db.GroupMembers(ctx, dn); !errors.Is(err, store.ErrNotGroup) {
			t.Errorf("a partner as a group: %v; want ErrNotGroup", err)
		}

		refused := func(name, field string, err error) {
			t.Helper()
			var ve *model.ValidationError
			if !errors.As(err, &ve) || len(ve.Errors) != 1 || ve.Errors[0].Field != field || ve.Errors[0].Code != model.CodeRule {
				t.Errorf("%s: %v; want a rule error on %s", name, err, field)
			}
		}
		_, err = db.Update(ctx, model.Organisations, net, rec.Version(), model.Record{"member_ids": []int64{kbh, dn}})
		refused("a partner as a member", "member_ids", err)
		_, err = db.Update(ctx, model.Organisations, net, rec.Version(), model.Record{"member_ids": []int64{kbh, region}})
		refused("a region as a member", "member_ids", err)
		_, err = db.Update(ctx, model.Organisations, net, rec.Version(), model.Record{"member_ids": []int64{net}})
		refused("the network as its own member", "member_ids", err)
		_, err = db.Create(ctx, model.Organisations, model.Record{"kind": "partner", "code": "P2", "name_da": "P2", "member_ids": []int64{kbh}})
		refused("members of a partner", "member_ids", err)
		_, err = db.Update(ctx, model.Organisations, glo, 1, model.Record{"kind": "other"})
		refused("a member that stops being a municipality", "kind", err)

		// A member added counts at once.
		if _, err := db.Update(ctx, model.Organisations, net, rec.Version(), model.Record{"member_ids": []int64{kbh, alb, glo}}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.GroupMembers(ctx, net); err != nil || !slices.Equal(got, []int64{kbh, alb, glo}) {
			t.Errorf("members after adding one: %v %v", got, err)
		}
		var inUse *store.InUseError
		if err := db.Delete(ctx, model.Organisations, alb, 0); !errors.As(err, &inUse) {
			t.Errorf("deleting a member: %v; want InUseError", err)
		}
		if err := db.Delete(ctx, model.Organisations, net, 0); err != nil {
			t.Fatalf("deleting the network: %v", err)
		}
		if n := db.CountForTest(t, "organisation_members"); n != 0 {
			t.Errorf("%d member rows after the network was deleted", n)
		}
		if err := db.Delete(ctx, model.Organisations, alb, 0); err != nil {
			t.Errorf("deleting a former member: %v", err)
		}
	})
}
