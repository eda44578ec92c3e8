package rollup_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/reporting"
	"klimaspor/internal/rollup"
	"klimaspor/internal/rollup/rolluptest"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// summary reads the overview's rows as "code state overdue | light:trend …".
func summary(r *rollup.Rollup) []string {
	var out []string
	for _, row := range r.Overview.Rows {
		s := fmt.Sprintf("%s %s overdue=%v |", row.Project.Code, row.State, row.Overdue)
		for _, c := range row.Cells {
			s += fmt.Sprintf(" %s:%s", c.Light, reporting.TrendWord(c.Trend))
		}
		out = append(out, s)
	}
	return out
}

// Build reads a round's overview as the reader may see it: the secretariat every report,
// the public only the approved ones, a person of a lead organisation also their project's
// draft; the trend is against the programme's latest round before this one.
func TestBuildOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := rolluptest.Build(t, db)
		ctx := context.Background()
		for _, tc := range []struct {
			name     string
			p        *auth.Principal
			round    int64
			filter   rollup.Filter
			previous int64
			rows     []string
		}{
			{"the secretariat sees every report", w.Secretariat, w.Spring23, rollup.Filter{}, w.Autumn22, []string{
				"VIP1 approved overdue=false | on_track:better off_track:worse",
				"VIP2 draft overdue=true | at_risk:worse",
				"VIP3 not_started overdue=true |",
			}},
			{"the public sees the approved reports only", auth.Public, w.Spring23, rollup.Filter{}, w.Autumn22, []string{
				"VIP1 approved overdue=false | on_track:better off_track:worse",
			}},
			{"a person of a lead organisation sees its draft", w.ALBView, w.Spring23, rollup.Filter{}, w.Autumn22, []string{
				"VIP1 approved overdue=false | on_track:better off_track:worse",
				"VIP2 draft overdue=true | at_risk:worse",
			}},
			{"filtered by state", w.Secretariat, w.Spring23, rollup.Filter{State: "draft"}, w.Autumn22, []string{
				"VIP2 draft overdue=true | at_risk:worse",
			}},
			{"filtered by lead", w.Secretariat, w.Spring23, rollup.Filter{Lead: w.KBH}, w.Autumn22, []string{
				"VIP1 approved overdue=false | on_track:better off_track:worse",
				"VIP3 not_started overdue=true |",
			}},
			{"the previous round is the latest before, not the one made last", w.Secretariat, w.Autumn22, rollup.Filter{}, w.Spring22, []string{
				"VIP1 approved overdue=false | at_risk:none on_track:none",
				"VIP2 approved overdue=false | on_track:none",
				"VIP3 not_started overdue=true |",
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r, err := rollup.Build(ctx, db, tc.p, tc.round, tc.filter, w.Today)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.rows, summary(r)); diff != "" {
					t.Errorf("rows (-want +got):\n%s", diff)
				}
				if r.Previous == nil || r.Previous.ID() != tc.previous {
					t.Errorf("previous round = %v, want %d", r.Previous, tc.previous)
				}
				if len(r.Sections) != len(r.Overview.Rows) {
					t.Errorf("%d sections for %d rows", len(r.Sections), len(r.Overview.Rows))
				}
			})
		}

		r, err := rollup.Build(ctx, db, w.Secretariat, w.Spring22, rollup.Filter{}, w.Today)
		if err != nil {
			t.Fatal(err)
		}
		if r.Previous != nil {
			t.Errorf("the first round has a previous round: %v", r.Previous)
		}
		if _, err := rollup.Build(ctx, db, w.Secretariat, 999999, rollup.Filter{}, w.Today); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an unknown round: %v, want not found", err)
		}

		// Who last changed a report and who reported when, by name for the signed in; the
		// public reads when, not who.
		r, err = rollup.Build(ctx, db, w.Secretariat, w.Spring23, rollup.Filter{}, w.Today)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Overview.Rows[0].ChangedBy; got != rolluptest.SecretaryName {
			t.Errorf("VIP1 last changed by %q, want %q (who approved it)", got, rolluptest.SecretaryName)
		}
		var events []string
		for _, e := range r.Events {
			events = append(events, e.Code+" "+e.Move+" "+e.By)
		}
		want := []string{"VIP1 submit " + rolluptest.LeadName, "VIP1 approve " + rolluptest.SecretaryName}
		if diff := cmp.Diff(want, events); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		pub, err := rollup.Build(ctx, db, auth.Public, w.Spring23, rollup.Filter{}, w.Today)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Overview.Rows[0].ChangedBy != "" || pub.Events[0].By != "" || !pub.Events[0].Person || pub.Events[0].At == "" {
			t.Errorf("the public reads %+v, %+v: want the time without the person", pub.Overview.Rows[0], pub.Events[0])
		}
		if n := len(r.Sections[0].Indicators); n != 1 || len(r.Sections[0].Indicators[0].Values) != 2 {
			t.Errorf("VIP1's indicators: %+v, want one with two values", r.Sections[0].Indicators)
		}
	})
}

