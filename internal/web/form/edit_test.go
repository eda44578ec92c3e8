package form_test

import (
	"context"
	"html"
	"net/http"
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
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/page"
	"klimaspor/internal/web/sitetest"
)

// editorCase is one kind of record edited through its form: where the record is found, a
// valid change and how the record's page shows it, and an invalid change with the message
// that must appear next to its field. The record's page (the editor's page) must link to the
// form.
type editorCase struct {
	name   string
	e      *form.Editor
	find   func(t *testing.T, s *web.Server) model.Record
	change map[string][]string
	check  func(t *testing.T, rec model.Record) // the stored record after the change
	shows  string                               // text the page shows after the change
	bad    map[string][]string
	badAt  string // the field the message stands next to
	badMsg string // the Danish message
}

var editorCases = []editorCase{
	{
		name: "plan", e: form.PlanEditor,
		find: func(t *testing.T, s *web.Server) model.Record {
			kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
			return sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
		},
		change: map[string][]string{"title": {"Københavns nye klimaplan"}, "status": {"under_revision"}},
		check: func(t *testing.T, rec model.Record) {
			if rec.Str("title") != "Københavns nye klimaplan" || rec.Str("status") != "under_revision" {
				t.Errorf("stored plan %q / %q", rec.Str("title"), rec.Str("status"))
			}
		},
		shows: "Københavns nye klimaplan",
		bad:   map[string][]string{"period_start": {"2030"}, "period_end": {"2020"}}, badAt: "period_end", badMsg: "Perioden må ikke slutte, før den begynder.",
	},
	{
		name: "goal", e: form.GoalEditor,
		find: func(t *testing.T, s *web.Server) model.Record {
			return sitetest.OneOf(t, s.DB, model.Goals, map[string]string{"project": projectID(t, s, "VIP3")})
		},
		change: map[string][]string{"text_da": {"Et nyt fælles mål for VIP3"}, "target_value": {"1.234,5"}, "target_year": {"2035"}},
		check: func(t *testing.T, rec model.Record) {
			if v, _ := rec.Float("target_value"); v != 1234.5 || rec.Str("text_da") != "Et nyt fælles mål for VIP3" {
				t.Errorf("stored goal %q with target %v", rec.Str("text_da"), rec["target_value"])
			}
		},
		shows: "Et nyt fælles mål for VIP3",
		bad:   map[string][]string{"target_year": {"om lidt"}}, badAt: "target_year", badMsg: "Skriv et helt tal, fx 2030.",
	},
	{
		name: "indicator", e: form.IndicatorEditor,
		find: func(t *testing.T, s *web.Server) model.Record {
			return sitetest.OneOf(t, s.DB, model.Indicators, map[string]string{"code": "co2e_per_capita_t"})
		},
		change: map[string][]string{"name_da": {"Udledning pr. indbygger"}, "targets.year": {"2040", "2030", ""}, "targets.value": {"1", "2,5", ""}},
		check: func(t *testing.T, rec model.Record) {
			ts, _ := rec["targets"].([]model.Target)
			if len(ts) != 2 || ts[0] != (model.Target{Year: 2030, Value: 2.5}) || ts[1] != (model.Target{Year: 2040, Value: 1}) {
				t.Errorf("stored targets %v, want 2030: 2.5 and 2040: 1", ts)
			}
		},
		shows: "Udledning pr. indbygger",
		bad:   map[string][]string{"targets.year": {"2030", "2030"}, "targets.value": {"1", "2"}}, badAt: "targets", badMsg: "Der er to mål for det samme år.",
	},
	{
		name: "value", e: form.ValueEditor,
		find: func(t *testing.T, s *web.Server) model.Record {
			ind := sitetest.OneOf(t, s.DB, model.Indicators, map[string]string{"code": "co2e_per_capita_t"})
			return sitetest.OneOf(t, s.DB, model.IndicatorValues, map[string]string{"indicator": strconv.FormatInt(ind.ID(), 10), "breakdown": ""})
		},
		change: map[string][]string{"value": {"1.234,5"}, "note": {"Rettet efter ny opgørelse"}},
		check: func(t *testing.T, rec model.Record) {
			if v, _ := rec.Float("value"); v != 1234.5 {
				t.Errorf("stored value %v, want 1234.5", v)
			}
		},
		shows: "Rettet efter ny opgørelse",
		bad:   map[string][]string{"period": {"2023-H3"}}, badAt: "period", badMsg: "Skriv perioden som 2023",
	},
	{
		name: "project", e: form.ProjectEditor,
		find: func(t *testing.T, s *web.Server) model.Record {
			return sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": "VIP3"})
		},
		change: map[string][]string{"name_da": {"Et nyt navn til VIP3"}},
		check: func(t *testing.T, rec model.Record) {
			if rec.Str("name_da") != "Et nyt navn til VIP3" {
				t.Errorf("stored name %q", rec.Str("name_da"))
			}
		},
		shows: "Et nyt navn til VIP3",
		bad:   map[string][]string{"cost_dkk": {""}, "cost_dkk_high": {"5000"}}, badAt: "cost_dkk", badMsg: "Skriv også den laveste pris",
	},
	{
		name: "participant", e: form.ParticipantEditor,
		find: func(t *testing.T, s *web.Server) model.Record {
			return sitetest.OneOf(t, s.DB, model.Participants, map[string]string{"project": projectID(t, s, "VIP3"), "lead": "false", "role": "member"})
		},
		change: map[string][]string{"role": {"follower"}, "joined_on": {"2024-01-01"}},
		check: func(t *testing.T, rec model.Record) {
			if rec.Str("role") != "follower" || rec.Str("joined_on") != "2024-01-01" {
				t.Errorf("stored role %q joined %q", rec.Str("role"), rec.Str("joined_on"))
			}
		},
		bad: map[string][]string{"joined_on": {"2025-01-01"}, "left_on": {"2024-01-01"}}, badAt: "left_on", badMsg: "Datoen for udtræden må ikke ligge før",
	},
}

