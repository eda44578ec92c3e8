package demo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"strings"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestLoadFootprints: the nation's example footprint loads once (a second load adds
// nothing), four categories of 2023 marked example with a source that says it is not
// verified, and GET /emissions/footprint answers for København with the nation's profile
// per inhabitant: 12.6 t × 632,340 inhabitants = 7,967,484 t, inherited from the nation.
func TestLoadFootprints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := demo.LoadFootprints(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		page, err := db.List(ctx, model.ConsumptionFootprints, model.ListQuery{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{"mobility": 3.1, "food": 2.5, "housing": 2.5, "goods_services": 4.5}
		if len(page.Items) != len(want) {
			t.Fatalf("%d footprint records, want 4", len(page.Items))
		}
		nations, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "country", "code": "DK"}, Limit: 1})
		if err != nil || len(nations.Items) != 1 {
			t.Fatalf("the nation: %v %v", nations.Items, err)
		}
		nation := nations.Items[0].ID()
		for _, f := range model.AsConsumptionFootprints(page.Items) {
			if f.OrganisationID() != nation || f.Year() != 2023 || !f.Example() || f.TCO2ePerPerson() != want[f.Category()] ||
				!strings.Contains(f.Source(), "ikke efterprøvet") || !strings.Contains(f.Source(), "CONCITO") || f.Method() != "Forbrugsbaseret klimaaftryk, fire kategorier (CONCITO-profil)" {
				t.Errorf("footprint record %v", f.Record)
			}
		}

		srv := httptest.NewServer(api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test").Handler())
		defer srv.Close()
		kbh, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality", "code": "101"}, Limit: 1})
		if err != nil || len(kbh.Items) != 1 {
			t.Fatalf("København: %v %v", kbh.Items, err)
		}
		resp, err := srv.Client().Get(fmt.Sprintf("%s/api/v1/emissions/footprint?organisation=%d", srv.URL, kbh.Items[0].ID()))
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Year           int     `json:"year"`
			InheritedFrom  *int64  `json:"inherited_from"`
			Population     int64   `json:"population"`
			Total          float64 `json:"total_t_co2e"`
			TotalPerPerson float64 `json:"total_t_co2e_per_person"`
			Example        bool    `json:"example"`
			Method         string  `json:"method"`
			Categories     []struct {
				Category string `json:"category"`
			} `json:"categories"`
		}
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("footprint of København: %d %v", resp.StatusCode, err)
		}
		if res.Year != 2023 || res.InheritedFrom == nil || *res.InheritedFrom != nation || res.Population != 632340 || !res.Example ||
			len(res.Categories) != 4 || !strings.HasPrefix(res.Method, "landsgennemsnit pr. indbygger") {
			t.Errorf("footprint of København %+v", res)
		}
		if math.Abs(res.TotalPerPerson-12.6) > 1e-9 || math.Abs(res.Total-7967484) > 1e-6 {
			t.Errorf("København: %v t per inhabitant, %v t in all; want 12.6 and 7,967,484", res.TotalPerPerson, res.Total)
		}
	})
}
