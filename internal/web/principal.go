package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
)

type principalKey struct{}

type principalValue struct {
	p     *auth.Principal
	token string // the session's token, for the form token
}

func withPrincipal(ctx context.Context, p *auth.Principal, token string) context.Context {
	return context.WithValue(ctx, principalKey{}, principalValue{p, token})
}

// principalOf is who makes the request.
func principalOf(ctx context.Context) *auth.Principal {
	if v, ok := ctx.Value(principalKey{}).(principalValue); ok && v.p != nil {
		return v.p
	}
	return auth.Public
}

func sessionToken(ctx context.Context) string {
	v, _ := ctx.Value(principalKey{}).(principalValue)
	return v.token
}

// checkDraft answers 404 for a draft the reader may not see, as if it did not exist.
func (s *Server) checkDraft(ctx context.Context, res *model.Resource, rec model.Record) error {
	ok, err := auth.Visibility(principalOf(ctx), res).Allows(ctx, s.db, rec)
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	return nil
}

// mayEdit reports whether the reader may change rec; pages show edit links only then.
func (s *Server) mayEdit(ctx context.Context, res *model.Resource, rec model.Record) bool {
	p := principalOf(ctx)
	if !p.Signed() {
		return false
	}
	return auth.MayWrite(ctx, s.db, p, res, rec, rec) == nil
}

// mayAdd reports whether the reader may add a record of res that starts as rec (a value:
// for one of their own organisations); pages show "add" links only then.
func (s *Server) mayAdd(ctx context.Context, res *model.Resource, rec model.Record) bool {
	p := principalOf(ctx)
	if !p.Signed() {
		return false
	}
	_, err := auth.MayAdd(ctx, s.db, p, res, rec)
	return err == nil
}

// authError turns the authorization's refusals into answers: the sign-in page for the
// public, 403 for a signed-in person who may not.
func authError(r *http.Request, err error) error {
	switch {
	case errors.Is(err, auth.ErrSignIn):
		return &signInNeeded{next: r.URL.RequestURI()}
	case errors.Is(err, auth.ErrForbidden):
		return &statusError{status: http.StatusForbidden, err: err}
	}
	return err
}

// signInNeeded sends the reader to the sign-in page, and back afterwards.
type signInNeeded struct{ next string }

func (e *signInNeeded) Error() string { return "sign in first" }

func signInURL(next string) string {
	return "/log-ind?next=" + url.QueryEscape(localPath(next))
}
