package library_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// hostile is the idea's body: Markdown that tries to run scripts and load from elsewhere.
const hostile = "# Sådan\n\nLæs [vejledningen](https://example.dk/vejledning) og [projektet](/projekter/VIP3).\n\n" +
	"<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[klik](javascript:alert(3)) [data](data:text/html,hej) ![spor](https://evil.example/p.png)"

type fixture struct {
	db                        *store.DB
	srv                       *web.Server
	url                       string
	kbh, alb, kbhPlan, alb2   int64
	project, indicator, act   int64
	idea, proposal            int64
	admin, kbhEditor, kbhView map[string]string
	albView, albEditor, sec   map[string]string
	adminEN                   map[string]string
}

func start(t *testing.T, db *store.DB) fixture {
	t.Helper()
	srv, err := web.New(db, sitetest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	f := fixture{db: db, srv: srv, url: ts.URL}
	f.admin = sitetest.SignedIn(t, db, srv.Sessions, "da")
	f.adminEN = sitetest.SignedIn(t, db, srv.Sessions, "en")
	ctx := sitetest.AsPerson(t, db, f.admin)
	mk := func(res *model.Resource, rec model.Record) int64 {
		return sitetest.MustCreate(t, db, ctx, res, rec).ID()
	}
	f.kbh = mk(model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
	f.alb = mk(model.Organisations, model.Record{"kind": "municipality", "code": "165", "name_da": "Albertslund"})
	theme := mk(model.Themes, model.Record{"code": "transport", "name_da": "Transport", "name_en": "Transport"})
	f.kbhPlan = mk(model.Plans, model.Record{"code": "KP-101", "organisation_id": f.kbh, "kind": "climate_plan", "title": "Klimaplan 2030", "status": "adopted", "published": true})
	f.alb2 = mk(model.Plans, model.Record{"code": "KP-165", "organisation_id": f.alb, "kind": "climate_plan", "title": "Albertslunds plan", "status": "adopted", "published": true})
	prog := mk(model.Programmes, model.Record{"code": "VIP", "name_da": "VIP"})
	f.project = mk(model.Projects, model.Record{"programme_id": prog, "code": "VIP3", "name_da": "Grønne drivmidler"})
	f.indicator = mk(model.Indicators, model.Record{"code": "green_fuel_pct", "name_da": "Andel grønne drivmidler", "unit": "%", "direction": "higher", "owner_project_id": f.project})
	f.act = mk(model.Actions, model.Record{"plan_id": f.kbhPlan, "organisation_id": f.kbh, "title": "Ladestandere", "sector": "transport", "status": "planned", "published": true})
	f.idea = mk(model.LibraryItems, model.Record{"title": "Cykelbibliotek", "title_en": "Bicycle library", "summary": "Lån en ladcykel.", "body": hostile,
		"kind": "idea", "theme_ids": []int64{theme}, "project_ids": []int64{f.project}, "action_ids": []int64{f.act}, "indicator_ids": []int64{f.indicator},
		"sector": "transport", "language": "da", "licence": "CC BY 4.0", "year": int64(2024), "expected_effect_t_co2e": 1234.5, "cost_dkk": 250000.0,
		"published": true, "source": "VIP-rapporten"})
	f.proposal = mk(model.LibraryItems, model.Record{"title": "Københavns vejledning", "kind": "guide", "organisation_id": f.kbh})
	f.sec = sitetest.SignedIn(t, db, srv.Sessions, "da", store.Membership{Role: auth.RoleSecretariat})
	f.kbhEditor = sitetest.SignedIn(t, db, srv.Sessions, "da", store.Membership{OrganisationID: f.kbh, Role: auth.RoleEditor})
	f.kbhView = sitetest.SignedIn(t, db, srv.Sessions, "da", store.Membership{OrganisationID: f.kbh, Role: auth.RoleViewer})
	f.albView = sitetest.SignedIn(t, db, srv.Sessions, "da", store.Membership{OrganisationID: f.alb, Role: auth.RoleViewer})
	f.albEditor = sitetest.SignedIn(t, db, srv.Sessions, "da", store.Membership{OrganisationID: f.alb, Role: auth.RoleEditor})
	return f
}

func itemPath(id int64) string { return "/bibliotek/" + strconv.FormatInt(id, 10) }

// TestItemPage: the item page in both languages, its facts in the reader's locale, its
// links, and the body's Markdown with nothing hostile left.
func TestItemPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := start(t, db)
		for _, tc := range []struct {
			lang string
			h    map[string]string
			want []string
		}{
			{"da", sitetest.ActDA, []string{"<h1>Cykelbibliotek</h1>", "1.234,5 ton CO2e om året", "250.000", ">Idé<", "Lån en ladcykel.", "CC BY 4.0", "2024", "VIP-rapporten"}},
			{"en", sitetest.ActEN, []string{`<h1>Bicycle library</h1>`, "1,234.5 tonnes CO2e per year", "250,000", ">Idea<", `<p class="lead" lang="da">Lån en ladcykel.</p>`}},
		} {
			r := sitetest.Fetch(t, f.url+itemPath(f.idea), tc.h, "")
			if r.Status != 200 {
				t.Fatalf("%s: %d", tc.lang, r.Status)
			}
			sitetest.CheckPage(t, r, tc.lang)
			want := append(tc.want, `href="/projekter/VIP3"`, fmt.Sprintf(`href="/indsatser/%d"`, f.act), `href="/noegletal/green_fuel_pct"`,
				`href="/bibliotek?kind=idea"`, `<a href="/bibliotek"`, `<h2>Sådan</h2>`,
				`<a href="https://example.dk/vejledning" rel="noopener noreferrer nofollow">vejledningen</a>`, `<a href="/projekter/VIP3">projektet</a>`, "klik", "spor")
			for _, w := range want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s: the page lacks %q", tc.lang, w)
				}
			}
			for _, bad := range []string{"javascript:", "onerror", "data:text", "evil.example", "alert(", "/rediger", "Gør til indsats", `type="file"`} {
				if strings.Contains(r.Body, bad) {
					t.Errorf("%s: the public's page contains %q", tc.lang, bad)
				}
			}
		}
		// Signed in, the history link leads to the item's history.
		r := sitetest.Fetch(t, f.url+itemPath(f.idea), f.admin, "")
		if h := "/historik/library-items/" + strconv.FormatInt(f.idea, 10); !strings.Contains(r.Body, `href="`+h+`"`) {
			t.Error("the signed-in page lacks the history link")
		} else if hr := sitetest.Fetch(t, f.url+h, f.admin, ""); hr.Status != 200 || !strings.Contains(hr.Body, "Cykelbibliotek") {
			t.Errorf("the item's history: %d", hr.Status)
		}
		// Bad addresses are not found.
		for _, p := range []string{"/bibliotek/0", "/bibliotek/-1", "/bibliotek/01", "/bibliotek/x", "/bibliotek/999999"} {
			if r := sitetest.Fetch(t, f.url+p, nil, ""); r.Status != 404 {
				t.Errorf("%s: %d, want 404", p, r.Status)
			}
		}
	})
}

