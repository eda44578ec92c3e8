-- +goose Up
-- An indicator marked owner_only (the Energy Agency's accounts) has its values reported by
-- its owner alone; other indicators take each organisation's own value (auth's value rule).
ALTER TABLE indicators ADD COLUMN owner_only INTEGER;

-- +goose Down
ALTER TABLE indicators DROP COLUMN owner_only;
