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
    audit_id        bigint PRIMARY KEY REFERENCES audit_log(id),
    at              text NOT NULL,
    record_id       bigint NOT NULL,
    op              text NOT NULL,
    organisation_id bigint,
    status          text,
    adopted_on      text,
    published       boolean
);
CREATE TABLE coverage_theme_log (
    audit_id  bigint NOT NULL REFERENCES audit_log(id),
    at        text NOT NULL,
    plan_id   bigint NOT NULL,
    published boolean NOT NULL,
    theme_id  bigint NOT NULL,
    delta     integer NOT NULL
);
-- +goose StatementBegin
-- The theme changes of one action entry: -1 for each theme of the record before, +1 after.
CREATE FUNCTION coverage_theme_changes(before text, after text)
RETURNS TABLE (plan_id bigint, published boolean, theme_id bigint, delta integer) LANGUAGE sql IMMUTABLE AS $$
    SELECT (r.j->>'plan_id')::bigint, COALESCE((r.j->>'published')::boolean, false), t.value::bigint, r.delta
    FROM (SELECT before::json AS j, -1 AS delta WHERE before IS NOT NULL
          UNION ALL SELECT after::json, 1 WHERE after IS NOT NULL) r
    CROSS JOIN LATERAL json_array_elements_text(CASE WHEN json_typeof(r.j->'theme_ids') = 'array' THEN r.j->'theme_ids' ELSE '[]'::json END) t(value)
    WHERE r.j->>'plan_id' IS NOT NULL
$$;
-- +goose StatementEnd
CREATE INDEX coverage_theme_log_key ON coverage_theme_log(plan_id, published, theme_id, at, delta);
INSERT INTO coverage_plan_log (audit_id, at, record_id, op, organisation_id, status, adopted_on, published)
SELECT a.id, a.at, a.record_id, a.op, r.organisation_id, r.status, r.adopted_on, r.published
FROM audit_log a LEFT JOIN LATERAL json_to_record(a.after::json) AS r(organisation_id bigint, status text, adopted_on text, published boolean) ON true
WHERE a.resource = 'plans' AND a.record_id > 0;
INSERT INTO coverage_theme_log (audit_id, at, plan_id, published, theme_id, delta)
SELECT a.id, a.at, c.plan_id, c.published, c.theme_id, c.delta
FROM audit_log a CROSS JOIN LATERAL coverage_theme_changes(a.before, a.after) c
WHERE a.resource = 'actions' AND a.record_id > 0;
-- +goose StatementBegin
CREATE FUNCTION audit_log_coverage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.resource = 'plans' THEN
        INSERT INTO coverage_plan_log (audit_id, at, record_id, op, organisation_id, status, adopted_on, published)
        SELECT NEW.id, NEW.at, NEW.record_id, NEW.op, r.organisation_id, r.status, r.adopted_on, r.published
        FROM (SELECT 1) one LEFT JOIN LATERAL json_to_record(NEW.after::json) AS r(organisation_id bigint, status text, adopted_on text, published boolean) ON true;
    ELSE
        INSERT INTO coverage_theme_log (audit_id, at, plan_id, published, theme_id, delta)
        SELECT NEW.id, NEW.at, c.plan_id, c.published, c.theme_id, c.delta FROM coverage_theme_changes(NEW.before, NEW.after) c;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_coverage AFTER INSERT ON audit_log FOR EACH ROW
WHEN (NEW.resource IN ('plans', 'actions') AND NEW.record_id > 0) EXECUTE FUNCTION audit_log_coverage();

-- +goose Down
DROP TRIGGER audit_log_coverage ON audit_log;
DROP FUNCTION audit_log_coverage();
DROP FUNCTION coverage_theme_changes(text, text);
DROP TABLE coverage_theme_log;
DROP TABLE coverage_plan_log;
