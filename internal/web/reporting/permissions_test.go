package reporting_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// toState brings the fixture's report to a state through the store, in the lead's and the
// secretariat's names.
func (f *fixture) toState(t *testing.T, st reporting.State) {
	t.Helper()
	if st == reporting.NotStarted {
		return
	}
	leadCtx := sitetest.AsPerson(t, f.db, f.people[lead])
	secCtx := sitetest.AsPerson(t, f.db, f.people[secretariat])
	obj, err := model.CanonicalObject(map[string]any{"status": "Godt i gang", "goals": map[string]any{
		itoa(f.goals[0]): map[string]string{"light": "on_track"}, itoa(f.goals[1]): map[string]string{"light": "at_risk"}}})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.db.Update(leadCtx, model.Reports, f.report.ID(), f.report.Version(), model.Record{"answers": obj})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range map[reporting.State][]reporting.Move{reporting.Draft: nil, reporting.Submitted: {reporting.Submit},
		reporting.Returned: {reporting.Submit, reporting.Return}, reporting.Approved: {reporting.Submit, reporting.Approve}}[st] {
		ctx := secCtx
		if m == reporting.Submit {
			ctx = leadCtx
		}
		if rec, err = f.db.MoveReport(ctx, rec.ID(), rec.Version(), m, "Mere om udfordringerne"); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	}
	f.report = rec
}

// TestPagePermissions: who opens which page of a report in which state. A report the reader
// may not see answers 404 as if it were not there; the fill form answers 403 to a reader
// who sees the report but may not fill it, and 409 while its state does not allow a change;
// the public is sent to sign in where a page needs it. The round's page lists only the
// reports the reader sees, and the report's page offers only the moves the reader may make.
func TestPagePermissions(t *testing.T) {
	const signIn = http.StatusSeeOther
	cases := []struct {
		state reporting.State
		page  string              // a path below the report's, or an absolute one
		want  map[string]int      // status by relation
		shows map[string][]string // what the page must show, by relation
		hides map[string][]string // what it must not
	}{
		{reporting.Draft, "/rapportering", map[string]int{public: 200, participant: 200, otherLead: 200, lead: 200, secretariat: 200},
			map[string][]string{secretariat: {`href="/rapportering/runder/ny"`}}, map[string][]string{lead: {`href="/rapportering/runder/ny"`}, public: {`href="/rapportering/runder/ny"`}}},
		{reporting.Draft, "/rapportering/runder/ny", map[string]int{public: signIn, participant: 403, otherLead: 403, lead: 403, secretariat: 200}, nil, nil},
		{reporting.Draft, "round", map[string]int{public: 200, participant: 200, otherLead: 200, lead: 200, secretariat: 200},
			map[string][]string{lead: {"VIP2: Mindre madspild"}, secretariat: {"VIP2: Mindre madspild", "VIP3: Grøn transport"}},
			map[string][]string{public: {"VIP2: Mindre madspild"}, participant: {"VIP2: Mindre madspild"}, otherLead: {"VIP2: Mindre madspild"}}},
		{reporting.Draft, "", map[string]int{public: 404, participant: 404, otherLead: 404, lead: 200, secretariat: 200},
			map[string][]string{lead: {"/udfyld", "/indsend"}, secretariat: {"/udfyld", "/indsend"}}, map[string][]string{lead: {"/godkend", "/returner"}, secretariat: {"/godkend"}}},
		{reporting.Draft, "/udfyld", map[string]int{public: 404, participant: 404, otherLead: 404, lead: 200, secretariat: 200}, nil, nil},
		{reporting.Draft, "/versioner", map[string]int{public: 404, participant: 404, otherLead: 404, lead: 200, secretariat: 200}, nil, nil},
		{reporting.Submitted, "", map[string]int{public: 404, participant: 200, otherLead: 404, lead: 200, secretariat: 200},
			map[string][]string{secretariat: {"/godkend", "/returner"}},
			map[string][]string{participant: {"/udfyld", "/indsend", "/godkend"}, lead: {"/udfyld", "/indsend", "/godkend", "/returner"}, secretariat: {"/udfyld", "/indsend"}}},
		{reporting.Submitted, "/udfyld", map[string]int{public: 404, participant: 403, otherLead: 404, lead: 409, secretariat: 409}, nil, nil},
		{reporting.Submitted, "/versioner", map[string]int{public: 404, participant: 200, otherLead: 404, lead: 200, secretariat: 200}, nil, nil},
		{reporting.Returned, "", map[string]int{public: 404, participant: 404, otherLead: 404, lead: 200, secretariat: 200},
			map[string][]string{lead: {"Mere om udfordringerne", "/udfyld", "/indsend"}}, map[string][]string{lead: {"/godkend"}}},
		{reporting.Approved, "", map[string]int{public: 200, participant: 200, otherLead: 200, lead: 200, secretariat: 200},
			nil, map[string][]string{public: {"/udfyld", "/indsend", "/godkend", "/returner"}, lead: {"/udfyld"}, secretariat: {"/udfyld", "/godkend", "/returner"}}},
		{reporting.Approved, "/udfyld", map[string]int{public: signIn, participant: 403, otherLead: 403, lead: 409, secretariat: 409}, nil, nil},
	}
	f := setup(t, storetest.Open(t, "sqlite"))
	state := reporting.NotStarted
	for _, c := range cases {
		if c.state != state {
			f = setup(t, storetest.Open(t, "sqlite"))
			f.toState(t, c.state)
			state = c.state
		}
		path := c.page
		switch {
		case path == "round":
			path = "/rapportering/runder/" + itoa(f.round.ID())
		case !strings.HasPrefix(path, "/rapportering"):
			path = f.path(path)
		}
		for _, who := range f.personas {
			t.Run(string(c.state)+" "+c.page+" "+who, func(t *testing.T) {
				got := sitetest.Fetch(t, f.url+path, f.people[who], "")
				if got.Status != c.want[who] {
					t.Fatalf("GET %s: %d, want %d", path, got.Status, c.want[who])
				}
				if got.Status == signIn && !strings.HasPrefix(got.Header.Get("Location"), "/log-ind?next=") {
					t.Errorf("the public is sent to %q, want the sign-in page", got.Header.Get("Location"))
				}
				body := mainOf(got.Body)
				for _, s := range c.shows[who] {
					if !strings.Contains(body, s) {
						t.Errorf("the page lacks %q", s)
					}
				}
				for _, s := range c.hides[who] {
					if strings.Contains(body, s) {
						t.Errorf("the page shows %q", s)
					}
				}
			})
		}
	}
}

