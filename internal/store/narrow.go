package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"klimaspor/internal/model"
)

// The narrow reads below answer a page that needs a few columns of many rows (issue 14): the
// generic List scans every column into a model.Record map and loads the children, which for
// an indicator's 1,960 totals or the 300 indicators' names was most of a page's time. They
// take a model.ListQuery and match exactly the rows List would (the same filters and the
// same draft condition for the reader whose visibility the caller applied, auth.Visibility),
// in id order, in one query, all pages at once.

// ValueTotal is a total (a value without a breakdown) of an indicator, with the columns a
// chart or a comparison of totals needs; the rest of the value (note, vintage) List reads.
type ValueTotal struct {
	ID, IndicatorID, OrganisationID int64
	Period                          string
	Value                           float64
	Example                         bool
	Source                          string
}

// ValueTotals reads the totals of indicator values that q matches (its filters, any-of ids
// and drafts as List takes them; a breakdown filter is overridden with ""), of one period
// unless period is "".
func (db *DB) ValueTotals(ctx context.Context, q model.ListQuery, period string) ([]ValueTotal, error) {
	more := []condition{totalsOnly}
	if period != "" {
		more = append(more, func(args *[]any) string { return "period = " + bind(args, period) })
	}
	var out []ValueTotal
	err := db.narrowList(ctx, model.IndicatorValues, totalsOf(q), "id, indicator_id, organisation_id, period, value, example, source", more, "ORDER BY id", func(rows *sql.Rows) error {
		var v ValueTotal
		var ex sql.NullBool
		var source sql.NullString
		if err := rows.Scan(&v.ID, &v.IndicatorID, &v.OrganisationID, &v.Period, &v.Value, &ex, &source); err != nil {
			return err
		}
		v.Example, v.Source = ex.Bool, source.String
		out = append(out, v)
		return nil
	})
	return out, err
}

// TotalOrganisations reads the organisations that have totals q matches (as ValueTotals
// takes q), in the order of their first total's id: the order in which they first appear in
// ValueTotals' rows. (Whether any is example data TotalPeriods says: read here, it would
// take every total's row from the table on SQLite, where the unique key answers the rest.)
func (db *DB) TotalOrganisations(ctx context.Context, q model.ListQuery) ([]int64, error) {
	var out []int64
	err := db.narrowList(ctx, model.IndicatorValues, totalsOf(q), "organisation_id", []condition{totalsOnly}, "GROUP BY organisation_id ORDER BY MIN(id)", func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	})
	return out, err
}

// TotalPeriod is a period of the totals a TotalPeriods query matches, and whether any of
// them is example data.
type TotalPeriod struct {
	Period  string
	Example bool
}

// TotalPeriods reads the periods of the totals q matches (as ValueTotals takes q), in
// ascending order.
func (db *DB) TotalPeriods(ctx context.Context, q model.ListQuery) ([]TotalPeriod, error) {
	var out []TotalPeriod
	// CASE, not MAX(example): PostgreSQL has no MAX of booleans.
	err := db.narrowList(ctx, model.IndicatorValues, totalsOf(q), "period, MAX(CASE WHEN example THEN 1 ELSE 0 END)", []condition{totalsOnly},
		"GROUP BY period ORDER BY period", func(rows *sql.Rows) error {
			var p TotalPeriod
			var ex int64
			if err := rows.Scan(&p.Period, &ex); err != nil {
				return err
			}
			p.Example = ex == 1
			out = append(out, p)
			return nil
		})
	return out, err
}

// totalsOf is q without a breakdown filter: the totals' reads ask for totals only with
// totalsOnly instead.
func totalsOf(q model.ListQuery) model.ListQuery {
	if _, ok := q.Filters["breakdown"]; ok {
		q.Filters = maps.Clone(q.Filters)
		delete(q.Filters, "breakdown")
	}
	return q
}

// totalsOnly is the condition of totals as a literal, not a bound parameter: the index
// indicator_values_totals (migration 00026) holds totals only (an empty breakdown), and
// an engine uses such a partial index only for a query whose own condition implies it.
func totalsOnly(*[]any) string { return "breakdown = ''" }

// IndicatorName is an indicator's id, code and names: what a list or a choice of indicators
// needs before it picks the few it shows in full.
type IndicatorName struct {
	ID             int64
	Code           string
	NameDA, NameEN string
}

// Name is the name in the language, falling back to the Danish one (model.Indicator.Name).
func (n IndicatorName) Name(lang string) string {
	if lang == "en" && n.NameEN != "" {
		return n.NameEN
	}
	return n.NameDA
}

