-- ghatna store schema 3: full-text search over articles and over entity names (SQLite FTS5).
-- The index holds search keys, not the display text: one sound key per word, computed outside the
-- store (ghatna.text.search) so that every spelling and script of a name meets. Articles and
-- entities written by any path are queued by triggers; ghatna.indexing computes their keys and
-- writes them (ghatna serve, ghatna search and POST /api/articles catch up before answering).

CREATE TABLE search_docs (
    id           INTEGER PRIMARY KEY,               -- rowid of the article's row in article_fts
    article_id   TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
    keys_version INTEGER NOT NULL,                  -- ghatna.text.search.KEYS_VERSION that made it
    indexed_at   TEXT NOT NULL
);

-- title and body keys; bm25 weighs a title match higher
CREATE VIRTUAL TABLE article_fts USING fts5 (title, body, tokenize = 'unicode61');

CREATE TABLE search_pending (
    article_id   TEXT PRIMARY KEY
);

CREATE TRIGGER search_queue_article AFTER INSERT ON articles
BEGIN
    INSERT OR IGNORE INTO search_pending (article_id) VALUES (new.id);
END;

INSERT INTO search_pending (article_id) SELECT id FROM articles;

CREATE TABLE entity_docs (
    id           INTEGER PRIMARY KEY,               -- rowid of the entity's row in entity_fts
    entity_id    TEXT NOT NULL UNIQUE,
    keys_version INTEGER NOT NULL,
    indexed_at   TEXT NOT NULL
);

-- names: keys of every name and alias; skeletons: consonant skeletons (looser, ranked lower)
CREATE VIRTUAL TABLE entity_fts USING fts5 (names, skeletons, tokenize = 'unicode61');

CREATE TABLE entity_pending (
    entity_id    TEXT PRIMARY KEY
);

CREATE TRIGGER search_queue_entity AFTER INSERT ON entities
BEGIN
    INSERT OR IGNORE INTO entity_pending (entity_id) VALUES (new.id);
END;

CREATE TRIGGER search_queue_entity_change AFTER UPDATE OF name_en, name_hi, merged_into ON entities
BEGIN
    INSERT OR IGNORE INTO entity_pending (entity_id) VALUES (new.id);
END;

CREATE TRIGGER search_queue_alias AFTER INSERT ON aliases
BEGIN
    INSERT OR IGNORE INTO entity_pending (entity_id) VALUES (new.entity_id);
END;

CREATE TRIGGER search_queue_alias_moved AFTER UPDATE OF entity_id ON aliases
BEGIN
    INSERT OR IGNORE INTO entity_pending (entity_id) VALUES (new.entity_id);
    INSERT OR IGNORE INTO entity_pending (entity_id) VALUES (old.entity_id);
END;

CREATE TRIGGER search_queue_alias_gone AFTER DELETE ON aliases
BEGIN
    INSERT OR IGNORE INTO entity_pending (entity_id) VALUES (old.entity_id);
END;

INSERT INTO entity_pending (entity_id) SELECT id FROM entities;

-- the queries of ghatna.store.queries: events by article and type (search filters), mentions
-- (co-occurrence) by article
CREATE INDEX events_by_article ON events (article_id, event_type);
CREATE INDEX mentions_by_article ON mentions (article_id, entity_id);
