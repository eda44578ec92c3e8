package demo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"testing"

	"klimaspor/internal/api"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestLoadProcurement: the example spend factors and spend load once (a second load adds
// nothing), every row a marked example with the example source, and GET
// /emissions/procurement answers for København 2023 with the hand-computed total:
// food 500 M DKK × 0.25 + IT 1,000 M × 0.06 + construction 2,500 M × 0.08 + vehicles 200 M ×
// 0.10 + services 3,500 M × 0.02 kg/DKK = 125,000 + 60,000 + 200,000 + 20,000 + 70,000 =
// 475,000 t CO2e.
func TestLoadProcurement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := demo.LoadProcurement(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		spend := all(t, db, model.ProcurementSpend, nil)
		factors := all(t, db, model.SpendFactors, nil)
		if len(spend) != 15 || len(factors) != 5 {
			t.Fatalf("%d spend lines and %d factors, want 15 (5 for each of 3 municipalities) and 5", len(spend), len(factors))
		}
		for _, r := range spend {
			if l := model.AsSpendLine(r); !l.Example() || l.Source() == "" || l.Year() != 2023 {
				t.Errorf("spend %v is not a marked 2023 example with a source", r)
			}
		}
		for _, r := range factors {
			if f := model.AsSpendFactor(r); !f.Example() || f.Source() == "" || f.FactorSet() != demo.ExampleSpendFactorSet {
				t.Errorf("factor %v is not a marked example of the set %s with a source", r, demo.ExampleSpendFactorSet)
			}
		}
		kbh := all(t, db, model.Organisations, map[string]string{"code": "101"})
		if len(kbh) != 1 {
			t.Fatalf("København: %v", kbh)
		}
		srv := httptest.NewServer(api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test").Handler())
		defer srv.Close()
		resp, err := srv.Client().Get(fmt.Sprintf("%s/api/v1/emissions/procurement?organisation=%d&year=2023", srv.URL, kbh[0].ID()))
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Set   string  `json:"factor_set"`
			Total float64 `json:"total_t_co2e"`
			Lines []struct {
				Factor struct {
					Source string `json:"source"`
				} `json:"factor"`
			} `json:"lines"`
			Note string `json:"note"`
		}
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("København: %d %v", resp.StatusCode, err)
		}
		if math.Abs(res.Total-475000) > 1e-6 || len(res.Lines) != 5 || res.Set != demo.ExampleSpendFactorSet || res.Note == "" {
			t.Errorf("København 2023: %+v, want 475,000 t from 5 lines of the set eksempel, with a note", res)
		}
		for _, l := range res.Lines {
			if l.Factor.Source != model.AsSpendFactor(factors[0]).Source() {
				t.Errorf("a line's factor source %q is not the example source", l.Factor.Source)
			}
		}
	})
}
