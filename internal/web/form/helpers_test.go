package form_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/web"
	"klimaspor/internal/web/form"
	"klimaspor/internal/web/sitetest"
)

// The forms are tested through the whole server, as a browser meets them: a saved form
// returns to the record's page, which shows the change and links to the form.

// pagesOf and routesOf are the server's forms, and the forms as its handler routed them.
func pagesOf(s *web.Server) *form.Pages {
	p, _ := s.Forms()
	return p
}

func routesOf(s *web.Server) []form.Route {
	_, routes := s.Forms()
	return routes
}

func projectID(t *testing.T, s *web.Server, code string) string {
	return strconv.FormatInt(sitetest.OneOf(t, s.DB, model.Projects, map[string]string{"code": code}).ID(), 10)
}

// formOf is the form values of rec as e's form shows them in lang, with its version.
func formOf(t *testing.T, s *web.Server, e *form.Editor, rec model.Record, lang i18n.Lang) url.Values {
	t.Helper()
	v, err := e.Values(context.Background(), pagesOf(s), rec, lang)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
