// Package demo loads Klimaspor's demonstration data set: Denmark, its 5 regions and 98
// municipalities, KKR Hovedstaden's joint climate projects (VIP klimaprojekter) with their goals,
// indicators and results, the result contract with Erhvervshus Hovedstaden, the 7+3
// infrastructure projects, the SOSU apprenticeship allocation, the Danish Energy Agency's
// energy and CO2 accounts 2018–2023 (as indicator values, and as the first release of the
// accounts: LoadRelease), Copenhagen's real climate actions, and generated example
// climate plans for the other capital-region municipalities.
//
// Every record names its source. Generated records carry example=true and say so in their
// source; nothing invented is presented as real. data/README.md describes the files.
package demo

import (
	"context"
	"fmt"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// Vintage of the energy and CO2 accounts: the day they were fetched from klimaregnskabet.dk.
const accountsVintage = "2026-05-18"

// Loaded reports whether the database already holds organisations, and so the demo (the demo
// loads only into an empty database).
func Loaded(ctx context.Context, db *store.DB) (bool, error) {
	n, err := db.Count(ctx, model.Organisations)
	if err != nil {
		return false, fmt.Errorf("demo: count organisations: %w", err)
	}
	return n > 0, nil
}

// Load loads the demo data set in one transaction. It does nothing if the database already
// holds organisations, so running it twice is harmless.
func Load(ctx context.Context, db *store.DB) error {
	if ok, err := Loaded(ctx, db); err != nil || ok {
		return err
	}
	d, err := readDataset()
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		// Checked inside the transaction, so that two loads at once cannot both run.
		page, err := tx.List(ctx, model.Organisations, model.ListQuery{Limit: 1})
		if err != nil {
			return fmt.Errorf("demo: list organisations: %w", err)
		}
		if len(page.Items) > 0 {
			return nil
		}
		l := &loader{ctx: ctx, tx: tx, d: d,
			orgs: map[string]int64{}, byName: map[string]int64{}, themes: map[string]int64{}, themeByName: map[string]int64{}}
		for _, step := range []struct {
			what string
			fn   func() error
		}{
			{"organisations", l.organisations},
			{"themes", l.loadThemes},
			{"VIP climate projects", l.vipProjects},
			{"cross-plan shares", l.crossPlanShares},
			{"RUS projects", l.rusProjects},
			{"result contract", l.resultContract},
			{"infrastructure projects", l.infrastructure},
			{"SOSU allocation", l.sosu},
			{"energy and CO2 accounts", l.accounts},
			{"Copenhagen's climate plan", l.copenhagen},
			{"example climate plans", l.examplePlans},
		} {
			if err := step.fn(); err != nil {
				return fmt.Errorf("demo: load %s: %w", step.what, err)
			}
		}
		return nil
	})
}

// loader keeps what one load has created so far, by natural key.
type loader struct {
	ctx         context.Context
	tx          *store.Tx
	d           *dataset
	orgs        map[string]int64 // organisation id by code
	byName      map[string]int64 // municipality (and "Region Hovedstaden") id by Danish name
	themes      map[string]int64 // theme id by code
	themeByName map[string]int64 // theme id by Danish name
}

// create stores one record and returns its id. what names the record in an error.
func (l *loader) create(res *model.Resource, rec model.Record, what string) (int64, error) {
	if _, ok := res.Field("published"); ok {
		rec["published"] = true // the demo shows what a region has made public
	}
	citeSource(rec)
	withEnglishUnit(res, rec)
	out, err := l.tx.Create(l.ctx, res, rec)
	if err != nil {
		return 0, fmt.Errorf("create %s %s: %w", res.Singular, what, err)
	}
	return out.ID(), nil
}

// citeSource writes a record's source as a citation (cite).
func citeSource(rec model.Record) {
	if src, ok := rec["source"].(string); ok {
		rec["source"] = cite(src)
	}
}

// insertValues checks indicator values as the store expects of its caller, then inserts them
// in bulk.
func (l *loader) insertValues(vals []model.Record) error {
	for _, v := range vals {
		citeSource(v)
		model.Normalize(model.IndicatorValues, v)
		if err := model.Validate(model.IndicatorValues, v); err != nil {
			return fmt.Errorf("indicator value %v for organisation %v, period %v: %w", v["indicator_id"], v["organisation_id"], v["period"], err)
		}
	}
	if err := l.tx.InsertValues(l.ctx, vals); err != nil {
		return fmt.Errorf("insert %d indicator values: %w", len(vals), err)
	}
	return nil
}

// org returns the id of the organisation with the code, which the load has created.
func (l *loader) org(code string) (int64, error) {
	id, ok := l.orgs[code]
	if !ok {
		return 0, fmt.Errorf("no organisation with code %q", code)
	}
	return id, nil
}

// named returns the id of a municipality (or Region Hovedstaden) by its Danish name.
func (l *loader) named(name string) (int64, error) {
	id, ok := l.byName[name]
	if !ok {
		return 0, fmt.Errorf("no municipality named %q", name)
	}
	return id, nil
}

func (l *loader) themeIDs(codes ...string) ([]int64, error) {
	ids := make([]int64, 0, len(codes))
	for _, c := range codes {
		id, ok := l.themes[c]
		if !ok {
			return nil, fmt.Errorf("no theme with code %q", c)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// nilIfZero gives a nullable field: nil for the zero value.
func nilIfZero[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}