// TestProposalVisibility: a proposal is its organisation's and the secretariat's.
func TestProposalVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := start(t, db)
		for _, tc := range []struct {
			name   string
			h      map[string]string
			status int
			edit   bool
		}{
			{"public", sitetest.ActDA, 404, false},
			{"another organisation's viewer", f.albView, 404, false},
			{"another organisation's editor", f.albEditor, 404, false},
			{"the organisation's viewer", f.kbhView, 200, false},
			{"the organisation's editor", f.kbhEditor, 200, true},
			{"the secretariat", f.sec, 200, true},
		} {
			r := sitetest.Fetch(t, f.url+itemPath(f.proposal), tc.h, "")
			if r.Status != tc.status {
				t.Errorf("%s: %d, want %d", tc.name, r.Status, tc.status)
				continue
			}
			if r.Status != 200 {
				continue
			}
			if !strings.Contains(r.Body, "Københavns vejledning") || !strings.Contains(r.Body, "notice-draft") {
				t.Errorf("%s: the proposal's page lacks its title or draft notice", tc.name)
			}
			if got := strings.Contains(r.Body, `enctype="multipart/form-data"`); got != tc.edit {
				t.Errorf("%s: upload form shown %v, want %v", tc.name, got, tc.edit)
			}
			if got := strings.Contains(r.Body, itemPath(f.proposal)+"/rediger"); got != tc.edit {
				t.Errorf("%s: edit link shown %v, want %v", tc.name, got, tc.edit)
			}
		}
	})
}

