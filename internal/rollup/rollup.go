// Package rollup gathers what the secretariat's overview of a reporting round and the
// steering group's roll-up show (issue 11), as the reader may see it, and writes them: the
// overview as JSON and as a list for CSV/XLSX, the roll-up as a print-ready A4 HTML
// document, as PDF (internal/pdf) and as a workbook. The matrix itself is
// reporting.BuildOverview's; this package reads its inputs from the store and lays it out.
package rollup

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
)

// Filter keeps the reports of one state and of one lead organisation; the zero value keeps
// every report the reader sees. The programme is the round's.
type Filter struct {
	State string // a report state, or ""
	Lead  int64  // a lead organisation's id, or 0
}

// Rollup is a round's overview and what the roll-up shows of each project in it.
type Rollup struct {
	Round     model.ReportingRound
	Programme model.Programme
	Previous  *model.ReportingRound // the programme's latest round before this one, if any
	Today     string                // YYYY-MM-DD: the day it was made, which decides what is overdue
	Filter    Filter
	Overview  reporting.Overview
	Sections  []Section // one per row of the overview, in its order
	Events    []Event   // the appendix: who reported when, oldest first
	Orgs      map[int64]model.Organisation
	goals     map[int64]model.Goal
	byPerson  map[int64]bool // by report: a person (not the system) made its last version
}

// Section is one project's part of the roll-up.
type Section struct {
	Row        reporting.OverviewRow
	Project    model.Project
	Form       reporting.Form
	Answers    reporting.Answers
	Indicators []Indicator
}

// Indicator is one of the project's indicators with the values the reader sees.
type Indicator struct {
	model.Indicator
	Values []model.IndicatorValue
}

// Event is a submission, return or approval of a report.
type Event struct {
	ProjectID int64
	Code      string // the project's
	Move      string // submit, return or approve
	By        string // the person's name (or e-mail); "" for the system or a person hidden from the public
	Person    bool   // a person made it (not the system)
	At        string // RFC 3339
}

