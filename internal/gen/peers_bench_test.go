package gen_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
)

// BenchmarkPeers: the peer comparison at national scale (98 municipalities, 19,600 actions,
// 30 themes), a municipality and its five most similar against the nation (every member's
// coverage, accounts and figures), uncached: GET /api/v1/peers with the answer cache off, and
// the page /paa-tvaers/sammenlign with the page cache off. The data set is BenchmarkCoverage's
// (coverageDB) with one release of the accounts added when it has none: each municipality's
// five sectors in one year, from its population and a per-inhabitant figure that varies by
// municipality, so that Similar has spread to measure by.
func BenchmarkPeers(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db, nation := coverageDB(b, engine)
			addRelease(b, db)
			munis := all(b, db, model.Organisations, map[string]string{"kind": "municipality"})
			first := model.AsOrganisation(munis[len(munis)/2])
			srv := api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "bench")
			srv.SetCache(0)
			ah := srv.Handler()
			ws, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			ws.SetCache(0)
			wh := ws.Handler()
			b.Run("api-nation", func(b *testing.B) {
				url := fmt.Sprintf("/api/v1/peers?organisation=%d&similar=5&group=%d", first.ID(), nation)
				for b.Loop() {
					if !serveOne(b, ah, url) {
						return
					}
				}
			})
			b.Run("page-nation", func(b *testing.B) {
				url := fmt.Sprintf("/paa-tvaers/sammenlign?kommune=%s&lignende=5&gruppe=%d", first.Code(), nation)
				for b.Loop() {
					if !serveOne(b, wh, url) {
						return
					}
				}
			})
		})
	}
}

// addRelease stores a release of the accounts for every municipality, unless one is stored.
func addRelease(b *testing.B, db *store.DB) {
	ctx := context.Background()
	if _, err := db.Release(ctx, 0); err == nil {
		return
	} else if !errors.Is(err, store.ErrNotFound) {
		b.Fatal(err)
	}
	var vals []store.EmissionValue
	for i, r := range all(b, db, model.Organisations, map[string]string{"kind": "municipality"}) {
		o := model.AsOrganisation(r)
		pop, ok := o.LatestPopulation()
		if !ok {
			continue
		}
		perInh := 2 + float64(i%9) // t CO2e per inhabitant, 2–10
		for _, sec := range model.EmissionSectors {
			vals = append(vals, store.EmissionValue{OrganisationID: o.ID(), Year: 2023, Sector: sec, TCO2e: perInh * float64(pop.Value) / float64(len(model.EmissionSectors))})
		}
	}
	if _, err := db.AddRelease(ctx, store.Release{Name: "Benchmark", Vintage: "2024-06-01", Source: "generated"}, vals); err != nil {
		b.Fatal(err)
	}
}
