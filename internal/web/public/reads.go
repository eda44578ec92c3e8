package public

import (
	"context"
	"slices"

	"klimaspor/internal/auth"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
	"klimaspor/internal/web/page"
)

// allOf loads every record of res that matches filters and any of ids by the id filter param
// (model.ListQuery.AnyOf), through the same visibility as all: one query (a few for very
// many ids) where a page would otherwise read once per id. No ids, no records.
func (s *Pages) allOf(ctx context.Context, res *model.Resource, filters map[string]string, param string, ids []int64) ([]model.Record, error) {
	var out []model.Record
	for part := range slices.Chunk(ids, store.MaxIDs) {
		recs, err := s.List(ctx, res, model.ListQuery{Filters: filters, AnyOf: map[string][]int64{param: part}})
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// visible is q limited to what of res the reader may see (auth.Visibility sets its drafts):
// for the store's narrow reads, which take it as List does.
func (s *Pages) visible(ctx context.Context, res *model.Resource, q model.ListQuery) model.ListQuery {
	auth.Visibility(page.PrincipalOf(ctx), res).Apply(&q)
	return q
}

// totalOrganisations reads the organisations with totals q matches
// (store.TotalOrganisations) as the reader may see them: through the same visibility of
// drafts as all.
func (s *Pages) totalOrganisations(ctx context.Context, q model.ListQuery) ([]int64, error) {
	return s.DB.TotalOrganisations(ctx, s.visible(ctx, model.IndicatorValues, q))
}

// totalPeriods reads the periods of the totals q matches (store.TotalPeriods) as the reader
// may see them.
func (s *Pages) totalPeriods(ctx context.Context, q model.ListQuery) ([]store.TotalPeriod, error) {
	return s.DB.TotalPeriods(ctx, s.visible(ctx, model.IndicatorValues, q))
}

// periodTotals reads the totals of one period that q matches (store.ValueTotals) as the
// reader may see them; none when period is "".
func (s *Pages) periodTotals(ctx context.Context, q model.ListQuery, period string) ([]store.ValueTotal, error) {
	if period == "" {
		return nil, nil
	}
	return s.DB.ValueTotals(ctx, s.visible(ctx, model.IndicatorValues, q), period)
}

// totalsOf reads the totals (store.ValueTotals, every period) that match filters and any of
// ids by the id filter param, as the reader may see them: as allOf, narrowly.
func (s *Pages) totalsOf(ctx context.Context, filters map[string]string, param string, ids []int64) ([]store.ValueTotal, error) {
	var out []store.ValueTotal
	for part := range slices.Chunk(ids, store.MaxIDs) {
		q := s.visible(ctx, model.IndicatorValues, model.ListQuery{Filters: filters, AnyOf: map[string][]int64{param: part}})
		vals, err := s.DB.ValueTotals(ctx, q, "")
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, nil
}

// indicatorNames reads the names of the indicators q matches (store.IndicatorNames) as the
// reader may see them.
func (s *Pages) indicatorNames(ctx context.Context, q model.ListQuery) ([]store.IndicatorName, error) {
	return s.DB.IndicatorNames(ctx, s.visible(ctx, model.Indicators, q))
}
