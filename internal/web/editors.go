package web

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

// The editors of the web interface, one per kind of record the pages show. A record's key
// fields and the links that place it (the plan or project an action belongs to, the
// organisation a plan is for, the indicator a value is of) are not edited in these forms:
// changing them moves the record to another page, which is a different task than correcting
// it. Example flags are left alone too.

// actionEditor edits an action; the plan or project it belongs to is kept.
var actionEditor = &editor{
	res: model.Actions,
	fields: []string{"title", "description", "sector", "theme_ids", "organisation_id",
		"start_date", "end_date", "status", "progress", "effect_t_co2e", "effect_start_year", "cost_dkk",
		"joint", "partner_ids", "published", "source"},
	path:    func(rec model.Record) string { return "/indsatser/" + idString(rec.ID()) },
	heading: "form.edit_action", back: "form.back", legend: "form.fields_heading", nav: "actions",
	newHeading: "edit.action.new_heading",
	label: func(_ context.Context, _ *Server, _ i18n.Localizer, rec model.Record) (string, error) {
		return rec.Str("title"), nil
	},
	options: func(ctx context.Context, s *Server, l i18n.Localizer, rec model.Record) (map[string][]formOption, map[string][]formGroup, error) {
		themes, err := s.all(ctx, model.Themes, nil)
		if err != nil {
			return nil, nil, err
		}
		orgs, err := s.orgOptions(ctx, l)
		if err != nil {
			return nil, nil, err
		}
		doers, err := s.actionDoers(ctx, rec)
		if err != nil {
			return nil, nil, err
		}
		responsible := slices.DeleteFunc(slices.Clone(orgs), func(o formOption) bool { return !doers[o.Value] })
		return map[string][]formOption{
				"sector": enumOptions(l, "sector", model.Sectors), "status": enumOptions(l, "action_status", model.ActionStatuses),
				"organisation_id": responsible, "partner_ids": orgs},
			map[string][]formGroup{"theme_ids": themeGroups(l, themes)}, nil
	},
	page: func(_ context.Context, _ *Server, rec model.Record) (string, error) {
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
	label: func(_ context.Context, _ *Server, _ i18n.Localizer, rec model.Record) (string, error) {
		return rec.Str("title"), nil
	},
	options: func(_ context.Context, _ *Server, l i18n.Localizer, _ model.Record) (map[string][]formOption, map[string][]formGroup, error) {
		return map[string][]formOption{"kind": enumOptions(l, "plan_kind", model.PlanKinds),
			"status": enumOptions(l, "plan_status", model.PlanStatuses)}, nil, nil
	},
	page: func(ctx context.Context, s *Server, rec model.Record) (string, error) {
		org, _ := rec.Int("organisation_id")
		return s.orgPage(ctx, org, "plan-"+idString(rec.ID()))
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
	label: func(_ context.Context, _ *Server, l i18n.Localizer, rec model.Record) (string, error) {
		return shorten(goalText(l, rec), 80), nil
	},
	options: func(ctx context.Context, s *Server, l i18n.Localizer, rec model.Record) (map[string][]formOption, map[string][]formGroup, error) {
		parents, err := s.goalParentOptions(ctx, l, rec)
		if err != nil {
			return nil, nil, err
		}
		inds, err := s.goalIndicatorOptions(ctx, l, rec)
		if err != nil {
			return nil, nil, err
		}
		return map[string][]formOption{"parent_id": parents, "indicator_id": inds}, nil, nil
	},
	page: func(ctx context.Context, s *Server, rec model.Record) (string, error) {
		if pid, ok := rec.Int("project_id"); ok {
			return s.projectPage(ctx, pid, "maal")
		}
		plan, _ := rec.Int("plan_id")
		p, err := s.db.Get(ctx, model.Plans, plan)
		if err != nil {
			return "", err
		}
		org, _ := p.Int("organisation_id")
		return s.orgPage(ctx, org, "plan-"+idString(plan))
	},
}

// indicatorEditor edits an indicator's description, baseline and targets; its code and owner
// are kept.
var indicatorEditor = &editor{
	res: model.Indicators,
	fields: []string{"name_da", "name_en", "unit", "direction", "description", "method", "theme_id",
		"baseline_year", "baseline_value", "targets", "owner_only", "source"},
	byKey:   true,
	path:    func(rec model.Record) string { return "/noegletal/" + url.PathEscape(rec.Str("code")) },
	heading: "edit.indicator.heading", back: "edit.indicator.back", legend: "edit.indicator.legend", nav: "compare",
	label: func(_ context.Context, _ *Server, l i18n.Localizer, rec model.Record) (string, error) {
		return name(l, rec), nil
	},
	options: func(ctx context.Context, s *Server, l i18n.Localizer, _ model.Record) (map[string][]formOption, map[string][]formGroup, error) {
		themes, err := s.all(ctx, model.Themes, nil)
		if err != nil {
			return nil, nil, err
		}
		i18n.SortBy(l.Lang, themes, func(t model.Record) string { return name(l, t) })
		var opts []formOption
		for _, t := range themes {
			opts = append(opts, formOption{Value: idString(t.ID()), Label: name(l, t)})
		}
		return map[string][]formOption{"direction": enumOptions(l, "direction", model.Directions), "theme_id": opts}, nil, nil
	},
	page: func(_ context.Context, _ *Server, rec model.Record) (string, error) {
		return "/noegletal/" + url.PathEscape(rec.Str("code")), nil
	},
}

// valueEditor edits one value of an indicator; the indicator and the organisation are kept.
var valueEditor = &editor{
	res:       model.IndicatorValues,
	fields:    []string{"period", "breakdown", "value", "source", "vintage", "note"},
	newFields: []string{"organisation_id", "period", "breakdown", "value", "source", "vintage", "note"},
	path:      func(rec model.Record) string { return "/vaerdier/" + idString(rec.ID()) },
	heading:   "edit.value.heading", back: "edit.value.back", legend: "edit.value.legend", nav: "compare",
	newHeading: "edit.value.new_heading",
	options: func(ctx context.Context, s *Server, l i18n.Localizer, _ model.Record) (map[string][]formOption, map[string][]formGroup, error) {
		orgs, err := s.orgOptions(ctx, l)
		return map[string][]formOption{"organisation_id": orgs}, nil, err
	},
	label: func(ctx context.Context, s *Server, l i18n.Localizer, rec model.Record) (string, error) {
		ind, _ := rec.Int("indicator_id")
		org, _ := rec.Int("organisation_id")
		i, err := s.db.Get(ctx, model.Indicators, ind)
		if err != nil {
			return "", err
		}
		o, err := s.db.Get(ctx, model.Organisations, org)
		if err != nil {
			return "", err
		}
		return l.T("edit.value.label", name(l, i), name(l, o), l.Period(rec.Str("period"))), nil
	},
	page: func(ctx context.Context, s *Server, rec model.Record) (string, error) {
		ind, _ := rec.Int("indicator_id")
		i, err := s.db.Get(ctx, model.Indicators, ind)
		if err != nil {
			return "", err
		}
		href := "/noegletal/" + url.PathEscape(i.Str("code"))
		if org, ok := rec.Int("organisation_id"); ok {
			if o, err := s.db.Get(ctx, model.Organisations, org); err == nil {
				href += "?organisation=" + url.QueryEscape(o.Str("code"))
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
	path:    func(rec model.Record) string { return "/projekter/" + url.PathEscape(rec.Str("code")) },
	heading: "edit.project.heading", back: "edit.project.back", legend: "edit.project.legend", nav: "home",
	label: func(_ context.Context, _ *Server, l i18n.Localizer, rec model.Record) (string, error) {
		return rec.Str("code") + ": " + name(l, rec), nil
	},
	page: func(_ context.Context, _ *Server, rec model.Record) (string, error) {
		return "/projekter/" + url.PathEscape(rec.Str("code")), nil
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
	label: func(ctx context.Context, s *Server, l i18n.Localizer, rec model.Record) (string, error) {
		org, _ := rec.Int("organisation_id")
		pid, _ := rec.Int("project_id")
		o, err := s.db.Get(ctx, model.Organisations, org)
		if err != nil {
			return "", err
		}
		p, err := s.db.Get(ctx, model.Projects, pid)
		if err != nil {
			return "", err
		}
		return l.T("edit.participant.label", name(l, o), p.Str("code")), nil
	},
	options: func(ctx context.Context, s *Server, l i18n.Localizer, _ model.Record) (map[string][]formOption, map[string][]formGroup, error) {
		orgs, err := s.orgOptions(ctx, l)
		return map[string][]formOption{"role": enumOptions(l, "role", model.Roles), "organisation_id": orgs}, nil, err
	},
	page: func(ctx context.Context, s *Server, rec model.Record) (string, error) {
		pid, _ := rec.Int("project_id")
		return s.projectPage(ctx, pid, "deltagere")
	},
}

// enumOptions are the choices of an enumerated field, in the model's order, labelled in the
// reader's language.
func enumOptions(l i18n.Localizer, enum string, values []string) []formOption {
	out := make([]formOption, len(values))
	for i, v := range values {
		out[i] = formOption{Value: v, Label: l.Enum(enum, v)}
	}
	return out
}

// actionDoers are the organisations that may do an action, by id: its plan's organisation,
// or the participants of its joint project; and the one it has.
func (s *Server) actionDoers(ctx context.Context, action model.Record) (map[string]bool, error) {
	out := map[string]bool{}
	if org, ok := action.Int("organisation_id"); ok {
		out[idString(org)] = true
	}
	if plan, ok := action.Int("plan_id"); ok {
		p, err := s.db.Get(ctx, model.Plans, plan)
		if err != nil {
			return nil, err
		}
		org, _ := p.Int("organisation_id")
		out[idString(org)] = true
	}
	if project, ok := action.Int("project_id"); ok {
		p, err := s.db.Get(ctx, model.Projects, project)
		if err != nil {
			return nil, err
		}
		parts, _ := p["participants"].([]model.ParticipantRef)
		for _, x := range parts {
			out[idString(x.OrganisationID)] = true
		}
	}
	return out, nil
}

// orgOptions are all organisations as choices, in the reader's order.
func (s *Server) orgOptions(ctx context.Context, l i18n.Localizer) ([]formOption, error) {
	orgs, err := s.all(ctx, model.Organisations, nil)
	if err != nil {
		return nil, err
	}
	i18n.SortBy(l.Lang, orgs, func(o model.Record) string { return name(l, o) })
	out := make([]formOption, len(orgs))
	for i, o := range orgs {
		out[i] = formOption{Value: idString(o.ID()), Label: name(l, o)}
	}
	return out, nil
}

// themeGroups puts each top-level theme with its sub-themes in a group of its own; the theme
// itself is the group's first choice.
func themeGroups(l i18n.Localizer, themes []model.Record) []formGroup {
	ids := byID(themes)
	children := map[int64][]model.Record{}
	var tops []model.Record
	for _, t := range themes {
		if p, ok := t.Int("parent_id"); ok && ids[p] != nil && p != t.ID() {
			children[p] = append(children[p], t)
		} else {
			tops = append(tops, t)
		}
	}
	byName := func(list []model.Record) {
		i18n.SortBy(l.Lang, list, func(t model.Record) string { return name(l, t) })
	}
	byName(tops)
	var out []formGroup
	for _, t := range tops {
		g := formGroup{Legend: name(l, t), Options: []formOption{{Value: idString(t.ID()), Label: l.T("form.theme_whole", name(l, t))}}}
		kids := children[t.ID()]
		byName(kids)
		for _, c := range kids {
			g.Options = append(g.Options, formOption{Value: idString(c.ID()), Label: name(l, c)})
			// A third level is not in the taxonomy; should one appear, it is listed under
			// its grandparent rather than lost.
			for _, gc := range children[c.ID()] {
				g.Options = append(g.Options, formOption{Value: idString(gc.ID()), Label: name(l, gc)})
			}
		}
		out = append(out, g)
	}
	return out
}

// goalSiblings are the goals of the plan or project a goal belongs to.
func (s *Server) goalSiblings(ctx context.Context, goal model.Record) ([]model.Record, error) {
	if pid, ok := goal.Int("project_id"); ok {
		return s.all(ctx, model.Goals, map[string]string{"project": idString(pid)})
	}
	plan, _ := goal.Int("plan_id")
	return s.all(ctx, model.Goals, map[string]string{"plan": idString(plan)})
}

// goalParentOptions are the goals a goal can be part of: the other goals of its plan or
// project, except those that are part of it (which would make a circle).
func (s *Server) goalParentOptions(ctx context.Context, l i18n.Localizer, goal model.Record) ([]formOption, error) {
	goals, err := s.goalSiblings(ctx, goal)
	if err != nil {
		return nil, err
	}
	parent := map[int64]int64{}
	for _, g := range goals {
		p, _ := g.Int("parent_id")
		parent[g.ID()] = p
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
	var out []formOption
	for _, g := range goals {
		if !below(g.ID()) {
			out = append(out, formOption{Value: idString(g.ID()), Label: shorten(goalText(l, g), 100)})
		}
	}
	return out, nil
}

// goalIndicatorOptions are the indicators that can measure a goal: those of its plan or
// project, the shared ones that belong to no plan or project, and the one it has.
func (s *Server) goalIndicatorOptions(ctx context.Context, l i18n.Localizer, goal model.Record) ([]formOption, error) {
	inds, err := s.all(ctx, model.Indicators, nil)
	if err != nil {
		return nil, err
	}
	plan, _ := goal.Int("plan_id")
	project, _ := goal.Int("project_id")
	current, _ := goal.Int("indicator_id")
	var keep []model.Record
	for _, i := range inds {
		ip, okPlan := i.Int("owner_plan_id")
		ij, okProject := i.Int("owner_project_id")
		if i.ID() == current || (!okPlan && !okProject) || (okPlan && ip == plan) || (okProject && ij == project) {
			keep = append(keep, i)
		}
	}
	i18n.SortBy(l.Lang, keep, func(i model.Record) string { return name(l, i) })
	out := make([]formOption, len(keep))
	for i, ind := range keep {
		out[i] = formOption{Value: idString(ind.ID()), Label: name(l, ind) + " (" + ind.Str("unit") + ")"}
	}
	return out, nil
}

// orgPage is the page of an organisation, at the given fragment.
func (s *Server) orgPage(ctx context.Context, org int64, fragment string) (string, error) {
	o, err := s.db.Get(ctx, model.Organisations, org)
	if err != nil {
		return "", err
	}
	if o.Str("kind") != "municipality" {
		return "/", nil // only municipalities have a page of their own
	}
	return "/kommuner/" + url.PathEscape(o.Str("code")) + "#" + fragment, nil
}

// projectPage is the page of a joint project, at the given fragment.
func (s *Server) projectPage(ctx context.Context, project int64, fragment string) (string, error) {
	p, err := s.db.Get(ctx, model.Projects, project)
	if err != nil {
		return "", err
	}
	return "/projekter/" + url.PathEscape(p.Str("code")) + "#" + fragment, nil
}

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
	actionInPlan = parentSpec{res: model.Plans,
		fixed: func(plan model.Record) model.Record {
			org, _ := plan.Int("organisation_id")
			return model.Record{"plan_id": plan.ID(), "organisation_id": org, "status": "planned"}
		},
		back: planBack,
	}
	actionInProject = parentSpec{res: model.Projects, byKey: true,
		fixed: func(p model.Record) model.Record {
			rec := model.Record{"project_id": p.ID(), "status": "planned", "joint": true}
			if leads, _ := p["leads"].([]int64); len(leads) > 0 {
				rec["organisation_id"] = leads[0]
			}
			return rec
		},
		back: func(_ context.Context, _ *Server, p model.Record) (string, error) {
			return "/projekter/" + url.PathEscape(p.Str("code")) + "#indsatser", nil
		},
	}
	goalInPlan = parentSpec{res: model.Plans,
		fixed: func(plan model.Record) model.Record { return model.Record{"plan_id": plan.ID()} },
		back:  planBack,
	}
	goalInProject = parentSpec{res: model.Projects, byKey: true,
		fixed: func(p model.Record) model.Record { return model.Record{"project_id": p.ID()} },
		back: func(_ context.Context, _ *Server, p model.Record) (string, error) {
			return "/projekter/" + url.PathEscape(p.Str("code")) + "#maal", nil
		},
	}
	valueOfIndicator = parentSpec{res: model.Indicators, byKey: true,
		fixed: func(ind model.Record) model.Record {
			rec := model.Record{"indicator_id": ind.ID(), "breakdown": ""}
			if org, ok := ind.Int("owner_organisation_id"); ok {
				rec["organisation_id"] = org
			}
			return rec
		},
		back: func(_ context.Context, _ *Server, ind model.Record) (string, error) {
			return "/noegletal/" + url.PathEscape(ind.Str("code")) + "#vaerdier", nil
		},
	}
	participantInProject = parentSpec{res: model.Projects, byKey: true,
		fixed: func(p model.Record) model.Record { return model.Record{"project_id": p.ID(), "role": "member"} },
		back: func(_ context.Context, _ *Server, p model.Record) (string, error) {
			return "/projekter/" + url.PathEscape(p.Str("code")) + "#deltagere", nil
		},
	}
)

// planBack is a plan's place on its organisation's page.
func planBack(ctx context.Context, s *Server, plan model.Record) (string, error) {
	org, _ := plan.Int("organisation_id")
	return s.orgPage(ctx, org, "plan-"+idString(plan.ID()))
}
