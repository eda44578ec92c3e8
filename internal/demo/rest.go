package demo

import (
	"context"
	"time"

	"klimaspor/internal/store"
)

// LoadRest loads what the demo serves beside Load's data set, each part only where it is
// missing, so that it runs on every start: the sign-in accounts, the energy and CO2
// accounts' first release, the reporting rounds (two past ones and one open on today), the
// emission targets, activity data, consumption footprints, procurement spend, the
// Klimaalliancen network, the theme-suggestion examples and the knowledge library. The demo
// command and tests that need the whole demo (internal/backup's) call it after Load.
func LoadRest(ctx context.Context, db *store.DB, today time.Time) error {
	for _, load := range []func(context.Context, *store.DB) error{
		LoadAccounts,
		// The energy and CO2 accounts 2018–2023 as the first release.
		LoadRelease,
		// The VIP programme's reporting rounds: the two past ones and one open today.
		func(ctx context.Context, db *store.DB) error { return LoadReporting(ctx, db, today) },
		// The capital-region municipalities' emission targets.
		LoadTargets,
		// Example activity data of three of them for the own calculation (2018).
		LoadActivityData,
		// The nation's example consumption footprint per inhabitant (four categories).
		LoadFootprints,
		// Example spend and spend-based factors for the procurement footprint (2023).
		LoadProcurement,
		// Klimaalliancen, a network (saved group) of every municipality, for the cross-plan overview.
		LoadNetworks,
		// Example actions without a theme in Albertslund's plan, for the theme suggestions.
		LoadThemeSuggestionExamples,
		// The knowledge library: the VIP projects' tools and materials and the final report's
		// recommendations, with two unpublished proposals of municipalities.
		LoadLibrary,
	} {
		if err := load(ctx, db); err != nil {
			return err
		}
	}
	return nil
}
