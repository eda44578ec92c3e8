-- +goose Up
-- The actions list (/indsatser, and the API's ?sort=title) is in Danish title order. Sorted
-- by the collation "da-x-icu", PostgreSQL compared every action's title on every request
-- (in ICU's order, which is not quite the order SQLite's collation "da" gives): 19,600 at
-- national scale. Each action now carries its title's Danish sort key (store.sortKey: the
-- collation key, then the title's bytes as the tie-break), whose
-- byte order is that same order on both engines, and the indexes below page
-- the list in it.
-- SQL cannot compute the key: the store writes it with the title on every create and update,
-- and fills the keys this migration leaves empty when it migrates (store.fillSortKeys).
ALTER TABLE actions ADD COLUMN title_key bytea;
CREATE INDEX actions_title_key ON actions(title_key, id);
-- The public sees published actions only (published = true and more): with this index the
-- list walks them in title order from the first, where actions_org_status (published, …)
-- would find them all and sort them. The index above serves readers who see drafts too.
CREATE INDEX actions_published_title_key ON actions(published, title_key, id);
-- One organisation's list (its page's actions, ?organisation=): without this index SQLite
-- walked the one above, reading every action's row for its organisation.
CREATE INDEX actions_org_title_key ON actions(published, organisation_id, title_key, id);

-- +goose Down
DROP INDEX actions_org_title_key;
DROP INDEX actions_published_title_key;
DROP INDEX actions_title_key;
ALTER TABLE actions DROP COLUMN title_key;
