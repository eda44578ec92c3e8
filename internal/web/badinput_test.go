package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web/sitetest"
)

// newEngineServer serves the pages from a fresh database of the engine, with Copenhagen and a
// plan of its own.
func newEngineServer(t *testing.T, engine string) (*Server, *httptest.Server, model.Record) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, engine)
	kbh, err := db.Create(ctx, model.Organisations, model.Record{"kind": "municipality", "code": "101", "name_da": "København"})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := db.Create(ctx, model.Plans, model.Record{"code": "KP", "organisation_id": kbh.ID(), "kind": "climate_plan", "title": "Klimaplan", "status": "adopted", "published": true})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts, plan
}

// TestBadQueriesAnswer400NeverA500: a query parameter longer than store.MaxParam, or with a
// NUL character or invalid UTF-8, gets the translated 400 page that names it, and an address
// that is not text gets 404, on both engines (SQLite failed on long searches, PostgreSQL on
// NUL characters, with 500).
func TestBadQueriesAnswer400NeverA500(t *testing.T) {
	long := strings.Repeat("x", 50000)
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			_, ts, _ := newEngineServer(t, engine)
			for _, c := range []struct {
				name, path, lang string
				Status           int
				want             string
			}{
				{"search too long", "/indsatser?q=" + long, "da", 400, "Adressen har en parameter (q), der er længere end 1.000 tegn."},
				{"search too long, in English", "/indsatser?q=" + long, "en", 400, "The address has a parameter (q) that is longer than 1,000 characters."},
				{"NUL in a search", "/indsatser?q=cykel%00", "da", 400, "Adressen har en parameter (q) med et tegn, der ikke kan bruges"},
				{"NUL in a filter", "/indsatser?sektor=energy%00", "en", 400, "The address has a parameter (sektor) with a character that cannot be used"},
				{"invalid UTF-8 in a parameter", "/?kort=%FF", "en", 400, "(kort) with a character that cannot be used"},
				{"NUL in an address", "/kommuner/1%0001", "da", 404, "Siden findes ikke"},
				{"invalid UTF-8 in an address", "/noegletal/%FF", "en", 404, "Page not found"},
			} {
				t.Run(c.name, func(t *testing.T) {
					f := sitetest.Fetch(t, ts.URL+c.path, map[string]string{"Accept-Language": c.lang}, "")
					if f.Status != c.Status {
						t.Fatalf("status %d, want %d", f.Status, c.Status)
					}
					sitetest.CheckPage(t, f, c.lang)
					if !strings.Contains(f.Body, c.want) {
						t.Errorf("the page does not say %q", c.want)
					}
					if strings.Contains(f.Body, "xxxxxxxxxx") {
						t.Error("the page repeats the refused parameter (in its links)")
					}
				})
			}
		})
	}
}

// TestTextThatCannotBeStoredIsRefusedByItsField: a NUL character in a record's form, in an
// API token's name or in a sign-in address is refused with a message (next to the field where
// there is one), and nothing is stored, on both engines (PostgreSQL answered 500, SQLite
// stored it).
func TestTextThatCannotBeStoredIsRefusedByItsField(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			s, ts, plan := newEngineServer(t, engine)
			ctx := context.Background()
			da := sitetest.SignedIn(t, s.DB, s.Sessions, "da")

			form := formOf(t, s, model.Plans, plan, i18n.Danish)
			form.Set("title", "Klima\x00plan")
			f := sitetest.PostForm(t, ts.URL+"/planer/"+strconv.FormatInt(plan.ID(), 10)+"/rediger", form, da)
			if f.Status != http.StatusUnprocessableEntity {
				t.Errorf("plan form: status %d, want 422", f.Status)
			}
			sitetest.CheckPage(t, f, "da")
			if !regexp.MustCompile(`<strong id="f-title-fejl">Teksten indeholder et tegn, der ikke kan gemmes`).MatchString(f.Body) {
				t.Error("plan form: no message next to the title")
			}
			if got, err := s.DB.Get(ctx, model.Plans, plan.ID()); err != nil || got.Str("title") != "Klimaplan" {
				t.Errorf("plan form: stored title %q (%v)", got.Str("title"), err)
			}

			f = sitetest.PostForm(t, ts.URL+"/konto/noegler", url.Values{"name": {"bærbar\x00"}, "scope": {"read"}}, da)
			if f.Status != http.StatusUnprocessableEntity || !strings.Contains(f.Body, "Teksten indeholder et tegn, der ikke kan gemmes") {
				t.Errorf("token form: status %d, want 422 with the message", f.Status)
			}
			users, err := s.DB.Users(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range users {
				if tokens, err := s.DB.Tokens(ctx, u.ID); err != nil || len(tokens) > 0 {
					t.Errorf("token form: %d tokens stored (%v)", len(tokens), err)
				}
			}

			f = sitetest.PostForm(t, ts.URL+"/log-ind", url.Values{"email": {"a\x00@example.dk"}, "password": {"x"}}, map[string]string{"Accept-Language": "da"})
			if f.Status != http.StatusUnauthorized {
				t.Errorf("sign-in with a NUL in the address: status %d, want 401", f.Status)
			}
		})
	}
}
