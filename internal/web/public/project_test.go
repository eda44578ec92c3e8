package public_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

func TestProjectParticipantMap(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	cases := []struct {
		lang, accept string
		labels       []string
	}{
		{"da", "da-DK,da;q=0.9", []string{"Tovholder", "Medlem", "Følger", "Deltager ikke"}},
		{"en", "en-GB,en;q=0.9", []string{"Lead", "Member", "Follower", "Not taking part"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			f := sitetest.Fetch(t, ts.URL+"/projekter/VIP3", map[string]string{"Accept-Language": c.accept}, "")
			if f.Status != 200 {
				t.Fatalf("status = %d", f.Status)
			}
			sitetest.CheckPage(t, f, c.lang)
			i := strings.Index(f.Body, `<svg xmlns="http://www.w3.org/2000/svg" id="deltagerkort"`)
			if i < 0 {
				t.Fatal("no participant map")
			}
			j := strings.Index(f.Body[i:], "</svg>")
			svg := f.Body[i : i+j]
			if !strings.Contains(svg, `role="img"`) {
				t.Error(`map is not role="img"`)
			}
			if strings.Contains(svg, "<a ") {
				t.Error("map has links inside it")
			}
			for _, lab := range c.labels {
				if !strings.Contains(svg, ">"+lab+"</text>") {
					t.Errorf("legend lacks %q", lab)
				}
			}
			if strings.Contains(svg, "0.5–1.5") || strings.Contains(svg, "0,5–1,5") {
				t.Error("legend shows class edges instead of roles")
			}
			// The lead Frederiksberg is drawn in the lead class.
			if !regexp.MustCompile(`<path data-code="147"[^>]*><title>Frederiksberg: ` + c.labels[0] + `</title>`).MatchString(svg) {
				t.Error("Frederiksberg is not shown as lead on the map")
			}
			k := strings.Index(f.Body[i:], `<details class="table-alt">`)
			if k < 0 {
				t.Fatal("no table alternative in a <details>")
			}
			want := `<tr data-code="147"><th scope="row"><a href="/kommuner/147">Frederiksberg</a></th><td>` + c.labels[0] + `</td></tr>`
			if !strings.Contains(f.Body[i+k:], want) {
				t.Errorf("table alternative lacks %s", want)
			}
		})
	}
}

