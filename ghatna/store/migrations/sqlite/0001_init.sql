-- ghatna store schema 1: articles, the raw records they came from, rejections.
-- Applied by ghatna/store/sqlite.py inside one transaction; schema_migrations is created by the runner.
-- Kept to SQL that PostgreSQL also accepts (apart from BLOB/INTEGER PRIMARY KEY, which its own
-- migrations spell BYTEA/identity), so the two backends share one logical schema.

CREATE TABLE articles (
    id                    TEXT PRIMARY KEY,          -- content hash of the normalised text
    text                  TEXT NOT NULL,             -- clean NFC text (also what search will index)
    title                 TEXT,
    publisher             TEXT,
    published_value       TEXT,                      -- YYYY | YYYY-MM | YYYY-MM-DD, sorts as text
    published_granularity TEXT,                      -- day | month | year
    published_kind        TEXT,                      -- stated | relative | inferred
    source_path           TEXT NOT NULL,             -- where it was first read
    source_index          INTEGER NOT NULL,
    source_id             TEXT,                      -- the id a structured source gave it
    source_url            TEXT,
    language              TEXT NOT NULL,
    translated_from       TEXT,                      -- language code, when a translation
    record                TEXT NOT NULL,             -- Article.to_dict() as JSON, without "text"
    ingested_at           TEXT NOT NULL              -- UTC, ISO 8601 with microseconds
);

-- newest-first listing walks this index backwards
CREATE INDEX articles_by_date ON articles (published_value, ingested_at, id);
CREATE INDEX articles_by_publisher ON articles (publisher, published_value);

CREATE TABLE raw_records (
    id            INTEGER PRIMARY KEY,
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source_path   TEXT NOT NULL,
    source_index  INTEGER NOT NULL,
    source        TEXT NOT NULL,                     -- SourceRef.to_dict() as JSON
    data          BLOB NOT NULL,                     -- the bytes as read
    content_type  TEXT NOT NULL,                     -- text | html
    fields        TEXT NOT NULL,                     -- fields a structured source gave, JSON
    ingested_at   TEXT NOT NULL,
    -- the same source read again adds nothing; an edited source (new content) is a new row
    UNIQUE (source_path, source_index, article_id)
);

CREATE INDEX raw_records_by_article ON raw_records (article_id);

CREATE TABLE rejects (
    id            INTEGER PRIMARY KEY,
    source_path   TEXT NOT NULL,
    source_index  INTEGER NOT NULL,
    source_line   INTEGER,
    source        TEXT NOT NULL,                     -- SourceRef.to_dict() as JSON
    code          TEXT NOT NULL,                     -- E1xx
    reason        TEXT NOT NULL,
    hint          TEXT NOT NULL,
    at            TEXT NOT NULL,                     -- last time this source was rejected so
    UNIQUE (source_path, source_index, code)
);

CREATE INDEX rejects_by_code ON rejects (code, at);
