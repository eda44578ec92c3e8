package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
)

// Status reporting's particulars (C5). The rules are internal/reporting's; here they are
// kept: a round is made on the programme's newest form version and opens one report per
// project of the programme; a report's state and form version are the store's to set; every
// write of a report keeps a version of it (report_versions); a move (submit, return,
// approve) changes only the state, through the guard and the audit trail like every write.

// --- forms ---

// reportForm reads version v of a programme's report form; version 1 of a programme whose
// form was never stored is the standard form.
func reportForm(ctx context.Context, q querier, programme, v int64) (reporting.Form, error) {
	var questions string
	err := q.QueryRowContext(ctx, "SELECT questions FROM report_forms WHERE programme_id = $1 AND version = $2", programme, v).Scan(&questions)
	if errors.Is(err, sql.ErrNoRows) {
		if v == 1 {
			return reporting.StandardForm(), nil
		}
		return reporting.Form{}, fmt.Errorf("store: programme %d has no report form version %d: %w", programme, v, ErrNotFound)
	}
	if err != nil {
		return reporting.Form{}, fmt.Errorf("store: report form %d of programme %d: %w", v, programme, err)
	}
	return reporting.ParseForm(v, []byte(questions))
}

// ensureForm makes sure the programme's form has a stored version, storing the standard
// form as version 1 if none is, and returns the newest version.
func (tx *Tx) ensureForm(programme int64) (int64, error) {
	var last sql.NullInt64
	if err := tx.tx.QueryRowContext(tx.ctx, "SELECT MAX(version) FROM report_forms WHERE programme_id = $1", programme).Scan(&last); err != nil {
		return 0, fmt.Errorf("store: report forms of programme %d: %w", programme, err)
	}
	if last.Valid {
		return last.Int64, nil
	}
	return 1, tx.insertForm(programme, reporting.StandardForm())
}

func (tx *Tx) insertForm(programme int64, f reporting.Form) error {
	var by any
	if a := ActorOf(tx.ctx); a.UserID != 0 {
		by = a.UserID
	}
	_, err := tx.tx.ExecContext(tx.ctx, "INSERT INTO report_forms (programme_id, version, questions, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
		programme, f.Version, string(f.QuestionsJSON()), tx.now, by)
	if err != nil {
		return fmt.Errorf("store: save report form %d of programme %d: %w", f.Version, programme, err)
	}
	return nil
}

// --- rounds ---

// fillRound gives a new round the newest version of its programme's form.
func fillRound(ctx context.Context, tx *Tx, cur, rec model.Record) error {
	if cur != nil {
		return nil
	}
	prog := model.AsReportingRound(rec).ProgrammeID()
	if prog == 0 {
		return nil // Validate reports the missing programme
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM programmes WHERE id = $1", prog).Scan(&n); err != nil || n == 0 {
		return err // checkRefs reports an unknown programme
	}
	v, err := tx.ensureForm(prog)
	rec["form_version"] = v
	return err
}

// roundConsistent keeps a round in its programme once it has reports.
func roundConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	if cur == nil || !changed(model.ReportingRounds, cur, rec, "programme_id") {
		return nil, nil
	}
	return []model.FieldError{{Field: "programme_id", Code: model.CodeRule, Message: "a round stays in its programme: its reports are the programme's projects'"}}, nil
}

