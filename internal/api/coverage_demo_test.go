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

// TestCoverageDemoAlignment: in the demo, coverage of Region Hovedstaden's 29 municipalities
// at the analysis day of the published cross-plan shares (2024-01-01; the shares' date is
// 2024) counts the 26 plans adopted then, and each of the eight published themes is held by
// round(26 × p / 100) of them, which gives the published whole per cent back: 58 % is 15/26
// (57.7), 77 % 20/26 (76.9), 92 % 24/26 (92.3), 81 % 21/26 (80.8), 73 % 19/26 (73.1), 65 %
// 17/26 (65.4), 88 % 23/26 (88.5). The published figures stand beside them for the region,
// dated 2024, on base adopted. Today all 29 plans count.
func TestCoverageDemoAlignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, db)
		p, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": "1084"}, Limit: 1})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("Region Hovedstaden: %v, %v", p.Items, err)
		}
		region := p.Items[0].ID()

		want := map[string]struct {
			count int
			pct   float64
		}{
			"waste.food": {15, 58}, "transport.ev": {20, 77}, "transport.charging": {24, 92}, "transport.fleet": {24, 92},
			"consumption.procurement": {21, 81}, "transport.habits": {19, 73}, "transport.carpooling": {17, 65},
			"buildings.energy-savings": {23, 88},
		}
		got := c.as("", "GET", fmt.Sprintf("/api/v1/coverage?group=%d&at=2024-01-01", region), "", 200)
		if got["members"] != 29.0 || got["counted"] != 26.0 {
			t.Errorf("at 2024-01-01: members %v, counted %v; want 29 and 26", got["members"], got["counted"])
		}
		seen := 0
		for _, x := range got["themes"].([]any) {
			th := x.(map[string]any)
			w, ok := want[th["code"].(string)]
			if !ok {
				continue
			}
			seen++
			share := th["share"].(float64)
			if th["count"] != float64(w.count) || math.Round(100*share) != w.pct {
				t.Errorf("%s: count %v, share %v; want %d (%v %%)", th["code"], th["count"], share, w.count, w.pct)
			}
			pub := th["published"].([]any)
			if len(pub) != 1 {
				t.Errorf("%s: published %v; want the one published figure", th["code"], pub)
				continue
			}
			pp := pub[0].(map[string]any)
			if pp["share"] != w.pct/100 || pp["date"] != "2024" || pp["base"] != "adopted" {
				t.Errorf("%s: published %v; want %v %%, 2024, adopted", th["code"], pp, w.pct)
			}
			if d := pp["difference"].(float64); math.Abs(d-(float64(w.count)/26-w.pct/100)) > 1e-9 || math.Abs(d) >= 0.005 {
				t.Errorf("%s: difference %v", th["code"], d)
			}
		}
		if seen != len(want) {
			t.Errorf("%d of the %d published themes in the answer", seen, len(want))
		}

		now := c.as("", "GET", fmt.Sprintf("/api/v1/coverage?group=%d", region), "", 200)
		if now["counted"] != 29.0 {
			t.Errorf("today: counted %v; want all 29", now["counted"])
		}
	})
}
