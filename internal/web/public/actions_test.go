package public_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/public"
	"klimaspor/internal/web/sitetest"
)

var actionRowRE = regexp.MustCompile(`<tr><th scope="row"><a href="/indsatser/(\d+)"(?: lang="[a-z]+")?>`)

// actionIDs are the ids of the actions a list page shows, in order.
func actionIDs(t *testing.T, body string) []int64 {
	t.Helper()
	var out []int64
	for _, m := range actionRowRE.FindAllStringSubmatch(body, -1) {
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// wantActions lists, in the list's order, the actions the store has under filters: at most
// one page of them.
func wantActions(t *testing.T, s *web.Server, filters map[string]string) []int64 {
	t.Helper()
	pg, err := s.DB.List(context.Background(), model.Actions, model.ListQuery{Filters: filters, Sort: "title", Limit: public.ActionsPerPage})
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, r := range pg.Items {
		out = append(out, r.ID())
	}
	return out
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestActionsList(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh, err := s.One(ctx, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	kbhID := strconv.FormatInt(kbh.ID(), 10)
	forest, err := s.One(ctx, model.Themes, map[string]string{"code": "land.forest"})
	if err != nil {
		t.Fatal(err)
	}

	list := func(t *testing.T, query url.Values, header map[string]string, lang string) (sitetest.Fetched, []int64) {
		t.Helper()
		u := ts.URL + "/indsatser"
		if len(query) > 0 {
			u += "?" + query.Encode()
		}
		f := sitetest.Fetch(t, u, header, "")
		if f.Status != 200 {
			t.Fatalf("GET %s: status %d", u, f.Status)
		}
		sitetest.CheckPage(t, f, lang)
		return f, actionIDs(t, f.Body)
	}

	t.Run("filters", func(t *testing.T) {
		cases := []struct {
			name   string
			query  url.Values
			store  map[string]string
			check  func(model.Record) bool
			expect []string
		}{
			{"sector", url.Values{"sector": {"transport"}}, map[string]string{"sector": "transport"},
				func(r model.Record) bool { return r.Str("sector") == "transport" }, []string{`<option value="transport" selected>Transport</option>`}},
			{"organisation", url.Values{"organisation": {kbhID}}, map[string]string{"organisation": kbhID},
				func(r model.Record) bool { v, _ := r.Int("organisation_id"); return v == kbh.ID() },
				[]string{`<option value="` + kbhID + `" selected>København</option>`, "100% zero-emission buses"}},
			{"theme", url.Values{"theme": {strconv.FormatInt(forest.ID(), 10)}}, map[string]string{"theme": strconv.FormatInt(forest.ID(), 10)},
				func(r model.Record) bool { ids, _ := r["theme_ids"].([]int64); return len(ids) > 0 }, nil},
			{"joint", url.Values{"joint": {"jointly"}}, map[string]string{"joint": "true"},
				func(r model.Record) bool { b, _ := r["joint"].(bool); return b },
				[]string{`<option value="jointly" selected>Sammen med andre</option>`}},
			{"alone", url.Values{"joint": {"alone"}}, map[string]string{"joint": "false"},
				func(r model.Record) bool { b, _ := r["joint"].(bool); return !b }, nil},
			{"search", url.Values{"q": {"zero-emission buses"}}, map[string]string{"q": "zero-emission buses"},
				func(r model.Record) bool {
					return strings.Contains(r.Str("title")+r.Str("description"), "zero-emission buses")
				},
				[]string{"Reducing emissions from road traffic: 100% zero-emission buses incl. harbour buses", `value="zero-emission buses"`}},
			{"combined", url.Values{"organisation": {kbhID}, "sector": {"transport"}}, map[string]string{"organisation": kbhID, "sector": "transport"},
				func(r model.Record) bool { return r.Str("sector") == "transport" }, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f, got := list(t, c.query, sitetest.ActDA, "da")
				want := wantActions(t, s, c.store)
				if len(want) == 0 {
					t.Fatalf("the demo data has no actions for %v", c.store)
				}
				if !sameIDs(got, want) {
					t.Errorf("the page shows actions %v, want %v", got, want)
				}
				for _, id := range got {
					r, err := s.DB.Get(ctx, model.Actions, id)
					if err != nil {
						t.Fatal(err)
					}
					if !c.check(r) {
						t.Errorf("action %d %q does not match the filter", id, r.Str("title"))
					}
				}
				for _, w := range c.expect {
					if !strings.Contains(f.Body, w) {
						t.Errorf("page lacks %q", w)
					}
				}
				if len(got) == 1 && !strings.Contains(f.Body, "1 indsats på denne side") ||
					len(got) > 1 && !strings.Contains(f.Body, strconv.Itoa(len(got))+" indsatser på denne side") {
					t.Errorf("page does not say it shows %d actions", len(got))
				}
			})
		}
	})

	t.Run("no match", func(t *testing.T) {
		f, got := list(t, url.Values{"q": {"no action is called this"}}, sitetest.ActDA, "da")
		if len(got) != 0 || !strings.Contains(f.Body, "Ingen indsatser passer til de valgte filtre") || !strings.Contains(f.Body, "0 indsatser på denne side") {
			t.Errorf("an empty result does not say so (%d rows)", len(got))
		}
	})

	t.Run("pagination", func(t *testing.T) {
		all, err := s.DB.List(ctx, model.Actions, model.ListQuery{Sort: "title", Limit: 2 * public.ActionsPerPage})
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Items) <= public.ActionsPerPage {
			t.Fatalf("the demo data has only %d actions; the test needs more than a page", len(all.Items))
		}
		f, first := list(t, url.Values{"status": {"in_progress"}}, sitetest.ActDA, "da")
		inProgress := wantActions(t, s, map[string]string{"status": "in_progress"})
		if !sameIDs(first, inProgress) {
			t.Fatalf("first page %v, want %v", first, inProgress)
		}
		f, first = list(t, nil, sitetest.ActDA, "da")
		if len(first) != public.ActionsPerPage {
			t.Fatalf("first page has %d rows, want %d", len(first), public.ActionsPerPage)
		}
		m := regexp.MustCompile(`<a href="(/indsatser\?[^"]*cursor=[^"]*)" rel="next">Næste side</a>`).FindStringSubmatch(f.Body)
		if m == nil {
			t.Fatal("first page has no next-page link")
		}
		f2 := sitetest.Fetch(t, ts.URL+html.UnescapeString(m[1]), sitetest.ActDA, "")
		if f2.Status != 200 {
			t.Fatalf("second page: status %d", f2.Status)
		}
		sitetest.CheckPage(t, f2, "da")
		second := actionIDs(t, f2.Body)
		if len(second) == 0 || second[0] != all.Items[public.ActionsPerPage].ID() {
			t.Errorf("second page starts with %v, want action %d", second[:min(1, len(second))], all.Items[public.ActionsPerPage].ID())
		}
		for i, id := range second {
			if public.ActionsPerPage+i < len(all.Items) && all.Items[public.ActionsPerPage+i].ID() != id {
				t.Errorf("second page row %d is action %d, want %d", i, id, all.Items[public.ActionsPerPage+i].ID())
			}
		}

		// The filters stay in the next-page link, and its page continues the filtered list.
		f, _ = list(t, url.Values{"status": {"in_progress"}, "joint": {"alone"}}, sitetest.ActDA, "da")
		m = regexp.MustCompile(`<a href="([^"]*)" rel="next">`).FindStringSubmatch(f.Body)
		if m == nil {
			t.Fatal("a filtered list of more than a page has no next-page link")
		}
		next := html.UnescapeString(m[1])
		if !strings.Contains(next, "status=in_progress") || !strings.Contains(next, "joint=alone") {
			t.Errorf("next-page link %q loses the filters", next)
		}
		f2 = sitetest.Fetch(t, ts.URL+next, sitetest.ActDA, "")
		sitetest.CheckPage(t, f2, "da")
		allFiltered, err := s.All(ctx, model.Actions, map[string]string{"status": "in_progress", "joint": "false"})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range actionIDs(t, f2.Body) {
			r := public.ByID(allFiltered)[id]
			if r == nil {
				t.Errorf("second filtered page shows action %d, which does not match the filters", id)
			}
		}
		if !strings.Contains(f2.Body, `href="/indsatser?joint=alone&amp;status=in_progress">Første side</a>`) {
			t.Error("second page has no link back to the first page")
		}
	})

	t.Run("bad filters", func(t *testing.T) {
		for _, q := range []string{"sector=moon", "status=x", "theme=abc", "theme=999999", "organisation=-1", "joint=maybe",
			"cursor=not-a-cursor", "q=" + strings.Repeat("x", 300)} { // (invalid UTF-8: TestBadQueriesAnswer400NeverA500)
			f := sitetest.Fetch(t, ts.URL+"/indsatser?"+q, sitetest.ActDA, "")
			if f.Status != 400 {
				t.Errorf("%s: status %d, want 400", q, f.Status)
			}
			sitetest.CheckPage(t, f, "da")
			if !strings.Contains(f.Body, "Nogle af filtrene kunne ikke bruges") || !strings.Contains(f.Body, `<form method="get" action="/indsatser"`) {
				t.Errorf("%s: the page does not explain the bad filter above the form", q)
			}
		}
		// The valid filters still apply.
		f := sitetest.Fetch(t, ts.URL+"/indsatser?sector=transport&status=nope", sitetest.ActDA, "")
		if !sameIDs(actionIDs(t, f.Body), wantActions(t, s, map[string]string{"sector": "transport"})) {
			t.Error("a bad filter drops the good ones")
		}
		f = sitetest.Fetch(t, ts.URL+"/indsatser?joint=maybe", sitetest.ActEN, "")
		sitetest.CheckPage(t, f, "en")
		if f.Status != 400 || !strings.Contains(f.Body, "Some of the filters could not be used") {
			t.Errorf("English bad filter: status %d", f.Status)
		}
	})

	t.Run("form and exports", func(t *testing.T) {
		f, _ := list(t, nil, sitetest.ActEN, "en")
		for _, w := range []string{"<h1>Actions</h1>", `<label for="f-q">`, `<label for="f-sector">`, `<label for="f-theme">`,
			`<label for="f-status">`, `<label for="f-organisation">`, `<label for="f-joint">`, `id="f-sector" name="sector"`,
			`<option value="consumption_procurement">Consumption and procurement</option>`, `<option value="in_progress">In progress</option>`,
			`href="/indsatser?eksport=indsatser&amp;format=csv" download>Download the actions as CSV</a>`,
			`href="/indsatser?eksport=indsatser&amp;format=xlsx" download>Download the actions as Excel (XLSX)</a>`,
			"50 actions on this page", `<option value="` + strconv.FormatInt(forest.ID(), 10) + `">` + "\u00a0\u00a0\u00a0"} {
			if !strings.Contains(f.Body, w) {
				t.Errorf("English list lacks %q", w)
			}
		}
		// Municipalities are offered, in Danish order, alongside other responsible organisations.
		i, j := strings.Index(f.Body, ">Albertslund<"), strings.Index(f.Body, ">Vallensbæk<")
		if i < 0 || j < 0 || i > j {
			t.Errorf("organisation options missing or out of order (%d, %d)", i, j)
		}
	})
}

func TestActionDetail(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh, err := s.One(ctx, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	bus, err := s.One(ctx, model.Actions, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10), "q": "100% zero-emission buses"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/indsatser/" + strconv.FormatInt(bus.ID(), 10)

	f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, "")
	if f.Status != 200 {
		t.Fatalf("status %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	// København's plan is in English: on a Danish page its title and text say so.
	for _, w := range []string{`<h1 lang="en">Reducing emissions from road traffic: 100% zero-emission buses incl. harbour buses</h1>`, `<div class="lead" lang="en">`,
		html.EscapeString(bus.Str("source")), "Statushistorik", "I gang", `<a href="/kommuner/101">`, "KBH 2025 Klimaplan",
		"16.500 ton CO2e om året", "Transport", "Alene", "Zero-emission bus fleet by 2025"} {
		if !strings.Contains(f.Body, w) {
			t.Errorf("Danish detail lacks %q", w)
		}
	}
	if strings.Contains(f.Body, "Eksempeldata – ikke rigtige tal") {
		t.Error("a real action is labelled as example")
	}
	hist, err := s.DB.StatusHistory(ctx, bus.ID())
	if err != nil || len(hist) == 0 {
		t.Fatalf("status history: %v, %d entries", err, len(hist))
	}
	if n := strings.Count(f.Body[strings.Index(f.Body, `id="historik"`):], `<tr><th scope="row">`); n != len(hist) {
		t.Errorf("history table has %d rows, want %d", n, len(hist))
	}

	f = sitetest.Fetch(t, ts.URL+path, sitetest.ActEN, "")
	sitetest.CheckPage(t, f, "en")
	if !strings.Contains(f.Body, "<h1>Reducing emissions") {
		t.Error("the English page marks an English title as another language")
	}
	for _, w := range []string{"Status history", "In progress", "16,500 tonnes CO2e per year", "Responsible organisation", "Copenhagen"} {
		if !strings.Contains(f.Body, w) {
			t.Errorf("English detail lacks %q", w)
		}
	}

	// A joint action names its partners.
	heat, err := s.One(ctx, model.Actions, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10), "q": "CO2 neutral district heating"})
	if err != nil {
		t.Fatal(err)
	}
	f = sitetest.Fetch(t, ts.URL+"/indsatser/"+strconv.FormatInt(heat.ID(), 10), sitetest.ActDA, "")
	sitetest.CheckPage(t, f, "da")
	if !strings.Contains(f.Body, "Sammen med andre") || !strings.Contains(f.Body, "Samarbejdspartnere") {
		t.Error("joint action does not name its partners")
	}

	// Example actions say so.
	ex, err := s.DB.List(ctx, model.Actions, model.ListQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var exID int64
	for _, r := range ex.Items {
		if model.AsAction(r).Example() {
			exID = r.ID()
			break
		}
	}
	if exID == 0 {
		t.Fatal("no example action in the demo data")
	}
	f = sitetest.Fetch(t, ts.URL+"/indsatser/"+strconv.FormatInt(exID, 10), sitetest.ActEN, "")
	sitetest.CheckPage(t, f, "en")
	if !strings.Contains(f.Body, "Example data – not real figures") {
		t.Error("example action lacks the example label")
	}
	f = sitetest.Fetch(t, ts.URL+"/indsatser", sitetest.ActDA, "")
	if !strings.Contains(f.Body, `<span class="badge">Eksempel</span>`) {
		t.Error("the list does not badge example actions")
	}

	for _, bad := range []string{"0", "-1", "abc", "999999999", "01", "1.5", "99999999999999999999999"} {
		f := sitetest.Fetch(t, ts.URL+"/indsatser/"+bad, sitetest.ActDA, "")
		if f.Status != 404 {
			t.Errorf("/indsatser/%s: status %d, want 404", bad, f.Status)
		}
	}
}

// A status change carries its note: the page shows it with the status and in the history.
func TestActionStatusNote(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	a := sitetest.OneOf(t, s.DB, model.Actions, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	admin := sitetest.AsPerson(t, s.DB, sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleAdmin}))
	if _, err := s.DB.Update(admin, model.Actions, a.ID(), model.AsAction(a).Version(),
		model.Record{"status": "delayed", "status_note": "Leverandøren kan først levere i 2027"}); err != nil {
		t.Fatal(err)
	}
	f := sitetest.Fetch(t, ts.URL+"/indsatser/"+strconv.FormatInt(a.ID(), 10), sitetest.ActDA, "")
	sitetest.CheckPage(t, f, "da")
	if !strings.Contains(f.Body, `<dd>Forsinket<br><span class="status-note">Leverandøren kan først levere i 2027</span></dd>`) {
		t.Error("the page does not show the status with its note")
	}
	hist := f.Body[strings.Index(f.Body, `id="historik"`):]
	if !strings.Contains(hist, "<th scope=\"col\">Note til status</th>") || !strings.Contains(hist, "<td>Forsinket</td><td class=\"num\">") || !strings.Contains(hist, "<td>Leverandøren kan først levere i 2027</td>") {
		t.Error("the status history does not show the change's note")
	}
}

// TestActionsFilterSummary checks that a narrowed list says in words what it is narrowed to,
// which a printout needs because the form does not print.
func TestActionsFilterSummary(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	for _, c := range []struct {
		query  string
		Header map[string]string
		want   string
	}{
		{"?sector=energy&q=varme", sitetest.ActDA, `<p class="filter-summary">Afgrænset efter Søgeord: »varme«; Sektor: Energi</p>`},
		{"?status=completed", sitetest.ActEN, `<p class="filter-summary">Narrowed to Status: Completed</p>`},
	} {
		f := sitetest.Fetch(t, ts.URL+"/indsatser"+c.query, c.Header, "")
		if !strings.Contains(f.Body, c.want) {
			t.Errorf("%s: no %s", c.query, c.want)
		}
	}
	if f := sitetest.Fetch(t, ts.URL+"/indsatser", sitetest.ActDA, ""); strings.Contains(f.Body, "filter-summary") {
		t.Error("the whole list says it is narrowed")
	}
}

// TestActionTitlesInListsMarkTheirLanguage: København's actions are written in English; the
// actions list, the municipality page and the project page mark their titles lang="en" on
// Danish pages, as the action's own page does (issue 10, 10).
func TestActionTitlesInListsMarkTheirLanguage(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh, err := s.One(ctx, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	bus, err := s.One(ctx, model.Actions, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10), "q": "100% zero-emission buses"})
	if err != nil {
		t.Fatal(err)
	}
	link := `<a href="/indsatser/` + strconv.FormatInt(bus.ID(), 10) + `" lang="en">`
	for _, path := range []string{"/kommuner/101", "/indsatser?organisation=" + strconv.FormatInt(kbh.ID(), 10) + "&q=zero-emission+buses"} {
		f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, "")
		sitetest.CheckPage(t, f, "da")
		if !strings.Contains(f.Body, link) {
			t.Errorf("%s: the English title is not marked: want %s", path, link)
		}
	}
	if f := sitetest.Fetch(t, ts.URL+"/kommuner/101", sitetest.ActEN, ""); strings.Contains(f.Body, link) {
		t.Error("an English title is marked lang=en on an English page")
	}
}

// The actions list states how many actions there are under its filters, on all its pages.
func TestActionsListStatesTheTotal(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	all, err := s.DB.CountList(ctx, model.Actions, model.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	transport, err := s.DB.CountList(ctx, model.Actions, model.ListQuery{Filters: map[string]string{"sector": "transport"}})
	if err != nil {
		t.Fatal(err)
	}
	if all <= int64(public.ActionsPerPage) || transport == 0 || transport >= all {
		t.Fatalf("the demo should have more actions (%d) than a page, and some (%d) in transport", all, transport)
	}
	da := i18n.For(i18n.Danish)
	for path, want := range map[string]int64{"/indsatser": all, "/indsatser?sector=transport": transport} {
		f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, "")
		if text := "<strong>" + da.Int(want) + " indsatser i alt</strong>"; !strings.Contains(f.Body, text) {
			t.Errorf("%s does not state %q", path, text)
		}
	}
}
