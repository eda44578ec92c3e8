-- +goose Up
-- Status reporting (C5): a programme's versioned report forms, its rounds, one report per
-- project and round, every saved version of a report, and the reminders sent.
CREATE TABLE report_forms (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    questions    text NOT NULL,
    created_at   text NOT NULL,
    created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (programme_id, version)
);

CREATE TABLE reporting_rounds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id  INTEGER NOT NULL REFERENCES programmes(id),
    name_da       text NOT NULL,
    name_en       text,
    kind          text NOT NULL CHECK (kind IN ('regular','final')),
    opens_on      text NOT NULL,
    deadline      text NOT NULL,
    reminder_days text,
    form_version  INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    text NOT NULL,
    updated_at    text NOT NULL,
    CHECK (opens_on <= deadline)
);
CREATE INDEX reporting_rounds_programme ON reporting_rounds(programme_id, deadline);

CREATE TABLE reports (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id         INTEGER NOT NULL REFERENCES reporting_rounds(id),
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    state            text NOT NULL CHECK (state IN ('not_started','draft','submitted','returned','approved')),
    form_version     INTEGER NOT NULL,
    answers          text,
    comment          text,
    state_changed_at text,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       text NOT NULL,
    updated_at       text NOT NULL,
    UNIQUE (round_id, project_id)
);
CREATE INDEX reports_project ON reports(project_id);

CREATE TABLE report_versions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    state      text NOT NULL,
    move       text NOT NULL,
    answers    text,
    comment    text,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    channel    text NOT NULL,
    at         text NOT NULL,
    UNIQUE (report_id, version)
);

CREATE TABLE report_reminders (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    key       text NOT NULL UNIQUE,
    round_id  INTEGER NOT NULL REFERENCES reporting_rounds(id) ON DELETE CASCADE,
    report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
    user_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    email     text NOT NULL,
    kind      text NOT NULL,
    state     text NOT NULL CHECK (state IN ('claimed','sent','failed')),
    error     text,
    at        text NOT NULL
);
CREATE INDEX report_reminders_round ON report_reminders(round_id, at);

-- +goose Down
DROP TABLE report_reminders;
DROP TABLE report_versions;
DROP TABLE reports;
DROP TABLE reporting_rounds;
DROP TABLE report_forms;
