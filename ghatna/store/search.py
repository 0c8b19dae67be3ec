"""Full-text search in the store: the index rows, the match expressions, and SQLite FTS5 queries.

The store indexes keys it is given (``ghatna.text.search`` computes them; the store may not import
that layer): per article the keys of its title and body, per entity the keys and consonant
skeletons of its names. A query arrives as a small :class:`Match` tree (words, phrases, prefixes,
AND/OR), which each backend renders in its own syntax, so that no user text ever reaches the index
as query syntax. Functions take an open connection; the caller owns the transaction.

Example:
    >>> fts5_expr(All((Term(("tokaev",)), Any((Term(("kasim", "jomart")), Term(("kas",), prefix=True))))))
    '("tokaev" AND ("kasim jomart" OR "kas"*))'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence, Union

from ghatna.store.base import EntityRow

#: ``how`` of aliases that describe rather than name an entity; never used to widen a search
DESCRIPTIVE_HOW = ("role", "coreference")


# -- match expressions ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Term:
    """One key, or several in a row (a phrase); ``prefix``: the last key may continue; ``column``: only there."""

    tokens: tuple[str, ...]
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True, slots=True)
class All:
    """Every part must match."""

    parts: tuple["Match", ...]


@dataclass(frozen=True, slots=True)
class Any:  # noqa: A001 - the operator's name, scoped to this module
    """One part at least must match."""

    parts: tuple["Match", ...]


Match = Union[Term, All, Any]


def _quote(token: str) -> str:
    """Return a token as an FTS5 string (double quotes doubled), so it is never read as syntax."""
    return '"' + token.replace('"', '""') + '"'


def fts5_expr(match: Match) -> str:
    """Render a match tree as an FTS5 query expression."""
    if isinstance(match, Term):
        text = _quote(" ".join(match.tokens)) + ("*" if match.prefix else "")
        return f"{match.column} : {text}" if match.column else text
    parts = [fts5_expr(p) for p in match.parts]
    if len(parts) == 1:
        return parts[0]
    op = " AND " if isinstance(match, All) else " OR "
    return "(" + op.join(parts) + ")"


# -- records --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Filters of an article search; ``entity_ids`` are entities as they stand now (any of them)."""

    entity_ids: tuple[str, ...] = ()
    event_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    publisher: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article found by a search, with its rank (lower bm25 is better; 0 without a query)."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        """Return the hit as plain JSON types."""
        return {"id": self.id, "title": self.title, "publisher": self.publisher, "published": self.published,
                "score": round(self.score, 4)}


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of hits and how many there are in all."""

    total: int
    hits: tuple[SearchHit, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class ArticleDoc:
    """What the index holds for one article: the search keys of its title and body."""

    article_id: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class EntityDoc:
    """What the index holds for one entity: keys and skeletons of its names ('' removes the entity)."""

    entity_id: str
    names: str
    skeletons: str


# -- queue and index writes -----------------------------------------------------------------------

def requeue_stale(c: Any, version: int) -> int:
    """Queue every article and entity indexed with other keys than ``version``; return how many."""
    n = c.execute("INSERT OR IGNORE INTO search_pending (article_id)"
                  " SELECT article_id FROM search_docs WHERE keys_version <> ?", (version,)).rowcount
    n += c.execute("INSERT OR IGNORE INTO entity_pending (entity_id)"
                   " SELECT entity_id FROM entity_docs WHERE keys_version <> ?", (version,)).rowcount
    return max(0, n)


def pending_articles(c: Any, limit: int) -> list[tuple[str, str | None, str]]:
    """Return ``(id, title, text)`` of queued articles (queue order is id order)."""
    return [tuple(r) for r in c.execute(  # type: ignore[misc]
        "SELECT a.id, a.title, a.text FROM search_pending p JOIN articles a ON a.id = p.article_id"
        " ORDER BY p.article_id LIMIT ?", (limit,))]


def pending_count(c: Any) -> tuple[int, int]:
    """Return how many articles and entities wait to be indexed."""
    return (c.execute("SELECT count(*) FROM search_pending").fetchone()[0],
            c.execute("SELECT count(*) FROM entity_pending").fetchone()[0])


def write_article_docs(c: Any, docs: Sequence[ArticleDoc], version: int, now: str) -> int:
    """Index articles (replacing their earlier rows) and take them off the queue; return how many."""
    for d in docs:
        row = c.execute("SELECT id FROM search_docs WHERE article_id = ?", (d.article_id,)).fetchone()
        if row is not None:
            c.execute("DELETE FROM article_fts WHERE rowid = ?", (row[0],))
            c.execute("UPDATE search_docs SET keys_version = ?, indexed_at = ? WHERE id = ?", (version, now, row[0]))
            rowid = row[0]
        else:
            rowid = c.execute("INSERT INTO search_docs (article_id, keys_version, indexed_at) VALUES (?, ?, ?)",
                              (d.article_id, version, now)).lastrowid
        c.execute("INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, d.title, d.body))
        c.execute("DELETE FROM search_pending WHERE article_id = ?", (d.article_id,))
    return len(docs)


def drop_missing_pending(c: Any) -> None:
    """Forget queued ids whose article or entity no longer exists."""
    c.execute("DELETE FROM search_pending WHERE article_id NOT IN (SELECT id FROM articles)")
    c.execute("DELETE FROM entity_pending WHERE entity_id NOT IN (SELECT id FROM entities)")


def pending_entities(c: Any, limit: int) -> list[tuple[str, list[str]]]:
    """Return ``(id, names)`` of queued entities; a merged entity has no names (its doc is removed)."""
    rows = c.execute("SELECT e.id, e.merged_into, e.name_en, e.name_hi FROM entity_pending p"
                     " JOIN entities e ON e.id = p.entity_id ORDER BY p.entity_id LIMIT ?", (limit,)).fetchall()
    out = []
    for eid, merged, en, hi in rows:
        if merged is not None:
            out.append((eid, []))
            continue
        names = [n for n in (en, hi) if n]
        names += [t for (t,) in c.execute(
            f"SELECT DISTINCT text FROM aliases WHERE entity_id = ? AND how NOT IN ({', '.join('?' * len(DESCRIPTIVE_HOW))})"
            " ORDER BY text", (eid, *DESCRIPTIVE_HOW))]
        out.append((eid, names))
    return out


def write_entity_docs(c: Any, docs: Sequence[EntityDoc], version: int, now: str) -> int:
    """Index entities (an empty doc removes one) and take them off the queue; return how many."""
    for d in docs:
        row = c.execute("SELECT id FROM entity_docs WHERE entity_id = ?", (d.entity_id,)).fetchone()
        if row is not None:
            c.execute("DELETE FROM entity_fts WHERE rowid = ?", (row[0],))
        if not d.names:
            if row is not None:
                c.execute("DELETE FROM entity_docs WHERE id = ?", (row[0],))
        else:
            if row is not None:
                rowid = row[0]
                c.execute("UPDATE entity_docs SET keys_version = ?, indexed_at = ? WHERE id = ?", (version, now, rowid))
            else:
                rowid = c.execute("INSERT INTO entity_docs (entity_id, keys_version, indexed_at) VALUES (?, ?, ?)",
                                  (d.entity_id, version, now)).lastrowid
            c.execute("INSERT INTO entity_fts (rowid, names, skeletons) VALUES (?, ?, ?)",
                      (rowid, d.names, d.skeletons))
        c.execute("DELETE FROM entity_pending WHERE entity_id = ?", (d.entity_id,))
    return len(docs)


# -- queries --------------------------------------------------------------------------------------

def filter_sql(f: SearchFilters, alias: str = "a") -> tuple[list[str], list[Any]]:
    """Return the WHERE conditions and arguments of search filters on articles aliased ``alias``."""
    where: list[str] = []
    args: list[Any] = []
    if f.publisher is not None:
        where.append(f"{alias}.publisher = ?")
        args.append(f.publisher)
    if f.date_from:
        where.append(f"{alias}.published_value >= ?")
        args.append(f.date_from)
    if f.date_to:
        # '~' sorts after digits and '-': every value starting with date_to is inside
        where.append(f"{alias}.published_value <= ?")
        args.append(f.date_to + "~")
    if f.entity_ids:
        # uncorrelated: computed once from the entity index, not once per article
        where.append(f"{alias}.id IN (SELECT article_id FROM mentions"
                     f" WHERE entity_id IN ({', '.join('?' * len(f.entity_ids))}))")
        args += list(f.entity_ids)
    if f.event_type:
        where.append(f"{alias}.id IN (SELECT article_id FROM events WHERE event_type = ?)")
        args.append(f.event_type)
    return where, args


def search_articles(c: Any, match: Match | None, filters: SearchFilters, limit: int, offset: int) -> SearchPage:
    """Return a page of articles matching ``match`` and the filters, best first, and the total.

    Without a match expression every article passing the filters is a hit, newest first.
    """
    where, args = filter_sql(filters)
    if match is None:
        cond = " WHERE " + " AND ".join(where) if where else ""
        total = c.execute(f"SELECT count(*) FROM articles a{cond}", args).fetchone()[0]
        rows = c.execute(f"SELECT a.id, a.title, a.publisher, a.published_value, 0.0 FROM articles a{cond}"
                         " ORDER BY a.published_value DESC NULLS LAST, a.ingested_at DESC, a.id LIMIT ? OFFSET ?",
                         (*args, limit, offset)).fetchall()
        return SearchPage(total, tuple(SearchHit(*r) for r in rows))
    base = (" FROM article_fts JOIN search_docs d ON d.id = article_fts.rowid JOIN articles a ON a.id = d.article_id"
            " WHERE article_fts MATCH ?" + "".join(" AND " + w for w in where))
    margs = (fts5_expr(match), *args)
    total = c.execute("SELECT count(*)" + base, margs).fetchone()[0]
    rows = c.execute("SELECT a.id, a.title, a.publisher, a.published_value, bm25(article_fts, 3.0, 1.0) AS score"
                     + base + " ORDER BY score, a.published_value DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
                     (*margs, limit, offset)).fetchall()
    return SearchPage(total, tuple(SearchHit(*r) for r in rows))


_ENTITY_COLS = "e.id, e.type, e.name_en, e.name_hi, e.qid, e.nil, e.merged_into, e.first_seen, e.last_seen"


def entity_rows(c: Any, ids: Iterable[str]) -> dict[str, EntityRow]:
    """Return entities by id with their mention and article counts (unknown ids are left out)."""
    ids = list(dict.fromkeys(ids))
    out: dict[str, EntityRow] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ", ".join("?" * len(part))
        counts = {eid: (n, a) for eid, n, a in c.execute(
            f"SELECT entity_id, mentions, articles FROM entity_stats WHERE entity_id IN ({marks})", part)}
        for r in c.execute(f"SELECT {_ENTITY_COLS} FROM entities e WHERE e.id IN ({marks})", part):
            n, a = counts.get(r[0], (0, 0))
            out[r[0]] = EntityRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], n, a)
    return out


