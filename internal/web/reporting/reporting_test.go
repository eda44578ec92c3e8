package reporting_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// fixture is a programme of two joint projects with a round open on it, and the people who
// stand in every relation to the first project's report.
type fixture struct {
	db       *store.DB
	srv      *web.Server
	url      string
	round    model.Record
	report   model.Record // VIP2's report: Albertslund leads, København takes part
	other    model.Record // VIP3's report: Glostrup leads
	goals    []int64
	action   int64
	ind      int64
	project  model.Record
	people   map[string]map[string]string // browser headers by relation
	personas []string                     // the relations in a fixed order
}

// The relations the permission tests walk.
const (
	public      = "public"
	participant = "participant" // a viewer of København, which takes part in VIP2
	otherLead   = "other lead"  // the project lead of Glostrup, which leads VIP3 only
	lead        = "lead"        // the project lead of Albertslund, which leads VIP2
	secretariat = "secretariat"
)

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	sys := context.Background()
	mk := func(res *model.Resource, r model.Record) model.Record {
		t.Helper()
		out, err := db.Create(sys, res, r)
		if err != nil {
			t.Fatalf("create %s %v: %v", res.Name, r, err)
		}
		return out
	}
	kbh := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"}).ID()
	alb := mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund"}).ID()
	glo := mk(model.Organisations, model.Record{"kind": "municipality", "code": "161", "name_da": "Glostrup"}).ID()
	prog := mk(model.Programmes, model.Record{"code": "VIP", "name_da": "Klimasamarbejdet VIP"}).ID()
	f := &fixture{db: db, people: map[string]map[string]string{}}
	f.project = mk(model.Projects, model.Record{"programme_id": prog, "code": "VIP2", "name_da": "Mindre madspild"})
	vip := f.project.ID()
	vip3 := mk(model.Projects, model.Record{"programme_id": prog, "code": "VIP3", "name_da": "Grøn transport"}).ID()
	mk(model.Participants, model.Record{"project_id": vip, "organisation_id": alb, "role": "member", "lead": true})
	mk(model.Participants, model.Record{"project_id": vip, "organisation_id": kbh, "role": "member"})
	mk(model.Participants, model.Record{"project_id": vip3, "organisation_id": glo, "role": "member", "lead": true})
	for _, g := range []string{"Halvér madspildet i kantinerne", "Fælles indkøbsaftale"} {
		f.goals = append(f.goals, mk(model.Goals, model.Record{"project_id": vip, "text_da": g}).ID())
	}
	f.action = mk(model.Actions, model.Record{"project_id": vip, "title": "Kortlægning af madspild", "sector": model.Sectors[0],
		"organisation_id": alb, "status": "in_progress", "published": true}).ID()
	f.ind = mk(model.Indicators, model.Record{"code": "vip2-kantiner", "name_da": "Kantiner med måling", "unit": "antal",
		"direction": "higher", "owner_project_id": vip}).ID()

	var err error
	f.srv, err = web.New(db, sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(f.srv.Handler())
	t.Cleanup(ts.Close)
	f.url = ts.URL
	f.people[public] = sitetest.ActDA
	f.people[participant] = sitetest.SignedIn(t, db, f.srv.Sessions, "da", store.Membership{OrganisationID: kbh, Role: auth.RoleViewer})
	f.people[otherLead] = sitetest.SignedIn(t, db, f.srv.Sessions, "da", store.Membership{OrganisationID: glo, Role: auth.RoleProjectLead})
	f.people[lead] = sitetest.SignedIn(t, db, f.srv.Sessions, "da", store.Membership{OrganisationID: alb, Role: auth.RoleProjectLead})
	f.people[secretariat] = sitetest.SignedIn(t, db, f.srv.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
	f.personas = []string{public, participant, otherLead, lead, secretariat}

	f.round, err = db.Create(sitetest.AsPerson(t, db, f.people[secretariat]), model.ReportingRounds, model.Record{
		"programme_id": prog, "name_da": "Efterår 2022", "kind": "regular", "opens_on": "2022-10-01", "deadline": "2022-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	reps, err := db.List(sys, model.Reports, model.ListQuery{Filters: map[string]string{"round": itoa(f.round.ID())}, AllDrafts: true, Limit: 10})
	if err != nil || len(reps.Items) != 2 {
		t.Fatalf("the round's reports: %v %v", reps, err)
	}
	for _, r := range reps.Items {
		if model.AsReport(r).ProjectID() == vip {
			f.report = r
		} else {
			f.other = r
		}
	}
	return f
}

// withLang is a browser's headers h in another language.
func withLang(h map[string]string, lang string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	out["Accept-Language"] = lang
	return out
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func (f *fixture) reportURL(suffix string) string {
	return f.url + "/rapportering/rapporter/" + itoa(f.report.ID()) + suffix
}

// current is the report as stored now.
func (f *fixture) current(t *testing.T) model.Report {
	t.Helper()
	rec, err := f.db.Get(context.Background(), model.Reports, f.report.ID())
	if err != nil {
		t.Fatal(err)
	}
	return model.AsReport(rec)
}

// filled is a complete answer to the standard form in the fill form's fields, Danish style.
func (f *fixture) filled(version int64, action string) url.Values {
	v := url.Values{"version": {itoa(version)}, "handling": {action}}
	for i, g := range f.goals {
		v.Set("q.goals."+itoa(g)+".lys", []string{"on_track", "at_risk"}[i])
		v.Set("q.goals."+itoa(g)+".forklaring", "Forklaring "+itoa(int64(i+1)))
	}
	v.Set("q.activities."+itoa(f.action)+".lys", "done")
	v.Set("q.status", "Godt i gang med kortlægningen.")
	v.Set("q.values."+itoa(f.ind), "12,5")
	return v
}

// eachEngine runs fn on a fresh fixture of each engine.
func eachEngine(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, setup(t, storetest.Open(t, engine)))
		})
	}
}

// TestPagesRender: every page renders in both languages and keeps the rules of every page.
func TestPagesRender(t *testing.T) {
	f := setup(t, storetest.Open(t, "sqlite"))
	for _, path := range []string{"/rapportering", "/rapportering/runder/" + itoa(f.round.ID()), "/rapportering/rapporter/" + itoa(f.report.ID()),
		"/rapportering/rapporter/" + itoa(f.report.ID()) + "/udfyld", "/rapportering/rapporter/" + itoa(f.report.ID()) + "/versioner", "/rapportering/runder/ny"} {
		for _, lang := range []string{"da", "en"} {
			h := withLang(f.people[secretariat], lang)
			got := sitetest.Fetch(t, f.url+path, h, "")
			if got.Status != http.StatusOK {
				t.Errorf("GET %s (%s): %d\n%s", path, lang, got.Status, got.Body)
				continue
			}
			sitetest.CheckPage(t, got, lang)
		}
	}
}
