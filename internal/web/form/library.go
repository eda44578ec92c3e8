package form

import (
	"context"
	"slices"
	"strconv"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// The knowledge library's items (issue 15, decision 67): the secretariat makes and edits
// any item and publishes it; an organisation's editors propose items of their own
// organisation, unpublished, and edit them while they are. The forms are the generic ones;
// the library's own are which fields a person is offered (published only to the
// secretariat), which organisations (an editor's own), and a new item's form, which has no
// parent record: /bibliotek/ny. The actions an item names are not on the form (a list of
// every action would be thousands of choices); the API sets them, and an action names the
// item it was made from itself.

// libraryEditor edits a library item.
var libraryEditor = &editor{
	res: model.LibraryItems,
	fields: []string{"title", "title_en", "kind", "summary", "body", "theme_ids", "project_ids", "indicator_ids", "year",
		"organisation_id", "sector", "language", "licence", "expected_effect_t_co2e", "cost_dkk", "published", "source"},
	path:    func(rec model.Record) string { return libraryHref(rec) },
	heading: "edit.library.heading", back: "edit.library.back", legend: "edit.library.legend", nav: "library",
	newHeading: "edit.library.new_heading",
	label: func(_ context.Context, _ *Pages, _ i18n.Localizer, rec model.Record) (string, error) {
		return model.AsLibraryItem(rec).Title(), nil
	},
	hidden: func(p *auth.Principal) []string {
		if p.Secretariat() {
			return nil
		}
		return []string{"published"} // only the secretariat publishes
	},
	options: func(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		themes, orgs, err := s.themesAndOrgs(ctx, l)
		if err != nil {
			return nil, nil, err
		}
		if p := page.PrincipalOf(ctx); !p.Secretariat() {
			// An editor proposes for the organisations they edit for.
			orgs = slices.DeleteFunc(orgs, func(o page.Option) bool {
				id, _ := strconv.ParseInt(o.Value, 10, 64)
				return !p.Has(auth.RoleEditor, id)
			})
		}
		projects, err := s.All(ctx, model.Projects, nil)
		if err != nil {
			return nil, nil, err
		}
		var po []page.Option
		for _, p := range model.AsProjects(projects) {
			po = append(po, page.Option{Value: idString(p.ID()), Label: projectLabel(l, p)})
		}
		inds, err := s.All(ctx, model.Indicators, nil)
		if err != nil {
			return nil, nil, err
		}
		var io []page.Option
		for _, ind := range model.AsIndicators(inds) {
			io = append(io, page.Option{Value: idString(ind.ID()), Label: ind.Name(string(l.Lang)) + " (" + ind.Code() + ")"})
		}
		i18n.SortBy(l.Lang, io, func(o page.Option) string { return o.Label })
		return map[string][]page.Option{
				"kind": enumOptions(l, "library_kind", model.LibraryKinds), "sector": enumOptions(l, "sector", model.Sectors),
				"language": enumOptions(l, "language", model.Languages), "organisation_id": orgs},
			map[string][]formGroup{"theme_ids": themes,
				"project_ids":   {{Legend: l.T("field.library-items.project_ids"), Options: po}},
				"indicator_ids": {{Legend: l.T("field.library-items.indicator_ids"), Options: io}}}, nil
	},
	page: func(_ context.Context, _ *Pages, rec model.Record) (string, error) { return libraryHref(rec), nil },
}

// libraryHref is an item's page (internal/web/library).
func libraryHref(rec model.Record) string { return "/bibliotek/" + idString(rec.ID()) }

// libraryNew makes a new item with no parent record: unpublished, of the kind idea, for
// the reader's organisation when the reader is an editor (auth.MayAdd chooses it).
var libraryNew = parentSpec{
	fixed: func(model.Record) model.Record { return model.Record{"published": false, "kind": "idea"} },
	label: func(i18n.Localizer, model.Record) string { return "" },
	back:  func(context.Context, *Pages, model.Record) (string, error) { return "/bibliotek", nil },
}

// NewLibraryItem is what a new item starts as, for the question whether the reader may
// propose one (the "new" link).
func NewLibraryItem() model.Record { return libraryNew.fixed(nil) }