func TestProjectActions(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	p, err := s.One(ctx, model.Projects, map[string]string{"code": "VIP2"})
	if err != nil {
		t.Fatal(err)
	}
	acts, err := s.All(ctx, model.Actions, map[string]string{"project": strconv.FormatInt(p.ID(), 10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) == 0 {
		t.Fatal("demo has no actions for VIP2")
	}
	f := sitetest.Fetch(t, ts.URL+"/projekter/VIP2", map[string]string{"Accept-Language": "da"}, "")
	if f.Status != 200 {
		t.Fatalf("status = %d", f.Status)
	}
	sitetest.CheckPage(t, f, "da")
	i := strings.Index(f.Body, `<h2 id="indsatser">Indsatser</h2>`)
	if i < 0 {
		t.Fatal("no actions section")
	}
	section := f.Body[i:]
	for _, a := range acts {
		link := `<a href="/indsatser/` + strconv.FormatInt(a.ID(), 10) + `">`
		if !strings.Contains(section, link) {
			t.Errorf("actions lack %s (%s)", link, a.Str("title"))
		}
	}
	if strings.Contains(section, "Projektet har ingen indsatser registreret.") {
		t.Error("page says there are no actions")
	}
}

// TestProjectTargetsWithoutValues: VIP3's green-fuel indicator has targets (50 % in 2025, 100 %
// in 2030) and no measurement yet; its chart draws the targets and says nothing is measured.
func TestProjectTargetsWithoutValues(t *testing.T) {
	_, ts := sitetest.Start(t, web.New)
	f := sitetest.Fetch(t, ts.URL+"/projekter/VIP3", sitetest.ActDA, "")
	i := strings.Index(f.Body, `">Andel af regionalt eller kommunalt finansieret transport`)
	if i < 0 {
		t.Fatal("VIP3 has no green-fuel indicator")
	}
	chart := f.Body[i:]
	chart = chart[:strings.Index(chart, "</svg>")]
	for _, want := range []string{"Ingen målinger endnu", ">2025</text>", ">2030</text>", "chart-grid"} {
		if !strings.Contains(chart, want) {
			t.Errorf("the green-fuel chart lacks %q", want)
		}
	}
}

// TestProjectLeadsToItsIndicators: the project page's indicator headings link to their pages,
// those who may add values get the link to the value form (Albertslund, which leads VIP2, on
// its indicators; a reader who is not signed in gets none),
// the project lead may add an indicator, and an indicator with nothing to draw says so instead of showing empty axes (issue 10, 5).
func TestProjectLeadsToItsIndicators(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	p := model.AsProject(sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": "VIP2"}))
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	admin := sitetest.SignedIn(t, s.DB, s.Sessions, "da")
	sitetest.MustCreate(t, s.DB, sitetest.AsPerson(t, s.DB, admin), model.Indicators, model.Record{
		"code": "vip2.tom", "name_da": "Tomt nøgletal", "unit": "stk", "direction": "higher",
		"owner_project_id": p.ID(), "published": true})
	inds, err := s.All(ctx, model.Indicators, map[string]string{"project": strconv.FormatInt(p.ID(), 10)})
	if err != nil || len(inds) < 2 {
		t.Fatalf("VIP2's indicators: %d, %v", len(inds), err)
	}
	albEditor := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor})

	anon := sitetest.Fetch(t, ts.URL+"/projekter/VIP2", sitetest.ActDA, "")
	sitetest.CheckPage(t, anon, "da")
	for _, rec := range inds {
		ind := model.AsIndicator(rec)
		if !strings.Contains(anon.Body, `<h3><a href="/noegletal/`+ind.Code()+`">`) {
			t.Errorf("heading of %s does not link to its page", ind.Code())
		}
	}
	if strings.Contains(anon.Body, "/vaerdier/ny") || strings.Contains(anon.Body, "/noegletal/ny") {
		t.Error("a reader who is not signed in gets add links")
	}
	i := strings.Index(anon.Body, `<a href="/noegletal/vip2.tom">`)
	if i < 0 {
		t.Fatal("no empty indicator")
	}
	rest := anon.Body[i:]
	if j := strings.Index(rest, "<h3>"); j > 0 {
		rest = rest[:j]
	}
	if !strings.Contains(rest, "Ingen værdier endnu.") || strings.Contains(rest, "<svg") {
		t.Errorf("the empty indicator draws axes or lacks its text:\n%s", rest)
	}

	ed := sitetest.Fetch(t, ts.URL+"/projekter/VIP2", albEditor, "")
	sitetest.CheckPage(t, ed, "da")
	if !strings.Contains(ed.Body, `<a href="/noegletal/vip2.tom/vaerdier/ny">Tilføj en værdi`) {
		t.Error("the lead's editor gets no link to add a value")
	}
	if strings.Contains(ed.Body, `/projekter/VIP2/noegletal/ny`) {
		t.Error("an editor who is not the project's lead gets the link to add an indicator")
	}
	lead := sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleProjectLead})
	if f := sitetest.Fetch(t, ts.URL+"/projekter/VIP2", lead, ""); !strings.Contains(f.Body, `<a href="/projekter/VIP2/noegletal/ny">Tilføj et nøgletal</a>`) {
		t.Error("the project lead gets no link to add an indicator")
	}
}

// TestMunicipalityAddIndicatorLink: Albertslund's editor may add an indicator owned by
// Albertslund from its page, København's editor and the public may not.
func TestMunicipalityAddIndicatorLink(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	alb := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "165", "kind": "municipality"})
	kbh := sitetest.OneOf(t, s.DB, model.Organisations, map[string]string{"code": "101", "kind": "municipality"})
	link := `<a href="/kommuner/165/noegletal/ny">Tilføj et nøgletal</a>`
	for _, c := range []struct {
		name   string
		header map[string]string
		want   bool
	}{
		{"public", sitetest.ActDA, false},
		{"Albertslund", sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: alb.ID(), Role: auth.RoleEditor}), true},
		{"København", sitetest.SignedIn(t, s.DB, s.Sessions, "da", store.Membership{OrganisationID: kbh.ID(), Role: auth.RoleEditor}), false},
	} {
		f := sitetest.Fetch(t, ts.URL+"/kommuner/165", c.header, "")
		if got := strings.Contains(f.Body, link); got != c.want {
			t.Errorf("%s: add-indicator link shown = %v, want %v", c.name, got, c.want)
		}
	}
}
