package public_test

import (
	"regexp"
	"strings"
	"testing"

	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestBreadcrumbs: every public page below the front page starts with a breadcrumb trail
// from the front page to itself, the current page named last and not linked (issue 10, 10);
// the indicator page opened from a municipality's page runs through it and leads back.
func TestBreadcrumbs(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	trail := regexp.MustCompile(`<nav class="breadcrumbs" aria-label="Brødkrumme"><ol>(.*?)</ol></nav>`)
	for _, c := range []struct{ path, want string }{
		{"/kommuner/101", `<li><a href="/">Forside</a></li><li><a href="/#kommuner">Kommuner</a></li><li><span aria-current="page">København</span></li>`},
		{"/projekter/VIP2", `<li><a href="/#projekter">Fælles projekter</a></li><li><span aria-current="page">VIP2: `},
		{"/indsatser", `<li><span aria-current="page">Indsatser</span></li>`},
		{"/sammenlign", `<li><span aria-current="page">Sammenlign</span></li>`},
		{"/noegletal/co2e_per_capita_t", `<li>Nøgletal</li><li><span aria-current="page">`},
		{"/noegletal/co2e_per_capita_t?organisation=101", `<li><a href="/kommuner/101">København</a></li><li><span aria-current="page">`},
	} {
		f := sitetest.Fetch(t, ts.URL+c.path, sitetest.ActDA, "")
		sitetest.CheckPage(t, f, "da")
		m := trail.FindStringSubmatch(f.Body)
		if m == nil || !strings.Contains(m[1], c.want) {
			t.Errorf("%s: trail %q lacks %q", c.path, m, c.want)
		}
	}
	if f := sitetest.Fetch(t, ts.URL+"/", sitetest.ActDA, ""); strings.Contains(f.Body, `class="breadcrumbs"`) {
		t.Error("the front page has a breadcrumb trail")
	}
	f := sitetest.Fetch(t, ts.URL+"/noegletal/co2e_per_capita_t?organisation=101", sitetest.ActDA, "")
	if !strings.Contains(f.Body, `<a href="/kommuner/101#noegletal">Tilbage til København</a>`) {
		t.Error("the indicator page opened from København does not lead back to it")
	}
	f = sitetest.Fetch(t, ts.URL+"/noegletal/co2e_per_capita_t", sitetest.ActEN, "")
	if !strings.Contains(f.Body, `aria-label="Breadcrumb"`) || strings.Contains(f.Body, "Back to") {
		t.Error("English trail or a way back to no organisation")
	}
}
