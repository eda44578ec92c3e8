package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Roles. A person holds roles in organisations; admin and secretariat hold everywhere.
const (
	RoleAdmin       = "admin"       // everything
	RoleSecretariat = "secretariat" // programmes, joint projects and their parts, the directory
	RoleEditor      = "editor"      // their organisation's plans, actions, indicators and values
	RoleProjectLead = "project_lead"
	RoleViewer      = "viewer" // signed in; sees their organisation's drafts
)

// Roles lists the roles, most powerful first.
var Roles = []string{RoleAdmin, RoleSecretariat, RoleEditor, RoleProjectLead, RoleViewer}

// Token scopes.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// Principal is who makes a request: a signed-in person, or nobody (the public). Scope is the
// API token's scope when the request came with a token; a session may do everything its
// person may.
type Principal struct {
	User  store.User
	Scope string
}

// Public is the anonymous reader.
var Public = &Principal{}

// Signed reports whether a person is signed in.
func (p *Principal) Signed() bool { return p != nil && p.User.ID != 0 }

// Has reports whether the person holds role in org (or holds it everywhere).
func (p *Principal) Has(role string, org int64) bool {
	if !p.Signed() {
		return false
	}
	for _, m := range p.User.Memberships {
		if m.Role == role && (m.OrganisationID == 0 || m.OrganisationID == org) {
			return true
		}
	}
	return false
}

// Admin reports whether the person is an administrator.
func (p *Principal) Admin() bool { return p.hasGlobal(RoleAdmin) }

// Secretariat reports whether the person works for the secretariat (or is an admin).
func (p *Principal) Secretariat() bool {
	return p.Admin() || p.hasGlobal(RoleSecretariat) || p.hasAny(RoleSecretariat)
}

func (p *Principal) hasGlobal(role string) bool {
	return p.Signed() && slices.ContainsFunc(p.User.Memberships, func(m store.Membership) bool { return m.Role == role && m.OrganisationID == 0 })
}

func (p *Principal) hasAny(role string) bool {
	return p.Signed() && slices.ContainsFunc(p.User.Memberships, func(m store.Membership) bool { return m.Role == role })
}

// Member reports whether the person holds any role in org.
func (p *Principal) Member(org int64) bool {
	if !p.Signed() || org == 0 {
		return false
	}
	return slices.ContainsFunc(p.User.Memberships, func(m store.Membership) bool { return m.OrganisationID == org })
}

// Label names the person for logs and lists.
func (p *Principal) Label() string {
	if !p.Signed() {
		return "public"
	}
	return p.User.Email
}

// Errors of the decision: the caller answers 401 to ErrSignIn and 403 to ErrForbidden.
var (
	ErrSignIn    = errors.New("sign in first")
	ErrForbidden = errors.New("not allowed")
)

// Op is what is done to a record.
type Op string

// The operations.
const (
	Create Op = "create"
	Update Op = "update"
	Delete Op = "delete"
)

// Scope is where a record belongs: the organisations whose editors own it and the joint
// projects whose leads own it. A record of the directory (organisations, themes, programmes)
// belongs to no organisation: only the secretariat changes it.
type Scope struct {
	Orgs     []int64 // organisations whose editors may change it
	Projects []int64 // joint projects whose lead organisations may change it
}

// Guard is p's decisions as the store asks for them on every write: MayWrite.
func Guard(p *Principal) store.Guard {
	return func(ctx context.Context, g store.Getter, _ string, res *model.Resource, before, after model.Record) error {
		return MayWrite(ctx, g, p, res, before, after)
	}
}

// MayWrite is the one write rule, asked alike by the store's guard (for every write of the
// web, the API, imports and the command line) and by the pages before they offer a form or
// an edit link. before is the stored record (nil for a create), after the record as it
// would be stored (nil for a delete); the operation follows from which is nil.
func MayWrite(ctx context.Context, g store.Getter, p *Principal, res *model.Resource, before, after model.Record) error {
	op := Update
	switch {
	case before == nil:
		op = Create
	case after == nil:
		op = Delete
	}
	return authorize(ctx, g, p, op, res, before, after)
}

