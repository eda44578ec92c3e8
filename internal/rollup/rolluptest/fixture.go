// Package rolluptest makes a small reporting programme for the overview's and the roll-up's
// tests (internal/rollup, internal/api): three rounds, three projects with goals, an
// indicator with targets and values, and reports moved through the workflow by the people
// who may.
package rolluptest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
)

// World is what the fixture made.
type World struct {
	KBH, ALB                      int64 // organisations: København leads VIP1 and VIP3, Albertslund VIP2
	Programme                     int64
	VIP1, VIP2, VIP3              int64 // projects
	Goal11, Goal12, Goal21        int64 // VIP1's goals (in this order by position), VIP2's goal
	Indicator                     int64 // VIP1's, with a baseline, targets and values
	Spring22, Autumn22, Spring23  int64 // rounds by deadline: 2022-05-31 (nothing answered), 2022-11-30, 2023-05-31
	Secretariat, KBHLead, ALBView *auth.Principal
	Today                         string // a day after Spring23's deadline
}

// Names of the fixture's people and projects, for assertions.
const (
	SecretaryName = "Sara Sekretær"
	LeadName      = "Lars Leder"
	VIP1Name      = "Energirenovering af boliger"
	VIP2Name      = "Mindre madspild"
	VIP3Name      = "Grøn transport"
)

