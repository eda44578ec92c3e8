// Package webtest drives the web interface in a real browser: Debian's chromium, headless,
// through chromedp. It serves the whole stack (API and pages) from a fresh SQLite database with
// the demo data, loads every page type in Danish and English, runs axe-core on each for WCAG 2.1
// A and AA, and checks in the browser what axe cannot: the skip link comes first on the keyboard,
// <html lang> is right and the language switch works. It checks each page's content against
// facts of the demo data (content_test.go) and prints each page to PDF on A4, checking under
// print media emulation that the printout is clean (print_test.go). A failing page is saved as a
// PNG (and, when printing, a PDF) under $KLIMASPOR_SCREENSHOTS (default: the system's temp
// directory/klimaspor-screenshots).
//
// Without chromium the tests fail in CI (CI=true) and are skipped, with a message, elsewhere.
package webtest

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"klimaspor/internal/api"
	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/mail"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
)

// axeJS is axe-core from npm; see testdata/README.md.
//
//go:embed testdata/axe.min.js
var axeJS string

// pageCase is one page to load: its path, the status it must answer with, and a text its
// <h1> must contain in each language (nil checks only that there is one). A page whose address
// depends on the data (an action's id) has no path but a link to follow: the first element
// that matches linkSel on the page from. content, when set, checks what the page shows against
// the demo data (content_test.go).
type pageCase struct {
	name    string
	path    string
	status  int64
	h1      map[string]string
	from    string
	linkSel string
	then    string        // appended to the followed link ("/rediger": the record's edit form)
	signed  bool          // seen by a signed-in administrator (the edit forms)
	pathOf  func() string // the path, when only the started server knows it (a record it made)
	content func(t *testing.T, b *browser, lang string)
}

var pageCases = []pageCase{
	{name: "front", path: "/", status: 200, content: checkFront},
	{name: "municipality-101", path: "/kommuner/101", status: 200, h1: map[string]string{"da": "København", "en": "Copenhagen"}, content: checkCopenhagen},
	{name: "municipality-165", path: "/kommuner/165", status: 200, h1: map[string]string{"da": "Albertslund", "en": "Albertslund"}, content: checkAlbertslund},
	{name: "project-VIP3", path: "/projekter/VIP3", status: 200, h1: map[string]string{"da": "VIP3", "en": "VIP3"}, content: checkVIP3},
	{name: "not-found", path: "/findes-ikke", status: 404, h1: map[string]string{"da": "Siden findes ikke", "en": "Page not found"}},
	{name: "actions", path: "/indsatser", status: 200, content: checkActions},
	{name: "action", status: 200, from: "/indsatser", linkSel: `main a[href^="/indsatser/"]`, content: checkAction},
	{name: "compare", path: "/sammenlign", status: 200, h1: map[string]string{"da": "Sammenlign", "en": "Compare"}, content: checkCompare},
	{name: "edit-action", status: 200, from: "/kommuner/101", linkSel: `main a[href^="/indsatser/"]`, then: "/rediger", signed: true, content: checkForm},
	{name: "edit-plan", status: 200, from: "/kommuner/101", linkSel: `a[href^="/planer/"][href$="/rediger"]`, signed: true, content: checkForm},
	{name: "edit-goal", status: 200, from: "/projekter/VIP3", linkSel: `a[href^="/maal/"]`, signed: true, content: checkForm},
	{name: "edit-indicator", path: "/noegletal/co2e_per_capita_t/rediger", status: 200, signed: true, content: checkForm},
	{name: "edit-value", status: 200, from: "/noegletal/co2e_per_capita_t", linkSel: `a[href^="/vaerdier/"]`, signed: true, content: checkForm},
	{name: "edit-project", path: "/projekter/VIP3/rediger", status: 200, signed: true, content: checkForm},
	{name: "edit-participant", status: 200, from: "/projekter/VIP3", linkSel: `a[href^="/deltagere/"]`, signed: true, content: checkForm},
	{name: "edit-network", path: "/netvaerk/KLIMAALLIANCEN/rediger", status: 200, signed: true, content: checkForm},
	{name: "new-action", status: 200, from: "/kommuner/101", linkSel: `a[href$="/indsatser/ny"]`, signed: true, content: checkForm},
	{name: "new-value", path: "/noegletal/co2e_per_capita_t/vaerdier/ny", status: 200, signed: true, content: checkForm},
	{name: "new-library-item", path: "/bibliotek/ny", status: 200, signed: true, content: checkForm},
	{name: "library", path: "/bibliotek", status: 200, h1: map[string]string{"da": "Videnbibliotek", "en": "knowledge library"}},
	{name: "library-search", path: "/bibliotek?q=samk%C3%B8rselskampagnen", status: 200},
	{name: "library-item", status: 200, from: "/bibliotek?q=energitjek", linkSel: `main a[href^="/bibliotek/"]`},
	{name: "site-search", path: "/soeg?q=energi", status: 200},
	{name: "sign-in", path: "/log-ind", status: 200, h1: map[string]string{"da": "Log ind", "en": "Sign in"}},
	{name: "forgot-password", path: "/glemt-adgangskode", status: 200},
	{name: "account", path: "/konto", status: 200, signed: true},
	{name: "overview", path: "/mit", status: 200, h1: map[string]string{"da": "Mit overblik", "en": "My overview"}, signed: true},
	{name: "admin-users", path: "/admin/brugere", status: 200, signed: true},
	{name: "audit-log", path: "/admin/log", status: 200, signed: true},
	{name: "history", status: 200, from: "/kommuner/101", linkSel: `a[href^="/historik/plans/"]`, signed: true},
	{name: "reporting", path: "/rapportering", status: 200, h1: map[string]string{"da": "Statusrapportering", "en": "Status reporting"}, signed: true},
	{name: "reporting-new-round", path: "/rapportering/runder/ny", status: 200, signed: true},
	{name: "reporting-round", pathOf: func() string { return "/rapportering/runder/" + strconv.FormatInt(reportingRound, 10) }, status: 200, signed: true},
	{name: "reporting-report", pathOf: func() string { return "/rapportering/rapporter/" + strconv.FormatInt(reportingReport, 10) }, status: 200, signed: true},
	{name: "reporting-fill", pathOf: func() string { return "/rapportering/rapporter/" + strconv.FormatInt(reportingReport, 10) + "/udfyld" }, status: 200, signed: true},
	{name: "reporting-versions", pathOf: func() string {
		return "/rapportering/rapporter/" + strconv.FormatInt(reportingReport, 10) + "/versioner"
	}, status: 200, signed: true},
	{name: "accounts-101", path: "/kommuner/101/klimaregnskab", status: 200, h1: map[string]string{"da": "Klimaregnskab for København", "en": "Climate accounts of Copenhagen"}, content: checkAccountsCopenhagen},
	{name: "accounts-173", path: "/kommuner/173/klimaregnskab", status: 200, h1: map[string]string{"da": "Klimaregnskab for Lyngby-Taarbæk", "en": "Climate accounts of Lyngby-Taarbæk"}, content: checkAccountsLyngby},
	{name: "accounts-region", path: "/regioner/1084/klimaregnskab", status: 200, h1: map[string]string{"da": "Region Hovedstaden", "en": "Capital Region"}},
	{name: "crossplan", path: "/paa-tvaers", status: 200, h1: map[string]string{"da": "Et blik på tværs", "en": "A look across the plans"}},
	{name: "crossplan-theme", status: 200, from: "/paa-tvaers", linkSel: `main a[href^="/paa-tvaers/tema/"]`},
	{name: "crossplan-history", status: 200, from: "/paa-tvaers", linkSel: `main a[href^="/paa-tvaers/udvikling"]`, h1: map[string]string{"da": "Sådan er dækningen vokset", "en": "How coverage grew"}},
	{name: "peers", status: 200, from: "/kommuner/101", linkSel: `main a[href^="/paa-tvaers/sammenlign"]`, h1: map[string]string{"da": "Sammenlign kommuner", "en": "Compare municipalities"}},
	{name: "theme-suggestions", pathOf: func() string { return "/temaforslag?organisation=" + strconv.FormatInt(suggestOrg, 10) }, status: 200,
		h1: map[string]string{"da": "Temaforslag", "en": "Theme suggestions"}, signed: true},
	{name: "crossplan-map", path: "/paa-tvaers/kort", status: 200, h1: map[string]string{"da": "Kort på tværs", "en": "Map across the plans"}},
	{name: "crossplan-map-indicator", path: "/paa-tvaers/kort?maal=co2-pr-indbygger", status: 200},
	{name: "accounts-nation", path: "/danmark/klimaregnskab", status: 200, h1: map[string]string{"da": "Klimaregnskab for Danmark", "en": "Climate accounts of Denmark"}, content: checkAccountsNation},
	{name: "accessibility", path: "/tilgaengelighed", status: 200, h1: map[string]string{"da": "Tilgængelighedserklæring", "en": "Accessibility statement"}},
	{name: "privacy", path: "/privatliv", status: 200, h1: map[string]string{"da": "Privatlivspolitik", "en": "Privacy notice"}},
	{name: "indicator", status: 200, from: "/sammenlign", linkSel: `main a[href^="/noegletal/"]`, h1: map[string]string{"da": "Udledning af drivhusgasser pr. indbygger", "en": "emissions per inhabitant"}, content: checkIndicator},
}

