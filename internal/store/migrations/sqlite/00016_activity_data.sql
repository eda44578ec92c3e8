-- +goose Up
-- The own calculation's inputs (C6): activity data (so much of a fuel, used so, in a sector,
-- in an organisation's year) and users' own emission factor sets (named, versioned; a factor
-- with an organisation is local to it). Emissions are computed from them on read.
CREATE TABLE activity_data (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    sector          text NOT NULL CHECK (sector IN ('energy','transport','agriculture','waste_wastewater','industrial_processes','land_use')),
    subsector       text,
    fuel            text NOT NULL,
    use             text,
    amount          REAL NOT NULL CHECK (amount >= 0),
    unit            text NOT NULL,
    source          text,
    note            text,
    example         INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
);
CREATE INDEX activity_data_organisation_year ON activity_data(organisation_id, year);

CREATE TABLE emission_factors (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    factor_set      text NOT NULL CHECK (lower(factor_set) <> 'default'),
    set_version     INTEGER NOT NULL CHECK (set_version >= 1),
    fuel            text NOT NULL,
    use             text,
    gas             text NOT NULL CHECK (gas IN ('CO2','CH4','N2O','CO2_biogenic')),
    value           REAL NOT NULL CHECK (value >= 0),
    unit            text NOT NULL,
    valid_from      INTEGER,
    valid_to        INTEGER,
    organisation_id INTEGER REFERENCES organisations(id),
    source          text NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    CHECK (valid_to >= valid_from)
);
CREATE INDEX emission_factors_set ON emission_factors(factor_set, set_version);
CREATE INDEX emission_factors_organisation ON emission_factors(organisation_id);

-- +goose Down
DROP TABLE emission_factors;
DROP TABLE activity_data;