// Build reads round roundID's overview and roll-up as p may see it: reports p may not see
// are left out. today (YYYY-MM-DD) decides what is overdue. An unknown round is
// store.ErrNotFound.
func Build(ctx context.Context, db *store.DB, p *auth.Principal, roundID int64, f Filter, today string) (*Rollup, error) {
	rec, err := db.Get(ctx, model.ReportingRounds, roundID)
	if err != nil {
		return nil, err
	}
	if ok, err := auth.Visibility(p, model.ReportingRounds).Allows(ctx, db, rec); err != nil || !ok {
		return nil, cmp.Or(err, store.ErrNotFound)
	}
	round := model.AsReportingRound(rec)
	prog, err := db.Get(ctx, model.Programmes, round.ProgrammeID())
	if err != nil {
		return nil, fmt.Errorf("rollup: programme of round %d: %w", roundID, err)
	}
	r := &Rollup{Round: round, Programme: model.AsProgramme(prog), Today: today, Filter: f,
		Orgs: map[int64]model.Organisation{}, goals: map[int64]model.Goal{}, byPerson: map[int64]bool{}}
	progID := strconv.FormatInt(round.ProgrammeID(), 10)

	rounds, err := listAll(ctx, db, p, model.ReportingRounds, model.ListQuery{Filters: map[string]string{"programme": progID}})
	if err != nil {
		return nil, err
	}
	for _, x := range model.AsReportingRounds(rounds) {
		if x.Deadline() < round.Deadline() && (r.Previous == nil || x.Deadline() > r.Previous.Deadline() ||
			(x.Deadline() == r.Previous.Deadline() && x.ID() > r.Previous.ID())) {
			prev := x
			r.Previous = &prev
		}
	}

	projRecs, err := listAll(ctx, db, p, model.Projects, model.ListQuery{Filters: map[string]string{"programme": progID}, Sort: "code"})
	if err != nil {
		return nil, err
	}
	projects := model.AsProjects(projRecs)
	var projIDs []int64
	byProject := map[int64]model.Project{}
	for _, pr := range projects {
		projIDs = append(projIDs, pr.ID())
		byProject[pr.ID()] = pr
	}
	goalsOf := map[int64][]model.Goal{}
	indicatorsOf := map[int64][]Indicator{}
	if len(projIDs) > 0 {
		gs, err := listAll(ctx, db, p, model.Goals, model.ListQuery{AnyOf: map[string][]int64{"project": projIDs}})
		if err != nil {
			return nil, err
		}
		for _, g := range model.AsGoals(gs) {
			goalsOf[g.ProjectID()] = append(goalsOf[g.ProjectID()], g)
			r.goals[g.ID()] = g
		}
		for id := range goalsOf {
			slices.SortStableFunc(goalsOf[id], goalOrder)
		}
		if indicatorsOf, err = readIndicators(ctx, db, p, projIDs); err != nil {
			return nil, err
		}
	}

	in := reporting.OverviewInput{Deadline: round.Deadline()}
	for _, pr := range projects {
		op := reporting.OverviewProject{ID: pr.ID(), Code: pr.Code(), Title: pr.NameDA(), Leads: pr.Leads()}
		for _, g := range goalsOf[pr.ID()] {
			op.Goals = append(op.Goals, reporting.Item{ID: g.ID(), Text: g.TextDA()})
		}
		in.Projects = append(in.Projects, op)
	}
	subject := func(kind string, project int64) reporting.Subject {
		s := reporting.Subject{RoundKind: kind}
		for _, g := range goalsOf[project] {
			s.Goals = append(s.Goals, reporting.Item{ID: g.ID(), Text: g.TextDA()})
		}
		return s
	}

	current, err := readReports(ctx, db, p, round, subject)
	if err != nil {
		return nil, err
	}
	versions, err := db.ReportVersions(ctx, reportIDs(current)...)
	if err != nil {
		return nil, err
	}
	hide := !p.Signed() // the public reads what was reported and when, not by whom
	for i, rep := range current {
		vs := versions[rep.ID]
		if len(vs) == 0 {
			continue
		}
		last := vs[len(vs)-1]
		current[i].ChangedAt = last.At
		r.byPerson[rep.ID] = last.UserID != 0
		if !hide {
			current[i].ChangedBy = last.By
		}
	}
	in.Reports = current
	if r.Previous != nil {
		if in.Previous, err = readReports(ctx, db, p, *r.Previous, subject); err != nil {
			return nil, err
		}
	}
	r.Overview = reporting.BuildOverview(in, reporting.OverviewFilter{State: reporting.State(f.State), Lead: f.Lead}, today)

	byReport := map[int64]reporting.OverviewReport{}
	for _, rep := range current {
		byReport[rep.ID] = rep
	}
	for _, row := range r.Overview.Rows {
		rep := byReport[row.Report]
		r.Sections = append(r.Sections, Section{Row: row, Project: byProject[row.Project.ID], Form: rep.Form, Answers: rep.Answers,
			Indicators: indicatorsOf[row.Project.ID]})
		for _, v := range versions[row.Report] {
			switch reporting.Move(v.Move) {
			case reporting.Submit, reporting.Return, reporting.Approve:
				e := Event{ProjectID: row.Project.ID, Code: row.Project.Code, Move: v.Move, Person: v.UserID != 0, At: v.At}
				if !hide {
					e.By = v.By
				}
				r.Events = append(r.Events, e)
			}
		}
	}
	slices.SortStableFunc(r.Events, func(a, b Event) int { return cmp.Compare(a.At, b.At) })

	// The organisations named: the leads, and those whose values the charts draw.
	var orgIDs []int64
	for _, s := range r.Sections {
		orgIDs = append(orgIDs, s.Project.Leads()...)
		for _, ind := range s.Indicators {
			for _, v := range ind.Values {
				orgIDs = append(orgIDs, v.OrganisationID())
			}
		}
	}
	for _, id := range orgIDs {
		if _, ok := r.Orgs[id]; ok {
			continue
		}
		o, err := db.Get(ctx, model.Organisations, id)
		if err != nil {
			return nil, fmt.Errorf("rollup: organisation %d: %w", id, err)
		}
		r.Orgs[id] = model.AsOrganisation(o)
	}
	return r, nil
}

