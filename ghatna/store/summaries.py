"""Per-entity summaries kept at write time, so that an entity's page reads a few rows whatever its size.

Every summary row is a sum of per-article contributions computed from the article's stored rows with
entity ids as they stand now (after merges). A write that changes rows of some articles (annotations
replaced, a merge or its undo, an undated article given a date) collects those articles'
contributions before and after the change and adds the difference; rows that fall to zero are
deleted, so the tables always equal a recount from scratch (:func:`drift` checks exactly that).
A batch of articles adds up its changes first and writes them once (a head entity's rows are then
updated once per batch, not once per article).

Tables (migration 0005): ``entity_stats`` (mentions, articles, events, quotes per entity),
``entity_names`` (mentions and articles per spelling), ``entity_articles`` (one row per entity and
article, in date order), ``entity_months`` (articles per month), ``entity_events`` (one row per
entity and event, in date order), ``entity_quotes`` (one row per speaker and quotation, in date order), ``entity_event_counts`` (events per role, month and type; role
``any`` counts each event once) and ``entity_pairs`` (articles two entities share). Undated rows
carry ``''`` as their date, which sorts last in a newest-first walk on both backends.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Sequence


#: ids per ``IN (...)`` list (as in ghatna.store.annotations, which imports this module)
CHUNK = 500


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """Yield slices short enough for one ``IN (...)`` list."""
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def marks(n: int) -> str:
    """Return ``?, ?, …`` for n parameters."""
    return ", ".join("?" * n)

#: ``table: (key columns, value columns)``; the keys are the table's primary key
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "entity_stats": (("entity_id",), ("mentions", "articles", "events", "quotes")),
    "entity_names": (("entity_id", "text"), ("mentions", "articles")),
    "entity_articles": (("entity_id", "published", "article_id"), ("mentions",)),
    "entity_months": (("entity_id", "period"), ("articles",)),
    "entity_events": (("entity_id", "happened", "event_id"), ("n",)),
    "entity_quotes": (("entity_id", "published", "article_id", "seq"), ("n",)),
    "entity_event_counts": (("entity_id", "role", "period", "event_type"), ("events",)),
    "entity_pairs": (("entity_id", "other_id"), ("articles",)),
}
#: characters of an ISO date kept as its month (a year-only date stays a year)
MONTH = 7

Summary = dict[str, Counter]


def _vec(*values: int) -> tuple[int, ...]:
    """Return a value vector (Counter values are tuples added element-wise by :func:`_add`)."""
    return tuple(values)


def _add(table: Counter, key: tuple[Any, ...], values: tuple[int, ...]) -> None:
    """Add a value vector to a key of a summary table."""
    old = table.get(key)
    table[key] = values if old is None else tuple(a + b for a, b in zip(old, values))


def collect(c: Any, article_ids: Iterable[str]) -> Summary:
    """Return the contributions of these articles to every summary table, from their stored rows."""
    out: Summary = {t: Counter() for t in TABLES}
    ids = sorted(set(article_ids))
    for part in chunks(ids):
        args = tuple(part)
        per_article: dict[str, set[str]] = {}
        mention_rows = c.execute(
            "SELECT m.article_id, m.entity_id, m.text, count(*), a.published_value FROM mentions m"
            " JOIN articles a ON a.id = m.article_id"
            f" WHERE m.article_id IN ({marks(len(part))}) AND m.entity_id IS NOT NULL"
            " GROUP BY m.article_id, m.entity_id, m.text, a.published_value", args).fetchall()
        in_article: Counter = Counter()
        published: dict[tuple[str, str], str] = {}
        for aid, eid, text, n, pub in mention_rows:
            n = int(n)
            _add(out["entity_names"], (eid, text), _vec(n, 1))
            in_article[(eid, aid)] += n
            published[(eid, aid)] = pub or ""
        for (eid, aid), n in in_article.items():
            pub = published[(eid, aid)]
            _add(out["entity_stats"], (eid,), _vec(n, 1, 0, 0))
            _add(out["entity_articles"], (eid, pub, aid), _vec(n))
            if pub:
                _add(out["entity_months"], (eid, pub[:MONTH]), _vec(1))
            per_article.setdefault(aid, set()).add(eid)
        for ents in per_article.values():
            for a in ents:
                for b in ents:
                    if a != b:
                        _add(out["entity_pairs"], (a, b), _vec(1))
        events: dict[tuple[str, int], tuple[str, str]] = {}
        in_role: set[tuple[str, str, int]] = set()
        for event_id, etype, when, role, eid in c.execute(
                "SELECT e.id, e.event_type, COALESCE(e.date_value, a.published_value), x.role, x.entity_id"
                " FROM events e JOIN articles a ON a.id = e.article_id JOIN event_entities x ON x.event_id = e.id"
                f" WHERE e.article_id IN ({marks(len(part))})", args):
            when = when or ""
            events[(eid, int(event_id))] = (when, etype)
            # an entity twice in one role of an event (two actors both merged into it) counts once
            if (eid, role, int(event_id)) not in in_role:
                in_role.add((eid, role, int(event_id)))
                _add(out["entity_event_counts"], (eid, role, when[:MONTH], etype), _vec(1))
        for (eid, event_id), (when, etype) in events.items():
            _add(out["entity_events"], (eid, when, event_id), _vec(1))
            _add(out["entity_event_counts"], (eid, "any", when[:MONTH], etype), _vec(1))
            _add(out["entity_stats"], (eid,), _vec(0, 0, 1, 0))
        for speaker, aid, seq, pub in c.execute(
                "SELECT q.speaker_id, q.article_id, q.seq, a.published_value FROM quotes q"
                f" JOIN articles a ON a.id = q.article_id WHERE q.article_id IN ({marks(len(part))})"
                " AND q.speaker_id IS NOT NULL", args):
            _add(out["entity_stats"], (speaker,), _vec(0, 0, 0, 1))
            _add(out["entity_quotes"], (speaker, pub or "", aid, int(seq)), _vec(1))
    return out


def diff(before: Summary, after: Summary) -> Summary:
    """Return ``after - before`` per table and key (keys that do not change are left out)."""
    if not before:  # a new article: its contributions are the change (all of them positive)
        return after
    out: Summary = {}
    for table, (_keys, values) in TABLES.items():
        old, new = before.get(table, Counter()), after.get(table, Counter())
        zero = (0,) * len(values)
        changed: Counter = Counter()
        for key in old.keys() | new.keys():
            d = tuple(y - x for x, y in zip(old.get(key, zero), new.get(key, zero)))
            if any(d):
                changed[key] = d
        out[table] = changed
    return out


def add_into(total: Summary, delta: Summary) -> None:
    """Add one change to another (a batch of articles is written to the tables once)."""
    for table, rows in delta.items():
        into = total.setdefault(table, Counter())
        for key, d in rows.items():
            _add(into, key, d)


def write(c: Any, delta: Summary) -> None:
    """Add a change to the summary tables; delete rows whose values all fall to zero."""
    for table, (keys, values) in TABLES.items():
        rows = [(*key, *d) for key, d in delta.get(table, Counter()).items() if any(d)]
        if not rows:
            continue
        rows.sort()  # a stable order: fewer lock waits between concurrent writers (PostgreSQL)
        cols = ", ".join((*keys, *values))
        sets = ", ".join(f"{v} = {table}.{v} + excluded.{v}" for v in values)
        c.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks(len(keys) + len(values))})"
                      f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}", rows)
        shrunk = [r[:len(keys)] for r in rows if any(v < 0 for v in r[len(keys):])]
        if shrunk:
            cond = " AND ".join([f"{k} = ?" for k in keys] + [f"{v} = 0" for v in values])
            c.executemany(f"DELETE FROM {table} WHERE {cond}", shrunk)


def apply(c: Any, before: Summary, after: Summary) -> None:
    """Add ``after - before`` to the summary tables at once."""
    write(c, diff(before, after))


def articles_of(c: Any, entity_ids: Sequence[str]) -> set[str]:
    """Return the articles with a row standing for any of these entities (mentions, events, quotes)."""
    out: set[str] = set()
    for part in chunks(sorted(set(entity_ids))):
        args = tuple(part)
        m = marks(len(part))
        for sql in (f"SELECT DISTINCT article_id FROM entity_articles WHERE entity_id IN ({m})",
                    f"SELECT DISTINCT e.article_id FROM entity_events x JOIN events e ON e.id = x.event_id"
                    f" WHERE x.entity_id IN ({m})",
                    f"SELECT DISTINCT article_id FROM entity_quotes WHERE entity_id IN ({m})"):
            out.update(r[0] for r in c.execute(sql, args))
    return out


def read(c: Any) -> Summary:
    """Return the stored summary tables whole (for checks and tests)."""
    out: Summary = {}
    for table, (keys, values) in TABLES.items():
        rows = c.execute(f"SELECT {', '.join((*keys, *values))} FROM {table}").fetchall()
        out[table] = Counter({tuple(r[:len(keys)]): tuple(int(v) for v in r[len(keys):]) for r in rows})
    return out


def drift(c: Any) -> dict[str, int]:
    """Return, per summary table, how many rows differ from a recount from scratch (all zero: consistent)."""
    ids = [r[0] for r in c.execute("SELECT id FROM articles")]
    want, have = collect(c, ids), read(c)
    out = {}
    for table in TABLES:
        w, h = want[table], have[table]
        out[table] = sum(1 for k in set(w) | set(h) if w.get(k) != h.get(k))
    return out