// openRound gives every project of the programme its report in a new round, not started.
func openRound(ctx context.Context, tx *Tx, id int64, cur, rec model.Record) error {
	if cur != nil {
		return nil
	}
	rows, err := tx.tx.QueryContext(ctx, "SELECT id FROM projects WHERE programme_id = $1 ORDER BY code", model.AsReportingRound(rec).ProgrammeID())
	if err != nil {
		return fmt.Errorf("store: projects of round %d: %w", id, err)
	}
	var projects []int64
	for rows.Next() {
		var p int64
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		projects = append(projects, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range projects {
		if _, err := tx.Create(ctx, model.Reports, model.Record{"round_id": id, "project_id": p}); err != nil {
			return fmt.Errorf("store: open the report of project %d in round %d: %w", p, id, err)
		}
	}
	return nil
}

// --- reports ---

// fillReport sets a new report's state (not started) and form version (its round's), and
// moves a report that is saved from not started to draft.
func fillReport(ctx context.Context, tx *Tx, cur, rec model.Record) error {
	if cur == nil {
		rec["state"] = string(reporting.NotStarted)
		rec["state_changed_at"] = tx.now
		var v int64
		err := tx.tx.QueryRowContext(ctx, "SELECT form_version FROM reporting_rounds WHERE id = $1", model.AsReport(rec).RoundID()).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) { // checkRefs reports an unknown round
			return fmt.Errorf("store: form version of a new report: %w", err)
		}
		rec["form_version"] = v
		return nil
	}
	if cur["state"] == rec["state"] && !model.Reports.SameValue("answers", cur["answers"], rec["answers"]) {
		if next, err := reporting.Next(reporting.State(model.AsReport(cur).State()), reporting.Save); err == nil {
			rec["state"] = string(next)
			if next != reporting.State(model.AsReport(cur).State()) {
				rec["state_changed_at"] = tx.now
			}
		}
	}
	return nil
}

// reportConsistent checks a report's round and project against each other, and its answers
// against its form and project (reporting.Parse): completely when it is submitted. A change
// of the answers that its state does not allow is a *reporting.StateError.
func reportConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	r := model.AsReport(rec)
	if cur != nil {
		c := model.AsReport(cur)
		if changed(model.Reports, cur, rec, "round_id", "project_id") {
			return []model.FieldError{{Field: "round_id", Code: model.CodeRule, Message: "a report stays in its round and project; delete it and make a new one"}}, nil
		}
		if c.Answers() != r.Answers() && c.State() == r.State() && !reporting.Editable(reporting.State(c.State())) {
			return nil, &reporting.StateError{From: reporting.State(c.State()), Move: reporting.Save}
		}
	}
	round, err := tx.Get(ctx, model.ReportingRounds, r.RoundID())
	if err != nil {
		return nil, err
	}
	proj, err := tx.Get(ctx, model.Projects, r.ProjectID())
	if err != nil {
		return nil, err
	}
	if model.AsReportingRound(round).ProgrammeID() != model.AsProject(proj).ProgrammeID() {
		return []model.FieldError{{Field: "project_id", Code: model.CodeRule, Message: "the project is not in the round's programme"}}, nil
	}
	f, s, err := tx.reportSubject(rec, round)
	if err != nil {
		return nil, err
	}
	submitting := r.State() == string(reporting.Submitted) && (cur == nil || model.AsReport(cur).State() != r.State())
	_, probs := reporting.Parse(f, s, r.Answers(), submitting)
	var errs []model.FieldError
	for _, p := range probs {
		field := "answers." + p.Question
		if p.Item != 0 {
			field += "." + strconv.FormatInt(p.Item, 10)
		}
		errs = append(errs, model.FieldError{Field: field, Code: p.Code, Message: p.Message})
	}
	return errs, nil
}

// reportSubject reads what a report's questions are about: its form, and its project's goals,
// activities and indicators.
func (tx *Tx) reportSubject(rec, round model.Record) (reporting.Form, reporting.Subject, error) {
	return subjectOf(tx.ctx, tx.tx, rec, round)
}

