-- +goose Up
-- The site's full-text search (issue 15, decision 65; internal/search, store/search.go).
-- search_docs holds each searchable record (library items, actions, projects, indicators)
-- as the terms of Klimaspor's own Danish analyser (internal/textsearch: folded, stemmed),
-- per field, and its weighted length; the store writes it in the transaction of each write
-- of the record, and builds it from the rows in Go when search_meta's analyser version is
-- not the code's (SQL cannot run the stemmer). search_fts_<type>, FTS5 indexes over the
-- same terms, only find candidates; the score is computed in Go from these columns and exact
-- counts, the same as on PostgreSQL. Deletes (cascades too) go by the triggers below.
CREATE TABLE search_docs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_type      text NOT NULL,
    doc_id        INTEGER NOT NULL,
    title_terms   text NOT NULL,
    summary_terms text NOT NULL,
    body_terms    text NOT NULL,
    length        INTEGER NOT NULL,
    UNIQUE (doc_type, doc_id)
);
-- The statistics' count and summed length per type read this index alone, not the terms.
CREATE INDEX search_docs_length ON search_docs(doc_type, length);
-- One FTS5 index per type, so that a search of one type never reads another's postings.
CREATE VIRTUAL TABLE search_fts_library_items USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE search_fts_actions USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE search_fts_projects USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE search_fts_indicators USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE search_meta (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO search_meta (id, version) VALUES (1, 0);
-- +goose StatementBegin
CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs
BEGIN
    INSERT INTO search_fts_library_items (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'library-items';
    INSERT INTO search_fts_actions (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'actions';
    INSERT INTO search_fts_projects (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'projects';
    INSERT INTO search_fts_indicators (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'indicators';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_update AFTER UPDATE ON search_docs
BEGIN
    DELETE FROM search_fts_library_items WHERE rowid = OLD.id AND OLD.doc_type = 'library-items';
    DELETE FROM search_fts_actions WHERE rowid = OLD.id AND OLD.doc_type = 'actions';
    DELETE FROM search_fts_projects WHERE rowid = OLD.id AND OLD.doc_type = 'projects';
    DELETE FROM search_fts_indicators WHERE rowid = OLD.id AND OLD.doc_type = 'indicators';
    INSERT INTO search_fts_library_items (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'library-items';
    INSERT INTO search_fts_actions (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'actions';
    INSERT INTO search_fts_projects (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'projects';
    INSERT INTO search_fts_indicators (rowid, terms) SELECT NEW.id, NEW.title_terms || ' ' || NEW.summary_terms || ' ' || NEW.body_terms WHERE NEW.doc_type = 'indicators';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs
BEGIN
    DELETE FROM search_fts_library_items WHERE rowid = OLD.id AND OLD.doc_type = 'library-items';
    DELETE FROM search_fts_actions WHERE rowid = OLD.id AND OLD.doc_type = 'actions';
    DELETE FROM search_fts_projects WHERE rowid = OLD.id AND OLD.doc_type = 'projects';
    DELETE FROM search_fts_indicators WHERE rowid = OLD.id AND OLD.doc_type = 'indicators';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_library_items_delete AFTER DELETE ON library_items
BEGIN
    DELETE FROM search_docs WHERE doc_type = 'library-items' AND doc_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_actions_delete AFTER DELETE ON actions
BEGIN
    DELETE FROM search_docs WHERE doc_type = 'actions' AND doc_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_projects_delete AFTER DELETE ON projects
BEGIN
    DELETE FROM search_docs WHERE doc_type = 'projects' AND doc_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_indicators_delete AFTER DELETE ON indicators
BEGIN
    DELETE FROM search_docs WHERE doc_type = 'indicators' AND doc_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER search_indicators_delete;
DROP TRIGGER search_projects_delete;
DROP TRIGGER search_actions_delete;
DROP TRIGGER search_library_items_delete;
DROP TABLE search_meta;
DROP TABLE search_fts_library_items;
DROP TABLE search_fts_actions;
DROP TABLE search_fts_projects;
DROP TABLE search_fts_indicators;
DROP TABLE search_docs;
