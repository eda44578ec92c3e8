package form

import (
	"context"
	"maps"
	"net/url"
	"slices"
	"strings"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// The editors of the web interface, one per kind of record the pages show. A record's key
// fields and the links that place it (the plan or project an action belongs to, the
// organisation a plan is for, the indicator a value is of) are not edited in these forms:
// changing them moves the record to another page, which is a different task than correcting
// it. Example flags are left alone too.

// actionEditor edits an action; the plan or project it belongs to is kept.
var actionEditor = &editor{
	res: model.Actions,
	fields: []string{"title", "description", "title_en", "language", "sector", "theme_ids", "organisation_id",
		"start_date", "end_date", "status", "progress", "status_note", "effect_t_co2e", "effect_start_year", "cost_dkk",
		"joint", "partner_ids", "published", "source"},
	path:    func(rec model.Record) string { return "/indsatser/" + idString(rec.ID()) },
	heading: "form.edit_action", back: "form.back", legend: "form.fields_heading", nav: "actions",
	newHeading: "edit.action.new_heading",
	label: func(_ context.Context, _ *Pages, _ i18n.Localizer, rec model.Record) (string, error) {
		return model.AsAction(rec).Title(), nil
	},
	options: func(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		themes, orgs, err := s.themesAndOrgs(ctx, l)
		if err != nil {
			return nil, nil, err
		}
		doers, err := s.actionDoers(ctx, model.AsAction(rec))
		if err != nil {
			return nil, nil, err
		}
		responsible := slices.DeleteFunc(slices.Clone(orgs), func(o page.Option) bool { return !doers[o.Value] })
		near, err := s.nearOrganisations(ctx, model.AsAction(rec), doers)
		if err != nil {
			return nil, nil, err
		}
		return map[string][]page.Option{
				"sector": enumOptions(l, "sector", model.Sectors), "language": enumOptions(l, "language", model.Languages), "status": enumOptions(l, "action_status", model.ActionStatuses),
				"organisation_id": responsible},
			map[string][]formGroup{"theme_ids": themes, "partner_ids": nearFirst(l, orgs, near)}, nil
	},
	page: func(_ context.Context, _ *Pages, rec model.Record) (string, error) {
		return "/indsatser/" + idString(rec.ID()), nil
	},
}

// planEditor edits a plan; its code and organisation are kept.
var planEditor = &editor{
	res: model.Plans,
	fields: []string{"title", "kind", "status", "description", "adopted_on", "period_start", "period_end",
		"baseline_year", "published", "source"},
	path:    func(rec model.Record) string { return "/planer/" + idString(rec.ID()) },
	heading: "edit.plan.heading", back: "edit.plan.back", legend: "edit.plan.legend", nav: "home",
	label: func(_ context.Context, _ *Pages, _ i18n.Localizer, rec model.Record) (string, error) {
		return model.AsPlan(rec).Title(), nil
	},
	options: func(_ context.Context, _ *Pages, l i18n.Localizer, _ model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		return map[string][]page.Option{"kind": enumOptions(l, "plan_kind", model.PlanKinds),
			"status": enumOptions(l, "plan_status", model.PlanStatuses)}, nil, nil
	},
	page: func(ctx context.Context, s *Pages, rec model.Record) (string, error) {
		return planBack(ctx, s, rec)
	},
}

// goalEditor edits a goal: its texts, where it sits among the plan's or project's goals and
// the indicator and target that measure it.
var goalEditor = &editor{
	res:     model.Goals,
	fields:  []string{"text_da", "text_en", "parent_id", "position", "indicator_id", "target_value", "target_year", "source"},
	path:    func(rec model.Record) string { return "/maal/" + idString(rec.ID()) },
	heading: "edit.goal.heading", back: "edit.goal.back", legend: "edit.goal.legend", nav: "home",
	newHeading: "edit.goal.new_heading",
	label: func(_ context.Context, _ *Pages, l i18n.Localizer, rec model.Record) (string, error) {
		return shorten(model.AsGoal(rec).Text(string(l.Lang)), 80), nil
	},
	options: func(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		parents, err := s.goalParentOptions(ctx, l, model.AsGoal(rec))
		if err != nil {
			return nil, nil, err
		}
		inds, err := s.goalIndicatorOptions(ctx, l, model.AsGoal(rec))
		if err != nil {
			return nil, nil, err
		}
		return map[string][]page.Option{"parent_id": parents, "indicator_id": inds}, nil, nil
	},
	page: func(ctx context.Context, s *Pages, rec model.Record) (string, error) {
		g := model.AsGoal(rec)
		if pid := g.ProjectID(); pid != 0 {
			return s.projectPage(ctx, pid, "maal")
		}
		p, err := s.DB.Get(ctx, model.Plans, g.PlanID())
		if err != nil {
			return "", err
		}
		return planBack(ctx, s, p)
	},
}

// indicatorEditor edits an indicator's description, baseline and targets; its code and owner
// are kept.
var indicatorEditor = &editor{
	res: model.Indicators,
	fields: []string{"name_da", "name_en", "unit", "unit_en", "direction", "description", "method", "theme_id",
		"baseline_year", "baseline_value", "targets", "owner_only", "source"},
	byKey:   true,
	path:    func(rec model.Record) string { return indicatorPage(model.AsIndicator(rec)) },
	heading: "edit.indicator.heading", back: "edit.indicator.back", legend: "edit.indicator.legend", nav: "compare",
	label: func(_ context.Context, _ *Pages, l i18n.Localizer, rec model.Record) (string, error) {
		return model.AsIndicator(rec).Name(string(l.Lang)), nil
	},
	options: func(ctx context.Context, s *Pages, l i18n.Localizer, _ model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		themes, err := s.All(ctx, model.Themes, nil)
		if err != nil {
			return nil, nil, err
		}
		i18n.SortBy(l.Lang, themes, func(t model.Record) string { return model.AsTheme(t).Name(string(l.Lang)) })
		var opts []page.Option
		for _, t := range model.AsThemes(themes) {
			opts = append(opts, page.Option{Value: idString(t.ID()), Label: t.Name(string(l.Lang))})
		}
		return map[string][]page.Option{"direction": enumOptions(l, "direction", model.Directions), "theme_id": opts}, nil, nil
	},
	page: func(_ context.Context, _ *Pages, rec model.Record) (string, error) {
		return indicatorPage(model.AsIndicator(rec)), nil
	},
	// A new indicator needs its code, which stays once saved (pages and exports link by it).
	newFields: []string{"code", "name_da", "name_en", "unit", "unit_en", "direction", "description", "method", "theme_id",
		"baseline_year", "baseline_value", "targets", "owner_only", "source"},
	newHeading: "edit.indicator.new_heading",
}

// valueEditor edits one value of an indicator; the indicator and the organisation are kept.
var valueEditor = &editor{
	res:       model.IndicatorValues,
	fields:    []string{"period", "breakdown", "value", "source", "vintage", "note"},
	newFields: []string{"organisation_id", "period", "breakdown", "value", "source", "vintage", "note"},
	path:      func(rec model.Record) string { return "/vaerdier/" + idString(rec.ID()) },
	heading:   "edit.value.heading", back: "edit.value.back", legend: "edit.value.legend", nav: "compare",
	newHeading: "edit.value.new_heading",
	options: func(ctx context.Context, s *Pages, l i18n.Localizer, _ model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		orgs, err := s.orgOptions(ctx, l)
		return map[string][]page.Option{"organisation_id": orgs}, nil, err
	},
	label: func(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) (string, error) {
		v := model.AsIndicatorValue(rec)
		i, err := s.DB.Get(ctx, model.Indicators, v.IndicatorID())
		if err != nil {
			return "", err
		}
		o, err := s.DB.Get(ctx, model.Organisations, v.OrganisationID())
		if err != nil {
			return "", err
		}
		lang := string(l.Lang)
		return l.T("edit.value.label", model.AsIndicator(i).Name(lang), model.AsOrganisation(o).Name(lang), l.Period(v.Period())), nil
	},
	page: func(ctx context.Context, s *Pages, rec model.Record) (string, error) {
		v := model.AsIndicatorValue(rec)
		i, err := s.DB.Get(ctx, model.Indicators, v.IndicatorID())
		if err != nil {
			return "", err
		}
		href := indicatorPage(model.AsIndicator(i))
		if org := v.OrganisationID(); org != 0 {
			if o, err := s.DB.Get(ctx, model.Organisations, org); err == nil {
				href += "?organisation=" + url.QueryEscape(model.AsOrganisation(o).Code())
			}
		}
		return href + "#vaerdier", nil
	},
}

// projectEditor edits a joint project; its code and programme are kept.
var projectEditor = &editor{
	res:     model.Projects,
	fields:  []string{"name_da", "name_en", "description", "period_start", "period_end", "cost_dkk", "cost_dkk_high", "source"},
	byKey:   true,
	path:    func(rec model.Record) string { return projectHref(model.AsProject(rec)) },
	heading: "edit.project.heading", back: "edit.project.back", legend: "edit.project.legend", nav: "home",
	label: func(_ context.Context, _ *Pages, l i18n.Localizer, rec model.Record) (string, error) {
		return projectLabel(l, model.AsProject(rec)), nil
	},
	page: func(_ context.Context, _ *Pages, rec model.Record) (string, error) {
		return projectHref(model.AsProject(rec)), nil
	},
}

// participantEditor edits an organisation's part in a joint project.
var participantEditor = &editor{
	res:       model.Participants,
	fields:    []string{"role", "lead", "joined_on", "left_on", "source"},
	newFields: []string{"organisation_id", "role", "lead", "joined_on", "left_on", "source"},
	path:      func(rec model.Record) string { return "/deltagere/" + idString(rec.ID()) },
	heading:   "edit.participant.heading", back: "edit.participant.back", legend: "edit.participant.legend", nav: "home",
	newHeading: "edit.participant.new_heading",
	label: func(ctx context.Context, s *Pages, l i18n.Localizer, rec model.Record) (string, error) {
		part := model.AsParticipant(rec)
		o, err := s.DB.Get(ctx, model.Organisations, part.OrganisationID())
		if err != nil {
			return "", err
		}
		p, err := s.DB.Get(ctx, model.Projects, part.ProjectID())
		if err != nil {
			return "", err
		}
		return l.T("edit.participant.label", model.AsOrganisation(o).Name(string(l.Lang)), model.AsProject(p).Code()), nil
	},
	options: func(ctx context.Context, s *Pages, l i18n.Localizer, _ model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		orgs, err := s.orgOptions(ctx, l)
		return map[string][]page.Option{"role": enumOptions(l, "role", model.Roles), "organisation_id": orgs}, nil, err
	},
	page: func(ctx context.Context, s *Pages, rec model.Record) (string, error) {
		return s.projectPage(ctx, model.AsParticipant(rec).ProjectID(), "deltagere")
	},
}

// networkEditor edits a network (a saved group of municipalities, such as Klimaalliancen):
// its names and its members, chosen region by region. Its code and kind are kept. Saving
// returns to the cross-plan overview of the network, the page that shows it as a group.
var networkEditor = &editor{
	res:     model.Organisations,
	fields:  []string{"name_da", "name_en", "member_ids"},
	byKey:   true,
	only:    func(rec model.Record) bool { return model.AsOrganisation(rec).Kind() == "network" },
	path:    func(rec model.Record) string { return NetworkPath(rec) },
	heading: "edit.network.heading", back: "edit.network.back", legend: "edit.network.legend", nav: "crossplan",
	label: func(_ context.Context, _ *Pages, l i18n.Localizer, rec model.Record) (string, error) {
		return model.AsOrganisation(rec).Name(string(l.Lang)), nil
	},
	options: func(ctx context.Context, s *Pages, l i18n.Localizer, _ model.Record) (map[string][]page.Option, map[string][]formGroup, error) {
		orgs, err := s.All(ctx, model.Organisations, nil)
		if err != nil {
			return nil, nil, err
		}
		return nil, map[string][]formGroup{"member_ids": municipalityGroups(l, model.AsOrganisations(orgs))}, nil
	},
	page: func(_ context.Context, _ *Pages, rec model.Record) (string, error) {
		return "/paa-tvaers?gruppe=" + idString(rec.ID()), nil
	},
}

// NetworkPath is a network's address among the forms (its edit form is NetworkPath + "/rediger").
func NetworkPath(rec model.Record) string {
	return "/netvaerk/" + url.PathEscape(model.AsOrganisation(rec).Code())
}

// municipalityGroups are the municipalities as choices, a group per region in the reader's
// order, each group's municipalities in the reader's order; those of no region last.
func municipalityGroups(l i18n.Localizer, orgs []model.Organisation) []formGroup {
	lang := string(l.Lang)
	byRegion := map[int64][]page.Option{}
	names := map[int64]string{}
	for _, o := range orgs {
		switch o.Kind() {
		case "region":
			names[o.ID()] = o.Name(lang)
		case "municipality":
			byRegion[o.ParentID()] = append(byRegion[o.ParentID()], page.Option{Value: idString(o.ID()), Label: o.Name(lang)})
		}
	}
	var out, rest []formGroup
	for region, opts := range byRegion {
		slices.SortFunc(opts, func(a, b page.Option) int { return l.Compare(a.Label, b.Label) })
		if name, ok := names[region]; ok {
			out = append(out, formGroup{Legend: name, Options: opts})
		} else {
			rest = append(rest, formGroup{Legend: l.T("form.orgs_other"), Options: opts})
		}
	}
	slices.SortFunc(out, func(a, b formGroup) int { return l.Compare(a.Legend, b.Legend) })
	return append(out, rest...)
}

// enumOptions are the choices of an enumerated field, in the model's order, labelled in the
// reader's language.
func enumOptions(l i18n.Localizer, enum string, values []string) []page.Option {
	out := make([]page.Option, len(values))
	for i, v := range values {
		out[i] = page.Option{Value: v, Label: l.Enum(enum, v)}
	}
	return out
}

// actionDoers are the organisations that may do an action, by id: its plan's organisation,
// or the participants of its joint project; and the one it has.
func (s *Pages) actionDoers(ctx context.Context, action model.Action) (map[string]bool, error) {
	out := map[string]bool{}
	if org := action.OrganisationID(); org != 0 {
		out[idString(org)] = true
	}
	if plan := action.PlanID(); plan != 0 {
		p, err := s.DB.Get(ctx, model.Plans, plan)
		if err != nil {
			return nil, err
		}
		out[idString(model.AsPlan(p).OrganisationID())] = true
	}
	if project := action.ProjectID(); project != 0 {
		p, err := s.DB.Get(ctx, model.Projects, project)
		if err != nil {
			return nil, err
		}
		for _, x := range model.AsProject(p).Participants() {
			out[idString(x.OrganisationID)] = true
		}
	}
	return out, nil
}

// nearOrganisations are the organisations an action is most likely done with: those that may
// do it (its plan's organisation, its project's participants) and, for a municipality's plan,
// the other municipalities of its region and the region itself.
func (s *Pages) nearOrganisations(ctx context.Context, action model.Action, doers map[string]bool) (map[string]bool, error) {
	near := maps.Clone(doers)
	if action.PlanID() == 0 {
		return near, nil
	}
	p, err := s.DB.Get(ctx, model.Plans, action.PlanID())
	if err != nil {
		return nil, err
	}
	owner, err := s.DB.Get(ctx, model.Organisations, model.AsPlan(p).OrganisationID())
	if err != nil {
		return nil, err
	}
	region := model.AsOrganisation(owner).ParentID()
	if region == 0 || model.AsOrganisation(owner).Kind() == "region" {
		return near, nil // a region's parent is the nation: not near
	}
	near[idString(region)] = true
	members, err := s.All(ctx, model.Organisations, map[string]string{"parent": idString(region)})
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		near[idString(m.ID())] = true
	}
	return near, nil
}

