package trust

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/web/page"
)

// maxURLs is the sitemap protocol's limit of addresses in one file; a site with more has an
// index of files of at most this many (sitemapPart). A variable for the test.
var maxURLs = 50000

// sitemapPartPath is where the parts of a sitemap too large for one file are: /sitemaps/1.xml …
const sitemapPartPath = "/sitemaps/"

// fixedPaths are the public pages that are not a record's, in the order a reader meets them.
// The cross-plan pages' addresses are internal/web/crossplan's; the climate accounts'
// internal/web/climate's (this module imports no other module).
var fixedPaths = []string{"/", "/indsatser", "/sammenlign", "/paa-tvaers", "/paa-tvaers/kort", "/paa-tvaers/udvikling",
	"/bibliotek", "/danmark/klimaregnskab", AccessibilityPath, PrivacyPath}

// sitemapURL is one address with the day its record last changed (if it is a record's).
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// publicURLs lists every page an anonymous reader can see: the fixed pages, and the pages of
// the records the public may read, by the same visibility the pages apply (drafts never).
// Forms, a person's pages, searches, filters and downloads are left out, as robots.txt keeps
// crawlers from them.
func (s *Pages) publicURLs(ctx context.Context) ([]sitemapURL, error) {
	ctx = page.WithPrincipal(ctx, auth.Public, "")
	base := s.BaseURL
	var out []sitemapURL
	for _, p := range fixedPaths {
		out = append(out, sitemapURL{Loc: base + p})
	}
	add := func(path string, r model.Record) {
		day, _ := r["updated_at"].(string)
		if len(day) >= 10 {
			day = day[:10]
		}
		out = append(out, sitemapURL{Loc: base + path, LastMod: day})
	}
	code := func(r model.Record) string { c, _ := r["code"].(string); return c }
	orgs, err := s.All(ctx, model.Organisations, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range orgs {
		switch model.AsOrganisation(r).Kind() {
		case "municipality":
			add("/kommuner/"+code(r), r)
			add("/kommuner/"+code(r)+"/klimaregnskab", r)
		case "region":
			add("/regioner/"+code(r)+"/klimaregnskab", r)
		}
	}
	for _, res := range []struct {
		res  *model.Resource
		path func(model.Record) string
	}{
		{model.Projects, func(r model.Record) string { return "/projekter/" + code(r) }},
		{model.Indicators, func(r model.Record) string { return "/noegletal/" + code(r) }},
		{model.Themes, func(r model.Record) string { return "/paa-tvaers/tema/" + strconv.FormatInt(r.ID(), 10) }},
		{model.LibraryItems, func(r model.Record) string { return "/bibliotek/" + strconv.FormatInt(r.ID(), 10) }},
		{model.Actions, func(r model.Record) string { return "/indsatser/" + strconv.FormatInt(r.ID(), 10) }},
	} {
		recs, err := s.All(ctx, res.res, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			add(res.path(r), r)
		}
	}
	return out, nil
}

// sitemapCache keeps the last listing, and the files written from it, with the data version
// they were made at. The sitemap is too large for the page cache (about 3 MB at national
// scale, 29,000 addresses, 2–3 s to list and most of a second to write as XML), so it keeps
// its own; the lock makes readers who come while it is made wait for that one listing instead
// of each starting their own.
type sitemapCache struct {
	mu      sync.Mutex
	version int64
	base    string
	max     int
	urls    []sitemapURL
	files   map[int][]byte // 0: /sitemap.xml; n: /sitemaps/n.xml
}

// sitemapFile is the sitemap's file n (0: /sitemap.xml, the whole list or, past maxURLs, the
// index of its parts; n ≥ 1: part n, nil when there is no such part), made once per data
// version.
func (s *Pages) sitemapFile(ctx context.Context, n int) ([]byte, error) {
	version, err := s.DB.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.sitemapCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.urls == nil || c.version != version || c.base != s.BaseURL || c.max != maxURLs {
		urls, err := s.publicURLs(ctx)
		if err != nil {
			return nil, err
		}
		c.version, c.base, c.max, c.urls, c.files = version, s.BaseURL, maxURLs, urls, map[int][]byte{}
	}
	if b, ok := c.files[n]; ok {
		return b, nil
	}
	urls := c.urls
	var v any
	switch from := (n - 1) * maxURLs; {
	case n == 0 && len(urls) <= maxURLs:
		v = urlset{NS: sitemapNS, URLs: urls}
	case n == 0:
		idx := sitemapIndex{NS: sitemapNS}
		for i := 0; i*maxURLs < len(urls); i++ {
			idx.Maps = append(idx.Maps, sitemapURL{Loc: s.BaseURL + sitemapPartPath + strconv.Itoa(i+1) + ".xml"})
		}
		v = idx
	case len(urls) <= maxURLs || from >= len(urls):
		return nil, nil
	default:
		v = urlset{NS: sitemapNS, URLs: urls[from:min(from+maxURLs, len(urls))]}
	}
	b, err := encodeXML(v)
	if err != nil {
		return nil, err
	}
	c.files[n] = b
	return b, nil
}

// sitemap is /sitemap.xml: the public pages, or, when there are more than one file may hold,
// an index of the parts. Without the site's address (KLIMASPOR_BASE_URL) there is none: the
// protocol asks for absolute addresses, and they are never built from the request's Host.
func (s *Pages) sitemap(w http.ResponseWriter, r *http.Request) error {
	if s.BaseURL == "" {
		return page.ErrNotFound
	}
	b, err := s.sitemapFile(r.Context(), 0)
	if err != nil {
		return err
	}
	return writeXML(w, b)
}

// sitemapPart is /sitemaps/N.xml, the Nth part of a sitemap too large for one file.
func (s *Pages) sitemapPart(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("file"), ".xml"))
	if s.BaseURL == "" || err != nil || n < 1 || !strings.HasSuffix(r.PathValue("file"), ".xml") {
		return page.ErrNotFound
	}
	b, err := s.sitemapFile(r.Context(), n)
	if err != nil {
		return err
	}
	if b == nil {
		return page.ErrNotFound
	}
	return writeXML(w, b)
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapIndex struct {
	XMLName xml.Name     `xml:"sitemapindex"`
	NS      string       `xml:"xmlns,attr"`
	Maps    []sitemapURL `xml:"sitemap"`
}

func encodeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func writeXML(w http.ResponseWriter, b []byte) error {
	h := w.Header()
	h.Set("Content-Type", "application/xml; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(b)
	return err
}
