// Package api serves Klimaspor's JSON API under /api/v1, its OpenAPI document, and the
// health checks. The resources' handlers are driven by the model descriptors, so the
// routes, the validation and the OpenAPI document describe the same thing.
package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/files"
	"klimaspor/internal/httpcache"
	"klimaspor/internal/metrics"
	"klimaspor/internal/model"
	"klimaspor/internal/proxy"
	"klimaspor/internal/sheet"
	"klimaspor/internal/store"
)

// MaxBody is the largest JSON body accepted.
const MaxBody = 1 << 20

// Server holds what the handlers need.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	version string
	routes  []Route
	cache   *httpcache.LRU[[]byte] // gzipped answers; nil: no cache
	proxies proxy.Trusted          // load balancers whose X-Forwarded-Proto is believed
	// maxImport is the largest spreadsheet an import takes, in bytes.
	maxImport int64
	// maxFile is the largest file an upload takes, in bytes; blobs keeps files' bytes
	// (library_files.go).
	maxFile int64
	blobs   files.Blobs
	// now is the time now: time.Now, or a test's clock (the answer cache turns with the day).
	now func() time.Time

	// flights makes concurrent misses of one answer run once (cache.go).
	flights httpcache.Flights[[]byte]
	// metrics counts the imports; nil counts nothing.
	metrics *metrics.Metrics
}

// SetMetrics sets where the imports are counted, and reports the answer cache's counters
// there (a nil m counts nothing).
func (s *Server) SetMetrics(m *metrics.Metrics) {
	s.metrics = m
	m.Cache("api", func() httpcache.Stats { return s.cache.Stats() })
}

// DefaultCache is the answer cache's default size in bytes.
const DefaultCache = 64 << 20

// Route is one entry of the route table; the OpenAPI test walks the same table.
type Route struct {
	Method, Pattern string
	Resource        *model.Resource // nil for the special routes
	Op              string          // list, get, create, update, delete, or a special name
	h               handler
	doc             func(op obj) // describes a special route in the OpenAPI document
}

// New builds the API server.
func New(db *store.DB, log *slog.Logger, version string) *Server {
	if log == nil {
		log = defaultLogger()
	}
	s := &Server{db: db, log: log, version: version, cache: newAnswerCache(DefaultCache), maxImport: DefaultMaxImport, maxFile: DefaultMaxFile, now: time.Now}
	if db != nil {
		s.blobs = db.Blobs()
	}
	s.routes = s.routeTable()
	return s
}

// SetTrustedProxies names the load balancers and proxies (addresses or CIDR ranges, comma
// separated) whose X-Forwarded-Proto header tells that the client came over HTTPS, for HSTS.
func (s *Server) SetTrustedProxies(list string) error {
	t, err := proxy.Parse(list)
	if err != nil {
		return fmt.Errorf("api: %w", err)
	}
	s.proxies = t
	return nil
}

// SetClock sets what the server takes for the time now (tests; nil is time.Now).
func (s *Server) SetClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.now = now
}

// Routes lists every route the API serves.
func (s *Server) Routes() []Route { return s.routes }

func (s *Server) routeTable() []Route {
	rt := []Route{
		{Method: "GET", Pattern: "/healthz", Op: "healthz", h: s.healthz},
		{Method: "GET", Pattern: "/readyz", Op: "readyz", h: s.readyz},
		{Method: "GET", Pattern: "/api/v1/openapi.json", Op: "openapi", h: s.openapi},
	}
	for _, res := range model.All {
		base := "/api/v1/" + res.Name
		rt = append(rt,
			Route{Method: "GET", Pattern: base, Resource: res, Op: "list", h: s.list(res)},
			Route{Method: "POST", Pattern: base, Resource: res, Op: "create", h: s.create(res)},
			Route{Method: "GET", Pattern: base + "/{id}", Resource: res, Op: "get", h: s.get(res)},
			Route{Method: "PATCH", Pattern: base + "/{id}", Resource: res, Op: "update", h: s.update(res)},
			Route{Method: "DELETE", Pattern: base + "/{id}", Resource: res, Op: "delete", h: s.remove(res)},
		)
	}
	for _, kind := range sheet.Kinds() {
		res, _ := model.ByName(kind)
		rt = append(rt,
			Route{Method: "GET", Pattern: "/api/v1/" + kind + "/export", Resource: res, Op: "export", h: s.export(res)},
			Route{Method: "POST", Pattern: "/api/v1/" + kind + "/import", Resource: res, Op: "import", h: s.importSheet(res)},
		)
	}
	rt = append(rt,
		Route{Method: "GET", Pattern: "/api/v1/indicators/{id}/values", Resource: model.IndicatorValues, Op: "series", h: s.series},
		Route{Method: "GET", Pattern: "/api/v1/indicators/{id}/summary", Op: "summary", h: s.summary},
		Route{Method: "GET", Pattern: "/api/v1/actions/{id}/history", Op: "history", h: s.history},
		Route{Method: "GET", Pattern: "/api/v1/reporting-rounds/{id}/overview", Op: "overview", h: s.overview},
		Route{Method: "GET", Pattern: "/api/v1/reporting-rounds/{id}/rollup", Op: "rollup", h: s.rollupDoc},
	)
	rt = append(rt, s.reportRoutes()...)
	rt = append(rt, s.emissionRoutes()...)
	rt = append(rt, s.releaseRoutes()...)
	rt = append(rt, s.pathwayRoutes()...)
	rt = append(rt, s.calculatedRoutes()...)
	rt = append(rt, s.footprintRoutes()...)
	rt = append(rt, s.procurementRoutes()...)
	rt = append(rt, s.coverageRoutes()...)
	rt = append(rt, s.peerRoutes()...)
	rt = append(rt, s.suggestionRoutes()...)
	rt = append(rt, s.searchRoutes()...)
	rt = append(rt, s.libraryFileRoutes()...)
	rt = append(rt, s.libraryActionRoutes()...)
	return rt
}

