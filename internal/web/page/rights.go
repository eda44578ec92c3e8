package page

import (
	"context"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
)

// The reader's rights over a record, as every module's pages and forms ask them: one
// decision in internal/auth, asked the same way everywhere.

// CheckDraft answers 404 for a draft the reader may not see, as if it did not exist.
func (s *Site) CheckDraft(ctx context.Context, res *model.Resource, rec model.Record) error {
	ok, err := auth.Visibility(PrincipalOf(ctx), res).Allows(ctx, s.DB, rec)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// MayEdit reports whether the reader may change rec; pages show edit links only then.
func (s *Site) MayEdit(ctx context.Context, res *model.Resource, rec model.Record) bool {
	p := PrincipalOf(ctx)
	if !p.Signed() {
		return false
	}
	return auth.MayWrite(ctx, s.DB, p, res, rec, rec) == nil
}

// MayAdd reports whether the reader may add a record of res that starts as rec (a value:
// for one of their own organisations); pages show "add" links only then.
func (s *Site) MayAdd(ctx context.Context, res *model.Resource, rec model.Record) bool {
	p := PrincipalOf(ctx)
	if !p.Signed() {
		return false
	}
	_, err := auth.MayAdd(ctx, s.DB, p, res, rec)
	return err == nil
}