// authorize says whether p may do op to a record of res. before is the stored record (nil
// for a create), after the record as it would be stored (nil for a delete): both must be
// within what p may change, so nobody moves a record out of or into another's reach, and so
// must every reference the write sets (see refRules). Nobody changes a stored record they may
// not see, and a reference to one is answered as a reference to nothing, so a write tells
// nobody what a draft hides. (The API and the pages answer 404 for such a record's address
// before they ask.)
func authorize(ctx context.Context, g store.Getter, p *Principal, op Op, res *model.Resource, before, after model.Record) error {
	if err := writer(p); err != nil {
		return err
	}
	if p.Admin() {
		return nil
	}
	if before != nil {
		seen, err := maySee(ctx, g, p, res, before)
		if err != nil {
			return err
		}
		if !seen {
			return fmt.Errorf("%w: %s may not see this %s", ErrForbidden, p.Label(), res.Singular)
		}
		if err := mayChangeSide(ctx, g, p, op, res, before); err != nil {
			return err
		}
	}
	if after != nil {
		if err := checkRefs(ctx, g, p, res, before, after); err != nil {
			return err
		}
		if err := mayChangeSide(ctx, g, p, op, res, after); err != nil {
			return err
		}
	}
	if res == model.Reports && op == Update {
		// A change of a report is a move, which only both sides together tell.
		return mayMoveReport(ctx, g, p, before, after)
	}
	return nil
}

// mayChangeSide refuses a change when p may not change rec, one side of it.
func mayChangeSide(ctx context.Context, g store.Getter, p *Principal, op Op, res *model.Resource, rec model.Record) error {
	ok, err := mayChange(ctx, g, p, op, res, rec)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: %s may not %s this %s", ErrForbidden, p.Label(), op, res.Singular)
	}
	return nil
}

// writer refuses whoever may change nothing at all: the public, a disabled person, a
// read-only token.
func writer(p *Principal) error {
	if !p.Signed() || p.User.Disabled {
		return ErrSignIn
	}
	if p.Scope == ScopeRead {
		return fmt.Errorf("%w: the token may only read", ErrForbidden)
	}
	return nil
}

// MayWriteAny says whether p may change any record of res at all: the check made before a
// bulk write (an import) reads its input, so that nobody who could never write such a record
// makes the server read, parse and compare a file. It is MayWrite without the record:
// it allows exactly the people for whom some record of res passes mayChange. MayWrite,
// asked by the store for every record, stays the final word.
func MayWriteAny(p *Principal, res *model.Resource) error {
	if err := writer(p); err != nil {
		return err
	}
	if p.Admin() {
		return nil
	}
	ok := false
	switch res {
	case model.Organisations, model.Themes, model.Programmes, model.ReportingRounds, model.SpendFactors:
		ok = p.Secretariat()
	case model.Reports:
		ok = p.Secretariat() || p.hasAny(RoleProjectLead) // leads save and submit their projects' reports
	case model.Projects:
		ok = p.Secretariat() || p.hasAny(RoleProjectLead) // leads update the projects they lead
	case model.EmissionFactors:
		ok = p.Secretariat() || p.hasAny(RoleEditor) // national sets, and editors' local factors
	case model.ConsumptionFootprints:
		ok = p.Secretariat() || p.hasAny(RoleEditor) // the nation's and regions', and editors' own
	case model.LibraryItems:
		ok = p.Secretariat() || p.hasAny(RoleEditor) // the curators, and editors' proposals
	default:
		orgs, projects := reach(res)
		ok = (orgs && p.hasAny(RoleEditor)) || (projects && (p.Secretariat() || p.hasAny(RoleProjectLead)))
	}
	if !ok {
		return fmt.Errorf("%w: %s may not change any %s", ErrForbidden, p.Label(), res.Singular)
	}
	return nil
}

