package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"klimaspor/internal/model"
)

// consistent checks the rules that tie a record's references to each other, for everybody
// (administrators and the system too): an action in a plan is done by the plan's
// organisation, and a plan that has actions keeps its organisation; a goal is part of a goal
// of the same plan or project, never of itself or of one of its own parts, and a goal with
// parts stays where they are. Like the references themselves, a rule is checked only when
// the write changes what it is about, so older records that break it stay editable. Who may
// refer to what is the authorization's rule (auth.Authorize), not this one.
func (tx *Tx) consistent(ctx context.Context, res *model.Resource, rec, cur model.Record) ([]model.FieldError, error) {
	if check := hooks[res].consistent; check != nil {
		return check(ctx, tx, rec, cur)
	}
	return nil, nil
}

// changed reports whether the write changes any of the fields (always, when creating).
func changed(res *model.Resource, cur, rec model.Record, fields ...string) bool {
	for _, f := range fields {
		if cur == nil || !res.SameValue(f, cur[f], rec[f]) {
			return true
		}
	}
	return false
}

func rule(field, msg string) []model.FieldError {
	return []model.FieldError{{Field: field, Code: model.CodeRule, Message: msg}}
}

// actionConsistent: an action in a plan is done by the plan's organisation.
func actionConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	a := model.AsAction(rec)
	plan := a.PlanID()
	if plan == 0 || !changed(model.Actions, cur, rec, "plan_id", "organisation_id") {
		return nil, nil
	}
	p, err := tx.Get(ctx, model.Plans, plan)
	if err != nil {
		return nil, err
	}
	if model.AsPlan(p).OrganisationID() != a.OrganisationID() {
		return rule("organisation_id", "an action in a plan is done by the plan's organisation"), nil
	}
	return nil, nil
}

// organisationConsistent: a network's members are municipalities (a saved group of them,
// for the cross-plan coverage), and an organisation that is a network's member stays a
// municipality. Only a network has members at all: that is the model's rule
// (model.checkOrganisation), which sees the record alone.
func organisationConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	if members := model.AsOrganisation(rec).MemberIDs(); len(members) > 0 && changed(model.Organisations, cur, rec, "member_ids") {
		// One query for the whole list (Klimaalliancen has 98 members); the reference check
		// has already found every member there.
		args := idArgs(members)
		var id int64
		var kind string
		err := tx.tx.QueryRowContext(ctx, "SELECT id, kind FROM organisations WHERE kind <> 'municipality' AND id IN ("+placeholders(1, len(args))+") ORDER BY id LIMIT 1", args...).Scan(&id, &kind)
		switch {
		case err == nil:
			return []model.FieldError{{Field: "member_ids", Code: model.CodeRule,
				Message: fmt.Sprintf("a network's members are municipalities; organisation %d is a %s", id, kind), Value: strconv.FormatInt(id, 10)}}, nil
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("store: members of organisation %d: %w", rec.ID(), err)
		}
	}
	if cur != nil && changed(model.Organisations, cur, rec, "kind") && model.AsOrganisation(rec).Kind() != "municipality" {
		if in, err := tx.exists(ctx, "SELECT 1 FROM organisation_members WHERE member_id = $1", rec.ID()); err != nil {
			return nil, err
		} else if in {
			return rule("kind", "a network's member stays a municipality"), nil
		}
	}
	return nil, nil
}

// planConsistent: a plan that has actions keeps its organisation.
func planConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	if cur == nil || !changed(model.Plans, cur, rec, "organisation_id") {
		return nil, nil
	}
	if has, err := tx.exists(ctx, "SELECT 1 FROM actions WHERE plan_id = $1", rec.ID()); err != nil {
		return nil, err
	} else if has {
		return rule("organisation_id", "a plan with actions keeps its organisation"), nil
	}
	return nil, nil
}

// goalConsistent: a goal is part of a goal of the same plan or project, never of itself or
// of one of its own parts, and a goal with parts stays where they are.
func goalConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	if cur != nil && changed(model.Goals, cur, rec, "plan_id", "project_id") {
		if has, err := tx.exists(ctx, "SELECT 1 FROM goals WHERE parent_id = $1", rec.ID()); err != nil {
			return nil, err
		} else if has {
			return rule("plan_id", "a goal with parts stays in its plan or project"), nil
		}
	}
	g := model.AsGoal(rec)
	parent := g.ParentID()
	if parent == 0 || !changed(model.Goals, cur, rec, "parent_id", "plan_id", "project_id") {
		return nil, nil
	}
	pg, err := tx.Get(ctx, model.Goals, parent)
	if err != nil {
		return nil, err
	}
	if p := model.AsGoal(pg); p.PlanID() != g.PlanID() || p.ProjectID() != g.ProjectID() {
		return rule("parent_id", "a goal is part of a goal of the same plan or project"), nil
	}
	// Up from the parent, the goal itself must not come again.
	seen := map[int64]bool{}
	for id := parent; id != 0 && !seen[id]; {
		if id == rec.ID() {
			return rule("parent_id", "a goal cannot be part of itself or of one of its parts"), nil
		}
		seen[id] = true
		up, err := tx.Get(ctx, model.Goals, id)
		if err != nil {
			return nil, err
		}
		id = model.AsGoal(up).ParentID()
	}
	return nil, nil
}

// exists reports whether the query finds a row.
func (tx *Tx) exists(ctx context.Context, query string, args ...any) (bool, error) {
	rows, err := tx.tx.QueryContext(ctx, query+" LIMIT 1", args...)
	if err != nil {
		return false, fmt.Errorf("store: %s: %w", query, err)
	}
	defer rows.Close()
	found := rows.Next()
	return found, rows.Err()
}