// browser is a started server and a chromium tab pointed at it.
type browser struct {
	base string          // the server's URL, without a trailing slash
	tab  context.Context // a chromedp context that has run once
	db   *store.DB
}

// Demo-like accounts of the browser tests: an administrator, and Copenhagen's editor who
// signs in through the form.
const (
	adminEmail  = "admin@klimaspor.test"
	editorEmail = "redaktoer@kk.test"
	password    = "en lang og god adgangskode"
)

// signIn gives the browser an administrator's session, as signing in would.
func (b *browser) signIn(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	u, err := b.db.UserByEmail(ctx, adminEmail)
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken("")
	if err := b.db.CreateSession(ctx, auth.HashToken(token), u.ID); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(b.tab, 10*time.Second)
	defer cancel()
	yes := true
	if _, err := chromedp.Call(cctx, network.SetCookie, network.SetCookieParams{Name: "__Host-klimaspor_session", Value: token, URL: b.base + "/",
		Secure: &yes, HTTPOnly: &yes, SameSite: network.CookieSameSiteLax}); err != nil {
		t.Fatalf("set the session cookie: %v", err)
	}
}

// findChromium returns the browser to drive, or skips (fails in CI) when there is none.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("KLIMASPOR_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the browser tests need Debian's chromium and it is not installed (apt-get install chromium)")
	}
	t.Skip("skipping the browser tests: chromium is not installed (apt-get install chromium, or set KLIMASPOR_CHROMIUM)")
	return ""
}

