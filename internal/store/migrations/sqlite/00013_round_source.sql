-- +goose Up
-- Where a reporting round's reports came from, when they were not given in Klimaspor (the
-- demo's past rounds cite the documents their texts paraphrase).
ALTER TABLE reporting_rounds ADD COLUMN source text;

-- +goose Down
ALTER TABLE reporting_rounds DROP COLUMN source;
