-- +goose Up
-- The cross-plan coverage (store/coverage.go) reads, for each plan of a group, its actions'
-- publication and themes: with published in the plan index the read takes the index alone,
-- not each action's row.
DROP INDEX actions_plan;
CREATE INDEX actions_plan ON actions(plan_id, published);

-- +goose Down
DROP INDEX actions_plan;
CREATE INDEX actions_plan ON actions(plan_id);
