package demo

import (
	"context"
	"fmt"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The theme suggestions (C7, issue 13) need actions without a theme, which the demo's plans
// do not have: every example action is given its themes. So Albertslund's example plan,
// which the demo's Albertslund editor (redaktoer.alb@demo.klimaspor.dk) may change, gets a
// few more example actions, written as a coordinator finds them in a new plan, without
// themes: some published, some drafts. Like the other example actions they are invented,
// flagged example and sourced as such. They carry no theme, so they change no coverage
// figure. Each names the kind of work plainly, so the suggestions can be judged by eye.

// unthemedExamples are the actions, in the order they are added.
var unthemedExamples = []struct {
	title, description, sector string
	published                  bool
}{
	{"Flere ladestandere ved rådhuset og idrætshallerne", "Kommunen lejer parkeringspladser ud til en operatør, der sætter ladestandere op til elbiler ved rådhuset og idrætshallerne.", "transport", true},
	{"Sammenhængende cykelstier til stationen", "Nye og bredere cykelstier forbinder boligområderne med stationen, så flere pendler på cykel.", "transport", true},
	{"Madaffald fra skoler og plejecentre", "Køkkener i skoler og plejecentre sorterer madaffald og måler madspildet, som sendes til biogas.", "waste_wastewater", false},
	{"Efterisolering af daginstitutioner", "Energirenovering af kommunens daginstitutioner: efterisolering, nye vinduer og styring af ventilation og varme.", "energy", false},
	{"Regnvandsbede i villavejene", "Regnvand fra veje og tage ledes til bede, så kloakken aflastes ved skybrud.", "adaptation", true},
	{"Grønne indkøb af rengøring", "Kommunens næste udbud og indkøb af rengøring stiller klimakrav og krav om miljømærkede midler.", "consumption_procurement", false},
}

// LoadThemeSuggestionExamples adds the example actions without a theme to Albertslund's
// example plan, unless the first of them is in it already (with or without a theme: a
// coordinator may have mapped it). Like
// LoadProcurement it runs after Load, not inside it.
func LoadThemeSuggestionExamples(ctx context.Context, db *store.DB) error {
	orgs, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"code": "165", "kind": "municipality"}, Limit: 1})
	if err != nil || len(orgs.Items) == 0 {
		return fmt.Errorf("demo: theme suggestions: Albertslund: %v", cmpErr(err, "not loaded"))
	}
	org := orgs.Items[0].ID()
	plans, err := db.List(ctx, model.Plans, model.ListQuery{Filters: map[string]string{"code": "KP-165"}, Limit: 1})
	if err != nil || len(plans.Items) == 0 {
		return fmt.Errorf("demo: theme suggestions: Albertslund's plan: %v", cmpErr(err, "not loaded"))
	}
	plan := plans.Items[0].ID()
	there, err := db.List(ctx, model.Actions, model.ListQuery{Filters: map[string]string{"plan": fmt.Sprint(plan), "q": unthemedExamples[0].title}, Limit: 1})
	if err != nil {
		return fmt.Errorf("demo: theme suggestions: %w", err)
	}
	if len(there.Items) > 0 {
		return nil
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		for _, a := range unthemedExamples {
			rec := model.Record{"plan_id": plan, "title": a.title, "description": a.description + " (Eksempel – ikke en rigtig indsats.)",
				"sector": a.sector, "organisation_id": org, "status": "planned", "progress": 0.0, "theme_ids": []int64{}, "partner_ids": []int64{},
				"joint": false, "published": a.published, "example": true, "source": exampleSource}
			if _, err := tx.Create(ctx, model.Actions, rec); err != nil {
				return fmt.Errorf("demo: theme suggestions: action %q: %w", a.title, err)
			}
		}
		return nil
	})
}
