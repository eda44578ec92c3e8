package reporting_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// TestNewRound: the secretariat makes a round through its form (Danish dates); the round
// opens a report per project and the reader lands on its page. A form with problems is
// answered 422 with the messages by the fields, and makes nothing.
func TestNewRound(t *testing.T) {
	f := setup(t, storetest.Open(t, "sqlite"))
	prog := itoa(model.AsReportingRound(f.round).ProgrammeID())
	form := f.get(t, secretariat, "/rapportering/runder/ny", http.StatusOK)
	for _, want := range []string{`<legend>Type (skal udfyldes)</legend>`, `type="radio" id="runde-kind-final"`, `<option value="` + prog + `">Klimasamarbejdet VIP</option>`} {
		if !strings.Contains(form.Body, want) {
			t.Errorf("the new round's form lacks %q", want)
		}
	}
	bad := url.Values{"programme_id": {prog}, "name_da": {""}, "kind": {"final"}, "opens_on": {"01-03-2024"}, "deadline": {"31-13-2024"}}
	got := f.post(t, secretariat, "/rapportering/runder/ny", bad, http.StatusUnprocessableEntity)
	for _, want := range []string{`href="#runde-name_da"`, `href="#runde-deadline"`, `value="01-03-2024"`, `id="runde-kind-final" name="kind" value="final" checked`} {
		if !strings.Contains(got.Body, want) {
			t.Errorf("the refused form lacks %q\n%s", want, mainOf(got.Body))
		}
	}
	before, err := f.db.Count(context.Background(), model.ReportingRounds)
	if err != nil || before != 1 {
		t.Fatalf("rounds: %d %v", before, err)
	}
	good := url.Values{"programme_id": {prog}, "name_da": {"Slutrapport 2024"}, "kind": {"final"}, "opens_on": {"01-03-2024"}, "deadline": {"2024-04-30"}, "reminder_days": {"14,3"}}
	got = f.post(t, secretariat, "/rapportering/runder/ny", good, http.StatusSeeOther)
	page := f.get(t, secretariat, got.Header.Get("Location"), http.StatusOK)
	for _, want := range []string{"<h1>Slutrapport 2024</h1>", "Slutrapport</dd>", "1. marts 2024", "30. april 2024", "VIP2: Mindre madspild", "VIP3: Grøn transport"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the new round's page lacks %q", want)
		}
	}
	// A lead may not make a round, whatever they post.
	f.post(t, lead, "/rapportering/runder/ny", good, http.StatusForbidden)
}

