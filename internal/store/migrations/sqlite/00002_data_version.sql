-- +goose Up
-- One number that every write transaction raises, so that a server can tell cheaply
-- whether anything changed since it cached an answer (also when another process wrote).
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);

-- +goose Down
DROP TABLE data_version;
