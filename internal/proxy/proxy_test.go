package proxy

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

// TestHTTPSIsBelievedOnlyFromATrustedProxy: X-Forwarded-Proto counts only when the
// connection comes from a trusted proxy; TLS terminated here always counts.
func TestHTTPSIsBelievedOnlyFromATrustedProxy(t *testing.T) {
	trusted, err := Parse("10.0.0.0/8, 192.168.1.5, ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, remote, proto string
		tls                 bool
		want                bool
	}{
		{"TLS here", "203.0.113.7:5000", "", true, true},
		{"plain HTTP", "203.0.113.7:5000", "", false, false},
		{"a client's own header", "203.0.113.7:5000", "https", false, false},
		{"the load balancer says https", "10.1.2.3:5000", "https", false, true},
		{"in capitals", "192.168.1.5:5000", "HTTPS", false, true},
		{"over IPv6", "[::1]:5000", "https", false, true},
		{"the load balancer says http", "10.1.2.3:5000", "http", false, false},
		{"no header from the load balancer", "10.1.2.3:5000", "", false, false},
		{"appended: the outermost counts", "10.1.2.3:5000", "https, http", false, true},
		{"appended behind plain HTTP", "10.1.2.3:5000", "http, https", false, false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.proto != "" {
			r.Header.Set("X-Forwarded-Proto", c.proto)
		}
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if got := trusted.HTTPS(r); got != c.want {
			t.Errorf("%s: HTTPS = %v, want %v", c.name, got, c.want)
		}
	}
	var none Trusted
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.2.3:5000"
	r.Header.Set("X-Forwarded-Proto", "https")
	if none.HTTPS(r) {
		t.Error("with no trusted proxy, the header is believed")
	}
	if _, err := Parse("10.0.0.0/8, not-an-address"); err == nil {
		t.Error("a bad proxy address is accepted")
	}
}
