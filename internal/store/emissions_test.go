package store_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// emissionFixture is a small directory: the nation, two regions, three municipalities (two
// in the first region) and a partner outside them.
type emissionFixture struct {
	nation, regionA, regionB, m1, m2, m3, partner int64
}

func newEmissionFixture(t *testing.T, db *store.DB) emissionFixture {
	t.Helper()
	ctx := context.Background()
	mk := func(rec model.Record) int64 {
		t.Helper()
		out, err := db.Create(ctx, model.Organisations, rec)
		if err != nil {
			t.Fatalf("create %v: %v", rec, err)
		}
		return out.ID()
	}
	var f emissionFixture
	f.nation = mk(model.Record{"kind": "country", "code": "DK", "name_da": "Danmark"})
	f.regionA = mk(model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden", "parent_id": f.nation})
	f.regionB = mk(model.Record{"kind": "region", "code": "1085", "name_da": "Region Sjælland", "parent_id": f.nation})
	f.m1 = mk(model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": f.regionA})
	f.m2 = mk(model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": f.regionA})
	f.m3 = mk(model.Record{"kind": "municipality", "code": "259", "name_da": "Køge", "parent_id": f.regionB})
	f.partner = mk(model.Record{"kind": "partner", "code": "ENS", "name_da": "Energistyrelsen"})
	return f
}

func ev(org int64, year int, sector string, t float64) store.EmissionValue {
	return store.EmissionValue{OrganisationID: org, Year: year, Sector: sector, TCO2e: t}
}

// totals reads an inventory as year → total and year → sector → tonnes.
func totals(t *testing.T, db *store.DB, org, release int64) (store.Inventory, map[int]float64, map[int]map[string]float64) {
	t.Helper()
	inv, err := db.Inventory(context.Background(), org, release)
	if err != nil {
		t.Fatalf("inventory of %d in release %d: %v", org, release, err)
	}
	tot, sec := map[int]float64{}, map[int]map[string]float64{}
	for _, y := range inv.Years {
		tot[y.Year] = y.TotalTCO2e
		sec[y.Year] = map[string]float64{}
		sum := 0.0
		for _, s := range y.Sectors {
			sec[y.Year][s.Sector] = s.TCO2e
			sum += s.TCO2e
		}
		if math.Abs(sum-y.TotalTCO2e) > 1e-6 {
			t.Errorf("organisation %d, %d: sectors sum to %v, total %v", org, y.Year, sum, y.TotalTCO2e)
		}
	}
	return inv, tot, sec
}

// TestReleasesAndInventory: a municipality's inventory is its own figures by year and sector
// with their sum; a region's and the nation's are the sums of their municipalities' (hand
// computed); a second release of the same years is stored beside the first, which stays as
// it was, and is the default; the releases list newest first.
func TestReleasesAndInventory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEmissionFixture(t, db)
		if _, err := db.Inventory(ctx, f.m1, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("inventory without a release: %v, want not found", err)
		}
		first, err := db.AddRelease(ctx, store.Release{Name: " Regnskab 2022–2023 ", Vintage: "2025-05-01", Source: "Energistyrelsen"}, []store.EmissionValue{
			ev(f.m1, 2022, "energi", 100.5), ev(f.m1, 2022, "transport", 50), ev(f.m1, 2023, "energi", 90), ev(f.m1, 2023, "landbrug", -1.5),
			ev(f.m2, 2022, "energi", 10), ev(f.m2, 2023, "affald", 2.25),
			ev(f.m3, 2023, "industri", 7),
		})
		if err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 || first.Name != "Regnskab 2022–2023" || first.CreatedAt == "" {
			t.Errorf("stored release %+v", first)
		}
		want := []struct {
			what  string
			org   int64
			total map[int]float64
			sec   map[int]map[string]float64
		}{
			{"København", f.m1, map[int]float64{2022: 150.5, 2023: 88.5},
				map[int]map[string]float64{2022: {"energi": 100.5, "transport": 50}, 2023: {"energi": 90, "landbrug": -1.5}}},
			{"the region of two", f.regionA, map[int]float64{2022: 160.5, 2023: 90.75},
				map[int]map[string]float64{2022: {"energi": 110.5, "transport": 50}, 2023: {"energi": 90, "landbrug": -1.5, "affald": 2.25}}},
			{"the region of one", f.regionB, map[int]float64{2023: 7}, map[int]map[string]float64{2023: {"industri": 7}}},
			{"the nation", f.nation, map[int]float64{2022: 160.5, 2023: 97.75},
				map[int]map[string]float64{2022: {"energi": 110.5, "transport": 50}, 2023: {"energi": 90, "landbrug": -1.5, "affald": 2.25, "industri": 7}}},
			{"a partner, with no municipalities", f.partner, map[int]float64{}, map[int]map[string]float64{}},
		}
		check := func(release int64, wantRelease int64) {
			t.Helper()
			for _, w := range want {
				inv, tot, sec := totals(t, db, w.org, release)
				if inv.Release.ID != wantRelease || inv.OrganisationID != w.org {
					t.Errorf("%s: release %d, organisation %d; want %d, %d", w.what, inv.Release.ID, inv.OrganisationID, wantRelease, w.org)
				}
				if !mapsEqual(tot, w.total) {
					t.Errorf("%s: totals %v, want %v", w.what, tot, w.total)
				}
				for y, s := range w.sec {
					if !mapsEqual(sec[y], s) {
						t.Errorf("%s %d: sectors %v, want %v", w.what, y, sec[y], s)
					}
				}
			}
		}
		check(0, first.ID)
		inv, _, _ := totals(t, db, f.regionA, 0)
		if got := inv.Years[1].Sectors; len(got) != 3 || got[0].Sector != "energi" || got[1].Sector != "landbrug" || got[2].Sector != "affald" {
			t.Errorf("sectors out of the accounts' order: %+v", got)
		}

		// The agency recalculates 2023: a new release beside the first.
		second, err := db.AddRelease(ctx, store.Release{Name: "Regnskab 2023, genberegnet", Vintage: "2026-05-18", Source: "Energistyrelsen"}, []store.EmissionValue{
			ev(f.m1, 2023, "energi", 80), ev(f.m2, 2023, "affald", 2), ev(f.m3, 2023, "industri", 6),
		})
		if err != nil {
			t.Fatal(err)
		}
		check(first.ID, first.ID)
		_, tot, _ := totals(t, db, f.nation, 0)
		if !mapsEqual(tot, map[int]float64{2023: 88}) {
			t.Errorf("the newest release's nation: %v, want 2023: 88", tot)
		}
		if inv, _ := db.Inventory(ctx, f.nation, 0); inv.Release.ID != second.ID {
			t.Errorf("default release %d, want the newest %d", inv.Release.ID, second.ID)
		}
		rels, err := db.Releases(ctx)
		if err != nil || len(rels) != 2 || rels[0].ID != second.ID || rels[1].ID != first.ID {
			t.Errorf("releases %+v %v; want the second, then the first", rels, err)
		}
		if _, err := db.Inventory(ctx, f.m1, second.ID+100); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("inventory of an unknown release: %v, want not found", err)
		}
		if _, err := db.Inventory(ctx, f.partner+100, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("inventory of an unknown organisation: %v, want not found", err)
		}
		entries, err := db.Audit(ctx, store.AuditQuery{Resource: "emission-releases"})
		if err != nil || len(entries) != 2 || entries[0].RecordID != second.ID || entries[0].Op != "import" || !strings.Contains(entries[0].Summary, "3 values") {
			t.Errorf("audit %+v %v; want one import entry per release", entries, err)
		}
	})
}

