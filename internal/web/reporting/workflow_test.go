package reporting_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/web/sitetest"
)

// post posts a form as the person, and fails unless the answer has the status.
func (f *fixture) post(t *testing.T, who, path string, form url.Values, want int) sitetest.Fetched {
	t.Helper()
	got := sitetest.PostForm(t, f.url+path, form, f.people[who])
	if got.Status != want {
		t.Fatalf("%s POST %s: %d, want %d\n%s", who, path, got.Status, want, mainOf(got.Body))
	}
	return got
}

// get fetches a page as the person, and fails unless the answer has the status.
func (f *fixture) get(t *testing.T, who, path string, want int) sitetest.Fetched {
	t.Helper()
	got := sitetest.Fetch(t, f.url+path, f.people[who], "")
	if got.Status != want {
		t.Fatalf("%s GET %s: %d, want %d\n%s", who, path, got.Status, want, mainOf(got.Body))
	}
	return got
}

// mainOf is a page's main element, for messages.
func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	return body
}

func (f *fixture) path(suffix string) string { return f.reportURL(suffix)[len(f.url):] }

// TestWorkflow walks a report through the pages on both engines: the lead fills it in,
// saves a draft (a Danish decimal comma) and saves and submits; the secretariat returns it
// with a comment, which the lead sees; the lead fixes it and submits again; the secretariat
// approves it, its indicator value becomes the project's, the public reads it, and the
// versions page shows every version with what changed.
func TestWorkflow(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		page := f.get(t, lead, f.path(""), http.StatusOK)
		if !strings.Contains(page.Body, `href="`+f.path("/udfyld")+`"`) || strings.Contains(page.Body, "/godkend") {
			t.Errorf("the lead's report page lacks the fill link or offers approval:\n%s", mainOf(page.Body))
		}
		form := f.get(t, lead, f.path("/udfyld"), http.StatusOK)
		sitetest.CheckPage(t, form, "da")
		for _, want := range []string{"Halvér madspildet i kantinerne", "Kortlægning af madspild", "Kantiner med måling", `<legend id="q-goals-` + itoa(f.goals[0]) + `-lys-navn">`,
			`value="on_track"`, `<label for="q-goals-` + itoa(f.goals[0]) + `-lys-at_risk" class="light light--at_risk">I risiko</label>`} {
			if !strings.Contains(form.Body, want) {
				t.Errorf("the fill form lacks %q", want)
			}
		}

		// A draft: part of the answers.
		draft := url.Values{"version": {itoa(f.report.Version())}, "handling": {"gem"}, "q.status": {"Vi er i gang."}, "q.values." + itoa(f.ind): {"12,5"}}
		f.post(t, lead, f.path("/udfyld"), draft, http.StatusSeeOther)
		rep := f.current(t)
		if rep.State() != string(reporting.Draft) {
			t.Fatalf("a saved report is %s, want draft", rep.State())
		}
		if !strings.Contains(string(rep.Answers()), `"12.5"`) && !strings.Contains(string(rep.Answers()), `12.5`) {
			t.Errorf("the value 12,5 was stored as %s", rep.Answers())
		}
		form = f.get(t, lead, f.path("/udfyld"), http.StatusOK)
		if !strings.Contains(form.Body, `value="12,5"`) || !strings.Contains(form.Body, "Vi er i gang.") {
			t.Errorf("the fill form does not show the saved draft (12,5 and the status)")
		}

		// Save and submit without the goals' lights: nothing is saved, the problems show.
		got := f.post(t, lead, f.path("/udfyld"), url.Values{"version": {itoa(rep.Version())}, "handling": {"indsend"}, "q.status": {"Vi er i gang."}}, http.StatusUnprocessableEntity)
		if !strings.Contains(got.Body, `href="#q-goals-`+itoa(f.goals[0])+`-lys-not_started"`) || !strings.Contains(got.Body, "Besvar spørgsmålet, før rapporten indsendes.") {
			t.Errorf("an incomplete submission does not link to the missing lights:\n%s", mainOf(got.Body))
		}
		if f.current(t).Version() != rep.Version() {
			t.Errorf("an incomplete submission saved something")
		}

		// Save and submit.
		f.post(t, lead, f.path("/udfyld"), f.filled(rep.Version(), "indsend"), http.StatusSeeOther)
		rep = f.current(t)
		if rep.State() != string(reporting.Submitted) {
			t.Fatalf("after save and submit the report is %s", rep.State())
		}
		f.get(t, lead, f.path("/udfyld"), http.StatusConflict) // read-only for the leads now
		page = f.get(t, secretariat, f.path(""), http.StatusOK)
		for _, want := range []string{"/godkend", "/returner", `name="kommentar"`, "På rette spor", "I risiko", "Forklaring 1", "Godt i gang med kortlægningen.", "12,5"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the secretariat's page of a submitted report lacks %q", want)
			}
		}

		// Return: a comment is required.
		got = f.post(t, secretariat, f.path("/returner"), url.Values{"version": {itoa(rep.Version())}, "kommentar": {"  "}}, http.StatusUnprocessableEntity)
		if !strings.Contains(got.Body, `aria-invalid="true"`) || !strings.Contains(got.Body, "Skriv en kommentar") {
			t.Errorf("a return without a comment is not refused by its field:\n%s", mainOf(got.Body))
		}
		f.post(t, secretariat, f.path("/returner"), url.Values{"version": {itoa(rep.Version())}, "kommentar": {"Uddyb udfordringerne."}}, http.StatusSeeOther)
		rep = f.current(t)
		if rep.State() != string(reporting.Returned) || rep.Comment() != "Uddyb udfordringerne." {
			t.Fatalf("after the return: %s with %q", rep.State(), rep.Comment())
		}
		page = f.get(t, lead, f.path("/udfyld"), http.StatusOK)
		if !strings.Contains(page.Body, "Uddyb udfordringerne.") {
			t.Errorf("the lead's fill form does not show the secretariat's comment")
		}

		// The lead fixes it and submits again; the secretariat approves.
		fixed := f.filled(rep.Version(), "indsend")
		fixed.Set("q.challenges", "Kantinerne måler forskelligt.")
		f.post(t, lead, f.path("/udfyld"), fixed, http.StatusSeeOther)
		rep = f.current(t)
		if rep.State() != string(reporting.Submitted) {
			t.Fatalf("after the fix the report is %s", rep.State())
		}
		f.post(t, secretariat, f.path("/godkend"), url.Values{"version": {itoa(rep.Version())}}, http.StatusSeeOther)
		if st := f.current(t).State(); st != string(reporting.Approved) {
			t.Fatalf("after approval the report is %s", st)
		}
		vals, err := f.db.List(ctx, model.IndicatorValues, model.ListQuery{Filters: map[string]string{"indicator": itoa(f.ind)}, AllDrafts: true, Limit: 10})
		if err != nil || len(vals.Items) != 1 || model.AsIndicatorValue(vals.Items[0]).Value() != 12.5 || model.AsIndicatorValue(vals.Items[0]).Period() != "2022-H2" {
			t.Errorf("the approved report's value: %v %v", vals.Items, err)
		}
		pub := f.get(t, public, f.path(""), http.StatusOK)
		if !strings.Contains(pub.Body, "Godkendt") || strings.Contains(pub.Body, "/udfyld") || strings.Contains(pub.Body, "/godkend") {
			t.Errorf("the public's page of the approved report:\n%s", mainOf(pub.Body))
		}

		// The versions: made, draft, submitted, returned, resubmitted (saved, then
		// submitted), approved; the fix shows as a change.
		vs := f.get(t, lead, f.path("/versioner"), http.StatusOK)
		sitetest.CheckPage(t, vs, "da")
		for _, want := range []string{"Version 1: Oprettet", "Version 2: Gemt", "Sendt retur", "Uddyb udfordringerne.", "Version 8: Godkendt",
			"<td>–</td><td>Kantinerne måler forskelligt.</td>", "<td>Vi er i gang.</td><td>Godt i gang med kortlægningen.</td>", "hjemmesiden"} {
			if !strings.Contains(vs.Body, want) {
				t.Errorf("the versions page lacks %q", want)
			}
		}
		if t.Failed() {
			t.Log(mainOf(vs.Body))
		}
	})
}
