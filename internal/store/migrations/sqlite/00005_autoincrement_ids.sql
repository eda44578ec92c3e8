-- +goose NO TRANSACTION
-- SQLite gave a new row the largest id in its table plus one, so deleting the newest record
-- (a draft, say) handed its id to the next one, and the audit trail, which names records by
-- resource and id, showed the deleted record's history as the new one's. AUTOINCREMENT makes
-- SQLite never hand out an id again (sqlite_sequence keeps the largest ever given). A table's
-- primary key cannot be changed in place, so each table whose id anything refers to, or that
-- the audit trail names, is rebuilt by the procedure of
-- https://sqlite.org/lang_altertable.html#otheralter: a new table with the same text but
-- AUTOINCREMENT, the rows copied, the old one dropped, the new one renamed, its indexes and
-- triggers made again exactly as they were. Each table's text is the one sqlite_master held
-- after 00004 (with the published columns where its ADD COLUMN put them), AUTOINCREMENT
-- added; a test compares the schema before and after. Foreign keys must be off while tables are dropped
-- (or the drop would cascade), which SQLite allows only outside a transaction, hence
-- NO TRANSACTION here and the explicit transaction below; PRAGMA foreign_key_check then
-- proves every reference still holds before the rebuild commits. PostgreSQL needs none of
-- this: its identity columns draw from sequences, which never go back.

-- +goose Up
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- organisations
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

-- themes
CREATE TABLE new_themes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        text NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES themes(id),
    name_da     text NOT NULL,
    name_en     text,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  text NOT NULL,
    updated_at  text NOT NULL
);
INSERT INTO new_themes SELECT * FROM themes;
DROP TABLE themes;
ALTER TABLE new_themes RENAME TO themes;

-- programmes
CREATE TABLE new_programmes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    code            text NOT NULL UNIQUE,
    name_da         text NOT NULL,
    name_en         text,
    period_start    INTEGER,
    period_end      INTEGER,
    organisation_id INTEGER REFERENCES organisations(id),
    description     text,
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
);
INSERT INTO new_programmes SELECT * FROM programmes;
DROP TABLE programmes;
ALTER TABLE new_programmes RENAME TO programmes;

-- projects
CREATE TABLE new_projects (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id    INTEGER NOT NULL REFERENCES programmes(id),
    code            text NOT NULL UNIQUE,
    name_da         text NOT NULL,
    name_en         text,
    description     text,
    period_start    INTEGER,
    period_end      INTEGER,
    cost_dkk        REAL CHECK (cost_dkk >= 0),
    cost_dkk_high   REAL CHECK (cost_dkk_high >= 0),
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
);
INSERT INTO new_projects SELECT * FROM projects;
DROP TABLE projects;
ALTER TABLE new_projects RENAME TO projects;
CREATE INDEX projects_programme ON projects(programme_id);

