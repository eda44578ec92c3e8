package webtest

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"klimaspor/internal/web/trust"
)

// The accessibility statement's test results are the axe-core runs of testPages, stored as
// data (internal/web/trust/data/axe_results.json) and never typed by hand. A run with
// KLIMASPOR_A11Y_RECORD=1 writes them; every other run leaves the file alone, so CI never
// leaves a changed tree behind, and TestAxeRecordCoversEveryPage fails when the file no
// longer covers the pages the suite checks (a page added without recording again).

// axeRecordFile is the recorded run, from this package's directory.
var axeRecordFile = filepath.Join("..", "..", filepath.FromSlash(trust.AxeFile))

// recording reports whether this run writes the results.
func recording() bool { return os.Getenv("KLIMASPOR_A11Y_RECORD") == "1" }

// axeRecorder gathers the runs of testPages.
type axeRecorder struct {
	run   trust.AxeRun
	rules map[string]bool
}

func newAxeRecorder(at time.Time) *axeRecorder {
	return &axeRecorder{run: trust.AxeRun{At: at.UTC().Truncate(time.Second), Tags: axeTags}, rules: map[string]bool{}}
}

// add records one page's run.
func (r *axeRecorder) add(pc pageCase, path, lang string, res axeResult) {
	r.run.AxeVersion = res.Version
	for _, id := range res.Rules {
		r.rules[id] = true
	}
	p := trust.AxePage{Name: pc.name, Path: path, Lang: lang, Signed: pc.signed, Passes: res.Passes, Violations: []trust.AxeViolation{}}
	for _, v := range res.Violations {
		p.Violations = append(p.Violations, trust.AxeViolation{ID: v.ID, Impact: v.Impact, Help: v.Help, HelpURL: v.HelpURL, Nodes: len(v.Nodes)})
	}
	r.run.Pages = append(r.run.Pages, p)
}

// write stores the run when recording, if it covers every page the suite checks.
func (r *axeRecorder) write(t *testing.T) {
	if !recording() {
		return
	}
	if got, want := r.run.Keys(), suitePages(); !slices.Equal(got, want) {
		t.Errorf("not recording the axe-core results: %d of the %d page checks ran", len(got), len(want))
		return
	}
	for id := range r.rules {
		r.run.Rules = append(r.run.Rules, id)
	}
	sort.Strings(r.run.Rules)
	if err := trust.WriteAxeRun(axeRecordFile, &r.run); err != nil {
		t.Errorf("record the axe-core results: %v", err)
		return
	}
	t.Logf("recorded the axe-core results of %d page checks in %s", len(r.run.Pages), axeRecordFile)
}

// suitePages are the page checks of testPages, each page in Danish and English.
func suitePages() []string {
	var out []string
	for _, pc := range pageCases {
		out = append(out, pc.name+"/da", pc.name+"/en")
	}
	return out
}

// TestAxeRecordCoversEveryPage: the recorded results (those the accessibility statement
// shows) cover exactly the pages the suite checks. It needs no browser.
func TestAxeRecordCoversEveryPage(t *testing.T) {
	if recording() {
		t.Skip("recording: TestBrowser writes the results")
	}
	run, err := trust.RecordedAxeRun()
	if err != nil {
		t.Fatal(err)
	}
	if run == nil {
		t.Fatalf("no axe-core results are recorded; record them: CI=true KLIMASPOR_A11Y_RECORD=1 go test -count=1 ./internal/webtest/ -run 'TestBrowser/pages'")
	}
	if got, want := run.Keys(), suitePages(); !slices.Equal(got, want) {
		t.Errorf("the recorded axe-core results cover %d page checks, the suite %d; record them again: CI=true KLIMASPOR_A11Y_RECORD=1 go test -count=1 ./internal/webtest/ -run 'TestBrowser/pages'\nrecorded: %v\nsuite:    %v", len(got), len(want), got, want)
	}
	if run.AxeVersion == "" || len(run.Rules) == 0 || run.At.IsZero() {
		t.Errorf("the recorded run lacks its version, rules or date: %q, %d rules, %v", run.AxeVersion, len(run.Rules), run.At)
	}
}
