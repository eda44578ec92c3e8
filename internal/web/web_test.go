package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// newTestServer serves the pages from a fresh SQLite database with the demo data.
func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	return sitetest.Start(t, New)
}

// fetched, fetch, checkPage, signedIn and sessionOf are internal/web/sitetest's, under the
// names this package's tests were written with.
type fetched struct {
	status int
	header http.Header
	body   string
}

func fetchedOf(f sitetest.Fetched) fetched { return fetched{f.Status, f.Header, f.Body} }

func fetch(t *testing.T, url string, header map[string]string, cookie string) fetched {
	t.Helper()
	return fetchedOf(sitetest.Fetch(t, url, header, cookie))
}

func checkPage(t *testing.T, f fetched, lang string) {
	t.Helper()
	sitetest.CheckPage(t, sitetest.Fetched{Status: f.status, Header: f.header, Body: f.body}, lang)
}

func TestPages(t *testing.T) {
	s, ts := newTestServer(t)
	da := map[string]string{"Accept-Language": "da-DK,da;q=0.9"}
	en := map[string]string{"Accept-Language": "en-GB,en;q=0.9"}

	type scenario struct {
		name, path string
		header     map[string]string
		cookie     string
		lang       string
		status     int
		want, not  []string
		count      map[string]int // substring → exact number of occurrences
	}
	scenarios := []scenario{
		{name: "front page in Danish", path: "/", header: da, lang: "da", status: 200,
			want: []string{"Kommunernes klimaarbejde samlet ét sted", "Region Hovedstaden", "Frederiksberg", "Gentofte",
				`href="/kommuner/101"`, `href="/kommuner/400"`, "Eksempeldata", "Indeholder data fra Klimadatastyrelsen",
				"Energistyrelsen", `class="chart`, `<svg`, "Vis tallene som tabel", `<details`},
			count: map[string]int{`<a href="/projekter/VIP`: 7, `<tr><th scope="row"><a href="/kommuner/`: 29}},
		{name: "front page in English by Accept-Language", path: "/", header: en, lang: "en", status: 200,
			want: []string{"The municipalities&#39; climate work in one place", "Joint projects in", "Show the figures as a table",
				"Example data", "Contains data from the Danish Agency for Climate Data"},
			count: map[string]int{`<a href="/projekter/VIP`: 7, `<tr><th scope="row"><a href="/kommuner/`: 29}},
		{name: "front page: the cookie wins over Accept-Language", path: "/", header: da, cookie: "en", lang: "en", status: 200,
			want: []string{"Joint projects in"}},
		{name: "København in Danish", path: "/kommuner/101", header: da, lang: "da", status: 200,
			want: []string{"<h1>København</h1>", "100% zero-emission buses", "Transport", "Udledning efter sektor",
				`class="chart chart--stacked`, "Affald og spildevand", "Fælles projekter, kommunen deltager i", `href="/projekter/VIP`},
			not: []string{"Kommunen har ingen indsatser"}},
		{name: "København in English", path: "/kommuner/101", header: en, lang: "en", status: 200,
			want: []string{"<h1>Copenhagen</h1>", "100% zero-emission buses", "Emissions by sector", "Waste and wastewater"}},
		{name: "an example plan is labelled", path: "/kommuner/147", header: da, lang: "da", status: 200,
			want: []string{"<h1>Frederiksberg</h1>", "Eksempeldata – ikke rigtige tal", `<span class="badge">Eksempel</span>`, "Tovholder"}},
		{name: "unknown municipality", path: "/kommuner/999", header: da, lang: "da", status: 404,
			want: []string{"Siden findes ikke"}},
		{name: "a region is not a municipality page", path: "/kommuner/1084", header: en, lang: "en", status: 404,
			want: []string{"Page not found"}},
		{name: "VIP3 in Danish", path: "/projekter/VIP3", header: da, lang: "da", status: 200,
			want: []string{"Tovholdere", "Frederiksberg", "Region Hovedstaden", "Målsætninger", "Deltagere", `href="/kommuner/147"`}},
		{name: "VIP3 in English", path: "/projekter/VIP3", header: en, lang: "en", status: 200,
			want: []string{"Lead organisations", "Goals", "Participants", "Members"}},
		{name: "unknown project", path: "/projekter/NOPE", header: en, lang: "en", status: 404,
			want: []string{"Page not found", "Go to the home page"}},
		{name: "unknown path", path: "/no/such/page", header: da, lang: "da", status: 404,
			want: []string{"Siden findes ikke"}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			f := fetch(t, ts.URL+sc.path, sc.header, sc.cookie)
			if f.status != sc.status {
				t.Fatalf("status = %d, want %d", f.status, sc.status)
			}
			checkPage(t, f, sc.lang)
			for _, w := range sc.want {
				if !strings.Contains(f.body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range sc.not {
				if strings.Contains(f.body, n) {
					t.Errorf("page has %q", n)
				}
			}
			for sub, n := range sc.count {
				if got := strings.Count(f.body, sub); got != n {
					t.Errorf("%q occurs %d times, want %d", sub, got, n)
				}
			}
		})
	}

	t.Run("VIP3's leads are Frederiksberg and Region Hovedstaden", func(t *testing.T) {
		f := fetch(t, ts.URL+"/projekter/VIP3", da, "")
		i := strings.Index(f.body, "<h3>Tovholdere</h3>")
		j := strings.Index(f.body, "<h3>Medlemmer</h3>")
		if i < 0 || j < i {
			t.Fatal("no leads section before the members")
		}
		leads := f.body[i:j]
		for _, w := range []string{"Frederiksberg", "Region Hovedstaden"} {
			if !strings.Contains(leads, w) {
				t.Errorf("leads lack %s: %s", w, leads)
			}
		}
	})

	t.Run("municipalities are in Danish order", func(t *testing.T) {
		f := fetch(t, ts.URL+"/", da, "")
		var names []string
		for _, m := range regexp.MustCompile(`<tr><th scope="row"><a href="/kommuner/\d+">([^<]+)</a>`).FindAllStringSubmatch(f.body, -1) {
			names = append(names, m[1])
		}
		for i := 1; i < len(names); i++ {
			if i18n.Compare(i18n.Danish, names[i-1], names[i]) > 0 {
				t.Errorf("%s comes before %s", names[i-1], names[i])
			}
		}
	})

	t.Run("the stylesheet is fingerprinted and immutable", func(t *testing.T) {
		page := fetch(t, ts.URL+"/", da, "")
		if !strings.Contains(page.body, `href="`+s.CSSPath()+`"`) {
			t.Fatalf("page does not link %s", s.CSSPath())
		}
		if !regexp.MustCompile(`^/static/site\.[0-9a-f]{12}\.css$`).MatchString(s.CSSPath()) {
			t.Errorf("CSS path %s has no fingerprint", s.CSSPath())
		}
		f := fetch(t, ts.URL+s.CSSPath(), nil, "")
		if f.status != 200 || f.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("status %d, Cache-Control %q", f.status, f.header.Get("Cache-Control"))
		}
		if !strings.HasPrefix(f.header.Get("Content-Type"), "text/css") || !strings.Contains(f.body, "@media print") || !strings.Contains(f.body, ".chart-table") {
			t.Error("stylesheet lacks its content type, print rules or the chart rules")
		}
		if f := fetch(t, ts.URL+"/static/site.000000000000.css", nil, ""); f.status != 404 {
			t.Errorf("a stale name answers %d, want 404", f.status)
		}
	})

	t.Run("the language switch sets the cookie and goes back", func(t *testing.T) {
		f := fetch(t, ts.URL+"/sprog?lang=en&next=%2Fkommuner%2F101", nil, "")
		if f.status != http.StatusSeeOther {
			t.Fatalf("status %d", f.status)
		}
		if loc := f.header.Get("Location"); loc != "/kommuner/101" {
			t.Errorf("Location = %q", loc)
		}
		if c := f.header.Get("Set-Cookie"); !strings.HasPrefix(c, i18n.CookieName+"=en;") || !strings.Contains(c, "Path=/") {
			t.Errorf("Set-Cookie = %q", c)
		}
		page := fetch(t, ts.URL+"/kommuner/101", da, "en")
		if !strings.Contains(page.body, `href="/sprog?lang=da&amp;next=%2Fkommuner%2F101"`) {
			t.Error("the English page does not offer Danish with a way back")
		}
	})

	t.Run("the language switch redirects only to local paths", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "evil", "javascript:alert(1)", ""} {
			req := ts.URL + "/sprog?lang=da&next=" + urlQueryEscape(next)
			if loc := fetch(t, req, nil, "").header.Get("Location"); loc != "/" {
				t.Errorf("next=%q redirects to %q, want /", next, loc)
			}
		}
	})
}

