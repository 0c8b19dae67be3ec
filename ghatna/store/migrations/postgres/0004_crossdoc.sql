-- PostgreSQL version of migrations/sqlite/0004_crossdoc.sql: the same tables, columns and indexes, with
-- identity columns for INTEGER PRIMARY KEY, BYTEA for BLOB, DOUBLE PRECISION for REAL, and every TEXT
-- column compared bytewise (COLLATE "C") as in SQLite, so that date ranges and orders agree.

-- ghatna store schema: across documents (ghatna dedup, ghatna stories, ghatna load).
-- Near-duplicates with their MinHash Jaccard estimates, stories with a story per article, and canonical
-- events (one per happening) with the article events that report them. Everything here is derived
-- from articles, annotations and parameters: each run replaces it whole, except the signatures,
-- which are kept so that a later run only hashes articles it has not seen.

-- MinHash signature of each article's word shingles (ghatna.ingest.dedup), per parameter set
CREATE TABLE article_signatures (
    article_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    params       TEXT COLLATE "C" NOT NULL,                     -- DedupParams.signature_key(): what the values depend on
    fingerprint  TEXT COLLATE "C" NOT NULL,                     -- hash of the folded words: equal for exact duplicates
    signature    BYTEA NOT NULL                      -- num_perm unsigned 32-bit values, little endian
);

CREATE TABLE near_duplicates (
    article_a    TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,  -- article_a < article_b
    article_b    TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    jaccard      DOUBLE PRECISION NOT NULL,                     -- MinHash estimate of the shingle Jaccard similarity
    kind         TEXT COLLATE "C" NOT NULL,                     -- exact | near
    found_at     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_a, article_b)
);

CREATE INDEX near_duplicates_by_b ON near_duplicates (article_b);

-- one row per article that has near-duplicates: the group's representative (earliest published)
CREATE TABLE duplicate_groups (
    article_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    representative TEXT COLLATE "C" NOT NULL
);

CREATE INDEX duplicate_groups_by_rep ON duplicate_groups (representative);

CREATE TABLE stories (
    id           TEXT COLLATE "C" PRIMARY KEY,                  -- st_ + hash of the article that started it
    title        TEXT COLLATE "C",
    first_date   TEXT COLLATE "C",
    last_date    TEXT COLLATE "C",
    articles     INTEGER NOT NULL,
    record       TEXT COLLATE "C" NOT NULL,                     -- Story.to_dict() as JSON (members, shared entities)
    built_at     TEXT COLLATE "C" NOT NULL
);

CREATE INDEX stories_by_date ON stories (last_date, id);

CREATE TABLE story_articles (
    article_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id     TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    score        DOUBLE PRECISION NOT NULL,                     -- similarity to the story when the article joined
    how          TEXT COLLATE "C" NOT NULL                      -- seed | similar | duplicate
);

CREATE INDEX story_articles_by_story ON story_articles (story_id);

CREATE TABLE canonical_events (
    id               TEXT COLLATE "C" PRIMARY KEY,              -- ce_ + hash of the earliest report
    event_type       TEXT COLLATE "C" NOT NULL,
    mode             TEXT COLLATE "C",
    status           TEXT COLLATE "C" NOT NULL,
    date_value       TEXT COLLATE "C",
    date_granularity TEXT COLLATE "C",
    location         TEXT COLLATE "C",
    story_id         TEXT COLLATE "C",
    reports          INTEGER NOT NULL,              -- how many article events tell it
    confidence       DOUBLE PRECISION NOT NULL,
    record           TEXT COLLATE "C" NOT NULL,                 -- CanonicalEvent.to_dict() as JSON, reports included
    built_at         TEXT COLLATE "C" NOT NULL
);

CREATE INDEX canonical_events_by_type ON canonical_events (event_type, date_value);
CREATE INDEX canonical_events_by_date ON canonical_events (date_value);
CREATE INDEX canonical_events_by_story ON canonical_events (story_id);

CREATE TABLE canonical_event_entities (
    canonical_id TEXT COLLATE "C" NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    role         TEXT COLLATE "C" NOT NULL,                     -- actor | recipient | location
    seq          INTEGER NOT NULL,
    entity_id    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (canonical_id, role, seq)
);

CREATE INDEX canonical_event_entities_by_entity ON canonical_event_entities (entity_id, role);

-- each article event (events.article_id, events.seq) that reports a canonical event, with its evidence
CREATE TABLE event_reports (
    article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    canonical_id   TEXT COLLATE "C" NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    confidence     DOUBLE PRECISION,
    PRIMARY KEY (article_id, seq)
);

CREATE INDEX event_reports_by_canonical ON event_reports (canonical_id);
