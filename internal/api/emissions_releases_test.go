package api_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestEmissionReleasesThroughTheAPI: the releases list newest first; an inventory answers a
// municipality's figures and a region's and the nation's sums (hand computed), of the newest
// release or the one asked for, in the document's shape; a missing or malformed organisation
// is 400, an unknown organisation or release 404, as is an inventory before any release.
func TestEmissionReleasesThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClient(t, db)
		mk := func(rec model.Record) int64 {
			t.Helper()
			out, err := db.Create(ctx, model.Organisations, rec)
			if err != nil {
				t.Fatal(err)
			}
			return out.ID()
		}
		nation := mk(model.Record{"kind": "country", "code": "DK", "name_da": "Danmark", "name_en": "Denmark"})
		region := mk(model.Record{"kind": "region", "code": "1084", "name_da": "Region Hovedstaden", "parent_id": nation})
		kbh := mk(model.Record{"kind": "municipality", "code": "101", "name_da": "København", "parent_id": region})
		alb := mk(model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund", "parent_id": region})

		if got := c.json("GET", "/api/v1/emissions/releases", "", 200); len(got["items"].([]any)) != 0 {
			t.Errorf("releases of an empty database: %v", got)
		}
		e := c.json("GET", fmt.Sprintf("/api/v1/emissions/inventory?organisation=%d", kbh), "", 404)
		if e["field"] != "release" {
			t.Errorf("inventory before any release: %v; want 404 on release", e)
		}

		first, err := db.AddRelease(ctx, store.Release{Name: "Regnskab 2023", Vintage: "2025-05-01", Source: "Energistyrelsen", Note: "første"}, []store.EmissionValue{
			{OrganisationID: kbh, Year: 2023, Sector: "energi", TCO2e: 1000.5}, {OrganisationID: kbh, Year: 2023, Sector: "landbrug", TCO2e: -10},
			{OrganisationID: alb, Year: 2023, Sector: "energi", TCO2e: 200}, {OrganisationID: alb, Year: 2022, Sector: "transport", TCO2e: 50.25},
		})
		if err != nil {
			t.Fatal(err)
		}
		second, err := db.AddRelease(ctx, store.Release{Name: "Regnskab 2023, genberegnet", Vintage: "2026-05-18", Source: "Energistyrelsen"}, []store.EmissionValue{
			{OrganisationID: kbh, Year: 2023, Sector: "energi", TCO2e: 900}, {OrganisationID: alb, Year: 2023, Sector: "energi", TCO2e: 100},
		})
		if err != nil {
			t.Fatal(err)
		}
		items := c.json("GET", "/api/v1/emissions/releases", "", 200)["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["id"] != float64(second.ID) || items[1].(map[string]any)["note"] != "første" {
			t.Errorf("releases %v; want the second, then the first", items)
		}

		// year → total and sector → tonnes of an answer.
		read := func(path string) (map[string]any, map[float64]float64, map[float64]map[string]float64) {
			t.Helper()
			got := c.json("GET", path, "", 200)
			tot, sec := map[float64]float64{}, map[float64]map[string]float64{}
			for _, y := range got["years"].([]any) {
				y := y.(map[string]any)
				yr := y["year"].(float64)
				tot[yr] = y["total_t_co2e"].(float64)
				sec[yr] = map[string]float64{}
				for _, s := range y["sectors"].([]any) {
					s := s.(map[string]any)
					sec[yr][s["sector"].(string)] = s["t_co2e"].(float64)
				}
			}
			return got, tot, sec
		}
		for _, tc := range []struct {
			what    string
			org     int64
			release int64
			want    int64 // the release answered
			total   map[float64]float64
			sectors map[float64]map[string]float64
		}{
			{"København, newest", kbh, 0, second.ID, map[float64]float64{2023: 900}, map[float64]map[string]float64{2023: {"energi": 900}}},
			{"København, first", kbh, first.ID, first.ID, map[float64]float64{2023: 990.5}, map[float64]map[string]float64{2023: {"energi": 1000.5, "landbrug": -10}}},
			{"the region, first", region, first.ID, first.ID, map[float64]float64{2022: 50.25, 2023: 1190.5},
				map[float64]map[string]float64{2022: {"transport": 50.25}, 2023: {"energi": 1200.5, "landbrug": -10}}},
			{"the nation, newest", nation, 0, second.ID, map[float64]float64{2023: 1000}, map[float64]map[string]float64{2023: {"energi": 1000}}},
		} {
			path := fmt.Sprintf("/api/v1/emissions/inventory?organisation=%d", tc.org)
			if tc.release != 0 {
				path += fmt.Sprintf("&release=%d", tc.release)
			}
			got, tot, sec := read(path)
			if got["organisation_id"] != float64(tc.org) || got["release"].(map[string]any)["id"] != float64(tc.want) {
				t.Errorf("%s: organisation %v, release %v; want %d, %d", tc.what, got["organisation_id"], got["release"], tc.org, tc.want)
			}
			if fmt.Sprint(tot) != fmt.Sprint(tc.total) || fmt.Sprint(sec) != fmt.Sprint(tc.sectors) {
				t.Errorf("%s: totals %v sectors %v; want %v %v", tc.what, tot, sec, tc.total, tc.sectors)
			}
		}

		for _, tc := range []struct {
			query  string
			status int
			field  string
		}{
			{"", 400, "organisation"},
			{"?release=1", 400, "organisation"},
			{"?organisation=abc", 400, "organisation"},
			{"?organisation=0", 400, "organisation"},
			{fmt.Sprintf("?organisation=%d&release=x", kbh), 400, "release"},
			{fmt.Sprintf("?organisation=%d&year=2023", kbh), 400, "year"},
			{fmt.Sprintf("?organisation=%d&organisation=%d", kbh, alb), 400, "organisation"},
			{fmt.Sprintf("?organisation=%d", alb+100), 404, "organisation"},
			{fmt.Sprintf("?organisation=%d&release=%d", kbh, second.ID+100), 404, "release"},
		} {
			e := c.json("GET", "/api/v1/emissions/inventory"+tc.query, "", tc.status)
			if e["field"] != tc.field {
				t.Errorf("inventory%s: field %v, want %s (%v)", tc.query, e["field"], tc.field, e)
			}
		}
		c.json("GET", "/api/v1/emissions/releases?limit=3", "", 400)
	})
}

