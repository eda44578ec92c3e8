-- +goose Up
-- Texts in both languages: an indicator's unit in English, an action's English title, and
-- the language an action's own title and description are written in (NULL: Danish).
ALTER TABLE indicators ADD COLUMN unit_en text;
ALTER TABLE actions ADD COLUMN title_en text;
ALTER TABLE actions ADD COLUMN language text;

-- +goose Down
ALTER TABLE actions DROP COLUMN language;
ALTER TABLE actions DROP COLUMN title_en;
ALTER TABLE indicators DROP COLUMN unit_en;