func mapsEqual[K comparable](a, b map[K]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || math.Abs(v-w) > 1e-9 {
			return false
		}
	}
	return true
}

// TestAddReleaseAllOrNothing: a release with one bad row stores nothing (no release, no
// value, no audit entry), and the error names the row; an editor may not add a release, the
// secretariat may.
func TestAddReleaseAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEmissionFixture(t, db)
		good := []store.EmissionValue{ev(f.m1, 2023, "energi", 1), ev(f.m2, 2023, "energi", 2)}
		rel := store.Release{Name: "R", Vintage: "2026-05-18", Source: "Energistyrelsen"}
		for _, tc := range []struct {
			what  string
			rel   store.Release
			bad   store.EmissionValue
			field string
		}{
			{"a total", rel, ev(f.m3, 2023, "total", 3), "values[2].sector"},
			{"an unknown sector", rel, ev(f.m3, 2023, "kemiske_processer", 3), "values[2].sector"},
			{"a region's figure", rel, ev(f.regionA, 2023, "energi", 3), "values[2].organisation_id"},
			{"an unknown organisation", rel, ev(f.partner+100, 2023, "energi", 3), "values[2].organisation_id"},
			{"a year out of range", rel, ev(f.m3, 1800, "energi", 3), "values[2].year"},
			{"not a number", rel, ev(f.m3, 2023, "energi", math.NaN()), "values[2].t_co2e"},
			{"a row twice", rel, ev(f.m1, 2023, "energi", 3), "values[2].sector"},
			{"no vintage", store.Release{Name: "R", Source: "S"}, ev(f.m3, 2023, "energi", 3), "vintage"},
			{"no name", store.Release{Vintage: "2026-05-18", Source: "S"}, ev(f.m3, 2023, "energi", 3), "name"},
		} {
			_, err := db.AddRelease(ctx, tc.rel, append(append([]store.EmissionValue{}, good...), tc.bad))
			var ve *model.ValidationError
			if !errors.As(err, &ve) || len(ve.Errors) == 0 || ve.Errors[0].Field != tc.field {
				t.Errorf("%s: %v; want invalid %s", tc.what, err, tc.field)
			}
		}
		if rels, err := db.Releases(ctx); err != nil || len(rels) != 0 {
			t.Errorf("after refused releases: %+v %v; want none", rels, err)
		}
		if n := db.CountForTest(t, "emission_values"); n != 0 {
			t.Errorf("%d values stored by refused releases", n)
		}
		if entries, _ := db.Audit(ctx, store.AuditQuery{Resource: "emission-releases"}); len(entries) != 0 {
			t.Errorf("audit entries of refused releases: %+v", entries)
		}

		as := func(role string, org int64) context.Context {
			u, err := db.CreateUser(ctx, store.User{Email: role + "@example.dk", Memberships: []store.Membership{{Role: role, OrganisationID: org}}})
			if err != nil {
				t.Fatal(err)
			}
			p := &auth.Principal{User: u}
			return store.WithActor(ctx, store.Actor{UserID: u.ID, Channel: store.ChannelAPI, Guard: auth.Guard(p)})
		}
		if _, err := db.AddRelease(as(auth.RoleEditor, f.m1), rel, good[:1]); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("an editor of København adds its figures: %v, want forbidden", err)
		}
		if rels, _ := db.Releases(ctx); len(rels) != 0 {
			t.Errorf("an editor's release was stored: %+v", rels)
		}
		secr := as(auth.RoleSecretariat, 0)
		r, err := db.AddRelease(secr, rel, good)
		if err != nil {
			t.Fatalf("the secretariat adds a release: %v", err)
		}
		if r.CreatedBy == 0 {
			t.Errorf("release %+v names nobody", r)
		}
		if rels, _ := db.Releases(ctx); len(rels) != 1 || rels[0].CreatedBy != r.CreatedBy {
			t.Errorf("releases %+v; want the secretariat's", rels)
		}
	})
}
