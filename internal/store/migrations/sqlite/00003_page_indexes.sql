-- +goose Up
-- The front page counts each organisation's actions by status; with this index the count
-- reads the index alone instead of every action.
CREATE INDEX actions_org_status ON actions(organisation_id, status);
-- A municipality's page asks which indicators have totals for it before it loads the values
-- of those it shows. The index on the organisation alone becomes one on the organisation, the
-- breakdown and the indicator: it still finds everything of one organisation, and answers that
-- question from the index alone.
DROP INDEX indicator_values_organisation;
CREATE INDEX indicator_values_org_breakdown ON indicator_values(organisation_id, breakdown, indicator_id);

-- +goose Down
DROP INDEX indicator_values_org_breakdown;
CREATE INDEX indicator_values_organisation ON indicator_values(organisation_id);
DROP INDEX actions_org_status;
