package api

import (
	"context"
	"hash/fnv"
	"net/http"
	"strconv"

	"klimaspor/internal/httpcache"
	"klimaspor/internal/rollup"
)

// Answers to GET requests are cached by URL and tagged with the database's data version
// (store.DB.DataVersion), which every committed write raises, in this process or any other
// app server or CLI import. A request costs one small query to read the version; while it
// is unchanged the cached bytes are served, and a client that sends the ETag it has gets
// 304. Nothing stale is ever served: a changed version misses the cache. Public reads that
// miss together run once and share the answer (httpcache.Flights, keyed by the cache's key
// and the data version).

// maxCachedAnswer keeps very large answers (big pages) out of the cache.
const maxCachedAnswer = 1 << 20

// SetCache sets the size of the answer cache in bytes; 0 turns it off.
func (s *Server) SetCache(maxBytes int) {
	if maxBytes <= 0 {
		s.cache = nil
		return
	}
	s.cache = newAnswerCache(maxBytes)
}

// newAnswerCache keeps gzipped answers.
func newAnswerCache(maxBytes int) *httpcache.LRU[[]byte] {
	return httpcache.NewLRU(maxBytes, maxCachedAnswer, func(b []byte) int { return len(b) })
}

// cachedGET serves a read from the cache when the data has not changed, and answers 304
// to a client that already has it. Answers are kept gzipped (a series page shrinks about
// tenfold, so the whole national data set's series fit in the default cache) and sent
// gzipped to clients that accept it.
func (s *Server) cachedGET(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if principal(r.Context()).Signed() {
			// A signed-in reader may see drafts: their answers are theirs alone.
			w.Header().Set("Cache-Control", "private, no-store")
			return h(w, r)
		}
		version, err := s.db.DataVersion(r.Context())
		if err != nil {
			return err
		}
		// The Danish day is part of the key: what is overdue, which target counts and which
		// plan is adopted by its date change at midnight without a write.
		key := rollup.Today(s.now()) + " " + r.URL.RequestURI()
		hash := fnv.New64a()
		hash.Write([]byte(key))
		tag := `"` + strconv.FormatInt(version, 10) + "-" + strconv.FormatUint(hash.Sum64(), 36) + `"`
		hdr := w.Header()
		hdr.Set("ETag", tag)
		hdr.Set("Cache-Control", "no-cache") // keep it, but ask each time
		hdr.Set("Vary", "Accept-Encoding")
		if inm := r.Header.Get("If-None-Match"); inm != "" && httpcache.ETagMatches(inm, tag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		gz := httpcache.AcceptsGzip(r)
		if s.cache == nil {
			if !gz {
				// Nothing keeps the answer and the client takes it plain: write it straight
				// out, not gzipped and unpacked again (8 % of an uncached series, issue 14).
				return h(w, r)
			}
			body, cw, err := s.answer(h, r, key, version)
			return send(w, body, cw, err, gz)
		}
		if body, ok := s.cache.Get(key, version); ok {
			return writeCompressed(w, body, gz)
		}
		// A miss: concurrent misses of the same answer and data version run its queries
		// once (the flight's key is the cache's key and the version). A waiter is served
		// the leader's answer as it would have been from the cache; when the answer is not
		// one the cache keeps (an error, a small answer), each waiter makes its own.
		var (
			mine    *httpcache.Capture // set only when this request's own handler runs
			mineErr error
		)
		body, ok, err := s.flights.Do(r.Context(), strconv.FormatInt(version, 10)+" "+key, func(ctx context.Context) ([]byte, bool) {
			// A flight that has just ended may have stored the answer after this caller's miss.
			if body, ok := s.cache.Recheck(key, version); ok {
				return body, true
			}
			body, cw, err := s.answer(h, r.Clone(ctx), key, version)
			mine, mineErr = cw, err
			return body, body != nil
		})
		switch {
		case err != nil:
			return nil // the client has gone
		case !ok:
			body, mine, mineErr = s.answer(h, r, key, version)
		}
		return send(w, body, mine, mineErr, gz)
	}
}

// answer runs a public read and, when its answer is one the cache keeps (a 200 of at least
// 512 bytes, which anyone may be given), returns it gzipped and keeps it. Otherwise body is
// nil, and the handler's error or captured answer is for this client alone.
func (s *Server) answer(h handler, r *http.Request, key string, version int64) (body []byte, cw *httpcache.Capture, err error) {
	cw = httpcache.NewCapture()
	if err := h(cw, r); err != nil {
		return nil, nil, err
	}
	if cw.Status != http.StatusOK || cw.Body.Len() < 512 {
		return nil, cw, nil
	}
	body = httpcache.Gzip(cw.Body.Bytes())
	if s.cache != nil {
		s.cache.Put(key, version, body)
	}
	return body, cw, nil
}

// send answers with what answer made: the handler's error; or the client's own capture's
// headers (nil for a waiter served a shared answer, which is answered like a cache hit),
// then the answer, gzipped for a client that takes it.
func send(w http.ResponseWriter, body []byte, cw *httpcache.Capture, err error, gz bool) error {
	if err != nil {
		return err
	}
	if cw == nil {
		return writeCompressed(w, body, gz)
	}
	hdr := w.Header()
	for k, v := range cw.Header() {
		hdr[k] = v
	}
	if body == nil || !gz {
		w.WriteHeader(cw.Status)
		_, err := w.Write(cw.Body.Bytes())
		return err
	}
	return writeCompressed(w, body, true)
}

// writeCompressed answers 200 with a gzipped JSON body, unpacked for a client that does
// not take gzip.
func writeCompressed(w http.ResponseWriter, gz []byte, clientTakesGzip bool) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if clientTakesGzip {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(gz)))
		w.WriteHeader(http.StatusOK)
		_, err := w.Write(gz)
		return err
	}
	bp := bufs.Get().(*[]byte)
	defer bufs.Put(bp)
	plain, err := httpcache.Gunzip((*bp)[:0], gz)
	*bp = plain
	if err != nil {
		return err
	}
	return writeBytes(w, http.StatusOK, plain)
}
