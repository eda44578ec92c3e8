package store_test

import (
	"context"
	"errors"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// TestReferencesAgreeWithEachOther: an action in a plan is the plan's organisation's, and a
// goal is part of a goal of its own plan or project, never of itself or of its own parts;
// moves that would break either are refused with the field at fault, for everybody (here
// the system, which no authorization stops). Changes that leave those references alone
// are not held up by them.
func TestReferencesAgreeWithEachOther(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		mk := creator(t, db)
		albPlan := mk(model.Plans, model.Record{"code": "KP-165", "organisation_id": f.alb, "kind": "climate_plan", "title": "Albertslunds plan", "status": "adopted", "published": true}).ID()
		emptyPlan := mk(model.Plans, model.Record{"code": "TOM", "organisation_id": f.kbh, "kind": "other", "title": "Tom", "status": "draft"}).ID()
		action := mk(model.Actions, model.Record{"plan_id": f.plan, "title": "Ladestandere", "sector": "transport", "organisation_id": f.kbh, "status": "planned"}).ID()
		top := mk(model.Goals, model.Record{"plan_id": f.plan, "text_da": "70 % i 2030"}).ID()
		part := mk(model.Goals, model.Record{"plan_id": f.plan, "text_da": "Fjernvarme", "parent_id": top}).ID()
		albGoal := mk(model.Goals, model.Record{"plan_id": albPlan, "text_da": "Albertslunds mål"}).ID()

		type write struct {
			name  string
			res   *model.Resource
			id    int64 // 0: a create
			rec   model.Record
			field string // the field refused, or "" when the write is made
		}
		cases := []write{
			{name: "an action in a plan done by another organisation", res: model.Actions, rec: model.Record{"plan_id": f.plan, "title": "x", "sector": "energy", "organisation_id": f.alb, "status": "planned"}, field: "organisation_id"},
			{name: "an action moved to another organisation", res: model.Actions, id: action, rec: model.Record{"organisation_id": f.alb}, field: "organisation_id"},
			{name: "an action moved to another organisation's plan", res: model.Actions, id: action, rec: model.Record{"plan_id": albPlan}, field: "organisation_id"},
			{name: "an action moved with its organisation", res: model.Actions, id: action, rec: model.Record{"plan_id": albPlan, "organisation_id": f.alb}},
			{name: "an action back", res: model.Actions, id: action, rec: model.Record{"plan_id": f.plan, "organisation_id": f.kbh}},
			{name: "a plan with actions given to another organisation", res: model.Plans, id: f.plan, rec: model.Record{"organisation_id": f.alb}, field: "organisation_id"},
			{name: "a plan without actions given to another organisation", res: model.Plans, id: emptyPlan, rec: model.Record{"organisation_id": f.alb}},
			{name: "a goal under another plan's goal", res: model.Goals, rec: model.Record{"plan_id": f.plan, "text_da": "x", "parent_id": albGoal}, field: "parent_id"},
			{name: "a goal moved under another plan's goal", res: model.Goals, id: part, rec: model.Record{"parent_id": albGoal}, field: "parent_id"},
			{name: "a goal part of itself", res: model.Goals, id: top, rec: model.Record{"parent_id": top}, field: "parent_id"},
			{name: "a goal part of its own part", res: model.Goals, id: top, rec: model.Record{"parent_id": part}, field: "parent_id"},
			{name: "a goal with parts moved to another plan", res: model.Goals, id: top, rec: model.Record{"plan_id": albPlan}, field: "plan_id"},
			{name: "a goal moved with its parent to another plan", res: model.Goals, id: part, rec: model.Record{"plan_id": albPlan, "parent_id": albGoal}},
			{name: "a goal edited where it is", res: model.Goals, id: top, rec: model.Record{"text_da": "75 % i 2030"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var err error
				if c.id == 0 {
					_, err = db.Create(ctx, c.res, c.rec)
				} else {
					cur, gerr := db.Get(ctx, c.res, c.id)
					if gerr != nil {
						t.Fatal(gerr)
					}
					v, _ := cur.Int("version")
					_, err = db.Update(ctx, c.res, c.id, v, c.rec)
				}
				var ve *model.ValidationError
				switch {
				case c.field == "" && err != nil:
					t.Errorf("refused: %v", err)
				case c.field == "":
				case !errors.As(err, &ve):
					t.Errorf("got %v, want a validation error on %s", err, c.field)
				case ve.Errors[0].Field != c.field || ve.Errors[0].Code != model.CodeRule:
					t.Errorf("got %+v, want the rule of %s", ve.Errors, c.field)
				}
			})
		}
	})
}
