package auth

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

func TestPasswords(t *testing.T) {
	h, err := HashPassword("korrekt hest batteri hæfteklamme")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id with OWASP's parameters", h)
	}
	if !CheckPassword(h, "korrekt hest batteri hæfteklamme") {
		t.Error("the right password does not match")
	}
	for _, wrong := range []string{"", "korrekt hest batteri", "korrekt hest batteri hæfteklammE"} {
		if CheckPassword(h, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	if CheckPassword("", "anything") || CheckPassword("$bcrypt$x", "anything") {
		t.Error("an empty or foreign hash matches")
	}
	if _, err := HashPassword("kort"); !errors.Is(err, ErrWeakPassword) {
		t.Errorf("a short password: %v, want ErrWeakPassword", err)
	}
	if h2, _ := HashPassword("korrekt hest batteri hæfteklamme"); h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	a, b := NewToken("ks_"), NewToken("ks_")
	if a == b || !strings.HasPrefix(a, "ks_") || len(a) < 40 {
		t.Errorf("tokens %q and %q", a, b)
	}
	if HashToken(a) == a || HashToken(a) != HashToken(a) {
		t.Error("token hash is not a stable hash")
	}
}

// fakeGetter is a database of a few records by resource and id.
type fakeGetter map[*model.Resource]map[int64]model.Record

func (f fakeGetter) Get(_ context.Context, res *model.Resource, id int64) (model.Record, error) {
	if r, ok := f[res][id]; ok {
		return r, nil
	}
	return nil, store.ErrNotFound
}

func TestAuthorize(t *testing.T) {
	const kbh, alb, region = 101, 165, 1084
	const kbhPlan, vip = 1, 3
	g := fakeGetter{
		model.Plans: {kbhPlan: {"id": int64(kbhPlan), "organisation_id": int64(kbh)}},
		model.Projects: {vip: {"id": int64(vip), "leads": []int64{alb},
			"participants": []model.ParticipantRef{{OrganisationID: alb, Lead: true}, {OrganisationID: kbh}}}},
		model.Indicators: {7: {"id": int64(7), "owner_project_id": int64(vip)}},
	}
	user := func(ms ...store.Membership) *Principal {
		return &Principal{User: store.User{ID: 1, Email: "x@example.dk", Memberships: ms}}
	}
	admin := user(store.Membership{Role: RoleAdmin})
	sec := user(store.Membership{Role: RoleSecretariat})
	kbhEditor := user(store.Membership{OrganisationID: kbh, Role: RoleEditor})
	albEditor := user(store.Membership{OrganisationID: alb, Role: RoleEditor})
	albLead := user(store.Membership{OrganisationID: alb, Role: RoleProjectLead})
	kbhViewer := user(store.Membership{OrganisationID: kbh, Role: RoleViewer})
	readToken := &Principal{User: admin.User, Scope: ScopeRead}

	kbhAction := model.Record{"id": int64(9), "plan_id": int64(kbhPlan), "organisation_id": int64(kbh)}
	vipAction := model.Record{"id": int64(10), "project_id": int64(vip), "organisation_id": int64(alb)}
	kbhValue := model.Record{"indicator_id": int64(7), "organisation_id": int64(kbh)}
	regionValue := model.Record{"indicator_id": int64(99), "organisation_id": int64(region)}
	project := model.Record{"id": int64(vip)}
	theme := model.Record{"id": int64(2)}

	cases := []struct {
		name          string
		p             *Principal
		op            Op
		res           *model.Resource
		before, after model.Record
		want          error
	}{
		{"public", Public, Update, model.Actions, kbhAction, kbhAction, ErrSignIn},
		{"admin", admin, Delete, model.Actions, kbhAction, nil, nil},
		{"read-only token", readToken, Update, model.Actions, kbhAction, kbhAction, ErrForbidden},
		{"own action", kbhEditor, Update, model.Actions, kbhAction, kbhAction, nil},
		{"another's action", albEditor, Update, model.Actions, kbhAction, kbhAction, ErrForbidden},
		{"viewer", kbhViewer, Update, model.Actions, kbhAction, kbhAction, ErrForbidden},
		{"moving an action away", kbhEditor, Update, model.Actions, kbhAction, vipAction, ErrForbidden},
		{"project lead edits the project's action", albLead, Update, model.Actions, vipAction, vipAction, nil},
		{"project lead edits the project", albLead, Update, model.Projects, project, project, nil},
		{"project lead may not make projects", albLead, Create, model.Projects, nil, project, ErrForbidden},
		{"editor may not edit the project", albEditor, Update, model.Projects, project, project, ErrForbidden},
		{"secretariat makes projects", sec, Create, model.Projects, nil, project, nil},
		{"secretariat may not edit a municipality's plan action", sec, Update, model.Actions, kbhAction, kbhAction, ErrForbidden},
		{"secretariat edits the themes", sec, Update, model.Themes, theme, theme, nil},
		{"editor may not edit the themes", kbhEditor, Update, model.Themes, theme, theme, ErrForbidden},
		{"own value of a project's indicator", kbhEditor, Create, model.IndicatorValues, nil, kbhValue, nil},
		{"project lead corrects a participant's value", albLead, Update, model.IndicatorValues, kbhValue, kbhValue, nil},
		{"another's value", albEditor, Create, model.IndicatorValues, nil, regionValue, ErrForbidden},
		{"new plan of one's own", kbhEditor, Create, model.Plans, nil, model.Record{"organisation_id": int64(kbh)}, nil},
		{"new plan of another", kbhEditor, Create, model.Plans, nil, model.Record{"organisation_id": int64(alb)}, ErrForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := authorize(context.Background(), g, c.p, c.op, c.res, c.before, c.after)
			if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Errorf("Authorize = %v, want %v", err, c.want)
			}
		})
	}

	// Drafts.
	for _, c := range []struct {
		p    *Principal
		want bool
	}{{Public, false}, {kbhViewer, true}, {albEditor, false}, {admin, true}} {
		got, err := canSeeDraft(context.Background(), g, c.p, model.Actions, kbhAction)
		if err != nil || got != c.want {
			t.Errorf("%s sees Copenhagen's draft action: %v (%v), want %v", c.p.Label(), got, err, c.want)
		}
	}
}