func TestEditors(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	da, en := sitetest.SignedIn(t, s.DB, s.Sessions, "da"), sitetest.SignedIn(t, s.DB, s.Sessions, "en")
	for _, c := range editorCases {
		t.Run(c.name, func(t *testing.T) {
			rec := c.find(t, s)
			get := func() model.Record {
				t.Helper()
				r, err := s.DB.Get(ctx, c.e.Res(), rec.ID())
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			path := c.e.Path(rec) + "/rediger"
			page, err := c.e.Page(ctx, pagesOf(s), rec)
			if err != nil {
				t.Fatal(err)
			}
			page, _, _ = strings.Cut(page, "#")

			// The page links to the form, and the form shows in both languages.
			if p := sitetest.Fetch(t, ts.URL+page, da, ""); !strings.Contains(p.Body, `href="`+html.EscapeString(path)+`"`) {
				t.Errorf("%s does not link to %s", page, path)
			}
			for lang, h := range map[string]map[string]string{"da": da, "en": en} {
				f := sitetest.Fetch(t, ts.URL+path, h, "")
				if f.Status != http.StatusOK {
					t.Fatalf("GET %s (%s): status %d", path, lang, f.Status)
				}
				sitetest.CheckPage(t, f, lang)
				if !strings.Contains(f.Body, `name="version"`) || strings.Contains(f.Body, "field.") || strings.Contains(f.Body, "edit.") {
					t.Errorf("GET %s (%s): the form lacks its version or shows a message key", path, lang)
				}
			}

			// Invalid input: 422, the message next to its field, the input kept, nothing saved.
			before := get()
			form := formOf(t, s, c.e, before, i18n.Danish)
			for k, v := range c.bad {
				form[k] = v
			}
			f := sitetest.PostForm(t, ts.URL+path, form, da)
			if f.Status != http.StatusUnprocessableEntity {
				t.Fatalf("invalid POST: status %d, want 422", f.Status)
			}
			sitetest.CheckPage(t, f, "da")
			if !regexp.MustCompile(`<strong id="f-` + c.badAt + `-fejl">` + regexp.QuoteMeta(c.badMsg)).MatchString(f.Body) {
				t.Errorf("no message %q next to %s", c.badMsg, c.badAt)
			}
			for k, v := range c.bad {
				if v[0] != "" && !strings.Contains(f.Body, `value="`+html.EscapeString(v[0])+`"`) {
					t.Errorf("the input %s=%q is not kept", k, v[0])
				}
			}
			if after := get(); after["version"] != before["version"] {
				t.Error("the invalid form changed the database")
			}

			// A stale version: 409 with both versions, nothing saved.
			stale := formOf(t, s, c.e, before, i18n.Danish)
			for k, v := range c.change {
				stale[k] = v
			}
			ver, _ := before.Int("version")
			if _, err := s.DB.Update(ctx, c.e.Res(), rec.ID(), ver, model.Record{"source": "Someone else's source"}); err != nil {
				t.Fatal(err)
			}
			f = sitetest.PostForm(t, ts.URL+path, stale, da)
			if f.Status != http.StatusConflict || !strings.Contains(f.Body, "Den gemte version") || !strings.Contains(f.Body, "Someone else&#39;s source") {
				t.Errorf("stale POST: status %d, want 409 showing the saved version", f.Status)
			}
			if got := get(); got.Str("source") != "Someone else's source" {
				t.Error("the stale form changed the database")
			}

			// A valid change: saved, back to the page with a confirmation that shows it.
			form = formOf(t, s, c.e, get(), i18n.Danish)
			for k, v := range c.change {
				form[k] = v
			}
			f = sitetest.PostForm(t, ts.URL+path, form, da)
			if f.Status != http.StatusSeeOther {
				t.Fatalf("POST: status %d, want 303\n%s", f.Status, f.Body)
			}
			loc := f.Header.Get("Location")
			if !strings.HasPrefix(loc, strings.SplitN(page, "?", 2)[0]) || !strings.Contains(loc, "gemt=1") {
				t.Errorf("saved, then sent to %q, want %s with gemt=1", loc, page)
			}
			c.check(t, get())
			p := sitetest.Fetch(t, ts.URL+loc, da, "")
			sitetest.CheckPage(t, p, "da")
			if !strings.Contains(p.Body, `role="status">Dine ændringer er gemt.`) {
				t.Error("the page does not confirm the change")
			}
			if c.shows != "" && !strings.Contains(p.Body, html.EscapeString(c.shows)) {
				t.Errorf("the page does not show %q", c.shows)
			}
		})
	}
}

// TestEditorsRefuse checks that a form names an existing record and that a cross-origin
// POST is refused, for every editor.
func TestEditorsRefuse(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	da := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	for _, c := range editorCases {
		rec := c.find(t, s)
		path := c.e.Path(rec) + "/rediger"
		missing := "/vaerdier/999999999/rediger"
		if c.e.ByKey() {
			missing = strings.Replace(c.e.Path(rec), url.PathEscape(rec.Str("code")), "FINDES-IKKE", 1) + "/rediger"
		} else {
			missing = strings.Replace(path, strconv.FormatInt(rec.ID(), 10), "999999999", 1)
		}
		if f := sitetest.Fetch(t, ts.URL+missing, da, ""); f.Status != http.StatusNotFound {
			t.Errorf("%s: GET %s: status %d, want 404", c.name, missing, f.Status)
		}
		form := formOf(t, s, c.e, rec, i18n.Danish)
		form.Set("source", "Fra en anden side")
		if f := sitetest.PostForm(t, ts.URL+path, form, map[string]string{"Sec-Fetch-Site": "cross-site"}); f.Status != http.StatusForbidden {
			t.Errorf("%s: cross-site POST: status %d, want 403", c.name, f.Status)
		}
		got, err := s.DB.Get(context.Background(), c.e.Res(), rec.ID())
		if err != nil || got["version"] != rec["version"] {
			t.Errorf("%s: a refused POST changed the record", c.name)
		}
	}
}

// TestGoalParents checks that a goal cannot be made part of itself or of its own parts.
func TestGoalParents(t *testing.T) {
	s, _ := sitetest.Start(t, web.New)
	ctx := context.Background()
	l := i18n.For(i18n.Danish)
	goals, err := s.All(ctx, model.Goals, nil)
	if err != nil {
		t.Fatal(err)
	}
	var child model.Record
	for _, g := range goals {
		if _, ok := g.Int("parent_id"); ok {
			child = g
			break
		}
	}
	if child == nil {
		t.Fatal("the demo has no goal with a parent")
	}
	parentID, _ := child.Int("parent_id")
	parent, err := s.DB.Get(ctx, model.Goals, parentID)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := pagesOf(s).GoalParentOptions(ctx, l, model.AsGoal(parent))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		if o.Value == strconv.FormatInt(parent.ID(), 10) || o.Value == strconv.FormatInt(child.ID(), 10) {
			t.Errorf("goal %d may be put under %s, itself or its part", parent.ID(), o.Value)
		}
	}
	if len(opts) == 0 {
		t.Error("no other goal offered as a parent")
	}
}

