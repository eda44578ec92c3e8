package trust_test

import (
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/retention"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
	"klimaspor/internal/web/trust"
)

const base = "https://klimaspor.example.dk"

// TestPagesInBothLanguages: the statement and the notice render in Danish and English with
// their sections, the notice with the configured retention (not a typed number), the
// statement with the recorded axe-core run; what the operator has not set is said, and said
// differently once set.
func TestPagesInBothLanguages(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	run, err := trust.RecordedAxeRun()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct {
		name string
		set  trust.Settings
	}{
		{"unset", trust.Settings{Retention: retention.Default()}},
		{"set", trust.Settings{ControllerName: "Region Hovedstaden", ControllerContact: "mailto:dpo@regionh.example",
			AccessibilityContact: "mailto:web@regionh.example", AccessibilityPhone: "70 20 00 00",
			StatementURL: "https://www.was.digst.dk/klimaspor-example-dk",
			Retention:    retention.Config{Audit: 7 * retention.Year, Accounts: 90 * retention.Day, Interval: retention.Day}}},
		{"off", trust.Settings{ControllerName: "Region Hovedstaden", ControllerContact: "mailto:dpo@regionh.example",
			AccessibilityContact: "mailto:web@regionh.example", AccessibilityPhone: "70 20 00 00",
			StatementURL: "https://www.was.digst.dk/klimaspor-example-dk",
			Retention:    retention.Config{Interval: retention.Day}}},
	} {
		s.SetTrust(set.set)
		for _, c := range []struct {
			lang, path string
			want       []string
		}{
			{"da", "/tilgaengelighed", []string{"Overholdelsesstatus", "overholder delvist", "EN 301 549", "Ikke-tilgængeligt indhold", "Sådan er erklæringen udarbejdet", "Testresultater", "Feedback og kontaktoplysninger", "Håndhævelsesprocedure", "lov nr. 692 af 8. juni 2018", "https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"}},
			{"en", "/tilgaengelighed", []string{"Compliance status", "partially compliant", "Non-accessible content", "How this statement was prepared", "Test results", "Feedback and contact information", "Enforcement procedure"}},
			{"da", "/privatliv", []string{"Dataansvarlig", "Hvilke oplysninger vi gemmer", "IP-adresse", "artikel 6, stk. 1, litra e", "Hvor længe vi gemmer oplysningerne", "klimaspor_session", "Datatilsynet", "/konto"}},
			{"en", "/privatliv", []string{"Data controller", "What we keep", "IP address", "Article 6(1)(e)", "How long we keep it", "Cookies", "Danish Data Protection Agency", `href="https://www.datatilsynet.dk/"`}},
		} {
			t.Run(set.name+c.path+"/"+c.lang, func(t *testing.T) {
				// The settings are fixed while a server runs, and the page cache keeps a page
				// until the data changes: each setting asks under an address of its own.
				f := sitetest.Fetch(t, ts.URL+c.path+"?settings="+set.name, nil, c.lang)
				if f.Status != 200 {
					t.Fatalf("status %d", f.Status)
				}
				sitetest.CheckPage(t, f, c.lang)
				want := c.want
				switch {
				case c.path == "/privatliv" && set.name == "unset":
					want = append(want, "KLIMASPOR_CONTROLLER_NAME", map[string]string{"da": "1825 dage", "en": "1825 days"}[c.lang], map[string]string{"da": "365 dage", "en": "365 days"}[c.lang])
				case c.path == "/privatliv" && set.name == "off":
					want = append(want, map[string]string{"da": "slået pseudonymiseringen fra", "en": "turned the pseudonymisation off"}[c.lang])
				case c.path == "/privatliv":
					want = append(want, "Region Hovedstaden", `href="mailto:dpo@regionh.example"`, map[string]string{"da": "2555 dage", "en": "2555 days"}[c.lang], map[string]string{"da": "90 dage", "en": "90 days"}[c.lang])
				case set.name == "unset":
					want = append(want, "KLIMASPOR_ACCESSIBILITY_CONTACT")
				default:
					want = append(want, `href="mailto:web@regionh.example"`, "70 20 00 00", `href="https://www.was.digst.dk/klimaspor-example-dk"`, "Region Hovedstaden")
				}
				if c.path == "/tilgaengelighed" && run != nil {
					want = append(want, "axe-core "+run.AxeVersion, run.Pages[0].Path)
				}
				for _, w := range want {
					if !strings.Contains(f.Body, w) {
						t.Errorf("the page lacks %q", w)
					}
				}
				if set.name != "unset" && strings.Contains(f.Body, "KLIMASPOR_") {
					t.Error("the page names a setting that is set")
				}
			})
		}
	}
	if run == nil {
		t.Error("no axe-core run is recorded (internal/web/trust/data/README.md)")
	}
}

// TestFooterLinksEverywhere: every page links the statement and the notice from its footer,
// in the reader's language.
func TestFooterLinksEverywhere(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { footerLinksOn(t, engine) })
	}
}

