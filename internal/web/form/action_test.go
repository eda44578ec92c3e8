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
	"klimaspor/internal/web/sitetest"
)

// editCase is an action of Copenhagen to edit, with the form values it has now.
type editCase struct {
	s    *web.Server
	da   map[string]string // a signed-in administrator's browser, in Danish
	en   map[string]string
	base string
	id   int64
	path string // the edit form
	muni string // the municipality page
}

func newEditCase(t *testing.T) editCase {
	t.Helper()
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	org, err := s.One(ctx, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	acts, err := s.All(ctx, model.Actions, map[string]string{"organisation": strconv.FormatInt(org.ID(), 10)})
	if err != nil || len(acts) == 0 {
		t.Fatalf("no actions of Copenhagen: %v", err)
	}
	id := acts[0].ID()
	return editCase{s: s, da: sitetest.SignedIn(t, s.DB, s.Sessions, "da"), en: sitetest.SignedIn(t, s.DB, s.Sessions, "en"), base: ts.URL, id: id, path: "/indsatser/" + strconv.FormatInt(id, 10) + "/rediger", muni: "/kommuner/101"}
}

func (c editCase) stored(t *testing.T) model.Record {
	t.Helper()
	a, err := c.s.DB.Get(context.Background(), model.Actions, c.id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// values are the form values of the stored action, as the form shows them in lang.
func (c editCase) values(t *testing.T, lang i18n.Lang) url.Values {
	t.Helper()
	return formOf(t, c.s, form.ActionEditor, c.stored(t), lang)
}

// Dates are accepted as dd.mm.åååå and as åååå-mm-dd, stored as åååå-mm-dd, and shown as
// the reader writes them.
func TestEditActionDates(t *testing.T) {
	c := newEditCase(t)
	for _, tc := range []struct {
		lang, start, end, stored, shown string
		header                          map[string]string
	}{
		{"da", "1.2.2024", "24.11.2026", "2026-11-24", "24.11.2026", c.da},
		{"en", "2024-02-01", "24/11/2026", "2026-11-24", "2026-11-24", c.en},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			lang, _ := i18n.ParseLang(tc.lang)
			form := c.values(t, lang)
			form.Set("start_date", tc.start)
			form.Set("end_date", tc.end)
			if f := sitetest.PostForm(t, c.base+c.path, form, tc.header); f.Status != http.StatusSeeOther {
				t.Fatalf("POST: status %d\n%s", f.Status, f.Body)
			}
			a := model.AsAction(c.stored(t))
			if a.StartDate() != "2024-02-01" || a.EndDate() != tc.stored {
				t.Errorf("stored %s – %s, want 2024-02-01 – %s", a.StartDate(), a.EndDate(), tc.stored)
			}
			f := sitetest.Fetch(t, c.base+c.path, tc.header, "")
			if got := inputValue(t, f.Body, "f-end_date"); got != tc.shown {
				t.Errorf("the form shows %q, want %q", got, tc.shown)
			}
		})
	}
}

// inputValue is the value attribute of the input with the given id, unescaped.
func inputValue(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<input id="` + regexp.QuoteMeta(id) + `" name="[^"]*" value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the form has no input #%s", id)
	}
	return html.UnescapeString(m[1])
}

