-- +goose Up
-- The theme suggestions (C7, issue 13): a suggested theme a coordinator rejected for an
-- action is not suggested for it again. Who and when are kept with it (and in the audit
-- trail). An accepted suggestion is no row here: it is the theme on the action.
CREATE TABLE theme_suggestion_rejections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    theme_id    INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    rejected_at text NOT NULL,
    UNIQUE (action_id, theme_id)
);

-- +goose Down
DROP TABLE theme_suggestion_rejections;
