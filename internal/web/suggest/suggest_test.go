package suggest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

type fixture struct {
	db       *store.DB
	url      string
	alb, kbh int64
	editor   map[string]string // Albertslund's editor, Danish
	editorEN map[string]string
	viewer   map[string]string // København's viewer
	admin    map[string]string
}

func start(t *testing.T) fixture {
	t.Helper()
	db := sitetest.DemoDB(t)
	if err := demo.LoadThemeSuggestionExamples(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(db, sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	f := fixture{db: db, url: ts.URL}
	f.alb = sitetest.OneOf(t, db, model.Organisations, map[string]string{"code": "165"}).ID()
	f.kbh = sitetest.OneOf(t, db, model.Organisations, map[string]string{"code": "101"}).ID()
	f.editor = sitetest.SignedIn(t, db, srv.Sessions, "da", store.Membership{OrganisationID: f.alb, Role: auth.RoleEditor})
	f.editorEN = sitetest.SignedIn(t, db, srv.Sessions, "en", store.Membership{OrganisationID: f.alb, Role: auth.RoleEditor})
	f.viewer = sitetest.SignedIn(t, db, srv.Sessions, "da", store.Membership{OrganisationID: f.kbh, Role: auth.RoleViewer})
	f.admin = sitetest.SignedIn(t, db, srv.Sessions, "da")
	return f
}

// get fetches without following redirects.
func get(t *testing.T, u string, h map[string]string) sitetest.Fetched {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := sitetest.NoRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return sitetest.Fetched{Status: resp.StatusCode, Header: resp.Header, Body: b.String()}
}

// unthemed is Albertslund's actions without a theme, as the store reads them.
func unthemed(t *testing.T, f fixture) []store.UnthemedAction {
	t.Helper()
	un, err := f.db.UnthemedActions(context.Background(), f.alb)
	if err != nil {
		t.Fatal(err)
	}
	return un
}

// TestSuggestionPage: Albertslund's editor sees its six example actions without a theme
// with their suggestions and the Accept and Reject forms (with the form token), in Danish
// and English; an accept with a stale version says so and changes nothing, an accept with
// the version shown adds the theme (the action leaves the list), a reject removes the
// suggestion; each answer redirects back with a message. The public is sent to sign in, a
// viewer and another organisation's editor are refused, a bad or unknown organisation is
// 400 or 404, a form without the token 403. The list exports as CSV and XLSX, and
// /paa-tvaers links to the page for editors only.
func TestSuggestionPage(t *testing.T) {
	f := start(t)
	base := f.url + "/temaforslag"
	p := get(t, base, f.editor)
	if p.Status != 200 {
		t.Fatalf("editor: %d", p.Status)
	}
	sitetest.CheckPage(t, p, "da")
	un := unthemed(t, f)
	if len(un) != 6 {
		t.Fatalf("%d unthemed actions, want 6", len(un))
	}
	for _, a := range un {
		if !strings.Contains(p.Body, a.Title) {
			t.Errorf("page lacks %q", a.Title)
		}
	}
	for _, want := range []string{">Accepter<", ">Afvis<", `name="csrf" value="` + auth.CSRFToken(sitetest.SessionOf(f.editor)) + `"`,
		"Ladeinfrastruktur og parkering for elbiler", "eksport=temaforslag", ">Kladde<", "Albertslund"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("Danish page lacks %q", want)
		}
	}
	en := get(t, base, f.editorEN)
	sitetest.CheckPage(t, en, "en")
	for _, want := range []string{">Accept<", ">Reject<", "Charging infrastructure and parking for electric vehicles", "Theme suggestions"} {
		if !strings.Contains(en.Body, want) {
			t.Errorf("English page lacks %q", want)
		}
	}

	if r := get(t, base, sitetest.ActDA); r.Status != http.StatusSeeOther && r.Status != http.StatusFound {
		t.Errorf("public: %d, want a redirect to sign in", r.Status)
	} else if !strings.HasPrefix(r.Header.Get("Location"), "/log-ind") {
		t.Errorf("public sent to %q", r.Header.Get("Location"))
	}
	if r := get(t, base, f.viewer); r.Status != 403 {
		t.Errorf("viewer: %d, want 403", r.Status)
	}
	if r := get(t, base+"?organisation="+strconv.FormatInt(f.kbh, 10), f.editor); r.Status != 403 {
		t.Errorf("Albertslund's editor on København: %d, want 403", r.Status)
	}
	if r := get(t, base+"?organisation=x", f.editor); r.Status != 400 {
		t.Errorf("bad organisation: %d, want 400", r.Status)
	}
	if r := get(t, base+"?organisation=999999", f.editor); r.Status != 404 {
		t.Errorf("unknown organisation: %d, want 404", r.Status)
	}
	adm := get(t, base+"?organisation="+strconv.FormatInt(f.alb, 10), f.admin)
	if adm.Status != 200 || !strings.Contains(adm.Body, ">København<") || !strings.Contains(adm.Body, un[0].Title) {
		t.Errorf("admin: %d; want every municipality to choose from and Albertslund's list", adm.Status)
	}

	// The first action's first suggestion, as the page offers it.
	g, err := f.db.RejectedSuggestions(context.Background(), f.alb)
	if err != nil || len(g) != 0 {
		t.Fatalf("rejections before: %v %v", g, err)
	}
	first := un[0]
	charging := sitetest.OneOf(t, f.db, model.Themes, map[string]string{"code": "transport.charging"}).ID()
	form := func(action, theme, version int64) url.Values {
		return url.Values{"organisation": {strconv.FormatInt(f.alb, 10)}, "action_id": {strconv.FormatInt(action, 10)},
			"theme_id": {strconv.FormatInt(theme, 10)}, "version": {strconv.FormatInt(version, 10)}}
	}
	post := func(path string, v url.Values, h map[string]string) sitetest.Fetched {
		t.Helper()
		if tok := sitetest.SessionOf(h); tok != "" && v.Get("csrf") == "" {
			v = sitetest.CloneValues(v)
			v.Set("csrf", auth.CSRFToken(tok))
		}
		req, err := http.NewRequest("POST", f.url+path, strings.NewReader(v.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, x := range h {
			req.Header.Set(k, x)
		}
		resp, err := sitetest.NoRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return sitetest.Fetched{Status: resp.StatusCode, Header: resp.Header}
	}
	redirected := func(r sitetest.Fetched, msg string) {
		t.Helper()
		want := fmt.Sprintf("/temaforslag?besked=%s&organisation=%d", msg, f.alb)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("answer: %d to %q, want 303 to %q", r.Status, r.Header.Get("Location"), want)
		}
	}
	bad := form(first.ID, charging, first.Version)
	bad.Set("csrf", "wrong")
	if r := post("/temaforslag/accepter", bad, f.editor); r.Status != 403 {
		t.Errorf("a form with a wrong token: %d, want 403", r.Status)
	}
	if r := post("/temaforslag/accepter", form(first.ID, charging, first.Version), f.viewer); r.Status != 403 {
		t.Errorf("a viewer accepts: %d, want 403", r.Status)
	}
	redirected(post("/temaforslag/accepter", form(first.ID, charging, first.Version+3), f.editor), "konflikt")
	if msg := get(t, f.url+fmt.Sprintf("/temaforslag?besked=konflikt&organisation=%d", f.alb), f.editor); !strings.Contains(msg.Body, "ændret af en anden") || !strings.Contains(msg.Body, `role="alert"`) {
		t.Errorf("the conflict is not said plainly on the page")
	}
	if len(unthemed(t, f)) != 6 {
		t.Errorf("a stale accept changed the action")
	}
	redirected(post("/temaforslag/accepter", form(first.ID, charging, first.Version), f.editor), "accepteret")
	after := unthemed(t, f)
	if len(after) != 5 || after[0].ID == first.ID {
		t.Errorf("after the accept: %d unthemed, first %d", len(after), after[0].ID)
	}
	rec, err := f.db.Get(context.Background(), model.Actions, first.ID)
	if err != nil || len(rec["theme_ids"].([]int64)) != 1 || rec["theme_ids"].([]int64)[0] != charging {
		t.Errorf("the accepted action: %v %v", rec["theme_ids"], err)
	}
	if p := get(t, base, f.editor); strings.Contains(p.Body, first.Title) {
		t.Errorf("the mapped action is still listed")
	}

	second := after[0]
	cycling := sitetest.OneOf(t, f.db, model.Themes, map[string]string{"code": "transport.cycling"}).ID()
	redirected(post("/temaforslag/afvis", form(second.ID, cycling, 0), f.editor), "afvist")
	if rej, _ := f.db.RejectedSuggestions(context.Background(), f.alb); len(rej) != 1 {
		t.Errorf("rejections after: %v", rej)
	}
	if p := get(t, base, f.editor); strings.Contains(p.Body, fmt.Sprintf(`name="action_id" value="%d"><input type="hidden" name="theme_id" value="%d"`, second.ID, cycling)) {
		t.Errorf("a rejected suggestion is still offered")
	}

	for _, format := range []string{"csv", "xlsx"} {
		x := get(t, base+"?eksport=temaforslag&format="+format, f.editor)
		if x.Status != 200 || !strings.Contains(x.Header.Get("Content-Disposition"), "temaforslag") {
			t.Errorf("export %s: %d %q", format, x.Status, x.Header.Get("Content-Disposition"))
		}
		if format == "csv" && !strings.Contains(x.Body, second.Title) {
			t.Errorf("the CSV lacks %q", second.Title)
		}
	}
	if x := get(t, base+"?eksport=andet&format=csv", f.editor); x.Status != 404 {
		t.Errorf("another list's export: %d, want 404", x.Status)
	}

	if cp := get(t, f.url+"/paa-tvaers", f.editor); !strings.Contains(cp.Body, `href="/temaforslag"`) {
		t.Errorf("/paa-tvaers does not link an editor to the suggestions")
	}
	for _, h := range []map[string]string{sitetest.ActDA, f.viewer} {
		if cp := get(t, f.url+"/paa-tvaers", h); strings.Contains(cp.Body, `href="/temaforslag"`) {
			t.Errorf("/paa-tvaers links the suggestions for someone who may not map themes")
		}
	}
}