// nearFirst groups the organisations as choices: the near ones first, then the others, so that
// a list of over a hundred starts with the few an editor means.
func nearFirst(l i18n.Localizer, orgs []page.Option, near map[string]bool) []formGroup {
	var first, rest []page.Option
	for _, o := range orgs {
		if near[o.Value] {
			first = append(first, o)
		} else {
			rest = append(rest, o)
		}
	}
	var out []formGroup
	if len(first) > 0 {
		out = append(out, formGroup{Legend: l.T("form.orgs_near"), Options: first})
	}
	if len(rest) > 0 {
		out = append(out, formGroup{Legend: l.T("form.orgs_other"), Options: rest})
	}
	return out
}

// orgOptions are all organisations as choices, in the reader's order.
func (s *Pages) orgOptions(ctx context.Context, l i18n.Localizer) ([]page.Option, error) {
	orgs, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return nil, err
	}
	lang := string(l.Lang)
	i18n.SortBy(l.Lang, orgs, func(o model.Record) string { return model.AsOrganisation(o).Name(lang) })
	out := make([]page.Option, len(orgs))
	for i, o := range model.AsOrganisations(orgs) {
		out[i] = page.Option{Value: idString(o.ID()), Label: o.Name(lang)}
	}
	return out, nil
}

// themesAndOrgs are the theme groups and the organisations' options of a form that offers
// both (an action's, a library item's).
func (s *Pages) themesAndOrgs(ctx context.Context, l i18n.Localizer) ([]formGroup, []page.Option, error) {
	themes, err := s.All(ctx, model.Themes, nil)
	if err != nil {
		return nil, nil, err
	}
	orgs, err := s.orgOptions(ctx, l)
	if err != nil {
		return nil, nil, err
	}
	return themeGroups(l, model.AsThemes(themes)), orgs, nil
}

