package auth

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestReportWorkflow walks a status report through its states on both engines, as the
// store and this layer keep them together: a round opens a report per project, the lead
// saves (a draft) and submits, the secretariat returns it with a comment, the lead fixes and
// resubmits, the secretariat approves and the report's values become the project's. On the
// way every refusal is the right one: 403 for a person who may never make a move, 409 for a
// state that does not allow it now, 422 for what is missing, and a stale version is a
// conflict. Every write is kept as a version.
func TestReportWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sys := context.Background()
		mk := func(res *model.Resource, r model.Record) int64 {
			t.Helper()
			out, err := db.Create(sys, res, r)
			if err != nil {
				t.Fatalf("create %s %v: %v", res.Name, r, err)
			}
			return out.ID()
		}
		kbh := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
		alb := mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund"})
		mk(model.Organisations, model.Record{"kind": "municipality", "code": "161", "name_da": "Glostrup"})
		prog := mk(model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
		vip := mk(model.Projects, model.Record{"programme_id": prog, "code": "VIP2", "name_da": "Madspild"})
		other := mk(model.Projects, model.Record{"programme_id": prog, "code": "VIP3", "name_da": "Transport"})
		mk(model.Participants, model.Record{"project_id": vip, "organisation_id": alb, "role": "member", "lead": true})
		mk(model.Participants, model.Record{"project_id": vip, "organisation_id": kbh, "role": "member"})
		goal := mk(model.Goals, model.Record{"project_id": vip, "text_da": "Mindre madspild"})
		ind := mk(model.Indicators, model.Record{"code": "vip2-kommuner", "name_da": "Kommuner med", "unit": "antal", "direction": "higher", "owner_project_id": vip})

		u, err := db.CreateUser(sys, store.User{Email: "person@example.dk", Name: "Pia"})
		if err != nil {
			t.Fatal(err)
		}
		person := func(ms ...store.Membership) *Principal {
			return &Principal{User: store.User{ID: u.ID, Email: u.Email, Memberships: ms}}
		}
		sec := person(store.Membership{Role: RoleSecretariat})
		albLead := person(store.Membership{OrganisationID: alb, Role: RoleProjectLead})
		albViewer := person(store.Membership{OrganisationID: alb, Role: RoleViewer})
		kbhLead := person(store.Membership{OrganisationID: kbh, Role: RoleProjectLead})
		as := func(p *Principal) context.Context {
			return store.WithActor(sys, store.Actor{UserID: p.User.ID, Channel: store.ChannelAPI, Guard: Guard(p)})
		}

		// Only the secretariat makes rounds; a round opens one report per project.
		round := model.Record{"programme_id": prog, "name_da": "Efterår 2022", "kind": "regular", "opens_on": "2022-10-01", "deadline": "2022-11-30"}
		if _, err := db.Create(as(albLead), model.ReportingRounds, round); !errors.Is(err, ErrForbidden) {
			t.Fatalf("a lead made a round: %v", err)
		}
		r, err := db.Create(as(sec), model.ReportingRounds, round)
		if err != nil {
			t.Fatal(err)
		}
		if v := model.AsReportingRound(r).FormVersion(); v != 1 {
			t.Errorf("the round's form version = %d, want 1 (the standard form)", v)
		}
		page, err := db.List(sys, model.Reports, model.ListQuery{Filters: map[string]string{"round": itoa(r.ID())}, AllDrafts: true, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 {
			t.Fatalf("the round opened %d reports, want one for each of the 2 projects", len(page.Items))
		}
		var rep model.Record
		for _, it := range page.Items {
			if model.AsReport(it).State() != "not_started" || model.AsReport(it).FormVersion() != 1 {
				t.Errorf("a new report is %v", it)
			}
			if model.AsReport(it).ProjectID() == vip {
				rep = it
			}
		}
		id := rep.ID()
		answer := func(o string) model.Record {
			obj, err := model.CanonicalObject(mustJSON(t, o))
			if err != nil {
				t.Fatal(err)
			}
			return model.Record{"answers": obj}
		}

		// A participant that does not lead cannot fill the report; the lead can, and the
		// report becomes a draft.
		if _, err := db.Update(as(kbhLead), model.Reports, id, rep.Version(), answer(`{"status": "x"}`)); !errors.Is(err, ErrForbidden) {
			t.Errorf("a participant's lead filled another project's report: %v", err)
		}
		rep, err = db.Update(as(albLead), model.Reports, id, rep.Version(), answer(`{"status": "Godt i gang"}`))
		if err != nil {
			t.Fatal(err)
		}
		if model.AsReport(rep).State() != "draft" {
			t.Errorf("a saved report is %s, want draft", model.AsReport(rep).State())
		}
		if _, err := db.Update(as(albLead), model.Reports, id, 1, answer(`{"status": "gammel"}`)); !errors.As(err, new(*store.ConflictError)) {
			t.Errorf("a stale save: %v, want a version conflict", err)
		}
		var ve *model.ValidationError
		if _, err := db.Update(as(albLead), model.Reports, id, rep.Version(), answer(`{"goals": {"`+itoa(goal)+`": {"light": "green"}}}`)); !errors.As(err, &ve) {
			t.Errorf("a light that is no light: %v, want invalid", err)
		}

		// Moves: the lead may not approve (403), the secretariat may not approve a draft
		// (409), and a report without its required answers cannot be submitted (422).
		if _, err := db.MoveReport(as(albLead), id, 0, reporting.Approve, ""); !errors.Is(err, ErrForbidden) {
			t.Errorf("a lead approved: %v, want forbidden", err)
		}
		if _, err := db.MoveReport(as(sec), id, 0, reporting.Approve, ""); !errors.Is(err, reporting.ErrState) {
			t.Errorf("a draft approved: %v, want the state to refuse", err)
		}
		if _, err := db.MoveReport(as(albLead), id, 0, reporting.Submit, ""); !errors.As(err, &ve) || ve.Errors[0].Code != reporting.ProblemRequired {
			t.Errorf("an incomplete report submitted: %v, want required answers", err)
		}
		full := `{"status": "Godt i gang", "goals": {"` + itoa(goal) + `": {"light": "on_track", "explanation": "Som planlagt"}}, "values": {"` + itoa(ind) + `": 12}}`
		rep, err = db.Update(as(albLead), model.Reports, id, rep.Version(), answer(full))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveReport(as(albLead), id, rep.Version()-1, reporting.Submit, ""); !errors.As(err, new(*store.ConflictError)) {
			t.Errorf("a stale submission: %v, want a version conflict", err)
		}
		rep, err = db.MoveReport(as(albLead), id, rep.Version(), reporting.Submit, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Update(as(albLead), model.Reports, id, rep.Version(), answer(`{"status": "ændret"}`)); !errors.Is(err, reporting.ErrState) {
			t.Errorf("a submitted report changed: %v, want the state to refuse", err)
		}
		if _, err := db.MoveReport(as(albLead), id, 0, reporting.Return, "nej"); !errors.Is(err, ErrForbidden) {
			t.Errorf("a lead returned: %v, want forbidden", err)
		}
		if _, err := db.MoveReport(as(sec), id, 0, reporting.Return, "  "); !errors.As(err, &ve) {
			t.Errorf("a return without a comment: %v, want invalid", err)
		}
		rep, err = db.MoveReport(as(sec), id, 0, reporting.Return, "Uddyb status")
		if err != nil {
			t.Fatal(err)
		}
		if r := model.AsReport(rep); r.State() != "returned" || r.Comment() != "Uddyb status" {
			t.Errorf("returned report: %v", rep)
		}
		fixed := `{"status": "Godt i gang, uddybet", "goals": {"` + itoa(goal) + `": {"light": "on_track", "explanation": "Som planlagt"}}, "values": {"` + itoa(ind) + `": 12}}`
		if rep, err = db.Update(as(albLead), model.Reports, id, rep.Version(), answer(fixed)); err != nil || model.AsReport(rep).State() != "returned" {
			t.Fatalf("fixing a returned report: %v, %v", rep, err)
		}
		if rep, err = db.MoveReport(as(albLead), id, 0, reporting.Submit, ""); err != nil {
			t.Fatal(err)
		}
		if rep, err = db.MoveReport(as(sec), id, 0, reporting.Approve, ""); err != nil {
			t.Fatal(err)
		}

		// The approved report's value is the project's value for the round's half-year.
		vals, err := db.List(sys, model.IndicatorValues, model.ListQuery{Filters: map[string]string{"indicator": itoa(ind)}, AllDrafts: true, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(vals.Items) != 1 || model.AsIndicatorValue(vals.Items[0]).Period() != "2022-H2" || model.AsIndicatorValue(vals.Items[0]).OrganisationID() != alb {
			t.Errorf("values after approval: %v, want one for Albertslund in 2022-H2", vals.Items)
		}

		// Every write is a version, with its move.
		versions, err := db.ReportVersions(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		var moves []string
		for _, v := range versions[id] {
			moves = append(moves, v.Move+":"+v.State)
		}
		want := []string{"create:not_started", "save:draft", "save:draft", "submit:submitted", "return:returned", "save:returned", "submit:submitted", "approve:approved"}
		if !slices.Equal(moves, want) {
			t.Errorf("versions:\n got %v\nwant %v", moves, want)
		}

		// Who reads which report: the same in Go and in SQL. The other project's report is
		// not started; this one is approved; a third state comes from a submitted copy.
		for name, p := range map[string]*Principal{"public": Public, "kbh lead (participant)": kbhLead, "alb viewer (lead organisation)": albViewer, "secretariat": sec} {
			q := model.ListQuery{Limit: 10}
			Visibility(p, model.Reports).Apply(&q)
			listed, err := db.List(sys, model.Reports, q)
			if err != nil {
				t.Fatal(err)
			}
			var got, wantIDs []int64
			for _, it := range listed.Items {
				got = append(got, it.ID())
			}
			all, _ := db.List(sys, model.Reports, model.ListQuery{AllDrafts: true, Limit: 10})
			for _, it := range all.Items {
				ok, err := Visibility(p, model.Reports).Allows(sys, db, it)
				if err != nil {
					t.Fatal(err)
				}
				if ok {
					wantIDs = append(wantIDs, it.ID())
				}
			}
			if !slices.Equal(got, wantIDs) {
				t.Errorf("%s: the list shows %v, one by one %v", name, got, wantIDs)
			}
			sawDraft := slices.ContainsFunc(all.Items, func(it model.Record) bool {
				return it.ID() != id && slices.Contains(got, it.ID()) && model.AsReport(it).ProjectID() == other
			})
			if sawDraft != (p == sec) {
				t.Errorf("%s sees the other project's report that is not started: %v", name, sawDraft)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}
