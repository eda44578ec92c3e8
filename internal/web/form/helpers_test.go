package form_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/sitetest"
)

// The forms are tested through the whole server, as a browser meets them: a saved form
// returns to the record's page, which shows the change and links to the form.

func newTestServer(t *testing.T) (*web.Server, *httptest.Server) {
	t.Helper()
	return sitetest.Start(t, web.New)
}

// pagesOf and routesOf are the server's forms, and the forms as its handler routed them.
func pagesOf(s *web.Server) *form.Pages {
	p, _ := s.Forms()
	return p
}

func routesOf(s *web.Server) []form.Route {
	_, routes := s.Forms()
	return routes
}

var (
	fetch     = sitetest.Fetch
	postForm  = sitetest.PostForm
	checkPage = sitetest.CheckPage
	actDA     = sitetest.ActDA
)

func signedIn(t *testing.T, s *web.Server, lang string, ms ...store.Membership) map[string]string {
	t.Helper()
	return sitetest.SignedIn(t, s.DB, s.Sessions, lang, ms...)
}

func oneOf(t *testing.T, s *web.Server, res *model.Resource, filters map[string]string) model.Record {
	t.Helper()
	return sitetest.OneOf(t, s.DB, res, filters)
}

func projectID(t *testing.T, s *web.Server, code string) string {
	return idString(oneOf(t, s, model.Projects, map[string]string{"code": code}).ID())
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// formOf is the form values of rec as e's form shows them in lang, with its version.
func formOf(t *testing.T, s *web.Server, e *form.Editor, rec model.Record, lang i18n.Lang) url.Values {
	t.Helper()
	v, err := e.Values(context.Background(), pagesOf(s), rec, lang)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