// goalOrder is the project's order of its goals: by position, the goals without one after
// those with one, then as they were made.
func goalOrder(a, b model.Goal) int {
	pa, oka := a.Position()
	pb, okb := b.Position()
	switch {
	case oka && okb && pa != pb:
		return cmp.Compare(pa, pb)
	case oka != okb:
		if oka {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.ID(), b.ID())
}

// readReports reads a round's reports that p sees, with their answers parsed against their
// form and their project's goals.
func readReports(ctx context.Context, db *store.DB, p *auth.Principal, round model.ReportingRound, subject func(kind string, project int64) reporting.Subject) ([]reporting.OverviewReport, error) {
	recs, err := listAll(ctx, db, p, model.Reports, model.ListQuery{Filters: map[string]string{"round": strconv.FormatInt(round.ID(), 10)}})
	if err != nil {
		return nil, err
	}
	forms := map[int64]reporting.Form{}
	var out []reporting.OverviewReport
	for _, rep := range model.AsReports(recs) {
		f, ok := forms[rep.FormVersion()]
		if !ok {
			if f, err = db.ReportForm(ctx, round.ProgrammeID(), rep.FormVersion()); err != nil {
				return nil, fmt.Errorf("rollup: form of report %d: %w", rep.ID(), err)
			}
			forms[rep.FormVersion()] = f
		}
		answers, _ := reporting.Parse(f, subject(round.Kind(), rep.ProjectID()), rep.Answers(), false)
		out = append(out, reporting.OverviewReport{ID: rep.ID(), ProjectID: rep.ProjectID(), State: reporting.State(rep.State()), Form: f, Answers: answers})
	}
	return out, nil
}

// readIndicators reads the indicators the projects own, with their totals (no breakdowns),
// as p sees them.
func readIndicators(ctx context.Context, db *store.DB, p *auth.Principal, projects []int64) (map[int64][]Indicator, error) {
	recs, err := listAll(ctx, db, p, model.Indicators, model.ListQuery{AnyOf: map[string][]int64{"project": projects}, Sort: "code"})
	if err != nil {
		return nil, err
	}
	out := map[int64][]Indicator{}
	if len(recs) == 0 {
		return out, nil
	}
	var ids []int64
	for _, rec := range recs {
		ids = append(ids, rec.ID())
	}
	vals, err := listAll(ctx, db, p, model.IndicatorValues, model.ListQuery{AnyOf: map[string][]int64{"indicator": ids}})
	if err != nil {
		return nil, err
	}
	valuesOf := map[int64][]model.IndicatorValue{}
	for _, v := range model.AsIndicatorValues(vals) {
		if v.Breakdown() == "" {
			valuesOf[v.IndicatorID()] = append(valuesOf[v.IndicatorID()], v)
		}
	}
	for _, ind := range model.AsIndicators(recs) {
		vs := valuesOf[ind.ID()]
		slices.SortStableFunc(vs, func(a, b model.IndicatorValue) int { return cmp.Compare(a.Period(), b.Period()) })
		out[ind.OwnerProjectID()] = append(out[ind.OwnerProjectID()], Indicator{Indicator: ind, Values: vs})
	}
	return out, nil
}

// listAll reads every record of a list that p sees, page by page.
func listAll(ctx context.Context, db *store.DB, p *auth.Principal, res *model.Resource, q model.ListQuery) ([]model.Record, error) {
	auth.Visibility(p, res).Apply(&q)
	q.Limit = store.MaxLimit
	var out []model.Record
	for {
		page, err := db.List(ctx, res, q)
		if err != nil {
			return nil, fmt.Errorf("rollup: list %s: %w", res.Name, err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out, nil
		}
		q.Cursor = page.NextCursor
	}
}

func reportIDs(reports []reporting.OverviewReport) []int64 {
	ids := make([]int64, len(reports))
	for i, r := range reports {
		ids[i] = r.ID
	}
	return ids
}