func selected(body, id string) string {
	m := regexp.MustCompile(`(?s)<select id="` + regexp.QuoteMeta(id) + `".*?<option value="([^"]*)" selected>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestEditActionForm(t *testing.T) {
	c := newEditCase(t)
	ctx := context.Background()
	// Give the action a fractional progress, to see it in each locale.
	a := c.stored(t)
	ver, _ := a.Int("version")
	if _, err := c.s.DB.Update(ctx, model.Actions, c.id, ver, model.Record{"progress": 12.5}); err != nil {
		t.Fatal(err)
	}
	a = c.stored(t)
	ver, _ = a.Int("version")
	for _, tc := range []struct {
		lang     string
		header   map[string]string
		progress string
		save     string
	}{
		{"da", c.da, "12,5", "Gem ændringerne"},
		{"en", c.en, "12.5", "Save the changes"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := sitetest.Fetch(t, c.base+c.path, tc.header, "")
			if f.Status != 200 {
				t.Fatalf("GET %s: status %d", c.path, f.Status)
			}
			sitetest.CheckPage(t, f, tc.lang)
			if got := inputValue(t, f.Body, "f-title"); got != a.Str("title") {
				t.Errorf("title shows %q, want %q", got, a.Str("title"))
			}
			if got := inputValue(t, f.Body, "f-progress"); got != tc.progress {
				t.Errorf("progress shows %q, want %q", got, tc.progress)
			}
			if got := selected(f.Body, "f-status"); got != a.Str("status") {
				t.Errorf("status select has %q selected, want %q", got, a.Str("status"))
			}
			if got := selected(f.Body, "f-sector"); got != a.Str("sector") {
				t.Errorf("sector select has %q selected, want %q", got, a.Str("sector"))
			}
			if !strings.Contains(f.Body, `<input type="hidden" name="version" value="`+strconv.FormatInt(ver, 10)+`">`) {
				t.Error("the form lacks the hidden version")
			}
			if !strings.Contains(f.Body, tc.save) {
				t.Errorf("the form has no button %q", tc.save)
			}
			// Every control has a label.
			for _, m := range regexp.MustCompile(`<(?:input|select|textarea) id="([^"]+)"|<input type="checkbox" id="([^"]+)"`).FindAllStringSubmatch(f.Body, -1) {
				id := m[1] + m[2]
				if !strings.Contains(f.Body, `<label for="`+id+`">`) {
					t.Errorf("control #%s has no label", id)
				}
			}
			for _, id := range []string{"f-title", "f-description", "f-sector", "f-organisation_id", "f-start_date", "f-end_date", "f-status", "f-progress", "f-effect_t_co2e", "f-effect_start_year", "f-cost_dkk", "f-joint", "f-source"} {
				if !strings.Contains(f.Body, `id="`+id+`"`) {
					t.Errorf("the form lacks #%s", id)
				}
			}
			// Themes and partners are one list each, with several chosen: one tab stop, the
			// nearest organisations first (a box per choice took 242 presses of Tab).
			for _, name := range []string{"theme_ids", "partner_ids"} {
				if !strings.Contains(f.Body, `<select id="f-`+name+`" name="`+name+`" multiple`) {
					t.Errorf("%s is not a list of several choices", name)
				}
			}
			near := map[string]string{"da": "Nærmeste organisationer", "en": "Nearest organisations"}[tc.lang]
			if i, j := strings.Index(f.Body, `<optgroup label="`+near+`">`), strings.Index(f.Body, `<option value="`+strconv.FormatInt(a.ID(), 10)); i < 0 {
				t.Errorf("the partners do not start with the nearest organisations (%d, %d)", i, j)
			}
			form := f.Body[strings.Index(f.Body, "<form"):]
			form = form[:strings.Index(form, "</form>")]
			stops := regexp.MustCompile(`<(?:select|textarea|button)\b|<input (?:[^>]*)type="(?:text|checkbox|number|date|radio)"|<input id=|<a `).FindAllString(form, -1)
			if len(stops) > 30 {
				t.Errorf("the form has %d tab stops, want at most 30", len(stops))
			}
			hint := map[string]string{"da": "dd.mm.åååå eller åååå-mm-dd", "en": "yyyy-mm-dd or dd.mm.yyyy"}[tc.lang]
			if !strings.Contains(f.Body, hint) {
				t.Errorf("the dates have no hint %q", hint)
			}
		})
	}
	// The detail page links to the form.
	f := sitetest.Fetch(t, c.base+"/indsatser/"+strconv.FormatInt(c.id, 10), c.da, "")
	if !strings.Contains(f.Body, `href="`+c.path+`"`) {
		t.Error("the action's page does not link to its edit form")
	}
}

