package webtest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The content checks compare what each page type shows with facts of the demo data
// (internal/demo/data): the joint projects VIP1–VIP7 with their leads and participants,
// Copenhagen's real climate actions and its energy and CO2 account, the ranking of the
// municipalities by emissions per inhabitant. They find things by landmark, section id, table
// and heading, not by whole sentences, so that a changed wording does not fail them but a lost
// table, a wrong number or a broken filter does.

// js quotes s as a JavaScript string literal.
func js(s string) string { return strconv.Quote(s) }

// cleanJS defines clean, which gives an element's text as the checks compare it: without the
// small edit links and their visually hidden context, with the white space normalised.
const cleanJS = `const clean = el => { if (!el) return ''; const c = el.cloneNode(true);
c.querySelectorAll('.edit-link, .vh').forEach(e => e.remove()); return c.textContent.replace(/\s+/g, ' ').trim(); };`

// tableRows returns the body rows of the first table matching sel, each as the texts of its
// cells (th and td) in order; nil when there is no such table.
func tableRows(t *testing.T, b *browser, sel string) [][]string {
	t.Helper()
	return eval[[][]string](t, b, `(() => { `+cleanJS+` const tb = document.querySelector(`+js(sel)+`);
if (!tb) return null;
const rows = tb.tBodies.length ? Array.from(tb.tBodies).flatMap(s => Array.from(s.rows)) : Array.from(tb.rows).slice(1);
return rows.map(r => Array.from(r.cells, clean)); })()`)
}

// tableHead returns the texts of the header cells of the first table matching sel.
func tableHead(t *testing.T, b *browser, sel string) []string {
	t.Helper()
	return eval[[]string](t, b, `(() => { `+cleanJS+` const tb = document.querySelector(`+js(sel)+`);
return tb && tb.tHead ? Array.from(tb.tHead.rows[0].cells, clean) : []; })()`)
}

// texts returns the normalised texts of all elements matching sel.
func texts(t *testing.T, b *browser, sel string) []string {
	t.Helper()
	return eval[[]string](t, b, `(() => { `+cleanJS+` return Array.from(document.querySelectorAll(`+js(sel)+`), clean); })()`)
}

// count returns how many elements match sel.
func count(t *testing.T, b *browser, sel string) int {
	t.Helper()
	return eval[int](t, b, `document.querySelectorAll(`+js(sel)+`).length`)
}

// facts returns the terms and descriptions of the first description list matching sel.
func facts(t *testing.T, b *browser, sel string) map[string]string {
	t.Helper()
	return eval[map[string]string](t, b, `(() => { `+cleanJS+` const dl = document.querySelector(`+js(sel)+`); const m = {};
if (dl) for (const dt of dl.querySelectorAll('dt')) { const dd = dt.nextElementSibling; if (dd && dd.tagName === 'DD') m[clean(dt)] = clean(dd); }
return m; })()`)
}