// reach says where ScopeOf can place a record of res: in organisations (whose editors change
// it) and in joint projects (whose secretariat and leads do).
func reach(res *model.Resource) (orgs, projects bool) {
	switch res {
	case model.Plans, model.EmissionTargets, model.ActivityData, model.EmissionFactors, model.ConsumptionFootprints, model.ProcurementSpend:
		return true, false
	case model.Participants:
		return false, true
	case model.Goals, model.Actions, model.Indicators, model.IndicatorValues:
		return true, true
	}
	return false, false
}

// mayChange is the rule for one side of a change.
func mayChange(ctx context.Context, g store.Getter, p *Principal, op Op, res *model.Resource, rec model.Record) (bool, error) {
	switch res {
	case model.Organisations, model.Themes, model.Programmes, model.ReportingRounds, model.SpendFactors:
		return p.Secretariat(), nil
	case model.Reports:
		return mayChangeReport(p, op), nil
	case model.LibraryItems:
		return mayChangeLibraryItem(p, rec), nil
	case model.EmissionFactors:
		// A national factor (of no organisation) is the secretariat's; a local one is its
		// organisation's editors'.
		if org := model.AsEmissionFactor(rec).OrganisationID(); org != 0 {
			return p.Has(RoleEditor, org), nil
		}
		return p.Secretariat(), nil
	case model.ConsumptionFootprints:
		return mayWriteFootprint(ctx, g, p, model.AsConsumptionFootprint(rec).OrganisationID())
	case model.IndicatorValues:
		v := model.AsIndicatorValue(rec)
		return mayWriteValue(ctx, g, p, v.IndicatorID(), v.OrganisationID())
	case model.Projects:
		if op == Update {
			leads, err := leadsOf(ctx, g, rec.ID())
			if err != nil {
				return false, err
			}
			if p.Secretariat() || p.leads(leads) {
				return true, nil
			}
			return false, nil
		}
		return p.Secretariat(), nil
	}
	sc, err := ScopeOf(ctx, g, res, rec)
	if err != nil {
		return false, err
	}
	for _, org := range sc.Orgs {
		if p.Has(RoleEditor, org) {
			return true, nil
		}
	}
	return viaProject(ctx, g, p, sc.Projects, p.leads)
}

// mayChangeLibraryItem: the secretariat curates the library and changes, publishes and
// deletes any item; an organisation's editors propose, so they change (create, edit,
// withdraw) only their own organisation's items, and only while unpublished. As both sides
// of a write are asked, an editor can neither publish a proposal nor touch a published item.
func mayChangeLibraryItem(p *Principal, rec model.Record) bool {
	if p.Secretariat() {
		return true
	}
	it := model.AsLibraryItem(rec)
	return it.Draft() && it.OrganisationID() != 0 && p.Has(RoleEditor, it.OrganisationID())
}

// mayWriteFootprint: the nation's and the regions' consumption footprints are the
// secretariat's (they stand for the municipalities without their own); any other
// organisation's is its editors'. An organisation that does not exist is nobody's: the
// store reports the reference.
func mayWriteFootprint(ctx context.Context, g store.Getter, p *Principal, org int64) (bool, error) {
	o, err := lookup(ctx, g, model.Organisations, org)
	if err != nil || o == nil {
		return false, err
	}
	switch model.AsOrganisation(o).Kind() {
	case "country", "region":
		return p.Secretariat(), nil
	}
	return p.Has(RoleEditor, org), nil
}

// viaProject reports whether p reaches a record through one of its joint projects: as the
// secretariat, or through the project's lead organisations as ok says.
func viaProject(ctx context.Context, g store.Getter, p *Principal, projects []int64, ok func(leads []int64) bool) (bool, error) {
	for _, pr := range projects {
		if p.Secretariat() {
			return true, nil
		}
		leads, err := leadsOf(ctx, g, pr)
		if err != nil {
			return false, err
		}
		if ok(leads) {
			return true, nil
		}
	}
	return false, nil
}