// startServer serves the API and the pages as the serve command does, on a free loopback port.
func startServer(t *testing.T) (string, *store.DB) {
	t.Helper()
	db := storetest.Open(t, "sqlite")
	for _, load := range []func(context.Context, *store.DB) error{demo.Load, demo.LoadRelease, demo.LoadTargets, demo.LoadFootprints, demo.LoadProcurement, demo.LoadNetworks, demo.LoadThemeSuggestionExamples, demo.LoadLibrary} {
		if err := load(context.Background(), db); err != nil {
			t.Fatalf("load demo data: %v", err)
		}
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	kbh, err := db.List(context.Background(), model.Organisations, model.ListQuery{Filters: map[string]string{"code": "101"}})
	if err != nil || len(kbh.Items) != 1 {
		t.Fatalf("find Copenhagen: %v", err)
	}
	for _, u := range []store.User{
		{Email: adminEmail, Name: "Admin", PasswordHash: hash, Memberships: []store.Membership{{Role: auth.RoleAdmin}}},
		{Email: editorEmail, Name: "Redaktør", PasswordHash: hash, Memberships: []store.Membership{{OrganisationID: kbh.Items[0].ID(), Role: auth.RoleEditor}}},
	} {
		if _, err := db.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	reportingRound, reportingReport = openReportingRound(t, db)
	// Albertslund, whose example actions without a theme the theme suggestions list.
	alb, err := db.List(context.Background(), model.Organisations, model.ListQuery{Filters: map[string]string{"code": "165"}})
	if err != nil || len(alb.Items) != 1 {
		t.Fatalf("find Albertslund: %v", err)
	}
	suggestOrg = alb.Items[0].ID()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := api.New(db, log, "test")
	mux := http.NewServeMux()
	mux.Handle("/api/", a.Handler())
	mux.Handle("/healthz", a.Handler())
	mux.Handle("/readyz", a.Handler())
	pages, err := web.New(db, log)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// Mail links from the server's own address, so the reset and invitation forms are shown.
	if err := pages.SetMail(mail.New(mail.Config{}, log), "http://"+ln.Addr().String()); err != nil {
		t.Fatal(err)
	}
	mux.Handle("/", pages.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String(), db
}

// The reporting round the browser tests open, and a report in it with answers, made by
// startServer (the reporting pages' cases).
var reportingRound, reportingReport int64

// suggestOrg is the organisation the theme suggestions page is checked for.
var suggestOrg int64

// openReportingRound opens a round on the VIP programme and gives VIP3's report a draft of
// lights and texts, so the reporting pages show answers, lights and every control.
func openReportingRound(t *testing.T, db *store.DB) (round, report int64) {
	t.Helper()
	ctx := context.Background()
	find := func(res *model.Resource, code string) model.Record {
		pg, err := db.List(ctx, res, model.ListQuery{Filters: map[string]string{"code": code}, AllDrafts: true, Limit: 1})
		if err != nil || len(pg.Items) != 1 {
			t.Fatalf("find %s %s: %v", res.Name, code, err)
		}
		return pg.Items[0]
	}
	prog, vip3 := find(model.Programmes, "VIP"), find(model.Projects, "VIP3")
	r, err := db.Create(ctx, model.ReportingRounds, model.Record{"programme_id": prog.ID(), "name_da": "Browsertestens runde",
		"name_en": "The browser test's round", "kind": "regular", "opens_on": "2026-10-01", "deadline": "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	reps, err := db.List(ctx, model.Reports, model.ListQuery{Filters: map[string]string{"round": strconv.FormatInt(r.ID(), 10),
		"project": strconv.FormatInt(vip3.ID(), 10)}, AllDrafts: true, Limit: 1})
	if err != nil || len(reps.Items) != 1 {
		t.Fatalf("VIP3's report: %v", err)
	}
	rep := reps.Items[0]
	goals, err := db.List(ctx, model.Goals, model.ListQuery{Filters: map[string]string{"project": strconv.FormatInt(vip3.ID(), 10)}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	lights := map[string]any{}
	for i, g := range goals.Items {
		lights[strconv.FormatInt(g.ID(), 10)] = map[string]string{"light": []string{"on_track", "at_risk", "off_track", "done", "not_started"}[i%5], "explanation": "Forklaring"}
	}
	answers, err := model.CanonicalObject(map[string]any{"goals": lights, "status": "Projektet er godt i gang."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Update(ctx, model.Reports, rep.ID(), rep.Version(), model.Record{"answers": answers}); err != nil {
		t.Fatal(err)
	}
	return r.ID(), rep.ID()
}

// start serves the demo data and starts a headless chromium with a fresh profile.
func start(t *testing.T) *browser {
	t.Helper()
	path := findChromium(t)
	base, db := startServer(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	// The first Run starts the browser; it must not run under a timeout of its own.
	startc := make(chan error, 1)
	go func() { startc <- chromedp.Do(tab, chromedp.Navigate("about:blank")) }()
	select {
	case err := <-startc:
		if err != nil {
			t.Fatalf("start chromium (%s): %v", path, err)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("chromium (%s) did not start within a minute", path)
	}
	return &browser{base: base, tab: tab, db: db}
}

// do runs actions with a timeout.
func (b *browser) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, 30*time.Second)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// eval evaluates a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, b *browser, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// setLanguage sets the language cookie, as the language switch does.
func (b *browser) setLanguage(t *testing.T, lang string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, struct{}{}); err != nil {
		t.Fatalf("clear cookies: %v", err)
	}
	if lang == "" {
		return
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "lang", Value: lang, URL: b.base + "/"}); err != nil {
		t.Fatalf("set the language cookie: %v", err)
	}
}

// open loads a page and returns its HTTP status.
func (b *browser) open(t *testing.T, path string) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, 30*time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return resp.Status
}

// screenshotOnFailure saves the page as a PNG when the test has failed, and logs where.
func (b *browser) screenshotOnFailure(t *testing.T) {
	if !t.Failed() {
		return
	}
	dir := os.Getenv("KLIMASPOR_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "klimaspor-screenshots")
	}
	ctx, cancel := context.WithTimeout(b.tab, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	name := regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(t.Name(), "_") + ".png"
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	t.Logf("screenshot of the failing page: %s", file)
}

// axeViolation is the part of an axe-core result that a reader needs to fix the page.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeTags are the rule sets axe-core runs: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeResult is one axe-core run on a page: what the accessibility statement's test results
// are made of (internal/web/trust.AxeRun).
type axeResult struct {
	Version    string         `json:"version"`
	Violations []axeViolation `json:"violations"`
	Passes     int            `json:"passes"`
	Rules      []string       `json:"rules"` // every rule run: passed, broken, incomplete or not applicable
}

const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
.then(r => ({version: axe.version, passes: r.passes.length,
  rules: [].concat(r.passes, r.violations, r.incomplete, r.inapplicable).map(x => x.id),
  violations: r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), summary: n.failureSummary || ''}))}))}))`

// checkAxe runs axe-core on the loaded page, reports each violation and returns the run.
func (b *browser) checkAxe(t *testing.T) axeResult {
	t.Helper()
	if !eval[bool](t, b, `typeof axe === 'object'`) {
		eval[any](t, b, axeJS+"\n;undefined")
	}
	res := eval[axeResult](t, b, axeRun, chromedp.EvalAwaitPromise)
	for _, v := range res.Violations {
		var nodes strings.Builder
		for _, n := range v.Nodes {
			fmt.Fprintf(&nodes, "\n    %s\n      %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		t.Errorf("axe: %s (%s): %s <%s>%s", v.ID, v.Impact, v.Help, v.HelpURL, nodes.String())
	}
	return res
}

// checkSkipLink presses Tab once: the skip link must take the focus, and Enter on it must move
// the focus to the main content.
func (b *browser) checkSkipLink(t *testing.T) {
	t.Helper()
	if err := b.do(t, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatalf("press Tab: %v", err)
	}
	if got := eval[string](t, b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''`); !strings.Contains(got, `class="skip-link"`) || !strings.Contains(got, `href="#indhold"`) {
		t.Errorf("after one Tab the focus is on %q, want the skip link", got)
		return
	}
	if err := b.do(t, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("press Enter: %v", err)
	}
	if got := eval[string](t, b, `document.activeElement ? document.activeElement.tagName + '#' + document.activeElement.id : ''`); got != "MAIN#indhold" {
		t.Errorf("after Enter on the skip link the focus is on %q, want MAIN#indhold", got)
	}
}

