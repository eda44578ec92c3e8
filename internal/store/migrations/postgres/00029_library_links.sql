-- +goose Up
-- The knowledge library's links (issue 15): an item names the actions and indicators it
-- relates to (library_item_actions, library_item_indicators, link tables as its themes and
-- projects are), and an action names the library item it was made from
-- (actions.library_item_id: an idea turned into an action, or an action that follows a
-- guide). The item's lists are the curators'; the action's reference is its own editors',
-- who may not change a published item. Each side's pages read the other through these.
-- Deleting an action or an indicator takes it off the items that name it (the link is the
-- item's note about the action, not something the action's owners can keep or see);
-- deleting an item that actions were made from is refused, as deleting a theme or
-- project that items name is.
CREATE TABLE library_item_actions (
    library_item_id bigint NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    action_id       bigint NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    PRIMARY KEY (library_item_id, action_id)
);
CREATE INDEX library_item_actions_action ON library_item_actions(action_id);

CREATE TABLE library_item_indicators (
    library_item_id bigint NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    indicator_id    bigint NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    PRIMARY KEY (library_item_id, indicator_id)
);
CREATE INDEX library_item_indicators_indicator ON library_item_indicators(indicator_id);

ALTER TABLE actions ADD COLUMN library_item_id bigint REFERENCES library_items(id);
CREATE INDEX actions_library_item ON actions(library_item_id) WHERE library_item_id IS NOT NULL;

-- The year the material is from (its publication), the search's year facet.
ALTER TABLE library_items ADD COLUMN year INTEGER;

-- +goose Down
ALTER TABLE library_items DROP COLUMN year;
DROP INDEX actions_library_item;
ALTER TABLE actions DROP COLUMN library_item_id;
DROP TABLE library_item_indicators;
DROP TABLE library_item_actions;
