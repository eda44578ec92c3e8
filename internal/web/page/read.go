package page

import (
	"context"
	"fmt"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// All loads every record of res that matches filters, following the cursor page by page.
func (s *Site) All(ctx context.Context, res *model.Resource, filters map[string]string) ([]model.Record, error) {
	return s.List(ctx, res, model.ListQuery{Filters: filters})
}

// List loads every record of res that q matches, as the reader may see them (q's drafts are
// set by auth.Visibility), following the cursor page by page.
func (s *Site) List(ctx context.Context, res *model.Resource, q model.ListQuery) ([]model.Record, error) {
	var out []model.Record
	q.Limit = store.MaxLimit
	auth.Visibility(PrincipalOf(ctx), res).Apply(&q)
	for {
		pg, err := s.DB.List(ctx, res, q)
		if err != nil {
			if q.AnyOf != nil {
				return nil, fmt.Errorf("web: list %s %v any of %v: %w", res.Name, q.Filters, q.AnyOf, err)
			}
			return nil, fmt.Errorf("web: list %s %v: %w", res.Name, q.Filters, err)
		}
		out = append(out, pg.Items...)
		if pg.NextCursor == "" {
			return out, nil
		}
		q.Cursor = pg.NextCursor
	}
}

// One loads the first record of res that matches filters (a code, say), or ErrNotFound.
func (s *Site) One(ctx context.Context, res *model.Resource, filters map[string]string) (model.Record, error) {
	recs, err := s.All(ctx, res, filters)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, ErrNotFound
	}
	return recs[0], nil
}
