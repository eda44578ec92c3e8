package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"klimaspor/internal/model"
)

// valueCols are the columns a bulk write of indicator values fills, in order.
var valueCols = []string{"indicator_id", "organisation_id", "period", "period_kind", "period_year", "breakdown",
	"value", "source", "note", "vintage", "example"}

// valueBatch rows go in one INSERT: big enough to amortise the statement, small enough
// to stay under SQLite's limit of 32766 parameters.
const valueBatch = 500

// InsertValues adds indicator values in bulk. The rows must already be valid (normalised
// and validated, references resolved); duplicates of stored values are refused.
func (tx *Tx) InsertValues(ctx context.Context, rows []model.Record) error {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	return tx.writeValues(ctx, rows, "")
}

// UpsertValues adds indicator values in bulk, replacing a stored value with the same
// indicator, organisation, period and breakdown (and raising its version).
func (tx *Tx) UpsertValues(ctx context.Context, rows []model.Record) error {
	ctx = tx.ctx // see Tx: a transaction's work is not cancelled halfway
	return tx.writeValues(ctx, rows, " ON CONFLICT (indicator_id, organisation_id, period, breakdown) DO UPDATE SET "+
		"value = excluded.value, source = excluded.source, note = excluded.note, vintage = excluded.vintage, "+
		"example = excluded.example, period_kind = excluded.period_kind, period_year = excluded.period_year, "+
		"version = indicator_values.version + 1, updated_at = excluded.updated_at")
}

func (tx *Tx) writeValues(ctx context.Context, rows []model.Record, onConflict string) error {
	if len(rows) == 0 {
		return nil
	}
	what := fmt.Sprintf("%d values added", len(rows))
	if onConflict != "" {
		what = fmt.Sprintf("%d values added or replaced", len(rows))
	}
	// Ask the guard once for each indicator and organisation the rows are about. Nothing is
	// written between the questions, so the records the guard reads (an indicator, its plan
	// or project) are read once for all of them.
	type pair struct{ ind, org any }
	seen := map[pair]bool{}
	reads := NewMemo(tx)
	for _, r := range rows {
		k := pair{r["indicator_id"], r["organisation_id"]}
		if seen[k] {
			continue
		}
		seen[k] = true
		if err := tx.guardWith(reads, "create", model.IndicatorValues, nil, r); err != nil {
			return err
		}
	}
	if err := tx.auditBulk(model.IndicatorValues, what); err != nil {
		return err
	}
	if tx.db.engine == "postgres" {
		return tx.copyValues(ctx, rows, onConflict)
	}
	build := func(n int) string {
		var b strings.Builder
		b.WriteString("INSERT INTO indicator_values (" + strings.Join(valueCols, ", ") + ", version, created_at, updated_at) VALUES ")
		// The same for every row, so written once into the statement instead of bound per row.
		constants := ", 1, '" + tx.now + "', '" + tx.now + "')"
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			if tx.db.engine == "sqlite" {
				// modernc looks $n parameters up by name, one linear scan each: thousands of
				// them make a batch quadratic. Plain ? binds by position.
				b.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", len(valueCols)), ", ") + constants)
			} else {
				b.WriteString("(" + placeholders(i*len(valueCols)+1, len(valueCols)) + constants)
			}
		}
		b.WriteString(onConflict)
		return b.String()
	}
	var full *sql.Stmt
	if len(rows) >= valueBatch {
		if full = tx.valueStmts[onConflict]; full == nil {
			var err error
			if full, err = tx.tx.PrepareContext(ctx, build(valueBatch)); err != nil {
				return fmt.Errorf("store: prepare value insert: %w", err)
			}
			if tx.valueStmts == nil {
				tx.valueStmts = map[string]*sql.Stmt{}
			}
			tx.valueStmts[onConflict] = full // closed by the transaction's end
		}
	}
	var err error
	args := make([]any, 0, valueBatch*len(valueCols))
	for start := 0; start < len(rows); start += valueBatch {
		batch := rows[start:min(start+valueBatch, len(rows))]
		args = args[:0]
		for k, r := range batch {
			if args, err = appendValueRow(args, r, start+k+1); err != nil {
				return err
			}
		}
		if len(batch) == valueBatch {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.tx.ExecContext(ctx, build(len(batch)), args...)
		}
		if err != nil {
			return translate(model.IndicatorValues, 0, fmt.Errorf("store: write indicator values %d–%d: %w", start+1, start+len(batch), err))
		}
	}
	return nil
}