// leads reports whether the person is a project lead in one of the lead organisations.
func (p *Principal) leads(orgs []int64) bool {
	for _, o := range orgs {
		if p.Has(RoleProjectLead, o) {
			return true
		}
	}
	return false
}

// leads lists a project's lead organisations.
func leadsOf(ctx context.Context, g store.Getter, project int64) ([]int64, error) {
	pr, err := lookup(ctx, g, model.Projects, project)
	if err != nil || pr == nil {
		return nil, err
	}
	return model.AsProject(pr).Leads(), nil
}

// ScopeOf finds where a record belongs. A value belongs to its organisation and to its
// indicator's joint project, but who writes it is the value rule's (mayWriteValue).
func ScopeOf(ctx context.Context, g store.Getter, res *model.Resource, rec model.Record) (Scope, error) {
	var sc Scope
	addOrg := func(org int64) {
		if org != 0 {
			sc.Orgs = append(sc.Orgs, org)
		}
	}
	addProject := func(pr int64) {
		if pr != 0 {
			sc.Projects = append(sc.Projects, pr)
		}
	}
	planOrg := func(plan int64) error {
		p, err := lookup(ctx, g, model.Plans, plan)
		if p != nil {
			addOrg(model.AsPlan(p).OrganisationID())
		}
		return err
	}
	switch res {
	case model.Plans:
		addOrg(model.AsPlan(rec).OrganisationID())
	case model.EmissionTargets:
		addOrg(model.AsEmissionTarget(rec).OrganisationID())
	case model.ActivityData:
		addOrg(model.AsActivityLine(rec).OrganisationID())
	case model.EmissionFactors:
		addOrg(model.AsEmissionFactor(rec).OrganisationID())
	case model.ConsumptionFootprints:
		addOrg(model.AsConsumptionFootprint(rec).OrganisationID())
	case model.ProcurementSpend:
		addOrg(model.AsSpendLine(rec).OrganisationID())
	case model.Goals:
		gl := model.AsGoal(rec)
		if err := planOrg(gl.PlanID()); err != nil {
			return sc, err
		}
		addProject(gl.ProjectID())
	case model.Actions:
		a := model.AsAction(rec)
		if err := planOrg(a.PlanID()); err != nil {
			return sc, err
		}
		addProject(a.ProjectID())
	case model.Participants:
		addProject(model.AsParticipant(rec).ProjectID())
	case model.LibraryItems:
		addOrg(model.AsLibraryItem(rec).OrganisationID())
	case model.Indicators:
		ind := model.AsIndicator(rec)
		if err := planOrg(ind.OwnerPlanID()); err != nil {
			return sc, err
		}
		addProject(ind.OwnerProjectID())
		addOrg(ind.OwnerOrganisationID())
	case model.IndicatorValues:
		v := model.AsIndicatorValue(rec)
		addOrg(v.OrganisationID())
		i, err := lookup(ctx, g, model.Indicators, v.IndicatorID())
		if err != nil {
			return sc, err
		}
		if i != nil {
			addProject(model.AsIndicator(i).OwnerProjectID())
		}
	}
	return sc, nil
}

// View is what one reader sees of one resource, decided here once for both sides: Allows,
// the predicate for one record (a record read by its id), and Apply, the condition a list
// query carries (store's draftCondition turns it into SQL). TestDraftVisibilityAgrees holds
// the two together for every role and resource.
type View struct {
	p   *Principal
	res *model.Resource
}

// Visibility is what p sees of res. res may be nil for a view that is only applied to list
// queries over several resources (an export of many sheets): which drafts a list includes
// depends on the reader alone.
func Visibility(p *Principal, res *model.Resource) View { return View{p: p, res: res} }

// Allows reports whether the reader sees rec: a draft plan, action or library item as
// canSeeDraft says, and what belongs to a draft plan (its actions, published or not, its
// goals, the indicators it owns and their values) only when the reader sees the plan.
// Everything else is public.
func (v View) Allows(ctx context.Context, g store.Getter, rec model.Record) (bool, error) {
	return maySee(ctx, g, v.p, v.res, rec)
}

