package demo

import (
	"context"
	"fmt"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The demo's saved group (issue 13): the national Klimaalliance as a network whose members
// are every municipality. S001 says "All 98 Danish municipalities are part of the national
// Klimaalliance" (data/kkr_programmes.json, national_context). It is not the KKR's
// "Klimaalliancen i hovedstadsregionen", a joint project with the region's municipalities
// as participants (kkr.go). An organisation has no source field, so the source is here.

// NetworkKlimaalliancen is the code of the demo's network.
const NetworkKlimaalliancen = "KLIMAALLIANCEN"

// LoadNetworks adds Klimaalliancen with every municipality stored as a member, unless an
// organisation with its code is there already. It runs after Load, not inside it, as the
// other later loaders do: Load also runs on an older schema in a migration test, where a
// network cannot be stored.
func LoadNetworks(ctx context.Context, db *store.DB) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		have, err := tx.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": NetworkKlimaalliancen}, Limit: 1})
		if err != nil || len(have.Items) > 0 {
			return err
		}
		members := []int64{}
		q := model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: store.MaxLimit}
		for {
			page, err := tx.List(ctx, model.Organisations, q)
			if err != nil {
				return fmt.Errorf("demo: Klimaalliancen's members: %w", err)
			}
			for _, m := range page.Items {
				members = append(members, m.ID())
			}
			if q.Cursor = page.NextCursor; q.Cursor == "" {
				break
			}
		}
		if len(members) == 0 {
			return fmt.Errorf("demo: Klimaalliancen: no municipalities loaded")
		}
		if _, err := tx.Create(ctx, model.Organisations, model.Record{"kind": "network", "code": NetworkKlimaalliancen,
			"name_da": "Klimaalliancen", "name_en": "The Climate Alliance", "member_ids": members}); err != nil {
			return fmt.Errorf("demo: Klimaalliancen: %w", err)
		}
		return nil
	})
}
