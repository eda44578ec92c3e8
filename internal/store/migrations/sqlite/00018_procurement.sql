-- +goose Up
-- The procurement footprint (C6): what an organisation bought in a year, as DKK per
-- category, and spend-based factors (kg CO2e per DKK per category, in named sets). The
-- footprint is computed from them on read, outside the territorial accounts.
CREATE TABLE procurement_spend (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    category        text NOT NULL,
    spend_dkk       REAL NOT NULL CHECK (spend_dkk >= 0),
    source          text,
    note            text,
    example         INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
);
CREATE INDEX procurement_spend_organisation_year ON procurement_spend(organisation_id, year);

CREATE TABLE spend_factors (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    factor_set      text NOT NULL,
    category        text NOT NULL,
    kg_co2e_per_dkk REAL NOT NULL CHECK (kg_co2e_per_dkk >= 0),
    valid_from      INTEGER,
    valid_to        INTEGER,
    source          text NOT NULL,
    example         INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    CHECK (valid_to >= valid_from)
);
CREATE INDEX spend_factors_set ON spend_factors(factor_set, category);

-- +goose Down
DROP TABLE spend_factors;
DROP TABLE procurement_spend;
