package web

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"klimaspor/internal/auth"
	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// defaultRegion is the region the front page shows: Region Hovedstaden.
const defaultRegion = "1084"

// all loads every record of res that matches filters, following the cursor page by page.
func (s *Server) all(ctx context.Context, res *model.Resource, filters map[string]string) ([]model.Record, error) {
	var out []model.Record
	q := model.ListQuery{Filters: filters, Limit: store.MaxLimit}
	auth.Visibility(principalOf(ctx), res).Apply(&q)
	for {
		pg, err := s.db.List(ctx, res, q)
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

// one loads the single record of res with the given code, or errNotFound.
func (s *Server) one(ctx context.Context, res *model.Resource, filters map[string]string) (model.Record, error) {
	recs, err := s.all(ctx, res, filters)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errNotFound
	}
	return recs[0], nil
}

// byID indexes records by id.
func byID(recs []model.Record) map[int64]model.Record {
	m := make(map[int64]model.Record, len(recs))
	for _, r := range recs {
		m[r.ID()] = r
	}
	return m
}

// name is a record's name in the reader's language: name_en in English when given, else name_da.
func name(l i18n.Localizer, r model.Record) string {
	if r == nil {
		return ""
	}
	if l.Lang == i18n.English {
		if n := r.Str("name_en"); n != "" {
			return n
		}
	}
	return r.Str("name_da")
}

// goalItem is a goal as a page lists it.
type goalItem struct {
	ID   int64
	N    int // its place in the list, counted from 1, for the edit link's text
	Text string
}

// goalItems orders goals by their position and writes them in the reader's language.
func goalItems(l i18n.Localizer, goals []model.Record) []goalItem {
	goals = slices.Clone(goals)
	sort.SliceStable(goals, func(i, j int) bool {
		a, _ := goals[i].Int("position")
		b, _ := goals[j].Int("position")
		return a < b
	})
	out := make([]goalItem, len(goals))
	for i, g := range goals {
		out[i] = goalItem{ID: g.ID(), N: i + 1, Text: goalText(l, g)}
	}
	return out
}

// goalText is a goal's text in the reader's language.
func goalText(l i18n.Localizer, r model.Record) string {
	if l.Lang == i18n.English {
		if t := r.Str("text_en"); t != "" {
			return t
		}
	}
	return r.Str("text_da")
}

func isExample(r model.Record) bool { b, _ := r["example"].(bool); return b }

func idString(id int64) string { return fmt.Sprint(id) }

// numberFormat formats chart numbers in the reader's locale.
func numberFormat(l i18n.Localizer, decimals int) func(float64) string {
	return func(v float64) string { return l.Number(v, decimals) }
}

// periodText formats an optional plan period "2020–2030".
func periodText(l i18n.Localizer, r model.Record) string {
	a, okA := r.Int("period_start")
	b, okB := r.Int("period_end")
	switch {
	case okA && okB:
		return l.T("common.period_range", fmt.Sprint(a), fmt.Sprint(b))
	case okA:
		return fmt.Sprint(a)
	case okB:
		return fmt.Sprint(b)
	}
	return l.T("common.not_given")
}

// thisYear is the current year in Copenhagen, where a year's targets are judged.
func thisYear() int64 { return int64(time.Now().In(danishTime).Year()) }