// TestIdeaToAction: the idea's form makes an action in the reader's plan, which names the
// idea and shows on both pages; the public and an editor into another organisation's plan
// are refused, with nothing made.
func TestIdeaToAction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := start(t, db)
		ctx := context.Background()
		r := sitetest.Fetch(t, f.url+itemPath(f.idea), f.kbhEditor, "")
		sitetest.CheckPage(t, r, "da")
		if !strings.Contains(r.Body, fmt.Sprintf(`<option value="%d" selected>København: Klimaplan 2030</option>`, f.kbhPlan)) || strings.Contains(r.Body, "Albertslunds plan") {
			t.Errorf("the editor's plans are not offered as they should be:\n%s", r.Body[strings.Index(r.Body, "til-indsats"):][:600])
		}
		before, _ := db.Count(ctx, model.Actions)
		form := func(plan int64) url.Values { return url.Values{"plan_id": {strconv.FormatInt(plan, 10)}} }
		for _, tc := range []struct {
			name   string
			h      map[string]string
			plan   int64
			status int
		}{
			{"the public", sitetest.ActDA, f.kbhPlan, 303}, // to the sign-in page
			{"an editor into another organisation's plan", f.kbhEditor, f.alb2, 403},
			{"a viewer", f.kbhView, f.kbhPlan, 403},
			{"no plan", f.kbhEditor, 0, 400},
		} {
			r := sitetest.PostForm(t, f.url+itemPath(f.idea)+"/indsats", form(tc.plan), tc.h)
			if r.Status != tc.status {
				t.Errorf("%s: %d, want %d", tc.name, r.Status, tc.status)
			}
			if tc.status == 303 && !strings.HasPrefix(r.Header.Get("Location"), "/log-ind") {
				t.Errorf("%s: sent to %q", tc.name, r.Header.Get("Location"))
			}
		}
		// A guide is not an idea: said on its page.
		if r := sitetest.PostForm(t, f.url+itemPath(f.proposal)+"/indsats", form(f.kbhPlan), f.kbhEditor); r.Status != 422 ||
			!strings.Contains(r.Body, "Indsatsen blev ikke lavet.") || !strings.Contains(r.Body, `role="alert"`) {
			t.Errorf("a guide made an action: %d", r.Status)
		}
		if n, _ := db.Count(ctx, model.Actions); n != before {
			t.Fatalf("%d actions after the refusals, want %d", n, before)
		}
		r = sitetest.PostForm(t, f.url+itemPath(f.idea)+"/indsats", form(f.kbhPlan), f.kbhEditor)
		loc := r.Header.Get("Location")
		var id int64
		if _, err := fmt.Sscanf(loc, "/indsatser/%d/rediger", &id); r.Status != 303 || err != nil {
			t.Fatalf("made: %d %q", r.Status, loc)
		}
		a, err := db.Get(ctx, model.Actions, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := model.AsAction(a); got.LibraryItemID() != f.idea || got.Title() != "Cykelbibliotek" || got.PlanID() != f.kbhPlan || got.Published() {
			t.Errorf("the action = %v", a)
		}
		if r := sitetest.Fetch(t, f.url+loc, f.kbhEditor, ""); r.Status != 200 {
			t.Errorf("the new action's form: %d", r.Status)
		}
		// The idea's page lists the action for who sees it, not for the public (it is a draft).
		href := fmt.Sprintf(`href="/indsatser/%d"`, id)
		if r := sitetest.Fetch(t, f.url+itemPath(f.idea), f.kbhEditor, ""); !strings.Contains(r.Body, href) {
			t.Error("the idea's page does not list the action made from it")
		}
		if r := sitetest.Fetch(t, f.url+itemPath(f.idea), sitetest.ActDA, ""); strings.Contains(r.Body, href) {
			t.Error("the idea's page shows the public a draft action")
		}
		// The action's page names the idea.
		if r := sitetest.Fetch(t, f.url+fmt.Sprintf("/indsatser/%d", id), f.kbhEditor, ""); !strings.Contains(r.Body, `href="`+itemPath(f.idea)+`"`) {
			t.Error("the action's page does not link to the idea it was made from")
		}
	})
}

