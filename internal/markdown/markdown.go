// Package markdown renders the Markdown people write (a knowledge-library item's body, issue
// 15) to HTML that is safe to put in a page, with github.com/yuin/goldmark (decision 67):
// CommonMark with tables, strikethrough and bare web addresses as links. Raw HTML is never
// rendered (goldmark's unsafe option stays off: it is dropped). A link is kept only when it
// goes to http, https or mailto or is site-relative (/…, #…); any other (javascript:,
// data:, vbscript:, relative paths, anything with control characters or a backslash) is
// made inert text: its words stay, the link goes. Links off the site carry
// rel="noopener noreferrer nofollow". Images are shown only from the site itself (a
// site-relative address, such as an item's file); any other image becomes its alt text, so
// a page never loads from elsewhere (the pages' Content-Security-Policy says the same).
// Headings are shifted down, so the text's # sits below the page's own h1. Plain functions,
// no I/O.
package markdown

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// ExternalRel is the rel of a link off the site.
const ExternalRel = "noopener noreferrer nofollow"

// converter is goldmark without the unsafe option: raw HTML is left out of the output.
var converter = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.Linkify,
	),
)

// HTML renders src as HTML, its headings shifted down by shift levels (1: # becomes h2; at
// most h6). Links and images follow the package's policy.
func HTML(src string, shift int) template.HTML {
	source := []byte(src)
	doc := converter.Parser().Parse(text.NewReader(source), parser.WithContext(parser.NewContext()))
	police(doc, source, shift)
	var buf bytes.Buffer
	if err := converter.Renderer().Render(&buf, source, doc); err != nil {
		// goldmark's renderer fails only when the writer does, and a buffer does not: the
		// text escaped is the safe answer all the same.
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String()) //nolint:gosec // rendered without raw HTML, links checked
}

// police walks the tree: headings shifted, links and images checked.
func police(doc ast.Node, source []byte, shift int) {
	var inert []ast.Node // links and images to replace by their text, after the walk
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+shift, 6)
		case *ast.Link:
			switch LinkKind(string(n.Destination)) {
			case External:
				n.SetAttributeString("rel", []byte(ExternalRel))
			case Refused:
				inert = append(inert, n)
			}
		case *ast.AutoLink:
			dest := string(n.URL(source))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			switch LinkKind(dest) {
			case External:
				n.SetAttributeString("rel", []byte(ExternalRel))
			case Refused:
				inert = append(inert, n)
			}
		case *ast.Image:
			if LinkKind(string(n.Destination)) != Local {
				inert = append(inert, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range inert {
		unwrap(n, source)
	}
}

// unwrap puts a refused link's or image's text where it was.
func unwrap(n ast.Node, source []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if al, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(source)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c) // moves c out of n
		c = next
	}
	parent.RemoveChild(parent, n)
}

// Kind is what the policy makes of a link's address.
type Kind int

const (
	// Refused addresses become inert text.
	Refused Kind = iota
	// Local addresses are on the site: /path (not //host) or #fragment.
	Local
	// External addresses are http, https (with a host) or mailto.
	External
)

// LinkKind classifies a link's address (after Markdown's entities and escapes are decoded,
// as goldmark hands it over).
func LinkKind(dest string) Kind {
	if dest == "" {
		return Refused
	}
	for _, r := range dest {
		// Browsers drop tabs and newlines inside addresses ("java\tscript:"), and a
		// backslash is a slash to them ("/\evil.example"): none of it is kept.
		if r < 0x20 || r == 0x7f || r == '\\' || r == ' ' {
			return Refused
		}
	}
	switch {
	case strings.HasPrefix(dest, "#"):
		return Local
	case strings.HasPrefix(dest, "/"):
		if strings.HasPrefix(dest, "//") {
			return Refused // another host, by the page's scheme
		}
		return Local
	}
	u, err := url.Parse(dest)
	if err != nil {
		return Refused
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" || u.User != nil {
			return Refused
		}
		return External
	case "mailto":
		if u.Opaque == "" {
			return Refused
		}
		return External
	}
	return Refused
}