// appendValueRow appends a row's values in valueCols order. It refuses text that cannot be
// kept (model.TextProblem), which PostgreSQL would refuse halfway through the write and SQLite
// would keep: n is the row's place among the rows written, for the message. A caller that
// reads a file had better check its cells first, to name the cell; this stands behind every
// caller, at no cost beyond looking at each text once.
func appendValueRow(args []any, r model.Record, n int) ([]any, error) {
	v := model.AsIndicatorValue(r)
	bd, ex := v.Breakdown(), v.Example()
	start := len(args)
	args = append(args, r["indicator_id"], r["organisation_id"], r["period"], r["period_kind"], r["period_year"], bd,
		r["value"], r["source"], r["note"], r["vintage"], ex)
	for j, v := range args[start:] {
		if s, ok := v.(string); ok {
			if problem := model.TextProblem(s); problem != "" {
				return args, &model.ValidationError{Errors: []model.FieldError{{Field: valueCols[j], Code: model.CodeText,
					Message: fmt.Sprintf("%s of value %d %s", valueCols[j], n, problem)}}}
			}
		}
	}
	return args, nil
}

// Memo reads each record once and then answers from memory, for a run of questions
// (the guard's, a page's rights) between which nothing is written. Put adds records the
// caller has already read, so they are not read again.
type Memo struct {
	g   Getter
	got map[memoKey]model.Record
}

type memoKey struct {
	res *model.Resource
	id  int64
}

// NewMemo answers from g, each record once.
func NewMemo(g Getter) *Memo { return &Memo{g: g, got: map[memoKey]model.Record{}} }

// Put remembers a record already read.
func (o *Memo) Put(res *model.Resource, rec model.Record) { o.got[memoKey{res, rec.ID()}] = rec }

// Get reads the record, or answers it from memory (ErrNotFound too).
func (o *Memo) Get(ctx context.Context, res *model.Resource, id int64) (model.Record, error) {
	k := memoKey{res, id}
	if rec, ok := o.got[k]; ok {
		if rec == nil {
			return nil, ErrNotFound
		}
		return rec, nil
	}
	rec, err := o.g.Get(ctx, res, id)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	o.got[k] = rec
	return rec, err
}

