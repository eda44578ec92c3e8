package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/httpcache"
	"klimaspor/internal/metrics"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// Every page answer passes through wrap: it sets the security headers, and a GET or HEAD
// page is tagged with a strong ETag made of the database's data version
// (store.DB.DataVersion, which every committed write raises), the reader's language, the
// path and query and the build (binary and templates). A client that sends the tag back
// gets 304. The page is gzipped for clients that take it, and kept, both ways, in a
// byte-bounded LRU cache under the same key, so while the data stays the same a page is
// rendered once. Nothing stale is served: a new data version misses the cache. Public
// requests that miss together (a fresh server, or right after a write) share one render
// (httpcache.Flights, keyed by the cache's key and the data version).

// securityHeaders go on every answer of the web interface.
var securityHeaders = [][2]string{
	{"Content-Security-Policy", page.ContentSecurityPolicy},
	{"Referrer-Policy", "same-origin"},
	{"X-Content-Type-Options", "nosniff"},
}

// minGzip is the smallest body worth compressing.
const minGzip = 1024

// DefaultPageCache is the page cache's size in bytes unless SetCache changes it.
const DefaultPageCache = 32 << 20

// maxCachedPage keeps unusually large answers out of the cache.
const maxCachedPage = 1 << 20

// buildTag identifies the binary and its embedded templates and stylesheet, so that a
// new release never answers 304 to a page rendered by the old one.
func buildTag(templates, css []byte) string {
	h := sha256.New()
	if bi, ok := debug.ReadBuildInfo(); ok {
		h.Write([]byte(bi.String()))
	}
	h.Write(templates)
	h.Write(css)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// SetCache sets the size of the page cache in bytes; 0 turns it off. ETags and 304s work
// either way.
func (s *Server) SetCache(maxBytes int) {
	if maxBytes <= 0 {
		s.cache = nil
		return
	}
	s.cache = newPageCache(maxBytes)
}

// wrap adds the headers, the ETag, compression and the cache to the pages' handler.
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range securityHeaders {
			h.Set(kv[0], kv[1])
		}
		if s.Proxies.HTTPS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		// Who reads: a signed-in person or the public. Changes made through the pages are
		// theirs, through the web channel, under their authorization.
		p, token, err := s.Sessions.Load(r.Context(), r)
		if err != nil {
			s.Log.Error("web: session", "err", err)
			p, token = auth.Public, ""
		}
		metrics.SetUser(r.Context(), p.User.ID)
		ctx := page.WithPrincipal(r.Context(), p, token)
		ctx = store.WithActor(ctx, store.Actor{UserID: p.User.ID, Channel: store.ChannelWeb, Guard: auth.Guard(p)})
		r = r.WithContext(ctx)
		if p.Signed() {
			// A signed-in person's pages show their drafts and their edit links: never kept, never shared.
			h.Set("Cache-Control", "private, no-store")
			h.Set("Vary", "Cookie")
		}
		// No page takes a query parameter that is very long or not text, nor has an address
		// that is not text: refused here, once for all, before a handler or the database sees it.
		if pe := store.CheckParams(r.URL.Query()); pe != nil {
			s.Handle(func(http.ResponseWriter, *http.Request) error { return pe }).ServeHTTP(w, r)
			return
		}
		if model.TextProblem(r.URL.Path) != "" {
			s.Handle(func(http.ResponseWriter, *http.Request) error { return page.ErrNotFound }).ServeHTTP(w, r)
			return
		}
		if p.Signed() {
			next.ServeHTTP(w, r)
			return
		}
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.URL.Path == "/sprog" {
			next.ServeHTTP(w, r)
			return
		}
		version, err := s.DB.DataVersion(r.Context())
		if err != nil {
			next.ServeHTTP(w, r) // the page itself will report the database's trouble
			return
		}
		lang := page.Localizer(r).Code()
		// The day is part of the key: what is overdue, and which target counts, change at
		// midnight (Danish time) without a write.
		day := s.Clock().In(page.DanishTime).Format(time.DateOnly)
		key := lang + " " + day + " " + r.URL.RequestURI()
		sum := fnv.New64a()
		sum.Write([]byte(s.build))
		sum.Write([]byte{0})
		sum.Write([]byte(key))
		tag := `"` + strconv.FormatInt(version, 10) + "-" + lang + "-" + strconv.FormatUint(sum.Sum64(), 36)
		plainTag, gzTag := tag+`"`, tag+`-gz"`
		gz := httpcache.AcceptsGzip(r)
		if inm := r.Header.Get("If-None-Match"); inm != "" && (httpcache.ETagMatches(inm, plainTag) || httpcache.ETagMatches(inm, gzTag)) {
			setPageHeaders(h, lang, plainTag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if s.cache == nil {
			e, cw := s.render(next, r, key, version, gz)
			s.send(w, e, cw, gz, plainTag, gzTag)
			return
		}
		if e, ok := s.cache.Get(key, version); ok {
			sendPage(w, e, gz, plainTag, gzTag)
			return
		}
		// A miss: concurrent misses of the same page and data version render once (the
		// flight's key is the cache's key and the version). A waiter is served the
		// leader's page as it would have been from the cache; when the page is not one
		// the cache keeps, each waiter renders its own.
		var mine *httpcache.Capture // set only when this request's own render runs
		e, ok, err := s.flights.Do(r.Context(), strconv.FormatInt(version, 10)+" "+key, func(ctx context.Context) (*pageEntry, bool) {
			// A flight that has just ended may have stored the page after this caller's miss.
			if e, ok := s.cache.Recheck(key, version); ok {
				return e, true
			}
			e, cw := s.render(next, r.Clone(ctx), key, version, true)
			mine = cw
			return e, e != nil
		})
		switch {
		case err != nil:
			return // the client has gone
		case !ok:
			e, mine = s.render(next, r, key, version, true)
		}
		s.send(w, e, mine, gz, plainTag, gzTag)
	})
}

