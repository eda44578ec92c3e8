package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
)

// The VIP programme's status reporting (C5): the two past rounds the sources describe, the
// halfway status of autumn 2022 (S003h) and the final status of 2024 (S001), every report
// approved and dated as the file says; and one open round, an example, whose deadline lies
// three weeks after the day the demo is loaded, with its reports in a mix of states. VIP2's
// (Albertslund leads it) is not started, for a newcomer to fill in as
// projektleder.alb@demo.klimaspor.dk; VIP4's was returned by the secretariat.

// LoadReporting adds the VIP programme's reporting rounds, unless it has rounds already.
// It runs after Load and LoadAccounts: the open round's moves are made as the demo's
// secretariat. today dates the open round.
func LoadReporting(ctx context.Context, db *store.DB, today time.Time) error {
	prog, err := db.List(ctx, model.Programmes, model.ListQuery{Filters: map[string]string{"code": "VIP"}, Limit: 1})
	if err != nil || len(prog.Items) == 0 {
		return fmt.Errorf("demo: reporting: the VIP programme: %v", cmpErr(err, "not loaded"))
	}
	programme := prog.Items[0].ID()
	rounds, err := db.List(ctx, model.ReportingRounds, model.ListQuery{Filters: map[string]string{"programme": strconv.FormatInt(programme, 10)}, Limit: 1})
	if err != nil {
		return fmt.Errorf("demo: reporting: %w", err)
	}
	if len(rounds.Items) > 0 {
		return nil
	}
	b, err := dataFS.ReadFile("data/vip_reports.json")
	if err != nil {
		return fmt.Errorf("demo: reporting: %w", err)
	}
	f, err := decodeVIPReports(b)
	if err != nil {
		return fmt.Errorf("demo: reporting: %w", err)
	}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for _, r := range f.Rounds {
			if err := pastRound(ctx, tx, programme, r); err != nil {
				return fmt.Errorf("round %s: %w", r.NameDA, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("demo: reporting: %w", err)
	}
	if err := openRound(ctx, db, programme, today); err != nil {
		return fmt.Errorf("demo: reporting: the open round: %w", err)
	}
	return nil
}

func cmpErr(err error, otherwise string) any {
	if err != nil {
		return err
	}
	return otherwise
}

// pastRound makes a round of the file and gives, submits and approves each of its reports
// on the days the file gives, as the system (the sources name no persons).
func pastRound(ctx context.Context, tx *store.Tx, programme int64, r vipReportRound) error {
	opens, err := time.Parse(time.DateOnly, r.OpensOn)
	if err != nil {
		return err
	}
	tx.AsOf(opens.Add(8 * time.Hour))
	round, err := tx.Create(ctx, model.ReportingRounds, model.Record{"programme_id": programme, "name_da": r.NameDA, "name_en": r.NameEN,
		"kind": r.Kind, "opens_on": r.OpensOn, "deadline": r.Deadline, "source": ref(r.Source)})
	if err != nil {
		return err
	}
	reports, err := roundReports(ctx, tx, round.ID())
	if err != nil {
		return err
	}
	for _, rep := range r.Reports {
		cur, ok := reports[rep.Project]
		if !ok {
			return fmt.Errorf("no report of %s", rep.Project)
		}
		_, subject, err := tx.ReportSubject(cur)
		if err != nil {
			return err
		}
		answers, err := rep.answers(subject)
		if err != nil {
			return fmt.Errorf("%s: %w", rep.Project, err)
		}
		submitted, err := time.Parse(time.DateOnly, rep.SubmittedOn)
		if err != nil {
			return err
		}
		approved, err := time.Parse(time.DateOnly, rep.ApprovedOn)
		if err != nil {
			return err
		}
		tx.AsOf(submitted.Add(9 * time.Hour))
		saved, err := tx.Update(ctx, model.Reports, cur.ID(), cur.Version(), model.Record{"answers": answers})
		if err != nil {
			return fmt.Errorf("%s: save: %w", rep.Project, err)
		}
		tx.AsOf(submitted.Add(10 * time.Hour))
		if _, err := tx.MoveReport(saved.ID(), saved.Version(), reporting.Submit, ""); err != nil {
			return fmt.Errorf("%s: submit: %w", rep.Project, err)
		}
		tx.AsOf(approved.Add(11 * time.Hour))
		if _, err := tx.MoveReport(saved.ID(), 0, reporting.Approve, ""); err != nil {
			return fmt.Errorf("%s: approve: %w", rep.Project, err)
		}
	}
	return nil
}

// roundReports are a round's reports by their project's code.
func roundReports(ctx context.Context, tx *store.Tx, round int64) (map[string]model.Record, error) {
	page, err := tx.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": strconv.FormatInt(round, 10)}, AllDrafts: true, Limit: 1000})
	if err != nil {
		return nil, err
	}
	out := map[string]model.Record{}
	for _, r := range page.Items {
		p, err := tx.Get(ctx, model.Projects, model.AsReport(r).ProjectID())
		if err != nil {
			return nil, err
		}
		out[model.AsProject(p).Code()] = r
	}
	return out, nil
}

// answers are the report's answers as the form keeps them: the goals' lights by the goals'
// positions, the activities' by their titles, and the texts.
func (rep vipReport) answers(s reporting.Subject) (model.JSONObject, error) {
	goals := map[string]any{}
	for _, g := range rep.GoalLights {
		if g.Position < 1 || g.Position > len(s.Goals) {
			return "", fmt.Errorf("goal %d of %d", g.Position, len(s.Goals))
		}
		goals[strconv.FormatInt(s.Goals[g.Position-1].ID, 10)] = map[string]any{"light": g.Light, "explanation": g.Explanation}
	}
	activities := map[string]any{}
	for _, a := range rep.ActivityLights {
		found := false
		for _, it := range s.Activities {
			if it.Text == a.Title {
				activities[strconv.FormatInt(it.ID, 10)] = map[string]any{"light": a.Light, "explanation": a.Explanation}
				found = true
			}
		}
		if !found {
			return "", fmt.Errorf("no activity %q", a.Title)
		}
	}
	obj := map[string]any{"goals": goals}
	if len(activities) > 0 {
		obj["activities"] = activities
	}
	for k, v := range rep.Answers.byKey() {
		if v != nil {
			obj[k] = *v
		}
	}
	return model.CanonicalObject(obj)
}

// openStates is what each project's report in the open round is left as.
var openStates = map[string]reporting.State{
	"VIP1": reporting.Approved, "VIP2": reporting.NotStarted, "VIP3": reporting.Submitted, "VIP4": reporting.Returned,
	"VIP5": reporting.Draft, "VIP6": reporting.NotStarted, "VIP7": reporting.Draft,
}

// openRound makes the example round that is open on today, and moves its reports into
// openStates: saved and submitted as the system, returned and approved as the secretariat.
func openRound(ctx context.Context, db *store.DB, programme int64, today time.Time) error {
	season, seasonEN := "Efterår", "Autumn"
	if today.Month() <= time.June {
		season, seasonEN = "Forår", "Spring"
	}
	year := strconv.Itoa(today.Year())
	var round model.Record
	err := db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		round, err = tx.Create(ctx, model.ReportingRounds, model.Record{"programme_id": programme,
			"name_da": season + " " + year + " (eksempel)", "name_en": seasonEN + " " + year + " (example)", "kind": "regular",
			"opens_on": today.AddDate(0, 0, -21).Format(time.DateOnly), "deadline": today.AddDate(0, 0, 21).Format(time.DateOnly),
			"source": exampleSource})
		if err != nil {
			return err
		}
		reports, err := roundReports(ctx, tx, round.ID())
		if err != nil {
			return err
		}
		for code, want := range openStates {
			cur, ok := reports[code]
			if !ok || want == reporting.NotStarted {
				continue
			}
			_, subject, err := tx.ReportSubject(cur)
			if err != nil {
				return err
			}
			saved, err := tx.Update(ctx, model.Reports, cur.ID(), cur.Version(), model.Record{"answers": exampleAnswers(subject)})
			if err != nil {
				return fmt.Errorf("%s: save: %w", code, err)
			}
			if want != reporting.Draft {
				if _, err := tx.MoveReport(saved.ID(), 0, reporting.Submit, ""); err != nil {
					return fmt.Errorf("%s: submit: %w", code, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The secretariat's moves are its own, in the audit trail and the report's versions.
	sec, err := db.UserByEmail(ctx, secretariatEmail)
	if err != nil {
		return fmt.Errorf("the secretariat's account: %w", err)
	}
	p := &auth.Principal{User: sec}
	sctx := store.WithActor(ctx, store.Actor{UserID: sec.ID, Channel: store.ChannelWeb, Guard: auth.Guard(p)})
	page, err := db.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": strconv.FormatInt(round.ID(), 10), "state": string(reporting.Submitted)}, AllDrafts: true, Limit: 100})
	if err != nil {
		return err
	}
	for _, r := range page.Items {
		proj, err := db.Get(ctx, model.Projects, model.AsReport(r).ProjectID())
		if err != nil {
			return err
		}
		switch openStates[model.AsProject(proj).Code()] {
		case reporting.Approved:
			_, err = db.MoveReport(sctx, r.ID(), 0, reporting.Approve, "")
		case reporting.Returned:
			_, err = db.MoveReport(sctx, r.ID(), 0, reporting.Return, "Eksempel: Uddyb venligst, hvorfor det andet mål er forsinket, og hvad I gør ved det.")
		}
		if err != nil {
			return fmt.Errorf("%s: %w", model.AsProject(proj).Code(), err)
		}
	}
	return nil
}

const secretariatEmail = "sekretariat@demo.klimaspor.dk"

// exampleAnswers are an example report's answers, saying that they are one.
func exampleAnswers(s reporting.Subject) model.JSONObject {
	lights := []reporting.Light{reporting.LightOnTrack, reporting.LightAtRisk, reporting.LightOnTrack, reporting.LightDone}
	goals := map[string]any{}
	for i, g := range s.Goals {
		goals[strconv.FormatInt(g.ID, 10)] = map[string]any{"light": string(lights[i%len(lights)]), "explanation": "Eksempel til demonstration."}
	}
	activities := map[string]any{}
	for _, a := range s.Activities {
		activities[strconv.FormatInt(a.ID, 10)] = map[string]any{"light": string(reporting.LightOnTrack), "explanation": "Eksempel til demonstration."}
	}
	obj := map[string]any{"goals": goals, "status": "Eksempel til demonstration: projektet følger sin plan for halvåret."}
	if len(activities) > 0 {
		obj["activities"] = activities
	}
	o, err := model.CanonicalObject(obj)
	if err != nil {
		panic(err) // maps of strings always marshal
	}
	return o
}

// vipReportsFile is the shape of data/vip_reports.json: the VIP programme's two past
// reporting rounds, in our own words, each with its source.
type vipReportsFile struct {
	Rounds []vipReportRound `json:"rounds"`
}

type vipReportRound struct {
	NameDA   string      `json:"name_da"`
	NameEN   string      `json:"name_en"`
	Kind     string      `json:"kind"`
	OpensOn  string      `json:"opens_on"`
	Deadline string      `json:"deadline"`
	Source   string      `json:"source"`
	Reports  []vipReport `json:"reports"`
}

type vipReport struct {
	Project     string `json:"project"`
	SubmittedOn string `json:"submitted_on"`
	ApprovedOn  string `json:"approved_on"`
	Source      string `json:"source"`
	GoalLights  []struct {
		Position    int    `json:"position"`
		Light       string `json:"light"`
		Explanation string `json:"explanation"`
	} `json:"goal_lights"`
	ActivityLights []struct {
		Title       string `json:"title"`
		Light       string `json:"light"`
		Explanation string `json:"explanation"`
	} `json:"activity_lights"`
	Answers vipAnswers `json:"answers"`
}

// vipAnswers holds pointers so that a key written with an empty text can be told from a key
// left out: the file leaves a question out rather than answer it with nothing.
type vipAnswers struct {
	Status        *string `json:"status"`
	Changes       *string `json:"changes"`
	Challenges    *string `json:"challenges"`
	Collaboration *string `json:"collaboration"`
	Funding       *string `json:"funding"`
	Perspectives  *string `json:"perspectives"`
	NextSteps     *string `json:"next_steps"`
	Experiences   *string `json:"experiences"`
}

func (a vipAnswers) byKey() map[string]*string {
	return map[string]*string{
		"status": a.Status, "changes": a.Changes, "challenges": a.Challenges,
		"collaboration": a.Collaboration, "funding": a.Funding, "perspectives": a.Perspectives,
		"next_steps": a.NextSteps, "experiences": a.Experiences,
	}
}

func decodeVIPReports(b []byte) (vipReportsFile, error) {
	return decodeStrict[vipReportsFile]("vip_reports.json", b)
}

// decodeStrict decodes a data file written for the demo: one JSON object, no unknown keys,
// nothing after it.
func decodeStrict[T any](name string, b []byte) (T, error) {
	var f T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("decode %s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return f, fmt.Errorf("decode %s: data after the top-level object", name)
	}
	return f, nil
}
