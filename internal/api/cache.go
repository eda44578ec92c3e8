package api

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Answers to GET requests are cached by URL and tagged with the database's data version
// (store.DB.DataVersion), which every committed write raises, in this process or any other
// app server or CLI import. A request costs one small query to read the version; while it
// is unchanged the cached bytes are served, and a client that sends the ETag it has gets
// 304. Nothing stale is ever served: a changed version misses the cache.

// answerCache is a byte-bounded LRU of answers.
type answerCache struct {
	mu    sync.Mutex
	max   int
	bytes int
	ll    *list.List
	m     map[string]*list.Element
}

type cached struct {
	key     string
	version int64
	body    []byte
}

// maxCachedAnswer keeps very large answers (big pages) out of the cache.
const maxCachedAnswer = 1 << 20

func newAnswerCache(maxBytes int) *answerCache {
	return &answerCache{max: maxBytes, ll: list.New(), m: map[string]*list.Element{}}
}

func (c *answerCache) get(key string, version int64) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[key]
	if !ok {
		return nil
	}
	e := el.Value.(*cached)
	if e.version != version {
		c.remove(el)
		return nil
	}
	c.ll.MoveToFront(el)
	return e.body
}

func (c *answerCache) put(key string, version int64, body []byte) {
	if len(body) > maxCachedAnswer {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		c.remove(el)
	}
	c.m[key] = c.ll.PushFront(&cached{key: key, version: version, body: body})
	c.bytes += len(body) + len(key)
	for c.bytes > c.max && c.ll.Len() > 0 {
		c.remove(c.ll.Back())
	}
}

func (c *answerCache) remove(el *list.Element) {
	e := c.ll.Remove(el).(*cached)
	delete(c.m, e.key)
	c.bytes -= len(e.body) + len(e.key)
}

// SetCache sets the size of the answer cache in bytes; 0 turns it off.
func (s *Server) SetCache(maxBytes int) {
	if maxBytes <= 0 {
		s.cache = nil
		return
	}
	s.cache = newAnswerCache(maxBytes)
}

// etagMatches reports whether an If-None-Match header names the tag.
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == tag || t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// cachedGET serves a read from the cache when the data has not changed, and answers 304
// to a client that already has it. Answers are kept gzipped (a series page shrinks about
// tenfold, so the whole national data set's series fit in the default cache) and sent
// gzipped to clients that accept it.
func (s *Server) cachedGET(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		version, err := s.db.DataVersion(r.Context())
		if err != nil {
			return err
		}
		key := r.URL.RequestURI()
		hash := fnv.New64a()
		hash.Write([]byte(key))
		tag := `"` + strconv.FormatInt(version, 10) + "-" + strconv.FormatUint(hash.Sum64(), 36) + `"`
		hdr := w.Header()
		hdr.Set("ETag", tag)
		hdr.Set("Cache-Control", "no-cache") // keep it, but ask each time
		hdr.Set("Vary", "Accept-Encoding")
		if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, tag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		gz := acceptsGzip(r)
		if s.cache != nil {
			if body := s.cache.get(key, version); body != nil {
				return writeCompressed(w, body, gz)
			}
		}
		cw := &captureWriter{header: http.Header{}}
		if err := h(cw, r); err != nil {
			return err
		}
		for k, v := range cw.header {
			hdr[k] = v
		}
		if cw.status != http.StatusOK || cw.buf.Len() < 512 {
			w.WriteHeader(cw.status)
			_, err := w.Write(cw.buf.Bytes())
			return err
		}
		body := compress(cw.buf.Bytes())
		if s.cache != nil {
			s.cache.put(key, version, body)
		}
		if !gz {
			w.WriteHeader(http.StatusOK)
			_, err := w.Write(cw.buf.Bytes())
			return err
		}
		return writeCompressed(w, body, true)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

func compress(b []byte) []byte {
	var out bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&out)
	zw.Write(b)
	zw.Close()
	gzipWriters.Put(zw)
	return out.Bytes()
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
	plain, err := gunzip((*bp)[:0], gz)
	*bp = plain
	if err != nil {
		return err
	}
	return writeBytes(w, http.StatusOK, plain)
}

var gzipReaders sync.Pool

// gunzip appends the unpacked gz to dst, with a pooled reader: a new gzip.Reader per
// answer costs more than the unpacking.
func gunzip(dst, gz []byte) ([]byte, error) {
	var zr *gzip.Reader
	if v := gzipReaders.Get(); v != nil {
		zr = v.(*gzip.Reader)
		if err := zr.Reset(bytes.NewReader(gz)); err != nil {
			return dst, err
		}
	} else {
		var err error
		if zr, err = gzip.NewReader(bytes.NewReader(gz)); err != nil {
			return dst, err
		}
	}
	defer gzipReaders.Put(zr)
	for {
		if len(dst) == cap(dst) {
			dst = append(dst, 0)[:len(dst)]
		}
		n, err := zr.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
}

// captureWriter keeps an answer instead of sending it.
type captureWriter struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (c *captureWriter) Header() http.Header { return c.header }

func (c *captureWriter) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
}

func (c *captureWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.buf.Write(b)
}