// PeriodSummary sums an indicator's totals (breakdown "") over organisations, per period.
type PeriodSummary struct {
	Period string  `json:"period"`
	Count  int64   `json:"count"`
	Sum    float64 `json:"sum"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Summary adds up an indicator's values per period. With parent > 0 only the values of
// that organisation's children count (e.g. the municipalities of a region).
func (db *DB) Summary(ctx context.Context, indicatorID, parent int64) ([]PeriodSummary, error) {
	if _, err := db.Get(ctx, model.Indicators, indicatorID); err != nil {
		return nil, err
	}
	q := "SELECT period, COUNT(*), SUM(value), MIN(value), MAX(value) FROM indicator_values WHERE indicator_id = $1 AND breakdown = ''"
	args := []any{indicatorID}
	if parent > 0 {
		q += " AND organisation_id IN (SELECT id FROM organisations WHERE parent_id = $2)"
		args = append(args, parent)
	}
	rows, err := db.r.QueryContext(ctx, q+" GROUP BY period ORDER BY period", args...)
	if err != nil {
		return nil, fmt.Errorf("store: summary of indicator %d: %w", indicatorID, err)
	}
	defer rows.Close()
	out := []PeriodSummary{}
	for rows.Next() {
		var s PeriodSummary
		if err := rows.Scan(&s.Period, &s.Count, &s.Sum, &s.Min, &s.Max); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PartsSum is what an indicator value's breakdown adds up to.
type PartsSum struct {
	OrganisationID int64
	Period         string
	Sum            float64
	Count          int64
}

// BreakdownSums adds up the breakdown rows of an indicator, per organisation and period,
// of the organisations given; nil means all.
func (db *DB) BreakdownSums(ctx context.Context, indicatorID int64, organisations []int64) (map[string]PartsSum, error) {
	if organisations != nil && len(organisations) == 0 {
		return map[string]PartsSum{}, nil
	}
	q := "SELECT organisation_id, period, SUM(value), COUNT(*) FROM indicator_values WHERE indicator_id = $1 AND breakdown <> ''"
	args := []any{indicatorID}
	if organisations != nil {
		// An indicator's page sums the parts of the organisations it shows, not of all 98
		// (half of its render for an indicator with parts, issue 14).
		q += " AND organisation_id IN (" + placeholders(2, len(organisations)) + ")"
		args = append(args, idArgs(organisations)...)
	}
	rows, err := db.r.QueryContext(ctx, q+" GROUP BY organisation_id, period", args...)
	if err != nil {
		return nil, fmt.Errorf("store: breakdown sums of indicator %d: %w", indicatorID, err)
	}
	defer rows.Close()
	out := map[string]PartsSum{}
	for rows.Next() {
		var p PartsSum
		if err := rows.Scan(&p.OrganisationID, &p.Period, &p.Sum, &p.Count); err != nil {
			return nil, err
		}
		out[PartsKey(p.OrganisationID, p.Period)] = p
	}
	return out, rows.Err()
}

// PartsKey is the key of BreakdownSums' map.
func PartsKey(organisation int64, period string) string {
	return fmt.Sprintf("%d/%s", organisation, period)
}

// BreakdownMismatch reports whether parts fail to add up to total. Published statistics
// are rounded per part, so a difference of up to 1 unit or 0.1 % is accepted.
func BreakdownMismatch(total, parts float64) bool {
	return math.Abs(total-parts) > math.Max(1, 0.001*math.Abs(total))
}

// copyValues writes values on PostgreSQL with COPY into a temporary table and one
// INSERT … SELECT from it: several times faster than multi-row INSERTs, whose parsing and
// planning dominate on the server.
func (tx *Tx) copyValues(ctx context.Context, rows []model.Record, onConflict string) error {
	cols := append(append([]string{}, valueCols...), "version", "created_at", "updated_at")
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: copy values: unexpected driver connection %T", dc)
		}
		pc := c.Conn()
		list := strings.Join(cols, ", ")
		// The same column types, none of the constraints: the INSERT below checks those.
		if _, err := pc.Exec(ctx, "CREATE TEMP TABLE IF NOT EXISTS indicator_values_load ON COMMIT DROP AS SELECT "+
			list+" FROM indicator_values WITH NO DATA"); err != nil {
			return fmt.Errorf("store: copy values: %w", err)
		}
		i := 0
		var textErr error
		src := pgx.CopyFromFunc(func() ([]any, error) {
			if i == len(rows) {
				return nil, nil
			}
			i++
			row, err := appendValueRow(make([]any, 0, len(cols)), rows[i-1], i)
			if err != nil {
				textErr = err
				return nil, err
			}
			return append(row, int64(1), tx.now, tx.now), nil
		})
		if _, err := pc.CopyFrom(ctx, pgx.Identifier{"indicator_values_load"}, cols, src); err != nil {
			if textErr != nil {
				return textErr
			}
			return translate(model.IndicatorValues, 0, fmt.Errorf("store: copy values: %w", err))
		}
		_, err := pc.Exec(ctx, "INSERT INTO indicator_values ("+list+") SELECT "+list+" FROM indicator_values_load"+onConflict)
		if err != nil {
			return translate(model.IndicatorValues, 0, fmt.Errorf("store: write indicator values: %w", err))
		}
		if _, err := pc.Exec(ctx, "TRUNCATE indicator_values_load"); err != nil {
			return fmt.Errorf("store: copy values: %w", err)
		}
		return nil
	})
}

// IndicatorsWithTotals lists the indicators that have at least one total (a value without a
// breakdown) for an organisation, so a page can pick the indicators it shows before it loads
// their values.
func (db *DB) IndicatorsWithTotals(ctx context.Context, org int64) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT DISTINCT indicator_id FROM indicator_values WHERE organisation_id = $1 AND breakdown = '' ORDER BY indicator_id", org)
	if err != nil {
		return nil, fmt.Errorf("store: indicators with totals of organisation %d: %w", org, err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// WithoutValueIndexes runs fn, a bulk write of indicator values, with indicator_values'
// secondary indexes dropped, and builds them again afterwards in the same transaction. A
// write at least as large as the table then fills each index by one sort instead of an
// insert per row at a random place in it. The indexes are built from their own stored
// definitions, so they come back exactly as the migrations made them; the unique key
// stays, for the upsert's conflict check. Readers never see the table without them: they
// read the last committed state until the transaction commits, indexes and all. If fn
// fails the transaction rolls back, and the drops with it.
//
// Only on SQLite: on PostgreSQL, DROP INDEX would lock every reader of the table out until
// the commit. There it just runs fn.
func (tx *Tx) WithoutValueIndexes(fn func() error) error {
	if tx.db.engine != "sqlite" {
		return fn()
	}
	rows, err := tx.tx.QueryContext(tx.ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'indicator_values' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		return fmt.Errorf("store: value indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return fmt.Errorf("store: value indexes: %w", err)
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: value indexes: %w", err)
	}
	for _, name := range names {
		if _, err := tx.tx.ExecContext(tx.ctx, `DROP INDEX "`+name+`"`); err != nil {
			return fmt.Errorf("store: drop value index %s: %w", name, err)
		}
	}
	if err := fn(); err != nil {
		return err
	}
	for i, def := range defs {
		if _, err := tx.tx.ExecContext(tx.ctx, def); err != nil {
			return fmt.Errorf("store: build value index %s: %w", names[i], err)
		}
	}
	return nil
}