// TestMayWriteIsAuthorizeForSomeRecord: the check made before an import reads its file
// allows a person exactly when Authorize would let them create or change some record of the
// kind, here over records of every kind in two organisations and a joint project.
func TestMayWriteIsAuthorizeForSomeRecord(t *testing.T) {
	const kbh, alb = 101, 165
	const kbhPlan, albPlan, vip = 1, 2, 3
	g := fakeGetter{
		model.Plans: {kbhPlan: {"id": int64(kbhPlan), "organisation_id": int64(kbh)}, albPlan: {"id": int64(albPlan), "organisation_id": int64(alb)}},
		model.Projects: {vip: {"id": int64(vip), "leads": []int64{alb},
			"participants": []model.ParticipantRef{{OrganisationID: alb, Lead: true}, {OrganisationID: kbh}}}},
		model.Indicators:    {7: {"id": int64(7), "owner_project_id": int64(vip)}, 8: {"id": int64(8), "owner_organisation_id": int64(kbh)}},
		model.Organisations: {kbh: {"id": int64(kbh), "kind": "municipality"}, alb: {"id": int64(alb), "kind": "municipality"}, 1: {"id": int64(1), "kind": "country"}},
	}
	records := map[*model.Resource][]model.Record{
		model.Organisations: {{"id": int64(kbh)}},
		model.Themes:        {{"id": int64(2)}},
		model.Programmes:    {{"id": int64(4)}},
		model.Projects:      {{"id": int64(vip)}},
		model.Participants:  {{"project_id": int64(vip), "organisation_id": int64(kbh)}},
		model.Plans:         {{"organisation_id": int64(kbh)}, {"organisation_id": int64(alb)}},
		model.Goals:         {{"plan_id": int64(kbhPlan)}, {"plan_id": int64(albPlan)}, {"project_id": int64(vip)}},
		model.Actions:       {{"plan_id": int64(kbhPlan)}, {"plan_id": int64(albPlan)}, {"project_id": int64(vip)}},
		model.Indicators:    {{"owner_plan_id": int64(albPlan)}, {"owner_organisation_id": int64(kbh)}, {"owner_project_id": int64(vip)}},
		model.IndicatorValues: {{"indicator_id": int64(8), "organisation_id": int64(kbh)}, {"indicator_id": int64(8), "organisation_id": int64(alb)},
			{"indicator_id": int64(7), "organisation_id": int64(kbh)}, {"indicator_id": int64(7), "organisation_id": int64(alb)}},
		model.ReportingRounds:       {{"programme_id": int64(4)}},
		model.Reports:               {{"id": int64(9), "round_id": int64(5), "project_id": int64(vip), "state": "draft"}},
		model.EmissionTargets:       {{"organisation_id": int64(kbh)}, {"organisation_id": int64(alb)}},
		model.ActivityData:          {{"organisation_id": int64(kbh)}, {"organisation_id": int64(alb)}},
		model.EmissionFactors:       {{"factor_set": "national"}, {"factor_set": "local", "organisation_id": int64(kbh)}, {"factor_set": "local", "organisation_id": int64(alb)}},
		model.ConsumptionFootprints: {{"organisation_id": int64(1)}, {"organisation_id": int64(kbh)}, {"organisation_id": int64(alb)}},
		// The procurement footprint's spend and factors.
		model.ProcurementSpend: {{"organisation_id": int64(kbh)}, {"organisation_id": int64(alb)}},
		model.SpendFactors:     {{"factor_set": "eksempel"}},
		// Library items: proposals of each organisation, and one of the secretariat's own.
		model.LibraryItems: {{"organisation_id": int64(kbh)}, {"organisation_id": int64(alb)}, {}},
	}
	user := func(ms ...store.Membership) *Principal {
		return &Principal{User: store.User{ID: 1, Email: "x@example.dk", Memberships: ms}}
	}
	people := map[string]*Principal{
		"public":         Public,
		"admin":          user(store.Membership{Role: RoleAdmin}),
		"read token":     {User: user(store.Membership{Role: RoleAdmin}).User, Scope: ScopeRead},
		"disabled admin": {User: store.User{ID: 1, Disabled: true, Memberships: []store.Membership{{Role: RoleAdmin}}}},
		"secretariat":    user(store.Membership{Role: RoleSecretariat}),
		"kbh editor":     user(store.Membership{OrganisationID: kbh, Role: RoleEditor}),
		"alb editor":     user(store.Membership{OrganisationID: alb, Role: RoleEditor}),
		"alb lead":       user(store.Membership{OrganisationID: alb, Role: RoleProjectLead}),
		"kbh viewer":     user(store.Membership{OrganisationID: kbh, Role: RoleViewer}),
	}
	// Who may import what, spelt out; the loop below checks it against Authorize.
	want := map[string][]string{
		"admin":       {"organisations", "themes", "programmes", "projects", "participants", "plans", "goals", "actions", "indicators", "indicator-values", "reporting-rounds", "reports", "emission-targets", "activity-data", "emission-factors", "consumption-footprints", "procurement-spend", "spend-factors", "library-items"},
		"secretariat": {"organisations", "themes", "programmes", "projects", "participants", "goals", "actions", "indicators", "indicator-values", "reporting-rounds", "reports", "emission-factors", "consumption-footprints", "spend-factors", "library-items"},
		"kbh editor":  {"plans", "goals", "actions", "indicators", "indicator-values", "emission-targets", "activity-data", "emission-factors", "consumption-footprints", "procurement-spend", "library-items"},
		"alb editor":  {"plans", "goals", "actions", "indicators", "indicator-values", "emission-targets", "activity-data", "emission-factors", "consumption-footprints", "procurement-spend", "library-items"},
		"alb lead":    {"projects", "participants", "goals", "actions", "indicators", "indicator-values", "reports"},
	}
	ctx := context.Background()
	for name, p := range people {
		for _, res := range model.All {
			some := false
			var refusal error
			for _, rec := range records[res] {
				for _, op := range []Op{Create, Update} {
					before := rec
					if op == Create {
						before = nil
					}
					err := authorize(ctx, g, p, op, res, before, rec)
					some = some || err == nil
					refusal = cmp.Or(refusal, err)
				}
			}
			err := MayWriteAny(p, res)
			if (err == nil) != some {
				t.Errorf("%s, %s: MayWrite = %v, but Authorize allows some record: %v", name, res.Name, err, some)
			}
			if (err == nil) != slices.Contains(want[name], res.Name) {
				t.Errorf("%s, %s: MayWrite = %v, want allowed %v", name, res.Name, err, slices.Contains(want[name], res.Name))
			}
			if err != nil && !errors.Is(err, ErrSignIn) && !errors.Is(err, ErrForbidden) {
				t.Errorf("%s, %s: MayWrite = %v, want ErrSignIn or ErrForbidden", name, res.Name, err)
			}
			if err != nil && errors.Is(err, ErrSignIn) != errors.Is(refusal, ErrSignIn) {
				t.Errorf("%s, %s: MayWrite = %v, Authorize = %v: one asks to sign in, the other not", name, res.Name, err, refusal)
			}
		}
	}
}

