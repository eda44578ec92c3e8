package remind_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/mail"
	"klimaspor/internal/mail/mailtest"
	"klimaspor/internal/model"
	"klimaspor/internal/remind"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

const base = "https://klimaspor.example.dk"

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// twoServers opens one fresh database of the engine twice, as two app servers would.
func twoServers(t *testing.T, engine string) (*store.DB, *store.DB) {
	t.Helper()
	ctx := context.Background()
	cfg := storetest.NewConfig(t, engine)
	open := func() *store.DB {
		db, err := store.Open(ctx, cfg)
		if err != nil {
			t.Fatalf("open %s: %v", engine, err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a := open()
	if err := a.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return a, open()
}

// fixture is a programme with four projects in one round: VIP1 led by Albertslund
// (two project leads, one reading English, and a viewer), VIP2, VIP3 and VIP4 led by
// København, of which VIP3 is submitted and VIP4 approved. Glostrup takes part in VIP1
// without leading it.
type fixture struct {
	round                  int64
	reports                map[string]int64 // by project code
	anna, bo, carl, sec    string           // e-mail addresses
	roundName, roundNameEN string
}

func seed(t *testing.T, db *store.DB) fixture {
	t.Helper()
	sys := context.Background()
	mk := func(res *model.Resource, r model.Record) int64 {
		t.Helper()
		out, err := db.Create(sys, res, r)
		if err != nil {
			t.Fatalf("create %s %v: %v", res.Name, r, err)
		}
		return out.ID()
	}
	alb := mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund"})
	kbh := mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
	glo := mk(model.Organisations, model.Record{"kind": "municipality", "code": "161", "name_da": "Glostrup"})
	prog := mk(model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
	projects := map[string]int64{}
	for _, p := range []struct{ code, da, en string }{{"VIP1", "Madspild", "Food waste"}, {"VIP2", "Transport", ""}, {"VIP3", "Energi", ""}, {"VIP4", "Vand", ""}} {
		r := model.Record{"programme_id": prog, "code": p.code, "name_da": p.da}
		if p.en != "" {
			r["name_en"] = p.en
		}
		projects[p.code] = mk(model.Projects, r)
	}
	mk(model.Participants, model.Record{"project_id": projects["VIP1"], "organisation_id": alb, "role": "member", "lead": true})
	mk(model.Participants, model.Record{"project_id": projects["VIP1"], "organisation_id": glo, "role": "member"})
	for _, c := range []string{"VIP2", "VIP3", "VIP4"} {
		mk(model.Participants, model.Record{"project_id": projects[c], "organisation_id": kbh, "role": "member", "lead": true})
	}
	f := fixture{anna: "anna@alb.dk", bo: "bo@alb.dk", carl: "carl@kbh.dk", sec: "sekretariat@vip.dk",
		roundName: "Efterår 2026", roundNameEN: "Autumn 2026", reports: map[string]int64{}}
	users := []store.User{
		{Email: f.anna, Name: "Anna", Language: "en", Memberships: []store.Membership{{OrganisationID: alb, Role: "project_lead"}}},
		{Email: f.bo, Name: "Bo", Memberships: []store.Membership{{OrganisationID: alb, Role: "project_lead"}}},
		{Email: "vera@alb.dk", Name: "Vera", Memberships: []store.Membership{{OrganisationID: alb, Role: "viewer"}}},
		{Email: "gitte@glo.dk", Name: "Gitte", Memberships: []store.Membership{{OrganisationID: glo, Role: "project_lead"}}},
		{Email: "dorte@alb.dk", Name: "Dorte", Disabled: true, Memberships: []store.Membership{{OrganisationID: alb, Role: "project_lead"}}},
		{Email: f.carl, Name: "Carl", Language: "da", Memberships: []store.Membership{{OrganisationID: kbh, Role: "project_lead"}}},
		{Email: f.sec, Name: "Sekretariatet", Memberships: []store.Membership{{Role: "secretariat"}}},
	}
	for _, u := range users {
		if _, err := db.CreateUser(sys, u); err != nil {
			t.Fatal(err)
		}
	}
	f.round = mk(model.ReportingRounds, model.Record{"programme_id": prog, "name_da": f.roundName, "name_en": f.roundNameEN,
		"kind": "regular", "opens_on": "2026-11-01", "deadline": "2026-12-18"})
	page, err := db.List(sys, model.Reports, model.ListQuery{Filters: map[string]string{"round": strconv.FormatInt(f.round, 10)}, AllDrafts: true, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		for code, id := range projects {
			if model.AsReport(it).ProjectID() == id {
				f.reports[code] = it.ID()
			}
		}
	}
	answers, err := model.CanonicalObject(map[string]any{"status": "Færdig"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"VIP3", "VIP4"} {
		id := f.reports[c]
		r, err := db.Update(sys, model.Reports, id, 1, model.Record{"answers": answers})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveReport(sys, id, r.Version(), reporting.Submit, ""); err != nil {
			t.Fatalf("submit %s: %v", c, err)
		}
	}
	if _, err := db.MoveReport(sys, f.reports["VIP4"], 0, reporting.Approve, ""); err != nil {
		t.Fatalf("approve VIP4: %v", err)
	}
	return f
}

// clock is a controllable clock, set to a time of day in Copenhagen.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) set(t *testing.T, s string) {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	c.now = tm
	c.mu.Unlock()
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// got is a received mail, as the test reads it.
type got struct {
	To, Subject string
	Body        string
}

func received(srv *mailtest.Server, from int) []got {
	var out []got
	for _, m := range srv.Messages()[from:] {
		g := got{To: strings.Join(m.To, ","), Body: m.Body}
		if m.Header != nil {
			subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
			if err != nil {
				subject = "undecodable: " + m.Header.Get("Subject")
			}
			g.Subject = subject
		}
		out = append(out, g)
	}
	return out
}

// TestReminders follows a round from its 14th day before the deadline to after it, with two
// app servers on one database, on both engines: each lead of each outstanding report gets
// the 14-day and the 3-day reminder and the overdue one, each once and in their language;
// submitted and approved reports, viewers, participants that do not lead and disabled people
// get nothing; the secretariat gets one digest a week of what is missing; a mail the SMTP
// server refuses is recorded as failed; and the round's record lists it all, newest first.
func TestReminders(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			db1, db2 := twoServers(t, engine)
			f := seed(t, db1)
			srv := mailtest.Start(t, mailtest.RejectRcpt(f.bo))
			cfg := mail.Config{Host: srv.Host(), Port: srv.Port(), From: "Klimaspor <noreply@klimaspor.dk>", TLS: mail.TLSNone, Timeout: 5 * time.Second}
			var c clock
			senders := []*remind.Sender{
				{DB: db1, Mail: mail.New(cfg, discard), BaseURL: base, Clock: c.Now, Log: discard},
				{DB: db2, Mail: mail.New(cfg, discard), BaseURL: base, Clock: c.Now, Log: discard},
			}
			ctx := context.Background()
			link := func(code string) string {
				return base + "/rapportering/rapporter/" + strconv.FormatInt(f.reports[code], 10)
			}
			roundLink := base + "/rapportering/runder/" + strconv.FormatInt(f.round, 10)

			// runBoth runs both servers at once and returns how many mails they say they sent.
			runBoth := func() int {
				var wg sync.WaitGroup
				counts := make([]int, len(senders))
				for i, s := range senders {
					wg.Add(1)
					go func() {
						defer wg.Done()
						n, err := s.RunOnce(ctx)
						if err != nil {
							t.Errorf("server %d: %v", i+1, err)
						}
						counts[i] = n
					}()
				}
				wg.Wait()
				return counts[0] + counts[1]
			}

			type mailWant struct {
				to, subject string
				body        []string // must appear
			}
			steps := []struct {
				name string
				at   string
				want []mailWant
			}{
				{name: "the 14-day reminder to each lead, in their language, and the week's digest", at: "2026-12-04 08:00", want: []mailWant{
					{to: f.anna, subject: "Reminder: status report for VIP1 Food waste due by 18 December 2026",
						body: []string{"Hello Anna", "“Autumn 2026”", "due by 18 December 2026", "It is now: Not started.", link("VIP1")}},
					{to: f.carl, subject: "Påmindelse: statusrapport for VIP2 Transport senest 18. december 2026",
						body: []string{"Hej Carl", "»Efterår 2026«", "senest 18. december 2026", "Den er nu: Ikke påbegyndt.", link("VIP2")}},
					{to: f.sec, subject: "Ugeoversigt: 2 statusrapporter mangler i »Efterår 2026«",
						body: []string{"- VIP1 Madspild: Ikke påbegyndt\n- VIP2 Transport: Ikke påbegyndt\n", "frist 18. december 2026", roundLink}},
				}},
				{name: "the same day again sends nothing", at: "2026-12-04 17:00"},
				{name: "the next day, in the same week, sends nothing", at: "2026-12-05 09:00"},
				{name: "the 3-day reminder and the next week's digest", at: "2026-12-15 09:00", want: []mailWant{
					{to: f.anna, subject: "Reminder: status report for VIP1 Food waste due by 18 December 2026"},
					{to: f.carl, subject: "Påmindelse: statusrapport for VIP2 Transport senest 18. december 2026"},
					{to: f.sec, subject: "Ugeoversigt: 2 statusrapporter mangler i »Efterår 2026«"},
				}},
				{name: "the deadline's day is no overdue", at: "2026-12-18 23:30"},
				{name: "overdue after the deadline; the digest waits for next week", at: "2026-12-19 00:30", want: []mailWant{
					{to: f.anna, subject: "Overdue: status report for VIP1 Food waste",
						body: []string{"was 18 December 2026, and the report has not been submitted", link("VIP1")}},
					{to: f.carl, subject: "Fristen er overskredet: statusrapport for VIP2 Transport",
						body: []string{"var 18. december 2026, og rapporten er ikke indsendt", link("VIP2")}},
				}},
				{name: "overdue goes once", at: "2026-12-20 10:00"},
				{name: "the digest goes on after the deadline", at: "2026-12-21 10:00", want: []mailWant{
					{to: f.sec, subject: "Ugeoversigt: 2 statusrapporter mangler i »Efterår 2026«"},
				}},
			}
			for _, st := range steps {
				c.set(t, st.at)
				before := len(srv.Messages())
				n := runBoth()
				if n != len(st.want) {
					t.Errorf("%s: the servers say they sent %d, want %d", st.name, n, len(st.want))
				}
				var msgs []got
				if len(st.want) > 0 {
					srv.WaitFor(t, before+len(st.want), 5*time.Second)
				}
				msgs = received(srv, before)
				var to, wantTo []string
				for _, m := range msgs {
					to = append(to, m.To+": "+m.Subject)
				}
				for _, w := range st.want {
					wantTo = append(wantTo, w.to+": "+w.subject)
				}
				slices.Sort(wantTo)
				slices.Sort(to)
				if d := cmp.Diff(wantTo, to); d != "" {
					t.Errorf("%s: mails (-want +got):\n%s", st.name, d)
					continue
				}
				for _, w := range st.want {
					for _, m := range msgs {
						if m.To != w.to {
							continue
						}
						for _, b := range w.body {
							if !strings.Contains(m.Body, b) {
								t.Errorf("%s: the mail to %s lacks %q:\n%s", st.name, w.to, b, m.Body)
							}
						}
					}
				}
			}

			// The record: every claim finished, Bo's refused mails failed with the server's
			// answer, the rest sent; newest first.
			list, err := db2.RoundReminders(ctx, f.round)
			if err != nil {
				t.Fatal(err)
			}
			count := map[string]int{}
			for _, r := range list {
				count[r.Email+" "+r.Kind+" "+r.State]++
				if r.State == store.ReminderFailed && !strings.Contains(r.Error, "550") {
					t.Errorf("a failed reminder's error is %q, want the server's 550", r.Error)
				}
				if r.RoundID != f.round || (r.Kind != reporting.ReminderDigest) != (r.ReportID != 0) {
					t.Errorf("reminder %+v: round or report wrong", r)
				}
			}
			wantCount := map[string]int{
				f.anna + " before sent": 2, f.anna + " overdue sent": 1,
				f.bo + " before failed": 2, f.bo + " overdue failed": 1,
				f.carl + " before sent": 2, f.carl + " overdue sent": 1,
				f.sec + " digest sent": 3,
			}
			if d := cmp.Diff(wantCount, count); d != "" {
				t.Errorf("the round's reminders (-want +got):\n%s", d)
			}
			if len(list) > 0 {
				if first, last := list[0], list[len(list)-1]; first.Kind != reporting.ReminderDigest || last.Kind == reporting.ReminderOverdue {
					t.Errorf("not newest first: first %+v, last %+v", first, last)
				}
			}
			for _, r := range list {
				if r.Kind != reporting.ReminderDigest && r.ProjectCode != "VIP1" && r.ProjectCode != "VIP2" {
					t.Errorf("a reminder for %s (report %d): only VIP1 and VIP2 are outstanding", r.ProjectCode, r.ReportID)
				}
			}
		})
	}
}

// TestRun: Run sends at once when it starts, then again every interval, and returns when its
// context ends.
func TestRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		srv := mailtest.Start(t)
		cfg := mail.Config{Host: srv.Host(), Port: srv.Port(), From: "noreply@klimaspor.dk", TLS: mail.TLSNone, Timeout: 5 * time.Second}
		var c clock
		c.set(t, "2026-12-04 08:00")
		s := &remind.Sender{DB: db, Mail: mail.New(cfg, discard), BaseURL: base, Clock: c.Now, Log: discard}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.Run(ctx, 50*time.Millisecond)
		}()
		// At start: the 14-day reminder to Anna, Bo and Carl, and the digest.
		srv.WaitFor(t, 4, 5*time.Second)
		c.set(t, "2026-12-19 08:00")
		// On a later tick: overdue to the three leads.
		msgs := srv.WaitFor(t, 7, 5*time.Second)
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return when its context ended")
		}
		var overdue []string
		for _, m := range received(srv, 4) {
			if strings.Contains(m.Subject, "Overdue") || strings.Contains(m.Subject, "overskredet") {
				overdue = append(overdue, m.To)
			}
		}
		slices.Sort(overdue)
		if d := cmp.Diff([]string{f.anna, f.bo, f.carl}, overdue); d != "" || len(msgs) < 7 {
			t.Errorf("overdue mails on a later tick (-want +got):\n%s", d)
		}
		if n := len(srv.Messages()); n != 7 {
			t.Errorf("%d mails in all, want 7", n)
		}
	})
}
