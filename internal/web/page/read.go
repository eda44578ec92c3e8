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
	var out []model.Record
	q := model.ListQuery{Filters: filters, Limit: store.MaxLimit}
	auth.Visibility(PrincipalOf(ctx), res).Apply(&q)
	for {
		pg, err := s.DB.List(ctx, res, q)
		if err != nil {
			return nil, fmt.Errorf("web: list %s %v: %w", res.Name, filters, err)
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
