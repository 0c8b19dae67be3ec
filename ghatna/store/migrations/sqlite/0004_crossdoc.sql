-- ghatna store schema: across documents (ghatna dedup, ghatna stories, ghatna load).
-- Near-duplicates with their MinHash Jaccard estimates, stories with a story per article, and canonical
-- events (one per happening) with the article events that report them. Everything here is derived
-- from articles, annotations and parameters: each run replaces it whole, except the signatures,
-- which are kept so that a later run only hashes articles it has not seen.

-- MinHash signature of each article's word shingles (ghatna.ingest.dedup), per parameter set
CREATE TABLE article_signatures (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    params       TEXT NOT NULL,                     -- DedupParams.signature_key(): what the values depend on
    fingerprint  TEXT NOT NULL,                     -- hash of the folded words: equal for exact duplicates
    signature    BLOB NOT NULL                      -- num_perm unsigned 32-bit values, little endian
);

CREATE TABLE near_duplicates (
    article_a    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,  -- article_a < article_b
    article_b    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    jaccard      REAL NOT NULL,                     -- MinHash estimate of the shingle Jaccard similarity
    kind         TEXT NOT NULL,                     -- exact | near
    found_at     TEXT NOT NULL,
    PRIMARY KEY (article_a, article_b)
);

CREATE INDEX near_duplicates_by_b ON near_duplicates (article_b);

-- one row per article that has near-duplicates: the group's representative (earliest published)
CREATE TABLE duplicate_groups (
    article_id     TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    representative TEXT NOT NULL
);

CREATE INDEX duplicate_groups_by_rep ON duplicate_groups (representative);

CREATE TABLE stories (
    id           TEXT PRIMARY KEY,                  -- st_ + hash of the article that started it
    title        TEXT,
    first_date   TEXT,
    last_date    TEXT,
    articles     INTEGER NOT NULL,
    record       TEXT NOT NULL,                     -- Story.to_dict() as JSON (members, shared entities)
    built_at     TEXT NOT NULL
);

CREATE INDEX stories_by_date ON stories (last_date, id);

CREATE TABLE story_articles (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id     TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    score        REAL NOT NULL,                     -- similarity to the story when the article joined
    how          TEXT NOT NULL                      -- seed | similar | duplicate
);

CREATE INDEX story_articles_by_story ON story_articles (story_id);

CREATE TABLE canonical_events (
    id               TEXT PRIMARY KEY,              -- ce_ + hash of the earliest report
    event_type       TEXT NOT NULL,
    mode             TEXT,
    status           TEXT NOT NULL,
    date_value       TEXT,
    date_granularity TEXT,
    location         TEXT,
    story_id         TEXT,
    reports          INTEGER NOT NULL,              -- how many article events tell it
    confidence       REAL NOT NULL,
    record           TEXT NOT NULL,                 -- CanonicalEvent.to_dict() as JSON, reports included
    built_at         TEXT NOT NULL
);

CREATE INDEX canonical_events_by_type ON canonical_events (event_type, date_value);
CREATE INDEX canonical_events_by_date ON canonical_events (date_value);
CREATE INDEX canonical_events_by_story ON canonical_events (story_id);

CREATE TABLE canonical_event_entities (
    canonical_id TEXT NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    role         TEXT NOT NULL,                     -- actor | recipient | location
    seq          INTEGER NOT NULL,
    entity_id    TEXT NOT NULL,
    PRIMARY KEY (canonical_id, role, seq)
);

CREATE INDEX canonical_event_entities_by_entity ON canonical_event_entities (entity_id, role);

-- each article event (events.article_id, events.seq) that reports a canonical event, with its evidence
CREATE TABLE event_reports (
    article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    canonical_id   TEXT NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    confidence     REAL,
    PRIMARY KEY (article_id, seq)
);

CREATE INDEX event_reports_by_canonical ON event_reports (canonical_id);