func footerLinksOn(t *testing.T, engine string) {
	_, ts := sitetest.StartOn(t, engine, web.New)
	home := sitetest.Fetch(t, ts.URL+"/", nil, "da")
	paths := []string{"/", "/kommuner/101", "/indsatser", "/sammenlign", "/paa-tvaers", "/bibliotek", "/log-ind", "/findes-ikke", "/tilgaengelighed", "/privatliv"}
	if m := regexp.MustCompile(`href="(/projekter/[^"]+)"`).FindStringSubmatch(home.Body); m != nil {
		paths = append(paths, m[1])
	}
	for _, p := range paths {
		for lang, words := range map[string][2]string{"da": {"Tilgængelighedserklæring", "Privatlivspolitik og cookies"}, "en": {"Accessibility statement", "Privacy and cookies"}} {
			f := sitetest.Fetch(t, ts.URL+p, nil, lang)
			foot := f.Body[strings.Index(f.Body, `<footer`)+1:]
			if !strings.Contains(foot, `<a href="/tilgaengelighed">`+words[0]+`</a>`) || !strings.Contains(foot, `<a href="/privatliv">`+words[1]+`</a>`) {
				t.Errorf("%s in %s: the footer lacks the links", p, lang)
			}
		}
	}
}

type urlset struct {
	URLs []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
}

// TestSitemap: only with the site's address; absolute addresses of public pages only (a
// draft plan's action, a draft action, a draft plan's indicator and a draft library item are
// absent); robots.txt names it.
// On both engines: which records are public is decided in SQL (the draft condition).
func TestSitemap(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { sitemapOn(t, engine) })
	}
}

func sitemapOn(t *testing.T, engine string) {
	s, ts := sitetest.StartOn(t, engine, web.New)
	if f := sitetest.Fetch(t, ts.URL+"/sitemap.xml", nil, ""); f.Status != 404 {
		t.Errorf("without KLIMASPOR_BASE_URL: status %d, want 404", f.Status)
	}
	if f := sitetest.Fetch(t, ts.URL+"/robots.txt", nil, ""); strings.Contains(f.Body, "Sitemap:") {
		t.Error("robots.txt names a sitemap without the site's address")
	}
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	editor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor})
	ctx := sitetest.AsPerson(t, s.DB, editor)
	plan := sitetest.MustCreate(t, s.DB, ctx, model.Plans, model.Record{"code": "UDKAST-101", "organisation_id": kbh.ID(), "kind": "strategy", "title": "Hemmelig strategi", "status": "draft"})
	inDraftPlan := sitetest.MustCreate(t, s.DB, ctx, model.Actions, model.Record{"plan_id": plan.ID(), "organisation_id": kbh.ID(), "title": "Hemmelig indsats", "sector": "energy", "status": "in_progress", "published": true})
	kbhPlan := sitetest.OneOf(t, s.DB, model.Plans, map[string]string{"organisation": strconv.FormatInt(kbh.ID(), 10)})
	draft := sitetest.MustCreate(t, s.DB, ctx, model.Actions, model.Record{"plan_id": kbhPlan.ID(), "organisation_id": kbh.ID(), "title": "Udkast til indsats", "sector": "energy", "status": "planned", "published": false})
	sitetest.MustCreate(t, s.DB, ctx, model.Indicators, model.Record{"code": "hemmeligt", "name_da": "Hemmeligt nøgletal", "unit": "t", "direction": "lower", "owner_plan_id": plan.ID(), "targets": []model.Target{{Year: 2030, Value: 1}}})
	item := sitetest.MustCreate(t, s.DB, sitetest.AsPerson(t, s.DB, sitetest.SignedIn(t, s.DB, s.Sessions, "da")), model.LibraryItems, model.Record{"title": "Udkast til idé", "kind": "idea", "published": false})

	s.BaseURL = base
	// Signed in, the sitemap is still the public's.
	f := sitetest.Fetch(t, ts.URL+"/sitemap.xml", editor, "")
	if f.Status != 200 || f.Header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("status %d, %q", f.Status, f.Header.Get("Content-Type"))
	}
	var set urlset
	if err := xml.Unmarshal([]byte(f.Body), &set); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, u := range set.URLs {
		if !strings.HasPrefix(u.Loc, base+"/") {
			t.Errorf("%q is not an absolute address of the site", u.Loc)
		}
		got[strings.TrimPrefix(u.Loc, base)] = true
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, p := range []string{"/", "/kommuner/101", "/kommuner/101/klimaregnskab", "/regioner/1084/klimaregnskab", "/projekter/VIP3", "/noegletal/co2e_total_t", "/tilgaengelighed", "/privatliv", "/bibliotek"} {
		if !got[p] {
			t.Errorf("the sitemap lacks %s", p)
		}
	}
	for _, p := range []string{"/indsatser/" + id(inDraftPlan.ID()), "/indsatser/" + id(draft.ID()), "/noegletal/hemmeligt", "/bibliotek/" + id(item.ID())} {
		if got[p] {
			t.Errorf("the sitemap lists the draft %s", p)
		}
	}
	actions := 0
	for p := range got {
		if strings.HasPrefix(p, "/indsatser/") {
			actions++
		}
	}
	if actions == 0 {
		t.Error("the sitemap lists no published action")
	}
	if f := sitetest.Fetch(t, ts.URL+"/robots.txt", nil, ""); !strings.Contains(f.Body, "\nSitemap: "+base+"/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", f.Body)
	}
	// Past the protocol's limit the sitemap is an index of parts that hold every address.
	defer trust.SetMaxURLsForTest(100)()
	idx := sitetest.Fetch(t, ts.URL+"/sitemap.xml?index", nil, "")
	var index struct {
		Maps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(idx.Body), &index); err != nil || len(index.Maps) != (len(set.URLs)+99)/100 {
		t.Fatalf("index of %d parts (%v), want %d", len(index.Maps), err, (len(set.URLs)+99)/100)
	}
	n := 0
	for _, m := range index.Maps {
		part := sitetest.Fetch(t, ts.URL+strings.TrimPrefix(m.Loc, base), nil, "")
		var ps urlset
		if err := xml.Unmarshal([]byte(part.Body), &ps); err != nil || len(ps.URLs) > 100 {
			t.Fatalf("%s: %d addresses (%v)", m.Loc, len(ps.URLs), err)
		}
		n += len(ps.URLs)
	}
	if n != len(set.URLs) {
		t.Errorf("the parts hold %d addresses, the sitemap %d", n, len(set.URLs))
	}
}

