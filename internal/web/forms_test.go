package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/sitetest"
)

func TestParseNumber(t *testing.T) {
	cases := []struct {
		lang i18n.Lang
		in   string
		want float64
		ok   bool
	}{
		{i18n.Danish, "12,5", 12.5, true},
		{i18n.Danish, "12.5", 12.5, true},
		{i18n.Danish, "1.234,5", 1234.5, true},
		{i18n.Danish, "1.234.567", 1234567, true},
		{i18n.Danish, " 1 234,5 ", 1234.5, true},
		{i18n.Danish, "-3", -3, true},
		{i18n.Danish, "0", 0, true},
		{i18n.English, "12.5", 12.5, true},
		{i18n.English, "1,234.5", 1234.5, true},
		{i18n.English, "12,5", 12.5, true},
		{i18n.English, "1,234", 1234, true},
		{i18n.Danish, "abc", 0, false},
		{i18n.Danish, "NaN", 0, false},
		{i18n.Danish, "Inf", 0, false},
		{i18n.Danish, "0x10", 0, false},
		{i18n.Danish, "1e5", 0, false},
		{i18n.Danish, "12,5,1", 0, false},
		{i18n.English, "", 0, false},
	}
	for _, c := range cases {
		got, ok := parseNumber(c.lang, c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("parseNumber(%s, %q) = %v, %v; want %v, %v", c.lang, c.in, got, ok, c.want, c.ok)
		}
	}
	for _, x := range []float64{0, 12.5, 100, 1234567.25, 1e13} {
		for _, lang := range []i18n.Lang{i18n.Danish, i18n.English} {
			s := formNumber(lang, x)
			if got, ok := parseNumber(lang, s); !ok || got != x {
				t.Errorf("%s: %v is written %q and read back as %v, %v", lang, x, s, got, ok)
			}
		}
	}
	if got := formNumber(i18n.Danish, 12.5); got != "12,5" {
		t.Errorf("formNumber(da, 12.5) = %q, want 12,5", got)
	}
}

// editCase is an action of Copenhagen to edit, with the form values it has now.
type editCase struct {
	s    *Server
	da   map[string]string // a signed-in administrator's browser, in Danish
	en   map[string]string
	base string
	id   int64
	path string // the edit form
	muni string // the municipality page
}