func urlQueryEscape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", " ", "%20", "\\", "%5C", "?", "%3F")
	return r.Replace(s)
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/":                "/",
		"/kommuner/101":    "/kommuner/101",
		"/?a=1&b=2":        "/?a=1&b=2",
		"":                 "/",
		"//evil.example":   "/",
		"/\\evil.example":  "/",
		"https://x.dk/":    "/",
		"kommuner":         "/",
		"/a\r\nSet-Cookie": "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServerErrorPage(t *testing.T) {
	// An empty database has no region, so the front page fails: the reader gets a translated
	// 500 page with a reference, and the log gets the cause under the same reference.
	db := storetest.Open(t, "sqlite")
	var logBuf strings.Builder
	s, err := New(db, slog.New(slog.NewTextHandler(&logBuf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	f := fetch(t, ts.URL+"/", map[string]string{"Accept-Language": "en"}, "")
	if f.status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", f.status)
	}
	checkPage(t, f, "en")
	ref := regexp.MustCompile(`Error reference: ([0-9a-f]{12})`).FindStringSubmatch(f.body)
	if ref == nil {
		t.Fatalf("page has no error reference: %s", f.body)
	}
	if !strings.Contains(f.body, "Something went wrong") || strings.Contains(f.body, "1084") {
		t.Error("page lacks the translated title or shows the internal error")
	}
	if !strings.Contains(logBuf.String(), "ref="+ref[1]) || !strings.Contains(logBuf.String(), "region 1084") {
		t.Errorf("log lacks the reference or the cause: %s", logBuf.String())
	}
}

func signedIn(t *testing.T, s *Server, lang string, ms ...store.Membership) map[string]string {
	t.Helper()
	return sitetest.SignedIn(t, s.db, s.Sessions, lang, ms...)
}

func sessionOf(header map[string]string) string { return sitetest.SessionOf(header) }

func userOfHeader(t *testing.T, s *Server, h map[string]string) store.User {
	t.Helper()
	return sitetest.UserOf(t, s.db, h)
}

// postForm and postAs are sitetest's, under the names this package's tests were written with.
func postForm(t *testing.T, u string, form url.Values, header map[string]string) fetched {
	t.Helper()
	return fetchedOf(sitetest.PostForm(t, u, form, header))
}

func postAs(t *testing.T, u, host string, form url.Values, header map[string]string) fetched {
	t.Helper()
	return fetchedOf(sitetest.PostAs(t, u, host, form, header))
}

func oneOf(t *testing.T, s *Server, res *model.Resource, filters map[string]string) model.Record {
	t.Helper()
	return sitetest.OneOf(t, s.db, res, filters)
}

// formOf is the values of rec's edit form as it shows them in lang, with its version.
func formOf(t *testing.T, s *Server, res *model.Resource, rec model.Record, lang i18n.Lang) url.Values {
	t.Helper()
	v, err := s.forms.Values(context.Background(), res, rec, lang)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
