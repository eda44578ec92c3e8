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

// Guard is p's decisions as the store asks for them on every write.
func Guard(p *Principal) store.Guard {
	return func(ctx context.Context, g store.Getter, op string, res *model.Resource, before, after model.Record) error {
		return Authorize(ctx, g, p, Op(op), res, before, after)
	}
}

// Authorize says whether p may do op to a record of res. before is the stored record (nil
// for a create), after the record as it would be stored (nil for a delete): both must be
// within what p may change, so nobody moves a record out of or into another's reach, and so
// must every reference the write sets (see refRules). Nobody changes a stored record they may
// not see, and a reference to one is answered as a reference to nothing, so a write tells
// nobody what a draft hides. (The API and the pages answer 404 for such a record's address
// before they ask.)
func Authorize(ctx context.Context, g store.Getter, p *Principal, op Op, res *model.Resource, before, after model.Record) error {
	if err := writer(p); err != nil {
		return err
	}
	if p.Admin() {
		return nil
	}
	if before != nil {
		seen, err := MaySee(ctx, g, p, res, before)
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
		return mayChangeSide(ctx, g, p, op, res, after)
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

// MayWrite says whether p may change any record of res at all: the check made before a bulk
// write (an import) reads its input, so that nobody who could never write such a record
// makes the server read, parse and compare a file. It is Authorize without the record:
// it allows exactly the people for whom some record of res passes mayChange. Authorize,
// asked by the store for every record, stays the final word.
func MayWrite(p *Principal, res *model.Resource) error {
	if err := writer(p); err != nil {
		return err
	}
	if p.Admin() {
		return nil
	}
	ok := false
	switch res {
	case model.Organisations, model.Themes, model.Programmes:
		ok = p.Secretariat()
	case model.Projects:
		ok = p.Secretariat() || p.hasAny(RoleProjectLead) // leads update the projects they lead
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
	case model.Plans:
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
	case model.Organisations, model.Themes, model.Programmes:
		return p.Secretariat(), nil
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
	ids, _ := pr["leads"].([]int64)
	return ids, nil
}

// ScopeOf finds where a record belongs.
func ScopeOf(ctx context.Context, g store.Getter, res *model.Resource, rec model.Record) (Scope, error) {
	var sc Scope
	get := func(r *model.Resource, id int64) (model.Record, error) { return lookup(ctx, g, r, id) }
	planOrg := func(plan int64) error {
		p, err := get(model.Plans, plan)
		if p != nil {
			if org, ok := p.Int("organisation_id"); ok {
				sc.Orgs = append(sc.Orgs, org)
			}
		}
		return err
	}
	switch res {
	case model.Plans:
		if org, ok := rec.Int("organisation_id"); ok {
			sc.Orgs = append(sc.Orgs, org)
		}
	case model.Goals, model.Actions:
		if plan, ok := rec.Int("plan_id"); ok {
			if err := planOrg(plan); err != nil {
				return sc, err
			}
		}
		if pr, ok := rec.Int("project_id"); ok {
			sc.Projects = append(sc.Projects, pr)
		}
	case model.Participants:
		if pr, ok := rec.Int("project_id"); ok {
			sc.Projects = append(sc.Projects, pr)
		}
	case model.Indicators:
		if plan, ok := rec.Int("owner_plan_id"); ok {
			if err := planOrg(plan); err != nil {
				return sc, err
			}
		}
		if pr, ok := rec.Int("owner_project_id"); ok {
			sc.Projects = append(sc.Projects, pr)
		}
		if org, ok := rec.Int("owner_organisation_id"); ok {
			sc.Orgs = append(sc.Orgs, org)
		}
	case model.IndicatorValues:
		// An organisation reports its own values of any indicator; the owner of a project's
		// indicator may also correct its participants' values.
		if org, ok := rec.Int("organisation_id"); ok {
			sc.Orgs = append(sc.Orgs, org)
		}
		if ind, ok := rec.Int("indicator_id"); ok {
			i, err := get(model.Indicators, ind)
			if err != nil {
				return sc, err
			}
			if i != nil {
				if pr, ok := i.Int("owner_project_id"); ok {
					sc.Projects = append(sc.Projects, pr)
				}
			}
		}
	}
	return sc, nil
}

// MaySee reports whether p may see rec of res: a draft plan or action as CanSeeDraft says,
// and what belongs to a draft plan (its actions, published or not, its goals, the indicators
// it owns and their values) only when p may see the plan. Everything else is public. The
// list queries apply the same rule in SQL (store's draftCondition, from the view
// Principal.Drafts sets); TestDraftVisibilityAgrees holds the two together for every role.
func MaySee(ctx context.Context, g store.Getter, p *Principal, res *model.Resource, rec model.Record) (bool, error) {
	if p.Admin() {
		return true, nil
	}
	if pub, ok := rec["published"].(bool); ok && !pub {
		if ok, err := CanSeeDraft(ctx, g, p, res, rec); err != nil || !ok {
			return false, err
		}
	}
	var plan int64
	switch res {
	case model.Actions, model.Goals:
		plan, _ = rec.Int("plan_id")
	case model.Indicators:
		plan, _ = rec.Int("owner_plan_id")
	case model.IndicatorValues:
		id, _ := rec.Int("indicator_id")
		ind, err := lookup(ctx, g, model.Indicators, id)
		if err != nil || ind == nil {
			return err == nil, err
		}
		plan, _ = ind.Int("owner_plan_id")
	}
	if plan == 0 {
		return true, nil
	}
	pl, err := lookup(ctx, g, model.Plans, plan)
	if err != nil || pl == nil {
		return err == nil, err
	}
	return MaySee(ctx, g, p, model.Plans, pl)
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

// Drafts sets which drafts a list query for p includes (see model.ListQuery): all for
// administrators; for everybody else signed in, their own organisations' and the joint
// projects' those organisations lead, and for the secretariat every joint project's; none
// for the public.
func (p *Principal) Drafts(q *model.ListQuery) {
	q.AllDrafts = p.Admin()
	q.DraftsOf = p.DraftOrgs()
	q.ProjectDrafts = p.Secretariat()
}

// CanSeeDraft reports whether p may see a draft plan or action itself (MaySee adds the
// draft plan an action is in): the people of its organisation and of its plan's, the people
// of its joint project's lead organisations, the secretariat for joint projects, and admins.
func CanSeeDraft(ctx context.Context, g store.Getter, p *Principal, res *model.Resource, rec model.Record) (bool, error) {
	if !p.Signed() {
		return false, nil
	}
	if p.Admin() {
		return true, nil
	}
	sc, err := ScopeOf(ctx, g, res, rec)
	if err != nil {
		return false, err
	}
	if org, ok := rec.Int("organisation_id"); ok {
		sc.Orgs = append(sc.Orgs, org)
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

// DraftOrgs lists the organisations whose drafts p may see in lists: every organisation p
// belongs to. Nil means all (admins); an empty list means none (the public).
func (p *Principal) DraftOrgs() []int64 {
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
