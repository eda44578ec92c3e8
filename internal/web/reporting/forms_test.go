package reporting_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// TestStaleSave: a save on an old version answers 409 and overwrites nothing; the page shows
// the stored version and keeps the reader's answers in the form, at the stored version, so
// saving again replaces it.
func TestStaleSave(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		old := f.report.Version()
		// The secretariat saves first, through its own form.
		theirs := url.Values{"version": {itoa(old)}, "handling": {"gem"}, "q.status": {"Sekretariatets tekst"}}
		f.post(t, secretariat, f.path("/udfyld"), theirs, http.StatusSeeOther)
		stored := f.current(t)

		mine := f.filled(old, "gem")
		mine.Set("q.status", "Tovholderens tekst")
		got := f.post(t, lead, f.path("/udfyld"), mine, http.StatusConflict)
		body := mainOf(got.Body)
		for _, want := range []string{"Nogen har gemt en ændring", "Sekretariatets tekst", ">Tovholderens tekst</textarea>",
			`name="version" value="` + itoa(stored.Version()) + `"`, "Gem min version", `value="on_track" checked`} {
			if !strings.Contains(body, want) {
				t.Errorf("the conflict page lacks %q", want)
			}
		}
		if now := f.current(t); now.Version() != stored.Version() || now.Answers() != stored.Answers() {
			t.Errorf("a stale save overwrote the report: %s", now.Answers())
		}
		// Saving again from the conflict page replaces the stored version.
		mine.Set("version", itoa(stored.Version()))
		f.post(t, lead, f.path("/udfyld"), mine, http.StatusSeeOther)
		if a := string(f.current(t).Answers()); !strings.Contains(a, "Tovholderens tekst") {
			t.Errorf("the second save did not keep the lead's answers: %s", a)
		}

		// A move on a stale version is refused too, and says so.
		got = f.post(t, lead, f.path("/indsend"), url.Values{"version": {itoa(stored.Version())}}, http.StatusConflict)
		if !strings.Contains(got.Body, "Rapporten er ændret, siden du åbnede siden") {
			t.Errorf("a stale move does not say why it was refused:\n%s", mainOf(got.Body))
		}
		if st := f.current(t).State(); st != string(reporting.Draft) {
			t.Errorf("a stale submission moved the report to %s", st)
		}
	})
}

// TestFillValidation: problems are shown by their fields and in the summary, and nothing
// is saved: a number that is no number, a light that is no light.
func TestFillValidation(t *testing.T) {
	f := setup(t, storetest.Open(t, "sqlite"))
	cases := []struct {
		name  string
		field string
		value string
		link  string // the summary's link
		msg   string
	}{
		{"number", "q.values." + itoa(f.ind), "tolv", "#q-values-" + itoa(f.ind), "Skriv et tal"},
		{"light", "q.goals." + itoa(f.goals[0]) + ".lys", "green", "#q-goals-" + itoa(f.goals[0]) + "-lys-not_started", "Vælg en status"},
		{"explanation without a light", "q.goals." + itoa(f.goals[1]) + ".forklaring", "Uden status", "#q-goals-" + itoa(f.goals[1]) + "-lys-not_started", "Vælg en status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := url.Values{"version": {itoa(f.report.Version())}, "handling": {"gem"}, "q.status": {"Tekst der bevares"}, c.field: {c.value}}
			got := f.post(t, lead, f.path("/udfyld"), form, http.StatusUnprocessableEntity)
			sitetest.CheckPage(t, got, "da")
			body := mainOf(got.Body)
			for _, want := range []string{`href="` + c.link + `"`, c.msg, "Tekst der bevares", "intet er gemt"} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if !strings.Contains(got.Body, "<title>Fejl:") {
				t.Errorf("the title does not say the form has errors")
			}
			if f.current(t).Version() != f.report.Version() {
				t.Errorf("an invalid form was saved")
			}
		})
	}
}

// formV2 is a second version of the programme's form: other questions, among them a number,
// a choice and a date, and no funding question.
var formV2 = []reporting.Question{
	{ID: "goals", Type: reporting.GoalLights, Required: true, LabelDA: "Målenes status", LabelEN: "The goals' status"},
	{ID: "status", Type: reporting.Text, Required: true, LabelDA: "Hvad er sket", LabelEN: "What happened"},
	{ID: "budget", Type: reporting.Number, LabelDA: "Forbrugt budget (kr.)", LabelEN: "Budget spent (DKK)"},
	{ID: "phase", Type: reporting.Choice, LabelDA: "Fase", LabelEN: "Phase", Options: []reporting.Option{
		{Code: "plan", LabelDA: "Planlægning", LabelEN: "Planning"}, {Code: "run", LabelDA: "Drift", LabelEN: "Running"}}},
	{ID: "milestone", Type: reporting.Date, LabelDA: "Næste milepæl", LabelEN: "Next milestone"},
}