// TestBrowser starts one server and one browser for all the browser checks.
func TestBrowser(t *testing.T) {
	b := start(t)
	t.Run("pages", func(t *testing.T) { testPages(t, b) })
	t.Run("language", func(t *testing.T) { testLanguage(t, b) })
	t.Run("front-table-fits", func(t *testing.T) { testFrontTableFits(t, b) })
	t.Run("action-filters", func(t *testing.T) { testActionFilters(t, b) })
	t.Run("edit-action", func(t *testing.T) { testEditAction(t, b) })
	t.Run("print", func(t *testing.T) { testPrint(t, b) })
}

// testPages loads every page type in both languages, checks its content against the demo data
// and checks it with axe-core.
func testPages(t *testing.T, b *browser) {
	began := time.Now()
	rec := newAxeRecorder(began)
	defer rec.write(t)
	for _, pc := range pageCases {
		for _, lang := range []string{"da", "en"} {
			t.Run(pc.name+"/"+lang, func(t *testing.T) {
				defer b.screenshotOnFailure(t)
				b.setLanguage(t, lang)
				if pc.signed {
					b.signIn(t)
				}
				path := b.resolve(t, pc)
				if got := b.open(t, path); got != pc.status {
					t.Errorf("GET %s: status %d, want %d", path, got, pc.status)
				}
				if got := eval[string](t, b, `document.documentElement.lang`); got != lang {
					t.Errorf("<html lang=%q>, want %q", got, lang)
				}
				h1 := eval[[]string](t, b, `Array.from(document.querySelectorAll('h1'), h => h.textContent.trim())`)
				switch {
				case len(h1) != 1 || h1[0] == "":
					t.Errorf("page has headings %q, want one non-empty h1", h1)
				case pc.h1 != nil && !strings.Contains(h1[0], pc.h1[lang]):
					t.Errorf("h1 is %q, want it to contain %q", h1[0], pc.h1[lang])
				}
				if pc.path == "/" {
					n := eval[int](t, b, `new Set(Array.from(document.querySelectorAll('main a[href^="/kommuner/"]'), a => a.getAttribute('href'))).size`)
					if n < 29 {
						t.Errorf("front page links to %d municipalities, want the capital region's 29", n)
					}
				}
				if pc.content != nil {
					pc.content(t, b, lang)
				}
				b.checkSkipLink(t)
				rec.add(pc, path, lang, b.checkAxe(t))
				b.checkPhone(t)
			})
		}
	}
	t.Logf("%d pages checked in %s", 2*len(pageCases), time.Since(began).Round(time.Millisecond))
}

