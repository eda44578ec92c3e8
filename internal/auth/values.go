package auth

import (
	"context"
	"maps"
	"slices"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The value rule (issue 10; docs/DECISIONS.md). The network's core loop is every member
// reporting its own figure on a shared indicator, so an editor of organisation X may create
// and edit values for X on any indicator they may see that is within X's reach: owned by X
// (or one of X's plans), by X's region (X's parent), by the nation (an organisation with no
// parent that is neither a municipality nor a region, such as the Energy Agency), or by a
// joint project X takes part in. A value for another organisation stays refused, except for
// the joint project's secretariat and leads, who report for the project's participants as
// before. An indicator marked owner_only is the exception: only the people who may change
// the indicator itself, the secretariat and admins maintain its values, for any
// organisation.

// mayWriteValue says whether p may write the value of indicator ind for organisation org.
// org 0 is a value that names no organisation yet (a new value's form): p may write it when
// they report for others on this indicator (MayAdd tries p's own organisations).
func mayWriteValue(ctx context.Context, g store.Getter, p *Principal, ind, org int64) (bool, error) {
	rec, err := lookup(ctx, g, model.Indicators, ind)
	if err != nil {
		return false, err
	}
	if rec == nil {
		return p.Has(RoleEditor, org), nil // the store reports a reference to nothing
	}
	i := model.AsIndicator(rec)
	if i.OwnerOnly() {
		if p.Secretariat() {
			return true, nil
		}
		return mayChange(ctx, g, p, Update, model.Indicators, rec)
	}
	if org != 0 && p.Has(RoleEditor, org) {
		ok, err := inReach(ctx, g, i, org)
		if err != nil || ok {
			return ok, err
		}
	}
	// A joint project's leads and the secretariat report for its participants.
	pr, err := lookup(ctx, g, model.Projects, i.OwnerProjectID())
	if err != nil || pr == nil {
		return false, err
	}
	if org != 0 && !participates(model.AsProject(pr), org) {
		return false, nil
	}
	return mayChange(ctx, g, p, Update, model.Projects, pr)
}

// inReach reports whether indicator ind is within organisation org's reach (see the value
// rule above).
func inReach(ctx context.Context, g store.Getter, ind model.Indicator, org int64) (bool, error) {
	if pr := ind.OwnerProjectID(); pr != 0 {
		rec, err := lookup(ctx, g, model.Projects, pr)
		if err != nil || rec == nil {
			return false, err
		}
		return participates(model.AsProject(rec), org), nil
	}
	owner := ind.OwnerOrganisationID()
	if plan := ind.OwnerPlanID(); plan != 0 {
		rec, err := lookup(ctx, g, model.Plans, plan)
		if err != nil || rec == nil {
			return false, err
		}
		owner = model.AsPlan(rec).OrganisationID()
	}
	if owner == 0 {
		return false, nil
	}
	if owner == org {
		return true, nil
	}
	o, err := lookup(ctx, g, model.Organisations, org)
	if err != nil {
		return false, err
	}
	if o != nil && model.AsOrganisation(o).ParentID() == owner {
		return true, nil // X's region
	}
	ow, err := lookup(ctx, g, model.Organisations, owner)
	if err != nil || ow == nil {
		return false, err
	}
	return national(model.AsOrganisation(ow)), nil
}

// national reports whether o speaks for the nation: it has no parent and is neither a
// municipality nor a region (a region may have no parent either, but reaches its
// municipalities only). The nation itself (kind country) is one.
func national(o model.Organisation) bool {
	return o.ParentID() == 0 && o.Kind() != "municipality" && o.Kind() != "region"
}

// participates reports whether org takes part in the joint project.
func participates(pr model.Project, org int64) bool {
	return slices.ContainsFunc(pr.Participants(), func(x model.ParticipantRef) bool { return x.OrganisationID == org })
}

// valueRef is the reference rule of a value's indicator and organisation: the value rule.
func valueRef(ctx context.Context, g store.Getter, p *Principal, rec model.Record, _ int64) (bool, error) {
	v := model.AsIndicatorValue(rec)
	return mayWriteValue(ctx, g, p, v.IndicatorID(), v.OrganisationID())
}

// MayAdd says whether p may create a record of res that starts as rec (the fields a form
// fixes before the reader fills it in), and returns the record to start from. It is
// MayWrite, except that a new value may name one of p's own organisations instead of the
// one rec names: p may add a value when they may write it for an organisation they are an
// editor of (the record returned names the first such), or for rec's; and so may a new
// knowledge-library item, which an editor proposes for their own organisation. Pages ask it before
// they show a new record's form or its "add" link; the store asks MayWrite of what is saved.
func MayAdd(ctx context.Context, g store.Getter, p *Principal, res *model.Resource, rec model.Record) (model.Record, error) {
	err := MayWrite(ctx, g, p, res, nil, rec)
	if err == nil || (res != model.IndicatorValues && res != model.LibraryItems) {
		return rec, err
	}
	for _, org := range p.editorOrgs() {
		try := maps.Clone(rec)
		try["organisation_id"] = org
		if MayWrite(ctx, g, p, res, nil, try) == nil {
			return try, nil
		}
	}
	return nil, err
}

// editorOrgs lists the organisations p is an editor of.
func (p *Principal) editorOrgs() []int64 {
	var out []int64
	if !p.Signed() {
		return out
	}
	for _, m := range p.User.Memberships {
		if m.Role == RoleEditor && m.OrganisationID != 0 && !slices.Contains(out, m.OrganisationID) {
			out = append(out, m.OrganisationID)
		}
	}
	return out
}
