// Package metrics counts what the server does, for Prometheus (/metrics on its own address,
// KLIMASPOR_METRICS_ADDR), and writes the access log: one structured line per request.
//
// A *Metrics holds its own registry, not the process-wide default one, so every test makes
// its own. A nil *Metrics counts nothing: commands and tests that do not serve need none.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"klimaspor/internal/httpcache"
)

// Metrics is the server's registry and the metrics the code counts into.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	imports    *prometheus.CounterVec
	importRows *prometheus.CounterVec
	mailsSent  prometheus.Counter
	mailsFail  prometheus.Counter
	refusals   *prometheus.CounterVec
	caches     *cacheCollector
}

// New makes the registry with the Go runtime's and the process's collectors and the
// server's own metrics.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "klimaspor_http_requests_total",
			Help: "HTTP requests answered, by route pattern (unmatched for a path no route takes), method and status."},
			[]string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "klimaspor_http_request_duration_seconds",
			Help:    "Time from a request's arrival to the end of its answer, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
			[]string{"route", "method"}),
		imports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "klimaspor_imports_total",
			Help: "Spreadsheet imports through the API, by kind and result: ok, refused (the file or the request was not accepted) or error."},
			[]string{"kind", "result"}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "klimaspor_import_rows_total",
			Help: "Rows of the spreadsheet imports that succeeded, by kind."}, []string{"kind"}),
		mailsSent: prometheus.NewCounter(prometheus.CounterOpts{Name: "klimaspor_mails_sent_total",
			Help: "Mails the SMTP server accepted."}),
		mailsFail: prometheus.NewCounter(prometheus.CounterOpts{Name: "klimaspor_mails_failed_total",
			Help: "Mails that could not be sent."}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "klimaspor_rate_limit_refusals_total",
			Help: "Requests a rate limit refused, by limit."}, []string{"limit"}),
		caches: &cacheCollector{},
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.imports, m.importRows, m.mailsSent, m.mailsFail, m.refusals, m.caches)
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry is the registry, for a test that gathers it directly.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// methods are the request methods counted by name; any other is "other", so a client cannot
// make up series.
var methods = map[string]string{"GET": "GET", "HEAD": "HEAD", "POST": "POST", "PUT": "PUT", "PATCH": "PATCH", "DELETE": "DELETE", "OPTIONS": "OPTIONS"}

func methodLabel(method string) string {
	if m, ok := methods[method]; ok {
		return m
	}
	return "other"
}

// request counts one answered request.
func (m *Metrics) request(route, method string, status int, seconds float64) {
	if m == nil {
		return
	}
	method = methodLabel(method)
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(seconds)
}

// Import results.
const (
	ImportOK      = "ok"
	ImportRefused = "refused" // the file, the request or the importer was not accepted (4xx)
	ImportError   = "error"   // the server failed (5xx)
)

// Import counts one import of kind with its result, and its rows when it succeeded.
func (m *Metrics) Import(kind, result string, rows int) {
	if m == nil {
		return
	}
	m.imports.WithLabelValues(kind, result).Inc()
	if result == ImportOK {
		m.importRows.WithLabelValues(kind).Add(float64(rows))
	}
}

// MailSent counts a mail the SMTP server accepted.
func (m *Metrics) MailSent() {
	if m != nil {
		m.mailsSent.Inc()
	}
}

// MailFailed counts a mail that could not be sent.
func (m *Metrics) MailFailed() {
	if m != nil {
		m.mailsFail.Inc()
	}
}

// Refused counts a request a rate limit refused; limit names the limit (signin:address),
// never whom it limits.
func (m *Metrics) Refused(limit string) {
	if m != nil {
		m.refusals.WithLabelValues(limit).Inc()
	}
}

// Cache reports a cache's counters and size at each scrape, labelled cache=name. stats is
// asked at scrape time, so a cache turned off (nil) reports zeros.
func (m *Metrics) Cache(name string, stats func() httpcache.Stats) {
	if m == nil {
		return
	}
	m.caches.mu.Lock()
	defer m.caches.mu.Unlock()
	m.caches.caches = append(m.caches.caches, namedCache{name, stats})
}

// DB reports each connection pool's statistics (sql.DBStats, as go_sql_* with db_name=pool).
func (m *Metrics) DB(pools map[string]*sql.DB) {
	if m == nil {
		return
	}
	for name, db := range pools {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
}

var (
	cacheHits   = prometheus.NewDesc("klimaspor_cache_hits_total", "Answers found in the cache.", []string{"cache"}, nil)
	cacheMisses = prometheus.NewDesc("klimaspor_cache_misses_total", "Answers looked for in the cache and not found (then made).", []string{"cache"}, nil)
	cacheBytes  = prometheus.NewDesc("klimaspor_cache_size_bytes", "The size of the cache's entries.", []string{"cache"}, nil)
	cacheMax    = prometheus.NewDesc("klimaspor_cache_max_bytes", "The cache's limit (KLIMASPOR_API_CACHE_MB, KLIMASPOR_WEB_CACHE_MB; 0 when off).", []string{"cache"}, nil)
	cacheItems  = prometheus.NewDesc("klimaspor_cache_items", "The number of entries in the cache.", []string{"cache"}, nil)
)

// cacheCollector reads the caches' counters when scraped: nothing is counted on the request
// path but the LRU's own atomic counters.
type cacheCollector struct {
	mu     sync.Mutex
	caches []namedCache
}

type namedCache struct {
	name  string
	stats func() httpcache.Stats
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{cacheHits, cacheMisses, cacheBytes, cacheMax, cacheItems} {
		ch <- d
	}
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	caches := c.caches
	c.mu.Unlock()
	for _, nc := range caches {
		s := nc.stats()
		ch <- prometheus.MustNewConstMetric(cacheHits, prometheus.CounterValue, float64(s.Hits), nc.name)
		ch <- prometheus.MustNewConstMetric(cacheMisses, prometheus.CounterValue, float64(s.Misses), nc.name)
		ch <- prometheus.MustNewConstMetric(cacheBytes, prometheus.GaugeValue, float64(s.Bytes), nc.name)
		ch <- prometheus.MustNewConstMetric(cacheMax, prometheus.GaugeValue, float64(s.MaxBytes), nc.name)
		ch <- prometheus.MustNewConstMetric(cacheItems, prometheus.GaugeValue, float64(s.Items), nc.name)
	}
}