-- participants
CREATE TABLE new_participants (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      INTEGER NOT NULL REFERENCES projects(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    role            text NOT NULL CHECK (role IN ('member','follower')),
    lead            INTEGER,
    joined_on       text,
    left_on         text,
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    UNIQUE (project_id, organisation_id)
);
INSERT INTO new_participants SELECT * FROM participants;
DROP TABLE participants;
ALTER TABLE new_participants RENAME TO participants;
CREATE INDEX participants_organisation ON participants(organisation_id);

-- plans
CREATE TABLE new_plans (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    code            text NOT NULL UNIQUE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    kind            text NOT NULL CHECK (kind IN ('climate_plan','result_contract','strategy','other')),
    title           text NOT NULL,
    description     text,
    adopted_on      text,
    period_start    INTEGER,
    period_end      INTEGER,
    baseline_year   INTEGER,
    status          text NOT NULL CHECK (status IN ('draft','adopted','under_revision')),
    example         INTEGER,
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
, published INTEGER NOT NULL DEFAULT 1);
INSERT INTO new_plans SELECT * FROM plans;
DROP TABLE plans;
ALTER TABLE new_plans RENAME TO plans;
CREATE INDEX plans_organisation ON plans(organisation_id);

-- indicators
CREATE TABLE new_indicators (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    code                  text NOT NULL UNIQUE,
    name_da               text NOT NULL,
    name_en               text,
    unit                  text NOT NULL,
    direction             text NOT NULL CHECK (direction IN ('higher','lower')),
    description           text,
    method                text,
    owner_plan_id         INTEGER REFERENCES plans(id),
    owner_project_id      INTEGER REFERENCES projects(id),
    owner_organisation_id INTEGER REFERENCES organisations(id),
    theme_id              INTEGER REFERENCES themes(id),
    baseline_year         INTEGER,
    baseline_value        REAL,
    example               INTEGER,
    source                text,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            text NOT NULL,
    updated_at            text NOT NULL,
    CHECK ((owner_plan_id IS NOT NULL) + (owner_project_id IS NOT NULL) + (owner_organisation_id IS NOT NULL) = 1)
);
INSERT INTO new_indicators SELECT * FROM indicators;
DROP TABLE indicators;
ALTER TABLE new_indicators RENAME TO indicators;
CREATE INDEX indicators_plan ON indicators(owner_plan_id);
CREATE INDEX indicators_project ON indicators(owner_project_id);
CREATE INDEX indicators_organisation ON indicators(owner_organisation_id);

-- goals
CREATE TABLE new_goals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id      INTEGER REFERENCES plans(id),
    project_id   INTEGER REFERENCES projects(id),
    parent_id    INTEGER REFERENCES goals(id),
    position     INTEGER,
    text_da      text NOT NULL,
    text_en      text,
    indicator_id INTEGER REFERENCES indicators(id),
    target_value REAL,
    target_year  INTEGER,
    source       text,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   text NOT NULL,
    updated_at   text NOT NULL,
    CHECK ((plan_id IS NULL) <> (project_id IS NULL))
);
INSERT INTO new_goals SELECT * FROM goals;
DROP TABLE goals;
ALTER TABLE new_goals RENAME TO goals;
CREATE INDEX goals_plan ON goals(plan_id);
CREATE INDEX goals_project ON goals(project_id);

-- actions
CREATE TABLE new_actions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id           INTEGER REFERENCES plans(id),
    project_id        INTEGER REFERENCES projects(id),
    title             text NOT NULL,
    description       text,
    sector            text NOT NULL CHECK (sector IN ('energy','transport','agriculture','waste_wastewater','industrial_processes','land_use','consumption_procurement','adaptation','cross_cutting')),
    organisation_id   INTEGER NOT NULL REFERENCES organisations(id),
    start_date        text,
    end_date          text,
    status            text NOT NULL CHECK (status IN ('planned','in_progress','completed','delayed','cancelled')),
    progress          REAL CHECK (progress BETWEEN 0 AND 100),
    effect_t_co2e     REAL CHECK (effect_t_co2e >= 0),
    effect_start_year INTEGER,
    cost_dkk          REAL CHECK (cost_dkk >= 0),
    joint             INTEGER,
    example           INTEGER,
    source            text,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        text NOT NULL,
    updated_at        text NOT NULL, published INTEGER NOT NULL DEFAULT 1,
    CHECK ((plan_id IS NULL) <> (project_id IS NULL))
);
INSERT INTO new_actions SELECT * FROM actions;
DROP TABLE actions;
ALTER TABLE new_actions RENAME TO actions;
CREATE INDEX actions_org_sector ON actions(organisation_id, sector, id);
CREATE INDEX actions_plan ON actions(plan_id);
CREATE INDEX actions_project ON actions(project_id);
CREATE INDEX actions_org_status ON actions(published, organisation_id, status);

-- action_status_history
CREATE TABLE new_action_status_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    changed_at  text NOT NULL,
    status      text NOT NULL,
    progress    REAL
);
INSERT INTO new_action_status_history SELECT * FROM action_status_history;
DROP TABLE action_status_history;
ALTER TABLE new_action_status_history RENAME TO action_status_history;
CREATE INDEX action_status_history_action ON action_status_history(action_id, changed_at);

