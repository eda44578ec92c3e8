-- +goose Up
-- The cross-plan coverage's figures (C7, issue 13) need, for a group's plans, which themes
-- their published and draft actions carry. Read through actions, that is a seek into
-- action_themes per action: 19,600 at national scale. An action's theme link carries the
-- action's plan and publication instead, kept by triggers in the same statement as the
-- write, so the figures are one range of one covering index.
ALTER TABLE action_themes ADD COLUMN plan_id bigint;
ALTER TABLE action_themes ADD COLUMN published boolean;
UPDATE action_themes t SET plan_id = a.plan_id, published = a.published FROM actions a WHERE a.id = t.action_id;
CREATE INDEX action_themes_plan ON action_themes(plan_id, published, theme_id);
-- +goose StatementBegin
CREATE FUNCTION action_themes_plan_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT a.plan_id, a.published INTO NEW.plan_id, NEW.published FROM actions a WHERE a.id = NEW.action_id;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER action_themes_plan_insert BEFORE INSERT ON action_themes FOR EACH ROW EXECUTE FUNCTION action_themes_plan_insert();
-- +goose StatementBegin
CREATE FUNCTION action_themes_plan_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE action_themes SET plan_id = NEW.plan_id, published = NEW.published WHERE action_id = NEW.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER action_themes_plan_update AFTER UPDATE OF plan_id, published ON actions FOR EACH ROW
WHEN (OLD.plan_id IS DISTINCT FROM NEW.plan_id OR OLD.published IS DISTINCT FROM NEW.published) EXECUTE FUNCTION action_themes_plan_update();

-- +goose Down
DROP TRIGGER action_themes_plan_update ON actions;
DROP FUNCTION action_themes_plan_update();
DROP TRIGGER action_themes_plan_insert ON action_themes;
DROP FUNCTION action_themes_plan_insert();
DROP INDEX action_themes_plan;
ALTER TABLE action_themes DROP COLUMN published;
ALTER TABLE action_themes DROP COLUMN plan_id;