// themeGroups puts each top-level theme with its sub-themes in a group of its own; the theme
// itself is the group's first choice.
func themeGroups(l i18n.Localizer, themes []model.Theme) []formGroup {
	lang := string(l.Lang)
	known := map[int64]bool{}
	for _, t := range themes {
		known[t.ID()] = true
	}
	children := map[int64][]model.Theme{}
	var tops []model.Theme
	for _, t := range themes {
		if p := t.ParentID(); known[p] && p != t.ID() {
			children[p] = append(children[p], t)
		} else {
			tops = append(tops, t)
		}
	}
	byName := func(list []model.Theme) {
		i18n.SortBy(l.Lang, list, func(t model.Theme) string { return t.Name(lang) })
	}
	byName(tops)
	var out []formGroup
	for _, t := range tops {
		g := formGroup{Legend: t.Name(lang), Options: []page.Option{{Value: idString(t.ID()), Label: l.T("form.theme_whole", t.Name(lang))}}}
		kids := children[t.ID()]
		byName(kids)
		for _, c := range kids {
			g.Options = append(g.Options, page.Option{Value: idString(c.ID()), Label: c.Name(lang)})
			// A third level is not in the taxonomy; should one appear, it is listed under
			// its grandparent rather than lost.
			for _, gc := range children[c.ID()] {
				g.Options = append(g.Options, page.Option{Value: idString(gc.ID()), Label: gc.Name(lang)})
			}
		}
		out = append(out, g)
	}
	return out
}