func TestEditActionSave(t *testing.T) {
	c := newEditCase(t)
	for _, tc := range []struct {
		lang, progress, status, statusText, saved string
		header                                    map[string]string
		want                                      float64
	}{
		{"da", "87,5", "delayed", "Forsinket", "Dine ændringer er gemt.", c.da, 87.5},
		{"en", "42.25", "completed", "Completed", "Your changes have been saved.", c.en, 42.25},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			lang, _ := i18n.ParseLang(tc.lang)
			form := c.values(t, lang)
			form.Set("status", tc.status)
			form.Set("progress", tc.progress)
			f := sitetest.PostForm(t, c.base+c.path, form, tc.header)
			if f.Status != http.StatusSeeOther {
				t.Fatalf("POST: status %d, want 303\n%s", f.Status, f.Body)
			}
			loc := f.Header.Get("Location")
			if loc != "/indsatser/"+strconv.FormatInt(c.id, 10)+"?gemt=1" {
				t.Errorf("redirect to %q", loc)
			}
			a := c.stored(t)
			if a.Str("status") != tc.status {
				t.Errorf("stored status %q, want %q", a.Str("status"), tc.status)
			}
			if p, _ := a.Float("progress"); p != tc.want {
				t.Errorf("stored progress %v, want %v", p, tc.want)
			}
			d := sitetest.Fetch(t, c.base+loc, tc.header, "")
			sitetest.CheckPage(t, d, tc.lang)
			if !strings.Contains(d.Body, `role="status">`+tc.saved) {
				t.Error("the action's page does not confirm the change")
			}
			if !strings.Contains(d.Body, "<dd>"+tc.statusText+"</dd>") {
				t.Errorf("the action's page does not show the status %q", tc.statusText)
			}
			m := sitetest.Fetch(t, c.base+c.muni, tc.header, "")
			row := regexp.MustCompile(`<th scope="row"><a href="/indsatser/\d+"(?: lang="[a-z]+")?>` + regexp.QuoteMeta(html.EscapeString(a.Str("title"))) + `</a>(?: <span class="badge">[^<]*</span>)?</th><td>` + regexp.QuoteMeta(tc.statusText) + `</td>`)
			if !row.MatchString(m.Body) {
				t.Errorf("%s does not show the action with status %q", c.muni, tc.statusText)
			}
		})
	}
}

