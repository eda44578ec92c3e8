package web

import (
	"context"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
)

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
