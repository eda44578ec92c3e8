package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// as calls the API with token ("" for the public), on every method, checks the status and
// that the answer is the document's.
func (c *client) as(token, method, path, body string, want int) map[string]any {
	c.t.Helper()
	status, v := c.do(method, path, body, "Authorization", bearer(token))
	if status != want {
		c.t.Fatalf("%s %s = %d %v, want %d", method, path, status, v, want)
	}
	c.conforms(method, path, status, v)
	m, _ := v.(map[string]any)
	return m
}

// TestReportWorkflowThroughTheAPI: a lead saves, is refused a stale save (409 with both
// versions), submits (complete answers only), cannot change the submitted report; the
// secretariat returns it with a comment; the lead fixes and resubmits; the secretariat
// approves, and the report's value becomes the project's. Moves the person may not make are
// 403, moves the state does not allow 409. Versions hide the drafts from the public.
func TestReportWorkflowThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		lead := newToken(t, db, "lead@kbh.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleProjectLead})
		albLead := newToken(t, db, "lead@alb.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.alb), Role: auth.RoleProjectLead})
		sec := newToken(t, db, "sek@region.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
		readOnly := newToken(t, db, "read@region.dk", auth.ScopeRead, store.Membership{Role: auth.RoleSecretariat})

		reports := c.as(sec, "GET", fmt.Sprintf("/api/v1/reports?round=%v", w.round), "", 200)["items"].([]any)
		if len(reports) != 1 {
			t.Fatalf("the round opened %d reports, want 1 (the programme's one project)", len(reports))
		}
		rep := reports[0].(map[string]any)
		if rep["state"] != "not_started" || rep["form_version"] != 1.0 || rep["project_id"] != w.project {
			t.Fatalf("new report = %v", rep)
		}
		path := fmt.Sprintf("/api/v1/reports/%v", rep["id"])
		goal := c.as(sec, "GET", fmt.Sprintf("/api/v1/goals?project=%v", w.project), "", 200)["items"].([]any)[0].(map[string]any)["id"]

		// Not started: only the leads (of the lead organisation) and the secretariat see it.
		c.as("", "GET", path, "", 404)
		c.as(albLead, "GET", path, "", 404) // Albertslund only follows the project
		c.as(lead, "GET", path, "", 200)

		draft := `{"version":1,"answers":{"status":"Vi er i gang"}}`
		saved := c.as(lead, "PATCH", path, draft, 200)
		if saved["state"] != "draft" || saved["version"] != 2.0 {
			t.Fatalf("saved = %v, want a draft at version 2", saved)
		}
		// A stale save changes nothing and answers with both versions.
		stale := c.as(lead, "PATCH", path, `{"version":1,"answers":{"status":"Gammel tekst"}}`, 409)
		if stale["code"] != "version_conflict" || stale["current"].(map[string]any)["version"] != 2.0 ||
			stale["yours"].(map[string]any)["answers"].(map[string]any)["status"] != "Gammel tekst" {
			t.Errorf("stale save = %v, want the stored version and yours", stale)
		}
		// Submission needs complete answers: the goal's light is missing.
		incomplete := c.as(lead, "POST", path+"/submit", "", 422)
		if !strings.Contains(fmt.Sprint(incomplete["errors"]), "answers.goals") {
			t.Errorf("incomplete submission = %v, want the goals named", incomplete)
		}
		answers := fmt.Sprintf(`{"goals":{"%v":{"light":"at_risk","explanation":"Leverancer forsinket"}},"status":"Vi er i gang","values":{"%v":22.5}}`, goal, w.indicator)
		c.as(lead, "PATCH", path, `{"version":2,"answers":`+answers+`}`, 200)
		c.as("", "POST", path+"/submit", "", 401)
		c.as(readOnly, "POST", path+"/submit", "", 403)
		sub := c.as(lead, "POST", path+"/submit", `{"version":3}`, 200)
		if sub["state"] != "submitted" {
			t.Fatalf("submitted = %v", sub)
		}
		// Read-only for the leads now; the move twice is the state's refusal.
		if e := c.as(lead, "PATCH", path, `{"version":4,"answers":{"status":"Ændret"}}`, 409); e["code"] != "wrong_state" {
			t.Errorf("changing a submitted report = %v, want wrong_state", e)
		}
		c.as(lead, "POST", path+"/submit", "", 409)
		// Only the secretariat returns and approves.
		c.as(lead, "POST", path+"/approve", "", 403)
		c.as(lead, "POST", path+"/return", `{"comment":"Nej"}`, 403)
		if e := c.as(sec, "POST", path+"/return", `{"comment":"  "}`, 422); e["field"] != "comment" {
			t.Errorf("return without comment = %v", e)
		}
		c.as(sec, "POST", path+"/return", `{"comment":"Uddyb forsinkelsen", "version":1}`, 409) // stale
		ret := c.as(sec, "POST", path+"/return", `{"comment":"Uddyb forsinkelsen"}`, 200)
		if ret["state"] != "returned" || ret["comment"] != "Uddyb forsinkelsen" {
			t.Fatalf("returned = %v", ret)
		}
		c.as(sec, "POST", path+"/approve", "", 409) // a returned report is not approved
		// The lead fixes and resubmits; a returned report stays returned while it is saved.
		fixed := strings.Replace(answers, "Leverancer forsinket", "Leverancer forsinket tre måneder; ny leverandør valgt", 1)
		if r := c.as(lead, "PATCH", path, fmt.Sprintf(`{"version":%v,"answers":%s}`, ret["version"], fixed), 200); r["state"] != "returned" {
			t.Errorf("saved returned report = %v, want it still returned", r)
		}
		c.as(lead, "POST", path+"/submit", "", 200)
		// A participant reads the submitted report; the public does not yet.
		c.as(albLead, "GET", path, "", 200)
		c.as("", "GET", path, "", 404)
		app := c.as(sec, "POST", path+"/approve", "", 200)
		if app["state"] != "approved" {
			t.Fatalf("approved = %v", app)
		}
		c.as(sec, "POST", path+"/approve", "", 409)
		// The report's value is now the project's lead organisation's, for the round's half-year.
		vals := c.as("", "GET", fmt.Sprintf("/api/v1/indicator-values?indicator=%v&organisation=%v", w.indicator, w.kbh), "", 200)["items"].([]any)
		if !slices.ContainsFunc(vals, func(v any) bool {
			m := v.(map[string]any)
			return m["period"] == "2022-H2" && m["value"] == 22.5 && strings.HasPrefix(m["source"].(string), "Statusrapport Efterår 2022")
		}) {
			t.Errorf("values = %v, want 22.5 for 2022-H2 from the report", vals)
		}

		// Versions: every save and move, oldest first; the public sees only the approved one.
		all := c.as(lead, "GET", path+"/versions", "", 200)["items"].([]any)
		var moves []string
		for _, v := range all {
			moves = append(moves, v.(map[string]any)["move"].(string))
		}
		if want := []string{"create", "save", "save", "submit", "return", "save", "submit", "approve"}; !slices.Equal(moves, want) {
			t.Errorf("moves = %v, want %v", moves, want)
		}
		if by := all[1].(map[string]any)["by"]; by != "lead@kbh.dk" {
			t.Errorf("the first save was by %v", by)
		}
		public := c.as("", "GET", path+"/versions", "", 200)["items"].([]any)
		if len(public) != 1 || public[0].(map[string]any)["state"] != "approved" || public[0].(map[string]any)["by"] != nil {
			t.Errorf("the public's versions = %v, want the approved one, unnamed", public)
		}
		if n := len(c.as("", "GET", fmt.Sprintf("/api/v1/reports?round=%v", w.round), "", 200)["items"].([]any)); n != 1 {
			t.Errorf("the public lists %d approved reports, want 1", n)
		}
	})
}