def entity_labels(c: Any, ids: Iterable[str]) -> dict[str, tuple[str, str | None, str | None]]:
    """Return ``{id: (type, name_en, name_hi)}`` without counting mentions (cheap for very common entities)."""
    ids = list(dict.fromkeys(ids))
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for eid, typ, en, hi in c.execute(f"SELECT id, type, name_en, name_hi FROM entities"
                                          f" WHERE id IN ({', '.join('?' * len(part))})", part):
            out[eid] = (typ, en, hi)
    return out


def popularity(c: Any, ids: Sequence[str]) -> dict[str, int]:
    """Return how many mentions each entity has, from the alias summaries (no scan of the mentions)."""
    out: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        part = list(ids[i:i + 500])
        out.update((eid, int(n)) for eid, n in c.execute(
            f"SELECT entity_id, sum(mentions) FROM aliases WHERE entity_id IN ({', '.join('?' * len(part))})"
            " GROUP BY entity_id", part))
    return out


def rank_entities(c: Any, rows: Sequence[tuple[str, float]], limit: int, offset: int) -> list[tuple[EntityRow, float]]:
    """Order ``(entity id, score)`` by score then popularity; count mentions exactly for the page only."""
    pop = popularity(c, [eid for eid, _ in rows])
    ranked = sorted(rows, key=lambda t: (round(float(t[1]), 3), -pop.get(t[0], 0), t[0]))[offset:offset + limit]
    found = entity_rows(c, [eid for eid, _ in ranked])
    return [(found[eid], float(score)) for eid, score in ranked if eid in found]


