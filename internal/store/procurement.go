package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"klimaspor/internal/emissions"
	"klimaspor/internal/model"
)

// The procurement footprint's stored inputs (C6): organisations' spend per category and
// spend-based factor sets. The footprint is computed on read (emissions.Procurement) from
// what ProcurementSpend and SpendFactors return.

// spendFactorConsistent refuses a factor whose years overlap another's of the same set and
// category (compared without case and outer spaces), so a spend line never finds two.
func spendFactorConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	if !changed(model.SpendFactors, cur, rec, "factor_set", "category", "valid_from", "valid_to") {
		return nil, nil
	}
	f := model.AsSpendFactor(rec)
	from, to := yearOr0(f.ValidFrom()), yearOr0(f.ValidTo())
	if to == 0 {
		to = 9999
	}
	var other int64
	err := tx.tx.QueryRowContext(ctx, `SELECT id FROM spend_factors WHERE factor_set = $1 AND LOWER(TRIM(category)) = LOWER(TRIM($2))
		AND COALESCE(valid_from, 0) <= $3 AND COALESCE(valid_to, 9999) >= $4 AND id <> $5 LIMIT 1`,
		f.FactorSet(), f.Category(), to, from, rec.ID()).Scan(&other)
	switch {
	case err == nil:
		return []model.FieldError{{Field: "category", Code: model.CodeDuplicate,
			Message: fmt.Sprintf("%s already has a factor for %s in some of these years (spend factor %d)", f.FactorSet(), f.Category(), other),
			Value:   f.Category()}}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: spend factor: %w", err)
	}
	return nil, nil
}

// ProcurementSpend reads an organisation's spend lines of a year, in the order they were
// stored (by id).
func (db *DB) ProcurementSpend(ctx context.Context, org int64, year int) ([]model.SpendLine, error) {
	recs, err := db.readRowsWhere(ctx, model.ProcurementSpend, "organisation_id = $1 AND year = $2", org, int64(year))
	if err != nil {
		return nil, fmt.Errorf("store: procurement spend: %w", err)
	}
	return model.AsSpendLines(recs), nil
}

// SpendFactorSets lists the names of the stored spend-factor sets, sorted.
func (db *DB) SpendFactorSets(ctx context.Context) ([]string, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT DISTINCT factor_set FROM spend_factors ORDER BY factor_set")
	if err != nil {
		return nil, fmt.Errorf("store: spend factor sets: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: spend factor sets: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SpendFactors reads a stored spend-factor set as emissions.Procurement takes it. A set
// that is not stored is ErrNotFound. A factor's ID is the set's name and the stored row's id
// ("eksempel:17").
func (db *DB) SpendFactors(ctx context.Context, set string) ([]emissions.SpendFactor, error) {
	recs, err := db.readRowsWhere(ctx, model.SpendFactors, "factor_set = $1", set)
	if err != nil {
		return nil, fmt.Errorf("store: spend factors %s: %w", set, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: no spend factor set %q", ErrNotFound, set)
	}
	out := make([]emissions.SpendFactor, len(recs))
	for i, rec := range recs {
		f := model.AsSpendFactor(rec)
		out[i] = emissions.SpendFactor{
			Category: f.Category(), KgCO2ePerDKK: f.KgCO2ePerDKK(), ValidFrom: int(yearOr0(f.ValidFrom())), ValidTo: int(yearOr0(f.ValidTo())),
			Source: f.Source(), Set: set, ID: set + ":" + strconv.FormatInt(rec.ID(), 10), Example: f.Example(),
		}
	}
	return out, nil
}

// readRowsWhere reads the records of res matching where, by id.
func (db *DB) readRowsWhere(ctx context.Context, res *model.Resource, where string, args ...any) ([]model.Record, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT "+db.selectList(res)+" FROM "+res.Table+" WHERE "+where+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Record
	sc := newRowScanner(res)
	for rows.Next() {
		rec, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}