// render renders a public page and, when it is a plain 200 page that anyone with the key
// may be given, makes it a cache entry and keeps it. Otherwise the entry is nil and the
// captured answer is to be sent to this client alone.
//
// zip asks for the gzipped copy too: always when the cache keeps the entry, otherwise only
// for a client that takes gzip (with the cache off, zipping a municipality page for a
// client that takes it plain was 3 % of the pages' render time, issue 14).
func (s *Server) render(next http.Handler, r *http.Request, key string, version int64, zip bool) (*pageEntry, *httpcache.Capture) {
	cw := httpcache.NewCapture()
	next.ServeHTTP(cw, r)
	if cw.Status == 0 {
		cw.Status = http.StatusOK
	}
	// Only a plain 200 page is tagged and kept; one that sets a cookie or its own
	// caching rules is sent as it is.
	if cw.Status != http.StatusOK || cw.Header().Get("Set-Cookie") != "" || cw.Header().Get("Cache-Control") != "" {
		return nil, cw
	}
	e := &pageEntry{key: key, version: version, contentType: cw.Header().Get("Content-Type"), lang: cw.Header().Get("Content-Language"),
		disposition: cw.Header().Get("Content-Disposition"), plain: cw.Body.Bytes()}
	if s.cache != nil {
		// Kept: without the capture buffer's spare capacity, which the cache does not count.
		e.plain = bytes.Clone(e.plain)
	}
	if zip && len(e.plain) > minGzip && compressible(e.contentType) {
		e.gz = httpcache.Gzip(e.plain)
	}
	if s.cache != nil {
		s.cache.Put(e.key, e.version, e)
	}
	return e, cw
}

// send answers with what render made: the client's own capture's headers (nil for a
// waiter served a shared page, which gets the headers a cache hit gets), then the page,
// tagged, or the uncacheable answer as it is.
func (s *Server) send(w http.ResponseWriter, e *pageEntry, cw *httpcache.Capture, gz bool, plainTag, gzTag string) {
	if cw != nil {
		h := w.Header()
		for k, v := range cw.Header() {
			h[k] = v
		}
	}
	if e == nil {
		sendRaw(w, cw, gz)
		return
	}
	sendPage(w, e, gz, plainTag, gzTag)
}

func setPageHeaders(h http.Header, lang, tag string) {
	h.Set("ETag", tag)
	h.Set("Cache-Control", "no-cache") // keep it, but ask each time
	h.Set("Vary", "Accept-Encoding, Cookie, Accept-Language")
	if lang != "" {
		h.Set("Content-Language", lang)
	}
}

// sendPage answers 200 with a page, gzipped when the client takes it and it is worth it.
func sendPage(w http.ResponseWriter, e *pageEntry, gz bool, plainTag, gzTag string) {
	h := w.Header()
	h.Set("Content-Type", e.contentType)
	if e.disposition != "" {
		h.Set("Content-Disposition", e.disposition) // a list's file (export.go) stays a download
	}
	body, tag := e.plain, plainTag
	if gz && e.gz != nil {
		body, tag = e.gz, gzTag
		h.Set("Content-Encoding", "gzip")
	}
	setPageHeaders(h, e.lang, tag)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// sendRaw sends a captured answer as it is, gzipped when the client takes it.
func sendRaw(w http.ResponseWriter, cw *httpcache.Capture, gz bool) {
	body := cw.Body.Bytes()
	h := w.Header()
	h.Set("Vary", "Accept-Encoding, Cookie, Accept-Language")
	if gz && len(body) > minGzip && h.Get("Content-Encoding") == "" {
		body = httpcache.Gzip(body)
		h.Set("Content-Encoding", "gzip")
	}
	if cw.Status != http.StatusNotModified && cw.Status >= 200 && cw.Status != http.StatusNoContent {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(cw.Status)
	w.Write(body)
}

// pageEntry is one rendered page, plain and gzipped (nil when too small to be worth it).
type pageEntry struct {
	key, contentType, lang string
	disposition            string // set for a file, such as a list's CSV or XLSX
	version                int64
	plain, gz              []byte
}

// compressible reports whether gzip is worth it: not for an XLSX file, already a zip.
func compressible(contentType string) bool {
	return !strings.HasPrefix(contentType, "application/vnd.openxmlformats")
}

// newPageCache keeps rendered pages, plain and gzipped.
func newPageCache(maxBytes int) *httpcache.LRU[*pageEntry] {
	return httpcache.NewLRU(maxBytes, maxCachedPage, func(e *pageEntry) int { return len(e.plain) + len(e.gz) })
}
