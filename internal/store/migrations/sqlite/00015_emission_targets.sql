-- +goose Up
-- An organisation's emission reduction targets (C6): a reduction in % or net zero by a
-- target year against a base year, with the base year's emissions and their source when the
-- base year lies before the accounts.
CREATE TABLE emission_targets (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    base_year       INTEGER,
    base_t_co2e     REAL CHECK (base_t_co2e >= 0),
    base_source     text,
    target_year     INTEGER NOT NULL,
    reduction_pct   REAL CHECK (reduction_pct BETWEEN 0 AND 100),
    net_zero        INTEGER,
    boundary        text NOT NULL CHECK (boundary IN ('territorial','territorial_excl_lulucf','energy_transport')),
    label           text,
    source          text,
    example         INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    CHECK (target_year > base_year)
);
CREATE INDEX emission_targets_organisation ON emission_targets(organisation_id, target_year);

-- +goose Down
DROP TABLE emission_targets;
