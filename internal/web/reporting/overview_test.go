package reporting_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/pdf"
	"klimaspor/internal/reporting"
	"klimaspor/internal/store"
	"klimaspor/internal/web/sitetest"
)

// TestRoundOverview: a round's page shows the matrix of the projects' goals with their
// lights and the change since the previous round, downloads it, opens the roll-up in its
// three formats, and shows the secretariat the reminders sent (nobody else). The public reads
// when a report changed, not who changed it, and none of the drafts before an approval.
func TestRoundOverview(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		f.toState(t, reporting.Approved) // goal 1 on track, goal 2 at risk
		first := f.round
		// The next round: goal 1 falls back, goal 2 comes on track.
		secCtx := sitetest.AsPerson(t, f.db, f.people[secretariat])
		round, err := f.db.Create(secCtx, model.ReportingRounds, model.Record{"programme_id": first["programme_id"], "name_da": "Forår 2023",
			"kind": "regular", "opens_on": "2023-03-01", "deadline": "2023-04-30"})
		if err != nil {
			t.Fatal(err)
		}
		reps, err := f.db.List(context.Background(), model.Reports, model.ListQuery{Filters: map[string]string{"round": itoa(round.ID()), "project": itoa(f.project.ID())}, AllDrafts: true})
		if err != nil || len(reps.Items) != 1 {
			t.Fatalf("the new round's report: %v", err)
		}
		f.report, f.round = reps.Items[0], round
		obj, _ := model.CanonicalObject(map[string]any{"status": "Andet halvår", "goals": map[string]any{
			itoa(f.goals[0]): map[string]string{"light": "off_track", "explanation": "Leverandøren sprang fra"}, itoa(f.goals[1]): map[string]string{"light": "on_track"}}})
		leadCtx := sitetest.AsPerson(t, f.db, f.people[lead])
		if _, err := f.db.Update(leadCtx, model.Reports, f.report.ID(), f.report.Version(), model.Record{"answers": obj}); err != nil {
			t.Fatal(err)
		}
		roundPath := "/rapportering/runder/" + itoa(round.ID())

		body := mainOf(f.get(t, secretariat, roundPath, 200).Body)
		matrix := body[strings.Index(body, `id="overblik"`):]
		for _, want := range []string{"Mål 1", "Mål 2", "Bagud", "↓ Værre", "På rette spor", "↑ Bedre", "Halvér madspildet i kantinerne",
			"sammenlignet med runden Efterår 2022", "opsamling?format=html", "opsamling?format=pdf", "opsamling?format=xlsx"} {
			if !strings.Contains(matrix, want) {
				t.Errorf("the round's overview lacks %q", want)
			}
		}
		// The overview as a file, with the page's filters.
		csv := f.get(t, secretariat, roundPath+"?eksport=overblik&format=csv", 200)
		if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.Body, "Bagud") || !strings.Contains(csv.Body, "Værre") {
			t.Errorf("the overview's CSV: %s\n%s", csv.Header.Get("Content-Type"), csv.Body)
		}
		if csv := f.get(t, secretariat, roundPath+"?tilstand=approved&eksport=overblik&format=csv", 200); strings.Contains(csv.Body, "VIP2") {
			t.Errorf("the filter left VIP2's draft in the file:\n%s", csv.Body)
		}

		// The roll-up, as the reader sees it.
		doc := f.get(t, secretariat, roundPath+"/opsamling", 200)
		if !strings.HasPrefix(doc.Header.Get("Content-Type"), "text/html") || !strings.Contains(doc.Body, "Resumé") || !strings.Contains(doc.Body, "Leverandøren sprang fra") {
			t.Errorf("the roll-up's HTML: %s", doc.Header.Get("Content-Type"))
		}
		if pub := f.get(t, public, roundPath+"/opsamling", 200); strings.Contains(pub.Body, "Leverandøren sprang fra") {
			t.Error("the public's roll-up shows a draft")
		}
		x := f.get(t, secretariat, roundPath+"/opsamling?format=xlsx", 200)
		if x.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.HasPrefix(x.Body, "PK") ||
			!strings.Contains(x.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("the roll-up's XLSX: %v", x.Header)
		}
		if _, err := (pdf.Options{}).Browser(); errors.Is(err, pdf.ErrNoBrowser) {
			if p := f.get(t, secretariat, roundPath+"/opsamling?format=pdf", http.StatusServiceUnavailable); !strings.Contains(p.Body, "chromium") {
				t.Errorf("without chromium the PDF's page does not say why:\n%s", mainOf(p.Body))
			}
		} else if p := f.get(t, secretariat, roundPath+"/opsamling?format=pdf", 200); !strings.HasPrefix(p.Body, "%PDF") {
			t.Errorf("the roll-up's PDF: %v", p.Header)
		}
		f.get(t, secretariat, roundPath+"/opsamling?format=doc", 400)
		f.get(t, secretariat, "/rapportering/runder/999999/opsamling", 404)

		// Reminders sent are the secretariat's to see.
		ctx := context.Background()
		id, ok, err := f.db.ClaimReminder(ctx, store.ReminderClaim{Key: "test:1", RoundID: round.ID(), ReportID: f.report.ID(), Email: "pia@albertslund.dk", Kind: reporting.ReminderBefore})
		if err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := f.db.FinishReminder(ctx, id, errors.New("550 mailbox unavailable")); err != nil {
			t.Fatal(err)
		}
		if body := f.get(t, secretariat, roundPath, 200).Body; !strings.Contains(body, "pia@albertslund.dk") || !strings.Contains(body, "550 mailbox unavailable") || !strings.Contains(body, "Fejlede") {
			t.Error("the secretariat does not see the failed reminder")
		}
		for _, who := range []string{lead, participant, public} {
			if body := f.get(t, who, roundPath, 200).Body; strings.Contains(body, "pia@albertslund.dk") || strings.Contains(body, `id="paamindelser"`) {
				t.Errorf("%s sees the reminders", who)
			}
		}

		// The public reads the approved report's history without the drafts or the names.
		f.report, f.round = reps.Items[0], first
		firstReport, err := f.db.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": itoa(first.ID()), "project": itoa(f.project.ID())}, AllDrafts: true})
		if err != nil {
			t.Fatal(err)
		}
		path := "/rapportering/rapporter/" + itoa(firstReport.Items[0].ID()) + "/versioner"
		pub := mainOf(f.get(t, public, path, 200).Body)
		if strings.Contains(pub, "Kladde") || !strings.Contains(pub, "Godkendt") || !strings.Contains(pub, "Vises ikke offentligt") || strings.Contains(pub, "Test da") {
			t.Errorf("the public's versions:\n%s", pub)
		}
		if sec := mainOf(f.get(t, secretariat, path, 200).Body); !strings.Contains(sec, "Kladde") || !strings.Contains(sec, "Test da") {
			t.Errorf("the secretariat's versions lack the draft or the names:\n%s", sec)
		}
	})
}