-- indicator_values
CREATE TABLE new_indicator_values (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id    INTEGER NOT NULL REFERENCES indicators(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    period          text NOT NULL,
    period_kind     text NOT NULL CHECK (period_kind IN ('year','half','quarter','month','date')),
    period_year     INTEGER NOT NULL,
    breakdown       text NOT NULL DEFAULT '',
    value           REAL NOT NULL,
    source          text,
    note            text,
    vintage         text,
    example         INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    UNIQUE (indicator_id, organisation_id, period, breakdown)
);
INSERT INTO new_indicator_values SELECT * FROM indicator_values;
DROP TABLE indicator_values;
ALTER TABLE new_indicator_values RENAME TO indicator_values;
CREATE INDEX indicator_values_org_breakdown ON indicator_values(organisation_id, breakdown, indicator_id);

-- users
CREATE TABLE new_users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         text NOT NULL UNIQUE,
    name          text NOT NULL DEFAULT '',
    password_hash text,
    disabled      INTEGER NOT NULL DEFAULT 0,
    oidc_issuer   text,
    oidc_subject  text,
    deleted       INTEGER NOT NULL DEFAULT 0,
    created_at    text NOT NULL,
    updated_at    text NOT NULL,
    last_login_at text
);
INSERT INTO new_users SELECT * FROM users;
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;
CREATE UNIQUE INDEX users_oidc ON users(oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- memberships
CREATE TABLE new_memberships (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('admin','secretariat','editor','project_lead','viewer'))
);
INSERT INTO new_memberships SELECT * FROM memberships;
DROP TABLE memberships;
ALTER TABLE new_memberships RENAME TO memberships;
CREATE UNIQUE INDEX memberships_unique ON memberships(user_id, COALESCE(organisation_id, 0), role);

-- api_tokens
CREATE TABLE new_api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    scope        text NOT NULL CHECK (scope IN ('read','write')),
    created_at   text NOT NULL,
    last_used_at text,
    revoked_at   text
);
INSERT INTO new_api_tokens SELECT * FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE new_api_tokens RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- audit_log
CREATE TABLE new_audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        text NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    channel   text NOT NULL CHECK (channel IN ('web','api','cli','import','system')),
    resource  text NOT NULL,
    record_id INTEGER NOT NULL,
    op        text NOT NULL CHECK (op IN ('create','update','delete','import')),
    summary   text NOT NULL DEFAULT '',
    before    text,
    after     text
);
INSERT INTO new_audit_log SELECT * FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE new_audit_log RENAME TO audit_log;
CREATE INDEX audit_record ON audit_log(resource, record_id, id);
CREATE INDEX audit_user ON audit_log(user_id, id);
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- +goose StatementEnd

-- Ids go on from the largest ever used: the largest in the table, or the largest the audit
-- trail names for it, whichever is larger, so that an id deleted before this migration is not
-- handed out again either.
INSERT INTO sqlite_sequence (name, seq)
SELECT name, 0 FROM sqlite_master
WHERE type = 'table' AND name IN ('organisations', 'themes', 'programmes', 'projects', 'participants', 'plans', 'indicators', 'goals', 'actions', 'action_status_history', 'indicator_values', 'users', 'memberships', 'api_tokens', 'audit_log')
  AND name NOT IN (SELECT name FROM sqlite_sequence);
UPDATE sqlite_sequence SET seq = max(seq, COALESCE((SELECT max(record_id) FROM audit_log
    WHERE resource IN (sqlite_sequence.name, replace(sqlite_sequence.name, '_', '-'))), 0))
WHERE name IN ('organisations', 'themes', 'programmes', 'projects', 'participants', 'plans', 'indicators', 'goals', 'actions', 'action_status_history', 'indicator_values', 'users', 'memberships', 'api_tokens', 'audit_log');

