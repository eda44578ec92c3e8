// Package sitetest holds what the web interface's tests share, in internal/web and in its
// sub-packages: a database with the demo data, fetching and posting like a browser that
// does not follow redirects, the rules every HTML page keeps, and signing a person in
// through the store. It imports no package of the web interface, so every one of them can
// use it.
package sitetest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/demo"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/store/storetest"
)

// DemoDB is a fresh SQLite database with the demo data, with the first release of the
// energy and CO2 accounts, the municipalities' emission targets, the nation's example
// consumption footprint and the example procurement spend as `klimaspor demo` loads them.
func DemoDB(t *testing.T) *store.DB {
	t.Helper()
	return DemoDBOn(t, "sqlite")
}

// DemoDBOn is DemoDB on the engine ("sqlite" or "postgres", storetest.Engines), for the pages
// whose rules are in SQL and so are checked on both.
func DemoDBOn(t *testing.T, engine string) *store.DB {
	t.Helper()
	db := storetest.Open(t, engine)
	ctx := context.Background()
	for _, load := range []func(context.Context, *store.DB) error{demo.Load, demo.LoadRelease, demo.LoadTargets, demo.LoadFootprints, demo.LoadProcurement, demo.LoadNetworks} {
		if err := load(ctx, db); err != nil {
			t.Fatalf("load demo: %v", err)
		}
	}
	return db
}

// Start makes a server with newServer (web.New) over a fresh demo database and serves its
// pages until the test ends; every web test package starts its server so.
func Start[S interface{ Handler() http.Handler }](t *testing.T, newServer func(*store.DB, *slog.Logger) (S, error)) (S, *httptest.Server) {
	t.Helper()
	return StartOn(t, "sqlite", newServer)
}

// StartOn is Start over a demo database of the engine.
func StartOn[S interface{ Handler() http.Handler }](t *testing.T, engine string, newServer func(*store.DB, *slog.Logger) (S, error)) (S, *httptest.Server) {
	t.Helper()
	s, err := newServer(DemoDBOn(t, engine), Quiet())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// Quiet is a logger that writes nowhere.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Browsers' language headers, Danish and English.
var (
	ActDA = map[string]string{"Accept-Language": "da-DK,da;q=0.9"}
	ActEN = map[string]string{"Accept-Language": "en-GB,en;q=0.9"}
)

// Fetched is an answer as a test reads it.
type Fetched struct {
	Status int
	Header http.Header
	Body   string
}

// NoRedirect lets a test see a redirect itself.
var NoRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Fetch GETs url with the header and, unless "", the language switch's cookie.
func Fetch(t *testing.T, url string, header map[string]string, cookie string) Fetched {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: i18n.CookieName, Value: cookie})
	}
	return Do(t, req)
}

// Do sends a request the test built (a multipart upload, another method) without following
// redirects, and reads the answer.
func Do(t *testing.T, req *http.Request) Fetched {
	t.Helper()
	resp, err := NoRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Fetched{resp.StatusCode, resp.Header, string(b)}
}

// PostForm posts a form as a browser with the header would.
func PostForm(t *testing.T, u string, form url.Values, header map[string]string) Fetched {
	t.Helper()
	return PostAs(t, u, "", form, header)
}

// PostAs posts a form with the Host header a client chooses ("": the address's host).
func PostAs(t *testing.T, u, host string, form url.Values, header map[string]string) Fetched {
	t.Helper()
	if token := SessionOf(header); token != "" && form.Get("csrf") == "" {
		// A signed-in browser's form carries the session's form token, as the pages write it.
		form = CloneValues(form)
		form.Set("csrf", auth.CSRFToken(token))
	}
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return Do(t, req)
}

// CloneValues is a copy of v that can be changed without changing v.
func CloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

var h1 = regexp.MustCompile(`<h1[\s>]`)

// CheckPage applies the rules every HTML page must keep.
func CheckPage(t *testing.T, f Fetched, lang string) {
	t.Helper()
	if n := len(h1.FindAllString(f.Body, -1)); n != 1 {
		t.Errorf("page has %d h1 elements, want 1", n)
	}
	if !strings.Contains(f.Body, `<html lang="`+lang+`">`) {
		t.Errorf("page does not declare lang=%q", lang)
	}
	if !strings.Contains(f.Body, `href="#indhold"`) || !strings.Contains(f.Body, `<main id="indhold"`) {
		t.Error("page lacks the skip link or its target")
	}
	if strings.Contains(f.Body, "⟦") {
		i := strings.Index(f.Body, "⟦")
		t.Errorf("page has a missing i18n key: %s", f.Body[i:min(len(f.Body), i+60)])
	}
	for _, bad := range []string{"<script", " style=\"", "<style"} {
		if strings.Contains(f.Body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if len(f.Body) > 150<<10 {
		t.Errorf("page is %d bytes, more than 150 KB", len(f.Body))
	}
	if ct := f.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
}

// SignedIn makes a person with the given roles (an administrator without), signs them in
// and returns the headers of their browser in lang: the session cookie and the language.
func SignedIn(t *testing.T, db *store.DB, sessions *auth.Sessions, lang string, ms ...store.Membership) map[string]string {
	t.Helper()
	ctx := context.Background()
	if len(ms) == 0 {
		ms = []store.Membership{{Role: auth.RoleAdmin}}
	}
	email := fmt.Sprintf("%s-%d@example.dk", lang, time.Now().UnixNano())
	u, err := db.CreateUser(ctx, store.User{Email: email, Name: "Test " + lang, Memberships: ms})
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken("")
	if err := db.CreateSession(ctx, auth.HashToken(token), u.ID); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"Accept-Language": lang, "Cookie": sessions.CookieName() + "=" + token}
}

// SessionOf is the session token in a header map made by SignedIn.
func SessionOf(header map[string]string) string {
	_, token, _ := strings.Cut(header["Cookie"], "=")
	return token
}

// UserOf is the person signed in by a header map made by SignedIn.
func UserOf(t *testing.T, db *store.DB, h map[string]string) store.User {
	t.Helper()
	ctx := context.Background()
	sess, err := db.SessionByHash(ctx, auth.HashToken(SessionOf(h)))
	if err != nil {
		t.Fatalf("the header's session: %v", err)
	}
	u, err := db.UserByID(ctx, sess.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// OneOf is the first record of res that matches filters, as the public sees them.
func OneOf(t *testing.T, db *store.DB, res *model.Resource, filters map[string]string) model.Record {
	t.Helper()
	q := model.ListQuery{Filters: filters, Limit: store.MaxLimit}
	auth.Visibility(auth.Public, res).Apply(&q)
	pg, err := db.List(context.Background(), res, q)
	if err != nil || len(pg.Items) == 0 {
		t.Fatalf("find %s %v: %v", res.Name, filters, err)
	}
	return pg.Items[0]
}

// MustCreate makes a record in ctx's name (store.WithActor), or fails the test.
func MustCreate(t *testing.T, db *store.DB, ctx context.Context, res *model.Resource, rec model.Record) model.Record {
	t.Helper()
	out, err := db.Create(ctx, res, rec)
	if err != nil {
		t.Fatalf("create %s %v: %v", res.Name, rec, err)
	}
	return out
}

// AsPerson is a context whose changes are made by the person signed in with header, through
// the pages, with their rights.
func AsPerson(t *testing.T, db *store.DB, header map[string]string) context.Context {
	t.Helper()
	u := UserOf(t, db, header)
	p := &auth.Principal{User: u}
	return store.WithActor(context.Background(), store.Actor{UserID: u.ID, Channel: store.ChannelWeb, Guard: auth.Guard(p)})
}