// The JSON and the list have the matrix's rows and columns.
func TestOverviewForms(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := rolluptest.Build(t, db)
	r, err := rollup.Build(context.Background(), db, w.Secretariat, w.Spring23, rollup.Filter{}, w.Today)
	if err != nil {
		t.Fatal(err)
	}
	j := r.JSON()
	if j.RoundID != w.Spring23 || j.PreviousRoundID == nil || *j.PreviousRoundID != w.Autumn22 || len(j.GoalColumns) != 2 || len(j.Rows) != 3 {
		t.Fatalf("json = %+v", j)
	}
	row := j.Rows[0]
	if row.ProjectCode != "VIP1" || row.ProjectTitle != rolluptest.VIP1Name || row.LastChangedBy != rolluptest.SecretaryName || row.Overdue ||
		len(row.Leads) != 1 || row.Leads[0].Name != "København" || row.Deadline != "2023-05-31" {
		t.Errorf("row = %+v", row)
	}
	if c := row.Cells[1]; c.GoalID != w.Goal12 || c.Light != "off_track" || c.PreviousLight != "on_track" || c.Trend != "worse" || c.Title != "Flere solceller" {
		t.Errorf("cell = %+v", c)
	}

	x := r.Export(i18n.English)
	want := []string{"Project code", "Project", "Leads", "Report state", "Last changed by", "Last changed", "Deadline", "Overdue",
		"Goal 1", "Goal 1: status", "Goal 1: change", "Goal 2", "Goal 2: status", "Goal 2: change"}
	if diff := cmp.Diff(want, x.Columns); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	if len(x.Rows) != 3 || x.List != "overblik" {
		t.Errorf("export has %d rows, list %q", len(x.Rows), x.List)
	}
}

func TestHTMLHasTheParts(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := rolluptest.Build(t, db)
	r, err := rollup.Build(context.Background(), db, w.Secretariat, w.Spring23, rollup.Filter{}, w.Today)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.Danish, []string{`<html lang="da">`, "@page { size: A4", "VIP klimaprojekter: Forår 2023", "<h2>Resumé</h2>",
			"<h2>VIP1 " + rolluptest.VIP1Name + "</h2>", "<h2>VIP3 " + rolluptest.VIP3Name + "</h2>",
			">På rette spor</span>", ">Bagud</span>", "↑ Bedre", "↓ Værre", "Fristen er overskredet", "Flere ansøgninger",
			"<svg", "<table class=\"chart-table\">", "Udfordringer", "Leverandørerne er forsinkede.", "Næste skridt", "Udbud i efteråret.",
			"Bilag: Hvem rapporterede hvornår", rolluptest.LeadName, "sammenlignet med runden Efterår 2022", "break-before: page"}},
		{i18n.English, []string{`<html lang="en">`, "VIP climate projects", "<h2>Summary</h2>", "<h2>VIP1 Energy renovation of homes</h2>",
			">On track</span>", "Appendix: who reported when", "More solar panels"}},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			b, err := rollup.HTML(tc.lang, r)
			if err != nil {
				t.Fatal(err)
			}
			doc := string(b)
			for _, s := range tc.want {
				if !strings.Contains(doc, s) {
					t.Errorf("the document lacks %q", s)
				}
			}
			for _, s := range []string{`src="http`, `href="http`, "url(http", "@import", "<link", "<script", "⟦"} {
				if strings.Contains(doc, s) {
					t.Errorf("the document has %q: it must stand alone and be translated", s)
				}
			}
		})
	}
}