func subjectOf(ctx context.Context, q querier, rec, round model.Record) (reporting.Form, reporting.Subject, error) {
	r, rd := model.AsReport(rec), model.AsReportingRound(round)
	f, err := reportForm(ctx, q, rd.ProgrammeID(), r.FormVersion())
	if err != nil {
		return reporting.Form{}, reporting.Subject{}, err
	}
	s := reporting.Subject{RoundKind: rd.Kind()}
	items := []struct {
		into  *[]reporting.Item
		query string
	}{
		{&s.Goals, "SELECT id, '', text_da FROM goals WHERE project_id = $1 ORDER BY position, id"},
		{&s.Activities, "SELECT id, '', title FROM actions WHERE project_id = $1 ORDER BY id"},
		{&s.Indicators, "SELECT id, code, name_da FROM indicators WHERE owner_project_id = $1 ORDER BY code"},
	}
	for _, it := range items {
		rows, err := q.QueryContext(ctx, it.query, r.ProjectID())
		if err != nil {
			return f, s, fmt.Errorf("store: what report %d is about: %w", rec.ID(), err)
		}
		for rows.Next() {
			var x reporting.Item
			if err := rows.Scan(&x.ID, &x.Code, &x.Text); err != nil {
				rows.Close()
				return f, s, err
			}
			*it.into = append(*it.into, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return f, s, err
		}
	}
	return f, s, nil
}

// keepReportVersion keeps every written version of a report, with the move that made it.
func keepReportVersion(ctx context.Context, tx *Tx, id int64, cur, rec model.Record) error {
	r := model.AsReport(rec)
	move := "create"
	if cur != nil {
		m, ok := reporting.MoveBetween(reporting.State(model.AsReport(cur).State()), reporting.State(r.State()))
		if !ok {
			return fmt.Errorf("store: report %d cannot go from %s to %s", id, model.AsReport(cur).State(), r.State())
		}
		move = string(m)
	}
	var comment any
	if move == string(reporting.Return) {
		comment = r.Comment()
	}
	a := ActorOf(ctx)
	var user any
	if a.UserID != 0 {
		user = a.UserID
	}
	version := int64(1)
	if cur != nil {
		version = cur.Version() + 1
	}
	var answers any
	if r.Answers() != "" {
		answers = string(r.Answers())
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO report_versions (report_id, version, state, move, answers, comment, user_id, channel, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, version, r.State(), move, answers, comment, user, a.Channel, tx.now)
	if err != nil {
		return fmt.Errorf("store: keep version %d of report %d: %w", version, id, err)
	}
	return nil
}

// reportDrafts keeps the reports the reader may read (reporting.Sees): approved ones for
// everybody, submitted ones for the people of the project's participants too, and every
// state for the people of its lead organisations and the secretariat.
func reportDrafts(d *draftSQL) string {
	if d.q.ProjectDrafts {
		return ""
	}
	seen := []string{"state = " + d.bind(string(reporting.Approved))}
	if len(d.q.DraftsOf) > 0 {
		seen = append(seen,
			"(state = "+d.bind(string(reporting.Submitted))+" AND project_id IN (SELECT project_id FROM participants WHERE organisation_id IN ("+d.orgs()+")))",
			"project_id IN (SELECT project_id FROM participants WHERE lead = "+d.bind(true)+" AND organisation_id IN ("+d.orgs()+"))")
	}
	return "(" + strings.Join(seen, " OR ") + ")"
}

// MoveReport makes a move (submit, return, approve) on a report at version (0: whatever
// version is stored). The guard decides whether the person may make it at all (a refusal
// comes first, so it reveals nothing of the report's state), then the state whether it can
// be made now (*reporting.StateError), then the version (*ConflictError). A return needs a
// comment. An approval turns the report's indicator values into the project's values for
// the round's period.
func (db *DB) MoveReport(ctx context.Context, id, version int64, m reporting.Move, comment string) (out model.Record, err error) {
	if m == reporting.Save {
		return nil, fmt.Errorf("store: a save is an update of the answers, not a move")
	}
	err = db.Tx(ctx, func(tx *Tx) error {
		cur, err := tx.Get(tx.ctx, model.Reports, id)
		if err != nil {
			return err
		}
		preview := maps.Clone(cur)
		preview["state"] = string(reporting.Target(m))
		if err := tx.guard("update", model.Reports, cur, preview); err != nil {
			return err
		}
		next, err := reporting.Next(reporting.State(model.AsReport(cur).State()), m)
		if err != nil {
			return err
		}
		if version != 0 && cur.Version() != version {
			return &ConflictError{Resource: model.Reports.Singular, ID: id, Given: version, Current: cur}
		}
		kept := model.Record{"state": string(next), "state_changed_at": tx.now}
		if m == reporting.Return {
			comment = strings.TrimSpace(comment)
			if comment == "" || model.TextProblem(comment) != "" || len([]rune(comment)) > 4000 {
				return &model.ValidationError{Errors: []model.FieldError{{Field: "comment", Code: model.CodeRequired, Message: "say what the leads should change (at most 4000 characters)"}}}
			}
			kept["comment"] = comment
		}
		out, err = tx.update(model.Reports, id, cur.Version(), nil, kept)
		if err != nil {
			return err
		}
		if m == reporting.Approve {
			return tx.reportValues(out)
		}
		return nil
	})
	return out, err
}

// reportValues writes an approved report's indicator values as the project's values for
// the round's period, for the project's first lead organisation, with the report as their
// source. A value already there for that period is updated.
func (tx *Tx) reportValues(rec model.Record) error {
	r := model.AsReport(rec)
	round, err := tx.Get(tx.ctx, model.ReportingRounds, r.RoundID())
	if err != nil {
		return err
	}
	proj, err := tx.Get(tx.ctx, model.Projects, r.ProjectID())
	if err != nil {
		return err
	}
	f, s, err := tx.reportSubject(rec, round)
	if err != nil {
		return err
	}
	answers, _ := reporting.Parse(f, s, r.Answers(), false)
	leads := model.AsProject(proj).Leads()
	rd := model.AsReportingRound(round)
	period := reporting.ValuePeriod(rd.Deadline())
	for _, q := range f.In(rd.Kind()) {
		if q.Type != reporting.IndicatorValues || len(answers[q.ID].Values) == 0 {
			continue
		}
		if len(leads) == 0 {
			return &model.ValidationError{Errors: []model.FieldError{{Field: "answers." + q.ID, Code: model.CodeRule, Message: "the project has no lead organisation to give its values for"}}}
		}
		source := fmt.Sprintf("Statusrapport %s, %s (rapport %d)", rd.NameDA(), model.AsProject(proj).Code(), rec.ID())
		for _, ind := range slices.Sorted(maps.Keys(answers[q.ID].Values)) {
			v := answers[q.ID].Values[ind]
			var existing int64
			var ver int64
			err := tx.tx.QueryRowContext(tx.ctx, "SELECT id, version FROM indicator_values WHERE indicator_id = $1 AND organisation_id = $2 AND period = $3 AND breakdown = ''",
				ind, leads[0], period).Scan(&existing, &ver)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.Create(tx.ctx, model.IndicatorValues, model.Record{"indicator_id": ind, "organisation_id": leads[0], "period": period, "value": v, "source": source})
			case err == nil:
				_, err = tx.Update(tx.ctx, model.IndicatorValues, existing, ver, model.Record{"value": v, "source": source})
			}
			if err != nil {
				return fmt.Errorf("store: the value of indicator %d from report %d: %w", ind, rec.ID(), err)
			}
		}
	}
	return nil
}

// ReportVersion is one kept version of a report.
type ReportVersion struct {
	Version int64              `json:"version"`
	State   string             `json:"state"`
	Move    string             `json:"move"`
	Answers model.JSONObject   `json:"-"`
	Comment string             `json:"comment,omitempty"`
	UserID  int64              `json:"user_id,omitempty"`
	By      string             `json:"by,omitempty"` // the person's name, or e-mail when they gave no name
	Channel string             `json:"channel"`
	At      string             `json:"at"`
	Changes []reporting.Change `json:"-"`
}

// ReportVersions reads every kept version of reports, oldest first, by report id.
func (db *DB) ReportVersions(ctx context.Context, reports ...int64) (map[int64][]ReportVersion, error) {
	out := map[int64][]ReportVersion{}
	if len(reports) == 0 {
		return out, nil
	}
	args := make([]any, len(reports))
	for i, id := range reports {
		args[i] = id
	}
	rows, err := db.r.QueryContext(ctx, `SELECT v.report_id, v.version, v.state, v.move, COALESCE(v.answers, ''), COALESCE(v.comment, ''),
		COALESCE(v.user_id, 0), COALESCE(NULLIF(u.name, ''), u.email, ''), v.channel, v.at
		FROM report_versions v LEFT JOIN users u ON u.id = v.user_id
		WHERE v.report_id IN (`+placeholders(1, len(args))+`) ORDER BY v.report_id, v.version`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: report versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v ReportVersion
		var answers string
		if err := rows.Scan(&id, &v.Version, &v.State, &v.Move, &answers, &v.Comment, &v.UserID, &v.By, &v.Channel, &v.At); err != nil {
			return nil, err
		}
		v.Answers = model.JSONObject(answers)
		out[id] = append(out[id], v)
	}
	return out, rows.Err()
}

// ReportSubject reads what a report's questions are about: its form (the report's own
// version, so a report given on an older form still renders on it) and its project's goals,
// activities and indicators, with its round's kind. The pages read a report with it.
func (db *DB) ReportSubject(ctx context.Context, report model.Record) (reporting.Form, reporting.Subject, error) {
	round, err := db.Get(ctx, model.ReportingRounds, model.AsReport(report).RoundID())
	if err != nil {
		return reporting.Form{}, reporting.Subject{}, err
	}
	return subjectOf(ctx, db.reader(), report, round)
}
