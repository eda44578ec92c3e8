// Package proxy knows the load balancers and proxies in front of Klimaspor that the
// configuration trusts (KLIMASPOR_TRUSTED_PROXIES), and reads what only they may tell: the
// client's address (X-Forwarded-For) and whether the client came over HTTPS
// (X-Forwarded-Proto). The same headers from anyone else are ignored. The pages and the API
// share it.
package proxy

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Trusted lists the trusted proxies' addresses and ranges; nil trusts none.
type Trusted []netip.Prefix

// Parse reads a comma-separated list of addresses and CIDR ranges.
func Parse(list string) (Trusted, error) {
	var t Trusted
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			a, err := netip.ParseAddr(item)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", item, err)
			}
			item = netip.PrefixFrom(a, a.BitLen()).String()
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", item, err)
		}
		t = append(t, p.Masked())
	}
	return t, nil
}

// peer is the address of the connection, without its port.
func peer(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ClientAddress is the address a request came from, without its port. Behind a trusted
// proxy it is the last address in X-Forwarded-For that is not itself a trusted proxy;
// otherwise the connection's address, so a client cannot choose its own address by sending
// the header.
func (t Trusted) ClientAddress(r *http.Request) string {
	host := peer(r)
	if !t.trusts(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break
		}
		if !t.trusts(hop) {
			return hop
		}
	}
	return host
}

// HTTPS reports whether the client reached us over HTTPS: this server terminated TLS, or a
// trusted proxy that did says so in X-Forwarded-Proto. Of a list ("https, http", from
// proxies that append) the first is the scheme the client used at the outermost proxy. A
// client that sends the header itself gains nothing: its header is read only when the
// connection comes from a trusted proxy, and a browser ignores HSTS over plain HTTP anyway.
func (t Trusted) HTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if !t.trusts(peer(r)) {
		return false
	}
	first, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(first), "https")
}

func (t Trusted) trusts(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range t {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}
