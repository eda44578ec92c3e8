package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// The authorization matrix: every write route of the API (create, update, delete and import
// of every resource) crossed with every role. Each call is either allowed, or refused with 401
// (no valid token) or 403 (not allowed) and then the database is exactly as before: its data
// version, which every committed write raises, and its audit trail are unchanged. Then every
// read route is read by every role, and a draft appears only for those who may see it.

// matrixRole is one way to call the API.
type matrixRole struct {
	name  string
	token string // "" for the public
}

// Who may change what, for the targets the test picks (see targets below): by resource, the
// roles allowed to create, update and delete. A project's leads may update it, but only the
// secretariat makes or removes projects.
var allowed = map[string]map[string][]string{
	"organisations":    {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat"}, "delete": {"admin", "secretariat"}},
	"themes":           {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat"}, "delete": {"admin", "secretariat"}},
	"programmes":       {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat"}, "delete": {"admin", "secretariat"}},
	"projects":         {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat", "lead Albertslund"}, "delete": {"admin", "secretariat"}},
	"participants":     {"create": {"admin", "secretariat", "lead Albertslund"}, "update": {"admin", "secretariat", "lead Albertslund"}, "delete": {"admin", "secretariat", "lead Albertslund"}},
	"plans":            {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	"goals":            {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	"actions":          {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	"indicators":       {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	"indicator-values": {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	// Rounds are the secretariat's; it makes and removes reports (a round opens them), and the
	// leads of the project save them (the target is VIP2's report, which Albertslund leads).
	"reporting-rounds": {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat"}, "delete": {"admin", "secretariat"}},
	"reports":          {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat", "lead Albertslund"}, "delete": {"admin", "secretariat"}},
	"emission-targets": {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	"activity-data":    {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	// The target is a national factor: the secretariat's (an editor sets local ones only).
	"emission-factors": {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat"}, "delete": {"admin", "secretariat"}},
	// The target is Copenhagen's own footprint (the nation's is the secretariat's).
	"consumption-footprints": {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	// The procurement footprint: spend is the municipality's editors', factors the secretariat's.
	"procurement-spend": {"create": {"admin", "editor København"}, "update": {"admin", "editor København"}, "delete": {"admin", "editor København"}},
	"spend-factors":     {"create": {"admin", "secretariat"}, "update": {"admin", "secretariat"}, "delete": {"admin", "secretariat"}},
	// The library: the target is Copenhagen's unpublished proposal, which its editors may
	// change and the secretariat curates.
	"library-items": {"create": {"admin", "secretariat", "editor København"}, "update": {"admin", "secretariat", "editor København"}, "delete": {"admin", "secretariat", "editor København"}},
}

// seesLibraryProposal is who sees Copenhagen's unpublished library proposal: its people, the
// secretariat, who curates the library, and the administrators.
var seesLibraryProposal = []string{"admin", "read-only admin token", "secretariat", "editor København", "viewer København"}

// seesReport is who sees VIP2's report before it is approved: the secretariat, the people
// of Albertslund (which leads VIP2) and the administrators.
var seesReport = []string{"admin", "read-only admin token", "secretariat", "editor Albertslund", "lead Albertslund"}

// importAllowed is who may import the target row of each kind: an update of an existing
// record, or (actions, which have no key) a new action in Copenhagen's plan.
var importAllowed = map[string][]string{
	"organisations": {"admin", "secretariat"}, "themes": {"admin", "secretariat"}, "programmes": {"admin", "secretariat"},
	"projects": {"admin", "secretariat", "lead Albertslund"}, "plans": {"admin", "editor København"},
	"actions": {"admin", "editor København"}, "indicators": {"admin", "editor København"}, "indicator-values": {"admin", "editor København"},
}

// seesDrafts is who sees Copenhagen's drafts: its people and the administrators.
var seesDrafts = []string{"admin", "read-only admin token", "editor København", "viewer København"}

func TestAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, f := newMatrixFixture(t, db)
		kbh, kbhPlan, vip, vip2, roles := f.kbh, f.kbhPlan, f.vip, f.vip2, f.roles
		admin := roles[2].token
		n := 0
		// body is a new record of res in the targets' scope, unique on every call.
		body := func(res string) string {
			n++
			switch res {
			case "organisations":
				return fmt.Sprintf(`{"kind":"partner","code":"MX%d","name_da":"Matrix %d"}`, n, n)
			case "themes":
				return fmt.Sprintf(`{"code":"matrix-%d","name_da":"Matrix %d"}`, n, n)
			case "programmes":
				return fmt.Sprintf(`{"code":"MXP%d","name_da":"Matrix %d"}`, n, n)
			case "projects":
				return fmt.Sprintf(`{"programme_id":%d,"code":"MXJ%d","name_da":"Matrix %d"}`, vip, n, n)
			case "participants":
				org := mustCreate(t, c, admin, "organisations", fmt.Sprintf(`{"kind":"partner","code":"MXO%d","name_da":"Deltager %d"}`, n, n))
				return fmt.Sprintf(`{"project_id":%d,"organisation_id":%d,"role":"follower"}`, vip2, org)
			case "plans":
				return fmt.Sprintf(`{"code":"MXPL%d","organisation_id":%d,"kind":"other","title":"Matrix %d","status":"draft"}`, n, kbh, n)
			case "goals":
				return fmt.Sprintf(`{"plan_id":%d,"text_da":"Matrix %d"}`, kbhPlan, n)
			case "actions":
				return fmt.Sprintf(`{"plan_id":%d,"title":"Matrix %d","sector":"energy","organisation_id":%d,"status":"planned","published":true}`, kbhPlan, n, kbh)
			case "indicators":
				return fmt.Sprintf(`{"code":"mx-%d","name_da":"Matrix %d","unit":"t","direction":"lower","owner_organisation_id":%d}`, n, n, kbh)
			case "indicator-values":
				return fmt.Sprintf(`{"indicator_id":%d,"organisation_id":%d,"period":"%d","value":%d}`, kbhIndicator(t, c, admin), kbh, 1900+n, n)
			case "emission-targets":
				return fmt.Sprintf(`{"organisation_id":%d,"base_year":1990,"base_t_co2e":%d,"target_year":2030,"reduction_pct":70,"boundary":"territorial"}`, kbh, 1000+n)
			case "activity-data":
				return fmt.Sprintf(`{"organisation_id":%d,"year":2018,"sector":"energy","fuel":"natural_gas","use":"stationary","amount":%d,"unit":"GJ"}`, kbh, 1000+n)
			case "emission-factors":
				return fmt.Sprintf(`{"factor_set":"matrix","set_version":%d,"fuel":"natural_gas","gas":"CO2","value":56.1,"unit":"kg CO2/GJ","source":"IPCC 2006"}`, n)
			case "consumption-footprints":
				return fmt.Sprintf(`{"organisation_id":%d,"year":%d,"category":%q,"t_co2e_per_person":2.5,"method":"Matrix","source":"Matrix"}`, kbh, 1900+n%200, model.ConsumptionCategories[n/200%4])
			case "procurement-spend":
				return fmt.Sprintf(`{"organisation_id":%d,"year":2023,"category":"food","spend_dkk":%d}`, kbh, 1000+n)
			case "spend-factors":
				return fmt.Sprintf(`{"factor_set":"matrix%d","category":"food","kg_co2e_per_dkk":0.5,"source":"example"}`, n)
			case "library-items":
				return fmt.Sprintf(`{"title":"Matrix %d","kind":"idea","organisation_id":%d}`, n, kbh)
			case "reporting-rounds":
				return fmt.Sprintf(`{"programme_id":%d,"name_da":"Matrix %d","kind":"regular","opens_on":"2030-01-01","deadline":"2030-02-01"}`, vip, n)
			case "reports":
				// A round of a programme with no projects yet opens no reports; the project made
				// after it is the one the new report is about.
				prog := mustCreate(t, c, admin, "programmes", fmt.Sprintf(`{"code":"MXR%d","name_da":"Rapportering %d"}`, n, n))
				round := mustCreate(t, c, admin, "reporting-rounds", fmt.Sprintf(`{"programme_id":%d,"name_da":"Runde %d","kind":"regular","opens_on":"2030-01-01","deadline":"2030-02-01"}`, prog, n))
				proj := mustCreate(t, c, admin, "projects", fmt.Sprintf(`{"programme_id":%d,"code":"MXRJ%d","name_da":"Projekt %d"}`, prog, n, n))
				return fmt.Sprintf(`{"round_id":%d,"project_id":%d}`, round, proj)
			}
			t.Fatalf("no body for %s", res)
			return ""
		}
		// The targets of updates and deletes: records in the same scopes, one per resource.
		targets := map[string]int64{}
		for _, res := range model.All {
			switch res.Name {
			case "projects":
				targets[res.Name] = vip2
			case "reports":
				targets[res.Name] = reportOf(t, db, targets["reporting-rounds"], vip2)
			default:
				targets[res.Name] = mustCreate(t, c, admin, res.Name, body(res.Name))
			}
		}

		state := func() string {
			t.Helper()
			v, err := db.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			a, err := db.Audit(ctx, store.AuditQuery{Limit: 1})
			if err != nil || len(a) == 0 {
				t.Fatalf("audit: %v", err)
			}
			return fmt.Sprintf("data version %d, last audit entry %d", v, a[0].ID)
		}
		// hidden: a refused update or delete of a record the role may not see answers 404, as
		// its read does (the target plan is a draft of Copenhagen's).
		check := func(t *testing.T, role matrixRole, op, res string, may, hidden bool, call func() (int, any)) {
			t.Helper()
			before := state()
			status, answer := call()
			want := 403
			switch {
			case role.token == "":
				want = 401
			case hidden:
				want = 404
			}
			switch {
			case may && status/100 == 2:
			case may:
				t.Errorf("%s %s by %s: %d %v, want it allowed", op, res, role.name, status, answer)
			case status == want:
				if after := state(); after != before {
					t.Errorf("%s %s by %s was refused but the database changed: %s → %s", op, res, role.name, before, after)
				}
			default:
				t.Errorf("%s %s by %s: %d %v, want %d", op, res, role.name, status, answer, want)
			}
		}
		for _, res := range model.All {
			for _, role := range roles {
				t.Run(res.Name+"/"+role.name, func(t *testing.T) {
					may := func(op string) bool {
						return role.name != "public" && role.name != "read-only admin token" && slices.Contains(allowed[res.Name][op], role.name)
					}
					fresh := body(res.Name) // made before the check: it may make a record of its own
					hidden := (res == model.Plans && !slices.Contains(seesDrafts, role.name)) ||
						(res == model.Reports && !slices.Contains(seesReport, role.name)) ||
						(res == model.LibraryItems && !slices.Contains(seesLibraryProposal, role.name))
					check(t, role, "create", res.Name, may("create"), false, func() (int, any) {
						return c.do("POST", "/api/v1/"+res.Name, fresh, "Authorization", bearer(role.token))
					})
					target := targets[res.Name]
					version := currentVersion(t, db, res, target)
					check(t, role, "update", res.Name, may("update"), hidden, func() (int, any) {
						return c.do("PATCH", fmt.Sprintf("/api/v1/%s/%d", res.Name, target), fmt.Sprintf(`{"version":%d}`, version), "Authorization", bearer(role.token))
					})
					// A delete that is allowed removes a record of its own, so the targets stay.
					victim := target
					if may("delete") {
						victim = mustCreate(t, c, admin, res.Name, body(res.Name))
					}
					check(t, role, "delete", res.Name, may("delete"), hidden, func() (int, any) {
						return c.do("DELETE", fmt.Sprintf("/api/v1/%s/%d", res.Name, victim), "", "Authorization", bearer(role.token))
					})
				})
			}
		}

		// Imports: the target's row, exported by the administrator, with one cell changed.
		for kind, who := range importAllowed {
			res, _ := model.ByName(kind)
			for _, role := range roles {
				t.Run("import/"+kind+"/"+role.name, func(t *testing.T) {
					file := oneRow(t, c, admin, res, targets[kind], role.name)
					may := role.name != "public" && role.name != "read-only admin token" && slices.Contains(who, role.name)
					check(t, role, "import", kind, may, false, func() (int, any) {
						return c.do("POST", "/api/v1/"+kind+"/import", file, "Content-Type", "text/csv; charset=utf-8", "Authorization", bearer(role.token))
					})
				})
			}
		}

		// Reads: a draft plan and a draft action of Copenhagen's, and what belongs to the draft
		// plan (a published action, a goal, an indicator and its value), appear only for its
		// people and the administrators, in every list, record, export, series, sum and history;
		// a draft action of the joint project VIP2 only for the secretariat, the people of
		// Albertslund (which leads it) and the administrators.
		d := f.drafts(t, c, admin)
		draftPlan, draftAction, inDraft, draftGoal, draftInd, draftValue, projectDraft := d.plan, d.action, d.inDraft, d.goal, d.indicator, d.value, d.projectAction
		seesProjectDraft := []string{"admin", "read-only admin token", "secretariat", "editor Albertslund", "lead Albertslund"}
		proposal := mustCreate(t, c, admin, "library-items", fmt.Sprintf(`{"title":"Hemmeligt forslag","kind":"idea","organisation_id":%d}`, kbh))
		reads := []struct {
			url, marker string
			who         []string
		}{
			{"/api/v1/plans?limit=500", "Hemmelig", seesDrafts},
			{"/api/v1/actions?limit=500&organisation=" + fmt.Sprint(kbh), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/plans/%d", draftPlan), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/actions/%d", draftAction), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/actions/%d/history", draftAction), fmt.Sprintf(`"action_id":%d`, draftAction), seesDrafts},
			{fmt.Sprintf("/api/v1/actions/%d", inDraft), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/actions/%d/history", inDraft), fmt.Sprintf(`"action_id":%d`, inDraft), seesDrafts},
			{fmt.Sprintf("/api/v1/actions?plan=%d", draftPlan), "Hemmelig", seesDrafts},
			{"/api/v1/actions?limit=500&q=hemmelig", "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/goals?plan=%d", draftPlan), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/goals/%d", draftGoal), "Hemmelig", seesDrafts},
			{"/api/v1/indicators?limit=500", "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/indicators/%d", draftInd), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/indicators/%d/values", draftInd), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/indicators/%d/summary", draftInd), "2099", seesDrafts},
			{fmt.Sprintf("/api/v1/indicator-values?indicator=%d", draftInd), "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/indicator-values/%d", draftValue), "Hemmelig", seesDrafts},
			{"/api/v1/plans/export?format=csv", "Hemmelig", seesDrafts},
			{"/api/v1/actions/export?format=csv", "Hemmelig", seesDrafts},
			{"/api/v1/indicators/export?format=csv", "Hemmelig", seesDrafts},
			{"/api/v1/indicator-values/export?format=csv", "Hemmelig", seesDrafts},
			{fmt.Sprintf("/api/v1/actions/%d", projectDraft), "Projektudkast", seesProjectDraft},
			{fmt.Sprintf("/api/v1/actions?project=%d", vip2), "Projektudkast", seesProjectDraft},
			{"/api/v1/actions/export?format=csv", "Projektudkast", seesProjectDraft},
			{"/api/v1/library-items?limit=500", "Hemmeligt forslag", seesLibraryProposal},
			{"/api/v1/library-items?limit=500&kind=idea&published=false", "Hemmeligt forslag", seesLibraryProposal},
			{fmt.Sprintf("/api/v1/library-items/%d", proposal), "Hemmeligt forslag", seesLibraryProposal},
			{"/api/v1/library-items/export?format=csv", "Hemmeligt forslag", seesLibraryProposal},
		}
		for _, role := range roles {
			for _, rd := range reads {
				body := get(t, c.srv.URL+rd.url, role.token)
				if shown, want := strings.Contains(body, rd.marker), slices.Contains(rd.who, role.name); shown != want {
					t.Errorf("%s reads %s: %q shown %v, want %v", role.name, rd.url, rd.marker, shown, want)
				}
			}
		}
	})
}

// matrixFixture is the demo database's records the matrix tests aim at, and the roles they
// call the API as.
type matrixFixture struct {
	kbh, alb  int64 // the organisations København and Albertslund
	kbhPlan   int64 // a plan of København's
	vip, vip2 int64 // the programme VIP and its joint project VIP2, which Albertslund leads
	roles     []matrixRole
}

// newMatrixFixture loads the demo into db, serves the API on it, finds the records the tests
// aim at and makes a person and token for each role.
func newMatrixFixture(t *testing.T, db *store.DB) (*client, matrixFixture) {
	t.Helper()
	ctx := context.Background()
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, db)
	id := func(res *model.Resource, filters map[string]string) int64 {
		t.Helper()
		p, err := db.List(ctx, res, model.ListQuery{Filters: filters, AllDrafts: true, Limit: 1})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("no %s %v: %v", res.Name, filters, err)
		}
		return p.Items[0].ID()
	}
	var f matrixFixture
	f.kbh = id(model.Organisations, map[string]string{"code": "101"})
	f.alb = id(model.Organisations, map[string]string{"code": "165"})
	f.kbhPlan = id(model.Plans, map[string]string{"organisation": fmt.Sprint(f.kbh)})
	f.vip = id(model.Programmes, map[string]string{"code": "VIP"})
	f.vip2 = id(model.Projects, map[string]string{"code": "VIP2"})
	if pr, err := db.Get(ctx, model.Projects, f.vip2); err != nil || !slices.Contains(pr["leads"].([]int64), f.alb) {
		t.Fatalf("Albertslund does not lead VIP2 in the demo: %v", err)
	}
	f.roles = []matrixRole{
		{"public", ""},
		{"read-only admin token", newToken(t, db, "read@x.dk", auth.ScopeRead, store.Membership{Role: auth.RoleAdmin})},
		{"admin", newToken(t, db, "admin@x.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleAdmin})},
		{"secretariat", newToken(t, db, "sek@x.dk", auth.ScopeWrite, store.Membership{Role: auth.RoleSecretariat})},
		{"editor København", newToken(t, db, "kbh@x.dk", auth.ScopeWrite, store.Membership{OrganisationID: f.kbh, Role: auth.RoleEditor})},
		{"editor Albertslund", newToken(t, db, "alb@x.dk", auth.ScopeWrite, store.Membership{OrganisationID: f.alb, Role: auth.RoleEditor})},
		{"lead Albertslund", newToken(t, db, "lead@x.dk", auth.ScopeWrite, store.Membership{OrganisationID: f.alb, Role: auth.RoleProjectLead})},
		{"viewer København", newToken(t, db, "view@x.dk", auth.ScopeWrite, store.Membership{OrganisationID: f.kbh, Role: auth.RoleViewer})},
	}
	return c, f
}

// matrixDrafts are the hidden records the read checks look for.
type matrixDrafts struct {
	plan          int64 // a draft plan of København's
	action        int64 // a draft action in København's published plan
	inDraft       int64 // a published action in the draft plan
	goal          int64 // a goal of the draft plan
	indicator     int64 // an indicator the draft plan owns
	value         int64 // a value of that indicator
	projectAction int64 // a draft action of the joint project VIP2, Albertslund's
}

// drafts makes the hidden records as the administrator.
func (f matrixFixture) drafts(t *testing.T, c *client, admin string) matrixDrafts {
	t.Helper()
	var d matrixDrafts
	d.plan = mustCreate(t, c, admin, "plans", fmt.Sprintf(`{"code":"HEMMELIG","organisation_id":%d,"kind":"other","title":"Hemmelig plan","status":"draft"}`, f.kbh))
	d.action = mustCreate(t, c, admin, "actions", fmt.Sprintf(`{"plan_id":%d,"title":"Hemmelig indsats","sector":"energy","organisation_id":%d,"status":"planned"}`, f.kbhPlan, f.kbh))
	d.inDraft = mustCreate(t, c, admin, "actions", fmt.Sprintf(`{"plan_id":%d,"title":"Hemmelig offentliggjort indsats","sector":"energy","organisation_id":%d,"status":"planned","published":true}`, d.plan, f.kbh))
	d.goal = mustCreate(t, c, admin, "goals", fmt.Sprintf(`{"plan_id":%d,"text_da":"Hemmeligt mål"}`, d.plan))
	d.indicator = mustCreate(t, c, admin, "indicators", fmt.Sprintf(`{"code":"hemmelig","name_da":"Hemmeligt nøgletal","unit":"t","direction":"lower","owner_plan_id":%d}`, d.plan))
	d.value = mustCreate(t, c, admin, "indicator-values", fmt.Sprintf(`{"indicator_id":%d,"organisation_id":%d,"period":"2099","value":1,"source":"Hemmelig kilde"}`, d.indicator, f.kbh))
	d.projectAction = mustCreate(t, c, admin, "actions", fmt.Sprintf(`{"project_id":%d,"title":"Projektudkast","sector":"energy","organisation_id":%d,"status":"planned"}`, f.vip2, f.alb))
	return d
}

// mustCreate makes a record through the API as the token's person and returns its id.
func mustCreate(t *testing.T, c *client, token, res, body string) int64 {
	t.Helper()
	status, v := c.do("POST", "/api/v1/"+res, body, "Authorization", "Bearer "+token)
	if status != 201 {
		t.Fatalf("create %s %s: %d %v", res, body, status, v)
	}
	return int64(v.(map[string]any)["id"].(float64))
}

var matrixIndicator = map[*client]int64{}

// kbhIndicator is an indicator Copenhagen owns, made once per server.
func kbhIndicator(t *testing.T, c *client, admin string) int64 {
	if id, ok := matrixIndicator[c]; ok {
		return id
	}
	_, v := c.do("GET", "/api/v1/organisations?code=101", "")
	kbh := v.(map[string]any)["items"].([]any)[0].(map[string]any)["id"]
	id := mustCreate(t, c, admin, "indicators", fmt.Sprintf(`{"code":"mx-values","name_da":"Matrixværdier","unit":"t","direction":"lower","owner_organisation_id":%v}`, kbh))
	matrixIndicator[c] = id
	return id
}

func currentVersion(t *testing.T, db *store.DB, res *model.Resource, id int64) int64 {
	t.Helper()
	r, err := db.Get(context.Background(), res, id)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := r.Int("version")
	return v
}

// oneRow is a CSV with the header and the row of one record, exported by the
// administrator, with its source (or English name) changed so that importing it writes.
func oneRow(t *testing.T, c *client, admin string, res *model.Resource, id int64, mark string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", c.srv.URL+"/api/v1/"+res.Name+"/export?format=csv", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("export %s: %v", res.Name, err)
	}
	rec, err := c.getRecord(res, id, admin)
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	col := -1
	for _, name := range []string{"kilde", "navn_en"} {
		if i := slices.Index(header, name); i >= 0 {
			col = i
			break
		}
	}
	if col < 0 {
		t.Fatalf("%s has no column to change", res.Name)
	}
	// The target's row: the one whose key (or, for actions and values, title or value) matches.
	var row []string
	for _, candidate := range rows[1:] {
		if matches(res, header, candidate, rec) {
			row = candidate
			break
		}
	}
	if row == nil {
		t.Fatalf("the export of %s has no row for %d", res.Name, id)
	}
	row = slices.Clone(row)
	row[col] = "Ændret ved import af " + mark
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Comma = ';'
	w.Write(header)
	w.Write(row)
	w.Flush()
	return out.String()
}

func matches(res *model.Resource, header, row []string, rec map[string]any) bool {
	cell := func(name string) string {
		if i := slices.Index(header, name); i >= 0 {
			return row[i]
		}
		return ""
	}
	switch res.Name {
	case "actions":
		return cell("titel") == rec["title"]
	case "indicator-values":
		return cell("periode") == rec["period"] && cell("indikator") == "mx-values"
	}
	return cell("kode") == rec["code"]
}

// getRecord reads a record as the token's person.
func (c *client) getRecord(res *model.Resource, id int64, token string) (map[string]any, error) {
	status, v := c.do("GET", fmt.Sprintf("/api/v1/%s/%d", res.Name, id), "", "Authorization", "Bearer "+token)
	if status != 200 {
		return nil, fmt.Errorf("get %s %d: %d %v", res.Name, id, status, v)
	}
	return v.(map[string]any), nil
}

// TestValueRuleInAPI: the API answers the value rule's cases as the pages do (internal/web/form's
// TestValueRuleInForms holds the same table), and an import obeys the same rule, all or
// nothing. An Albertslund editor reports Albertslund's value on an indicator of VIP2, which
// Albertslund takes part in, and on one its region owns; not København's value, and not on
// the Energy Agency's owner_only accounts (issue 10: the API took that one).
func TestValueRuleInAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, f := newMatrixFixture(t, db)
		admin, editor := f.roles[2].token, f.roles[5].token
		id := func(res *model.Resource, filters map[string]string) int64 {
			t.Helper()
			p, err := db.List(ctx, res, model.ListQuery{Filters: filters, Limit: 1})
			if err != nil || len(p.Items) == 0 {
				t.Fatalf("no %s %v: %v", res.Name, filters, err)
			}
			return p.Items[0].ID()
		}
		region := id(model.Organisations, map[string]string{"code": "1084"})
		vipInd := id(model.Indicators, map[string]string{"project": fmt.Sprint(f.vip2)})
		inds := map[string]int64{
			"vip2":   vipInd,
			"region": mustCreate(t, c, admin, "indicators", fmt.Sprintf(`{"code":"mx-region","name_da":"Regionens","unit":"t","direction":"lower","owner_organisation_id":%d}`, region)),
			"co2e":   id(model.Indicators, map[string]string{"code": model.IndicatorCO2eTotal}),
		}
		orgs := map[string]int64{"165": f.alb, "101": f.kbh}
		for _, tc := range []struct {
			name, ind, org, period string
			allowed                bool
		}{
			{"own value on a joint project's indicator", "vip2", "165", "2041", true},
			{"own value on the region's indicator", "region", "165", "2041", true},
			{"another organisation's value", "vip2", "101", "2042", false},
			{"own value on an owner_only indicator", "co2e", "165", "2030", false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, v := c.do("POST", "/api/v1/indicator-values", fmt.Sprintf(`{"indicator_id":%d,"organisation_id":%d,"period":"%s","value":12}`,
					inds[tc.ind], orgs[tc.org], tc.period), "Authorization", bearer(editor))
				if want := map[bool]int{true: 201, false: 403}[tc.allowed]; status != want {
					t.Errorf("POST: %d %v, want %d", status, v, want)
				}
			})
		}
		// An import with one row the editor may write and one they may not is refused whole.
		count := func() int {
			p, err := db.List(ctx, model.IndicatorValues, model.ListQuery{Filters: map[string]string{"indicator": fmt.Sprint(vipInd)}, Limit: store.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Items)
		}
		code := func(res *model.Resource, id int64) string {
			rec, err := db.Get(ctx, res, id)
			if err != nil {
				t.Fatal(err)
			}
			return rec.Str(res.Key)
		}
		before := count()
		own := "indikator;organisation;periode;vaerdi\n" + code(model.Indicators, vipInd) + ";165;2043;1\n"
		for name, row := range map[string]string{
			"København's value":                        code(model.Indicators, vipInd) + ";101;2043;1\n",
			"Albertslund's value of an owner_only one": model.IndicatorCO2eTotal + ";165;2030;1\n",
		} {
			status, v := c.do("POST", "/api/v1/indicator-values/import", own+row, "Content-Type", "text/csv; charset=utf-8", "Authorization", bearer(editor))
			if status != 403 || count() != before {
				t.Errorf("an import with %s: %d %v, %d values (were %d); want 403 and none", name, status, v, count(), before)
			}
		}
		file := own
		if status, v := c.do("POST", "/api/v1/indicator-values/import", file, "Content-Type", "text/csv; charset=utf-8", "Authorization", bearer(editor)); status != 200 || count() != before+1 {
			t.Errorf("an import of Albertslund's own value: %d %v, %d values (were %d); want 200 and one more", status, v, count(), before)
		}
	})
}

// reportOf is the id of the project's report in the round, which the round opened.
func reportOf(t *testing.T, db *store.DB, round, project int64) int64 {
	t.Helper()
	p, err := db.List(context.Background(), model.Reports, model.ListQuery{Filters: map[string]string{"round": fmt.Sprint(round), "project": fmt.Sprint(project)}, AllDrafts: true, Limit: 1})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("no report of project %d in round %d: %v", project, round, err)
	}
	return p.Items[0].ID()
}