// Handler returns the HTTP handler of the API and health checks.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		h := rt.h
		switch rt.Op {
		case "list", "get", "series", "summary", "history", "reportVersions", "getReportForm", "emissionReleases", "emissionInventory", "emissionPathway", "emissionFootprint", "procurementFootprint", "coverage", "coverageActions", "peers", "themeSuggestions", "coverageHistory", "librarySearch", "siteSearch":
			h = s.cachedGET(h)
		case "import":
			h = asImport(h)
		}
		mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(h))
	}
	// Anything else under /api/ answers in JSON too, not with the mux's plain-text 404.
	mux.Handle("/api/", s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return errorf(http.StatusNotFound, "no_route", "", fmt.Sprintf("there is no %s %s in the API; see /api/v1/openapi.json", r.Method, r.URL.Path))
	}))
	// The route counted and logged is the pattern this mux chooses; its catch-all is unmatched.
	return metrics.Label(mux, s.middleware(mux), "/api/")
}

type ctxKey int

const requestIDKey ctxKey = 0

func requestID(ctx context.Context) string { v, _ := ctx.Value(requestIDKey).(string); return v }

// middleware gives each request an id (the access log's, when the server has one: package
// metrics), and turns a panic into a 500.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := metrics.RequestID(r.Context())
		if id == "" {
			id = r.Header.Get("X-Request-ID")
		}
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-ID", id)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		if s.proxies.HTTPS(r) {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		sw := &statusWriter{ResponseWriter: w, status: 200}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !sw.wrote {
					writeJSON(sw, 500, &Error{Code: "internal", Message: "something went wrong on our side; it has been logged"})
				}
			}
		}()
		// No route takes a parameter that is very long or not text: refused here, once for
		// all, before a handler or the database sees it.
		if pe := store.CheckParams(r.URL.Query()); pe != nil {
			s.wrap(func(http.ResponseWriter, *http.Request) error {
				return errorf(http.StatusBadRequest, "invalid_query", pe.Param, pe.Error())
			})(sw, r)
			return
		}
		// Who asks: an API token's person, or the public. A bad token is refused outright
		// rather than read as the public, so a client learns its token no longer works.
		p := auth.Public
		if token, given := auth.Bearer(r); given {
			var err error
			if p, err = auth.TokenPrincipal(r.Context(), s.db, token); err != nil {
				s.wrap(func(http.ResponseWriter, *http.Request) error { return err })(sw, r)
				return
			}
		}
		metrics.SetUser(r.Context(), p.User.ID)
		ctx := context.WithValue(r.Context(), principalKey, p)
		ctx = store.WithActor(ctx, store.Actor{UserID: p.User.ID, Channel: store.ChannelAPI, Guard: auth.Guard(p)})
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

const principalKey ctxKey = 1

// principal is who made the request.
func principal(ctx context.Context) *auth.Principal {
	if p, ok := ctx.Value(principalKey).(*auth.Principal); ok {
		return p
	}
	return auth.Public
}

// checkDraft hides a draft from a reader who may not see it, as if it did not exist.
func (s *Server) checkDraft(ctx context.Context, res *model.Resource, rec model.Record) error {
	ok, err := auth.Visibility(principal(ctx), res).Allows(ctx, s.db, rec)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	return nil
}

// checkVisible answers 404 for a record that is not there or that the reader may not see.
func (s *Server) checkVisible(ctx context.Context, res *model.Resource, id int64) error {
	_, err := s.visible(ctx, res, id)
	return err
}