// testLanguage checks the language switch and Accept-Language in the browser.
func testLanguage(t *testing.T, b *browser) {
	t.Run("switch", func(t *testing.T) {
		defer b.screenshotOnFailure(t)
		b.setLanguage(t, "da")
		b.open(t, "/kommuner/101")
		if got := eval[string](t, b, `document.documentElement.lang`); got != "da" {
			t.Fatalf("<html lang=%q> before the switch, want da", got)
		}
		for _, want := range []string{"en", "da"} {
			ctx, cancel := context.WithTimeout(b.tab, 30*time.Second)
			_, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(".lang-switch a")))
			cancel()
			if err != nil {
				t.Fatalf("click the language switch: %v", err)
			}
			if got := eval[string](t, b, `document.documentElement.lang`); got != want {
				t.Errorf("after the switch <html lang=%q>, want %q", got, want)
			}
			if got := eval[string](t, b, `location.pathname`); got != "/kommuner/101" {
				t.Errorf("the switch went to %s, want back to /kommuner/101", got)
			}
			skip := map[string]string{"da": "Gå til indhold", "en": "Skip to content"}[want]
			if got := eval[string](t, b, `document.querySelector('.skip-link').textContent.trim()`); got != skip {
				t.Errorf("after the switch the skip link reads %q, want %q", got, skip)
			}
		}
	})
	t.Run("accept-language", func(t *testing.T) {
		defer b.screenshotOnFailure(t)
		b.setLanguage(t, "")
		ctx, cancel := context.WithTimeout(b.tab, 10*time.Second)
		defer cancel()
		set := func(h network.Headers) {
			if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h}); err != nil {
				t.Fatalf("set headers: %v", err)
			}
		}
		set(network.Headers{"Accept-Language": "en-GB,en;q=0.9"})
		defer set(network.Headers{})
		b.open(t, "/")
		if got := eval[string](t, b, `document.documentElement.lang`); got != "en" {
			t.Errorf("with Accept-Language: en, <html lang=%q>, want en", got)
		}
	})
}

// testFrontTableFits checks that the front page's municipality table fits a 1200 px window
// without scrolling sideways.
func testFrontTableFits(t *testing.T, b *browser) {
	defer b.screenshotOnFailure(t)
	for _, lang := range []string{"en", "da"} {
		b.setLanguage(t, lang)
		b.open(t, "/")
		got := eval[[]float64](t, b, `(() => { const s = document.querySelector('#kommuner ~ .scroll'); return [s.scrollWidth, s.clientWidth, window.innerWidth]; })()`)
		if got[0] > got[1] {
			t.Errorf("%s: the municipality table is %.0f px wide in a %.0f px box (window %.0f px)", lang, got[0], got[1], got[2])
		}
	}
}

// activeID is the id of the element that has the focus.
func activeID(t *testing.T, b *browser) string {
	return eval[string](t, b, `document.activeElement ? document.activeElement.id : ''`)
}

