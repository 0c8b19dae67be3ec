"""Full-text search on PostgreSQL: the functions of :mod:`ghatna.store.search` over tsvector columns.

The documents hold the same search keys as SQLite's FTS5 tables, parsed with the ``simple``
configuration; a :class:`~ghatna.store.search.Match` becomes a ``tsquery`` (phrases with ``<->``,
prefixes with ``:*``, columns as weights). Ranks are ``-ts_rank`` so that, as with bm25, lower is
better. Queries that need no full-text syntax are shared with SQLite.

Example:
    >>> from ghatna.store.search import All, Term
    >>> tsquery(All((Term(("kasim", "jomart")), Term(("toka",), prefix=True, column="names"))))
    '((kasim <-> jomart) & toka:*A)'
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from ghatna.store.base import EntityRow
# the queue reads are portable SQL: PostgreSQL uses SQLite's own
from ghatna.store.search import pending_articles, pending_count  # noqa: F401 - re-exported
from ghatna.store.search import (All, ArticleDoc, EntityDoc, Match, SearchFilters, SearchHit, SearchPage, Term,
                                 entity_labels, entity_rows, filter_sql, name_aliases, pending_entities,
                                 rank_entities)

__all__ = ["drop_missing_pending", "entity_labels", "entity_rows", "name_aliases", "pending_articles", "pending_count",
           "pending_entities", "requeue_stale", "search_articles", "search_entities", "tsquery",
           "write_article_docs", "write_entity_docs"]

#: tsvector weight of each indexed column
WEIGHTS = {"title": "A", "body": "D", "names": "A", "skeletons": "B"}
_LEXEME = re.compile(r"^[a-z0-9]+$")


def tsquery(match: Match) -> str:
    """Render a match tree as ``to_tsquery('simple', …)`` text (keys are plain lowercase letters and digits)."""
    if isinstance(match, Term):
        tokens = [t for t in match.tokens if _LEXEME.match(t)] or ["x0nomatch0x"]
        weight = WEIGHTS.get(match.column or "", "")
        parts = []
        for i, tok in enumerate(tokens):
            star = "*" if match.prefix and i == len(tokens) - 1 else ""
            parts.append(f"{tok}:{star}{weight}" if star or weight else tok)
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    inner = [tsquery(p) for p in match.parts]
    if len(inner) == 1:
        return inner[0]
    return "(" + (" & " if isinstance(match, All) else " | ").join(inner) + ")"


def requeue_stale(c: Any, version: int) -> int:
    """Queue every article and entity indexed with other keys than ``version``; return how many."""
    n = c.execute("INSERT INTO search_pending (article_id) SELECT article_id FROM search_docs"
                  " WHERE keys_version <> ? ON CONFLICT DO NOTHING", (version,)).rowcount
    n += c.execute("INSERT INTO entity_pending (entity_id) SELECT entity_id FROM entity_docs"
                   " WHERE keys_version <> ? ON CONFLICT DO NOTHING", (version,)).rowcount
    return max(0, n)


def drop_missing_pending(c: Any) -> None:
    """Forget queued ids whose article or entity no longer exists."""
    c.execute("DELETE FROM search_pending WHERE article_id NOT IN (SELECT id FROM articles)")
    c.execute("DELETE FROM entity_pending WHERE entity_id NOT IN (SELECT id FROM entities)")


def write_article_docs(c: Any, docs: Sequence[ArticleDoc], version: int, now: str) -> int:
    """Index articles (replacing their earlier documents) and take them off the queue."""
    c.executemany(
        "INSERT INTO search_docs (article_id, keys_version, indexed_at, doc) VALUES (?, ?, ?,"
        " setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D'))"
        " ON CONFLICT (article_id) DO UPDATE SET keys_version = excluded.keys_version,"
        " indexed_at = excluded.indexed_at, doc = excluded.doc",
        [(d.article_id, version, now, d.title, d.body) for d in docs])
    c.executemany("DELETE FROM search_pending WHERE article_id = ?", [(d.article_id,) for d in docs])
    return len(docs)


def write_entity_docs(c: Any, docs: Sequence[EntityDoc], version: int, now: str) -> int:
    """Index entities (an empty document removes one) and take them off the queue."""
    keep = [d for d in docs if d.names]
    c.executemany("DELETE FROM entity_docs WHERE entity_id = ?", [(d.entity_id,) for d in docs if not d.names])
    c.executemany(
        "INSERT INTO entity_docs (entity_id, keys_version, indexed_at, doc) VALUES (?, ?, ?,"
        " setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'))"
        " ON CONFLICT (entity_id) DO UPDATE SET keys_version = excluded.keys_version,"
        " indexed_at = excluded.indexed_at, doc = excluded.doc",
        [(d.entity_id, version, now, d.names, d.skeletons) for d in keep])
    c.executemany("DELETE FROM entity_pending WHERE entity_id = ?", [(d.entity_id,) for d in docs])
    return len(docs)


def search_articles(c: Any, match: Match | None, filters: SearchFilters, limit: int, offset: int) -> SearchPage:
    """Return a page of matching articles, best first (``-ts_rank``), and the total."""
    where, args = filter_sql(filters)
    if match is None:
        cond = " WHERE " + " AND ".join(where) if where else ""
        total = c.execute(f"SELECT count(*) FROM articles a{cond}", args).fetchone()[0]
        rows = c.execute(f"SELECT a.id, a.title, a.publisher, a.published_value, 0.0 FROM articles a{cond}"
                         " ORDER BY a.published_value DESC NULLS LAST, a.ingested_at DESC, a.id LIMIT ? OFFSET ?",
                         (*args, limit, offset)).fetchall()
        return SearchPage(int(total), tuple(SearchHit(*r) for r in rows))
    base = (" FROM search_docs d JOIN articles a ON a.id = d.article_id CROSS JOIN to_tsquery('simple', ?) q"
            " WHERE d.doc @@ q" + "".join(" AND " + w for w in where))
    margs = (tsquery(match), *args)
    total = c.execute("SELECT count(*)" + base, margs).fetchone()[0]
    rows = c.execute("SELECT a.id, a.title, a.publisher, a.published_value, -ts_rank(d.doc, q) AS score" + base
                     + " ORDER BY score, a.published_value DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
                     (*margs, limit, offset)).fetchall()
    return SearchPage(int(total), tuple(SearchHit(i, t, p, d, float(s)) for i, t, p, d, s in rows))


def search_entities(c: Any, match: Match, type_: str | None, limit: int, offset: int) -> list[tuple[EntityRow, float]]:
    """Return entities whose names match, best first, with scores (``-ts_rank``)."""
    sql = ("SELECT d.entity_id, -ts_rank(d.doc, q) AS score FROM entity_docs d"
           " JOIN entities e ON e.id = d.entity_id CROSS JOIN to_tsquery('simple', ?) q"
           " WHERE d.doc @@ q AND e.merged_into IS NULL")
    args: list[Any] = [tsquery(match)]
    if type_:
        sql += " AND e.type = ?"
        args.append(type_)
    rows = c.execute(sql + " ORDER BY score LIMIT ?", (*args, max(200, offset + limit))).fetchall()
    return rank_entities(c, rows, limit, offset)
