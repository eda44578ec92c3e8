package auth

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
)

// Status reports (C5). Who may move a report and who reads it in which state are
// internal/reporting's rules (MayMove, Sees), asked here with the person's relation to the
// report's project: the secretariat and administrators review; the people with the
// project-lead role in a lead organisation fill and submit; for reading, every person of a
// lead organisation counts as a lead and every person of a participating organisation as a
// participant.

// ReportRelation is how p stands to a joint project's reports, for writing (writing: the
// project-lead role in a lead organisation makes a lead) or reading (any membership of a
// lead organisation does).
func ReportRelation(ctx context.Context, g store.Getter, p *Principal, project int64, writing bool) (reporting.Relation, error) {
	if p.Secretariat() {
		return reporting.Reviewer, nil
	}
	if !p.Signed() {
		return reporting.Public, nil
	}
	pr, err := lookup(ctx, g, model.Projects, project)
	if err != nil || pr == nil {
		return reporting.Public, err
	}
	proj := model.AsProject(pr)
	lead := slices.ContainsFunc(proj.Leads(), p.Member)
	if writing {
		lead = p.leads(proj.Leads())
	}
	switch {
	case lead:
		return reporting.Lead, nil
	case slices.ContainsFunc(proj.Participants(), func(pt model.ParticipantRef) bool { return p.Member(pt.OrganisationID) }):
		return reporting.Participant, nil
	}
	return reporting.Public, nil
}

// mayChangeReport is the rule for one side of a report's write: reports are made with their
// round and deleted by the secretariat. An update is a move (a save when the state stays),
// which only both sides tell: mayMoveReport decides it.
func mayChangeReport(p *Principal, op Op) bool {
	return op == Update || p.Secretariat()
}

// mayMoveReport refuses an update of a report whose move (from its state before to its
// state after: reporting.MoveOf) p may not make.
func mayMoveReport(ctx context.Context, g store.Getter, p *Principal, before, after model.Record) error {
	b, a := model.AsReport(before), model.AsReport(after)
	rel, err := ReportRelation(ctx, g, p, b.ProjectID(), true)
	if err != nil {
		return err
	}
	m := reporting.MoveOf(reporting.State(b.State()), reporting.State(a.State()))
	if !reporting.MayMove(rel, m) {
		return fmt.Errorf("%w: %s may not %s this report", ErrForbidden, p.Label(), m)
	}
	return nil
}

// maySeeReport is the read rule of a report (reporting.Sees).
func maySeeReport(ctx context.Context, g store.Getter, p *Principal, rec model.Record) (bool, error) {
	r := model.AsReport(rec)
	if r.State() == string(reporting.Approved) {
		return true, nil
	}
	rel, err := ReportRelation(ctx, g, p, r.ProjectID(), false)
	if err != nil {
		return false, err
	}
	return reporting.Sees(rel, reporting.State(r.State())), nil
}

// MayMoveReport says whether p may make the move on the report now: the person (403) and
// the state (409) both allow it. The pages ask it before they offer a move's button.
func MayMoveReport(ctx context.Context, g store.Getter, p *Principal, rec model.Record, m reporting.Move) bool {
	after := maps.Clone(rec)
	if m != reporting.Save {
		after["state"] = string(reporting.Target(m))
	}
	if MayWrite(ctx, g, p, model.Reports, rec, after) != nil {
		return false
	}
	_, err := reporting.Next(reporting.State(model.AsReport(rec).State()), m)
	return err == nil
}
