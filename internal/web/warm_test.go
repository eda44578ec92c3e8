package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"klimaspor/internal/web/page"
	"klimaspor/internal/web/sitetest"
)

// TestWarmKeepsNothing: warming renders the pages (they answer 200) but keeps none of them
// in the page cache, and leaves the cache on: the first real request renders its page and
// the second is served from the cache.
func TestWarmKeepsNothing(t *testing.T) {
	s, _ := sitetest.Start(t, New)
	s.Warm(context.Background())
	if s.cache == nil {
		t.Fatal("the page cache is off after warming")
	}
	day := s.Clock().In(page.DanishTime).Format("2006-01-02")
	version, err := s.DB.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/indsatser", "/sammenlign", "/kommuner/101"} {
		key := "da " + day + " " + path
		if _, ok := s.cache.Get(key, version); ok {
			t.Errorf("%s is in the page cache after warming", path)
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, w.Code)
		}
		if _, ok := s.cache.Get(key, version); !ok {
			t.Errorf("%s is not in the page cache after a request (key %q)", path, key)
		}
	}
}
