package httpcache

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

func TestLRUDropsOtherVersionsAndEvictsOldest(t *testing.T) {
	c := NewLRU(20, 15, func(b []byte) int { return len(b) })
	c.Put("a", 1, []byte("12345"))
	if _, ok := c.Get("a", 2); ok {
		t.Error("an entry of version 1 was served for version 2")
	}
	if _, ok := c.Get("a", 1); ok {
		t.Error("the entry of another version was not dropped")
	}
	c.Put("a", 1, []byte("12345")) // 6 bytes with its key
	c.Put("b", 1, []byte("12345"))
	c.Get("a", 1) // a is now the most recently used
	c.Put("c", 1, []byte("1234567890"))
	if _, ok := c.Get("b", 1); ok {
		t.Error("the least recently used entry was not evicted")
	}
	if v, ok := c.Get("a", 1); !ok || string(v) != "12345" {
		t.Errorf("a = %q %v", v, ok)
	}
	c.Put("big", 1, bytes.Repeat([]byte("x"), 20))
	if _, ok := c.Get("big", 1); ok {
		t.Error("an entry over the item limit was kept")
	}
}

// TestLRUKeepsTheNewerVersion: a render that began before a write and ends after it (its
// version older) neither replaces nor drops the entry of the newer data.
func TestLRUKeepsTheNewerVersion(t *testing.T) {
	c := NewLRU(100, 100, func(b []byte) int { return len(b) })
	c.Put("a", 2, []byte("new"))
	c.Put("a", 1, []byte("old"))
	if _, ok := c.Get("a", 1); ok {
		t.Error("an entry was served for another version")
	}
	if v, ok := c.Get("a", 2); !ok || string(v) != "new" {
		t.Errorf("version 2: %q %v, want the newer entry kept", v, ok)
	}
	c.Put("a", 3, []byte("newest"))
	if v, ok := c.Get("a", 3); !ok || string(v) != "newest" {
		t.Errorf("version 3: %q %v", v, ok)
	}
}

func TestGzipRoundTripAndNegotiation(t *testing.T) {
	in := bytes.Repeat([]byte("Klimaspor æøå "), 500)
	out, err := Gunzip(nil, Gzip(in))
	if err != nil || !bytes.Equal(in, out) {
		t.Fatalf("round trip: %v", err)
	}
	for h, want := range map[string]bool{"gzip": true, "br, gzip;q=0.8": true, "gzip;q=0": false, "identity": false, "": false} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", h)
		if got := AcceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", h, got, want)
		}
	}
	for _, c := range []struct {
		header string
		want   bool
	}{{`"1-a"`, true}, {`W/"1-a"`, true}, {`"2-a", "1-a"`, true}, {`*`, true}, {`"1-b"`, false}} {
		if got := ETagMatches(c.header, `"1-a"`); got != c.want {
			t.Errorf("If-None-Match %s: %v", c.header, got)
		}
	}
}
