package account_test

import (
	"net/http/httptest"
	"strconv"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// The account pages are tested through the whole server, as a browser meets them: signing
// in leads on to the public pages, and the forms' rights show there.

func newTestServer(t *testing.T) (*web.Server, *httptest.Server) {
	t.Helper()
	return sitetest.Start(t, web.New)
}

func signedIn(t *testing.T, s *web.Server, lang string, ms ...store.Membership) map[string]string {
	t.Helper()
	return sitetest.SignedIn(t, s.DB, s.Sessions, lang, ms...)
}

func userOfHeader(t *testing.T, s *web.Server, h map[string]string) store.User {
	t.Helper()
	return sitetest.UserOf(t, s.DB, h)
}

func oneOf(t *testing.T, s *web.Server, res *model.Resource, filters map[string]string) model.Record {
	t.Helper()
	return sitetest.OneOf(t, s.DB, res, filters)
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }
