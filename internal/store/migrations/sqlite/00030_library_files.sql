-- +goose Up
-- Files of the knowledge library's items (issue 15; store/library_files.go). A file's
-- record (its metadata) is always here; its bytes are in library_file_blobs unless the
-- installation keeps them in S3-compatible object storage (KLIMASPOR_FILES_S3_*), and either
-- way under blob_key, a random key. The item's foreign key has no ON DELETE CASCADE: an item
-- with files cannot be deleted until its files are (InUseError, 409), so that a blob in
-- object storage is never left without its record (decision 66).
-- Ids come from AUTOINCREMENT, so a deleted file's id (and its audit entries) is never handed
-- to another (migration 00005).
CREATE TABLE library_files (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    library_item_id INTEGER NOT NULL REFERENCES library_items(id),
    name            text NOT NULL,
    content_type    text NOT NULL,
    size            INTEGER NOT NULL CHECK (size > 0),
    sha256          text NOT NULL,
    blob_key        text NOT NULL UNIQUE,
    created_at      text NOT NULL
);
CREATE INDEX library_files_item ON library_files(library_item_id);

-- The bytes of files kept in the database, in chunks of at most 1 MiB (store.chunkSize), so
-- that a download reads one chunk at a time and a large file never sits whole in memory.
CREATE TABLE library_file_blobs (
    blob_key text NOT NULL,
    n        INTEGER NOT NULL,
    data     BLOB NOT NULL,
    PRIMARY KEY (blob_key, n)
);

-- +goose Down
DROP TABLE library_file_blobs;
DROP TABLE library_files;
