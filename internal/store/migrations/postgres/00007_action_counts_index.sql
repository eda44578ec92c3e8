-- +goose Up
-- The front page counts the public's actions by organisation and status: published, and not
-- in a draft plan. With the plan in the index the count still reads the index alone.
DROP INDEX actions_org_status;
CREATE INDEX actions_org_status ON actions(published, organisation_id, status, plan_id);

-- +goose Down
DROP INDEX actions_org_status;
CREATE INDEX actions_org_status ON actions(published, organisation_id, status);