// parseNum reads a number as the page writes it in the language: 1.701.882,1 in Danish,
// 1,701,882.1 in English, with a typographic minus and an optional unit after a space.
func parseNum(lang, s string) (float64, bool) {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "−", "-", "–", "-").Replace(strings.TrimSpace(s))
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	if lang == "da" {
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	} else {
		s = strings.ReplaceAll(s, ",", "")
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// byLang picks the Danish or the English of a text.
func byLang(lang, da, en string) string {
	if lang == "en" {
		return en
	}
	return da
}

// sameSet reports whether two lists hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// splitList splits "A, B" into its names.
func splitList(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// vipProjects are the seven joint climate projects of KKR Hovedstaden as the demo data has
// them (data/vip_climate_projects.json): lead municipalities and the number of participants.
var vipProjects = []struct {
	code         string
	leadsDA      []string
	leadsEN      []string
	participants int
}{
	{"VIP1", []string{"Høje-Taastrup", "Helsingør"}, nil, 29},
	{"VIP2", []string{"Albertslund"}, nil, 10},
	{"VIP3", []string{"Frederiksberg", "Region Hovedstaden"}, []string{"Frederiksberg", "Capital Region of Denmark"}, 23},
	{"VIP4", []string{"Gladsaxe"}, nil, 17},
	{"VIP5", []string{"Ballerup", "Region Hovedstaden"}, []string{"Ballerup", "Capital Region of Denmark"}, 16},
	{"VIP6", []string{"Fredensborg", "Hvidovre"}, nil, 26},
	{"VIP7", []string{"København"}, []string{"Copenhagen"}, 7},
}

// checkFront: the joint projects with leads and participants, the region's 29 municipalities
// with a plan status, and the map with its table alternative.
func checkFront(t *testing.T, b *browser, lang string) {
	rows := tableRows(t, b, `section[aria-labelledby="projekter"] table`)
	got := map[string][]string{}
	for _, r := range rows {
		if len(r) < 3 {
			t.Errorf("joint projects: row %q has %d cells, want project, leads, participants", r, len(r))
			continue
		}
		code, _, _ := strings.Cut(r[0], ":")
		got[code] = r
	}
	if len(rows) != len(vipProjects) {
		t.Errorf("the front page lists %d joint projects, want VIP1–VIP7", len(rows))
	}
	for _, p := range vipProjects {
		r, ok := got[p.code]
		if !ok {
			t.Errorf("the front page does not list %s", p.code)
			continue
		}
		leads := p.leadsDA
		if lang == "en" && p.leadsEN != nil {
			leads = p.leadsEN
		}
		if !sameSet(splitList(r[1]), leads) {
			t.Errorf("%s: leads %q, want %q", p.code, r[1], leads)
		}
		if n, ok := parseNum(lang, r[2]); !ok || int(n) != p.participants {
			t.Errorf("%s: %q participants, want %d", p.code, r[2], p.participants)
		}
	}
	if n := count(t, b, `section[aria-labelledby="projekter"] a[href^="/projekter/VIP"]`); n != len(vipProjects) {
		t.Errorf("the joint projects table has %d links to a project, want %d", n, len(vipProjects))
	}

	munis := tableRows(t, b, `section[aria-labelledby="kommuner"] table`)
	if len(munis) != 29 {
		t.Errorf("the municipality table has %d rows, want Region Hovedstaden's 29", len(munis))
	}
	copenhagen := byLang(lang, "København", "Copenhagen")
	var seen bool
	for _, r := range munis {
		if len(r) < 2 || r[1] == "" {
			t.Errorf("municipality row %q has no plan status", r)
			continue
		}
		if r[0] == copenhagen {
			seen = true
			if want := byLang(lang, "Vedtaget", "Adopted"); !strings.Contains(r[1], want) {
				t.Errorf("%s's plan status is %q, want %q", copenhagen, r[1], want)
			}
		}
	}
	if !seen {
		t.Errorf("the municipality table has no row for %s", copenhagen)
	}

	if n := count(t, b, `section[aria-labelledby="kort"] figure svg[role="img"] path[data-code]`); n < 29 {
		t.Errorf("the map shows %d municipalities, want 29", n)
	}
	if rows := tableRows(t, b, `section[aria-labelledby="kort"] details table`); len(rows) < 29 {
		t.Errorf("the map's table alternative has %d rows, want one for each of the 29 municipalities", len(rows))
	}
}

// checkCopenhagen: the plan, real actions grouped by sector, indicators with charts, the
// emissions by sector from the energy and CO2 account, and the joint projects.
func checkCopenhagen(t *testing.T, b *browser, lang string) {
	plans := texts(t, b, `section[aria-labelledby="planer"] article h3`)
	if !slices.ContainsFunc(plans, func(s string) bool { return strings.Contains(s, "KBH 2025 Klimaplan") }) {
		t.Errorf("plans %q, want KBH 2025 Klimaplan", plans)
	}
	if f := facts(t, b, `section[aria-labelledby="planer"] article dl`); f["Status"] != byLang(lang, "Vedtaget", "Adopted") {
		t.Errorf("the plan's facts are %q, want the status %s", f, byLang(lang, "Vedtaget", "Adopted"))
	}

	// Real actions from data/kobenhavn_cph2025_actions*.{csv,json}; their titles are English.
	actions := texts(t, b, `section[aria-labelledby="indsatser"] table th[scope=row] a[href^="/indsatser/"]`)
	for _, want := range []string{"CO2 neutral district heating", "Planting of 100,000 trees within Copenhagen", "Shore-side power for cruise ships", "Carbon neutral wastewater treatment"} {
		if !slices.Contains(actions, want) {
			t.Errorf("København's actions do not include %q", want)
		}
	}
	sectors := texts(t, b, `section[aria-labelledby="indsatser"] h3`)
	for _, want := range []string{byLang(lang, "Energi", "Energy"), "Transport"} {
		if !slices.Contains(sectors, want) {
			t.Errorf("København's actions are grouped by %q, want a group %q", sectors, want)
		}
	}

	if n := count(t, b, `section[aria-labelledby="noegletal"] article a[href^="/noegletal/co2e_total_t"]`); n != 1 {
		t.Errorf("København's indicators link %d times to the emissions, want once", n)
	}
	if cards, charts := count(t, b, `section[aria-labelledby="noegletal"] article`), count(t, b, `section[aria-labelledby="noegletal"] article svg.chart`); cards < 3 || charts < cards {
		t.Errorf("København shows %d indicators with %d charts, want at least 3, each with a chart", cards, charts)
	}

	// Emissions by sector: the 2023 total of the Danish Energy Agency's account is 867,437 t.
	if n := count(t, b, `section[aria-labelledby="udledning"] figure svg.chart`); n != 1 {
		t.Errorf("the emissions by sector have %d charts, want 1", n)
	}
	head := tableHead(t, b, `section[aria-labelledby="udledning"] table`)
	for _, want := range []string{byLang(lang, "Energi", "Energy"), "Transport", byLang(lang, "I alt", "Total")} {
		if !slices.Contains(head, want) {
			t.Errorf("the emissions table has the columns %q, want %q", head, want)
		}
	}
	total := slices.Index(head, byLang(lang, "I alt", "Total"))
	var found bool
	for _, r := range tableRows(t, b, `section[aria-labelledby="udledning"] table`) {
		if len(r) > total && total > 0 && r[0] == "2023" {
			found = true
			if v, ok := parseNum(lang, r[total]); !ok || v < 867436 || v > 867438 {
				t.Errorf("København's emissions in 2023 are %q, want 867,437 t CO2e", r[total])
			}
		}
	}
	if !found {
		t.Error("the emissions table has no row for 2023")
	}

	projects := texts(t, b, `section[aria-labelledby="projekter"] a[href^="/projekter/"]`)
	for _, p := range vipProjects {
		if !slices.ContainsFunc(projects, func(s string) bool { return strings.HasPrefix(s, p.code+":") }) {
			t.Errorf("København takes part in %s, but its page lists only %q", p.code, projects)
		}
	}
	rows := tableRows(t, b, `section[aria-labelledby="projekter"] table`)
	for _, r := range rows {
		if strings.HasPrefix(r[0], "VIP7:") && (len(r) < 2 || !strings.HasPrefix(r[1], byLang(lang, "Tovholder", "Lead"))) {
			t.Errorf("København's role in VIP7 is %q, want lead", r)
		}
	}
}

// checkAlbertslund: an example plan, actions, and the lead of VIP2.
func checkAlbertslund(t *testing.T, b *browser, lang string) {
	if n := count(t, b, `section[aria-labelledby="planer"] article .badge`); n < 1 {
		t.Error("Albertslund's generated plan is not marked as an example")
	}
	if n := count(t, b, `section[aria-labelledby="indsatser"] table a[href^="/indsatser/"]`); n < 1 {
		t.Error("Albertslund shows no actions")
	}
	var lead bool
	for _, r := range tableRows(t, b, `section[aria-labelledby="projekter"] table`) {
		if strings.HasPrefix(r[0], "VIP2:") && len(r) > 1 && strings.HasPrefix(r[1], byLang(lang, "Tovholder", "Lead")) {
			lead = true
		}
	}
	if !lead {
		t.Error("Albertslund's page does not show it as the lead of VIP2")
	}
}

// checkVIP3: goals, the indicator charts with the targets, the leads and the 23 participants
// with a map, and the project's actions.
func checkVIP3(t *testing.T, b *browser, lang string) {
	if goals := texts(t, b, `section[aria-labelledby="maal"] ul:not(.export) > li`); len(goals) != 2 || !strings.Contains(goals[0], "50 %") || !strings.Contains(goals[1], "2030") {
		t.Errorf("VIP3's goals are %q, want 50 %% green fuels in 2025 and 100 %% in 2030", goals)
	}
	if n := count(t, b, `section[aria-labelledby="noegletal"] figure svg.chart`); n < 2 {
		t.Errorf("VIP3 shows %d indicator charts, want 2", n)
	}
	// The green-fuel share's targets: 50 in 2025, 100 in 2030 (its chart's table alternative).
	targets := map[string]float64{}
	for _, r := range tableRows(t, b, `section[aria-labelledby="noegletal"] figure table`) {
		if len(r) >= 2 {
			if v, ok := parseNum(lang, r[len(r)-1]); ok {
				targets[r[0]] = v
			}
		}
	}
	if targets["2025"] != 50 || targets["2030"] != 100 {
		t.Errorf("VIP3's first indicator shows the values %v, want the targets 50 in 2025 and 100 in 2030", targets)
	}

	lists := eval[[][]string](t, b, `(() => { `+cleanJS+` return Array.from(document.querySelectorAll('section[aria-labelledby="deltagere"] h3'), h => {
const n = h.nextElementSibling; return [clean(h)].concat(n && n.tagName === 'UL' ? Array.from(n.querySelectorAll('li'), clean) : []); }); })()`)
	if len(lists) != 3 {
		t.Fatalf("VIP3's participants are in %d lists, want leads, members and followers", len(lists))
	}
	if want := byLang(lang, "Region Hovedstaden", "Capital Region of Denmark"); !sameSet(lists[0][1:], []string{"Frederiksberg", want}) {
		t.Errorf("VIP3's leads (%s) are %q, want Frederiksberg and %s", lists[0][0], lists[0][1:], want)
	}
	if n := len(lists[0]) + len(lists[1]) + len(lists[2]) - 3; n != 23 {
		t.Errorf("VIP3 lists %d participants, want 23", n)
	}
	if n := count(t, b, `section[aria-labelledby="deltagere"] figure svg path[data-code]`); n != 29 {
		t.Errorf("VIP3's participant map shows %d municipalities, want 29", n)
	}
	if rows := tableRows(t, b, `section[aria-labelledby="indsatser"] table`); len(rows) < 1 {
		t.Error("VIP3 shows no actions")
	}
}

// checkActions: the first page of the list, and each row with its organisation and sector.
func checkActions(t *testing.T, b *browser, lang string) {
	rows := tableRows(t, b, `section[aria-labelledby="resultater"] table`)
	if len(rows) < 20 {
		t.Errorf("the actions list shows %d actions, want a full first page", len(rows))
	}
	for _, r := range rows {
		if len(r) < 4 || r[0] == "" || r[1] == "" || r[2] == "" || r[3] == "" {
			t.Errorf("action row %q lacks a title, organisation, sector or status", r)
		}
	}
	if n := count(t, b, `#f-sector option`); n < 5 {
		t.Errorf("the sector filter offers %d choices", n)
	}
}

// checkAction: the facts and the status history of the first action in the list.
func checkAction(t *testing.T, b *browser, lang string) {
	f := facts(t, b, `section[aria-labelledby="fakta"] dl`)
	status := f["Status"]
	if status == "" || f[byLang(lang, "Sektor", "Sector")] == "" {
		t.Errorf("the action's facts %q lack the status or the sector", f)
	}
	rows := tableRows(t, b, `section[aria-labelledby="historik"] table`)
	if len(rows) < 1 {
		t.Fatal("the action has no status history")
	}
	var current bool
	for _, r := range rows {
		if len(r) < 3 || r[0] == "" || r[1] == "" {
			t.Errorf("history row %q lacks a date or a status", r)
			continue
		}
		current = current || r[1] == status
	}
	if !current {
		t.Errorf("the status history %q never shows the current status %q", rows, status)
	}
}

// checkCompare: 2023's emissions per inhabitant of all 98 municipalities, ranked from the
// largest value; Copenhagen's is 1.327 t.
func checkCompare(t *testing.T, b *browser, lang string) {
	rows := tableRows(t, b, `section[aria-labelledby="resultat"] table.data`)
	if len(rows) != 98 {
		t.Errorf("the comparison ranks %d municipalities, want all 98", len(rows))
	}
	prev := 0.0
	for i, r := range rows {
		if len(r) < 3 {
			t.Fatalf("comparison row %q has %d cells, want rank, municipality, value", r, len(r))
		}
		if r[0] != strconv.Itoa(i+1) {
			t.Errorf("row %d has the rank %q", i+1, r[0])
		}
		v, ok := parseNum(lang, r[2])
		if !ok {
			t.Errorf("%s's value %q is not a number", r[1], r[2])
			continue
		}
		if i > 0 && v > prev {
			t.Errorf("the comparison is not sorted by value: %s (%s) after %s", r[1], r[2], rows[i-1][2])
		}
		prev = v
		if r[1] == byLang(lang, "København", "Copenhagen") && (v < 1.3265 || v > 1.3275) {
			t.Errorf("Copenhagen's emissions per inhabitant are %q, want 1.327 t CO2e", r[2])
		}
	}
	if n := count(t, b, `section[aria-labelledby="resultat"] figure svg.chart`); n != 1 {
		t.Errorf("the comparison has %d charts, want 1", n)
	}
}

// checkIndicator: the emissions per inhabitant, with a chart of one municipality's values and
// a table of the values with their sources; Albertslund's 2023 value is 2.476 t.
func checkIndicator(t *testing.T, b *browser, lang string) {
	if n := count(t, b, `section[aria-labelledby="udvikling-h"] figure svg.chart .chart-point, section[aria-labelledby="udvikling-h"] figure svg.chart circle`); n < 2 {
		t.Errorf("the indicator's chart has %d points, want the values over time", n)
	}
	head := tableHead(t, b, `section[aria-labelledby="vaerdier"] table`)
	src := slices.Index(head, byLang(lang, "Kilde", "Source"))
	if src < 0 {
		t.Fatalf("the table of values has the columns %q, want a source", head)
	}
	rows := tableRows(t, b, `section[aria-labelledby="vaerdier"] table`)
	if len(rows) < 6 {
		t.Errorf("the table of values has %d rows, want 2018–2023", len(rows))
	}
	var found bool
	for _, r := range rows {
		if len(r) <= src || r[src] == "" {
			t.Errorf("value row %q has no source", r)
			continue
		}
		if r[0] == "2023" && r[1] == "Albertslund" {
			found = true
			if v, ok := parseNum(lang, r[2]); !ok || v < 2.4755 || v > 2.4765 {
				t.Errorf("Albertslund's 2023 value is %q, want 2.476", r[2])
			}
			if !strings.Contains(r[src], "Energistyrelsen") {
				t.Errorf("Albertslund's 2023 value has the source %q, want Energistyrelsen's account", r[src])
			}
		}
	}
	if !found {
		t.Errorf("the table of values has no row for Albertslund in 2023: %q", rows)
	}
}

// submit sets form fields by id and submits their form with its button, as a user would, and
// returns the status of the page it loads.
func (b *browser) submit(t *testing.T, fields map[string]string, button string) int64 {
	t.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for id, v := range fields {
		steps = append(steps, chromedp.SetValue(chromedp.CSS("#"+id), v))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(button)))
	ctx, cancel := context.WithTimeout(b.tab, 30*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatalf("submit %v: %v", fields, err)
	}
	return resp.Status
}

// testActionFilters filters the actions list by a sector and searches it for a known action, in
// both languages, through the form.
func testActionFilters(t *testing.T, b *browser) {
	for _, lang := range []string{"da", "en"} {
		t.Run("sector/"+lang, func(t *testing.T) {
			defer b.screenshotOnFailure(t)
			b.setLanguage(t, lang)
			b.open(t, "/indsatser")
			if got := b.submit(t, map[string]string{"f-sector": "land_use"}, `main form button[type=submit]`); got != 200 {
				t.Fatalf("filtering answered %d", got)
			}
			want := byLang(lang, "Arealanvendelse", "Land use")
			if got := eval[string](t, b, `(() => { const o = document.querySelector('#f-sector option:checked'); return o ? o.textContent.trim() : ''; })()`); got != want {
				t.Errorf("after filtering the sector filter shows %q, want %q", got, want)
			}
			label := eval[string](t, b, `document.querySelector('label[for="f-sector"]').textContent.trim()`)
			col := slices.Index(tableHead(t, b, `section[aria-labelledby="resultater"] table`), label)
			if col < 0 {
				t.Fatalf("the results have no column %q", label)
			}
			rows := tableRows(t, b, `section[aria-labelledby="resultater"] table`)
			if len(rows) < 2 {
				t.Errorf("filtering by %s found %d actions, want Copenhagen's and the examples", want, len(rows))
			}
			var titles []string
			for _, r := range rows {
				titles = append(titles, r[0])
				if r[col] != want {
					t.Errorf("filtering by %s shows %q of the sector %q", want, r[0], r[col])
				}
			}
			for _, title := range []string{"Planting of 100,000 trees within Copenhagen", "Afforestation on water catchment areas"} {
				if !slices.Contains(titles, title) {
					t.Errorf("filtering by %s does not find %q", want, title)
				}
			}
		})
		t.Run("search/"+lang, func(t *testing.T) {
			defer b.screenshotOnFailure(t)
			b.setLanguage(t, lang)
			b.open(t, "/indsatser")
			if got := b.submit(t, map[string]string{"f-q": "trees"}, `main form button[type=submit]`); got != 200 {
				t.Fatalf("searching answered %d", got)
			}
			if got := eval[string](t, b, `location.search`); !strings.Contains(got, "q=trees") {
				t.Errorf("the search went to %q", got)
			}
			rows := tableRows(t, b, `section[aria-labelledby="resultater"] table`)
			if len(rows) < 1 || len(rows) > 10 || !slices.ContainsFunc(rows, func(r []string) bool { return r[0] == "Planting of 100,000 trees within Copenhagen" }) {
				t.Errorf("searching for \"trees\" found %s, want Planting of 100,000 trees within Copenhagen among a few", fmt.Sprint(rows))
			}
		})
	}
}

// checkForm checks an edit form or a new record's form: one form that posts to its own page,
// a heading that says what is edited, every control with a label that names it, the filled-in
// values of a stored record, and one submit button.
func checkForm(t *testing.T, b *browser, lang string) {
	t.Helper()
	h1 := eval[string](t, b, `document.querySelector('h1').textContent.trim()`)
	verbs := map[string][]string{"da": {"Ret ", "Ny ", "Nyt "}, "en": {"Edit ", "New "}}[lang]
	ok := false
	for _, v := range verbs {
		ok = ok || strings.HasPrefix(h1, v)
	}
	if !ok {
		t.Errorf("the form's heading %q does not start with one of %q", h1, verbs)
	}
	type form struct {
		Forms, Buttons, Filled int
		Action, Path           string
		Unlabelled             []string
	}
	f := eval[form](t, b, `(() => {
	  const forms = document.querySelectorAll('main form.card');
	  const f = forms[0];
	  const controls = f ? Array.from(f.querySelectorAll('input:not([type=hidden]),select,textarea')) : [];
	  return {
	    forms: forms.length,
	    buttons: f ? f.querySelectorAll('button[type=submit]').length : 0,
	    filled: controls.filter(c => c.type === 'checkbox' ? c.checked : c.value.trim() !== '').length,
	    action: f ? new URL(f.action).pathname : '',
	    path: location.pathname,
	    unlabelled: controls.filter(c => !c.labels || c.labels.length === 0 || c.labels[0].textContent.trim() === '').map(c => c.id || c.name),
	  };
	})()`)
	if f.Forms != 1 || f.Buttons != 1 {
		t.Fatalf("the page has %d edit forms with %d submit buttons, want 1 and 1", f.Forms, f.Buttons)
	}
	if f.Action != f.Path {
		t.Errorf("the form posts to %s, want its own page %s", f.Action, f.Path)
	}
	if len(f.Unlabelled) > 0 {
		t.Errorf("controls without a label: %q", f.Unlabelled)
	}
	// A stored record's form shows its values; a new record's shows at least its defaults or
	// nothing, but its controls are all there.
	if strings.HasSuffix(f.Path, "/rediger") && f.Filled < 2 {
		t.Errorf("the edit form shows %d filled-in controls, want the record's values", f.Filled)
	}
}