// upload posts a file through the item page's form, the form token first.
func upload(t *testing.T, u string, h map[string]string, name string, content []byte) sitetest.Fetched {
	t.Helper()
	return uploadWith(t, u, h, auth.CSRFToken(sitetest.SessionOf(h)), name, content)
}

// uploadWith is upload with the form token given.
func uploadWith(t *testing.T, u string, h map[string]string, token, name string, content []byte) sitetest.Fetched {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", token)
	pw, _ := mw.CreateFormFile("file", name)
	pw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", u, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range h {
		req.Header.Set(k, v)
	}
	return sitetest.Do(t, req)
}

// TestUploadThroughThePage: the proposing organisation's editor adds a PDF through the
// page, a disguised program is refused on the page with nothing stored, and the file is
// deleted again; who may not change the item may not upload.
func TestUploadThroughThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := start(t, db)
		ctx := context.Background()
		target := f.url + itemPath(f.proposal) + "/filer"
		blobs := func() int { n, _ := db.BlobCount(ctx); return n }
		r := upload(t, target, f.kbhEditor, "rapport.pdf", []byte("%PDF-1.7\n1 0 obj\n"))
		if r.Status != 303 || r.Header.Get("Location") != itemPath(f.proposal)+"?besked=fil_gemt#filer" {
			t.Fatalf("upload: %d %q %s", r.Status, r.Header.Get("Location"), r.Body)
		}
		fs, _ := db.LibraryFiles(ctx, f.proposal)
		if len(fs) != 1 || fs[0].Name != "rapport.pdf" || fs[0].ContentType != "application/pdf" {
			t.Fatalf("files = %v", fs)
		}
		page := sitetest.Fetch(t, f.url+itemPath(f.proposal)+"?besked=fil_gemt", f.kbhEditor, "")
		sitetest.CheckPage(t, page, "da")
		for _, w := range []string{"Filen er tilføjet.", fmt.Sprintf(`href="/api/v1/library-files/%d/content"`, fs[0].ID), ">rapport.pdf<", ">PDF<", "17 byte"} {
			if !strings.Contains(page.Body, w) {
				t.Errorf("the page lacks %q", w)
			}
		}
		nb := blobs()
		r = upload(t, target, f.kbhEditor, "rapport2.pdf", append([]byte("MZ"), make([]byte, 200)...))
		if r.Status != 415 || !strings.Contains(r.Body, "er et program eller script, og det modtages aldrig") || !strings.Contains(r.Body, `role="alert"`) {
			t.Errorf("the disguised program: %d", r.Status)
		}
		sitetest.CheckPage(t, r, "da")
		if fs, _ := db.LibraryFiles(ctx, f.proposal); len(fs) != 1 || blobs() != nb {
			t.Errorf("after the refusal: %d files, %d blobs (were %d)", len(fs), blobs(), nb)
		}
		if r := uploadWith(t, target, f.kbhEditor, "wrong", "rapport3.pdf", []byte("%PDF-1.7\n")); r.Status != 403 {
			t.Errorf("an upload with a wrong form token: %d, want 403", r.Status)
		}
		if fs, _ := db.LibraryFiles(ctx, f.proposal); len(fs) != 1 || blobs() != nb {
			t.Errorf("after the wrong token: %d files, %d blobs (were %d)", len(fs), blobs(), nb)
		}
		for _, tc := range []struct {
			name   string
			h      map[string]string
			path   string
			status int
		}{
			{"a viewer", f.kbhView, target, 403},
			{"another organisation's editor", f.albEditor, target, 404},
			{"an editor on a published item", f.kbhEditor, f.url + itemPath(f.idea) + "/filer", 403},
		} {
			if r := upload(t, tc.path, tc.h, "a.pdf", []byte("%PDF-1.7\n")); r.Status != tc.status {
				t.Errorf("%s: %d, want %d", tc.name, r.Status, tc.status)
			}
		}
		// A wrong form token is refused.
		bad := map[string]string{"Cookie": f.kbhEditor["Cookie"]}
		req := sitetest.PostForm(t, f.url+itemPath(f.proposal)+fmt.Sprintf("/filer/%d/slet", fs[0].ID), url.Values{"csrf": {"wrong"}}, bad)
		if req.Status != 403 {
			t.Errorf("delete with a wrong token: %d", req.Status)
		}
		r = sitetest.PostForm(t, f.url+itemPath(f.proposal)+fmt.Sprintf("/filer/%d/slet", fs[0].ID), url.Values{}, f.kbhEditor)
		if r.Status != 303 {
			t.Errorf("delete: %d", r.Status)
		}
		if fs, _ := db.LibraryFiles(ctx, f.proposal); len(fs) != 0 {
			t.Errorf("after the delete: %v", fs)
		}
	})
}

