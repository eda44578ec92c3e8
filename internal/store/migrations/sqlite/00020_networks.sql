-- +goose NO TRANSACTION
-- Saved groups (issue 13): a network ("netværk", such as Klimaalliancen) is an organisation
-- of kind 'network' whose members are municipalities, kept in organisation_members as an
-- action's themes are kept in action_themes (the member_ids list). A network is an
-- organisation so that the coverage API's group=ORG_ID names regions, the nation and
-- networks alike. That members are municipalities and that only a network has members are
-- the model's and the store's rules (model.checkOrganisation, store/consistency.go).
--
-- organisations.kind's CHECK gains 'network'. SQLite changes a CHECK only by rebuilding the
-- table, by the procedure 00005 and 00014 follow (foreign keys off, outside goose's
-- transaction; the table's text as 00014 left it with 'network' added; its index made
-- again; its AUTOINCREMENT sequence kept; PRAGMA foreign_key_check proves every reference
-- still holds before the rebuild commits).
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
    kind        text NOT NULL CHECK (kind IN ('region','municipality','secretariat','partner','company','other','country','network')),
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

-- A network's members. Deleting a network takes its member list with it; a member
-- municipality is not deleted while a network names it (as an action's partner).
CREATE TABLE IF NOT EXISTS organisation_members (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (organisation_id, member_id)
);
-- The other way: which networks a municipality is in, and the foreign key's check when a
-- municipality is deleted.
CREATE INDEX IF NOT EXISTS organisation_members_member ON organisation_members(member_id);

-- Fails the migration (and so leaves the transaction uncommitted) if any reference broke.
CREATE TEMP TABLE foreign_key_violations (n INTEGER CONSTRAINT "foreign keys hold after the rebuild" CHECK (n = 0));
INSERT INTO foreign_key_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE temp.foreign_key_violations;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
-- The way back refuses (by the CHECK) while a network is stored: delete it first.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DROP TABLE organisation_members;

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

CREATE TEMP TABLE foreign_key_violations (n INTEGER CONSTRAINT "foreign keys hold after the rebuild" CHECK (n = 0));
INSERT INTO foreign_key_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE temp.foreign_key_violations;
COMMIT;
PRAGMA foreign_keys = ON;
