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

// The own calculation's stored inputs (C6): activity data and users' factor sets. The store
// keeps them and checks their units with the emissions package's parsers; the emissions are
// computed on read from what ActivityData and FactorSet return.

// activityConsistent refuses a unit the calculation does not know.
func activityConsistent(_ context.Context, _ *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	if !changed(model.ActivityData, cur, rec, "unit") {
		return nil, nil
	}
	unit, _ := rec["unit"].(string)
	if _, err := emissions.ParseUnit(unit); err != nil {
		return []model.FieldError{{Field: "unit", Code: model.CodeFormat, Message: err.Error(), Value: unit}}, nil
	}
	return nil, nil
}

// factorConsistent refuses a factor unit that is not <mass> <gas>/<unit>, and a factor that
// would tie with another of its set's version in a lookup (the same fuel, use, gas,
// organisation and years), so the calculation never leaves the choice to order.
func factorConsistent(ctx context.Context, tx *Tx, rec, cur model.Record) ([]model.FieldError, error) {
	var errs []model.FieldError
	if changed(model.EmissionFactors, cur, rec, "unit") {
		unit, _ := rec["unit"].(string)
		if _, _, err := emissions.ParseFactorUnit(unit); err != nil {
			errs = append(errs, model.FieldError{Field: "unit", Code: model.CodeFormat, Message: err.Error(), Value: unit})
		}
	}
	if !changed(model.EmissionFactors, cur, rec, "factor_set", "set_version", "fuel", "use", "gas", "organisation_id", "valid_from", "valid_to") {
		return errs, nil
	}
	f := model.AsEmissionFactor(rec)
	var other int64
	err := tx.tx.QueryRowContext(ctx, `SELECT id FROM emission_factors WHERE factor_set = $1 AND set_version = $2 AND fuel = $3
		AND COALESCE(use, '') = $4 AND gas = $5 AND COALESCE(organisation_id, 0) = $6
		AND COALESCE(valid_from, 0) = $7 AND COALESCE(valid_to, 0) = $8 AND id <> $9 LIMIT 1`,
		f.FactorSet(), f.SetVersion(), f.Fuel(), f.Use(), f.Gas(), f.OrganisationID(), yearOr0(f.ValidFrom()), yearOr0(f.ValidTo()), rec.ID()).Scan(&other)
	switch {
	case err == nil:
		errs = append(errs, model.FieldError{Field: "gas", Code: model.CodeDuplicate,
			Message: fmt.Sprintf("%s v%d already has a %s factor of %s for this use, organisation and years (emission factor %d)", f.FactorSet(), f.SetVersion(), f.Gas(), f.Fuel(), other),
			Value:   f.Gas()})
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: emission factor: %w", err)
	}
	return errs, nil
}

// ActivityData reads an organisation's activity data of a year, in the order they were
// stored (by id).
func (db *DB) ActivityData(ctx context.Context, org int64, year int) ([]model.ActivityLine, error) {
	res := model.ActivityData
	rows, err := db.reader().QueryContext(ctx, "SELECT "+db.selectList(res)+" FROM "+res.Table+" WHERE organisation_id = $1 AND year = $2 ORDER BY id", org, int64(year))
	if err != nil {
		return nil, fmt.Errorf("store: activity data: %w", err)
	}
	defer rows.Close()
	var out []model.ActivityLine
	sc := newRowScanner(res)
	for rows.Next() {
		rec, err := sc.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: activity data: %w", err)
		}
		out = append(out, model.AsActivityLine(rec))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: activity data: %w", err)
	}
	return out, nil
}

// FactorSet reads a version of a stored factor set as the calculation takes it; version 0
// reads the newest. The shipped set's name ("default") answers emissions.DefaultFactorSet
// (version 0 or emissions.DefaultSetVersion). A set or version that is not stored is
// ErrNotFound. A factor's ID is the set's name and the stored factor's id ("kbh-el:17").
func (db *DB) FactorSet(ctx context.Context, name string, version int) (emissions.FactorSet, error) {
	if name == emissions.DefaultSetName {
		if version != 0 && version != emissions.DefaultSetVersion {
			return emissions.FactorSet{}, fmt.Errorf("%w: factor set %s has only version %d", ErrNotFound, name, emissions.DefaultSetVersion)
		}
		return emissions.DefaultFactorSet(), nil
	}
	q := db.reader()
	if version == 0 {
		var newest *int64
		if err := q.QueryRowContext(ctx, "SELECT MAX(set_version) FROM emission_factors WHERE factor_set = $1", name).Scan(&newest); err != nil {
			return emissions.FactorSet{}, fmt.Errorf("store: factor set %s: %w", name, err)
		}
		if newest == nil {
			return emissions.FactorSet{}, fmt.Errorf("%w: no factor set %q", ErrNotFound, name)
		}
		version = int(*newest)
	}
	res := model.EmissionFactors
	rows, err := q.QueryContext(ctx, "SELECT "+db.selectList(res)+" FROM "+res.Table+" WHERE factor_set = $1 AND set_version = $2 ORDER BY id", name, int64(version))
	if err != nil {
		return emissions.FactorSet{}, fmt.Errorf("store: factor set %s v%d: %w", name, version, err)
	}
	defer rows.Close()
	set := emissions.FactorSet{Name: name, Version: version}
	sc := newRowScanner(res)
	for rows.Next() {
		rec, err := sc.scan(rows)
		if err != nil {
			return emissions.FactorSet{}, fmt.Errorf("store: factor set %s v%d: %w", name, version, err)
		}
		f := model.AsEmissionFactor(rec)
		mass, per, err := emissions.ParseFactorUnit(f.Unit())
		if err != nil {
			return emissions.FactorSet{}, fmt.Errorf("store: emission factor %d: %w", rec.ID(), err)
		}
		set.Factors = append(set.Factors, emissions.Factor{
			ID: name + ":" + strconv.FormatInt(rec.ID(), 10), Fuel: f.Fuel(), Use: f.Use(), Gas: emissions.Gas(f.Gas()),
			Value: f.Value(), Unit: f.Unit(), Mass: mass, Per: per, ValidFrom: int(yearOr0(f.ValidFrom())), ValidTo: int(yearOr0(f.ValidTo())),
			OrganisationID: f.OrganisationID(), Source: f.Source(),
		})
	}
	if err := rows.Err(); err != nil {
		return emissions.FactorSet{}, fmt.Errorf("store: factor set %s v%d: %w", name, version, err)
	}
	if len(set.Factors) == 0 {
		return emissions.FactorSet{}, fmt.Errorf("%w: factor set %q has no version %d", ErrNotFound, name, version)
	}
	return set, nil
}

// yearOr0 is an optional year, 0 when not given (an open end).
func yearOr0(y int64, _ bool) int64 { return y }
