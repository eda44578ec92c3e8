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

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

func TestPages(t *testing.T) {
	s, ts := sitetest.Start(t, New)
	da := map[string]string{"Accept-Language": "da-DK,da;q=0.9"}
	en := map[string]string{"Accept-Language": "en-GB,en;q=0.9"}

	type scenario struct {
		name, path string
		Header     map[string]string
		cookie     string
		lang       string
		Status     int
		want, not  []string
		count      map[string]int // substring → exact number of occurrences
	}
	scenarios := []scenario{
		{name: "front page in Danish", path: "/", Header: da, lang: "da", Status: 200,
			want: []string{"Kommunernes klimaarbejde samlet ét sted", "Region Hovedstaden", "Frederiksberg", "Gentofte",
				`href="/kommuner/101"`, `href="/kommuner/400"`, "Eksempeldata", "Indeholder data fra Klimadatastyrelsen",
				"Energistyrelsen", `class="chart`, `<svg`, "Vis tallene som tabel", `<details`},
			count: map[string]int{`<a href="/projekter/VIP`: 7, `<tr><th scope="row"><a href="/kommuner/`: 29}},
		{name: "front page in English by Accept-Language", path: "/", Header: en, lang: "en", Status: 200,
			want: []string{"The municipalities&#39; climate work in one place", "Joint projects in", "Show the figures as a table",
				"Example data", "Contains data from the Danish Agency for Climate Data"},
			count: map[string]int{`<a href="/projekter/VIP`: 7, `<tr><th scope="row"><a href="/kommuner/`: 29}},
		{name: "front page: the cookie wins over Accept-Language", path: "/", Header: da, cookie: "en", lang: "en", Status: 200,
			want: []string{"Joint projects in"}},
		{name: "København in Danish", path: "/kommuner/101", Header: da, lang: "da", Status: 200,
			want: []string{"<h1>København</h1>", "100% zero-emission buses", "Transport", "Udledning efter sektor",
				`class="chart chart--stacked`, "Affald og spildevand", "Fælles projekter, kommunen deltager i", `href="/projekter/VIP`},
			not: []string{"Kommunen har ingen indsatser"}},
		{name: "København in English", path: "/kommuner/101", Header: en, lang: "en", Status: 200,
			want: []string{"<h1>Copenhagen</h1>", "100% zero-emission buses", "Emissions by sector", "Waste and wastewater"}},
		{name: "an example plan is labelled", path: "/kommuner/147", Header: da, lang: "da", Status: 200,
			want: []string{"<h1>Frederiksberg</h1>", "Eksempeldata – ikke rigtige tal", `<span class="badge">Eksempel</span>`, "Tovholder"}},
		{name: "unknown municipality", path: "/kommuner/999", Header: da, lang: "da", Status: 404,
			want: []string{"Siden findes ikke"}},
		{name: "a region is not a municipality page", path: "/kommuner/1084", Header: en, lang: "en", Status: 404,
			want: []string{"Page not found"}},
		{name: "VIP3 in Danish", path: "/projekter/VIP3", Header: da, lang: "da", Status: 200,
			want: []string{"Tovholdere", "Frederiksberg", "Region Hovedstaden", "Målsætninger", "Deltagere", `href="/kommuner/147"`}},
		{name: "VIP3 in English", path: "/projekter/VIP3", Header: en, lang: "en", Status: 200,
			want: []string{"Lead organisations", "Goals", "Participants", "Members"}},
		{name: "unknown project", path: "/projekter/NOPE", Header: en, lang: "en", Status: 404,
			want: []string{"Page not found", "Go to the home page"}},
		{name: "unknown path", path: "/no/such/page", Header: da, lang: "da", Status: 404,
			want: []string{"Siden findes ikke"}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			f := sitetest.Fetch(t, ts.URL+sc.path, sc.Header, sc.cookie)
			if f.Status != sc.Status {
				t.Fatalf("status = %d, want %d", f.Status, sc.Status)
			}
			sitetest.CheckPage(t, f, sc.lang)
			for _, w := range sc.want {
				if !strings.Contains(f.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range sc.not {
				if strings.Contains(f.Body, n) {
					t.Errorf("page has %q", n)
				}
			}
			for sub, n := range sc.count {
				if got := strings.Count(f.Body, sub); got != n {
					t.Errorf("%q occurs %d times, want %d", sub, got, n)
				}
			}
		})
	}

	t.Run("VIP3's leads are Frederiksberg and Region Hovedstaden", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/projekter/VIP3", da, "")
		i := strings.Index(f.Body, "<h3>Tovholdere</h3>")
		j := strings.Index(f.Body, "<h3>Medlemmer</h3>")
		if i < 0 || j < i {
			t.Fatal("no leads section before the members")
		}
		leads := f.Body[i:j]
		for _, w := range []string{"Frederiksberg", "Region Hovedstaden"} {
			if !strings.Contains(leads, w) {
				t.Errorf("leads lack %s: %s", w, leads)
			}
		}
	})

	t.Run("municipalities are in Danish order", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/", da, "")
		var names []string
		for _, m := range regexp.MustCompile(`<tr><th scope="row"><a href="/kommuner/\d+">([^<]+)</a>`).FindAllStringSubmatch(f.Body, -1) {
			names = append(names, m[1])
		}
		for i := 1; i < len(names); i++ {
			if i18n.Compare(i18n.Danish, names[i-1], names[i]) > 0 {
				t.Errorf("%s comes before %s", names[i-1], names[i])
			}
		}
	})

	t.Run("the stylesheet is fingerprinted and immutable", func(t *testing.T) {
		page := sitetest.Fetch(t, ts.URL+"/", da, "")
		if !strings.Contains(page.Body, `href="`+s.CSSPath()+`"`) {
			t.Fatalf("page does not link %s", s.CSSPath())
		}
		if !regexp.MustCompile(`^/static/site\.[0-9a-f]{12}\.css$`).MatchString(s.CSSPath()) {
			t.Errorf("CSS path %s has no fingerprint", s.CSSPath())
		}
		f := sitetest.Fetch(t, ts.URL+s.CSSPath(), nil, "")
		if f.Status != 200 || f.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("status %d, Cache-Control %q", f.Status, f.Header.Get("Cache-Control"))
		}
		if !strings.HasPrefix(f.Header.Get("Content-Type"), "text/css") || !strings.Contains(f.Body, "@media print") || !strings.Contains(f.Body, ".chart-table") {
			t.Error("stylesheet lacks its content type, print rules or the chart rules")
		}
		if f := sitetest.Fetch(t, ts.URL+"/static/site.000000000000.css", nil, ""); f.Status != 404 {
			t.Errorf("a stale name answers %d, want 404", f.Status)
		}
	})

	t.Run("a signed-in person's language is kept in their account, for their mails", func(t *testing.T) {
		h := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
		if f := sitetest.Fetch(t, ts.URL+"/sprog?lang=en&next=%2F", h, ""); f.Status != http.StatusSeeOther {
			t.Fatalf("status %d", f.Status)
		}
		if u := sitetest.UserOf(t, s.DB, h); u.Language != "en" {
			t.Errorf("language = %q, want en", u.Language)
		}
	})

	t.Run("the language switch sets the cookie and goes back", func(t *testing.T) {
		f := sitetest.Fetch(t, ts.URL+"/sprog?lang=en&next=%2Fkommuner%2F101", nil, "")
		if f.Status != http.StatusSeeOther {
			t.Fatalf("status %d", f.Status)
		}
		if loc := f.Header.Get("Location"); loc != "/kommuner/101" {
			t.Errorf("Location = %q", loc)
		}
		if c := f.Header.Get("Set-Cookie"); !strings.HasPrefix(c, i18n.CookieName+"=en;") || !strings.Contains(c, "Path=/") {
			t.Errorf("Set-Cookie = %q", c)
		}
		page := sitetest.Fetch(t, ts.URL+"/kommuner/101", da, "en")
		if !strings.Contains(page.Body, `href="/sprog?lang=da&amp;next=%2Fkommuner%2F101"`) {
			t.Error("the English page does not offer Danish with a way back")
		}
	})

	t.Run("the language switch redirects only to local paths", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "evil", "javascript:alert(1)", ""} {
			req := ts.URL + "/sprog?lang=da&next=" + urlQueryEscape(next)
			if loc := sitetest.Fetch(t, req, nil, "").Header.Get("Location"); loc != "/" {
				t.Errorf("next=%q redirects to %q, want /", next, loc)
			}
		}
	})
}

func urlQueryEscape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", " ", "%20", "\\", "%5C", "?", "%3F")
	return r.Replace(s)
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
	f := sitetest.Fetch(t, ts.URL+"/", map[string]string{"Accept-Language": "en"}, "")
	if f.Status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", f.Status)
	}
	sitetest.CheckPage(t, f, "en")
	ref := regexp.MustCompile(`Error reference: ([0-9a-f]{12})`).FindStringSubmatch(f.Body)
	if ref == nil {
		t.Fatalf("page has no error reference: %s", f.Body)
	}
	if !strings.Contains(f.Body, "Something went wrong") || strings.Contains(f.Body, "1084") {
		t.Error("page lacks the translated title or shows the internal error")
	}
	if !strings.Contains(logBuf.String(), "ref="+ref[1]) || !strings.Contains(logBuf.String(), "region 1084") {
		t.Errorf("log lacks the reference or the cause: %s", logBuf.String())
	}
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
