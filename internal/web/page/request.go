package page

import (
	"context"
	"net/url"
	"strings"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
)

type principalKey struct{}

type principalValue struct {
	p     *auth.Principal
	token string // the session's token, for the form token
}

// WithPrincipal puts the person making the request and their session's token in ctx.
func WithPrincipal(ctx context.Context, p *auth.Principal, token string) context.Context {
	return context.WithValue(ctx, principalKey{}, principalValue{p, token})
}

// PrincipalOf is who makes the request: auth.Public unless someone is signed in.
func PrincipalOf(ctx context.Context) *auth.Principal {
	if v, ok := ctx.Value(principalKey{}).(principalValue); ok && v.p != nil {
		return v.p
	}
	return auth.Public
}

// SessionToken is the session's token, "" for the public; the form token derives from it.
func SessionToken(ctx context.Context) string {
	v, _ := ctx.Value(principalKey{}).(principalValue)
	return v.token
}

// LocalPath returns next if it is a path on this site, else "/".
func LocalPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") || model.TextProblem(next) != "" {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// SwitchURL is the language switch's link from the current page.
func SwitchURL(lang i18n.Lang, here string) string {
	return "/sprog?" + url.Values{"lang": {lang.String()}, "next": {here}}.Encode()
}

// OverviewPath is the personal overview's address (internal/web/overview), where signing in
// lands unless next says otherwise.
const OverviewPath = "/mit"

// Landing is where signing in leads: next when it is a page of this site other than the
// front page, else the personal overview. The front page counts as no wish, since the
// header's sign-in link names the page it is on and most people sign in from the front page
// (docs/DECISIONS.md).
func Landing(next string) string {
	if p := LocalPath(next); p != "/" {
		return p
	}
	return OverviewPath
}