// Apply sets which drafts a list query includes (see model.ListQuery): all for
// administrators; for everybody else signed in, their own organisations' and the joint
// projects' those organisations lead, and for the secretariat every joint project's and every
// library proposal; none for the public.
func (v View) Apply(q *model.ListQuery) {
	q.AllDrafts = v.p.Admin()
	q.DraftsOf = v.p.draftOrgs()
	q.ProjectDrafts = v.p.Secretariat()
}

// maySee is View.Allows.
func maySee(ctx context.Context, g store.Getter, p *Principal, res *model.Resource, rec model.Record) (bool, error) {
	if p.Admin() {
		return true, nil
	}
	if res == model.Reports {
		return maySeeReport(ctx, g, p, rec)
	}
	if draft(res, rec) {
		if ok, err := canSeeDraft(ctx, g, p, res, rec); err != nil || !ok {
			return false, err
		}
	}
	var plan int64
	switch res {
	case model.Actions:
		plan = model.AsAction(rec).PlanID()
	case model.Goals:
		plan = model.AsGoal(rec).PlanID()
	case model.Indicators:
		plan = model.AsIndicator(rec).OwnerPlanID()
	case model.IndicatorValues:
		ind, err := lookup(ctx, g, model.Indicators, model.AsIndicatorValue(rec).IndicatorID())
		if err != nil || ind == nil {
			return err == nil, err
		}
		plan = model.AsIndicator(ind).OwnerPlanID()
	}
	if plan == 0 {
		return true, nil
	}
	pl, err := lookup(ctx, g, model.Plans, plan)
	if err != nil || pl == nil {
		return err == nil, err
	}
	return maySee(ctx, g, p, model.Plans, pl)
}

// draft reports whether rec of res is a draft: a plan, an action or a library item not yet
// published.
func draft(res *model.Resource, rec model.Record) bool {
	switch res {
	case model.Plans:
		return model.AsPlan(rec).Draft()
	case model.Actions:
		return model.AsAction(rec).Draft()
	case model.LibraryItems:
		return model.AsLibraryItem(rec).Draft()
	}
	return false
}

// lookup reads a record, or nil when there is none.
func lookup(ctx context.Context, g store.Getter, res *model.Resource, id int64) (model.Record, error) {
	if id == 0 {
		return nil, nil
	}
	rec, err := g.Get(ctx, res, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return rec, err
}

// canSeeDraft reports whether p may see a draft plan, action or library item itself (maySee
// adds the draft plan an action is in): the people of its organisation and of its plan's, the
// people of its joint project's lead organisations, the secretariat for joint projects and
// for every library proposal, and admins.
func canSeeDraft(ctx context.Context, g store.Getter, p *Principal, res *model.Resource, rec model.Record) (bool, error) {
	if !p.Signed() {
		return false, nil
	}
	if p.Admin() || (res == model.LibraryItems && p.Secretariat()) {
		return true, nil // the secretariat curates every proposal to the library
	}
	sc, err := ScopeOf(ctx, g, res, rec)
	if err != nil {
		return false, err
	}
	if res == model.Actions {
		if org := model.AsAction(rec).OrganisationID(); org != 0 {
			sc.Orgs = append(sc.Orgs, org)
		}
	}
	for _, org := range sc.Orgs {
		if p.Member(org) {
			return true, nil
		}
	}
	return viaProject(ctx, g, p, sc.Projects, func(leads []int64) bool {
		return slices.ContainsFunc(leads, p.Member)
	})
}

// draftOrgs lists the organisations whose drafts p may see in lists: every organisation p
// belongs to. Nil means all (admins); an empty list means none (the public).
func (p *Principal) draftOrgs() []int64 {
	if p.Admin() {
		return nil
	}
	out := []int64{}
	if !p.Signed() {
		return out
	}
	for _, m := range p.User.Memberships {
		if m.OrganisationID != 0 && !slices.Contains(out, m.OrganisationID) {
			out = append(out, m.OrganisationID)
		}
	}
	return out
}