func TestEditActionInvalid(t *testing.T) {
	c := newEditCase(t)
	before := c.stored(t)
	for _, tc := range []struct {
		lang                        string
		header                      map[string]string
		required, rangeMsg, heading string
	}{
		{"da", c.da, "Udfyld feltet.", "Værdien skal ligge mellem 0 og 100.", "Ret venligst følgende, før du gemmer"},
		{"en", c.en, "Fill in this field.", "The value must be between 0 and 100.", "Please correct the following before you save"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			lang, _ := i18n.ParseLang(tc.lang)
			form := c.values(t, lang)
			form.Set("title", "  ")
			form.Set("progress", "150")
			form.Set("start_date", "2026-13-45")
			form.Set("effect_t_co2e", "12,5")
			form.Set("cost_dkk", "mange")
			form.Set("description", "Min <nye> beskrivelse")
			f := sitetest.PostForm(t, c.base+c.path, form, tc.header)
			if f.Status != http.StatusUnprocessableEntity {
				t.Fatalf("POST: status %d, want 422", f.Status)
			}
			sitetest.CheckPage(t, f, tc.lang)
			if !strings.Contains(f.Body, `role="alert"`) || !strings.Contains(f.Body, tc.heading) {
				t.Error("no error summary")
			}
			for _, id := range []string{"f-title", "f-progress", "f-start_date", "f-cost_dkk"} {
				if !strings.Contains(f.Body, `<a href="#`+id+`">`) {
					t.Errorf("the summary does not link to #%s", id)
				}
				if !regexp.MustCompile(`id="` + id + `" [^>]*aria-invalid="true" aria-describedby="[^"]*` + id + `-fejl"`).MatchString(f.Body) {
					t.Errorf("#%s is not marked invalid and described by its message", id)
				}
				if !strings.Contains(f.Body, `<strong id="`+id+`-fejl">`) {
					t.Errorf("no message next to #%s", id)
				}
			}
			if strings.Contains(f.Body, `id="f-effect_t_co2e-fejl"`) {
				t.Error(`"12,5" is refused as an effect`)
			}
			if !strings.Contains(f.Body, `<strong id="f-title-fejl">`+tc.required) {
				t.Error("the title's message is not the required one")
			}
			if !strings.Contains(f.Body, `<strong id="f-progress-fejl">`+tc.rangeMsg) {
				t.Error("the progress's message is not the range one")
			}
			// The input is kept.
			for id, want := range map[string]string{"f-progress": "150", "f-start_date": "2026-13-45", "f-effect_t_co2e": "12,5", "f-cost_dkk": "mange"} {
				if got := inputValue(t, f.Body, id); got != want {
					t.Errorf("#%s shows %q, want the input %q", id, got, want)
				}
			}
			if !strings.Contains(f.Body, "Min &lt;nye&gt; beskrivelse</textarea>") {
				t.Error("the description typed is not kept")
			}
			if after := c.stored(t); after["version"] != before["version"] || after.Str("title") != before.Str("title") {
				t.Error("the invalid form changed the database")
			}
		})
	}
	// A rule between fields: partners on an action done alone.
	form := c.values(t, i18n.Danish)
	form.Del("joint")
	form.Set("partner_ids", form.Get("organisation_id"))
	f := sitetest.PostForm(t, c.base+c.path, form, c.da)
	if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, "har ingen samarbejdspartnere") {
		t.Errorf("partners on an action done alone: status %d, want 422 with the rule explained", f.Status)
	}
	// A date that ends before it starts.
	form = c.values(t, i18n.Danish)
	form.Set("start_date", "2030-01-01")
	form.Set("end_date", "2029-01-01")
	f = sitetest.PostForm(t, c.base+c.path, form, c.da)
	if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, `<strong id="f-end_date-fejl">Slutdatoen`) {
		t.Errorf("an end before the start: status %d, want 422 with a message at the end date", f.Status)
	}
}

func TestEditActionConflict(t *testing.T) {
	c := newEditCase(t)
	ctx := context.Background()
	for _, tc := range []struct {
		lang, title, theirs, yours string
		header                     map[string]string
	}{
		{"da", "Nogen har gemt en ændring, siden du åbnede siden", "Den gemte version", "Din version", c.da},
		{"en", "Someone has saved a change since you opened this page", "The saved version", "Your version", c.en},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			lang, _ := i18n.ParseLang(tc.lang)
			form := c.values(t, lang) // the user opens the form
			// Someone else saves first.
			a := c.stored(t)
			ver, _ := a.Int("version")
			theirTitle := "Deres titel " + tc.lang
			if _, err := c.s.DB.Update(ctx, model.Actions, c.id, ver, model.Record{"title": theirTitle}); err != nil {
				t.Fatal(err)
			}
			cur := c.stored(t)
			myTitle := "Min titel " + tc.lang
			form.Set("title", myTitle)
			f := sitetest.PostForm(t, c.base+c.path, form, tc.header)
			if f.Status != http.StatusConflict {
				t.Fatalf("stale POST: status %d, want 409", f.Status)
			}
			sitetest.CheckPage(t, f, tc.lang)
			for _, want := range []string{tc.title, tc.theirs, tc.yours, "<td>" + theirTitle + "</td><td>" + myTitle + "</td>"} {
				if !strings.Contains(f.Body, want) {
					t.Errorf("the conflict view lacks %q", want)
				}
			}
			if got := inputValue(t, f.Body, "f-title"); got != myTitle {
				t.Errorf("the form shows the title %q, want the user's %q", got, myTitle)
			}
			newVer, _ := cur.Int("version")
			if !strings.Contains(f.Body, `name="version" value="`+strconv.FormatInt(newVer, 10)+`"`) {
				t.Error("the form does not carry the current version")
			}
			if after := c.stored(t); after.Str("title") != theirTitle || after["version"] != cur["version"] {
				t.Error("the stale form changed the database")
			}
			// Saving again deliberately overwrites.
			form.Set("version", strconv.FormatInt(newVer, 10))
			if f := sitetest.PostForm(t, c.base+c.path, form, tc.header); f.Status != http.StatusSeeOther {
				t.Fatalf("saving again: status %d, want 303", f.Status)
			}
			if got := c.stored(t).Str("title"); got != myTitle {
				t.Errorf("after saving again the title is %q, want %q", got, myTitle)
			}
		})
	}
}

