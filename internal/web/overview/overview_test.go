package overview_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/page"
	"klimaspor/internal/web/sitetest"
)

// TestOverview: the public is sent to sign in; an Albertslund editor's /mit lists
// Albertslund's actions with the stale ones first, a VIP2 indicator with no value for the
// last year and not the Energy Agency's owner_only accounts, a draft action made for the
// test and VIP2 as a project Albertslund leads; København's editor's does not show
// Albertslund's. Both languages keep the rules of every page, and each list downloads.
func TestOverview(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	// The demo was loaded just now: everything in it was updated before loaded. Wait for the
	// next second (timestamps are kept to the second), make a draft action, and set the
	// clock six months after a moment between the two, so the demo's actions are stale and
	// the new one is not.
	loaded := time.Now().UTC().Truncate(time.Second)
	time.Sleep(time.Until(loaded.Add(1100 * time.Millisecond)))
	s.Clock = func() time.Time { return loaded.Add(500*time.Millisecond).AddDate(0, 6, 0) }
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})
	plan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(alb.ID(), 10)})
	draft := sitetest.MustCreate(t, s.DB, sitetest.AsPerson(t, s.DB, editor), model.Actions, model.Record{
		"plan_id": plan.ID(), "organisation_id": alb.ID(), "title": "Overblikstestens kladde", "sector": model.Sectors[0],
		"status": "planned", "published": false})

	if f := sitetest.Fetch(t, ts.URL+"/mit", sitetest.ActDA, ""); f.Status != http.StatusSeeOther || f.Header.Get("Location") != "/log-ind?next=%2Fmit" {
		t.Errorf("the public opens /mit: %d to %q, want the sign-in page", f.Status, f.Header.Get("Location"))
	}
	f := sitetest.Fetch(t, ts.URL+"/mit", editor, "")
	if f.Status != http.StatusOK {
		t.Fatalf("/mit: %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	body := f.Body
	actions := section(t, body, "mine-indsatser")
	draftLink := `href="/indsatser/` + strconv.FormatInt(draft.ID(), 10) + `"`
	albAction := sitetest.OneOf(t, s.DB, model.Actions, map[string]string{"organisation": strconv.FormatInt(alb.ID(), 10), "status": "in_progress"})
	albLink := `href="/indsatser/` + strconv.FormatInt(albAction.ID(), 10) + `"`
	stale, fresh := strings.Index(actions, albLink), strings.Index(actions, draftLink)
	if stale < 0 || fresh < 0 || stale > fresh {
		t.Errorf("actions: Albertslund's stale action at %d, the fresh draft at %d: want both, the stale one first", stale, fresh)
	}
	if row := rowOf(actions, albLink); !strings.Contains(row, "Forældet") {
		t.Errorf("the stale action's row has no stale badge: %s", row)
	}
	if row := rowOf(actions, draftLink); strings.Contains(row, "Forældet") {
		t.Errorf("the fresh draft is called stale: %s", row)
	}
	// A VIP2 indicator with no value for Albertslund for the last year is due.
	year := s.Now().In(page.DanishTime).Year() - 1
	vip2 := sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": "VIP2"})
	ctx := context.Background()
	inds, err := s.DB.List(ctx, model.Indicators, model.ListQuery{Filters: map[string]string{"project": strconv.FormatInt(vip2.ID(), 10)}, Limit: store.MaxLimit})
	if err != nil || len(inds.Items) == 0 {
		t.Fatalf("VIP2's indicators: %v", err)
	}
	due := ""
	for _, ind := range model.AsIndicators(inds.Items) {
		vals, err := s.DB.List(ctx, model.IndicatorValues, model.ListQuery{Limit: store.MaxLimit, Filters: map[string]string{
			"indicator": strconv.FormatInt(ind.ID(), 10), "organisation": strconv.FormatInt(alb.ID(), 10),
			"from": strconv.Itoa(year), "to": strconv.Itoa(year)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(vals.Items) == 0 && !ind.OwnerOnly() {
			due = ind.Code()
			break
		}
	}
	if due == "" {
		t.Fatalf("every VIP2 indicator has Albertslund's value for %d: the test needs one without", year)
	}
	dueList := section(t, body, "mine-noegletal")
	if !strings.Contains(dueList, `href="/noegletal/`+due+`/vaerdier/ny"`) {
		t.Errorf("VIP2's indicator %s is not listed as due", due)
	}
	if strings.Contains(dueList, "/noegletal/"+model.IndicatorCO2eTotal+"\"") {
		t.Error("the Energy Agency's owner_only accounts are listed as due")
	}
	if d := section(t, body, "mine-kladder"); !strings.Contains(d, draftLink) {
		t.Error("the draft action is not among the drafts")
	}
	if p := section(t, body, "mine-projekter"); !strings.Contains(p, `href="/projekter/VIP2"`) {
		t.Error("VIP2, which Albertslund leads, is not among the projects")
	}
	for _, list := range []string{"mine-indsatser", "mine-noegletal", "mine-kladder", "mine-projekter"} {
		x := sitetest.Fetch(t, ts.URL+"/mit?eksport="+list+"&format=csv", editor, "")
		if x.Status != http.StatusOK || !strings.HasPrefix(x.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("export %s: %d %s", list, x.Status, x.Header.Get("Content-Type"))
		}
		if list == "mine-indsatser" && !strings.Contains(x.Body, "Overblikstestens kladde") {
			t.Error("the actions' file lacks the draft")
		}
	}

	en := map[string]string{"Accept-Language": "en", "Cookie": editor["Cookie"]}
	fe := sitetest.Fetch(t, ts.URL+"/mit", en, "")
	if fe.Status != http.StatusOK || !strings.Contains(fe.Body, "My overview") || !strings.Contains(fe.Body, "Stale") {
		t.Errorf("/mit in English: %d", fe.Status)
	}
	sitetest.CheckPage(t, fe, "en")

	other := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	before := s.DB.ReadCount()
	fk := sitetest.Fetch(t, ts.URL+"/mit", other, "")
	kbhReads := s.DB.ReadCount() - before
	before = s.DB.ReadCount()
	sitetest.Fetch(t, ts.URL+"/mit", editor, "")
	albReads := s.DB.ReadCount() - before
	t.Logf("reads: København %d, Albertslund %d", kbhReads, albReads)
	// A handful of queries, never one per row: København has many more actions and
	// indicators than Albertslund, and the page reads as often for it.
	if kbhReads > 15 || kbhReads != albReads {
		t.Errorf("/mit ran %d queries for København and %d for Albertslund: want a fixed handful", kbhReads, albReads)
	}
	if fk.Status != http.StatusOK {
		t.Fatalf("København's /mit: %d", fk.Status)
	}
	for _, leak := range []string{draftLink, albLink, "Overblikstestens kladde", `href="/projekter/VIP2"`} {
		if strings.Contains(fk.Body, leak) {
			t.Errorf("København's editor's overview shows Albertslund's %s", leak)
		}
	}
}

// section is the page's section headed by the heading with id.
func section(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `<h2 id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no section %s", id)
	}
	j := strings.Index(body[i:], "</section>")
	return body[i : i+j]
}

// rowOf is the table row that holds s.
func rowOf(body, s string) string {
	i := strings.Index(body, s)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<tr>")
	end := strings.Index(body[i:], "</tr>")
	return body[start : i+end]
}
