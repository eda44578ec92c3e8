-- +goose Up
-- The cross-plan coverage's history (C7, issue 13) rebuilds past days from the plans' and
-- actions' audit entries. Taking the fields it needs out of every entry's JSON at each read
-- cost 0.3 s at national scale, so triggers keep two narrow tables in the same transaction as
-- each entry (they never lag or differ; the audit trail stays the record):
--  * coverage_plan_log: each plan entry's organisation, status, adoption date and publication;
--  * coverage_theme_log: what each action entry changes in how many actions of a plan (and
--    publication) carry a theme: -1 per theme of the record before, +1 per theme after.
-- The history then sums the changes up to each day in the database (store/coverage_history.go).
CREATE TABLE coverage_plan_log (
    audit_id        INTEGER PRIMARY KEY REFERENCES audit_log(id),
    at              text NOT NULL,
    record_id       INTEGER NOT NULL,
    op              text NOT NULL,
    organisation_id INTEGER,
    status          text,
    adopted_on      text,
    published       INTEGER
);
CREATE TABLE coverage_theme_log (
    audit_id  INTEGER NOT NULL REFERENCES audit_log(id),
    at        text NOT NULL,
    plan_id   INTEGER NOT NULL,
    published INTEGER NOT NULL,
    theme_id  INTEGER NOT NULL,
    delta     INTEGER NOT NULL
);
CREATE INDEX coverage_theme_log_key ON coverage_theme_log(plan_id, published, theme_id, at, delta);
INSERT INTO coverage_plan_log (audit_id, at, record_id, op, organisation_id, status, adopted_on, published)
SELECT id, at, record_id, op, json_extract(after, '$.organisation_id'), json_extract(after, '$.status'), json_extract(after, '$.adopted_on'), json_extract(after, '$.published')
FROM audit_log WHERE resource = 'plans' AND record_id > 0;
INSERT INTO coverage_theme_log (audit_id, at, plan_id, published, theme_id, delta)
SELECT a.id, a.at, json_extract(a.before, '$.plan_id'), COALESCE(json_extract(a.before, '$.published'), 0), j.value, -1
FROM audit_log a, json_each(a.before, '$.theme_ids') j
WHERE j.type = 'integer' AND a.resource = 'actions' AND a.record_id > 0 AND json_valid(a.before) AND json_extract(a.before, '$.plan_id') IS NOT NULL;
INSERT INTO coverage_theme_log (audit_id, at, plan_id, published, theme_id, delta)
SELECT a.id, a.at, json_extract(a.after, '$.plan_id'), COALESCE(json_extract(a.after, '$.published'), 0), j.value, 1
FROM audit_log a, json_each(a.after, '$.theme_ids') j
WHERE j.type = 'integer' AND a.resource = 'actions' AND a.record_id > 0 AND json_valid(a.after) AND json_extract(a.after, '$.plan_id') IS NOT NULL;
-- +goose StatementBegin
CREATE TRIGGER audit_log_coverage_plans AFTER INSERT ON audit_log
WHEN NEW.resource = 'plans' AND NEW.record_id > 0
BEGIN
    INSERT INTO coverage_plan_log (audit_id, at, record_id, op, organisation_id, status, adopted_on, published)
    VALUES (NEW.id, NEW.at, NEW.record_id, NEW.op, json_extract(NEW.after, '$.organisation_id'), json_extract(NEW.after, '$.status'),
            json_extract(NEW.after, '$.adopted_on'), json_extract(NEW.after, '$.published'));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_coverage_actions AFTER INSERT ON audit_log
WHEN NEW.resource = 'actions' AND NEW.record_id > 0
BEGIN
    INSERT INTO coverage_theme_log (audit_id, at, plan_id, published, theme_id, delta)
    SELECT NEW.id, NEW.at, json_extract(NEW.before, '$.plan_id'), COALESCE(json_extract(NEW.before, '$.published'), 0), j.value, -1
    FROM json_each(CASE WHEN json_valid(NEW.before) THEN NEW.before ELSE '{}' END, '$.theme_ids') j
    WHERE j.type = 'integer' AND json_extract(CASE WHEN json_valid(NEW.before) THEN NEW.before ELSE '{}' END, '$.plan_id') IS NOT NULL;
    INSERT INTO coverage_theme_log (audit_id, at, plan_id, published, theme_id, delta)
    SELECT NEW.id, NEW.at, json_extract(NEW.after, '$.plan_id'), COALESCE(json_extract(NEW.after, '$.published'), 0), j.value, 1
    FROM json_each(CASE WHEN json_valid(NEW.after) THEN NEW.after ELSE '{}' END, '$.theme_ids') j
    WHERE j.type = 'integer' AND json_extract(CASE WHEN json_valid(NEW.after) THEN NEW.after ELSE '{}' END, '$.plan_id') IS NOT NULL;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_coverage_actions;
DROP TRIGGER audit_log_coverage_plans;
DROP TABLE coverage_theme_log;
DROP TABLE coverage_plan_log;