// TestCreators makes a record of each kind through its form under its parent: the parent's
// page links to the form, an incomplete form is refused with a message next to the field and
// nothing is made, and a complete one makes the record and shows it on its page.
func TestCreators(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	// The test reads as an administrator: new actions are drafts until published.
	ctx := page.WithPrincipal(context.Background(), &auth.Principal{User: store.User{ID: 1, Memberships: []store.Membership{{Role: auth.RoleAdmin}}}}, "")
	da, en := sitetest.SignedIn(t, s.DB, s.Sessions, "da"), sitetest.SignedIn(t, s.DB, s.Sessions, "en")
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	plan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	ind := sitetest.OneOf(t, s.DB, model.Indicators, map[string]string{"code": "co2e_per_capita_t"})
	vip3 := sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": "VIP3"})
	vip7 := sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": "VIP7"})
	// An organisation that does not take part in VIP7.
	var outsider model.Record
	parts, _ := vip7["participants"].([]model.ParticipantRef)
	taking := map[int64]bool{}
	for _, p := range parts {
		taking[p.OrganisationID] = true
	}
	munis, err := s.All(ctx, model.Organisations, map[string]string{"kind": "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range munis {
		if !taking[m.ID()] {
			outsider = m
			break
		}
	}
	planPage := "/kommuner/101"
	for _, c := range []struct {
		name, page, path string
		res              *model.Resource
		filters          map[string]string // find the new record
		good, bad        url.Values
		badAt, badMsg    string
		shows            string
	}{
		{name: "action in a plan", page: planPage, path: "/planer/" + strconv.FormatInt(plan.ID(), 10) + "/indsatser/ny", res: model.Actions,
			filters: map[string]string{"plan": strconv.FormatInt(plan.ID(), 10), "q": "Nye cykelstier langs Amager Strand"},
			good:    url.Values{"title": {"Nye cykelstier langs Amager Strand"}, "sector": {model.Sectors[0]}, "status": {"planned"}, "organisation_id": {strconv.FormatInt(kbh.ID(), 10)}, "progress": {"12,5"}},
			bad:     url.Values{"title": {""}, "sector": {model.Sectors[0]}, "status": {"planned"}, "organisation_id": {strconv.FormatInt(kbh.ID(), 10)}},
			badAt:   "title", badMsg: "Udfyld feltet.", shows: "Nye cykelstier langs Amager Strand"},
		{name: "goal in a plan", page: planPage, path: "/planer/" + strconv.FormatInt(plan.ID(), 10) + "/maal/ny", res: model.Goals,
			filters: map[string]string{"plan": strconv.FormatInt(plan.ID(), 10)},
			good:    url.Values{"text_da": {"Halvering af biltrafikken i indre by"}, "target_year": {"2035"}},
			bad:     url.Values{"text_da": {"Noget"}, "target_year": {"snart"}},
			badAt:   "target_year", badMsg: "Skriv et helt tal", shows: "Halvering af biltrafikken i indre by"},
		{name: "value", page: "/noegletal/co2e_per_capita_t", path: "/noegletal/co2e_per_capita_t/vaerdier/ny", res: model.IndicatorValues,
			filters: map[string]string{"indicator": strconv.FormatInt(ind.ID(), 10), "organisation": strconv.FormatInt(kbh.ID(), 10), "from": "2031", "to": "2031"},
			good:    url.Values{"organisation_id": {strconv.FormatInt(kbh.ID(), 10)}, "period": {"2031"}, "value": {"1,25"}, "source": {"Egen opgørelse"}},
			bad:     url.Values{"organisation_id": {strconv.FormatInt(kbh.ID(), 10)}, "period": {"2031-H3"}, "value": {"1"}},
			badAt:   "period", badMsg: "Skriv perioden som"},
		{name: "participant", page: "/projekter/VIP7", path: "/projekter/VIP7/deltagere/ny", res: model.Participants,
			filters: map[string]string{"project": strconv.FormatInt(vip7.ID(), 10), "organisation": strconv.FormatInt(outsider.ID(), 10)},
			good:    url.Values{"organisation_id": {strconv.FormatInt(outsider.ID(), 10)}, "role": {"follower"}},
			bad:     url.Values{"organisation_id": {""}, "role": {"follower"}},
			badAt:   "organisation_id", badMsg: "Udfyld feltet.", shows: "deltagelsen for " + outsider.Str("name_da")},
		{name: "action in a project", page: "/projekter/VIP3", path: "/projekter/VIP3/indsatser/ny", res: model.Actions,
			filters: map[string]string{"project": strconv.FormatInt(vip3.ID(), 10), "q": "Fælles udbud af ladestandere"},
			good:    url.Values{"title": {"Fælles udbud af ladestandere"}, "sector": {model.Sectors[0]}, "status": {"planned"}, "organisation_id": {strconv.FormatInt(kbh.ID(), 10)}, "joint": {"1"}},
			bad:     url.Values{"title": {"X"}, "sector": {""}, "status": {"planned"}, "organisation_id": {strconv.FormatInt(kbh.ID(), 10)}},
			badAt:   "sector", badMsg: "Udfyld feltet.", shows: "Fælles udbud af ladestandere"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if p := sitetest.Fetch(t, ts.URL+c.page, da, ""); !strings.Contains(p.Body, `href="`+c.path+`"`) {
				t.Errorf("%s does not link to %s", c.page, c.path)
			}
			for lang, h := range map[string]map[string]string{"da": da, "en": en} {
				f := sitetest.Fetch(t, ts.URL+c.path, h, "")
				if f.Status != http.StatusOK {
					t.Fatalf("GET %s (%s): status %d", c.path, lang, f.Status)
				}
				sitetest.CheckPage(t, f, lang)
				if strings.Contains(f.Body, `name="version"`) {
					t.Error("a new record's form carries a version")
				}
			}
			before, err := s.All(ctx, c.res, c.filters)
			if err != nil {
				t.Fatal(err)
			}
			f := sitetest.PostForm(t, ts.URL+c.path, c.bad, da)
			if f.Status != http.StatusUnprocessableEntity {
				t.Fatalf("incomplete POST: status %d, want 422", f.Status)
			}
			if !strings.Contains(f.Body, `<strong id="f-`+c.badAt+`-fejl">`+c.badMsg) {
				t.Errorf("no message %q next to %s", c.badMsg, c.badAt)
			}
			if after, _ := s.All(ctx, c.res, c.filters); len(after) != len(before) {
				t.Error("the incomplete form made a record")
			}
			f = sitetest.PostForm(t, ts.URL+c.path, c.good, da)
			if f.Status != http.StatusSeeOther {
				t.Fatalf("POST: status %d, want 303\n%s", f.Status, f.Body)
			}
			after, err := s.All(ctx, c.res, c.filters)
			if err != nil || len(after) != len(before)+1 {
				t.Fatalf("after the POST there are %d matching records, want %d (%v)", len(after), len(before)+1, err)
			}
			p := sitetest.Fetch(t, ts.URL+f.Header.Get("Location"), da, "")
			if p.Status != http.StatusOK || !strings.Contains(p.Body, `role="status">`) {
				t.Errorf("the page after saving (%s): status %d or no confirmation", f.Header.Get("Location"), p.Status)
			}
			if c.shows != "" && !strings.Contains(p.Body, html.EscapeString(c.shows)) {
				t.Errorf("the page does not show %q", c.shows)
			}
			// The same value twice is refused with a message at the period.
			if c.res == model.IndicatorValues {
				f := sitetest.PostForm(t, ts.URL+c.path, c.good, da)
				if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, "Der er allerede en værdi") {
					t.Errorf("a second value for the same period: status %d, want 422 with a message", f.Status)
				}
			}
		})
	}
}

