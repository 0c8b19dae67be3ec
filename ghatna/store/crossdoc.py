"""Across documents in the store: signatures, near-duplicates, stories and canonical events.

A mixin over a backend's connection handling (``_reading(func, *args)`` runs ``func(conn, *args)`` in
one read transaction, ``_transaction()`` yields the connection of one write transaction), like
``store.query_methods``. The store only keeps and returns records (``NearDuplicate``, ``Story``,
``CanonicalEvent``); computing them is ``ghatna.crossdoc``'s job. Each ``put_*`` replaces what an
earlier run wrote, in one transaction, so a reader sees the old result or the new one, never a mix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Sequence

from ghatna.types import CanonicalEvent, NearDuplicate, Story

EVENT_ROLES = ("actor", "recipient")


def _now() -> str:
    """Return the current UTC time as sortable ISO 8601 text."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(value: Any) -> str:
    """Serialise compactly, keeping Devanagari readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


@dataclass(frozen=True, slots=True)
class CrossDocInput:
    """What the cross-document steps read of one stored article.

    ``entities``: ``(entity id as merged now, mentions)``; ``events``: the article's event objects
    in ``seq`` order, their entity ids as merged now.
    """

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    text: str
    entities: tuple[tuple[str, int], ...]
    events: tuple[dict[str, Any], ...]


def _marks(n: int) -> str:
    """Return ``?, ?, …`` for n parameters."""
    return ", ".join("?" * n)


def read_inputs_page(c: Any, after: str, limit: int, with_text: bool) -> list[CrossDocInput]:
    """Return up to ``limit`` articles with id > ``after`` (id order), with entities and events."""
    text = "text" if with_text else "''"
    rows = c.execute(f"SELECT id, title, publisher, published_value, {text} FROM articles"
                     " WHERE id > ? ORDER BY id LIMIT ?", (after, limit)).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    ents: dict[str, list[tuple[str, int]]] = {}
    for aid, eid, n in c.execute(
            f"SELECT article_id, entity_id, count(*) FROM mentions WHERE article_id IN ({_marks(len(ids))})"
            " AND entity_id IS NOT NULL GROUP BY article_id, entity_id ORDER BY article_id, entity_id", ids):
        ents.setdefault(aid, []).append((eid, int(n)))
    events: dict[int, tuple[str, dict[str, Any]]] = {}
    for rowid, aid, record in c.execute(
            f"SELECT id, article_id, record FROM events WHERE article_id IN ({_marks(len(ids))})"
            " ORDER BY article_id, seq", ids):
        events[rowid] = (aid, json.loads(record))
    if events:
        now: dict[tuple[int, str], list[str]] = {}
        for rowid, role, eid in c.execute(
                f"SELECT event_id, role, entity_id FROM event_entities WHERE event_id IN ({_marks(len(events))})"
                " ORDER BY event_id, role, seq", list(events)):
            now.setdefault((rowid, role), []).append(eid)
        for rowid, (_, data) in events.items():
            for role in EVENT_ROLES:
                if (rowid, role) in now:
                    data[role] = now[(rowid, role)]
            if (rowid, "location") in now:
                data["location"] = now[(rowid, "location")][0]
    by_article: dict[str, list[dict[str, Any]]] = {}
    for aid, data in events.values():
        by_article.setdefault(aid, []).append(data)
    return [CrossDocInput(r[0], r[1], r[2], r[3], r[4], tuple(ents.get(r[0], ())),
                          tuple(by_article.get(r[0], ()))) for r in rows]


def read_signatures(c: Any, params: str) -> dict[str, tuple[bytes, str]]:
    """Return article id -> (signature bytes, fingerprint) for signatures made with ``params``."""
    return {a: (bytes(s), f) for a, s, f in c.execute(
        "SELECT article_id, signature, fingerprint FROM article_signatures WHERE params = ?", (params,))}


def write_signatures(c: Any, rows: Iterable[tuple[str, bytes, str]], params: str) -> int:
    """Insert or replace signatures; return how many."""
    data = [(a, params, f, s) for a, s, f in rows]
    c.executemany("INSERT INTO article_signatures (article_id, params, fingerprint, signature) VALUES (?, ?, ?, ?)"
                  " ON CONFLICT (article_id) DO UPDATE SET params = excluded.params,"
                  " fingerprint = excluded.fingerprint, signature = excluded.signature", data)
    return len(data)


def write_near_duplicates(c: Any, pairs: Sequence[NearDuplicate], groups: dict[str, str], now: str) -> None:
    """Replace the near-duplicate pairs and groups."""
    c.execute("DELETE FROM near_duplicates")
    c.execute("DELETE FROM duplicate_groups")
    c.executemany("INSERT INTO near_duplicates (article_a, article_b, jaccard, kind, found_at) VALUES (?, ?, ?, ?, ?)",
                  [(p.a, p.b, p.jaccard, p.kind, now) for p in pairs])
    c.executemany("INSERT INTO duplicate_groups (article_id, representative) VALUES (?, ?)", sorted(groups.items()))


def write_stories(c: Any, stories: Sequence[Story], now: str) -> None:
    """Replace the stories and the story of each article."""
    c.execute("DELETE FROM story_articles")
    c.execute("DELETE FROM stories")
    c.executemany("INSERT INTO stories (id, title, first_date, last_date, articles, record, built_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)",
                  [(s.id, s.title, s.first_date, s.last_date, len(s.members), _json(s.to_dict()), now)
                   for s in stories])
    c.executemany("INSERT INTO story_articles (article_id, story_id, score, how) VALUES (?, ?, ?, ?)",
                  [(m.article_id, s.id, m.score, m.how) for s in stories for m in s.members])


def write_canonical_events(c: Any, events: Sequence[CanonicalEvent], now: str) -> None:
    """Replace the canonical events, their entities and their reports."""
    c.execute("DELETE FROM event_reports")
    c.execute("DELETE FROM canonical_event_entities")
    c.execute("DELETE FROM canonical_events")
    c.executemany(
        "INSERT INTO canonical_events (id, event_type, mode, status, date_value, date_granularity, location,"
        " story_id, reports, confidence, record, built_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(e.id, e.event_type, e.mode, e.status, e.date.value if e.date else None,
          e.date.granularity if e.date else None, e.location, e.story_id, len(e.reports), e.confidence,
          _json(e.to_dict()), now) for e in events])
    c.executemany(
        "INSERT INTO canonical_event_entities (canonical_id, role, seq, entity_id) VALUES (?, ?, ?, ?)",
        [(e.id, role, i, eid) for e in events
         for role, ids in (("actor", e.actor), ("recipient", e.recipient), ("location", (e.location,) if e.location else ()))
         for i, eid in enumerate(ids)])
    c.executemany(
        "INSERT INTO event_reports (article_id, seq, canonical_id, evidence_start, evidence_end, trigger_start,"
        " trigger_end, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(r.article_id, r.seq, e.id, r.evidence.start if r.evidence else None, r.evidence.end if r.evidence else None,
          r.trigger.start if r.trigger else None, r.trigger.end if r.trigger else None, r.confidence)
         for e in events for r in e.reports])


def _near_duplicates(c: Any, article_id: str | None, limit: int, offset: int) -> list[NearDuplicate]:
    """Read near-duplicate pairs, optionally those of one article, most similar first."""
    where, args = ("WHERE article_a = ? OR article_b = ?", [article_id, article_id]) if article_id else ("", [])
    return [NearDuplicate(a, b, j, k) for a, b, j, k in c.execute(
        f"SELECT article_a, article_b, jaccard, kind FROM near_duplicates {where}"
        " ORDER BY jaccard DESC, article_a, article_b LIMIT ? OFFSET ?", (*args, limit, offset))]


def _stories(c: Any, min_articles: int, limit: int, offset: int) -> list[Story]:
    """Read stories with at least ``min_articles`` articles, latest first."""
    return [Story.from_dict(json.loads(r[0])) for r in c.execute(
        "SELECT record FROM stories WHERE articles >= ? ORDER BY last_date DESC NULLS LAST, articles DESC, id"
        " LIMIT ? OFFSET ?", (min_articles, limit, offset))]


def _story(c: Any, story_id: str) -> Story | None:
    """Read one story."""
    row = c.execute("SELECT record FROM stories WHERE id = ?", (story_id,)).fetchone()
    return Story.from_dict(json.loads(row[0])) if row else None


def _story_of(c: Any, article_id: str) -> str | None:
    """Read the story of an article."""
    row = c.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def _canonical_events(c: Any, story_id: str | None, entity_id: str | None, min_reports: int,
                      limit: int, offset: int) -> list[CanonicalEvent]:
    """Read canonical events, latest first, optionally of one story or involving one entity."""
    where, args = ["reports >= ?"], [min_reports]
    if story_id:
        where.append("story_id = ?")
        args.append(story_id)
    if entity_id:
        where.append("id IN (SELECT canonical_id FROM canonical_event_entities WHERE entity_id = ?)")
        args.append(entity_id)
    return [CanonicalEvent.from_dict(json.loads(r[0])) for r in c.execute(
        f"SELECT record FROM canonical_events WHERE {' AND '.join(where)}"
        " ORDER BY date_value DESC NULLS LAST, reports DESC, id LIMIT ? OFFSET ?", (*args, limit, offset))]


def _canonical_of(c: Any, article_id: str) -> dict[int, str]:
    """Read event seq -> canonical event id for one article's events."""
    return {int(s): cid for s, cid in c.execute(
        "SELECT seq, canonical_id FROM event_reports WHERE article_id = ? ORDER BY seq", (article_id,))}


