package demo_test

import (
	"context"
	"slices"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestLoadNetworks (both engines): Klimaalliancen loads once (a second load adds nothing),
// a network whose members are the demo's 98 municipalities, and as a coverage group it is
// those 98.
func TestLoadNetworks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := demo.LoadNetworks(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		page, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "network"}, Limit: store.MaxLimit})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("networks: %v %v; want one", page.Items, err)
		}
		net := model.AsOrganisation(page.Items[0])
		if net.Code() != demo.NetworkKlimaalliancen || net.Name("da") != "Klimaalliancen" {
			t.Errorf("network %v", net.Record)
		}
		munis, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, m := range munis.Items {
			want = append(want, m.ID())
		}
		slices.Sort(want)
		if len(want) != 98 || !slices.Equal(net.MemberIDs(), want) {
			t.Errorf("%d members, want the %d municipalities", len(net.MemberIDs()), len(want))
		}
		if got, err := db.GroupMembers(ctx, net.ID()); err != nil || !slices.Equal(got, want) {
			t.Errorf("the group's members: %d, %v", len(got), err)
		}
	})
}