func TestEditActionRefused(t *testing.T) {
	c := newEditCase(t)
	form := c.values(t, i18n.Danish)
	for _, p := range []string{"/indsatser/999999/rediger", "/indsatser/abc/rediger", "/indsatser/01/rediger"} {
		if f := sitetest.Fetch(t, c.base+p, c.da, ""); f.Status != 404 {
			t.Errorf("GET %s: status %d, want 404", p, f.Status)
		}
		if f := sitetest.PostForm(t, c.base+p, form, c.da); f.Status != 404 {
			t.Errorf("POST %s: status %d, want 404", p, f.Status)
		}
	}
	form.Set("title", "Fra en anden side")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	} {
		f := sitetest.PostForm(t, c.base+c.path, form, h)
		if f.Status != http.StatusForbidden {
			t.Errorf("cross-origin POST %v: status %d, want 403", h, f.Status)
		}
	}
	if f := sitetest.PostForm(t, c.base+c.path, form, map[string]string{"Sec-Fetch-Site": "cross-site", "Accept-Language": "en"}); !strings.Contains(f.Body, "You do not have access") {
		t.Error("the 403 page is not translated")
	}
	if got := c.stored(t).Str("title"); got == "Fra en anden side" {
		t.Error("a cross-origin POST changed the database")
	}
	// A same-origin browser POST is allowed.
	form.Set("title", "Fra samme side")
	if f := sitetest.PostForm(t, c.base+c.path, form, map[string]string{"Sec-Fetch-Site": "same-origin"}); f.Status != http.StatusSeeOther {
		t.Errorf("same-origin POST: status %d, want 303", f.Status)
	}
}

// TestActionFormKeepsTheOrganisationWithinReach: an action in a plan is done by the plan's
// organisation, so its form offers only that one; a crafted form that hands Copenhagen's
// action to Albertslund is refused (403) with the message next to the field, and nothing
// changes.
func TestActionFormKeepsTheOrganisationWithinReach(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	plan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	act := sitetest.OneOf(t, s.DB, model.Actions, map[string]string{"plan": strconv.FormatInt(plan.ID(), 10)})
	kbhEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	path := "/indsatser/" + strconv.FormatInt(act.ID(), 10) + "/rediger"
	page := sitetest.Fetch(t, ts.URL+path, kbhEditor, "")
	sel := regexp.MustCompile(`(?s)<select id="f-organisation_id".*?</select>`).FindString(page.Body)
	var offered []string
	for _, m := range regexp.MustCompile(`<option value="([^"]+)"`).FindAllStringSubmatch(sel, -1) {
		offered = append(offered, m[1])
	}
	if len(offered) != 1 || offered[0] != strconv.FormatInt(kbh.ID(), 10) {
		t.Errorf("the form offers %v to do the action, want only Copenhagen (%d)", offered, kbh.ID())
	}
	form := formOf(t, s, form.ActionEditor, act, i18n.Danish)
	form.Set("organisation_id", strconv.FormatInt(alb.ID(), 10))
	f := sitetest.PostForm(t, ts.URL+path, form, kbhEditor)
	if f.Status != http.StatusForbidden || !strings.Contains(f.Body, i18n.For(i18n.Danish).T("validation.out_of_reach")) {
		t.Errorf("handing the action to Albertslund: %d, want 403 with the message", f.Status)
	}
	if got, _ := s.DB.Get(ctx, model.Actions, act.ID()); got["version"] != act["version"] {
		t.Error("the refused form changed the action")
	}
}