// goalSiblings are the goals of the plan or project a goal belongs to.
func (s *Pages) goalSiblings(ctx context.Context, goal model.Goal) ([]model.Goal, error) {
	filter := map[string]string{"plan": idString(goal.PlanID())}
	if pid := goal.ProjectID(); pid != 0 {
		filter = map[string]string{"project": idString(pid)}
	}
	goals, err := s.All(ctx, model.Goals, filter)
	return model.AsGoals(goals), err
}

// goalParentOptions are the goals a goal can be part of: the other goals of its plan or
// project, except those that are part of it (which would make a circle).
func (s *Pages) goalParentOptions(ctx context.Context, l i18n.Localizer, goal model.Goal) ([]page.Option, error) {
	goals, err := s.goalSiblings(ctx, goal)
	if err != nil {
		return nil, err
	}
	parent := map[int64]int64{}
	for _, g := range goals {
		parent[g.ID()] = g.ParentID()
	}
	below := func(id int64) bool { // id is goal itself or part of it
		for seen := 0; id != 0 && seen <= len(goals); seen++ {
			if id == goal.ID() {
				return true
			}
			id = parent[id]
		}
		return false
	}
	var out []page.Option
	for _, g := range goals {
		if !below(g.ID()) {
			out = append(out, page.Option{Value: idString(g.ID()), Label: shorten(g.Text(string(l.Lang)), 100)})
		}
	}
	return out, nil
}