// TestReportFormVersions: a new version of a programme's form applies to rounds made after
// it; a report given on the earlier version keeps it, and reads and validates by it.
func TestReportFormVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClient(t, db)
		w := build(c)
		lead := newToken(t, db, "lead@kbh.dk", auth.ScopeWrite, store.Membership{OrganisationID: int64(w.kbh), Role: auth.RoleProjectLead})
		sec := newToken(t, db, "sek@region.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})
		formPath := fmt.Sprintf("/api/v1/programmes/%v/report-form", w.programme)

		v1 := c.as("", "GET", formPath, "", 200)
		if v1["version"] != 1.0 || len(v1["questions"].([]any)) != len(reporting.StandardForm().Questions) {
			t.Fatalf("the form = %v, want the standard form as version 1", v1)
		}
		// Version 2: no funding question; a required number of meetings instead.
		f := reporting.StandardForm()
		f.Questions = slices.DeleteFunc(f.Questions, func(q reporting.Question) bool { return q.ID == "funding" })
		f.Questions = append(f.Questions, reporting.Question{ID: "meetings", Type: reporting.Number, LabelDA: "Antal møder", Required: true})
		body, _ := json.Marshal(map[string]any{"questions": f.Questions})
		c.as("", "POST", formPath, string(body), 401)
		c.as(lead, "POST", formPath, string(body), 403)
		c.as(sec, "POST", formPath, `{"questions":[{"id":"x","type":"essay","label_da":"?"}]}`, 422)
		if v2 := c.as(sec, "POST", formPath, string(body), 201); v2["version"] != 2.0 {
			t.Fatalf("new form = %v", v2)
		}
		if got := c.as("", "GET", formPath, "", 200); got["version"] != 2.0 {
			t.Errorf("newest form = %v", got["version"])
		}
		if old := c.as("", "GET", formPath+"?version=1", "", 200); !strings.Contains(fmt.Sprint(old), "funding") {
			t.Errorf("version 1 lost its funding question: %v", old)
		}
		c.as("", "GET", formPath+"?version=3", "", 404)

		// The old round's report keeps version 1: funding is still a question there, and
		// meetings is not.
		old := c.as(sec, "GET", fmt.Sprintf("/api/v1/reports?round=%v", w.round), "", 200)["items"].([]any)[0].(map[string]any)
		oldPath := fmt.Sprintf("/api/v1/reports/%v", old["id"])
		if old["form_version"] != 1.0 {
			t.Errorf("old report's form = %v", old["form_version"])
		}
		c.as(lead, "PATCH", oldPath, `{"version":1,"answers":{"funding":"Puljemidler"}}`, 200)
		if e := c.as(lead, "PATCH", oldPath, `{"version":2,"answers":{"meetings":4}}`, 422); !strings.Contains(fmt.Sprint(e["errors"]), "answers.meetings") {
			t.Errorf("a version-2 question on a version-1 report = %v", e)
		}
		// A new round is made on version 2, and its report asks for meetings.
		round := c.as(sec, "POST", "/api/v1/reporting-rounds", fmt.Sprintf(`{"programme_id":%v,"name_da":"Forår 2023","kind":"regular","opens_on":"2023-03-01","deadline":"2023-04-30"}`, w.programme), 201)
		if round["form_version"] != 2.0 {
			t.Errorf("new round's form = %v, want 2", round["form_version"])
		}
		rep := c.as(sec, "GET", fmt.Sprintf("/api/v1/reports?round=%v", round["id"]), "", 200)["items"].([]any)[0].(map[string]any)
		if rep["form_version"] != 2.0 {
			t.Errorf("new report's form = %v, want 2", rep["form_version"])
		}
		c.as(lead, "PATCH", fmt.Sprintf("/api/v1/reports/%v", rep["id"]), `{"version":1,"answers":{"meetings":4,"status":"Godt i gang"}}`, 200)
		c.as(lead, "GET", oldPath, "", 200) // the old report still reads
	})
}
