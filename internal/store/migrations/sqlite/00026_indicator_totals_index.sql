-- +goose Up
-- An indicator's page and the comparison of municipalities (/noegletal/{code}, /sammenlign)
-- read an indicator's totals (breakdown '') by organisation and by period: which
-- organisations have any (and whether any is example data), which periods there are, and
-- every organisation's value in one period (store.TotalOrganisations, TotalPeriods,
-- ValueTotals with a period). The unique key (indicator_id, organisation_id, period,
-- breakdown) finds an indicator's values but not its totals of one period, and every row it
-- finds must be read from the table for its value. This index holds all they read, in the
-- order they read it, so each is a range of one index (issue 14). An index, not a summary
-- table: the engine keeps it in the write's own statement, for every kind of write and the
-- bulk import alike (Tx.WithoutValueIndexes rebuilds it from this definition).
CREATE INDEX indicator_values_totals ON indicator_values(indicator_id, breakdown, period, organisation_id, value, example);

-- +goose Down
DROP INDEX indicator_values_totals;
