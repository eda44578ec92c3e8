-- +goose Up
-- See the SQLite migration of the same number: an index holding an indicator's totals by
-- period and organisation, with what the pages read of them, for index-only scans (issue 14).
-- Totals only (partial), as on SQLite.
CREATE INDEX indicator_values_totals ON indicator_values(indicator_id, period, organisation_id) INCLUDE (value, example, id) WHERE breakdown = '';

-- +goose Down
DROP INDEX indicator_values_totals;