// TestEmissionFactorWriters: a national factor (of no organisation) is the secretariat's and
// admins'; a local one is its organisation's editors' only; activity data are their
// organisation's editors'.
func TestEmissionFactorWriters(t *testing.T) {
	const kbh, alb = 101, 165
	user := func(ms ...store.Membership) *Principal {
		return &Principal{User: store.User{ID: 1, Email: "x@example.dk", Memberships: ms}}
	}
	admin := user(store.Membership{Role: RoleAdmin})
	sec := user(store.Membership{Role: RoleSecretariat})
	kbhEditor := user(store.Membership{OrganisationID: kbh, Role: RoleEditor})
	kbhViewer := user(store.Membership{OrganisationID: kbh, Role: RoleViewer})
	national := model.Record{"factor_set": "national", "set_version": int64(1), "fuel": "electricity", "gas": "CO2"}
	local := func(org int64) model.Record {
		return model.Record{"factor_set": "kbh", "set_version": int64(1), "fuel": "electricity", "gas": "CO2", "organisation_id": int64(org)}
	}
	activity := func(org int64) model.Record { return model.Record{"organisation_id": int64(org), "year": int64(2018)} }
	tests := []struct {
		name string
		p    *Principal
		res  *model.Resource
		rec  model.Record
		ok   bool
	}{
		{"the secretariat sets a national factor", sec, model.EmissionFactors, national, true},
		{"an admin sets a national factor", admin, model.EmissionFactors, national, true},
		{"an editor may not set a national factor", kbhEditor, model.EmissionFactors, national, false},
		{"an editor sets a factor local to the organisation", kbhEditor, model.EmissionFactors, local(kbh), true},
		{"an editor may not set another organisation's local factor", kbhEditor, model.EmissionFactors, local(alb), false},
		{"the secretariat may not set a municipality's local factor", sec, model.EmissionFactors, local(kbh), false},
		{"a viewer may not set a local factor", kbhViewer, model.EmissionFactors, local(kbh), false},
		{"an editor enters the organisation's activity data", kbhEditor, model.ActivityData, activity(kbh), true},
		{"an editor of another organisation may not", kbhEditor, model.ActivityData, activity(alb), false},
		{"nor may the secretariat", sec, model.ActivityData, activity(kbh), false},
	}
	for _, tc := range tests {
		for _, op := range []Op{Create, Update, Delete} {
			before, after := tc.rec, tc.rec
			switch op {
			case Create:
				before = nil
			case Delete:
				after = nil
			}
			err := authorize(context.Background(), fakeGetter{}, tc.p, op, tc.res, before, after)
			if (err == nil) != tc.ok {
				t.Errorf("%s (%s): %v, want allowed %v", tc.name, op, err, tc.ok)
			}
		}
	}
}