// TestLinksBack: the project, action and indicator pages list the items that name them,
// and the public does not see a proposal there.
func TestLinksBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := start(t, db)
		// The proposal names the action, project and indicator too: only its organisation sees it.
		ctx := sitetest.AsPerson(t, db, f.admin)
		rec, err := db.Get(context.Background(), model.LibraryItems, f.proposal)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Update(ctx, model.LibraryItems, f.proposal, model.AsLibraryItem(rec).Version(), model.Record{
			"project_ids": []int64{f.project}, "action_ids": []int64{f.act}, "indicator_ids": []int64{f.indicator}}); err != nil {
			t.Fatal(err)
		}
		idea, proposal := `href="`+itemPath(f.idea)+`"`, `href="`+itemPath(f.proposal)+`"`
		for _, tc := range []struct {
			path, all string
		}{
			{"/projekter/VIP3", fmt.Sprintf(`href="/bibliotek?project=%d"`, f.project)},
			{fmt.Sprintf("/indsatser/%d", f.act), fmt.Sprintf(`href="/bibliotek?action=%d"`, f.act)},
			{"/noegletal/green_fuel_pct", fmt.Sprintf(`href="/bibliotek?indicator=%d"`, f.indicator)},
		} {
			pub := sitetest.Fetch(t, f.url+tc.path, sitetest.ActDA, "")
			if pub.Status != 200 {
				t.Fatalf("%s: %d", tc.path, pub.Status)
			}
			sitetest.CheckPage(t, pub, "da")
			if !strings.Contains(pub.Body, idea) || !strings.Contains(pub.Body, tc.all) || !strings.Contains(pub.Body, "Cykelbibliotek") {
				t.Errorf("%s does not link to the idea and to all items", tc.path)
			}
			if strings.Contains(pub.Body, proposal) {
				t.Errorf("%s shows the public a proposal", tc.path)
			}
			if own := sitetest.Fetch(t, f.url+tc.path, f.kbhView, ""); !strings.Contains(own.Body, proposal) {
				t.Errorf("%s does not show the proposal to its organisation", tc.path)
			}
			if en := sitetest.Fetch(t, f.url+tc.path, sitetest.ActEN, ""); !strings.Contains(en.Body, ">Bicycle library<") {
				t.Errorf("%s does not name the idea in English", tc.path)
			}
		}
	})
}

