-- +goose Up
-- The front page's status counts, the actions list's total and its organisation filter's
-- choices (issue 14) counted every action on every request: 19,600 at national scale.
-- action_counts holds how many actions there are per organisation, plan, project, status and
-- publication, kept by triggers in the write's own transaction, so it is never stale. It
-- keeps every column the draft rule (store.draftCondition) and those filters read, so a count
-- is the same condition over a few hundred summary rows instead of every action
-- (store.actionCountsFrom), exactly as the reader may see them.
-- The key starts with the organisation and the status: the front page sums by them, along it.
-- An action has a plan or a project, never both; the other is 0 here, not NULL, as on SQLite,
-- whose UNIQUE index keeps NULLs distinct.
CREATE TABLE action_counts (
    organisation_id bigint NOT NULL,
    plan_id         bigint NOT NULL,
    project_id      bigint NOT NULL,
    status          text NOT NULL,
    published       boolean NOT NULL,
    n               bigint NOT NULL,
    PRIMARY KEY (organisation_id, status, plan_id, project_id, published)
);
INSERT INTO action_counts (organisation_id, plan_id, project_id, status, published, n)
SELECT organisation_id, COALESCE(plan_id, 0), COALESCE(project_id, 0), status, published, COUNT(*)
FROM actions GROUP BY 1, 2, 3, 4, 5;
-- +goose StatementBegin
CREATE FUNCTION action_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE action_counts SET n = n - 1
        WHERE organisation_id = OLD.organisation_id AND plan_id = COALESCE(OLD.plan_id, 0) AND project_id = COALESCE(OLD.project_id, 0)
          AND status = OLD.status AND published = OLD.published;
        DELETE FROM action_counts
        WHERE organisation_id = OLD.organisation_id AND plan_id = COALESCE(OLD.plan_id, 0) AND project_id = COALESCE(OLD.project_id, 0)
          AND status = OLD.status AND published = OLD.published AND n = 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO action_counts (organisation_id, plan_id, project_id, status, published, n)
        VALUES (NEW.organisation_id, COALESCE(NEW.plan_id, 0), COALESCE(NEW.project_id, 0), NEW.status, NEW.published, 1)
        ON CONFLICT (organisation_id, status, plan_id, project_id, published) DO UPDATE SET n = action_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER action_counts_write AFTER INSERT OR DELETE ON actions FOR EACH ROW EXECUTE FUNCTION action_counts_change();
CREATE TRIGGER action_counts_update AFTER UPDATE OF organisation_id, plan_id, project_id, status, published ON actions FOR EACH ROW
WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.plan_id IS DISTINCT FROM NEW.plan_id
   OR OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.status IS DISTINCT FROM NEW.status
   OR OLD.published IS DISTINCT FROM NEW.published) EXECUTE FUNCTION action_counts_change();

-- +goose Down
DROP TRIGGER action_counts_update ON actions;
DROP TRIGGER action_counts_write ON actions;
DROP FUNCTION action_counts_change();
DROP TABLE action_counts;
