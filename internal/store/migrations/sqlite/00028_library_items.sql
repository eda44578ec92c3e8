-- +goose Up
-- The knowledge library's items (issue 15, model.LibraryItems). An item's themes and joint
-- projects are many-to-many, kept in link tables as an action's themes and partners are
-- (action_themes, action_partners): the store's child tables (store/hooks.go) read and
-- write them in the write's own transaction, and the theme and project filters are an
-- indexed EXISTS on them. The list filters kind and published read the item's own columns,
-- each indexed; organisation_id is the proposing organisation (NULL: the secretariat's
-- own), by which the draft rule (store.libraryDrafts) shows an unpublished proposal to its
-- organisation's people.
-- Ids come from AUTOINCREMENT, so a deleted item's id (and its audit history) is never handed
-- to another (migration 00005).
CREATE TABLE library_items (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    title                  text NOT NULL,
    title_en               text,
    summary                text,
    body                   text,
    kind                   text NOT NULL CHECK (kind IN ('guide','tender_material','principles','campaign','case','fact_sheet','video_link','quiz','idea')),
    organisation_id        INTEGER REFERENCES organisations(id),
    sector                 text CHECK (sector IN ('energy','transport','agriculture','waste_wastewater','industrial_processes','land_use','consumption_procurement','adaptation','cross_cutting')),
    language               text CHECK (language IN ('da','en')),
    licence                text,
    expected_effect_t_co2e REAL CHECK (expected_effect_t_co2e >= 0),
    cost_dkk               REAL CHECK (cost_dkk >= 0),
    published              INTEGER NOT NULL DEFAULT 0,
    example                INTEGER,
    source                 text,
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             text NOT NULL,
    updated_at             text NOT NULL
);
CREATE INDEX library_items_kind ON library_items(kind);
CREATE INDEX library_items_published ON library_items(published);
CREATE INDEX library_items_organisation ON library_items(organisation_id);

CREATE TABLE library_item_themes (
    library_item_id INTEGER NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    theme_id        INTEGER NOT NULL REFERENCES themes(id),
    PRIMARY KEY (library_item_id, theme_id)
);
CREATE INDEX library_item_themes_theme ON library_item_themes(theme_id);

CREATE TABLE library_item_projects (
    library_item_id INTEGER NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    project_id      INTEGER NOT NULL REFERENCES projects(id),
    PRIMARY KEY (library_item_id, project_id)
);
CREATE INDEX library_item_projects_project ON library_item_projects(project_id);

-- +goose Down
DROP TABLE library_item_projects;
DROP TABLE library_item_themes;
DROP TABLE library_items;