// visible reads a record the reader may see, or answers 404 as checkVisible does.
func (s *Server) visible(ctx context.Context, res *model.Resource, id int64) (model.Record, error) {
	rec, err := s.db.Get(ctx, res, id)
	if err != nil {
		return nil, err
	}
	return rec, s.checkDraft(ctx, res, rec)
}

// checkWritable answers 404 to a signed-in writer for a record they may not see, as the
// reads do, rather than the guard's 403, which would tell them it is there. (The public
// hears 401 whatever the id.)
func (s *Server) checkWritable(ctx context.Context, res *model.Resource, id int64) error {
	if !principal(ctx).Signed() {
		return nil
	}
	return s.checkVisible(ctx, res, id)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, 200, map[string]string{"status": "ok", "version": s.version})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		return errorf(http.StatusServiceUnavailable, "not_ready", "", "the database does not answer")
	}
	// A server whose database is not at its own newest migration is not ready: before the
	// migrations ran, or after a newer release migrated further than this one knows.
	have, want, err := s.db.SchemaVersion(ctx)
	switch {
	case err != nil:
		s.log.Warn("not ready", "err", err)
		return errorf(http.StatusServiceUnavailable, "not_ready", "", "the database's migrations cannot be read")
	case have < want:
		s.log.Warn("not ready: migrations pending", "database", have, "binary", want)
		return errorf(http.StatusServiceUnavailable, "migrations_pending", "", fmt.Sprintf("the database is at migration %d, this server needs %d; run klimaspor migrate", have, want))
	case have > want:
		s.log.Warn("not ready: the database is newer than this server", "database", have, "binary", want)
		return errorf(http.StatusServiceUnavailable, "schema_newer", "", fmt.Sprintf("the database is at migration %d, newer than this server's %d; serve it with the newer release", have, want))
	}
	return writeJSON(w, 200, map[string]string{"status": "ready", "engine": s.db.Engine()})
}

// pathID reads the {id} of the path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errorf(http.StatusBadRequest, "invalid_id", "id", fmt.Sprintf("%q is not an id; ids are positive whole numbers", r.PathValue("id")))
	}
	return id, nil
}

// readBody reads a JSON body of at most MaxBody bytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "", "send the body as application/json")
		}
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// listQuery reads limit, cursor, sort and the filters from the URL.
func listQuery(r *http.Request, res *model.Resource) (model.ListQuery, error) {
	q := model.ListQuery{Filters: map[string]string{}}
	for k, vs := range r.URL.Query() {
		if len(vs) != 1 {
			return q, errorf(http.StatusBadRequest, "invalid_query", k, k+" is given more than once")
		}
		v := vs[0]
		switch k {
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > store.MaxLimit {
				return q, errorf(http.StatusBadRequest, "invalid_query", "limit", fmt.Sprintf("limit must be a whole number from 1 to %d", store.MaxLimit))
			}
			q.Limit = n
		case "cursor":
			q.Cursor = v
		case "sort":
			// "-title" sorts by title, descending.
			q.Sort, q.Desc = strings.CutPrefix(v, "-")
		default:
			q.Filters[k] = v
		}
	}
	return q, nil
}

func (s *Server) list(res *model.Resource) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := listQuery(r, res)
		if err != nil {
			return err
		}
		auth.Visibility(principal(r.Context()), res).Apply(&q)
		p, err := s.db.List(r.Context(), res, q)
		if err != nil {
			return err
		}
		return writeRecords(w, res, p.Items, p.NextCursor)
	}
}

func (s *Server) get(res *model.Resource) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		rec, err := s.db.Get(r.Context(), res, id)
		if err != nil {
			return err
		}
		if err := s.checkDraft(r.Context(), res, rec); err != nil {
			return err
		}
		return writeRecord(w, http.StatusOK, res, rec)
	}
}

func (s *Server) create(res *model.Resource) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		body, err := readBody(w, r)
		if err != nil {
			return err
		}
		rec, _, err := model.DecodeJSON(res, body)
		if err != nil {
			return err
		}
		out, err := s.db.Create(r.Context(), res, rec)
		if err != nil {
			return err
		}
		w.Header().Set("Location", "/api/v1/"+res.Name+"/"+strconv.FormatInt(out.ID(), 10))
		s.log.Info("created", "resource", res.Name, "id", out.ID(), "request_id", requestID(r.Context()))
		return writeRecord(w, http.StatusCreated, res, out)
	}
}

