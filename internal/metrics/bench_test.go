package metrics_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"klimaspor/internal/metrics"
)

// BenchmarkObserve is the cost per request of what this package adds to a request that the
// site answers from a cache (site's /kommuner/147): the route label only (what the routers
// do when nothing observes), the metrics, the access log (JSON, discarded), and both.
func BenchmarkObserve(b *testing.B) {
	discard := &metrics.AccessLog{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	for _, c := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", site()},
		{"metrics", metrics.New().Observe(site(), nil)},
		{"access log", (*metrics.Metrics)(nil).Observe(site(), discard)},
		{"metrics and access log", metrics.New().Observe(site(), discard)},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/kommuner/147", nil)
			b.ReportAllocs()
			for b.Loop() {
				c.h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
