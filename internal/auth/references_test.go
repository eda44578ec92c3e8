package auth

import (
	"context"
	"errors"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// TestReferencesStayWithinReach: every reference a write sets must lie within the writer's
// reach (refRules), each on its own; a reference to a record the writer may not see is
// answered as a reference to nothing; a reference an update leaves alone is not checked
// again. One row or more for every reference field of every resource, allowed and refused;
// the test fails if a reference field of the model has no row.
func TestReferencesStayWithinReach(t *testing.T) {
	const kbh, alb, glo, region = 101, 165, 161, 1084
	const kbhPlan, albPlan, albDraftPlan = 1, 2, 4
	const vip, programme = 3, 5
	const kbhGoal, albGoal, albDraftGoal = 20, 21, 22
	const kbhInd, albInd, sharedInd, vipInd, albDraftInd, nationInd, accountsInd = 30, 31, 32, 7, 33, 34, 35
	const ens = 900 // the Energy Agency: national, no parent
	i := func(n int64) int64 { return n }
	g := fakeGetter{
		model.Plans: {
			kbhPlan:      {"id": i(kbhPlan), "organisation_id": i(kbh), "published": true},
			albPlan:      {"id": i(albPlan), "organisation_id": i(alb), "published": true},
			albDraftPlan: {"id": i(albDraftPlan), "organisation_id": i(alb), "published": false},
		},
		model.Projects: {vip: {"id": i(vip), "programme_id": i(programme), "leads": []int64{alb},
			"participants": []model.ParticipantRef{{OrganisationID: alb, Role: "member", Lead: true}, {OrganisationID: kbh, Role: "member"}}}},
		model.Goals: {
			kbhGoal:      {"id": i(kbhGoal), "plan_id": i(kbhPlan)},
			albGoal:      {"id": i(albGoal), "plan_id": i(albPlan)},
			albDraftGoal: {"id": i(albDraftGoal), "plan_id": i(albDraftPlan)},
		},
		model.Actions: {
			50: {"id": i(50), "plan_id": i(kbhPlan), "organisation_id": i(kbh), "published": true},
			51: {"id": i(51), "plan_id": i(albDraftPlan), "organisation_id": i(alb), "published": false},
		},
		model.LibraryItems: {
			60: {"id": i(60), "kind": "idea", "published": true},
			61: {"id": i(61), "kind": "idea", "organisation_id": i(alb), "published": false},
		},
		model.Organisations: {
			kbh:    {"id": i(kbh), "kind": "municipality", "parent_id": i(region)},
			alb:    {"id": i(alb), "kind": "municipality", "parent_id": i(region)},
			glo:    {"id": i(glo), "kind": "municipality", "parent_id": i(region)},
			region: {"id": i(region), "kind": "region"},
			ens:    {"id": i(ens), "kind": "partner"},
		},
		model.Indicators: {
			nationInd:   {"id": i(nationInd), "owner_organisation_id": i(ens)},
			accountsInd: {"id": i(accountsInd), "owner_organisation_id": i(ens), "owner_only": true},
			kbhInd:      {"id": i(kbhInd), "owner_plan_id": i(kbhPlan)},
			albInd:      {"id": i(albInd), "owner_plan_id": i(albPlan)},
			sharedInd:   {"id": i(sharedInd), "owner_organisation_id": i(region)},
			vipInd:      {"id": i(vipInd), "owner_project_id": i(vip)},
			albDraftInd: {"id": i(albDraftInd), "owner_plan_id": i(albDraftPlan)},
		},
	}
	user := func(ms ...store.Membership) *Principal {
		return &Principal{User: store.User{ID: 1, Email: "x@example.dk", Memberships: ms}}
	}
	sec := user(store.Membership{Role: RoleSecretariat})
	kbhEditor := user(store.Membership{OrganisationID: kbh, Role: RoleEditor})
	albEditor := user(store.Membership{OrganisationID: alb, Role: RoleEditor})
	ensEditor := user(store.Membership{OrganisationID: ens, Role: RoleEditor})
	gloEditor := user(store.Membership{OrganisationID: glo, Role: RoleEditor})
	albLead := user(store.Membership{OrganisationID: alb, Role: RoleProjectLead})

	// rec is a record with the fields given as name, value pairs.
	rec := func(kv ...any) model.Record {
		r := model.Record{}
		for n := 0; n+1 < len(kv); n += 2 {
			r[kv[n].(string)] = kv[n+1]
		}
		return r
	}
	refused := ErrForbidden
	unknown := errors.New("a reference to nothing") // stands for the validation error of the store's words

	cases := []struct {
		field         string // the reference the row is about, as "resource.field"
		name          string
		p             *Principal
		before, after model.Record
		want          error
	}{
		{"organisations.parent_id", "the secretariat places an organisation in a region", sec, nil, rec("parent_id", i(region)), nil},
		{"organisations.parent_id", "an editor may not", kbhEditor, nil, rec("parent_id", i(region)), refused},
		{"organisations.member_ids", "the secretariat names a network's members", sec, nil, rec("kind", "network", "member_ids", []int64{kbh, alb}), nil},
		{"organisations.member_ids", "a member's editor may not", kbhEditor, nil, rec("kind", "network", "member_ids", []int64{kbh}), refused},
		{"themes.parent_id", "the secretariat nests a theme", sec, nil, rec("parent_id", i(9)), nil},
		{"themes.parent_id", "an editor may not", kbhEditor, nil, rec("parent_id", i(9)), refused},
		{"programmes.organisation_id", "the secretariat names who runs a programme", sec, nil, rec("organisation_id", i(region)), nil},
		{"programmes.organisation_id", "an editor may not", kbhEditor, nil, rec("organisation_id", i(kbh)), refused},
		{"projects.programme_id", "the secretariat moves a project to another programme", sec, rec("id", i(vip), "programme_id", i(programme)), rec("id", i(vip), "programme_id", i(6)), nil},
		{"projects.programme_id", "the project's lead may not", albLead, rec("id", i(vip), "programme_id", i(programme)), rec("id", i(vip), "programme_id", i(6)), refused},
		{"projects.programme_id", "the project's lead edits the project", albLead, rec("id", i(vip), "programme_id", i(programme)), rec("id", i(vip), "programme_id", i(programme), "name_da", "Nyt navn"), nil},
		{"participants.project_id", "a lead adds a participant", albLead, nil, rec("project_id", i(vip), "organisation_id", i(glo)), nil},
		{"participants.project_id", "another organisation's editor may not", kbhEditor, nil, rec("project_id", i(vip), "organisation_id", i(kbh)), refused},
		{"participants.organisation_id", "any organisation may be invited", albLead, nil, rec("project_id", i(vip), "organisation_id", i(region)), nil},
		{"plans.organisation_id", "a plan of one's own", kbhEditor, nil, rec("organisation_id", i(kbh)), nil},
		{"plans.organisation_id", "a plan of another's", kbhEditor, nil, rec("organisation_id", i(alb)), refused},
		{"goals.plan_id", "a goal in one's own plan", kbhEditor, nil, rec("plan_id", i(kbhPlan)), nil},
		{"goals.plan_id", "a goal in another's plan", albEditor, nil, rec("plan_id", i(kbhPlan)), refused},
		{"goals.plan_id", "a goal in another's draft plan", kbhEditor, nil, rec("plan_id", i(albDraftPlan)), unknown},
		{"goals.project_id", "a goal in a project one leads", albLead, nil, rec("project_id", i(vip)), nil},
		{"goals.project_id", "a goal in a project one takes part in", kbhEditor, nil, rec("project_id", i(vip)), refused},
		{"goals.parent_id", "a part of one's own goal", kbhEditor, nil, rec("plan_id", i(kbhPlan), "parent_id", i(kbhGoal)), nil},
		{"goals.parent_id", "a goal under another's goal (reported)", albEditor, nil, rec("plan_id", i(albPlan), "parent_id", i(kbhGoal)), refused},
		{"goals.parent_id", "moved under another's goal", albEditor, rec("plan_id", i(albPlan)), rec("plan_id", i(albPlan), "parent_id", i(kbhGoal)), refused},
		{"goals.parent_id", "a goal under a goal of another's draft plan", kbhEditor, nil, rec("plan_id", i(kbhPlan), "parent_id", i(albDraftGoal)), unknown},
		{"goals.indicator_id", "measured by one's own indicator", kbhEditor, nil, rec("plan_id", i(kbhPlan), "indicator_id", i(kbhInd)), nil},
		{"goals.indicator_id", "measured by a shared indicator", kbhEditor, nil, rec("plan_id", i(kbhPlan), "indicator_id", i(sharedInd)), nil},
		{"goals.indicator_id", "measured by another's plan's indicator", kbhEditor, nil, rec("plan_id", i(kbhPlan), "indicator_id", i(albInd)), refused},
		{"goals.indicator_id", "measured by an indicator of another's draft plan", kbhEditor, nil, rec("plan_id", i(kbhPlan), "indicator_id", i(albDraftInd)), unknown},
		{"goals.indicator_id", "an older goal measured by another's indicator stays editable", kbhEditor,
			rec("plan_id", i(kbhPlan), "indicator_id", i(albInd)), rec("plan_id", i(kbhPlan), "indicator_id", i(albInd), "text_da", "Nyt"), nil},
		{"actions.plan_id", "an action in one's own plan", kbhEditor, nil, rec("plan_id", i(kbhPlan), "organisation_id", i(kbh)), nil},
		{"actions.plan_id", "an action in another's plan (reported)", albEditor, nil, rec("plan_id", i(kbhPlan), "organisation_id", i(alb)), refused},
		{"actions.plan_id", "an action moved to another's plan", kbhEditor, rec("plan_id", i(kbhPlan), "organisation_id", i(kbh)), rec("plan_id", i(albPlan), "organisation_id", i(kbh)), refused},
		{"actions.project_id", "an action in a project one leads", albLead, nil, rec("project_id", i(vip), "organisation_id", i(alb)), nil},
		{"actions.project_id", "an action in a project one takes part in", kbhEditor, nil, rec("project_id", i(vip), "organisation_id", i(kbh)), refused},
		{"actions.organisation_id", "another organisation does one's action (reported: it shows on their page)", albEditor, nil, rec("plan_id", i(albPlan), "organisation_id", i(kbh)), refused},
		{"actions.organisation_id", "a lead names a participant to do a project's action", albLead, nil, rec("project_id", i(vip), "organisation_id", i(kbh)), nil},
		{"actions.organisation_id", "a lead may not name an organisation outside the project", albLead, nil, rec("project_id", i(vip), "organisation_id", i(glo)), refused},
		{"actions.organisation_id", "the secretariat names a participant", sec, nil, rec("project_id", i(vip), "organisation_id", i(kbh)), nil},
		{"actions.theme_ids", "any theme", kbhEditor, nil, rec("plan_id", i(kbhPlan), "organisation_id", i(kbh), "theme_ids", []int64{9}), nil},
		{"actions.partner_ids", "any organisation named as a partner", kbhEditor, nil, rec("plan_id", i(kbhPlan), "organisation_id", i(kbh), "partner_ids", []int64{alb, glo}), nil},
		{"library-items.theme_ids", "any theme on a proposal", kbhEditor, nil, rec("organisation_id", i(kbh), "theme_ids", []int64{9}), nil},
		{"library-items.project_ids", "any joint project on a proposal", kbhEditor, nil, rec("organisation_id", i(kbh), "project_ids", []int64{vip}), nil},
		{"library-items.action_ids", "any action the writer sees", kbhEditor, nil, rec("organisation_id", i(kbh), "action_ids", []int64{50}), nil},
		{"library-items.action_ids", "not an action of another's draft plan", kbhEditor, nil, rec("organisation_id", i(kbh), "action_ids", []int64{51}), unknown},
		{"library-items.indicator_ids", "any indicator the writer sees", kbhEditor, nil, rec("organisation_id", i(kbh), "indicator_ids", []int64{albInd, nationInd}), nil},
		{"library-items.indicator_ids", "not one of another's draft plan", kbhEditor, nil, rec("organisation_id", i(kbh), "indicator_ids", []int64{albDraftInd}), unknown},
		{"actions.library_item_id", "an action made from a published idea", kbhEditor, nil, rec("plan_id", i(kbhPlan), "organisation_id", i(kbh), "library_item_id", i(60)), nil},
		{"actions.library_item_id", "not from another organisation's proposal", kbhEditor, nil, rec("plan_id", i(kbhPlan), "organisation_id", i(kbh), "library_item_id", i(61)), unknown},
		{"library-items.organisation_id", "an editor proposes as the own organisation", kbhEditor, nil, rec("organisation_id", i(kbh)), nil},
		{"library-items.organisation_id", "not as another organisation", kbhEditor, nil, rec("organisation_id", i(alb)), refused},
		{"library-items.organisation_id", "the secretariat names any organisation", sec, nil, rec("organisation_id", i(alb)), nil},
		{"indicators.owner_plan_id", "an indicator of one's own plan", kbhEditor, nil, rec("owner_plan_id", i(kbhPlan)), nil},
		{"indicators.owner_plan_id", "an indicator of another's plan", kbhEditor, nil, rec("owner_plan_id", i(albPlan)), refused},
		{"indicators.owner_project_id", "an indicator of a project one leads", albLead, nil, rec("owner_project_id", i(vip)), nil},
		{"indicators.owner_project_id", "an indicator of a project one takes part in", kbhEditor, nil, rec("owner_project_id", i(vip)), refused},
		{"indicators.owner_organisation_id", "an indicator of one's own", kbhEditor, nil, rec("owner_organisation_id", i(kbh)), nil},
		{"indicators.owner_organisation_id", "an indicator of another organisation", kbhEditor, nil, rec("owner_organisation_id", i(alb)), refused},
		{"indicators.theme_id", "any theme", kbhEditor, nil, rec("owner_organisation_id", i(kbh), "theme_id", i(9)), nil},
		{"indicator-values.indicator_id", "one's own value of the region's indicator", kbhEditor, nil, rec("indicator_id", i(sharedInd), "organisation_id", i(kbh)), nil},
		{"indicator-values.indicator_id", "one's own value of the nation's indicator", kbhEditor, nil, rec("indicator_id", i(nationInd), "organisation_id", i(kbh)), nil},
		{"indicator-values.indicator_id", "one's own value of a project's indicator one takes part in", kbhEditor, nil, rec("indicator_id", i(vipInd), "organisation_id", i(kbh)), nil},
		{"indicator-values.indicator_id", "one's own value of one's own plan's indicator", kbhEditor, nil, rec("indicator_id", i(kbhInd), "organisation_id", i(kbh)), nil},
		{"indicator-values.organisation_id", "one's own value of another's own indicator", kbhEditor, nil, rec("indicator_id", i(albInd), "organisation_id", i(kbh)), refused},
		{"indicator-values.organisation_id", "one's own value of a project's indicator one takes no part in", gloEditor, nil, rec("indicator_id", i(vipInd), "organisation_id", i(glo)), refused},
		{"indicator-values.organisation_id", "one's own value of an owner_only indicator", kbhEditor, nil, rec("indicator_id", i(accountsInd), "organisation_id", i(kbh)), refused},
		{"indicator-values.organisation_id", "the owner reports any organisation's value of its owner_only indicator", ensEditor, nil, rec("indicator_id", i(accountsInd), "organisation_id", i(kbh)), nil},
		{"indicator-values.organisation_id", "the secretariat reports an owner_only indicator's value", sec, nil, rec("indicator_id", i(accountsInd), "organisation_id", i(kbh)), nil},
		{"indicator-values.organisation_id", "the owner may not report another's value of an indicator open to all", ensEditor, nil, rec("indicator_id", i(nationInd), "organisation_id", i(kbh)), refused},
		{"indicator-values.indicator_id", "a value of an indicator of another's draft plan", kbhEditor, nil, rec("indicator_id", i(albDraftInd), "organisation_id", i(kbh)), unknown},
		{"indicator-values.organisation_id", "a value for another organisation", kbhEditor, nil, rec("indicator_id", i(kbhInd), "organisation_id", i(alb)), refused},
		{"indicator-values.organisation_id", "a lead reports a participant's value of the project's indicator", albLead, nil, rec("indicator_id", i(vipInd), "organisation_id", i(kbh)), nil},
		{"indicator-values.organisation_id", "a lead may not report for an organisation outside the project", albLead, nil, rec("indicator_id", i(vipInd), "organisation_id", i(glo)), refused},
		{"indicator-values.organisation_id", "a lead may not report a participant's value of another indicator", albLead, nil, rec("indicator_id", i(kbhInd), "organisation_id", i(kbh)), refused},
		{"emission-targets.organisation_id", "an editor sets the organisation's target", kbhEditor, nil, rec("organisation_id", i(kbh)), nil},
		{"emission-targets.organisation_id", "not another organisation's", kbhEditor, nil, rec("organisation_id", i(alb)), refused},
		{"emission-targets.organisation_id", "nor the secretariat a municipality's", sec, nil, rec("organisation_id", i(kbh)), refused},
		{"activity-data.organisation_id", "an editor enters the organisation's activity data", kbhEditor, nil, rec("organisation_id", i(kbh)), nil},
		{"activity-data.organisation_id", "not another organisation's", kbhEditor, nil, rec("organisation_id", i(alb)), refused},
		{"emission-factors.organisation_id", "an editor sets a factor local to the organisation", kbhEditor, nil, rec("factor_set", "kbh", "organisation_id", i(kbh)), nil},
		{"emission-factors.organisation_id", "not one local to another organisation", kbhEditor, nil, rec("factor_set", "kbh", "organisation_id", i(alb)), refused},
		{"emission-factors.organisation_id", "nor the secretariat a municipality's local factor", sec, nil, rec("factor_set", "kbh", "organisation_id", i(kbh)), refused},
		{"consumption-footprints.organisation_id", "an editor sets the municipality's own footprint", kbhEditor, nil, rec("organisation_id", i(kbh), "year", i(2023), "category", "food"), nil},
		{"consumption-footprints.organisation_id", "not another municipality's", kbhEditor, nil, rec("organisation_id", i(alb), "year", i(2023), "category", "food"), refused},
		{"consumption-footprints.organisation_id", "nor the region's", kbhEditor, nil, rec("organisation_id", i(region), "year", i(2023), "category", "food"), refused},
		{"consumption-footprints.organisation_id", "the secretariat sets the region's", sec, nil, rec("organisation_id", i(region), "year", i(2023), "category", "food"), nil},
		{"consumption-footprints.organisation_id", "not a municipality's own", sec, nil, rec("organisation_id", i(kbh), "year", i(2023), "category", "food"), refused},
		{"procurement-spend.organisation_id", "an editor enters the organisation's spend", kbhEditor, nil, rec("organisation_id", i(kbh)), nil},
		{"procurement-spend.organisation_id", "not another organisation's", kbhEditor, nil, rec("organisation_id", i(alb)), refused},
		{"reporting-rounds.programme_id", "the secretariat opens a round of a programme", sec, nil, rec("programme_id", i(programme)), nil},
		{"reporting-rounds.programme_id", "a project's lead may not", albLead, nil, rec("programme_id", i(programme)), refused},
		{"reports.round_id", "the secretariat makes a report in a round", sec, nil, rec("round_id", i(40), "project_id", i(vip)), nil},
		{"reports.round_id", "a lead may not move a report to another round", albLead, rec("round_id", i(40), "project_id", i(vip), "state", "draft"), rec("round_id", i(41), "project_id", i(vip), "state", "draft"), refused},
		{"reports.project_id", "the secretariat makes a project's report", sec, nil, rec("round_id", i(40), "project_id", i(vip)), nil},
		{"reports.project_id", "a lead may not move the report to another project", albLead, rec("round_id", i(40), "project_id", i(vip), "state", "draft"), rec("round_id", i(40), "project_id", i(8), "state", "draft"), refused},
	}
	resOf := func(field string) *model.Resource {
		for _, r := range model.All {
			if len(field) > len(r.Name) && field[:len(r.Name)+1] == r.Name+"." {
				return r
			}
		}
		t.Fatalf("no resource for %s", field)
		return nil
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.field] = true
		t.Run(c.field+"/"+c.name, func(t *testing.T) {
			op := Create
			if c.before != nil {
				op = Update
			}
			err := authorize(context.Background(), g, c.p, op, resOf(c.field), c.before, c.after)
			var ve *model.ValidationError
			var re *RefError
			switch c.want {
			case nil:
				if err != nil {
					t.Errorf("refused: %v", err)
				}
			case unknown:
				if !errors.As(err, &ve) || ve.Errors[0].Code != model.CodeUnknownRef || resOf(c.field).Name+"."+ve.Errors[0].Field != c.field {
					t.Errorf("got %v, want %s answered as a reference to nothing", err, c.field)
				}
			case refused:
				// A refused reference says which field, for the form and the API's answer.
				if !errors.As(err, &re) || !errors.Is(err, ErrForbidden) || resOf(c.field).Name+"."+re.Field != c.field {
					t.Errorf("got %v, want %s refused", err, c.field)
				}
			default:
				if !errors.Is(err, c.want) {
					t.Errorf("got %v, want %v", err, c.want)
				}
			}
		})
	}
	// Nobody changes what they may not see, even what would otherwise be theirs: here
	// Copenhagen's value of an indicator that Albertslund's draft plan owns.
	hidden := rec("indicator_id", i(albDraftInd), "organisation_id", i(kbh), "value", 1.0)
	if err := authorize(context.Background(), g, kbhEditor, Update, model.IndicatorValues, hidden, hidden); !errors.Is(err, ErrForbidden) {
		t.Errorf("a value of a hidden indicator changed: %v, want refused", err)
	}
	for _, res := range model.All {
		for _, f := range res.Fields {
			if !f.ReadOnly && (f.Kind == model.Ref || f.Kind == model.RefList) && !covered[res.Name+"."+f.Name] {
				t.Errorf("no row for the reference %s.%s", res.Name, f.Name)
			}
		}
	}
}

// TestEveryReferenceHasARule: a new reference field cannot slip past the check.
func TestEveryReferenceHasARule(t *testing.T) {
	for _, res := range model.All {
		for _, f := range res.Fields {
			if !f.ReadOnly && (f.Kind == model.Ref || f.Kind == model.RefList) {
				if _, ok := refRules[res.Name+"."+f.Name]; !ok {
					t.Errorf("%s.%s has no rule in refRules", res.Name, f.Name)
				}
			}
		}
	}
}