func (s *Server) update(res *model.Resource) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		body, err := readBody(w, r)
		if err != nil {
			return err
		}
		patch, version, err := model.DecodeJSON(res, body)
		if err != nil {
			return err
		}
		if version == nil {
			return errorf(http.StatusUnprocessableEntity, "version_required", "version", "send the version you read, so that nobody's change is overwritten")
		}
		if err := s.checkWritable(r.Context(), res, id); err != nil {
			return err
		}
		out, err := s.db.Update(r.Context(), res, id, *version, patch)
		if ce := (*store.ConflictError)(nil); errors.As(err, &ce) {
			// Both versions: what is stored now, and the change that was not saved.
			e := toError(err)
			e.Yours = patch
			return e
		}
		if err != nil {
			return err
		}
		s.log.Info("updated", "resource", res.Name, "id", id, "request_id", requestID(r.Context()))
		return writeRecord(w, http.StatusOK, res, out)
	}
}

func (s *Server) remove(res *model.Resource) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var version int64
		if v := r.URL.Query().Get("version"); v != "" {
			version, err = strconv.ParseInt(v, 10, 64)
			if err != nil || version < 1 {
				return errorf(http.StatusBadRequest, "invalid_query", "version", "version must be a positive whole number")
			}
		}
		if err := s.checkWritable(r.Context(), res, id); err != nil {
			return err
		}
		if err := s.db.Delete(r.Context(), res, id, version); err != nil {
			return err
		}
		s.log.Info("deleted", "resource", res.Name, "id", id, "request_id", requestID(r.Context()))
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// series lists one indicator's values: GET /api/v1/indicators/{id}/values. Totals whose
// breakdown does not add up carry breakdown_mismatch: true and parts_sum.
func (s *Server) series(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ind, err := s.visible(r.Context(), model.Indicators, id)
	if err != nil {
		return err
	}
	q, err := listQuery(r, model.IndicatorValues)
	if err != nil {
		return err
	}
	if _, ok := q.Filters["indicator"]; ok {
		return errorf(http.StatusBadRequest, "invalid_query", "indicator", "the indicator is given by the path")
	}
	q.Filters["indicator"] = strconv.FormatInt(id, 10)
	if q.Sort == "" {
		q.Sort = "period"
	}
	auth.Visibility(principal(r.Context()), model.IndicatorValues).Apply(&q)
	p, err := s.db.List(r.Context(), model.IndicatorValues, q)
	if err != nil {
		return err
	}
	var orgs []int64 // all, unless the series is one organisation's
	if o, ok := q.Filters["organisation"]; ok {
		org, _ := strconv.ParseInt(o, 10, 64)
		orgs = []int64{org}
	}
	parts, err := s.db.BreakdownSums(r.Context(), id, orgs)
	if err != nil {
		return err
	}
	for _, v := range model.AsIndicatorValues(p.Items) {
		if v.Breakdown() != "" {
			continue
		}
		if ps, ok := parts[store.PartsKey(v.OrganisationID(), v.Period())]; ok {
			v.Record["parts_sum"] = ps.Sum
			v.Record["breakdown_mismatch"] = store.BreakdownMismatch(v.Value(), ps.Sum)
		}
	}
	// The target the series is judged against this year: the one the pages draw and
	// measure progress to (model.Indicator.CurrentTarget).
	target, hasTarget := model.AsIndicator(ind).CurrentTarget(model.YearAt(time.Now()))
	return writeRecordsWith(w, model.IndicatorValues, p.Items, p.NextCursor, func(b []byte) []byte {
		b = append(b, `,"current_target":`...)
		if !hasTarget {
			return append(b, "null"...)
		}
		return fmt.Appendf(b, `{"year":%d,"value":%s}`, target.Year, strconv.FormatFloat(target.Value, 'g', -1, 64))
	})
}

// summary adds up an indicator's values per period: GET /api/v1/indicators/{id}/summary.
func (s *Server) summary(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var parent int64
	for k, v := range r.URL.Query() {
		if k != "parent" {
			return errorf(http.StatusBadRequest, "invalid_query", k, "the summary takes only the parameter parent")
		}
		parent, err = strconv.ParseInt(v[0], 10, 64)
		if err != nil || parent < 1 {
			return errorf(http.StatusBadRequest, "invalid_query", "parent", "parent must be an organisation id")
		}
	}
	if err := s.checkVisible(r.Context(), model.Indicators, id); err != nil {
		return err
	}
	sums, err := s.db.Summary(r.Context(), id, parent)
	if err != nil {
		return err
	}
	return writeJSON(w, 200, map[string]any{"indicator_id": id, "parent_id": nullable(parent), "periods": sums})
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// history lists an action's status changes: GET /api/v1/actions/{id}/history, for those who
// may see the action (a deleted action has no status history left).
func (s *Server) history(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.checkVisible(r.Context(), model.Actions, id); err != nil {
		return err
	}
	h, err := s.db.StatusHistory(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, 200, map[string]any{"action_id": id, "items": h})
}

// asImport records an import route's changes as made through the import channel.
func asImport(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		a := store.ActorOf(r.Context())
		a.Channel = store.ChannelImport
		return h(w, r.WithContext(store.WithActor(r.Context(), a)))
	}
}
