package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"klimaspor/internal/model"
)

// Warm renders the most read pages a few times at once and throws them away, before the
// server takes its first request. A new process's first renders cost several times a warm
// one (issue 14: 75–110 ms against 10–20 for a municipality page at national scale): each
// database connection parses the schema and prepares its statements on first use, the
// SQLite page caches are empty and the Go heap still small. 64 clients on a fresh server
// then waited for that. The pages are rendered with the page cache off, so that nothing is
// kept: the first real request still renders its page with the data of its time.
// Call it before serving; it is not safe while requests are served.
func (s *Server) Warm(ctx context.Context) {
	start := time.Now()
	paths := []string{"/", "/indsatser", "/sammenlign"}
	p, err := s.DB.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: 1})
	if err == nil && len(p.Items) > 0 {
		paths = append(paths, "/kommuner/"+url.PathEscape(p.Items[0].Str("code")))
	}
	cache := s.cache
	s.cache = nil
	defer func() { s.cache = cache }()
	h := s.Handler()
	// As many at once as the reader pool holds connections, so that each prepares its own.
	var wg sync.WaitGroup
	for range s.DB.Readers() {
		wg.Go(func() {
			for _, path := range paths {
				r := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
	wg.Wait()
	s.Log.Debug("warmed the pages", "paths", paths, "took", time.Since(start))
}