// TestItemForms: an editor proposes an item for their own organisation through the new
// item's form (published is not offered to them), edits it, and a stale version does not
// overwrite; the secretariat is offered published.
func TestItemForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := start(t, db)
		ctx := context.Background()
		r := sitetest.Fetch(t, f.url+"/bibliotek/ny", f.kbhEditor, "")
		if r.Status != 200 {
			t.Fatalf("the editor's new form: %d", r.Status)
		}
		sitetest.CheckPage(t, r, "da")
		if strings.Contains(r.Body, `name="published"`) || strings.Contains(r.Body, ">Albertslund<") || !strings.Contains(r.Body, ">København<") {
			t.Error("the editor's form offers publishing or another organisation")
		}
		if r := sitetest.Fetch(t, f.url+"/bibliotek/ny", f.sec, ""); r.Status != 200 || !strings.Contains(r.Body, `name="published"`) {
			t.Errorf("the secretariat's form: %d, published offered: %v", r.Status, strings.Contains(r.Body, `name="published"`))
		}
		if r := sitetest.Fetch(t, f.url+"/bibliotek/ny", f.kbhView, ""); r.Status != 403 {
			t.Errorf("a viewer's new form: %d, want 403", r.Status)
		}
		form := url.Values{"title": {"Fælles madordning"}, "kind": {"idea"}, "organisation_id": {strconv.FormatInt(f.kbh, 10)},
			"summary": {"Mindre madspild."}, "expected_effect_t_co2e": {"12,5"}, "published": {"1"}}
		r = sitetest.PostForm(t, f.url+"/bibliotek/ny", form, f.kbhEditor)
		var id int64
		if _, err := fmt.Sscanf(r.Header.Get("Location"), "/bibliotek/%d", &id); r.Status != 303 || err != nil {
			t.Fatalf("proposal: %d %q", r.Status, r.Header.Get("Location"))
		}
		rec, err := db.Get(ctx, model.LibraryItems, id)
		if err != nil {
			t.Fatal(err)
		}
		it := model.AsLibraryItem(rec)
		if e, _ := it.ExpectedEffectTCO2e(); it.OrganisationID() != f.kbh || it.Published() || e != 12.5 {
			t.Errorf("the proposal = %v", rec)
		}
		// Edit it; then post the same form again, its version now stale.
		forms, _ := f.srv.Forms()
		values, err := forms.Values(sitetest.AsPerson(t, db, f.kbhEditor), model.LibraryItems, rec, "da")
		if err != nil {
			t.Fatal(err)
		}
		values.Set("title", "Fælles madordning i kantinerne")
		if r := sitetest.PostForm(t, f.url+itemPath(id)+"/rediger", values, f.kbhEditor); r.Status != 303 {
			t.Fatalf("edit: %d", r.Status)
		}
		values.Set("title", "Overskrevet")
		if r := sitetest.PostForm(t, f.url+itemPath(id)+"/rediger", values, f.kbhEditor); r.Status != 409 {
			t.Errorf("a stale edit: %d, want 409", r.Status)
		}
		if rec, _ := db.Get(ctx, model.LibraryItems, id); model.AsLibraryItem(rec).Title() != "Fælles madordning i kantinerne" {
			t.Errorf("after the stale edit the title is %q", model.AsLibraryItem(rec).Title())
		}
		if r := sitetest.Fetch(t, f.url+itemPath(f.idea)+"/rediger", f.kbhEditor, ""); r.Status != 403 {
			t.Errorf("an editor's form of a published item: %d, want 403", r.Status)
		}
	})
}

// TestItemPageReads: the actions made from an idea are one list query, however many.
func TestItemPageReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := start(t, db)
		reads := func() int64 {
			before := db.ReadCount()
			if r := sitetest.Fetch(t, f.url+itemPath(f.idea)+"?n="+strconv.FormatInt(before, 10), f.kbhEditor, ""); r.Status != 200 {
				t.Fatalf("item page: %d", r.Status)
			}
			return db.ReadCount() - before
		}
		make1 := func() {
			if r := sitetest.PostForm(t, f.url+itemPath(f.idea)+"/indsats", url.Values{"plan_id": {strconv.FormatInt(f.kbhPlan, 10)}}, f.kbhEditor); r.Status != 303 {
				t.Fatalf("make an action: %d", r.Status)
			}
		}
		make1()
		one := reads()
		for range 4 {
			make1()
		}
		if five := reads(); five != one {
			t.Errorf("the page reads %d times with five actions made from the idea, %d with one", five, one)
		}
	})
}
