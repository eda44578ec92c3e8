package gen_test

import (
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
	"klimaspor/internal/web"
)

// BenchmarkActionsList: the public actions list /indsatser at national scale (coverageDB:
// 98 municipalities, 19,600 actions) with the page cache off, so every request lists and
// counts: its first page, a page further on (by the first page's next link), one
// organisation's actions, and the English page (the same order: titles have one language).
func BenchmarkActionsList(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db, _ := coverageDB(b, engine)
			s, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			s.SetCache(0)
			h := s.Handler()
			orgs := all(b, db, model.Organisations, map[string]string{"kind": "municipality"})
			get := func(b *testing.B, path, lang string) *httptest.ResponseRecorder {
				w := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodGet, path, nil)
				if lang != "" {
					r.AddCookie(&http.Cookie{Name: i18n.CookieName, Value: lang})
				}
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: %d %.300s", path, w.Code, w.Body.String())
				}
				return w
			}
			cases := []struct{ name, path, lang string }{
				{"first", "/indsatser", ""},
				{"organisation", fmt.Sprintf("/indsatser?organisation=%d", orgs[len(orgs)/2].ID()), ""},
				{"english", "/indsatser", "en"},
			}
			if m := nextLink.FindSubmatch(get(b, "/indsatser", "").Body.Bytes()); m != nil {
				cases = append(cases, struct{ name, path, lang string }{"next", html.UnescapeString(string(m[1])), ""})
			} else {
				b.Fatal("the first page has no next link")
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						get(b, c.path, c.lang)
					}
				})
			}
		})
	}
}

var nextLink = regexp.MustCompile(`href="(/indsatser\?[^"]*cursor=[^"]*)"`)
