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
-- bulk import alike (Tx.WithoutValueIndexes rebuilds it from this definition). Totals only
-- (partial): 588,000 of the national data set's 1,568,000 values, so a bulk import builds
-- and the file holds a third of what an index of every value would cost; the reads say
-- breakdown = '' as a literal (store.totalsOnly), which is what lets the engine use it.
-- breakdown is its last column although always '': SQLite reads only the index (a
-- covering index) when it holds every column the query names, the condition's too.
CREATE INDEX indicator_values_totals ON indicator_values(indicator_id, period, organisation_id, value, example, breakdown) WHERE breakdown = '';

-- +goose Down
DROP INDEX indicator_values_totals;