// TestDemoNationThroughTheAPI: the demo's nation answers its 2023 total, 34.04 Mt CO2e, and
// a region as the sum of its municipalities.
func TestDemoNationThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := demo.LoadRelease(ctx, db); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, db)
		id := func(code string) int64 {
			p, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": code}, Limit: 1})
			if err != nil || len(p.Items) != 1 {
				t.Fatalf("organisation %s: %v", code, err)
			}
			return p.Items[0].ID()
		}
		total := func(org int64, year float64) float64 {
			t.Helper()
			got := c.json("GET", fmt.Sprintf("/api/v1/emissions/inventory?organisation=%d", org), "", 200)
			for _, y := range got["years"].([]any) {
				if y := y.(map[string]any); y["year"] == year {
					return y["total_t_co2e"].(float64)
				}
			}
			t.Fatalf("organisation %d has no %v", org, year)
			return 0
		}
		if n := total(id("DK"), 2023); math.Abs(n-34039454) > 1 {
			t.Errorf("the nation in 2023: %.1f t, want 34,039,454 t", n)
		}
		// Region Hovedstaden is its 29 municipalities; check against them one by one.
		page, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"parent": fmt.Sprint(id("1084"))}, Limit: store.MaxLimit})
		if err != nil || len(page.Items) != 29 {
			t.Fatalf("Region Hovedstaden's municipalities: %d %v", len(page.Items), err)
		}
		sum := 0.0
		for _, m := range page.Items {
			sum += total(m.ID(), 2022)
		}
		if r := total(id("1084"), 2022); math.Abs(r-sum) > 0.01 {
			t.Errorf("Region Hovedstaden 2022: %.3f t, its municipalities %.3f t", r, sum)
		}
	})
}