def search_entities(c: Any, match: Match, type_: str | None, limit: int, offset: int) -> list[tuple[EntityRow, float]]:
    """Return entities whose names match, best first (bm25, a skeleton match weighs less), with scores."""
    sql = ("SELECT d.entity_id, bm25(entity_fts, 1.0, 0.3) AS score FROM entity_fts"
           " JOIN entity_docs d ON d.id = entity_fts.rowid JOIN entities e ON e.id = d.entity_id"
           " WHERE entity_fts MATCH ? AND e.merged_into IS NULL")
    args: list[Any] = [fts5_expr(match)]
    if type_:
        sql += " AND e.type = ?"
        args.append(type_)
    # many candidates, so that popularity can break bm25's ties
    rows = c.execute(sql + " ORDER BY score LIMIT ?", (*args, max(200, offset + limit))).fetchall()
    return rank_entities(c, rows, limit, offset)


def name_aliases(c: Any, entity_ids: Sequence[str]) -> dict[str, list[str]]:
    """Return the naming aliases (not roles or pronouns) of entities, most mentioned first, plus their names."""
    out: dict[str, list[str]] = {eid: [] for eid in entity_ids}
    if not entity_ids:
        return out
    marks = ", ".join("?" * len(entity_ids))
    for eid, en, hi in c.execute(f"SELECT id, name_en, name_hi FROM entities WHERE id IN ({marks})", tuple(entity_ids)):
        out[eid] += [n for n in (en, hi) if n]
    for eid, text in c.execute(
            f"SELECT entity_id, text FROM aliases WHERE entity_id IN ({marks})"
            f" AND how NOT IN ({', '.join('?' * len(DESCRIPTIVE_HOW))}) ORDER BY mentions DESC, text",
            (*entity_ids, *DESCRIPTIVE_HOW)):
        out[eid].append(text)
    return {eid: list(dict.fromkeys(names)) for eid, names in out.items()}
