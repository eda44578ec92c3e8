package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestCoverageHistoryAPI changes the data over 2021 (each change dated with Tx.AsOf) and
// checks GET /api/v1/coverage/history's points, each against GET /api/v1/coverage?at= for
// the same day; a later dated change shows in the next answer (the API cache follows the
// data); bad queries are 400s.
//
//	2021-02-01  Albertslund's plan, adopted that day, with a published action of a new theme
//	2021-05-01  København's plan (the world's, adopted) gets a published action of the theme
//	2021-08-01  Albertslund's action is deleted
func TestCoverageHistoryAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		ctx := context.Background()
		at := func(day string, fn func(tx *store.Tx) error) {
			t.Helper()
			d, _ := time.Parse(time.DateOnly, day)
			if err := db.Tx(ctx, func(tx *store.Tx) error { tx.AsOf(d.Add(12 * time.Hour)); return fn(tx) }); err != nil {
				t.Fatalf("%s: %v", day, err)
			}
		}
		var theme, albAct int64
		// The world's records are from today; a plan of København's from before 2021 is
		// needed for the past: a second plan, adopted on 2021-01-05.
		var planK int64
		at("2021-01-05", func(tx *store.Tx) error {
			th, err := tx.Create(ctx, model.Themes, model.Record{"code": "food", "name_da": "Madspild"})
			if err != nil {
				return err
			}
			theme = th.ID()
			p, err := tx.Create(ctx, model.Plans, model.Record{"code": "KP-101-2021", "organisation_id": int64(w.kbh), "kind": "climate_plan", "title": "Klimaplan 2021", "status": "adopted", "adopted_on": "2021-01-05", "published": true})
			planK = p.ID()
			return err
		})
		at("2021-02-01", func(tx *store.Tx) error {
			p, err := tx.Create(ctx, model.Plans, model.Record{"code": "KP-165", "organisation_id": int64(w.alb), "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "adopted_on": "2021-02-01", "published": true})
			if err != nil {
				return err
			}
			a, err := tx.Create(ctx, model.Actions, model.Record{"plan_id": p.ID(), "title": "Madspild", "sector": "waste_wastewater", "organisation_id": int64(w.alb), "status": "planned", "theme_ids": []int64{theme}, "published": true})
			albAct = a.ID()
			return err
		})
		at("2021-05-01", func(tx *store.Tx) error {
			_, err := tx.Create(ctx, model.Actions, model.Record{"plan_id": planK, "title": "Madspild i køkkenerne", "sector": "waste_wastewater", "organisation_id": int64(w.kbh), "status": "planned", "theme_ids": []int64{theme}, "published": true})
			return err
		})
		at("2021-08-01", func(tx *store.Tx) error { return tx.Delete(ctx, model.Actions, albAct, 0) })

		points := func(path string) ([]string, []float64, []float64) {
			t.Helper()
			got := c.as("", "GET", path, "", 200)
			var days []string
			var counts, shares []float64
			for _, x := range got["themes"].([]any) {
				th := x.(map[string]any)
				if th["theme_id"].(float64) != float64(theme) {
					continue
				}
				for _, p := range th["points"].([]any) {
					pt := p.(map[string]any)
					days = append(days, pt["date"].(string))
					counts = append(counts, pt["count"].(float64))
					shares = append(shares, pt["share"].(float64))
				}
			}
			return days, counts, shares
		}
		path := fmt.Sprintf("/api/v1/coverage/history?group=%v&from=2021-01-01&to=2021-12-31", w.region)
		days, counts, shares := points(path)
		wantDays := []string{"2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31"}
		if fmt.Sprint(days) != fmt.Sprint(wantDays) || fmt.Sprint(counts) != "[1 2 1 1]" || fmt.Sprint(shares) != "[0.5 1 0.5 0.5]" {
			t.Errorf("history: days %v counts %v shares %v; want %v [1 2 1 1] [0.5 1 0.5 0.5]", days, counts, shares, wantDays)
		}
		for i, day := range days {
			one := c.as("", "GET", fmt.Sprintf("/api/v1/coverage?group=%v&at=%s", w.region, day), "", 200)
			for _, x := range one["themes"].([]any) {
				if th := x.(map[string]any); th["theme_id"].(float64) == float64(theme) && th["count"].(float64) != counts[i] {
					t.Errorf("%s: history %v, at= %v", day, counts[i], th["count"])
				}
			}
		}
		// By default from the first plan entry of a member to today: 2021-01-05 onwards.
		all := c.as("", "GET", fmt.Sprintf("/api/v1/coverage/history?group=%v", w.region), "", 200)
		if all["from"] != "2021-01-05" || all["to"] != store.Today() {
			t.Errorf("default span: from %v to %v", all["from"], all["to"])
		}
		// A later change, dated in the autumn, shows at once (through the API cache).
		at("2021-10-01", func(tx *store.Tx) error {
			_, err := tx.Create(ctx, model.Actions, model.Record{"plan_id": planK, "title": "Mere madspild", "sector": "waste_wastewater", "organisation_id": int64(w.kbh), "status": "planned", "theme_ids": []int64{theme}, "published": true})
			return err
		})
		if _, counts2, _ := points(path); fmt.Sprint(counts2) != "[1 2 1 1]" {
			t.Errorf("after a second action of København's: %v, want unchanged [1 2 1 1]", counts2)
		}
		at("2021-10-02", func(tx *store.Tx) error {
			p, err := tx.Get(ctx, model.Plans, planK)
			if err != nil {
				return err
			}
			_, err = tx.Update(ctx, model.Plans, planK, p.Version(), model.Record{"published": false})
			return err
		})
		if _, counts3, _ := points(path); fmt.Sprint(counts3) != "[1 2 1 0]" {
			t.Errorf("after København's plan was unpublished on 2021-10-02: %v, want [1 2 1 0]", counts3)
		}
		for _, bad := range []struct {
			path string
			want int
		}{
			{"/api/v1/coverage/history", 400},
			{fmt.Sprintf("/api/v1/coverage/history?group=%v&at=2021-01-01", w.region), 400},
			{fmt.Sprintf("/api/v1/coverage/history?group=%v&from=2021-13-01", w.region), 400},
			{fmt.Sprintf("/api/v1/coverage/history?group=%v&from=2022-01-01&to=2021-01-01", w.region), 400},
			{fmt.Sprintf("/api/v1/coverage/history?group=%v", w.kbh), 400},
			{"/api/v1/coverage/history?group=999999", 404},
		} {
			c.as("", "GET", bad.path, "", bad.want)
		}
		proj := c.as("", "GET", fmt.Sprintf("/api/v1/coverage/history?project=%v&from=2021-01-01&to=2021-06-30", w.project), "", 200)
		if proj["project_id"] != w.project || proj["group_id"] != nil {
			t.Errorf("project history = %v", proj)
		}
	})
}