// TestSecurityTxt: 404 without a contact; with one, the fields RFC 9116 asks for, Expires in
// the future and under a year ahead.
func TestSecurityTxt(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	if f := sitetest.Fetch(t, ts.URL+"/.well-known/security.txt", nil, ""); f.Status != 404 {
		t.Errorf("without a contact: status %d, want 404", f.Status)
	}
	s.SetTrust(trust.Settings{SecurityContact: "mailto:security@regionh.example"})
	s.BaseURL = base
	f := sitetest.Fetch(t, ts.URL+"/.well-known/security.txt?v=2", nil, "")
	if f.Status != 200 || f.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("status %d, %q", f.Status, f.Header.Get("Content-Type"))
	}
	fields := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(f.Body), "\n") {
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("line %q is not a field", line)
		}
		fields[k] = v
	}
	if fields["Contact"] != "mailto:security@regionh.example" || fields["Preferred-Languages"] != "da, en" || fields["Canonical"] != base+"/.well-known/security.txt" {
		t.Errorf("fields %v", fields)
	}
	exp, err := time.Parse(time.RFC3339, fields["Expires"])
	if now := time.Now(); err != nil || !exp.After(now) || exp.After(now.AddDate(1, 0, 0)) {
		t.Errorf("Expires %q (%v), want within a year ahead", fields["Expires"], err)
	}
}

// TestWasLeadsToTheStatement: /was, the short address the agency asks for, leads to the
// operator's statement in WAS-Tool, or to ours when none is given.
func TestWasLeadsToTheStatement(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	for _, c := range []struct{ set, want string }{{"", "/tilgaengelighed"}, {"https://www.was.digst.dk/klimaspor-example-dk", "https://www.was.digst.dk/klimaspor-example-dk"}} {
		s.SetTrust(trust.Settings{StatementURL: c.set})
		res, err := sitetest.NoRedirect.Get(ts.URL + "/was?s=" + c.set)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 302 || res.Header.Get("Location") != c.want {
			t.Errorf("statement %q: %d to %q, want 302 to %q", c.set, res.StatusCode, res.Header.Get("Location"), c.want)
		}
	}
}

// TestFromEnv: contacts become links; what is not a contact is refused; what is missing is
// warned about.
func TestFromEnv(t *testing.T) {
	env := map[string]string{"KLIMASPOR_SECURITY_CONTACT": "security@regionh.example", "KLIMASPOR_ACCESSIBILITY_CONTACT": "https://regionh.example/kontakt"}
	set, warnings, err := trust.FromEnv(func(k string) string { return env[k] })
	if err != nil || set.SecurityContact != "mailto:security@regionh.example" || set.AccessibilityContact != "https://regionh.example/kontakt" {
		t.Fatalf("%+v, %v", set, err)
	}
	if len(warnings) != 2 { // the controller, the telephone
		t.Errorf("warnings %q, want the controller's and the accessibility phone's", warnings)
	}
	for _, bad := range []map[string]string{
		{"KLIMASPOR_SECURITY_CONTACT": "ring til Ole"},
		{"KLIMASPOR_CONTROLLER_CONTACT": "http://regionh.example"},
		{"KLIMASPOR_ACCESSIBILITY_STATEMENT_URL": "was.digst.dk/x"},
		{"KLIMASPOR_AUDIT_RETENTION": "evigt"},
	} {
		if _, _, err := trust.FromEnv(func(k string) string { return bad[k] }); err == nil {
			t.Errorf("%v was taken", bad)
		}
	}
}
