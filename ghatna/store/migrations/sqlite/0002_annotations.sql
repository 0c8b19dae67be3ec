-- ghatna store schema 2: what the annotation stages extract from each article, and entities across articles.
-- Kept to SQL that PostgreSQL also accepts (INTEGER PRIMARY KEY becomes an identity column there, 0/1
-- flags may become BOOLEAN); span columns are span_start/span_end because END is reserved in SQL.
--
-- Every row that points at an entity holds two ids: the one the linker gave (linked_*, never changed) and
-- the one it stands for now (*_id), which differs while a merge in entity_merges is active. A merge
-- re-points the current ids; undoing it recomputes them from the linked ids, so nothing is lost.

CREATE TABLE entities (
    id           TEXT PRIMARY KEY,                  -- Wikidata QID, KB local id, or nil:<type>:<hash>
    type         TEXT NOT NULL,                     -- PERSON | ORG | GPE | LOC | NORP | MISC
    name_en      TEXT,
    name_hi      TEXT,
    qid          TEXT,
    nil          INTEGER NOT NULL DEFAULT 0,        -- 1: unknown to the KB, created from articles
    merged_into  TEXT REFERENCES entities (id),     -- set while an active merge says it is that entity
    first_seen   TEXT,                              -- earliest / latest article date of its mentions
    last_seen    TEXT,
    created_at   TEXT NOT NULL                      -- when an article first mentioned it
);

CREATE INDEX entities_by_type ON entities (type, nil);
CREATE INDEX entities_by_merged ON entities (merged_into);
CREATE INDEX entities_by_qid ON entities (qid);

-- one row per article whose annotations are stored; the fingerprint makes an unchanged re-ingest free
CREATE TABLE annotated (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL,                     -- sha256 of the annotations' JSON
    stages       TEXT NOT NULL,                     -- JSON list of the stage names that made them
    annotated_at TEXT NOT NULL
);

CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,                  -- order in the article (text order)
    span_start   INTEGER NOT NULL,                  -- half-open, code points of articles.text
    span_end     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    label        TEXT NOT NULL,
    how          TEXT NOT NULL,                     -- model | gazetteer | rule | acronym | role | coreference | demonym
    confidence   REAL NOT NULL,
    linked_id    TEXT,                              -- entity the linker chose (NULL: not linked)
    entity_id    TEXT,                              -- entity it stands for now
    UNIQUE (article_id, seq)
);

CREATE INDEX mentions_by_entity ON mentions (entity_id, article_id);
CREATE INDEX mentions_by_alias ON mentions (linked_id, text, how);

-- names of entities summarised over their mentions: one row per (linked entity, surface form, how)
CREATE TABLE aliases (
    id            INTEGER PRIMARY KEY,
    linked_id     TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    text          TEXT NOT NULL,
    how           TEXT NOT NULL,
    ortho         TEXT NOT NULL,                    -- match keys (ghatna.kb.keys): spelling-folded,
    phon          TEXT NOT NULL,                    -- and the cross-script sound key
    script        TEXT NOT NULL,                    -- Deva | Latn
    mentions      INTEGER NOT NULL,
    articles      INTEGER NOT NULL,
    first_seen    TEXT,                             -- article dates; the article of each is the evidence
    first_article TEXT,
    last_seen     TEXT,
    last_article  TEXT,
    UNIQUE (linked_id, text, how)
);

CREATE INDEX aliases_by_entity ON aliases (entity_id);
CREATE INDEX aliases_by_ortho ON aliases (ortho);
CREATE INDEX aliases_by_phon ON aliases (phon);

CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    text           TEXT NOT NULL,
    direct         INTEGER NOT NULL,                -- 1 direct quotation, 0 reported speech
    cue_start      INTEGER,
    cue_end        INTEGER,
    cue_text       TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    speaker_text   TEXT,
    resolved_start INTEGER,                         -- the span naming the speaker after chaining
    resolved_end   INTEGER,
    resolved_text  TEXT,
    linked_speaker TEXT,
    speaker_id     TEXT,
    UNIQUE (article_id, seq)
);

CREATE INDEX quotes_by_speaker ON quotes (speaker_id);

CREATE TABLE dates (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    span_start   INTEGER NOT NULL,
    span_end     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    value        TEXT,                              -- YYYY | YYYY-MM | YYYY-MM-DD, NULL when unresolved
    granularity  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    range_end    TEXT,
    record       TEXT NOT NULL,                     -- DateRef.to_dict() as JSON
    UNIQUE (article_id, seq)
);

CREATE INDEX dates_by_value ON dates (value);

-- events and facts are kept as their ghatna.article/1 JSON objects plus the columns queries need
CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    article_id       TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    event_type       TEXT NOT NULL,                 -- PLOVER category
    mode             TEXT,
    status           TEXT,                          -- occurred | future | hypothetical | negated
    date_value       TEXT,
    date_granularity TEXT,
    date_kind        TEXT,
    trigger_start    INTEGER,
    trigger_end      INTEGER,
    evidence_start   INTEGER,
    evidence_end     INTEGER,
    confidence       REAL,
    record           TEXT NOT NULL,
    UNIQUE (article_id, seq)
);

CREATE INDEX events_by_type ON events (event_type, date_value);
CREATE INDEX events_by_date ON events (date_value);

CREATE TABLE event_entities (
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role         TEXT NOT NULL,                     -- actor | recipient | location
    seq          INTEGER NOT NULL,                  -- position in the event's list
    linked_id    TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    PRIMARY KEY (event_id, role, seq)
);

CREATE INDEX event_entities_by_entity ON event_entities (entity_id, role);

CREATE TABLE facts (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    predicate      TEXT NOT NULL,
    subject_linked TEXT,
    subject_id     TEXT,
    object_linked  TEXT,
    object_id      TEXT,
    value_num      REAL,                            -- numeric value (27000000000), else NULL
    value_text     TEXT,                            -- any other value, as JSON
    unit           TEXT,
    valid_from     TEXT,
    valid_to       TEXT,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    record         TEXT NOT NULL,
    UNIQUE (article_id, seq)
);

CREATE INDEX facts_by_subject ON facts (subject_id, predicate);
CREATE INDEX facts_by_object ON facts (object_id, predicate);

-- decisions that two entities are one; undone_at set when reverted (rows are never deleted)
CREATE TABLE entity_merges (
    id          INTEGER PRIMARY KEY,
    kept        TEXT NOT NULL REFERENCES entities (id),
    merged      TEXT NOT NULL REFERENCES entities (id),
    reason      TEXT NOT NULL,
    evidence    TEXT NOT NULL,                      -- JSON: names, keys, shared context, scores
    moved       TEXT NOT NULL,                      -- JSON: rows re-pointed per table
    created_by  TEXT NOT NULL,                      -- merge-nil | user
    created_at  TEXT NOT NULL,
    undone_at   TEXT
);

CREATE INDEX entity_merges_by_kept ON entity_merges (kept);
CREATE INDEX entity_merges_by_merged ON entity_merges (merged);
