// Package httpcache holds what the API and the web pages share to answer cheaply and
// correctly from a cache: a byte-bounded LRU whose entries are valid for one data
// version, ETag matching, gzip with pooled coders, and a ResponseWriter that keeps an
// answer instead of sending it.
package httpcache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// LRU is a byte-bounded least-recently-used cache. An entry belongs to one data version:
// asked for with another version, it is missed, so nothing stale is served. Data versions
// only rise, so an entry asked for with a newer version is dropped, and one of a newer
// version than the asker's or the putter's is kept: a render that began before a write
// and ends after it must not push out the page of the new data.
type LRU[V any] struct {
	mu      sync.Mutex
	max     int // bytes
	maxItem int // largest entry kept, in bytes
	size    func(V) int
	bytes   int
	ll      *list.List
	m       map[string]*list.Element
	// hits and misses count Get's answers, for the metrics (Stats).
	hits, misses atomic.Uint64
}

// Stats is what a cache holds and how it has answered, for the metrics.
type Stats struct {
	Hits, Misses    uint64 // Get's answers since the cache was made
	Bytes, MaxBytes int    // the entries' size and the limit
	Items           int
}

// Stats reports the cache's counters and size; a nil cache (turned off) reports zeros.
func (c *LRU[V]) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Bytes: c.bytes, MaxBytes: c.max, Items: c.ll.Len()}
}

type entry[V any] struct {
	key     string
	version int64
	v       V
	size    int
}

// NewLRU makes a cache of at most maxBytes, measuring entries with size; entries larger
// than maxItem are not kept.
func NewLRU[V any](maxBytes, maxItem int, size func(V) int) *LRU[V] {
	return &LRU[V]{max: maxBytes, maxItem: maxItem, size: size, ll: list.New(), m: map[string]*list.Element{}}
}

// Get returns the entry of key if it was stored for version, and counts a hit or a miss.
func (c *LRU[V]) Get(key string, version int64) (V, bool) {
	v, ok := c.Recheck(key, version)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return v, ok
}

// Recheck is Get without counting: the second look of a request whose miss Get has already
// counted (a flight's leader looks again before it renders).
func (c *LRU[V]) Recheck(key string, version int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	el, ok := c.m[key]
	if !ok {
		return zero, false
	}
	e := el.Value.(*entry[V])
	if e.version != version {
		if e.version < version {
			c.remove(el)
		}
		return zero, false
	}
	c.ll.MoveToFront(el)
	return e.v, true
}

// Put stores v as key's entry for version, unless the entry there is of a newer version,
// evicting the least recently used entries
// beyond the size limit.
func (c *LRU[V]) Put(key string, version int64, v V) {
	n := c.size(v) + len(key)
	if n > c.maxItem {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		if el.Value.(*entry[V]).version > version {
			return
		}
		c.remove(el)
	}
	c.m[key] = c.ll.PushFront(&entry[V]{key: key, version: version, v: v, size: n})
	c.bytes += n
	for c.bytes > c.max && c.ll.Len() > 0 {
		c.remove(c.ll.Back())
	}
}

func (c *LRU[V]) remove(el *list.Element) {
	e := c.ll.Remove(el).(*entry[V])
	delete(c.m, e.key)
	c.bytes -= e.size
}

// ETagMatches reports whether an If-None-Match header names the tag (weak or strong).
func ETagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == tag || t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// AcceptsGzip reports whether the request's Accept-Encoding allows gzip.
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

var gzipBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Gzip compresses b, fast rather than small. The result's capacity is its length: the
// caches keep it and count its length, and a growing buffer's spare capacity (up to as much
// again) once made a "64 MB" answer cache hold twice that (issue 14's memory goal).
func Gzip(b []byte) []byte {
	out := gzipBuffers.Get().(*bytes.Buffer)
	out.Reset()
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(out)
	zw.Write(b)
	zw.Close()
	gzipWriters.Put(zw)
	gz := bytes.Clone(out.Bytes())
	if out.Cap() <= 1<<20 { // a rare huge answer's buffer is not kept for the next
		gzipBuffers.Put(out)
	}
	return gz
}

var gzipReaders sync.Pool

// Gunzip appends the unpacked gz to dst, with a pooled reader: a new gzip.Reader per
// answer costs more than the unpacking.
func Gunzip(dst, gz []byte) ([]byte, error) {
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

// Capture is a ResponseWriter that keeps an answer instead of sending it.
type Capture struct {
	header http.Header
	Status int // 0 until the handler writes
	Body   bytes.Buffer
}

// NewCapture makes an empty Capture.
func NewCapture() *Capture { return &Capture{header: http.Header{}} }

func (c *Capture) Header() http.Header { return c.header }

func (c *Capture) WriteHeader(code int) {
	if c.Status == 0 {
		c.Status = code
	}
}

func (c *Capture) Write(b []byte) (int, error) {
	if c.Status == 0 {
		c.Status = http.StatusOK
	}
	return c.Body.Write(b)
}