// goalIndicatorOptions are the indicators that can measure a goal: those of its plan or
// project, the shared ones that belong to no plan or project, and the one it has.
func (s *Pages) goalIndicatorOptions(ctx context.Context, l i18n.Localizer, goal model.Goal) ([]page.Option, error) {
	inds, err := s.All(ctx, model.Indicators, nil)
	if err != nil {
		return nil, err
	}
	var keep []model.Indicator
	for _, i := range model.AsIndicators(inds) {
		ip, ij := i.OwnerPlanID(), i.OwnerProjectID()
		if i.ID() == goal.IndicatorID() || (ip == 0 && ij == 0) || (ip != 0 && ip == goal.PlanID()) || (ij != 0 && ij == goal.ProjectID()) {
			keep = append(keep, i)
		}
	}
	lang := string(l.Lang)
	i18n.SortBy(l.Lang, keep, func(i model.Indicator) string { return i.Name(lang) })
	out := make([]page.Option, len(keep))
	for i, ind := range keep {
		out[i] = page.Option{Value: idString(ind.ID()), Label: ind.Name(lang) + " (" + ind.UnitIn(lang) + ")"}
	}
	return out, nil
}

// orgPage is the page of an organisation, at the given fragment.
func (s *Pages) orgPage(ctx context.Context, org int64, fragment string) (string, error) {
	o, err := s.DB.Get(ctx, model.Organisations, org)
	if err != nil {
		return "", err
	}
	if model.AsOrganisation(o).Kind() != "municipality" {
		return "/", nil // only municipalities have a page of their own
	}
	return "/kommuner/" + url.PathEscape(model.AsOrganisation(o).Code()) + "#" + fragment, nil
}