// TestConsumptionFootprintWriters: the nation's and a region's footprint per inhabitant are
// the secretariat's and admins' (they stand for municipalities without their own); a
// municipality's own is its editors' only.
func TestConsumptionFootprintWriters(t *testing.T) {
	const nation, region, kbh, alb = 1, 1084, 101, 165
	g := fakeGetter{model.Organisations: {
		nation: {"id": int64(nation), "kind": "country"},
		region: {"id": int64(region), "kind": "region"},
		kbh:    {"id": int64(kbh), "kind": "municipality", "parent_id": int64(region)},
		alb:    {"id": int64(alb), "kind": "municipality", "parent_id": int64(region)},
	}}
	user := func(ms ...store.Membership) *Principal {
		return &Principal{User: store.User{ID: 1, Email: "x@example.dk", Memberships: ms}}
	}
	admin := user(store.Membership{Role: RoleAdmin})
	sec := user(store.Membership{Role: RoleSecretariat})
	kbhEditor := user(store.Membership{OrganisationID: kbh, Role: RoleEditor})
	kbhViewer := user(store.Membership{OrganisationID: kbh, Role: RoleViewer})
	nationEditor := user(store.Membership{OrganisationID: nation, Role: RoleEditor})
	fp := func(org int64) model.Record {
		return model.Record{"organisation_id": org, "year": int64(2023), "category": "food", "t_co2e_per_person": 2.5}
	}
	tests := []struct {
		name string
		p    *Principal
		rec  model.Record
		ok   bool
	}{
		{"the secretariat sets the nation's", sec, fp(nation), true},
		{"an admin sets the nation's", admin, fp(nation), true},
		{"the secretariat sets a region's", sec, fp(region), true},
		{"an editor may not set the nation's", kbhEditor, fp(nation), false},
		{"nor an editor of the nation's own organisation", nationEditor, fp(nation), false},
		{"an editor may not set the region's", kbhEditor, fp(region), false},
		{"an editor sets the municipality's own", kbhEditor, fp(kbh), true},
		{"but not another municipality's", kbhEditor, fp(alb), false},
		{"nor does the secretariat set a municipality's own", sec, fp(kbh), false},
		{"nor a viewer", kbhViewer, fp(kbh), false},
	}
	for _, tc := range tests {
		for _, op := range []Op{Create, Update, Delete} {
			before, after := tc.rec, tc.rec
			switch op {
			case Create:
				before = nil
			case Delete:
				after = nil
			}
			err := authorize(context.Background(), g, tc.p, op, model.ConsumptionFootprints, before, after)
			if (err == nil) != tc.ok {
				t.Errorf("%s (%s): %v, want allowed %v", tc.name, op, err, tc.ok)
			}
		}
	}
}

