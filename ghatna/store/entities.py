"""Entities across articles: pages, search by match keys, profiles for merging, and undoable merges.

A merge sets ``entities.merged_into`` on the merged entity and re-points every row that stands for it
(mentions, aliases, quote speakers, event arguments, fact subjects and objects). Rows also keep the id
the linker gave them, so undoing a merge recomputes where each row stands without it: the state is
exactly the one before the merge, even for articles ingested while it was active. Functions take an
open connection; the caller owns the transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ghatna.errors import StoreError
from ghatna.store import summaries
from ghatna.store.annotations import ENTITY_REFS, chunks, dumps, marks, refresh_seen, resolve_ids
from ghatna.store.base import AliasCount, EntityArticle, EntityMerge, EntityPage, EntityRow
from ghatna.types import AliasKey, EntityProfile

_ENTITY_COLS = "e.id, e.type, e.name_en, e.name_hi, e.qid, e.nil, e.merged_into, e.first_seen, e.last_seen"
_MERGE_COLS = "id, kept, merged, reason, evidence, moved, created_by, created_at, undone_at"


def _like(text: str) -> str:
    """Escape LIKE wildcards in user text (the pattern uses ``ESCAPE '!'``)."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _entity(row: tuple[Any, ...], mentions: int = 0, articles: int = 0) -> EntityRow:
    """Build an EntityRow from the ``_ENTITY_COLS`` columns."""
    eid, typ, en, hi, qid, nil, merged, first, last = row
    return EntityRow(eid, typ, en, hi, qid, bool(nil), merged, first, last, mentions, articles)


def resolve_entity(c: Any, entity_id: str) -> str:
    """Return the id an entity stands for now; raise E505 when the store never saw it."""
    if c.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is None:
        raise StoreError("E505", id=entity_id)
    return resolve_ids(c, [entity_id])[entity_id]


def entity_row(c: Any, entity_id: str) -> EntityRow:
    """Return one entity (as stored, not resolved) with its mention and article counts."""
    row = c.execute(f"SELECT {_ENTITY_COLS} FROM entities e WHERE e.id = ?", (entity_id,)).fetchone()
    if row is None:
        raise StoreError("E505", id=entity_id)
    counts = c.execute("SELECT mentions, articles FROM entity_stats WHERE entity_id = ?", (entity_id,)).fetchone()
    return _entity(row, *(counts or (0, 0)))


def members(c: Any, root: str) -> list[str]:
    """Return the ids merged (directly or through others) into ``root``."""
    out: list[str] = []
    frontier = [root]
    while frontier:
        found: list[str] = []
        for part in chunks(frontier):
            found += [r[0] for r in c.execute(f"SELECT id FROM entities WHERE merged_into IN ({marks(len(part))})"
                                              " ORDER BY id", tuple(part))]
        found = [f for f in found if f not in out and f != root]
        out += found
        frontier = found
    return out


def entity_page(c: Any, entity_id: str, articles: int) -> EntityPage:
    """Return the page of the entity an id stands for: names with counts, merged ids, recent articles."""
    root = resolve_entity(c, entity_id)
    entity = entity_row(c, root)
    counts = {t: (n, a) for t, n, a in c.execute(
        "SELECT text, mentions, articles FROM entity_names WHERE entity_id = ?", (root,))}
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for r in c.execute("SELECT text, script, ortho, phon, how, first_seen, first_article, last_seen, last_article"
                       " FROM aliases WHERE entity_id = ?", (root,)):
        rows[r[0]].append(r)
    aliases = []
    for text, rs in rows.items():
        first = min(rs, key=lambda r: (r[5] is None, r[5] or "", r[6] or ""))
        last = max(rs, key=lambda r: (r[7] is not None, r[7] or "", r[8] or ""))
        n, arts = counts.get(text, (0, 0))
        aliases.append(AliasCount(text, rs[0][1], rs[0][2], rs[0][3], tuple(sorted({r[4] for r in rs})), n, arts,
                                  first[5], first[6], last[7], last[8]))
    aliases.sort(key=lambda a: (-a.mentions, a.text))
    return EntityPage(entity, tuple(aliases), tuple(members(c, root)),
                      tuple(entity_articles(c, root, articles, 0)))


def entity_articles(c: Any, entity_id: str, limit: int, offset: int) -> list[EntityArticle]:
    """List the articles that mention an entity (as it stands now), newest published first."""
    root = resolve_entity(c, entity_id)
    # a walk of the summary's key backwards: newest first, undated ('') last, whatever the entity's size
    return [EntityArticle(*r) for r in c.execute(
        "SELECT a.id, a.title, a.publisher, a.published_value, s.mentions FROM"
        " (SELECT article_id, published, mentions FROM entity_articles WHERE entity_id = ?"
        "  ORDER BY published DESC, article_id DESC LIMIT ? OFFSET ?) s"
        " JOIN articles a ON a.id = s.article_id ORDER BY s.published DESC, s.article_id DESC",
        (root, max(0, limit), max(0, offset)))]


