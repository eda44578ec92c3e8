-- +goose Up
CREATE TABLE organisations (
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
CREATE INDEX organisations_parent ON organisations(parent_id);

CREATE TABLE organisation_populations (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    year            INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    value           INTEGER NOT NULL CHECK (value >= 0),
    source          text NOT NULL DEFAULT '',
    PRIMARY KEY (organisation_id, year)
);

CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES themes(id),
    name_da     text NOT NULL,
    name_en     text,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  text NOT NULL,
    updated_at  text NOT NULL
);

CREATE TABLE programmes (
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

CREATE TABLE projects (
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
CREATE INDEX projects_programme ON projects(programme_id);

CREATE TABLE participants (
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
CREATE INDEX participants_organisation ON participants(organisation_id);

CREATE TABLE plans (
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
);
CREATE INDEX plans_organisation ON plans(organisation_id);

CREATE TABLE indicators (
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
CREATE INDEX indicators_plan ON indicators(owner_plan_id);
CREATE INDEX indicators_project ON indicators(owner_project_id);
CREATE INDEX indicators_organisation ON indicators(owner_organisation_id);

CREATE TABLE indicator_targets (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    value        REAL NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

CREATE TABLE goals (
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
CREATE INDEX goals_plan ON goals(plan_id);
CREATE INDEX goals_project ON goals(project_id);

CREATE TABLE actions (
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
    updated_at        text NOT NULL,
    CHECK ((plan_id IS NULL) <> (project_id IS NULL))
);
CREATE INDEX actions_org_sector ON actions(organisation_id, sector, id);
CREATE INDEX actions_plan ON actions(plan_id);
CREATE INDEX actions_project ON actions(project_id);

CREATE TABLE action_themes (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    theme_id  INTEGER NOT NULL REFERENCES themes(id),
    PRIMARY KEY (action_id, theme_id)
);
CREATE INDEX action_themes_theme ON action_themes(theme_id);

CREATE TABLE action_partners (
    action_id       INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (action_id, organisation_id)
);

CREATE TABLE action_status_history (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    changed_at  text NOT NULL,
    status      text NOT NULL,
    progress    REAL
);
CREATE INDEX action_status_history_action ON action_status_history(action_id, changed_at);

CREATE TABLE indicator_values (
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
CREATE INDEX indicator_values_organisation ON indicator_values(organisation_id);

-- +goose Down
DROP TABLE indicator_values;
DROP TABLE action_status_history;
DROP TABLE action_partners;
DROP TABLE action_themes;
DROP TABLE actions;
DROP TABLE goals;
DROP TABLE indicator_targets;
DROP TABLE indicators;
DROP TABLE plans;
DROP TABLE participants;
DROP TABLE projects;
DROP TABLE programmes;
DROP TABLE themes;
DROP TABLE organisation_populations;
DROP TABLE organisations;
