package crossplan_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/sitetest"
)

// historyCSV reads the history page's export for the query: count by day and theme name.
func historyCSV(t *testing.T, s site, query string) (map[string]map[string]int, []string) {
	t.Helper()
	o := sitetest.Fetch(t, s.web+"/paa-tvaers?"+query, sitetest.ActDA, "")
	if o.Status != 200 {
		t.Fatalf("overview: %d", o.Status)
	}
	// The overview links to the history of its group, base and day.
	want := `href="/paa-tvaers/udvikling?`
	if !strings.Contains(o.Body, want) {
		t.Fatalf("the overview has no link %s", want)
	}
	f := sitetest.Fetch(t, s.web+"/paa-tvaers/udvikling?"+query, sitetest.ActDA, "")
	if f.Status != 200 {
		t.Fatalf("page: %d", f.Status)
	}
	if !strings.Contains(f.Body, "<h1>Sådan er dækningen vokset</h1>") || !strings.Contains(f.Body, "<svg") {
		t.Fatal("no history page with a chart")
	}
	links := sitetest.ExportLinks(t, f.Body)
	href, ok := links["paa_tvaers_historik.csv"]
	if !ok {
		t.Fatalf("no history CSV link: %v", links)
	}
	if _, ok := links["paa_tvaers_historik.xlsx"]; !ok {
		t.Error("no history XLSX link")
	}
	c := sitetest.Fetch(t, s.web+href, sitetest.ActDA, "")
	if c.Status != 200 {
		t.Fatalf("CSV: %d", c.Status)
	}
	recs := sitetest.ReadCSV(t, c.Body, ';')
	if len(recs) < 2 || recs[0][0] != "Dato" || recs[0][3] != "Antal kommuner" {
		t.Fatalf("CSV header %q, %d lines", recs[0], len(recs))
	}
	out := map[string]map[string]int{}
	var days []string
	for _, r := range recs[1:] {
		n, err := strconv.Atoi(r[3])
		if err != nil {
			t.Fatalf("count %q: %v", r[3], err)
		}
		if out[r[0]] == nil {
			out[r[0]] = map[string]int{}
			days = append(days, r[0])
		}
		out[r[0]][r[1]] = n
	}
	return out, days
}

// TestHistoryMatchesPastDays: every point of the history page (its export) equals the
// coverage the API rebuilds for that day alone (at=), the last point is today's; then an
// action dated between two points, in a plan adopted by then, raises the count from the
// later point on and leaves the earlier one.
func TestHistoryMatchesPastDays(t *testing.T) {
	s := start(t)
	ctx := context.Background()
	region := orgID(t, s.db, "region", "1084")
	tree, err := s.db.ThemeTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	idOf := map[string]int64{}
	for _, th := range tree.Themes() {
		idOf[th.NameDA] = th.ID
	}
	query := fmt.Sprintf("gruppe=%d&grundlag=vedtaget", region)
	hist, days := historyCSV(t, s, query)
	if len(days) < 3 {
		t.Fatalf("history has %d days: %v", len(days), days)
	}
	if days[len(days)-1] != store.Today() {
		t.Errorf("last day %s, want today %s", days[len(days)-1], store.Today())
	}
	for _, day := range days {
		a := coverageAPI(t, s, fmt.Sprintf("group=%d&at=%s", region, day))
		byID := map[int64]int{}
		for _, th := range a.Themes {
			byID[th.ThemeID] = th.Count
		}
		for name, n := range hist[day] {
			if byID[idOf[name]] != n {
				t.Errorf("%s, %s: history %d, at= %d", day, name, n, byID[idOf[name]])
			}
		}
	}
	// A charted theme and a member counted without it at the point before the last two and
	// still without it today (so with an adopted plan then, and a count the action raises).
	before, after := days[len(days)-3], days[len(days)-2]
	lacks := func(day string) map[int64]map[int64]bool {
		out := map[int64]map[int64]bool{}
		for _, th := range coverageAPI(t, s, fmt.Sprintf("group=%d&at=%s", region, day)).Themes {
			out[th.ThemeID] = map[int64]bool{}
			for _, m := range th.Without {
				out[th.ThemeID][m] = true
			}
		}
		return out
	}
	then, now := lacks(before), lacks(store.Today())
	var theme, muni int64
	var name string
	for n := range hist[before] {
		for m := range then[idOf[n]] {
			if now[idOf[n]][m] && (theme == 0 || n < name) {
				theme, muni, name = idOf[n], m, n
			}
		}
	}
	if theme == 0 {
		t.Fatalf("no charted theme lacks a member on %s and today", before)
	}
	page, err := s.db.List(ctx, model.Plans, model.ListQuery{Filters: map[string]string{"organisation": strconv.FormatInt(muni, 10)}, Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var plan int64
	for _, p := range model.AsPlans(page.Items) {
		if p.Status() == "adopted" && p.Published() {
			plan = p.ID()
		}
	}
	if plan == 0 {
		t.Fatalf("municipality %d has no adopted plan", muni)
	}
	day, _ := time.Parse(time.DateOnly, before)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		tx.AsOf(day.Add(36 * time.Hour)) // the day after the earlier point
		_, err := tx.Create(ctx, model.Actions, model.Record{"plan_id": plan, "title": "Ny indsats", "sector": "transport", "organisation_id": muni,
			"status": "planned", "theme_ids": []int64{theme}, "published": true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hist2, _ := historyCSV(t, s, query)
	if hist2[before][name] != hist[before][name] {
		t.Errorf("%s on %s: %d, was %d; the action came later", name, before, hist2[before][name], hist[before][name])
	}
	for _, d := range []string{after, store.Today()} {
		if hist2[d][name] != hist[d][name]+1 {
			t.Errorf("%s on %s: %d, want %d+1", name, d, hist2[d][name], hist[d][name])
		}
	}
}