// Build makes the fixture. In Autumn22 VIP1 (goal 1 at risk, goal 2 on track) and VIP2 (on
// track) are approved; in Spring23 VIP1 is approved (goal 1 on track: better, goal 2 off
// track: worse), VIP2 is a draft and VIP3 not started, so both are overdue on Today.
func Build(t testing.TB, db *store.DB) World {
	t.Helper()
	sys := context.Background()
	mk := func(res *model.Resource, r model.Record) int64 {
		t.Helper()
		out, err := db.Create(sys, res, r)
		if err != nil {
			t.Fatalf("create %s %v: %v", res.Name, r, err)
		}
		return out.ID()
	}
	var w World
	w.Today = "2023-06-15"
	w.KBH = mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København", "name_en": "Copenhagen"})
	w.ALB = mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund"})
	w.Programme = mk(model.Programmes, model.Record{"code": "VIP", "name_da": "VIP klimaprojekter", "name_en": "VIP climate projects"})
	w.VIP1 = mk(model.Projects, model.Record{"programme_id": w.Programme, "code": "VIP1", "name_da": VIP1Name, "name_en": "Energy renovation of homes"})
	w.VIP2 = mk(model.Projects, model.Record{"programme_id": w.Programme, "code": "VIP2", "name_da": VIP2Name})
	w.VIP3 = mk(model.Projects, model.Record{"programme_id": w.Programme, "code": "VIP3", "name_da": VIP3Name})
	mk(model.Participants, model.Record{"project_id": w.VIP1, "organisation_id": w.KBH, "role": "member", "lead": true})
	mk(model.Participants, model.Record{"project_id": w.VIP1, "organisation_id": w.ALB, "role": "member"})
	mk(model.Participants, model.Record{"project_id": w.VIP2, "organisation_id": w.ALB, "role": "member", "lead": true})
	mk(model.Participants, model.Record{"project_id": w.VIP3, "organisation_id": w.KBH, "role": "member", "lead": true})
	w.Indicator = mk(model.Indicators, model.Record{"code": "vip1-boliger", "name_da": "Renoverede boliger", "name_en": "Renovated homes", "unit": "antal",
		"direction": "higher", "owner_project_id": w.VIP1, "baseline_year": 2020, "baseline_value": 0,
		"targets": []model.Target{{Year: 2025, Value: 500}, {Year: 2030, Value: 2000}}})
	// Made in the other order than their positions, so the order is the positions'.
	w.Goal12 = mk(model.Goals, model.Record{"project_id": w.VIP1, "text_da": "Flere solceller", "text_en": "More solar panels", "position": 2})
	w.Goal11 = mk(model.Goals, model.Record{"project_id": w.VIP1, "text_da": "2.000 boliger renoveret i 2030", "text_en": "2,000 homes renovated by 2030", "position": 1,
		"indicator_id": w.Indicator, "target_value": 2000, "target_year": 2030})
	w.Goal21 = mk(model.Goals, model.Record{"project_id": w.VIP2, "text_da": "Halvt så meget madspild", "position": 1})
	for _, v := range []struct {
		period string
		value  float64
	}{{"2021", 40}, {"2022", 180}} {
		mk(model.IndicatorValues, model.Record{"indicator_id": w.Indicator, "organisation_id": w.KBH, "period": v.period, "value": v.value, "source": "test"})
	}

	person := func(email, name string, ms ...store.Membership) *auth.Principal {
		t.Helper()
		u, err := db.CreateUser(sys, store.User{Email: email, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetMemberships(sys, u.ID, ms); err != nil {
			t.Fatal(err)
		}
		u.Memberships = ms
		return &auth.Principal{User: u}
	}
	w.Secretariat = person("sekretariat@example.dk", SecretaryName, store.Membership{Role: auth.RoleSecretariat})
	w.KBHLead = person("leder@example.dk", LeadName, store.Membership{OrganisationID: w.KBH, Role: auth.RoleProjectLead})
	w.ALBView = person("alb@example.dk", "", store.Membership{OrganisationID: w.ALB, Role: auth.RoleViewer})
	as := func(p *auth.Principal) context.Context {
		return store.WithActor(sys, store.Actor{UserID: p.User.ID, Channel: store.ChannelWeb, Guard: auth.Guard(p)})
	}
	round := func(name, opens, deadline string) int64 {
		t.Helper()
		r, err := db.Create(as(w.Secretariat), model.ReportingRounds, model.Record{"programme_id": w.Programme, "name_da": name, "kind": "regular", "opens_on": opens, "deadline": deadline})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID()
	}
	// Made out of their order, so the previous round is found by deadline.
	w.Autumn22 = round("Efterår 2022", "2022-10-01", "2022-11-30")
	w.Spring23 = round("Forår 2023", "2023-04-01", "2023-05-31")
	w.Spring22 = round("Forår 2022", "2022-04-01", "2022-05-31")

	report := func(round, project int64) model.Record {
		t.Helper()
		p, err := db.List(sys, model.Reports, model.ListQuery{Filters: map[string]string{"round": fmt.Sprint(round), "project": fmt.Sprint(project)}, AllDrafts: true, Limit: 2})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("the report of project %d in round %d: %v, %v", project, round, p.Items, err)
		}
		return p.Items[0]
	}
	save := func(who *auth.Principal, round, project int64, answers string) int64 {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal([]byte(answers), &m); err != nil {
			t.Fatal(err)
		}
		obj, err := model.CanonicalObject(m)
		if err != nil {
			t.Fatal(err)
		}
		rep := report(round, project)
		if _, err := db.Update(as(who), model.Reports, rep.ID(), rep.Version(), model.Record{"answers": obj}); err != nil {
			t.Fatalf("save the report of project %d in round %d: %v", project, round, err)
		}
		return rep.ID()
	}
	move := func(who *auth.Principal, id int64, m reporting.Move) {
		t.Helper()
		if _, err := db.MoveReport(as(who), id, 0, m, ""); err != nil {
			t.Fatalf("%s report %d: %v", m, id, err)
		}
	}
	lights := func(status string, goals ...any) string {
		b, _ := json.Marshal(map[string]any{"status": status, "goals": json.RawMessage(fmt.Sprintf(goals[0].(string), goals[1:]...)),
			"challenges": "Leverandørerne er forsinkede.", "perspectives": "Flere kommuner vil være med.", "next_steps": "Udbud i efteråret."})
		return string(b)
	}

	id := save(w.KBHLead, w.Autumn22, w.VIP1, lights("Godt i gang", `{"%d": {"light": "at_risk", "explanation": "Få ansøgninger"}, "%d": {"light": "on_track", "explanation": "Som planlagt"}}`, w.Goal11, w.Goal12))
	move(w.KBHLead, id, reporting.Submit)
	move(w.Secretariat, id, reporting.Approve)
	id = save(w.Secretariat, w.Autumn22, w.VIP2, lights("I gang", `{"%d": {"light": "on_track", "explanation": "Kampagnen kører"}}`, w.Goal21))
	move(w.Secretariat, id, reporting.Submit)
	move(w.Secretariat, id, reporting.Approve)

	id = save(w.KBHLead, w.Spring23, w.VIP1, lights("Fremdrift", `{"%d": {"light": "on_track", "explanation": "Flere ansøgninger"}, "%d": {"light": "off_track", "explanation": "Leverandør gået konkurs"}}`, w.Goal11, w.Goal12))
	move(w.KBHLead, id, reporting.Submit)
	move(w.Secretariat, id, reporting.Approve)
	save(w.Secretariat, w.Spring23, w.VIP2, lights("Kladde", `{"%d": {"light": "at_risk", "explanation": "Færre deltagere"}}`, w.Goal21))
	return w
}
