package auth

import (
	"context"
	"fmt"
	"strconv"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// References. A record refers to others: an action to its plan and organisation, a goal to
// its parent goal, a value to its indicator. A write may set a reference only to a record
// the writer may see (else it is answered as if that record did not exist) and, as
// refRules says per field, within the writer's reach. Each reference is checked on its own,
// so a reference within reach does not carry one that is not: nobody puts an action on
// another organisation's page or ties their goal under another's, which would also keep
// that organisation from deleting its own. Only references that a write sets are checked
// (all of a new record's, those an update changes), so a record that rightly points
// elsewhere (a value of a joint project's indicator, a goal measured by a shared
// indicator) stays editable by its owners. How references must agree with each other (an
// action's organisation is its plan's, a goal's parent is in the same plan) is the
// store's rule, for everybody.

// refRule says whether p may set a reference of rec to the record with id.
type refRule func(ctx context.Context, g store.Getter, p *Principal, rec model.Record, id int64) (bool, error)

// refRules holds the rule of every reference field, by "resource.field"; a test makes sure
// no reference of the model is without one.
var refRules = map[string]refRule{
	// The directory is the secretariat's, and so is which programme a project belongs to.
	"organisations.parent_id":    directory,
	"organisations.member_ids":   directory, // a network's members: a saved group
	"themes.parent_id":           directory,
	"programmes.organisation_id": directory,
	"projects.programme_id":      directory,
	// A joint project's participants are its leads' to name: any organisation may be invited.
	"participants.project_id":      changeable(model.Projects),
	"participants.organisation_id": named,
	"plans.organisation_id":        editorOf,
	"goals.plan_id":                changeable(model.Plans),
	"goals.project_id":             changeable(model.Projects),
	"goals.parent_id":              changeable(model.Goals),
	"goals.indicator_id":           measure,
	"actions.plan_id":              changeable(model.Plans),
	"actions.project_id":           changeable(model.Projects),
	"actions.organisation_id": participantOr(func(_ context.Context, _ store.Getter, a model.Record) (int64, error) {
		return model.AsAction(a).ProjectID(), nil
	}),
	// Themes are the shared directory; partners are named, not owned: naming an organisation
	// as a partner gives it nothing and takes nothing from it.
	"actions.theme_ids":   named,
	"actions.partner_ids": named,
	// The library item an action was made from: any the writer sees (a published one for
	// everybody), naming it changes nothing of the item.
	"actions.library_item_id":          named,
	"indicators.owner_plan_id":         changeable(model.Plans),
	"indicators.owner_project_id":      changeable(model.Projects),
	"indicators.owner_organisation_id": editorOf,
	"indicators.theme_id":              named,
	// A value may be of any indicator its writer sees; whose value it may be on that
	// indicator is the value rule (mayWriteValue), which also decides the value itself.
	"indicator-values.indicator_id":    named,
	"indicator-values.organisation_id": valueRef,
	// Rounds and the reports they open are the secretariat's to make.
	"reporting-rounds.programme_id": directory,
	"reports.round_id":              directory,
	"reports.project_id":            directory,
	// An organisation's emission targets are its editors' to set.
	"emission-targets.organisation_id": editorOf,
	// So are its activity data and its local emission factors (a national factor has none).
	"activity-data.organisation_id":    editorOf,
	"emission-factors.organisation_id": editorOf,
	// A consumption footprint: the nation's and regions' are the secretariat's, a
	// municipality's its editors'.
	"consumption-footprints.organisation_id": func(ctx context.Context, g store.Getter, p *Principal, _ model.Record, org int64) (bool, error) {
		return mayWriteFootprint(ctx, g, p, org)
	},
	// An organisation's spend is its editors' to enter.
	"procurement-spend.organisation_id": editorOf,
	// A library item: themes and projects are named, not owned; the proposing organisation
	// is the writer's own (an editor's), or any for the secretariat, who curates.
	"library-items.theme_ids":     named,
	"library-items.project_ids":   named,
	"library-items.action_ids":    named,
	"library-items.indicator_ids": named,
	"library-items.organisation_id": func(_ context.Context, _ store.Getter, p *Principal, _ model.Record, org int64) (bool, error) {
		return p.Secretariat() || p.Has(RoleEditor, org), nil
	},
}

// RefError is a reference the writer may not set: it points outside their reach. It is an
// ErrForbidden that names the field.
type RefError struct {
	Field string
	ID    int64
	msg   string
}

func (e *RefError) Error() string { return ErrForbidden.Error() + ": " + e.msg }

// Unwrap makes a RefError an ErrForbidden.
func (e *RefError) Unwrap() error { return ErrForbidden }

// checkRefs checks each reference that after sets (every one when before is nil, those
// that differ from before otherwise).
func checkRefs(ctx context.Context, g store.Getter, p *Principal, res *model.Resource, before, after model.Record) error {
	for _, f := range res.Fields {
		if f.ReadOnly || (f.Kind != model.Ref && f.Kind != model.RefList) {
			continue
		}
		if before != nil && fmt.Sprint(before[f.Name]) == fmt.Sprint(after[f.Name]) {
			continue
		}
		var ids []int64
		switch v := after[f.Name].(type) {
		case int64:
			ids = []int64{v}
		case []int64:
			ids = v
		}
		rule, ok := refRules[res.Name+"."+f.Name]
		if !ok {
			return fmt.Errorf("auth: %s.%s has no reference rule", res.Name, f.Name)
		}
		target, _ := model.ByName(f.Ref)
		for _, id := range ids {
			if hideable(target) {
				t, err := lookup(ctx, g, target, id)
				if err != nil {
					return err
				}
				if t == nil {
					continue // the store reports a reference to nothing
				}
				if seen, err := maySee(ctx, g, p, target, t); err != nil {
					return err
				} else if !seen {
					// The store's words for a missing record: a hidden one looks the same.
					return &model.ValidationError{Errors: []model.FieldError{{Field: f.Name, Code: model.CodeUnknownRef,
						Message: fmt.Sprintf("there is no %s with id %d", target.Singular, id), Value: strconv.FormatInt(id, 10)}}}
				}
			}
			ok, err := rule(ctx, g, p, after, id)
			if err != nil {
				return err
			}
			if !ok {
				return &RefError{Field: f.Name, ID: id,
					msg: fmt.Sprintf("%s may not set %s of this %s to %s %d, which is not within their reach", p.Label(), f.Name, res.Singular, target.Singular, id)}
			}
		}
	}
	return nil
}

// hideable reports whether a record of res may be hidden from a reader (see View.Allows).
func hideable(res *model.Resource) bool {
	switch res {
	case model.Plans, model.Actions, model.Goals, model.Indicators, model.IndicatorValues, model.LibraryItems:
		return true
	}
	return false
}

// named: anybody may refer to it.
func named(context.Context, store.Getter, *Principal, model.Record, int64) (bool, error) {
	return true, nil
}

// directory: only the secretariat refers within the directory.
func directory(_ context.Context, _ store.Getter, p *Principal, _ model.Record, _ int64) (bool, error) {
	return p.Secretariat(), nil
}

// editorOf: an organisation the writer is an editor of.
func editorOf(_ context.Context, _ store.Getter, p *Principal, _ model.Record, org int64) (bool, error) {
	return p.Has(RoleEditor, org), nil
}

// changeable: a record of res that the writer may change.
func changeable(res *model.Resource) refRule {
	return func(ctx context.Context, g store.Getter, p *Principal, _ model.Record, id int64) (bool, error) {
		t, err := lookup(ctx, g, res, id)
		if err != nil || t == nil {
			return t == nil && err == nil, err // nothing there: the store says so
		}
		return mayChange(ctx, g, p, Update, res, t)
	}
}

// measure: an indicator that measures a goal is one the writer may change, or a shared one
// that an organisation owns rather than a plan or a project (as the goal form offers).
func measure(ctx context.Context, g store.Getter, p *Principal, rec model.Record, id int64) (bool, error) {
	ind, err := lookup(ctx, g, model.Indicators, id)
	if err != nil || ind == nil {
		return ind == nil && err == nil, err
	}
	if model.AsIndicator(ind).OwnerOrganisationID() != 0 {
		return true, nil
	}
	return mayChange(ctx, g, p, Update, model.Indicators, ind)
}

// participantOr: an organisation the writer is an editor of, or one that takes part in the
// joint project the record belongs to (as project says) when the writer may change that
// project: its leads and the secretariat name who does a project's actions and reports its
// values, among its participants.
func participantOr(project func(ctx context.Context, g store.Getter, rec model.Record) (int64, error)) refRule {
	return func(ctx context.Context, g store.Getter, p *Principal, rec model.Record, org int64) (bool, error) {
		if p.Has(RoleEditor, org) {
			return true, nil
		}
		id, err := project(ctx, g, rec)
		if err != nil {
			return false, err
		}
		pr, err := lookup(ctx, g, model.Projects, id)
		if err != nil || pr == nil {
			return false, err
		}
		if !participates(model.AsProject(pr), org) {
			return false, nil
		}
		return mayChange(ctx, g, p, Update, model.Projects, pr)
	}
}
