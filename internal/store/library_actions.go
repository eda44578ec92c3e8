package store

import (
	"context"

	"klimaspor/internal/model"
)

// An idea of the knowledge library becomes an action with one click (issue 15, decision
// 67): the action is made through Create, so the guard asks whether the context's person
// may add an action to the plan or project (and may see the idea: the reference
// actions.library_item_id), and the audit trail records it.

// ActionOfIdea is the action the idea it (a library item of kind idea) becomes in the plan
// or the joint project owner (a plan's or a project's record; the action's organisation is
// the plan's, or the project's first lead): its title, description (the idea's summary),
// sector (cross-cutting when the idea has none), themes, language, expected effect and cost, planned and unpublished, naming the
// idea it was made from.
func ActionOfIdea(it model.LibraryItem, owner model.Record, ownerRes *model.Resource) model.Record {
	rec := model.Record{"title": it.Title(), "status": "planned", "published": false, "library_item_id": it.ID()}
	set := func(k string, v any, ok bool) {
		if ok {
			rec[k] = v
		}
	}
	set("title_en", it.TitleEN(), it.TitleEN() != "")
	set("description", it.Summary(), it.Summary() != "")
	// An action needs a sector; an idea without one becomes a cross-cutting action, which
	// its editor may then place.
	rec["sector"] = model.SectorCrossCutting
	set("sector", it.Sector(), it.Sector() != "")
	set("language", it.Language(), it.Language() != "")
	set("theme_ids", it.ThemeIDs(), len(it.ThemeIDs()) > 0)
	e, ok := it.ExpectedEffectTCO2e()
	set("effect_t_co2e", e, ok)
	c, ok := it.CostDKK()
	set("cost_dkk", c, ok)
	switch ownerRes {
	case model.Plans:
		p := model.AsPlan(owner)
		rec["plan_id"] = p.ID()
		set("organisation_id", p.OrganisationID(), p.OrganisationID() != 0)
	case model.Projects:
		p := model.AsProject(owner)
		rec["project_id"] = p.ID()
		rec["joint"] = true
		if leads := p.Leads(); len(leads) > 0 {
			rec["organisation_id"] = leads[0]
		}
	}
	return rec
}

// ActionFromIdea makes the action the library item item becomes in the plan plan or the
// joint project project (exactly one of them not 0), in the context's person's name. An
// item that is not an idea, or neither or both owners, is a *model.ValidationError;
// ErrNotFound for no such item, plan or project. The caller answers 404 for an item the
// person may not see before it asks (the guard refuses it too).
func (db *DB) ActionFromIdea(ctx context.Context, item, plan, project int64) (model.Record, error) {
	rec, err := db.Get(ctx, model.LibraryItems, item)
	if err != nil {
		return nil, err
	}
	it := model.AsLibraryItem(rec)
	if it.Kind() != "idea" {
		return nil, &model.ValidationError{Errors: []model.FieldError{{Field: "library_item_id", Code: model.CodeRule,
			Message: "only an idea of the knowledge library becomes an action", Value: it.Kind()}}}
	}
	if (plan == 0) == (project == 0) {
		return nil, &model.ValidationError{Errors: []model.FieldError{{Field: "plan_id", Code: model.CodeRule,
			Message: "name the plan or the joint project the action is to belong to (exactly one)"}}}
	}
	ownerRes, id := model.Plans, plan
	if project != 0 {
		ownerRes, id = model.Projects, project
	}
	owner, err := db.Get(ctx, ownerRes, id)
	if err != nil {
		return nil, err
	}
	return db.Create(ctx, model.Actions, ActionOfIdea(it, owner, ownerRes))
}
