-- +goose Up
-- Plans and actions are drafts until published; what was there before was public.
ALTER TABLE plans ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
ALTER TABLE actions ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
-- The front page counts published actions by organisation and status from this index alone.
DROP INDEX actions_org_status;
CREATE INDEX actions_org_status ON actions(published, organisation_id, status);

-- People who sign in. A deleted person keeps their row under a pseudonym, so the audit trail
-- still tells their changes apart without saying who they were.
CREATE TABLE users (
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
CREATE UNIQUE INDEX users_oidc ON users(oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A person's roles, each in an organisation (admin and secretariat may have none).
CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('admin','secretariat','editor','project_lead','viewer'))
);
CREATE UNIQUE INDEX memberships_unique ON memberships(user_id, COALESCE(organisation_id, 0), role);

-- Sign-in sessions, kept here so that every app server knows them. Only a hash of the
-- cookie's token is stored.
CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   text NOT NULL,
    last_seen_at text NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    scope        text NOT NULL CHECK (scope IN ('read','write')),
    created_at   text NOT NULL,
    last_used_at text,
    revoked_at   text
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Single-use tokens sent by email: password resets and invitations.
CREATE TABLE mail_tokens (
    token_hash      text PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('reset','invite')),
    user_id         INTEGER REFERENCES users(id) ON DELETE CASCADE,
    email           text NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    role            text,
    created_by      INTEGER REFERENCES users(id),
    created_at      text NOT NULL,
    expires_at      text NOT NULL,
    used_at         text
);

-- Single sign-on attempts under way: the state sent to the provider (hashed), with the
-- nonce and PKCE verifier to check its answer against. Kept here, not in one server's memory,
-- so the answer may reach any app server.
CREATE TABLE oidc_pending (
    state_hash text PRIMARY KEY,
    nonce      text NOT NULL,
    verifier   text NOT NULL,
    next       text NOT NULL,
    created_at text NOT NULL
);

-- Fixed-window counters for rate limits (sign-in attempts by account and by address).
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    window_start text NOT NULL,
    count        INTEGER NOT NULL
);

-- Every create, update and delete: who, when, through which channel, and the record before
-- and after. The application only ever inserts here; triggers refuse the rest.
CREATE TABLE audit_log (
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
CREATE INDEX audit_record ON audit_log(resource, record_id, id);
CREATE INDEX audit_user ON audit_log(user_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- +goose Down
DROP TABLE audit_log;
DROP TABLE rate_limits;
DROP TABLE oidc_pending;
DROP TABLE mail_tokens;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
DROP INDEX actions_org_status;
CREATE INDEX actions_org_status ON actions(organisation_id, status);
ALTER TABLE actions DROP COLUMN published;
ALTER TABLE plans DROP COLUMN published;
