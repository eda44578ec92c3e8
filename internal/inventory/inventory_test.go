package inventory_test

import (
	"context"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/emissions"
	"klimaspor/internal/inventory"
	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
)

// TestEveryDemoMunicipalityHasAPathway: after the demo's accounts and targets, each of the
// 98 municipalities has a pathway to a target ahead with a verdict, as the public reads it,
// on both engines; the capital-region ones with their own targets keep them.
func TestEveryDemoMunicipalityHasAPathway(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, engine)
			for _, load := range []func(context.Context) error{
				func(ctx context.Context) error { return demo.Load(ctx, db) },
				func(ctx context.Context) error { return demo.LoadRelease(ctx, db) },
				func(ctx context.Context) error { return demo.LoadTargets(ctx, db) },
			} {
				if err := load(ctx); err != nil {
					t.Fatal(err)
				}
			}
			munis, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if len(munis.Items) != 98 {
				t.Fatalf("%d municipalities", len(munis.Items))
			}
			verdicts := map[emissions.Verdict]int{}
			for _, m := range munis.Items {
				p, err := inventory.BuildPathway(ctx, db, auth.Public, m.ID(), inventory.Options{})
				if err != nil {
					t.Errorf("%s: %v", model.AsOrganisation(m).NameDA(), err)
					continue
				}
				verdicts[p.Verdict]++
				if len(p.Years) == 0 || p.Rule == "" || p.Release.Name == "" {
					t.Errorf("%s: pathway %+v", model.AsOrganisation(m).NameDA(), p)
				}
				if model.AsOrganisation(m).Code() == "173" && (len(p.Unused) != 1 || p.Targets[len(p.Targets)-1].Target.TargetYear != 2050) {
					t.Errorf("Lyngby-Taarbæk: targets %+v, unused %+v; want 2050 used and the 1990-based 2030 target not", p.Targets, p.Unused)
				}
			}
			t.Logf("verdicts: %v", verdicts)
		})
	}
}

// BenchmarkBuildPathway: one municipality's pathway on the demo's data (SQLite), as the
// public reads it, without any cache: what GET /api/v1/emissions/pathway costs besides HTTP.
func BenchmarkBuildPathway(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, "sqlite")
	for _, load := range []func(context.Context) error{
		func(ctx context.Context) error { return demo.Load(ctx, db) },
		func(ctx context.Context) error { return demo.LoadRelease(ctx, db) },
		func(ctx context.Context) error { return demo.LoadTargets(ctx, db) },
	} {
		if err := load(ctx); err != nil {
			b.Fatal(err)
		}
	}
	munis, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: 1000})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		if _, err := inventory.BuildPathway(ctx, db, auth.Public, munis.Items[i%len(munis.Items)].ID(), inventory.Options{}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
