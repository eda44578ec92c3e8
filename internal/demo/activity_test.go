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
)

// TestLoadActivityData: the example activity data load once (a second load adds nothing),
// every line is a marked example with the example source, and GET /emissions/calculated
// answers for each of the three municipalities in 2018 with a total that is the sum of its
// lines and of the size the Energy Agency's accounts give their energy and transport.
func TestLoadActivityData(t *testing.T) {
	ctx := context.Background()
	db := loaded(t)
	for range 2 {
		if err := demo.LoadActivityData(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	lines := all(t, db, model.ActivityData, nil)
	if len(lines) != 21 {
		t.Fatalf("%d example lines, want 21 (7 for each of 3 municipalities)", len(lines))
	}
	for _, r := range lines {
		if l := model.AsActivityLine(r); !l.Example() || l.Source() == "" || l.Year() != 2018 {
			t.Errorf("line %v is not a marked 2018 example with a source", r)
		}
	}
	srv := httptest.NewServer(api.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), "test").Handler())
	defer srv.Close()
	// The accounts' energy + transport in 2018, t CO2e (data/klimaregnskab_by_kommune_2018_2023.csv).
	accounts := map[string]float64{"101": 1279927.9 + 277857.3, "165": 60328.0 + 45456.5, "159": 217645.6 + 84543.7}
	for code, acc := range accounts {
		orgs := all(t, db, model.Organisations, map[string]string{"code": code})
		if len(orgs) != 1 {
			t.Fatalf("municipality %s: %v", code, orgs)
		}
		resp, err := srv.Client().Get(fmt.Sprintf("%s/api/v1/emissions/calculated?organisation=%d&year=2018", srv.URL, orgs[0].ID()))
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Total float64 `json:"total_t_co2e"`
			Lines []struct {
				TCO2e float64 `json:"t_co2e"`
			} `json:"lines"`
		}
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", code, resp.StatusCode, err)
		}
		sum := 0.0
		for _, l := range res.Lines {
			sum += l.TCO2e
		}
		if len(res.Lines) != 7 || math.Abs(sum-res.Total) > 1e-6 {
			t.Errorf("%s: %d lines summing to %v, total %v", code, len(res.Lines), sum, res.Total)
		}
		t.Logf("%s: calculated %.0f t CO2e, the accounts' energy and transport %.0f", code, res.Total, acc)
		if res.Total < acc/2 || res.Total > acc*1.5 {
			t.Errorf("%s: %v t CO2e is not of the size of the accounts' %v", code, res.Total, acc)
		}
	}
}