// projectPage is the page of a joint project, at the given fragment.
func (s *Pages) projectPage(ctx context.Context, project int64, fragment string) (string, error) {
	p, err := s.DB.Get(ctx, model.Projects, project)
	if err != nil {
		return "", err
	}
	return projectHref(model.AsProject(p)) + "#" + fragment, nil
}

// projectHref is a joint project's page.
func projectHref(p model.Project) string { return "/projekter/" + url.PathEscape(p.Code()) }

// projectLabel names a joint project by its code and its name in the reader's language.
func projectLabel(l i18n.Localizer, p model.Project) string {
	return p.Code() + ": " + p.Name(string(l.Lang))
}

// indicatorPage is an indicator's page.
func indicatorPage(ind model.Indicator) string { return "/noegletal/" + url.PathEscape(ind.Code()) }

// shorten cuts a text to at most n characters at a word, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	for i := cut; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,.;:") + "…"
}

// The parents new records are made under, with what a new record gets from its parent.
var (
	// A new indicator is an organisation's own (a municipality's), a plan's or a joint
	// project's; it starts as higher-is-better, which the form can change.
	indicatorOfOrganisation = parentSpec{res: model.Organisations, byKey: true,
		fixed: func(o model.Record) model.Record {
			return model.Record{"owner_organisation_id": o.ID(), "direction": "higher"}
		},
		label: func(l i18n.Localizer, o model.Record) string { return model.AsOrganisation(o).Name(string(l.Lang)) },
		back: func(_ context.Context, _ *Pages, o model.Record) (string, error) {
			return "/kommuner/" + url.PathEscape(model.AsOrganisation(o).Code()) + "#noegletal", nil
		},
	}
	indicatorInPlan = parentSpec{res: model.Plans,
		fixed: func(plan model.Record) model.Record {
			return model.Record{"owner_plan_id": plan.ID(), "direction": "higher"}
		},
		label: planLabel,
		back:  planBack,
	}
	indicatorInProject = parentSpec{res: model.Projects, byKey: true,
		fixed: func(p model.Record) model.Record {
			return model.Record{"owner_project_id": p.ID(), "direction": "higher"}
		},
		label: projectParentLabel,
		back: func(_ context.Context, _ *Pages, p model.Record) (string, error) {
			return projectHref(model.AsProject(p)) + "#noegletal", nil
		},
	}
	actionInPlan = parentSpec{res: model.Plans,
		fixed: func(plan model.Record) model.Record {
			return model.Record{"plan_id": plan.ID(), "organisation_id": model.AsPlan(plan).OrganisationID(), "status": "planned"}
		},
		label: planLabel,
		back:  planBack,
	}
	actionInProject = parentSpec{res: model.Projects, byKey: true,
		fixed: func(p model.Record) model.Record {
			rec := model.Record{"project_id": p.ID(), "status": "planned", "joint": true}
			if leads := model.AsProject(p).Leads(); len(leads) > 0 {
				rec["organisation_id"] = leads[0]
			}
			return rec
		},
		label: projectParentLabel,
		back: func(_ context.Context, _ *Pages, p model.Record) (string, error) {
			return projectHref(model.AsProject(p)) + "#indsatser", nil
		},
	}
	goalInPlan = parentSpec{res: model.Plans,
		fixed: func(plan model.Record) model.Record { return model.Record{"plan_id": plan.ID()} },
		label: planLabel,
		back:  planBack,
	}
	goalInProject = parentSpec{res: model.Projects, byKey: true,
		fixed: func(p model.Record) model.Record { return model.Record{"project_id": p.ID()} },
		label: projectParentLabel,
		back: func(_ context.Context, _ *Pages, p model.Record) (string, error) {
			return projectHref(model.AsProject(p)) + "#maal", nil
		},
	}
	valueOfIndicator = parentSpec{res: model.Indicators, byKey: true,
		fixed: func(ind model.Record) model.Record {
			rec := model.Record{"indicator_id": ind.ID(), "breakdown": ""}
			if org := model.AsIndicator(ind).OwnerOrganisationID(); org != 0 {
				rec["organisation_id"] = org
			}
			return rec
		},
		label: func(l i18n.Localizer, ind model.Record) string { return model.AsIndicator(ind).Name(string(l.Lang)) },
		back: func(_ context.Context, _ *Pages, ind model.Record) (string, error) {
			return indicatorPage(model.AsIndicator(ind)) + "#vaerdier", nil
		},
	}
	participantInProject = parentSpec{res: model.Projects, byKey: true,
		fixed: func(p model.Record) model.Record { return model.Record{"project_id": p.ID(), "role": "member"} },
		label: projectParentLabel,
		back: func(_ context.Context, _ *Pages, p model.Record) (string, error) {
			return projectHref(model.AsProject(p)) + "#deltagere", nil
		},
	}
)

// planLabel names a plan in a heading by its title.
func planLabel(_ i18n.Localizer, plan model.Record) string { return model.AsPlan(plan).Title() }

// projectParentLabel names a joint project in a heading by its code and name.
func projectParentLabel(l i18n.Localizer, p model.Record) string {
	return projectLabel(l, model.AsProject(p))
}

// planBack is a plan's place on its organisation's page.
func planBack(ctx context.Context, s *Pages, plan model.Record) (string, error) {
	return s.orgPage(ctx, model.AsPlan(plan).OrganisationID(), "plan-"+idString(plan.ID()))
}