// TestEditorsNeedTheRight: every edit form sends the public to sign in, refuses a viewer
// (403) and changes nothing for either; an administrator may.
func TestEditorsNeedTheRight(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	viewer := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleViewer})
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	for _, c := range editorCases {
		t.Run(c.name, func(t *testing.T) {
			rec := c.find(t, s)
			path := c.e.Path(rec) + "/rediger"
			form := formOf(t, s, c.e, rec, i18n.Danish)
			form.Set("source", "Ændret uden lov")
			if f := sitetest.Fetch(t, ts.URL+path, sitetest.ActDA, ""); f.Status != http.StatusSeeOther || !strings.HasPrefix(f.Header.Get("Location"), "/log-ind") {
				t.Errorf("public GET: %d %q", f.Status, f.Header.Get("Location"))
			}
			if f := sitetest.PostForm(t, ts.URL+path, form, sitetest.ActDA); f.Status != http.StatusSeeOther {
				t.Errorf("public POST: %d", f.Status)
			}
			if f := sitetest.Fetch(t, ts.URL+path, viewer, ""); f.Status != http.StatusForbidden {
				t.Errorf("viewer GET: %d, want 403", f.Status)
			}
			if f := sitetest.PostForm(t, ts.URL+path, form, viewer); f.Status != http.StatusForbidden {
				t.Errorf("viewer POST: %d, want 403", f.Status)
			}
			if got, _ := s.DB.Get(ctx, c.e.Res(), rec.ID()); got["version"] != rec["version"] {
				t.Error("a refused edit changed the record")
			}
			if f := sitetest.Fetch(t, ts.URL+path, admin, ""); f.Status != http.StatusOK {
				t.Errorf("admin GET: %d", f.Status)
			}
		})
	}
}