// TestProcurementWriters: spend is its organisation's editors'; spend factors are the
// secretariat's and admins', never an editor's.
func TestProcurementWriters(t *testing.T) {
	const kbh, alb = 101, 165
	user := func(ms ...store.Membership) *Principal {
		return &Principal{User: store.User{ID: 1, Email: "x@example.dk", Memberships: ms}}
	}
	admin := user(store.Membership{Role: RoleAdmin})
	sec := user(store.Membership{Role: RoleSecretariat})
	kbhEditor := user(store.Membership{OrganisationID: kbh, Role: RoleEditor})
	kbhViewer := user(store.Membership{OrganisationID: kbh, Role: RoleViewer})
	spend := func(org int64) model.Record {
		return model.Record{"organisation_id": org, "year": int64(2023), "category": "food", "spend_dkk": 1e6}
	}
	factor := model.Record{"factor_set": "eksempel", "category": "food", "kg_co2e_per_dkk": 0.5, "source": "s"}
	tests := []struct {
		name string
		p    *Principal
		res  *model.Resource
		rec  model.Record
		ok   bool
	}{
		{"an editor enters the organisation's spend", kbhEditor, model.ProcurementSpend, spend(kbh), true},
		{"an editor of another organisation may not", kbhEditor, model.ProcurementSpend, spend(alb), false},
		{"nor may the secretariat", sec, model.ProcurementSpend, spend(kbh), false},
		{"nor a viewer", kbhViewer, model.ProcurementSpend, spend(kbh), false},
		{"the secretariat sets a spend factor", sec, model.SpendFactors, factor, true},
		{"an admin sets a spend factor", admin, model.SpendFactors, factor, true},
		{"an editor may not", kbhEditor, model.SpendFactors, factor, false},
		{"nor the public", Public, model.SpendFactors, factor, false},
	}
	for _, tc := range tests {
		for _, op := range []Op{Create, Update, Delete} {
			before, after := tc.rec, tc.rec
			switch op {
			case Create:
				before = nil
			case Delete:
				after = nil
			}
			err := authorize(context.Background(), fakeGetter{}, tc.p, op, tc.res, before, after)
			if (err == nil) != tc.ok {
				t.Errorf("%s (%s): %v, want allowed %v", tc.name, op, err, tc.ok)
			}
		}
	}
}