// tabTo presses Tab until the element with the given id has the focus.
func tabTo(t *testing.T, b *browser, id string) {
	t.Helper()
	for range 400 {
		if activeID(t, b) == id {
			return
		}
		if err := b.do(t, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatalf("press Tab: %v", err)
		}
	}
	t.Fatalf("Tab never reached #%s", id)
}

// press presses keys and, when wait is set, waits for the page they load and returns its status.
func (b *browser) press(t *testing.T, keys string, opts ...chromedp.KeyOption) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, 30*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(keys, opts...))
	if err != nil {
		t.Fatalf("press %q: %v", keys, err)
	}
	return resp.Status
}

// clearField empties the focused text field with the keyboard.
func clearField(t *testing.T, b *browser) {
	t.Helper()
	n := eval[int](t, b, `document.activeElement.value.length`)
	if err := b.do(t, chromedp.KeyEvent(kb.End), chromedp.KeyEvent(strings.Repeat(kb.Backspace, n))); err != nil {
		t.Fatalf("clear the field: %v", err)
	}
}

// testEditAction edits an action of Copenhagen with the keyboard alone: Tab to the status,
// choose another by typing, Tab to the progress, type a new value and press Enter. The change
// must show on the municipality page. axe-core checks the form, the form with validation
// errors and the view of a conflict with someone else's change.
func testEditAction(t *testing.T, b *browser) {
	defer b.screenshotOnFailure(t)
	b.setLanguage(t, "da")
	// Copenhagen's first action, by way of the actions list's organisation filter.
	b.open(t, "/indsatser")
	org := eval[string](t, b, `(() => { const o = Array.from(document.querySelectorAll('#f-organisation option')).find(o => o.textContent.trim() === 'København'); return o ? o.value : ''; })()`)
	if org == "" {
		t.Fatal("the actions list offers no filter for København")
	}
	b.open(t, "/indsatser?organisation="+org)
	href := eval[string](t, b, `(() => { const a = document.querySelector('main table a[href^="/indsatser/"]'); return a ? a.getAttribute('href') : ''; })()`)
	if href == "" {
		t.Fatal("København has no actions")
	}
	edit := href + "/rediger"
	title := eval[string](t, b, `document.querySelector('main table a[href^="/indsatser/"]').textContent.trim()`)

	for _, lang := range []string{"en", "da"} {
		t.Run("form/"+lang, func(t *testing.T) {
			b.setLanguage(t, lang)
			b.signIn(t)
			if got := b.open(t, edit); got != 200 {
				t.Fatalf("GET %s: status %d", edit, got)
			}
			b.checkSkipLink(t)
			b.checkAxe(t)
		})
	}
	b.setLanguage(t, "da")

	t.Run("keyboard", func(t *testing.T) {
		defer b.screenshotOnFailure(t)
		// Signed out, the action's page offers no edit link; Copenhagen's editor signs in
		// with the keyboard and comes back to it.
		b.open(t, href)
		if n := eval[int](t, b, `document.querySelectorAll('a[href$="/rediger"]').length`); n != 0 {
			t.Errorf("signed out, the action's page offers %d edit links", n)
		}
		b.open(t, "/log-ind?next="+url.QueryEscape(href))
		tabTo(t, b, "f-email")
		if err := b.do(t, chromedp.KeyEvent(editorEmail)); err != nil {
			t.Fatal(err)
		}
		tabTo(t, b, "f-password")
		if err := b.do(t, chromedp.KeyEvent(password)); err != nil {
			t.Fatal(err)
		}
		if got := b.press(t, kb.Enter); got != 200 {
			t.Fatalf("signing in answered %d", got)
		}
		if got := eval[string](t, b, `location.pathname`); got != href {
			t.Fatalf("after signing in the browser is at %s, want back at %s", got, href)
		}
		b.checkAxe(t)
		// From the action's page to its form by the keyboard: Tab to the edit link, Enter.
		for range 100 {
			if eval[string](t, b, `document.activeElement ? (document.activeElement.getAttribute('href') || '') : ''`) == edit {
				break
			}
			if err := b.do(t, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
		}
		if got := b.press(t, kb.Enter); got != 200 {
			t.Fatalf("the edit link answered %d", got)
		}
		if got := eval[string](t, b, `location.pathname`); got != edit {
			t.Fatalf("Enter on the edit link went to %s, want %s", got, edit)
		}
		tabTo(t, b, "f-status")
		old := eval[string](t, b, `document.activeElement.value`)
		want, key, label := "delayed", "Forsi", "Forsinket"
		if old == "delayed" {
			want, key, label = "completed", "Genne", "Gennemført"
		}
		if err := b.do(t, chromedp.KeyEvent(key)); err != nil {
			t.Fatal(err)
		}
		if got := eval[string](t, b, `document.activeElement.value`); got != want {
			t.Fatalf("typing %q in the status chose %q, want %q", key, got, want)
		}
		if err := b.do(t, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if got := activeID(t, b); got != "f-progress" {
			t.Fatalf("Tab after the status went to #%s, want #f-progress", got)
		}
		clearField(t, b)
		if err := b.do(t, chromedp.KeyEvent("62,5")); err != nil {
			t.Fatal(err)
		}
		if got := b.press(t, kb.Enter); got != 200 {
			t.Fatalf("saving answered %d", got)
		}
		if got := eval[string](t, b, `location.pathname + location.search`); got != href+"?gemt=1" {
			t.Errorf("after saving the browser is at %s, want %s?gemt=1", got, href)
		}
		if got := eval[string](t, b, `(() => { const s = document.querySelector('[role=status]'); return s ? s.textContent.trim() : ''; })()`); got != "Dine ændringer er gemt." {
			t.Errorf("the confirmation reads %q", got)
		}
		b.open(t, "/kommuner/101")
		got := eval[string](t, b, `(() => { const th = Array.from(document.querySelectorAll('main th[scope=row]')).find(th => th.textContent.trim().startsWith(`+"`"+title+"`"+`)); return th ? th.nextElementSibling.textContent.trim() : ''; })()`)
		if got != label {
			t.Errorf("København's page shows the status %q for %q, want %q", got, title, label)
		}
	})

	t.Run("errors", func(t *testing.T) {
		defer b.screenshotOnFailure(t)
		b.open(t, edit)
		tabTo(t, b, "f-description")
		if err := b.do(t, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(kb.ModifierShift))); err != nil {
			t.Fatal(err)
		}
		if got := activeID(t, b); got != "f-title" {
			t.Fatalf("Shift+Tab from the description went to #%s, want #f-title", got)
		}
		clearField(t, b)
		if got := b.press(t, kb.Enter); got != 422 {
			t.Fatalf("saving an empty title answered %d, want 422", got)
		}
		if got := eval[string](t, b, `document.querySelector('#f-title-fejl') ? document.querySelector('#f-title-fejl').textContent : ''`); got != "Udfyld feltet." {
			t.Errorf("the title's message is %q", got)
		}
		b.checkAxe(t)
	})

	t.Run("conflict", func(t *testing.T) {
		defer b.screenshotOnFailure(t)
		b.open(t, edit)
		// Someone else saves the same form first, with another title.
		body := eval[string](t, b, `new URLSearchParams(new FormData(document.querySelector('main form'))).toString()`)
		form, err := url.ParseQuery(body)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(edit, "/indsatser/"), "/rediger"), 10, 64)
		version, _ := strconv.ParseInt(form.Get("version"), 10, 64)
		if _, err := b.db.Update(context.Background(), model.Actions, id, version, model.Record{"title": title + " (ændret)"}); err != nil {
			t.Fatalf("the other save: %v", err)
		}
		tabTo(t, b, "f-progress")
		clearField(t, b)
		if err := b.do(t, chromedp.KeyEvent("10")); err != nil {
			t.Fatal(err)
		}
		if got := b.press(t, kb.Enter); got != 409 {
			t.Fatalf("saving a stale form answered %d, want 409", got)
		}
		rows := eval[int](t, b, `document.querySelectorAll('main table tbody tr').length`)
		if rows < 2 {
			t.Errorf("the conflict view shows %d differing fields, want the title and the progress", rows)
		}
		b.checkAxe(t)
	})
}