// IndicatorNames reads the names of the indicators that q matches (as List takes it).
func (db *DB) IndicatorNames(ctx context.Context, q model.ListQuery) ([]IndicatorName, error) {
	var out []IndicatorName
	err := db.narrowList(ctx, model.Indicators, q, "id, code, name_da, name_en", nil, "ORDER BY id", func(rows *sql.Rows) error {
		var n IndicatorName
		var en sql.NullString
		if err := rows.Scan(&n.ID, &n.Code, &n.NameDA, &en); err != nil {
			return err
		}
		n.NameEN = en.String
		out = append(out, n)
		return nil
	})
	return out, err
}

// ActionLine is an action as a list of titles by sector shows it (a municipality's page).
type ActionLine struct {
	ID                                       int64
	Title, TitleEN, Language, Status, Sector string
	Progress                                 float64 // in per cent, when HasProgress
	HasProgress, Example                     bool
}

// TitleIn is model.Action.TitleIn.
func (a ActionLine) TitleIn(lang string) (string, string) {
	return model.TitleIn(lang, a.Title, a.TitleEN, a.Language)
}

// ActionLines reads the actions q matches (as List takes it), in id order.
func (db *DB) ActionLines(ctx context.Context, q model.ListQuery) ([]ActionLine, error) {
	var out []ActionLine
	err := db.narrowList(ctx, model.Actions, q, "id, title, title_en, language, status, sector, progress, example", nil, "ORDER BY id", func(rows *sql.Rows) error {
		var a ActionLine
		var en, lang sql.NullString
		var progress sql.NullFloat64
		var ex sql.NullBool
		if err := rows.Scan(&a.ID, &a.Title, &en, &lang, &a.Status, &a.Sector, &progress, &ex); err != nil {
			return err
		}
		a.TitleEN, a.Language, a.Progress, a.HasProgress, a.Example = en.String, lang.String, progress.Float64, progress.Valid, ex.Bool
		out = append(out, a)
		return nil
	})
	return out, err
}

// A condition is SQL a read adds to its query's conditions, binding its values after those
// already in args.
type condition func(args *[]any) string

// bind appends v to args and returns its placeholder.
func bind(args *[]any, v any) string {
	*args = append(*args, v)
	return "$" + strconv.Itoa(len(*args))
}

// idIn is the condition that a row's id is one of ids.
func idIn(ids []int64) condition {
	return func(args *[]any) string {
		in := placeholders(len(*args)+1, len(ids))
		*args = append(*args, idArgs(ids)...)
		return "id IN (" + in + ")"
	}
}

// narrowList runs SELECT cols FROM res's table under q's conditions (listConditions: the
// filters, any-of ids and the reader's drafts) and more, with tail (its GROUP BY and ORDER
// BY), and scans each row.
func (db *DB) narrowList(ctx context.Context, res *model.Resource, q model.ListQuery, cols string, more []condition, tail string, scan func(*sql.Rows) error) error {
	where, args, err := listConditions(db, res, q)
	if err != nil {
		return err
	}
	for _, c := range more {
		where = append(where, c(&args))
	}
	query := "SELECT " + cols + " FROM " + res.Table
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.reader().QueryContext(ctx, query+" "+tail, args...)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", res.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("store: read %s: %w", res.Name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: read %s: %w", res.Name, err)
	}
	return nil
}

// MaxIDs bounds the ids one list query binds (ListIDs here, model.ListQuery.AnyOf in the
// pages): far below what either engine takes, with room for the draft condition's.
const MaxIDs = 500

// ListIDs reads in full (as List does, children and all) the records of res with the given
// ids that q matches (its filters and the drafts its reader may see), in id order: a page
// that picked a few records by their narrow read reads those whole. No ids, no records.
func (db *DB) ListIDs(ctx context.Context, res *model.Resource, q model.ListQuery, ids []int64) ([]model.Record, error) {
	var out []model.Record
	q.Limit, q.Sort = MaxLimit, ""
	for part := range slices.Chunk(ids, MaxIDs) {
		q.Cursor = ""
		for {
			pg, err := listWhere(ctx, db, db.reader(), res, q, []condition{idIn(part)})
			if err != nil {
				return nil, err
			}
			out = append(out, pg.Items...)
			if pg.NextCursor == "" {
				break
			}
			q.Cursor = pg.NextCursor
		}
	}
	return out, nil
}
