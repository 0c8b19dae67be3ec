-- ghatna store schema 5: per-entity summaries kept at write time (ghatna/store/summaries.py), so that an
-- entity's page and timeline read a few rows however many articles mention the entity. Each table is a
-- sum over articles of what the article's rows contribute, with entity ids as they stand now; writes
-- (annotations replaced, merges and their undo) add the difference. Undated rows carry '' as their
-- date: it sorts before every date, so a newest-first walk puts them last on both backends.
-- No foreign keys: rows are written and removed by that module only (a cascade would remove a row
-- before the write that subtracts it). Stores migrated from schema 4 are filled from their rows below.

CREATE TABLE entity_stats (
    entity_id   TEXT PRIMARY KEY,
    mentions    INTEGER NOT NULL,                   -- mentions standing for it
    articles    INTEGER NOT NULL,                   -- articles with such a mention
    events      INTEGER NOT NULL,                   -- events it takes part in (any role, once each)
    quotes      INTEGER NOT NULL                    -- quotations it is the speaker of
) WITHOUT ROWID;

-- spellings with counts (the aliases table counts per linked id and how; a page shows the current entity)
CREATE TABLE entity_names (
    entity_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    mentions    INTEGER NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (entity_id, text)
) WITHOUT ROWID;

-- the articles mentioning an entity, newest first by walking the key backwards
CREATE TABLE entity_articles (
    entity_id   TEXT NOT NULL,
    published   TEXT NOT NULL,                      -- the article's date, '' when undated
    article_id  TEXT NOT NULL,
    mentions    INTEGER NOT NULL,
    PRIMARY KEY (entity_id, published, article_id)
) WITHOUT ROWID;

CREATE INDEX entity_articles_by_article ON entity_articles (article_id, entity_id);

-- articles per month of their date (the timeline's mention line)
CREATE TABLE entity_months (
    entity_id   TEXT NOT NULL,
    period      TEXT NOT NULL,                      -- YYYY-MM (YYYY for a year-only date)
    articles    INTEGER NOT NULL,
    PRIMARY KEY (entity_id, period)
) WITHOUT ROWID;

-- the events an entity takes part in, newest first by walking the key backwards
CREATE TABLE entity_events (
    entity_id   TEXT NOT NULL,
    happened    TEXT NOT NULL,                      -- the event's date, else its article's, else ''
    event_id    INTEGER NOT NULL,
    n           INTEGER NOT NULL,                   -- always 1 (a row per entity and event)
    PRIMARY KEY (entity_id, happened, event_id)
) WITHOUT ROWID;

-- the quotations an entity is the speaker of, newest article first by walking the key backwards
CREATE TABLE entity_quotes (
    entity_id   TEXT NOT NULL,
    published   TEXT NOT NULL,                      -- the article's date, '' when undated
    article_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,                   -- the quotation's quotes.seq in its article
    n           INTEGER NOT NULL,                   -- always 1 (a row per quotation)
    PRIMARY KEY (entity_id, published, article_id, seq)
) WITHOUT ROWID;

-- events per role, month and type (the timeline chart and the roles box); role 'any' counts each event once
CREATE TABLE entity_event_counts (
    entity_id   TEXT NOT NULL,
    role        TEXT NOT NULL,                      -- any | actor | recipient | location
    period      TEXT NOT NULL,                      -- YYYY-MM (YYYY for a year-only date), '' when undated
    event_type  TEXT NOT NULL,
    events      INTEGER NOT NULL,
    PRIMARY KEY (entity_id, role, period, event_type)
) WITHOUT ROWID;

-- articles two entities are both mentioned in (both directions stored: related entities of either)
CREATE TABLE entity_pairs (
    entity_id   TEXT NOT NULL,
    other_id    TEXT NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (entity_id, other_id)
) WITHOUT ROWID;

INSERT INTO entity_articles (entity_id, published, article_id, mentions)
SELECT m.entity_id, COALESCE(a.published_value, ''), m.article_id, count(*)
FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE m.entity_id IS NOT NULL
GROUP BY m.entity_id, a.published_value, m.article_id;

INSERT INTO entity_names (entity_id, text, mentions, articles)
SELECT entity_id, text, count(*), count(DISTINCT article_id) FROM mentions
WHERE entity_id IS NOT NULL GROUP BY entity_id, text;

INSERT INTO entity_months (entity_id, period, articles)
SELECT entity_id, substr(published, 1, 7), count(*) FROM entity_articles
WHERE published <> '' GROUP BY entity_id, substr(published, 1, 7);

INSERT INTO entity_pairs (entity_id, other_id, articles)
SELECT a.entity_id, b.entity_id, count(*)
FROM entity_articles a JOIN entity_articles b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id
GROUP BY a.entity_id, b.entity_id;

INSERT INTO entity_events (entity_id, happened, event_id, n)
SELECT DISTINCT x.entity_id, COALESCE(e.date_value, a.published_value, ''), e.id, 1
FROM event_entities x JOIN events e ON e.id = x.event_id JOIN articles a ON a.id = e.article_id;

INSERT INTO entity_event_counts (entity_id, role, period, event_type, events)
SELECT x.entity_id, x.role, substr(COALESCE(e.date_value, a.published_value, ''), 1, 7), e.event_type,
       count(DISTINCT e.id)
FROM event_entities x JOIN events e ON e.id = x.event_id JOIN articles a ON a.id = e.article_id
GROUP BY x.entity_id, x.role, substr(COALESCE(e.date_value, a.published_value, ''), 1, 7), e.event_type;

INSERT INTO entity_event_counts (entity_id, role, period, event_type, events)
SELECT x.entity_id, 'any', substr(x.happened, 1, 7), e.event_type, count(*)
FROM entity_events x JOIN events e ON e.id = x.event_id
GROUP BY x.entity_id, substr(x.happened, 1, 7), e.event_type;

INSERT INTO entity_quotes (entity_id, published, article_id, seq, n)
SELECT q.speaker_id, COALESCE(a.published_value, ''), q.article_id, q.seq, 1
FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_id IS NOT NULL;

INSERT INTO entity_stats (entity_id, mentions, articles, events, quotes)
SELECT ids.entity_id,
       (SELECT COALESCE(sum(mentions), 0) FROM entity_articles s WHERE s.entity_id = ids.entity_id),
       (SELECT count(*) FROM entity_articles s WHERE s.entity_id = ids.entity_id),
       (SELECT count(*) FROM entity_events s WHERE s.entity_id = ids.entity_id),
       (SELECT count(*) FROM entity_quotes s WHERE s.entity_id = ids.entity_id)
FROM (SELECT entity_id FROM entity_articles UNION SELECT entity_id FROM entity_events
      UNION SELECT entity_id FROM entity_quotes) ids;
