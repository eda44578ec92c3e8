package metrics

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"klimaspor/internal/proxy"
)

// Unmatched is the route label of a request no route took (a 404 for an unknown path): the
// path itself is never a label, or every mistyped address would make a new series.
const Unmatched = "unmatched"

// Fields are what the access log adds to its line beyond the method, route pattern, status,
// bytes, duration and request id. Each is personal data, or may hold some, so each is off
// unless the operator names it (KLIMASPOR_ACCESS_LOG_FIELDS).
type Fields struct {
	IP    bool // the client's address, through the trusted proxies (proxy.Trusted)
	User  bool // the signed-in person's id
	Path  bool // the path asked for (the route says /brugere/{id}; the path says whose)
	Query bool // the query string (search words)
	Agent bool // the User-Agent header
}

// ParseFields reads a comma-separated list of ip, user, path, query and agent.
func ParseFields(list string) (Fields, error) {
	var f Fields
	for _, name := range strings.Split(list, ",") {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "":
		case "ip":
			f.IP = true
		case "user":
			f.User = true
		case "path":
			f.Path = true
		case "query":
			f.Query = true
		case "agent":
			f.Agent = true
		default:
			return f, fmt.Errorf("access log field %q: want ip, user, path, query or agent", strings.TrimSpace(name))
		}
	}
	return f, nil
}

// AccessLog writes one line per request.
type AccessLog struct {
	Log     *slog.Logger
	Fields  Fields
	Proxies proxy.Trusted // whose X-Forwarded-For gives the client's address
}

// request is what the layers inside tell the outermost about a request: the route the
// innermost router chose (Label), who asked (SetUser) and the request's id.
type request struct {
	route string
	user  int64
	id    string
}

type ctxKey struct{}

func from(ctx context.Context) *request {
	rq, _ := ctx.Value(ctxKey{}).(*request)
	return rq
}

// RequestID is the id Observe gave the request ("" outside Observe): the API uses it for its
// X-Request-ID and its log lines, so the access log line and the API's agree.
func RequestID(ctx context.Context) string {
	if rq := from(ctx); rq != nil {
		return rq.id
	}
	return ""
}

// SetUser tells the access log who asked (0: the public).
func SetUser(ctx context.Context, id int64) {
	if rq := from(ctx); rq != nil {
		rq.user = id
	}
}

// Label wraps a router's handler chain (its middleware, then the mux) so that the request is
// counted under the pattern mux chooses. The pattern is asked of the mux before anything
// runs, because the middleware may answer without reaching it (a cached page) or pass it a
// copy of the request (WithContext), whose Pattern the outer handler never sees. A router
// inside another labels over it: the innermost one names the route. Patterns listed as
// catchAll ("/" that answers 404) count as Unmatched.
func Label(mux *http.ServeMux, next http.Handler, catchAll ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rq := from(r.Context()); rq != nil {
			_, pattern := mux.Handler(r)
			for _, c := range catchAll {
				if pattern == c {
					pattern = ""
				}
			}
			if pattern == "" {
				pattern = Unmatched
			}
			rq.route = pattern
		}
		next.ServeHTTP(w, r)
	})
}

// Observe wraps the whole site: each request is counted and timed under its route (m; nil
// counts nothing) and written to the access log (nil writes none). It gives each request an
// id: the client's X-Request-ID when it is short and plain, or a new one.
func (m *Metrics) Observe(next http.Handler, access *AccessLog) http.Handler {
	if m == nil && access == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rq := &request{route: Unmatched, id: requestID(r)}
		w.Header().Set("X-Request-ID", rq.id)
		rw := &writer{ResponseWriter: w}
		defer func() {
			if rw.status == 0 {
				rw.status = http.StatusOK
			}
			d := time.Since(start)
			m.request(rq.route, r.Method, rw.status, d.Seconds())
			if access != nil {
				access.line(r, rq, rw, d)
			}
		}()
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), ctxKey{}, rq)))
	})
}

// requestID takes the client's id when it is at most 64 letters, digits, dashes or
// underscores (it goes into logs), or makes one.
func requestID(r *http.Request) string {
	id := r.Header.Get("X-Request-ID")
	ok := id != "" && len(id) <= 64
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		ok = c == '-' || c == '_' || c == '.' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
	}
	if ok {
		return id
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (a *AccessLog) line(r *http.Request, rq *request, rw *writer, d time.Duration) {
	attrs := make([]slog.Attr, 0, 11)
	attrs = append(attrs, slog.String("method", r.Method), slog.String("route", rq.route), slog.Int("status", rw.status),
		slog.Int64("bytes", rw.bytes), slog.Float64("ms", float64(d.Microseconds())/1000), slog.String("request_id", rq.id))
	f := a.Fields
	if f.IP {
		attrs = append(attrs, slog.String("ip", a.Proxies.ClientAddress(r)))
	}
	if f.User && rq.user != 0 {
		attrs = append(attrs, slog.Int64("user", rq.user))
	}
	if f.Path {
		attrs = append(attrs, slog.String("path", r.URL.Path))
	}
	if f.Query && r.URL.RawQuery != "" {
		attrs = append(attrs, slog.String("query", r.URL.RawQuery))
	}
	if f.Agent {
		attrs = append(attrs, slog.String("agent", r.UserAgent()))
	}
	a.Log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// writer notes the status and the bytes of the body sent.
type writer struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *writer) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer (Flush, deadlines).
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