def list_entities(c: Any, type_: str | None, nil: bool | None, limit: int, offset: int) -> list[EntityRow]:
    """List entities that stand for themselves, most mentioned first."""
    where, args = ["e.merged_into IS NULL"], []
    if type_ is not None:
        where.append("e.type = ?")
        args.append(type_)
    if nil is not None:
        where.append("e.nil = ?")
        args.append(int(nil))
    rows = c.execute(
        f"SELECT {_ENTITY_COLS}, COALESCE(s.mentions, 0), COALESCE(s.articles, 0) FROM entities e"
        " LEFT JOIN entity_stats s ON s.entity_id = e.id WHERE " + " AND ".join(where)
        + " ORDER BY COALESCE(s.mentions, 0) DESC, e.id LIMIT ? OFFSET ?",
        (*args, max(0, limit), max(0, offset))).fetchall()
    return [_entity(r[:9], r[9], r[10]) for r in rows]


def find_entities(c: Any, ortho: str, phon: str, limit: int) -> list[tuple[EntityRow, float, str]]:
    """Find entities by an alias's keys: the same spelling key, the same sound key, or a word of it.

    Scores: 1.0 same orthographic key, 0.9 same sound key (any script), 0.7 the query is the first or
    last words of the alias (a surname alone). Ties go to the more mentioned entity.
    """
    if not (ortho or phon):
        return []
    best: dict[str, tuple[float, str]] = {}
    queries = [("ortho = ?", (ortho,), 1.0), ("phon = ?", (phon,), 0.9)]
    if phon:
        queries.append(("(phon LIKE ? ESCAPE '!' OR phon LIKE ? ESCAPE '!')",
                        (_like(phon) + " %", "% " + _like(phon)), 0.7))
    for cond, args, score in queries:
        for eid, text in c.execute(f"SELECT entity_id, text FROM aliases WHERE {cond} ORDER BY mentions DESC", args):
            if score > best.get(eid, (0.0, ""))[0]:
                best[eid] = (score, text)
    out = [(entity_row(c, eid), score, text) for eid, (score, text) in best.items()]
    out.sort(key=lambda t: (-t[1], -t[0].mentions, t[0].id))
    return out[:limit]


def entity_profiles(c: Any, nil_only: bool) -> list[EntityProfile]:
    """Return each entity standing for itself with its names, counts and co-occurring entities."""
    sql = "SELECT id, type, nil FROM entities WHERE merged_into IS NULL" + (" AND nil = 1" if nil_only else "")
    roots = {eid: (typ, bool(nil)) for eid, typ, nil in c.execute(sql + " ORDER BY id")}
    ids = sorted(roots)
    names: dict[str, dict[str, AliasKey]] = defaultdict(dict)
    counts: dict[str, tuple[int, int]] = {}
    together: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for part in chunks(ids):
        args = tuple(part)
        for eid, text, ortho, phon, script in c.execute(
                f"SELECT entity_id, text, ortho, phon, script FROM aliases WHERE entity_id IN ({marks(len(part))})"
                " ORDER BY entity_id, mentions DESC, text", args):
            names[eid].setdefault(text, AliasKey(text, ortho, phon, script))
        for eid, n, arts in c.execute(
                f"SELECT entity_id, count(*), count(DISTINCT article_id) FROM mentions"
                f" WHERE entity_id IN ({marks(len(part))}) GROUP BY entity_id", args):
            counts[eid] = (n, arts)
        for eid, other, n in c.execute(
                "SELECT a.entity_id, b.entity_id, count(DISTINCT a.article_id) FROM mentions a"
                " JOIN mentions b ON b.article_id = a.article_id"
                f" WHERE a.entity_id IN ({marks(len(part))}) AND b.entity_id IS NOT NULL"
                " AND b.entity_id <> a.entity_id GROUP BY a.entity_id, b.entity_id", args):
            together[eid].append((other, n))
    others = sorted({o for pairs in together.values() for o, _ in pairs})
    df: dict[str, int] = {}
    for part in chunks(others):
        df.update(c.execute(f"SELECT entity_id, count(DISTINCT article_id) FROM mentions"
                            f" WHERE entity_id IN ({marks(len(part))}) GROUP BY entity_id", tuple(part)).fetchall())
    out = []
    for eid in ids:
        if eid not in counts:
            continue  # no mention left (its articles were re-annotated without it)
        typ, nil = roots[eid]
        ctx = sorted(((o, n, df.get(o, n)) for o, n in together.get(eid, ())), key=lambda t: (-t[1], t[0]))
        out.append(EntityProfile(eid, typ, nil, tuple(names[eid].values()), *counts[eid], tuple(ctx)))
    return out


# -- merges ---------------------------------------------------------------------------------------

def _merge(row: tuple[Any, ...]) -> EntityMerge:
    """Build an EntityMerge from the ``_MERGE_COLS`` columns."""
    mid, kept, merged, reason, evidence, moved, by, created, undone = row
    return EntityMerge(int(mid), kept, merged, reason, json.loads(evidence), json.loads(moved), by, created, undone)


