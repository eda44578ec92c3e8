-- +goose Up
-- The front page's status counts, the actions list's total and its organisation filter's
-- choices (issue 14) counted every action on every request: 19,600 at national scale, most
-- of a 7.8 ms front page. action_counts holds how many actions there are per organisation,
-- plan, project, status and publication, kept by triggers in the write's own statement, so
-- it is never stale. It keeps every column the draft rule (store.draftCondition) and those
-- filters read, so a count is the same condition over a few hundred summary rows instead of
-- every action (store.actionCountsFrom), exactly as the reader may see them.
-- The key starts with the organisation and the status: the front page sums by them, along it.
-- An action has a plan or a project, never both; the other is 0 here, not NULL, so the key
-- is unique (NULLs are distinct in a UNIQUE index) and an upsert finds its row.
CREATE TABLE action_counts (
    organisation_id INTEGER NOT NULL,
    plan_id         INTEGER NOT NULL,
    project_id      INTEGER NOT NULL,
    status          text NOT NULL,
    published       INTEGER NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, status, plan_id, project_id, published)
) WITHOUT ROWID;
INSERT INTO action_counts (organisation_id, plan_id, project_id, status, published, n)
SELECT organisation_id, COALESCE(plan_id, 0), COALESCE(project_id, 0), status, published, COUNT(*)
FROM actions GROUP BY 1, 2, 3, 4, 5;
-- +goose StatementBegin
CREATE TRIGGER action_counts_insert AFTER INSERT ON actions
BEGIN
    INSERT INTO action_counts (organisation_id, plan_id, project_id, status, published, n)
    VALUES (NEW.organisation_id, COALESCE(NEW.plan_id, 0), COALESCE(NEW.project_id, 0), NEW.status, NEW.published, 1)
    ON CONFLICT (organisation_id, status, plan_id, project_id, published) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER action_counts_delete AFTER DELETE ON actions
BEGIN
    UPDATE action_counts SET n = n - 1
    WHERE organisation_id = OLD.organisation_id AND plan_id = COALESCE(OLD.plan_id, 0) AND project_id = COALESCE(OLD.project_id, 0)
      AND status = OLD.status AND published = OLD.published;
    DELETE FROM action_counts
    WHERE organisation_id = OLD.organisation_id AND plan_id = COALESCE(OLD.plan_id, 0) AND project_id = COALESCE(OLD.project_id, 0)
      AND status = OLD.status AND published = OLD.published AND n = 0;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER action_counts_update AFTER UPDATE OF organisation_id, plan_id, project_id, status, published ON actions
WHEN OLD.organisation_id IS NOT NEW.organisation_id OR OLD.plan_id IS NOT NEW.plan_id OR OLD.project_id IS NOT NEW.project_id
  OR OLD.status IS NOT NEW.status OR OLD.published IS NOT NEW.published
BEGIN
    UPDATE action_counts SET n = n - 1
    WHERE organisation_id = OLD.organisation_id AND plan_id = COALESCE(OLD.plan_id, 0) AND project_id = COALESCE(OLD.project_id, 0)
      AND status = OLD.status AND published = OLD.published;
    DELETE FROM action_counts
    WHERE organisation_id = OLD.organisation_id AND plan_id = COALESCE(OLD.plan_id, 0) AND project_id = COALESCE(OLD.project_id, 0)
      AND status = OLD.status AND published = OLD.published AND n = 0;
    INSERT INTO action_counts (organisation_id, plan_id, project_id, status, published, n)
    VALUES (NEW.organisation_id, COALESCE(NEW.plan_id, 0), COALESCE(NEW.project_id, 0), NEW.status, NEW.published, 1)
    ON CONFLICT (organisation_id, status, plan_id, project_id, published) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER action_counts_update;
DROP TRIGGER action_counts_delete;
DROP TRIGGER action_counts_insert;
DROP TABLE action_counts;
