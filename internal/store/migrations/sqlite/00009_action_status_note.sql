-- +goose Up
-- A status or progress change carries a note (the reason for a delay, say): the action keeps
-- the note of its current status, and the status history keeps each change's note.
ALTER TABLE actions ADD COLUMN status_note text;
ALTER TABLE action_status_history ADD COLUMN note text;

-- +goose Down
ALTER TABLE action_status_history DROP COLUMN note;
ALTER TABLE actions DROP COLUMN status_note;
