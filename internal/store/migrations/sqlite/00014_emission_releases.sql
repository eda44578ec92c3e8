-- +goose NO TRANSACTION
-- Energy and CO2 accounts as releases (issue 12). Each import of the Energy Agency's
-- "Energi- og CO2-regnskab" is a release (name, vintage, source); its figures are kept per
-- organisation, year and sector beside every earlier release's, never over them (the agency
-- recalculates past years). The sectors are the accounts' five as model.EmissionSectors
-- names them; "affald" holds the API's Affaldsdeponi and Spildevand together, as the
-- published per-municipality figures give them. A total is not stored: it is the sum of
-- the sectors, and a region's or the nation's the sum of its municipalities'.
--
-- The nation is an organisation of kind 'country' above the regions. organisations.kind's
-- CHECK names the kinds, and SQLite changes a CHECK only by rebuilding the table, by the
-- procedure 00005 follows (https://sqlite.org/lang_altertable.html#otheralter): foreign keys
-- off, which SQLite allows only outside a transaction, hence NO TRANSACTION and the explicit
-- transaction below; the table's text as 00005 left it with 'country' added; its index made
-- again; its AUTOINCREMENT sequence kept; PRAGMA foreign_key_check proves every reference
-- still holds before the rebuild commits.
--
-- goose records a NO TRANSACTION migration after its own COMMIT, so a process killed
-- between the two runs it again at the next start: the new tables and indexes below are
-- made only if missing, and the rebuild repeats harmlessly (decision 72).

-- +goose Up
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TEMP TABLE organisations_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'organisations';
CREATE TABLE new_organisations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        text NOT NULL CHECK (kind IN ('region','municipality','secretariat','partner','company','other','country')),
    code        text NOT NULL UNIQUE,
    name_da     text NOT NULL,
    name_en     text,
    parent_id   INTEGER REFERENCES organisations(id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  text NOT NULL,
    updated_at  text NOT NULL
);
INSERT INTO new_organisations SELECT * FROM organisations;
DROP TABLE organisations;
ALTER TABLE new_organisations RENAME TO organisations;
CREATE INDEX organisations_parent ON organisations(parent_id);
INSERT INTO sqlite_sequence (name, seq) SELECT 'organisations', 0
WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'organisations');
UPDATE sqlite_sequence SET seq = max(seq, COALESCE((SELECT max(seq) FROM temp.organisations_seq), 0))
WHERE name = 'organisations';
DROP TABLE temp.organisations_seq;

CREATE TABLE IF NOT EXISTS emission_releases (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       text NOT NULL,
    vintage    text NOT NULL,
    source     text NOT NULL,
    note       text,
    created_at text NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE IF NOT EXISTS emission_values (
    release_id      INTEGER NOT NULL REFERENCES emission_releases(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    sector          text NOT NULL CHECK (sector IN ('energi','transport','landbrug','affald','industri')),
    t_co2e          REAL NOT NULL,
    source          text,
    UNIQUE (release_id, organisation_id, year, sector)
);
CREATE INDEX IF NOT EXISTS emission_values_organisation ON emission_values(organisation_id, release_id);

-- Fails the migration (and so leaves the transaction uncommitted) if any reference broke.
CREATE TEMP TABLE foreign_key_violations (n INTEGER CONSTRAINT "foreign keys hold after the rebuild" CHECK (n = 0));
INSERT INTO foreign_key_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE temp.foreign_key_violations;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
-- The way back refuses (by the CHECK) while a country is stored: delete it first.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DROP TABLE emission_values;
DROP TABLE emission_releases;

CREATE TEMP TABLE organisations_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'organisations';
CREATE TABLE new_organisations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        text NOT NULL CHECK (kind IN ('region','municipality','secretariat','partner','company','other')),
    code        text NOT NULL UNIQUE,
    name_da     text NOT NULL,
    name_en     text,
    parent_id   INTEGER REFERENCES organisations(id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  text NOT NULL,
    updated_at  text NOT NULL
);
INSERT INTO new_organisations SELECT * FROM organisations;
DROP TABLE organisations;
ALTER TABLE new_organisations RENAME TO organisations;
CREATE INDEX organisations_parent ON organisations(parent_id);
INSERT INTO sqlite_sequence (name, seq) SELECT 'organisations', 0
WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'organisations');
UPDATE sqlite_sequence SET seq = max(seq, COALESCE((SELECT max(seq) FROM temp.organisations_seq), 0))
WHERE name = 'organisations';
DROP TABLE temp.organisations_seq;

CREATE TEMP TABLE foreign_key_violations (n INTEGER CONSTRAINT "foreign keys hold after the rebuild" CHECK (n = 0));
INSERT INTO foreign_key_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE temp.foreign_key_violations;
COMMIT;
PRAGMA foreign_keys = ON;