// TestRoundsAndFilters: /rapportering groups the rounds by programme, newest first, with
// counts by state; ?projekt= narrows it to the project's reports; a round's page filters by
// state and lead organisation and exports its table as CSV with the filters.
func TestRoundsAndFilters(t *testing.T) {
	f := setup(t, storetest.Open(t, "sqlite"))
	f.toState(t, reporting.Submitted)
	newer, err := f.db.Create(sitetest.AsPerson(t, f.db, f.people[secretariat]), model.ReportingRounds, model.Record{
		"programme_id": model.AsReportingRound(f.round).ProgrammeID(), "name_da": "Forår 2023", "kind": "regular", "opens_on": "2023-03-01", "deadline": "2023-04-30"})
	if err != nil {
		t.Fatal(err)
	}
	list := mainOf(f.get(t, secretariat, "/rapportering", http.StatusOK).Body)
	i, j := strings.Index(list, "Forår 2023"), strings.Index(list, "Efterår 2022")
	if i < 0 || j < 0 || i > j {
		t.Errorf("the rounds are not newest first (%d, %d)", i, j)
	}
	if !strings.Contains(list, "<h2 id=\"program-0\">Klimasamarbejdet VIP</h2>") {
		t.Errorf("the rounds are not under their programme")
	}
	if !strings.Contains(list, "<li>Indsendt: 1</li>") || !strings.Contains(list, "<li>Ikke påbegyndt: 2</li>") {
		t.Errorf("the counts by state are wrong:\n%s", list)
	}
	// The participant sees the submitted report only.
	if pl := mainOf(f.get(t, participant, "/rapportering", http.StatusOK).Body); !strings.Contains(pl, "<li>Indsendt: 1</li>") || !strings.Contains(pl, "<li>Ikke påbegyndt: 0</li>") {
		t.Errorf("the participant's counts:\n%s", pl)
	}
	narrowed := mainOf(f.get(t, lead, "/rapportering?projekt="+itoa(f.project.ID()), http.StatusOK).Body)
	for _, want := range []string{"VIP2: Mindre madspild", `href="/rapportering/rapporter/` + itoa(f.report.ID()) + `"`, "Indsendt"} {
		if !strings.Contains(narrowed, want) {
			t.Errorf("the project's rounds lack %q", want)
		}
	}
	f.get(t, lead, "/rapportering?projekt=999999", http.StatusNotFound)

	roundPath := "/rapportering/runder/" + itoa(f.round.ID())
	cases := []struct {
		query      string
		vip2, vip3 bool
	}{
		{"", true, true},
		{"?tilstand=submitted", true, false},
		{"?tilstand=not_started", false, true},
		{"?tovholder=" + itoa(leadOf(t, f, f.other)), false, true},
		{"?tovholder=" + itoa(leadOf(t, f, f.report)) + "&tilstand=approved", false, false},
	}
	for _, c := range cases {
		body := mainOf(f.get(t, secretariat, roundPath+c.query, http.StatusOK).Body)
		if strings.Contains(body, "VIP2: Mindre madspild</a>") != c.vip2 || strings.Contains(body, "VIP3: Grøn transport</a>") != c.vip3 {
			t.Errorf("%s: VIP2 shown %v, VIP3 shown %v; want %v, %v", c.query, !c.vip2, !c.vip3, c.vip2, c.vip3)
		}
		if c.query != "" && (c.vip2 || c.vip3) {
			csv := f.get(t, secretariat, roundPath+c.query+"&eksport=rapporter&format=csv", http.StatusOK)
			if strings.Contains(csv.Body, "VIP2") != c.vip2 || strings.Contains(csv.Body, "VIP3") != c.vip3 || !strings.Contains(csv.Body, "Projekt;Tovholder;Tilstand") {
				t.Errorf("%s: the CSV is not the filtered table:\n%s", c.query, csv.Body)
			}
		}
	}
	// The deadline has passed: the report not started is overdue, in words; the submitted is not.
	body := mainOf(f.get(t, secretariat, roundPath, http.StatusOK).Body)
	if row := rowWith(body, "VIP3: Grøn transport"); !strings.Contains(row, "Forsinket") {
		t.Errorf("the late report is not marked overdue: %s", row)
	}
	if row := rowWith(body, "VIP2: Mindre madspild"); strings.Contains(row, "Forsinket") {
		t.Errorf("the submitted report is marked overdue: %s", row)
	}
	xlsx := f.get(t, secretariat, roundPath+"?eksport=rapporter&format=xlsx", http.StatusOK)
	if !strings.HasPrefix(xlsx.Body, "PK") {
		t.Errorf("the XLSX export is not a zip file")
	}
	f.get(t, secretariat, roundPath+"?tilstand=grøn", http.StatusBadRequest)
	f.get(t, secretariat, "/rapportering/runder/"+itoa(newer.ID()+100), http.StatusNotFound)
}

func leadOf(t *testing.T, f *fixture, rep model.Record) int64 {
	t.Helper()
	p, err := f.db.Get(context.Background(), model.Projects, model.AsReport(rep).ProjectID())
	if err != nil {
		t.Fatal(err)
	}
	return model.AsProject(p).Leads()[0]
}

// rowWith is the table row that holds s.
func rowWith(body, s string) string {
	i := strings.Index(body, s)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	return body[start : i+end]
}

// TestLinks: the header links to the reporting pages for those who report or review; a
// project's page links to its reports for whoever sees one of them.
func TestLinks(t *testing.T) {
	f := setup(t, storetest.Open(t, "sqlite"))
	header := `<a href="/rapportering"`
	for who, want := range map[string]bool{public: false, participant: false, otherLead: true, lead: true, secretariat: true} {
		if got := strings.Contains(f.get(t, who, "/projekter/VIP3", http.StatusOK).Body, header); got != want {
			t.Errorf("%s: the header links to the reporting pages: %v, want %v", who, got, want)
		}
	}
	project := "/projekter/VIP2"
	link := `href="/rapportering?projekt=` + itoa(f.project.ID()) + `"`
	for who, want := range map[string]bool{public: false, participant: false, otherLead: false, lead: true, secretariat: true} {
		if got := strings.Contains(f.get(t, who, project, http.StatusOK).Body, link); got != want {
			t.Errorf("%s: the project's page links to its reports: %v, want %v", who, got, want)
		}
	}
	f.toState(t, reporting.Approved)
	for who, want := range map[string]bool{public: true, participant: true, otherLead: true} {
		if got := strings.Contains(f.get(t, who, project, http.StatusOK).Body, link); got != want {
			t.Errorf("%s, approved: the project's page links to its reports: %v, want %v", who, got, want)
		}
	}
}
