-- +goose Up
-- The language a person reads mail in (reminders): "da" or "en"; NULL is Danish.
ALTER TABLE users ADD COLUMN language text;

-- +goose Down
ALTER TABLE users DROP COLUMN language;