// TestFormVersions: a round made after a new form version asks the new questions (a
// Danish number and date, a choice), while a report given on the old version still
// renders on its own form, with its answers, on both engines.
func TestFormVersions(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		// The old round's report, given on version 1.
		old := f.filled(f.report.Version(), "gem")
		old.Set("q.funding", "Puljemidler fra regionen")
		f.post(t, lead, f.path("/udfyld"), old, http.StatusSeeOther)

		qs, err := json.Marshal(formV2)
		if err != nil {
			t.Fatal(err)
		}
		prog := model.AsReportingRound(f.round).ProgrammeID()
		if _, err := f.db.AddReportForm(sitetest.AsPerson(t, f.db, f.people[secretariat]), prog, qs); err != nil {
			t.Fatal(err)
		}
		round2, err := f.db.Create(sitetest.AsPerson(t, f.db, f.people[secretariat]), model.ReportingRounds, model.Record{
			"programme_id": prog, "name_da": "Forår 2023", "kind": "regular", "opens_on": "2023-03-01", "deadline": "2023-04-30"})
		if err != nil {
			t.Fatal(err)
		}
		if v := model.AsReportingRound(round2).FormVersion(); v != 2 {
			t.Fatalf("the new round's form version = %d, want 2", v)
		}
		reps, err := f.db.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": itoa(round2.ID()), "project": itoa(f.project.ID())}, AllDrafts: true, Limit: 1})
		if err != nil || len(reps.Items) != 1 {
			t.Fatalf("the new round's report: %v", err)
		}
		newRep := reps.Items[0]
		newPath := "/rapportering/rapporter/" + itoa(newRep.ID())

		// The old report renders on version 1: its funding question and answer.
		page := f.get(t, lead, f.path(""), http.StatusOK)
		sitetest.CheckPage(t, page, "da")
		for _, want := range []string{"Finansiering", "Puljemidler fra regionen", "Status på projektets mål", "På rette spor"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the old report's page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, "Næste milepæl") {
			t.Errorf("the old report's page asks the new form's questions")
		}
		f.get(t, lead, f.path("/versioner"), http.StatusOK)

		// The new report asks version 2's questions; Danish numbers and dates are read.
		form := f.get(t, lead, newPath+"/udfyld", http.StatusOK)
		for _, want := range []string{"Næste milepæl", "Forbrugt budget (kr.)", `<option value="run">Drift</option>`} {
			if !strings.Contains(form.Body, want) {
				t.Errorf("the new report's form lacks %q", want)
			}
		}
		if strings.Contains(form.Body, "Finansiering") {
			t.Errorf("the new report's form asks the old form's funding question")
		}
		bad := url.Values{"version": {itoa(newRep.Version())}, "handling": {"gem"}, "q.milestone": {"31-02-2023"}, "q.budget": {"1.234,5"}}
		got := f.post(t, lead, newPath+"/udfyld", bad, http.StatusUnprocessableEntity)
		if !strings.Contains(got.Body, `href="#q-milestone"`) || !strings.Contains(got.Body, `value="1.234,5"`) {
			t.Errorf("an impossible date is not shown by its field, or the number typed is lost:\n%s", mainOf(got.Body))
		}
		for _, date := range []string{"15-06-2023", "2023-06-15"} {
			cur, err := f.db.Get(ctx, model.Reports, newRep.ID())
			if err != nil {
				t.Fatal(err)
			}
			good := url.Values{"version": {itoa(cur.Version())}, "handling": {"gem"}, "q.milestone": {date}, "q.budget": {"1.234,5"}, "q.phase": {"run"}}
			f.post(t, lead, newPath+"/udfyld", good, http.StatusSeeOther)
			cur, err = f.db.Get(ctx, model.Reports, newRep.ID())
			if err != nil {
				t.Fatal(err)
			}
			var a map[string]any
			if err := json.Unmarshal([]byte(model.AsReport(cur).Answers()), &a); err != nil {
				t.Fatal(err)
			}
			if a["milestone"] != "2023-06-15" || a["budget"] != 1234.5 || a["phase"] != "run" {
				t.Errorf("%s: stored %v", date, a)
			}
		}
		page = f.get(t, lead, newPath, http.StatusOK)
		for _, want := range []string{"15. juni 2023", "1.234,5", "Drift"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the new report's page lacks %q", want)
			}
		}
		en := sitetest.Fetch(t, f.url+newPath, withLang(f.people[lead], "en"), "")
		for _, want := range []string{"15 June 2023", "1,234.5", "Running", "Budget spent (DKK)"} {
			if !strings.Contains(en.Body, want) {
				t.Errorf("the new report's English page lacks %q", want)
			}
		}
	})
}
