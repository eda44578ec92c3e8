package public

import (
	"context"

	"klimaspor/internal/model"
)

// maxAnyOf bounds the ids one list query matches: far below what either engine takes as
// bound values, with room for the draft condition's.
const maxAnyOf = 500

// allOf loads every record of res that matches filters and any of ids by the id filter param
// (model.ListQuery.AnyOf), through the same visibility as all: one query (a few for very
// many ids) where a page would otherwise read once per id. No ids, no records.
func (s *Pages) allOf(ctx context.Context, res *model.Resource, filters map[string]string, param string, ids []int64) ([]model.Record, error) {
	var out []model.Record
	for len(ids) > 0 {
		n := min(len(ids), maxAnyOf)
		recs, err := s.List(ctx, res, model.ListQuery{Filters: filters, AnyOf: map[string][]int64{param: ids[:n]}})
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
		ids = ids[n:]
	}
	return out, nil
}
