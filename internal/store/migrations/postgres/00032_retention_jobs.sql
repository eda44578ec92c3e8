-- +goose Up
-- When a person was disabled, for the retention of disabled accounts (internal/retention).
-- Accounts disabled before this migration count from their last change, which is no earlier
-- than the day they were disabled: they are kept at least as long as the setting says.
ALTER TABLE users ADD COLUMN disabled_at text;
UPDATE users SET disabled_at = updated_at WHERE disabled AND NOT deleted;

-- The audit log stays append-only with one exception, for retention: an entry's person may be
-- replaced by a pseudonym (a deleted account's row), and nothing else of the entry may change.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.channel = OLD.channel
       AND NEW.resource = OLD.resource AND NEW.record_id = OLD.record_id AND NEW.op = OLD.op
       AND NEW.summary = OLD.summary AND NEW.before IS NOT DISTINCT FROM OLD.before
       AND NEW.after IS NOT DISTINCT FROM OLD.after
       AND OLD.user_id IS NOT NULL AND NEW.user_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND deleted) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
-- +goose StatementEnd

-- Jobs that run once across every app server on the database (store.DB.ClaimJob): the last
-- start of each, by whom, and when it finished.
CREATE TABLE job_runs (
    name        text PRIMARY KEY,
    started_at  text NOT NULL,
    holder      text NOT NULL,
    finished_at text
);

-- +goose Down
DROP TABLE job_runs;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
-- +goose StatementEnd
ALTER TABLE users DROP COLUMN disabled_at;