func newEditCase(t *testing.T) editCase {
	t.Helper()
	s, ts := newTestServer(t)
	ctx := context.Background()
	org, err := s.one(ctx, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	acts, err := s.all(ctx, model.Actions, map[string]string{"organisation": idString(org.ID())})
	if err != nil || len(acts) == 0 {
		t.Fatalf("no actions of Copenhagen: %v", err)
	}
	id := acts[0].ID()
	return editCase{s: s, da: signedIn(t, s, "da"), en: signedIn(t, s, "en"), base: ts.URL, id: id, path: "/indsatser/" + idString(id) + "/rediger", muni: "/kommuner/101"}
}

func (c editCase) stored(t *testing.T) model.Record {
	t.Helper()
	a, err := c.s.db.Get(context.Background(), model.Actions, c.id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// values are the form values of the stored action, as the form shows them in lang.
func (c editCase) values(t *testing.T, lang i18n.Lang) url.Values {
	t.Helper()
	l := i18n.For(lang)
	specs, err := actionEditor.specs(context.Background(), c.s, l, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := c.stored(t)
	v := recordValues(l, specs, a)
	ver, _ := a.Int("version")
	v.Set("version", strconv.FormatInt(ver, 10))
	return v
}

func postForm(t *testing.T, u string, form url.Values, header map[string]string) fetched {
	t.Helper()
	return fetchedOf(sitetest.PostForm(t, u, form, header))
}

func postAs(t *testing.T, u, host string, form url.Values, header map[string]string) fetched {
	t.Helper()
	return fetchedOf(sitetest.PostAs(t, u, host, form, header))
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
	if _, err := c.s.db.Update(ctx, model.Actions, c.id, ver, model.Record{"progress": 12.5}); err != nil {
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
			f := fetch(t, c.base+c.path, tc.header, "")
			if f.status != 200 {
				t.Fatalf("GET %s: status %d", c.path, f.status)
			}
			checkPage(t, f, tc.lang)
			if got := inputValue(t, f.body, "f-title"); got != a.Str("title") {
				t.Errorf("title shows %q, want %q", got, a.Str("title"))
			}
			if got := inputValue(t, f.body, "f-progress"); got != tc.progress {
				t.Errorf("progress shows %q, want %q", got, tc.progress)
			}
			if got := selected(f.body, "f-status"); got != a.Str("status") {
				t.Errorf("status select has %q selected, want %q", got, a.Str("status"))
			}
			if got := selected(f.body, "f-sector"); got != a.Str("sector") {
				t.Errorf("sector select has %q selected, want %q", got, a.Str("sector"))
			}
			if !strings.Contains(f.body, `<input type="hidden" name="version" value="`+strconv.FormatInt(ver, 10)+`">`) {
				t.Error("the form lacks the hidden version")
			}
			if !strings.Contains(f.body, tc.save) {
				t.Errorf("the form has no button %q", tc.save)
			}
			// Every control has a label.
			for _, m := range regexp.MustCompile(`<(?:input|select|textarea) id="([^"]+)"|<input type="checkbox" id="([^"]+)"`).FindAllStringSubmatch(f.body, -1) {
				id := m[1] + m[2]
				if !strings.Contains(f.body, `<label for="`+id+`">`) {
					t.Errorf("control #%s has no label", id)
				}
			}
			for _, id := range []string{"f-title", "f-description", "f-sector", "f-organisation_id", "f-start_date", "f-end_date", "f-status", "f-progress", "f-effect_t_co2e", "f-effect_start_year", "f-cost_dkk", "f-joint", "f-source"} {
				if !strings.Contains(f.body, `id="`+id+`"`) {
					t.Errorf("the form lacks #%s", id)
				}
			}
			for _, name := range []string{"theme_ids", "partner_ids"} {
				if !strings.Contains(f.body, `<input type="checkbox" id="f-`+name+`-`) {
					t.Errorf("the form lacks checkboxes for %s", name)
				}
			}
			if !strings.Contains(f.body, `type="date"`) {
				t.Error("the dates are not date inputs")
			}
		})
	}
	// The detail page links to the form.
	f := fetch(t, c.base+"/indsatser/"+idString(c.id), c.da, "")
	if !strings.Contains(f.body, `href="`+c.path+`"`) {
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
			f := postForm(t, c.base+c.path, form, tc.header)
			if f.status != http.StatusSeeOther {
				t.Fatalf("POST: status %d, want 303\n%s", f.status, f.body)
			}
			loc := f.header.Get("Location")
			if loc != "/indsatser/"+idString(c.id)+"?gemt=1" {
				t.Errorf("redirect to %q", loc)
			}
			a := c.stored(t)
			if a.Str("status") != tc.status {
				t.Errorf("stored status %q, want %q", a.Str("status"), tc.status)
			}
			if p, _ := a.Float("progress"); p != tc.want {
				t.Errorf("stored progress %v, want %v", p, tc.want)
			}
			d := fetch(t, c.base+loc, tc.header, "")
			checkPage(t, d, tc.lang)
			if !strings.Contains(d.body, `role="status">`+tc.saved) {
				t.Error("the action's page does not confirm the change")
			}
			if !strings.Contains(d.body, "<dd>"+tc.statusText+"</dd>") {
				t.Errorf("the action's page does not show the status %q", tc.statusText)
			}
			m := fetch(t, c.base+c.muni, tc.header, "")
			row := regexp.MustCompile(`<th scope="row"><a href="/indsatser/\d+">` + regexp.QuoteMeta(html.EscapeString(a.Str("title"))) + `</a>(?: <span class="badge">[^<]*</span>)?</th><td>` + regexp.QuoteMeta(tc.statusText) + `</td>`)
			if !row.MatchString(m.body) {
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
			f := postForm(t, c.base+c.path, form, tc.header)
			if f.status != http.StatusUnprocessableEntity {
				t.Fatalf("POST: status %d, want 422", f.status)
			}
			checkPage(t, f, tc.lang)
			if !strings.Contains(f.body, `role="alert"`) || !strings.Contains(f.body, tc.heading) {
				t.Error("no error summary")
			}
			for _, id := range []string{"f-title", "f-progress", "f-start_date", "f-cost_dkk"} {
				if !strings.Contains(f.body, `<a href="#`+id+`">`) {
					t.Errorf("the summary does not link to #%s", id)
				}
				if !regexp.MustCompile(`id="` + id + `" [^>]*aria-invalid="true" aria-describedby="[^"]*` + id + `-fejl"`).MatchString(f.body) {
					t.Errorf("#%s is not marked invalid and described by its message", id)
				}
				if !strings.Contains(f.body, `<strong id="`+id+`-fejl">`) {
					t.Errorf("no message next to #%s", id)
				}
			}
			if strings.Contains(f.body, `id="f-effect_t_co2e-fejl"`) {
				t.Error(`"12,5" is refused as an effect`)
			}
			if !strings.Contains(f.body, `<strong id="f-title-fejl">`+tc.required) {
				t.Error("the title's message is not the required one")
			}
			if !strings.Contains(f.body, `<strong id="f-progress-fejl">`+tc.rangeMsg) {
				t.Error("the progress's message is not the range one")
			}
			// The input is kept.
			for id, want := range map[string]string{"f-progress": "150", "f-start_date": "2026-13-45", "f-effect_t_co2e": "12,5", "f-cost_dkk": "mange"} {
				if got := inputValue(t, f.body, id); got != want {
					t.Errorf("#%s shows %q, want the input %q", id, got, want)
				}
			}
			if !strings.Contains(f.body, "Min &lt;nye&gt; beskrivelse</textarea>") {
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
	f := postForm(t, c.base+c.path, form, c.da)
	if f.status != http.StatusUnprocessableEntity || !strings.Contains(f.body, "har ingen samarbejdspartnere") {
		t.Errorf("partners on an action done alone: status %d, want 422 with the rule explained", f.status)
	}
	// A date that ends before it starts.
	form = c.values(t, i18n.Danish)
	form.Set("start_date", "2030-01-01")
	form.Set("end_date", "2029-01-01")
	f = postForm(t, c.base+c.path, form, c.da)
	if f.status != http.StatusUnprocessableEntity || !strings.Contains(f.body, `<strong id="f-end_date-fejl">Slutdatoen`) {
		t.Errorf("an end before the start: status %d, want 422 with a message at the end date", f.status)
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
			if _, err := c.s.db.Update(ctx, model.Actions, c.id, ver, model.Record{"title": theirTitle}); err != nil {
				t.Fatal(err)
			}
			cur := c.stored(t)
			myTitle := "Min titel " + tc.lang
			form.Set("title", myTitle)
			f := postForm(t, c.base+c.path, form, tc.header)
			if f.status != http.StatusConflict {
				t.Fatalf("stale POST: status %d, want 409", f.status)
			}
			checkPage(t, f, tc.lang)
			for _, want := range []string{tc.title, tc.theirs, tc.yours, "<td>" + theirTitle + "</td><td>" + myTitle + "</td>"} {
				if !strings.Contains(f.body, want) {
					t.Errorf("the conflict view lacks %q", want)
				}
			}
			if got := inputValue(t, f.body, "f-title"); got != myTitle {
				t.Errorf("the form shows the title %q, want the user's %q", got, myTitle)
			}
			newVer, _ := cur.Int("version")
			if !strings.Contains(f.body, `name="version" value="`+strconv.FormatInt(newVer, 10)+`"`) {
				t.Error("the form does not carry the current version")
			}
			if after := c.stored(t); after.Str("title") != theirTitle || after["version"] != cur["version"] {
				t.Error("the stale form changed the database")
			}
			// Saving again deliberately overwrites.
			form.Set("version", strconv.FormatInt(newVer, 10))
			if f := postForm(t, c.base+c.path, form, tc.header); f.status != http.StatusSeeOther {
				t.Fatalf("saving again: status %d, want 303", f.status)
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
		if f := fetch(t, c.base+p, c.da, ""); f.status != 404 {
			t.Errorf("GET %s: status %d, want 404", p, f.status)
		}
		if f := postForm(t, c.base+p, form, c.da); f.status != 404 {
			t.Errorf("POST %s: status %d, want 404", p, f.status)
		}
	}
	form.Set("title", "Fra en anden side")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	} {
		f := postForm(t, c.base+c.path, form, h)
		if f.status != http.StatusForbidden {
			t.Errorf("cross-origin POST %v: status %d, want 403", h, f.status)
		}
	}
	if f := postForm(t, c.base+c.path, form, map[string]string{"Sec-Fetch-Site": "cross-site", "Accept-Language": "en"}); !strings.Contains(f.body, "You do not have access") {
		t.Error("the 403 page is not translated")
	}
	if got := c.stored(t).Str("title"); got == "Fra en anden side" {
		t.Error("a cross-origin POST changed the database")
	}
	// A same-origin browser POST is allowed.
	form.Set("title", "Fra samme side")
	if f := postForm(t, c.base+c.path, form, map[string]string{"Sec-Fetch-Site": "same-origin"}); f.status != http.StatusSeeOther {
		t.Errorf("same-origin POST: status %d, want 303", f.status)
	}
}