def _counts(c: Any) -> dict[str, int]:
    """Count what the cross-document steps stored."""
    one = lambda sql: int(c.execute(sql).fetchone()[0])  # noqa: E731
    return {"near_duplicate_pairs": one("SELECT count(*) FROM near_duplicates"),
            "duplicate_groups": one("SELECT count(DISTINCT representative) FROM duplicate_groups"),
            "stories": one("SELECT count(*) FROM stories"),
            "multi_article_stories": one("SELECT count(*) FROM stories WHERE articles > 1"),
            "canonical_events": one("SELECT count(*) FROM canonical_events"),
            "event_reports": one("SELECT count(*) FROM event_reports")}


class CrossDocMethods:
    """Store methods for the cross-document steps (mixed into the backends)."""

    def _reading(self, func: Any, *args: Any) -> Any:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def _transaction(self) -> Any:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def iter_crossdoc_inputs(self, *, page: int = 500, with_text: bool = True) -> Iterator[CrossDocInput]:
        """Yield every stored article with its entities and events, in id order, one page per read."""
        after = ""
        while True:
            rows = self._reading(read_inputs_page, after, page, with_text)
            if not rows:
                return
            yield from rows
            after = rows[-1].id

    def get_signatures(self, params: str) -> dict[str, tuple[bytes, str]]:
        """Return stored MinHash signatures made with ``params``: id -> (bytes, fingerprint)."""
        return self._reading(read_signatures, params)

    def put_signatures(self, rows: Sequence[tuple[str, bytes, str]], params: str) -> int:
        """Store ``(article id, signature bytes, fingerprint)`` rows made with ``params``."""
        with self._transaction() as c:
            return write_signatures(c, rows, params)

    def put_near_duplicates(self, pairs: Sequence[NearDuplicate], groups: dict[str, str]) -> None:
        """Replace the near-duplicate pairs and groups (article id -> representative)."""
        with self._transaction() as c:
            write_near_duplicates(c, pairs, groups, _now())

    def put_stories(self, stories: Sequence[Story]) -> None:
        """Replace the stories (and the story of every article)."""
        with self._transaction() as c:
            write_stories(c, stories, _now())

    def put_canonical_events(self, events: Sequence[CanonicalEvent]) -> None:
        """Replace the canonical events with their entities and reports."""
        with self._transaction() as c:
            write_canonical_events(c, events, _now())

    def list_near_duplicates(self, *, article_id: str | None = None, limit: int = 100,
                             offset: int = 0) -> list[NearDuplicate]:
        """List near-duplicate pairs (of one article, if given), most similar first."""
        return self._reading(_near_duplicates, article_id, limit, offset)

    def list_stories(self, *, min_articles: int = 1, limit: int = 50, offset: int = 0) -> list[Story]:
        """List stories with at least ``min_articles`` articles, latest first."""
        return self._reading(_stories, min_articles, limit, offset)

    def get_story(self, story_id: str) -> Story | None:
        """Return a story, None if there is none with this id."""
        return self._reading(_story, story_id)

    def story_of(self, article_id: str) -> str | None:
        """Return the story id of an article, None before ``ghatna stories`` ran."""
        return self._reading(_story_of, article_id)

    def list_canonical_events(self, *, story_id: str | None = None, entity_id: str | None = None,
                              min_reports: int = 1, limit: int = 50, offset: int = 0) -> list[CanonicalEvent]:
        """List canonical events, latest first; of one story or involving one entity (merged ids)."""
        return self._reading(_canonical_events, story_id, entity_id, min_reports, limit, offset)

    def canonical_of(self, article_id: str) -> dict[int, str]:
        """Return the canonical event id of each of an article's events, by event seq."""
        return self._reading(_canonical_of, article_id)

    def crossdoc_counts(self) -> dict[str, int]:
        """Return how many pairs, groups, stories, canonical events and reports are stored."""
        return self._reading(_counts)