-- Fails the migration (and so leaves the transaction uncommitted) if any reference broke.
CREATE TEMP TABLE foreign_key_violations (n INTEGER CONSTRAINT "foreign keys hold after the rebuild" CHECK (n = 0));
INSERT INTO foreign_key_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE temp.foreign_key_violations;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- organisations
CREATE TABLE new_organisations (
    id          INTEGER PRIMARY KEY,
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

-- themes
CREATE TABLE new_themes (
    id          INTEGER PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES themes(id),
    name_da     text NOT NULL,
    name_en     text,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  text NOT NULL,
    updated_at  text NOT NULL
);
INSERT INTO new_themes SELECT * FROM themes;
DROP TABLE themes;
ALTER TABLE new_themes RENAME TO themes;

-- programmes
CREATE TABLE new_programmes (
    id              INTEGER PRIMARY KEY,
    code            text NOT NULL UNIQUE,
    name_da         text NOT NULL,
    name_en         text,
    period_start    INTEGER,
    period_end      INTEGER,
    organisation_id INTEGER REFERENCES organisations(id),
    description     text,
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
);
INSERT INTO new_programmes SELECT * FROM programmes;
DROP TABLE programmes;
ALTER TABLE new_programmes RENAME TO programmes;

-- projects
CREATE TABLE new_projects (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes(id),
    code            text NOT NULL UNIQUE,
    name_da         text NOT NULL,
    name_en         text,
    description     text,
    period_start    INTEGER,
    period_end      INTEGER,
    cost_dkk        REAL CHECK (cost_dkk >= 0),
    cost_dkk_high   REAL CHECK (cost_dkk_high >= 0),
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
);
INSERT INTO new_projects SELECT * FROM projects;
DROP TABLE projects;
ALTER TABLE new_projects RENAME TO projects;
CREATE INDEX projects_programme ON projects(programme_id);

-- participants
CREATE TABLE new_participants (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES projects(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    role            text NOT NULL CHECK (role IN ('member','follower')),
    lead            INTEGER,
    joined_on       text,
    left_on         text,
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    UNIQUE (project_id, organisation_id)
);
INSERT INTO new_participants SELECT * FROM participants;
DROP TABLE participants;
ALTER TABLE new_participants RENAME TO participants;
CREATE INDEX participants_organisation ON participants(organisation_id);

-- plans
CREATE TABLE new_plans (
    id              INTEGER PRIMARY KEY,
    code            text NOT NULL UNIQUE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    kind            text NOT NULL CHECK (kind IN ('climate_plan','result_contract','strategy','other')),
    title           text NOT NULL,
    description     text,
    adopted_on      text,
    period_start    INTEGER,
    period_end      INTEGER,
    baseline_year   INTEGER,
    status          text NOT NULL CHECK (status IN ('draft','adopted','under_revision')),
    example         INTEGER,
    source          text,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL
, published INTEGER NOT NULL DEFAULT 1);
INSERT INTO new_plans SELECT * FROM plans;
DROP TABLE plans;
ALTER TABLE new_plans RENAME TO plans;
CREATE INDEX plans_organisation ON plans(organisation_id);

-- indicators
CREATE TABLE new_indicators (
    id                    INTEGER PRIMARY KEY,
    code                  text NOT NULL UNIQUE,
    name_da               text NOT NULL,
    name_en               text,
    unit                  text NOT NULL,
    direction             text NOT NULL CHECK (direction IN ('higher','lower')),
    description           text,
    method                text,
    owner_plan_id         INTEGER REFERENCES plans(id),
    owner_project_id      INTEGER REFERENCES projects(id),
    owner_organisation_id INTEGER REFERENCES organisations(id),
    theme_id              INTEGER REFERENCES themes(id),
    baseline_year         INTEGER,
    baseline_value        REAL,
    example               INTEGER,
    source                text,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            text NOT NULL,
    updated_at            text NOT NULL,
    CHECK ((owner_plan_id IS NOT NULL) + (owner_project_id IS NOT NULL) + (owner_organisation_id IS NOT NULL) = 1)
);
INSERT INTO new_indicators SELECT * FROM indicators;
DROP TABLE indicators;
ALTER TABLE new_indicators RENAME TO indicators;
CREATE INDEX indicators_plan ON indicators(owner_plan_id);
CREATE INDEX indicators_project ON indicators(owner_project_id);
CREATE INDEX indicators_organisation ON indicators(owner_organisation_id);

-- goals
CREATE TABLE new_goals (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER REFERENCES plans(id),
    project_id   INTEGER REFERENCES projects(id),
    parent_id    INTEGER REFERENCES goals(id),
    position     INTEGER,
    text_da      text NOT NULL,
    text_en      text,
    indicator_id INTEGER REFERENCES indicators(id),
    target_value REAL,
    target_year  INTEGER,
    source       text,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   text NOT NULL,
    updated_at   text NOT NULL,
    CHECK ((plan_id IS NULL) <> (project_id IS NULL))
);
INSERT INTO new_goals SELECT * FROM goals;
DROP TABLE goals;
ALTER TABLE new_goals RENAME TO goals;
CREATE INDEX goals_plan ON goals(plan_id);
CREATE INDEX goals_project ON goals(project_id);

-- actions
CREATE TABLE new_actions (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER REFERENCES plans(id),
    project_id        INTEGER REFERENCES projects(id),
    title             text NOT NULL,
    description       text,
    sector            text NOT NULL CHECK (sector IN ('energy','transport','agriculture','waste_wastewater','industrial_processes','land_use','consumption_procurement','adaptation','cross_cutting')),
    organisation_id   INTEGER NOT NULL REFERENCES organisations(id),
    start_date        text,
    end_date          text,
    status            text NOT NULL CHECK (status IN ('planned','in_progress','completed','delayed','cancelled')),
    progress          REAL CHECK (progress BETWEEN 0 AND 100),
    effect_t_co2e     REAL CHECK (effect_t_co2e >= 0),
    effect_start_year INTEGER,
    cost_dkk          REAL CHECK (cost_dkk >= 0),
    joint             INTEGER,
    example           INTEGER,
    source            text,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        text NOT NULL,
    updated_at        text NOT NULL, published INTEGER NOT NULL DEFAULT 1,
    CHECK ((plan_id IS NULL) <> (project_id IS NULL))
);
INSERT INTO new_actions SELECT * FROM actions;
DROP TABLE actions;
ALTER TABLE new_actions RENAME TO actions;
CREATE INDEX actions_org_sector ON actions(organisation_id, sector, id);
CREATE INDEX actions_plan ON actions(plan_id);
CREATE INDEX actions_project ON actions(project_id);
CREATE INDEX actions_org_status ON actions(published, organisation_id, status);

-- action_status_history
CREATE TABLE new_action_status_history (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    changed_at  text NOT NULL,
    status      text NOT NULL,
    progress    REAL
);
INSERT INTO new_action_status_history SELECT * FROM action_status_history;
DROP TABLE action_status_history;
ALTER TABLE new_action_status_history RENAME TO action_status_history;
CREATE INDEX action_status_history_action ON action_status_history(action_id, changed_at);

-- indicator_values
CREATE TABLE new_indicator_values (
    id              INTEGER PRIMARY KEY,
    indicator_id    INTEGER NOT NULL REFERENCES indicators(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    period          text NOT NULL,
    period_kind     text NOT NULL CHECK (period_kind IN ('year','half','quarter','month','date')),
    period_year     INTEGER NOT NULL,
    breakdown       text NOT NULL DEFAULT '',
    value           REAL NOT NULL,
    source          text,
    note            text,
    vintage         text,
    example         INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    UNIQUE (indicator_id, organisation_id, period, breakdown)
);
INSERT INTO new_indicator_values SELECT * FROM indicator_values;
DROP TABLE indicator_values;
ALTER TABLE new_indicator_values RENAME TO indicator_values;
CREATE INDEX indicator_values_org_breakdown ON indicator_values(organisation_id, breakdown, indicator_id);

-- users
CREATE TABLE new_users (
    id            INTEGER PRIMARY KEY,
    email         text NOT NULL UNIQUE,
    name          text NOT NULL DEFAULT '',
    password_hash text,
    disabled      INTEGER NOT NULL DEFAULT 0,
    oidc_issuer   text,
    oidc_subject  text,
    deleted       INTEGER NOT NULL DEFAULT 0,
    created_at    text NOT NULL,
    updated_at    text NOT NULL,
    last_login_at text
);
INSERT INTO new_users SELECT * FROM users;
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;
CREATE UNIQUE INDEX users_oidc ON users(oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- memberships
CREATE TABLE new_memberships (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('admin','secretariat','editor','project_lead','viewer'))
);
INSERT INTO new_memberships SELECT * FROM memberships;
DROP TABLE memberships;
ALTER TABLE new_memberships RENAME TO memberships;
CREATE UNIQUE INDEX memberships_unique ON memberships(user_id, COALESCE(organisation_id, 0), role);

-- api_tokens
CREATE TABLE new_api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    scope        text NOT NULL CHECK (scope IN ('read','write')),
    created_at   text NOT NULL,
    last_used_at text,
    revoked_at   text
);
INSERT INTO new_api_tokens SELECT * FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE new_api_tokens RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- audit_log
CREATE TABLE new_audit_log (
    id        INTEGER PRIMARY KEY,
    at        text NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    channel   text NOT NULL CHECK (channel IN ('web','api','cli','import','system')),
    resource  text NOT NULL,
    record_id INTEGER NOT NULL,
    op        text NOT NULL CHECK (op IN ('create','update','delete','import')),
    summary   text NOT NULL DEFAULT '',
    before    text,
    after     text
);
INSERT INTO new_audit_log SELECT * FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE new_audit_log RENAME TO audit_log;
CREATE INDEX audit_record ON audit_log(resource, record_id, id);
CREATE INDEX audit_user ON audit_log(user_id, id);
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- +goose StatementEnd

CREATE TEMP TABLE foreign_key_violations (n INTEGER CONSTRAINT "foreign keys hold after the rebuild" CHECK (n = 0));
INSERT INTO foreign_key_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE temp.foreign_key_violations;
COMMIT;
PRAGMA foreign_keys = ON;