// TestMovePermissions: each move by each relation, from the state named: a person who may
// not see the report gets 404, one who may not make the move 403 with the reason on the
// report's page, a state that does not allow it 409, a return without a comment and a
// submission that lacks answers 422; the report is unchanged by every refusal. The public
// cannot reach a draft at all.
func TestMovePermissions(t *testing.T) {
	cases := []struct {
		state   reporting.State
		move    string // the path's last part
		comment string
		want    map[string]int
		after   reporting.State // the state after the success, for the relations that succeed
	}{
		{reporting.Draft, "/indsend", "", map[string]int{public: 404, participant: 404, otherLead: 404, lead: 303, secretariat: 303}, reporting.Submitted},
		{reporting.Draft, "/godkend", "", map[string]int{public: 404, participant: 404, otherLead: 404, lead: 403, secretariat: 409}, ""},
		{reporting.Draft, "/returner", "Mere", map[string]int{public: 404, participant: 404, otherLead: 404, lead: 403, secretariat: 409}, ""},
		{reporting.Submitted, "/indsend", "", map[string]int{public: 404, participant: 403, otherLead: 404, lead: 409, secretariat: 409}, ""},
		{reporting.Submitted, "/returner", "", map[string]int{public: 404, participant: 403, otherLead: 404, lead: 403, secretariat: 422}, ""},
		{reporting.Submitted, "/returner", "Mere", map[string]int{public: 404, participant: 403, otherLead: 404, lead: 403, secretariat: 303}, reporting.Returned},
		{reporting.Submitted, "/godkend", "", map[string]int{public: 404, participant: 403, otherLead: 404, lead: 403, secretariat: 303}, reporting.Approved},
		{reporting.Approved, "/returner", "Mere", map[string]int{public: 303, participant: 403, otherLead: 403, lead: 403, secretariat: 409}, ""},
		{reporting.Approved, "/udfyld", "", map[string]int{public: 303, participant: 403, otherLead: 403, lead: 409, secretariat: 409}, ""},
	}
	for _, c := range cases {
		for _, who := range []string{public, participant, otherLead, lead, secretariat} {
			name := string(c.state) + c.move + " " + who
			if c.comment == "" && c.move == "/returner" {
				name += " without a comment"
			}
			t.Run(name, func(t *testing.T) {
				f := setup(t, storetest.Open(t, "sqlite"))
				f.toState(t, c.state)
				form := url.Values{"version": {itoa(f.report.Version())}, "kommentar": {c.comment}}
				got := sitetest.PostForm(t, f.reportURL(c.move), form, f.people[who])
				if got.Status != c.want[who] {
					t.Fatalf("POST %s: %d, want %d\n%s", c.move, got.Status, c.want[who], mainOf(got.Body))
				}
				rep := f.current(t)
				switch got.Status {
				case http.StatusSeeOther:
					if who == public {
						if !strings.HasPrefix(got.Header.Get("Location"), "/log-ind") {
							t.Errorf("the public is sent to %q", got.Header.Get("Location"))
						}
					} else if rep.State() != string(c.after) {
						t.Errorf("after the move the report is %s, want %s", rep.State(), c.after)
					}
				case http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity:
					if !strings.Contains(got.Body, `role="alert"`) {
						t.Errorf("the refusal says nothing:\n%s", mainOf(got.Body))
					}
				}
				if got.Status != http.StatusSeeOther || who == public {
					if rep.Version() != f.report.Version() {
						t.Errorf("a refused move changed the report (version %d, was %d)", rep.Version(), f.report.Version())
					}
				}
			})
		}
	}
}