def get_merge(c: Any, merge_id: int) -> EntityMerge:
    """Return one merge; raise E506 if there is none with this id."""
    row = c.execute(f"SELECT {_MERGE_COLS} FROM entity_merges WHERE id = ?", (merge_id,)).fetchone()
    if row is None:
        raise StoreError("E506", id=merge_id)
    return _merge(row)


def merge_entities(c: Any, keep: str, merge: str, reason: str, evidence: dict[str, Any] | None,
                   created_by: str, now: str) -> EntityMerge:
    """Merge the entity ``merge`` stands for into the one ``keep`` stands for; return the merge row.

    Raises:
        StoreError: E505 an id is unknown; E507 both already stand for the same entity.
    """
    kept, merged = resolve_entity(c, keep), resolve_entity(c, merge)
    if kept == merged:
        raise StoreError("E507", action="merge", detail=f"{merge} and {keep} are already the same entity ({kept})")
    # only the articles with rows standing for the merged entity contribute differently afterwards
    affected = summaries.articles_of(c, [merged])
    was = summaries.collect(c, affected)
    c.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (kept, merged))
    moved: dict[str, int] = {}
    for table, _linked, col in ENTITY_REFS:
        n = c.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (kept, merged)).rowcount
        moved[f"{table}.{col}"] = moved.get(f"{table}.{col}", 0) + n
    refresh_seen(c, [kept, merged])
    summaries.apply(c, was, summaries.collect(c, affected))
    ev = dict(evidence or {})
    if (keep, merge) != (kept, merged):
        ev.setdefault("requested", [keep, merge])
    cur = c.execute("INSERT INTO entity_merges (kept, merged, reason, evidence, moved, created_by, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", (kept, merged, reason, dumps(ev), dumps(moved), created_by, now))
    return get_merge(c, cur.lastrowid)


def undo_merge(c: Any, merge_id: int, now: str) -> EntityMerge:
    """Revert a merge: every row standing for the kept entity is re-resolved without it.

    Raises:
        StoreError: E506 no such merge; E507 it was already undone.
    """
    m = get_merge(c, merge_id)
    if not m.active:
        raise StoreError("E507", action=f"undo merge {merge_id}", detail=f"it was undone at {m.undone_at}")
    root = resolve_ids(c, [m.kept])[m.kept]
    c.execute("UPDATE entities SET merged_into = NULL WHERE id = ? AND merged_into = ?", (m.merged, m.kept))
    touched = {root, m.merged}
    moves = []
    for table, linked, col in ENTITY_REFS:
        ids = [r[0] for r in c.execute(f"SELECT DISTINCT {linked} FROM {table} WHERE {col} = ?", (root,))]
        moves += [(table, linked, col, lid, now_id) for lid, now_id in resolve_ids(c, ids).items() if now_id != root]
    affected = _articles_moving(c, root, moves)
    was = summaries.collect(c, affected)
    for table, linked, col, lid, now_id in moves:
        c.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ? AND {linked} = ?", (now_id, root, lid))
        touched.add(now_id)
    refresh_seen(c, touched)
    summaries.apply(c, was, summaries.collect(c, affected))
    c.execute("UPDATE entity_merges SET undone_at = ? WHERE id = ?", (now, merge_id))
    return get_merge(c, merge_id)


def _articles_moving(c: Any, root: str, moves: list[tuple[str, str, str, str, str]]) -> set[str]:
    """Return the articles with a row that an undo re-points away from ``root`` (mentions, events, quotes)."""
    article_of = {"mentions": "SELECT DISTINCT article_id FROM mentions",
                  "quotes": "SELECT DISTINCT article_id FROM quotes",
                  "event_entities": "SELECT DISTINCT e.article_id FROM event_entities x JOIN events e ON e.id = x.event_id"}
    out: set[str] = set()
    for table, linked, col, lid, _now_id in moves:
        if table in article_of:
            alias = "x." if table == "event_entities" else ""
            out.update(r[0] for r in c.execute(f"{article_of[table]} WHERE {alias}{col} = ? AND {alias}{linked} = ?",
                                               (root, lid)))
    return out


def list_merges(c: Any, entity: str | None, active: bool | None, limit: int, offset: int) -> list[EntityMerge]:
    """List merges newest first, optionally those touching ``entity`` or only (in)active ones."""
    where, args = [], []
    if entity is not None:
        where.append("(kept = ? OR merged = ?)")
        args += [entity, entity]
    if active is not None:
        where.append("undone_at IS NULL" if active else "undone_at IS NOT NULL")
    sql = f"SELECT {_MERGE_COLS} FROM entity_merges" + (" WHERE " + " AND ".join(where) if where else "")
    return [_merge(r) for r in c.execute(sql + " ORDER BY id DESC LIMIT ? OFFSET ?",
                                         (*args, max(0, limit), max(0, offset)))]
