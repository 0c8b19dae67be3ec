"""Read queries behind the API and the web UI: events, quotes, facts, timelines, dyads, related entities.

Portable SQL (``?`` placeholders; the PostgreSQL backend translates them), run on an open
connection inside the caller's read transaction. Entity ids in the results are the ids the rows
stand for now (after merges). Events without a date of their own are placed at their article's
date (``when``), which is what timelines and date filters use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

#: roles an entity can play in an event (``event_entities.role``)
ROLES = ("actor", "recipient", "location")
#: how a period is cut from an ISO date: month ``YYYY-MM`` or year ``YYYY``
PERIOD_CHARS = {"day": 10, "month": 7, "year": 4}

_WHEN = "COALESCE(e.date_value, a.published_value)"


def _marks(n: int) -> str:
    """Return ``?, ?, …`` for n parameters."""
    return ", ".join("?" * n)


def _span(start: Any, end: Any, stored: Any) -> dict[str, Any] | None:
    """Return an output.md span object (its text from the stored object), or None when the span is unknown."""
    if start is None or end is None:
        return None
    text = stored.get("text") if isinstance(stored, dict) else None
    return {"start": int(start), "end": int(end), "text": text}


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events: every field narrows (``involving``: all these entities take part as actor/recipient)."""

    event_type: tuple[str, ...] = ()
    actor: str | None = None
    recipient: str | None = None
    entity: str | None = None  # any role
    country: str | None = None  # actor, recipient or location
    involving: tuple[str, ...] = ()
    status: str | None = None
    mode: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    article_id: str | None = None
    after_id: int | None = None  # keyset paging in id order (exports)


@dataclass(frozen=True, slots=True)
class EventRow:
    """A stored event with its article, its entities as they stand now, and its contract object."""

    id: int
    article_id: str
    seq: int
    event_type: str
    mode: str | None
    status: str | None
    date: str | None
    date_granularity: str | None
    date_kind: str | None
    when: str | None
    confidence: float | None
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    location: str | None
    trigger: dict[str, Any] | None
    evidence: dict[str, Any] | None
    article_title: str | None
    publisher: str | None
    published: str | None
    record: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        out = {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]
        out["actor"], out["recipient"] = list(self.actor), list(self.recipient)
        return out


def _event_where(f: EventFilter) -> tuple[list[str], list[Any]]:
    """Return the WHERE conditions and arguments of an event filter (events ``e`` joined to articles ``a``)."""
    where: list[str] = []
    args: list[Any] = []
    if f.event_type:
        where.append(f"e.event_type IN ({_marks(len(f.event_type))})")
        args += list(f.event_type)
    # uncorrelated IN (…) lists: SQLite computes each once from the entity index (a correlated
    # EXISTS would scan an entity's rows once per event)
    for role, value in (("actor", f.actor), ("recipient", f.recipient)):
        if value:
            where.append("e.id IN (SELECT event_id FROM event_entities WHERE entity_id = ? AND role = ?)")
            args += [value, role]
    if f.entity:
        where.append("e.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)")
        args.append(f.entity)
    if f.country:
        where.append("e.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?"
                     " AND role IN ('actor', 'recipient', 'location'))")
        args.append(f.country)
    for eid in f.involving:
        where.append("e.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?"
                     " AND role IN ('actor', 'recipient'))")
        args.append(eid)
    for col, value in (("e.status", f.status), ("e.mode", f.mode), ("e.article_id", f.article_id)):
        if value:
            where.append(f"{col} = ?")
            args.append(value)
    if f.date_from:
        where.append(f"{_WHEN} >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append(f"{_WHEN} <= ?")
        args.append(f.date_to + "~")  # '~' sorts after digits and '-'
    if f.after_id is not None:
        where.append("e.id > ?")
        args.append(f.after_id)
    return where, args


_EVENT_COLS = ("e.id, e.article_id, e.seq, e.event_type, e.mode, e.status, e.date_value, e.date_granularity,"
               f" e.date_kind, {_WHEN}, e.confidence, e.trigger_start, e.trigger_end, e.evidence_start,"
               " e.evidence_end, e.record, a.title, a.publisher, a.published_value")


def _entity_only(f: EventFilter) -> bool:
    """Tell whether a filter asks only for one entity's events (in any role), maybe within dates."""
    return bool(f.entity) and f == EventFilter(entity=f.entity, date_from=f.date_from, date_to=f.date_to)


def _entity_events(c: Any, f: EventFilter, limit: int, offset: int, count: bool) -> tuple[int, list[EventRow]]:
    """Return one entity's events newest first from ``entity_events`` (its key walked backwards)."""
    where, args = ["entity_id = ?"], [f.entity]
    if f.date_from or f.date_to:
        where.append("happened <> ''")  # undated events are outside any date range
    if f.date_from:
        where.append("happened >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("happened <= ?")
        args.append(f.date_to + "~")
    cond = " WHERE " + " AND ".join(where)
    if not count:
        total = -1
    elif len(where) == 1:  # the whole count is kept at write time
        row = c.execute("SELECT events FROM entity_stats WHERE entity_id = ?", (f.entity,)).fetchone()
        total = int(row[0]) if row else 0
    else:
        total = int(c.execute("SELECT count(*) FROM entity_events" + cond, args).fetchone()[0])
    rows = c.execute(
        f"SELECT {_EVENT_COLS} FROM (SELECT event_id, happened FROM entity_events{cond}"
        " ORDER BY happened DESC, event_id DESC LIMIT ? OFFSET ?) x"
        " JOIN events e ON e.id = x.event_id JOIN articles a ON a.id = e.article_id"
        " ORDER BY x.happened DESC, x.event_id DESC", (*args, limit, offset)).fetchall()
    return int(total), _event_rows(c, rows)


def list_events(c: Any, f: EventFilter, limit: int, offset: int, *, count: bool = True) -> tuple[int, list[EventRow]]:
    """Return ``(total, events)``: newest first, or in id order when paging by ``after_id``."""
    if _entity_only(f):
        return _entity_events(c, f, limit, offset, count)
    where, args = _event_where(f)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    base = " FROM events e JOIN articles a ON a.id = e.article_id" + cond
    total = c.execute("SELECT count(*)" + base, args).fetchone()[0] if count else -1
    order = " ORDER BY e.id" if f.after_id is not None else f" ORDER BY {_WHEN} DESC NULLS LAST, e.id DESC"
    rows = c.execute(f"SELECT {_EVENT_COLS}" + base + order + " LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()
    return total, _event_rows(c, rows)


def _event_rows(c: Any, rows: Sequence[Sequence[Any]]) -> list[EventRow]:
    """Build EventRows, loading their entities (as they stand now) in one query."""
    ids = [r[0] for r in rows]
    roles: dict[int, dict[str, list[tuple[int, str, str]]]] = {i: {r: [] for r in ROLES} for i in ids}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for event_id, role, seq, linked, current in c.execute(
                f"SELECT event_id, role, seq, linked_id, entity_id FROM event_entities WHERE event_id IN ({_marks(len(part))})",
                part):
            roles[event_id].setdefault(role, []).append((seq, linked, current))
    out = []
    for (eid, aid, seq, etype, mode, status, dv, dg, dk, when, conf, ts, te, vs, ve, record, title, pub,
         published) in rows:
        data = json.loads(record)
        parts = {role: [cur for _, _, cur in sorted(v)] for role, v in roles[eid].items()}
        remap = {linked: cur for v in roles[eid].values() for _, linked, cur in v}
        for role in ROLES:
            value = data.get(role)
            if isinstance(value, str):
                data[role] = remap.get(value, value)
            elif isinstance(value, list):
                data[role] = [remap.get(v, v) if isinstance(v, str) else v for v in value]
        location = parts.get("location") or []
        out.append(EventRow(
            int(eid), aid, int(seq), etype, mode, status, dv, dg, dk, when, conf,
            tuple(parts.get("actor", ())), tuple(parts.get("recipient", ())), location[0] if location else None,
            _span(ts, te, data.get("trigger")), _span(vs, ve, data.get("evidence")), title, pub, published, data))
    return out


def get_event(c: Any, event_id: int) -> EventRow | None:
    """Return one event by its store id, or None."""
    rows = c.execute(f"SELECT {_EVENT_COLS} FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?",
                     (event_id,)).fetchall()
    found = _event_rows(c, rows)
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A stored quotation with its speaker (as the entity stands now) and its article."""

    id: int
    article_id: str
    seq: int
    start: int
    end: int
    text: str
    direct: bool
    cue: dict[str, Any] | None
    speaker: str | None
    speaker_text: str | None
    article_title: str | None
    publisher: str | None
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


def list_quotes(c: Any, speaker: str | None, article_id: str | None, date_from: str | None, date_to: str | None,
                limit: int, offset: int, after_id: int | None = None) -> tuple[int, list[QuoteRow]]:
    """Return ``(total, quotes)`` newest article first (id order when paging by ``after_id``)."""
    where, args = [], []
    for col, value in (("q.speaker_id", speaker), ("q.article_id", article_id)):
        if value:
            where.append(f"{col} = ?")
            args.append(value)
    if date_from:
        where.append("a.published_value >= ?")
        args.append(date_from)
    if date_to:
        where.append("a.published_value <= ?")
        args.append(date_to + "~")
    if after_id is not None:
        where.append("q.id > ?")
        args.append(after_id)
    cols = ("SELECT q.id, q.article_id, q.seq, q.span_start, q.span_end, q.text, q.direct, q.cue_start, q.cue_end,"
            " q.cue_text, q.speaker_id, COALESCE(q.resolved_text, q.speaker_text), a.title, a.publisher,"
            " a.published_value")
    if speaker and not article_id and after_id is None:
        total, rows = _speaker_quotes(c, cols, speaker, date_from, date_to, limit, offset)
    else:
        base = " FROM quotes q JOIN articles a ON a.id = q.article_id" + (" WHERE " + " AND ".join(where) if where else "")
        total = c.execute("SELECT count(*)" + base, args).fetchone()[0]
        order = " ORDER BY q.id" if after_id is not None else " ORDER BY a.published_value DESC NULLS LAST, q.article_id, q.seq"
        rows = c.execute(cols + base + order + " LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()
    return total, [QuoteRow(int(i), aid, int(seq), int(s), int(e), t, bool(d),
                            None if cs is None else {"start": cs, "end": ce, "text": ct}, sp, spt, title, pub, published)
                   for i, aid, seq, s, e, t, d, cs, ce, ct, sp, spt, title, pub, published in rows]


def _speaker_quotes(c: Any, cols: str, speaker: str, date_from: str | None, date_to: str | None, limit: int,
                    offset: int) -> tuple[int, list[Any]]:
    """Return ``(total, rows)`` of a speaker's quotations from ``entity_quotes`` (its key walked backwards)."""
    where, args = ["entity_id = ?"], [speaker]
    if date_from:
        where.append("published >= ?")
        args.append(date_from)
    if date_to:
        where.append("published <= ? AND published <> ''")
        args.append(date_to + "~")
    cond = " WHERE " + " AND ".join(where)
    if len(where) == 1:  # the whole count is kept at write time
        row = c.execute("SELECT quotes FROM entity_stats WHERE entity_id = ?", (speaker,)).fetchone()
        total = int(row[0]) if row else 0
    else:
        total = int(c.execute("SELECT count(*) FROM entity_quotes" + cond, args).fetchone()[0])
    rows = c.execute(cols + " FROM (SELECT published, article_id, seq FROM entity_quotes" + cond
                     + " ORDER BY published DESC, article_id DESC, seq LIMIT ? OFFSET ?) s"
                     " JOIN quotes q ON q.article_id = s.article_id AND q.seq = s.seq"
                     " JOIN articles a ON a.id = q.article_id ORDER BY s.published DESC, s.article_id DESC, s.seq",
                     (*args, limit, offset)).fetchall()
    return total, rows


@dataclass(frozen=True, slots=True)
class FactRow:
    """A stored fact: subject, predicate, object or value, validity, evidence, and its contract object."""

    id: int
    article_id: str
    seq: int
    predicate: str
    subject: str | None
    object: str | None
    value: Any
    unit: str | None
    valid_from: str | None
    valid_to: str | None
    evidence: dict[str, Any] | None
    published: str | None
    record: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


def list_facts(c: Any, subject: str | None, predicate: str | None, object_: str | None, article_id: str | None,
               limit: int, offset: int, after_id: int | None = None) -> tuple[int, list[FactRow]]:
    """Return ``(total, facts)``, newest article first (id order when paging by ``after_id``)."""
    where, args = [], []
    for col, value in (("f.subject_id", subject), ("f.predicate", predicate), ("f.object_id", object_),
                       ("f.article_id", article_id)):
        if value:
            where.append(f"{col} = ?")
            args.append(value)
    if after_id is not None:
        where.append("f.id > ?")
        args.append(after_id)
    base = " FROM facts f JOIN articles a ON a.id = f.article_id" + (" WHERE " + " AND ".join(where) if where else "")
    total = c.execute("SELECT count(*)" + base, args).fetchone()[0]
    order = " ORDER BY f.id" if after_id is not None else " ORDER BY a.published_value DESC NULLS LAST, f.article_id, f.seq"
    rows = c.execute("SELECT f.id, f.article_id, f.seq, f.predicate, f.subject_id, f.object_id, f.value_num,"
                     " f.value_text, f.unit, f.valid_from, f.valid_to, f.evidence_start, f.evidence_end,"
                     " a.published_value, f.record, f.subject_linked, f.object_linked"
                     + base + order + " LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()
    out = []
    for (i, aid, seq, pred, subj, obj, num, vtext, unit, vf, vt, es, ee, published, record, sl, ol) in rows:
        data = json.loads(record)
        for role, linked, cur in (("subject", sl, subj), ("object", ol, obj)):
            if linked and cur and data.get(role) == linked:
                data[role] = cur
        value = num if num is not None else (json.loads(vtext) if vtext is not None else None)
        out.append(FactRow(int(i), aid, int(seq), pred, subj, obj, value, unit, vf, vt, _span(es, ee, data.get("evidence")),
                           published, data))
    return total, out


# -- entity views ---------------------------------------------------------------------------------

def entity_roles(c: Any, entity_id: str) -> dict[str, Any]:
    """Return what an entity is: its role names (how='role' aliases), event roles by type, and its facts' predicates."""
    names = [{"text": t, "mentions": n} for t, n in c.execute(
        "SELECT text, sum(mentions) FROM aliases WHERE entity_id = ? AND how = 'role' GROUP BY text"
        " ORDER BY sum(mentions) DESC, text", (entity_id,))]
    in_events: dict[str, dict[str, int]] = {}
    for role, etype, n in c.execute(
            "SELECT role, event_type, sum(events) FROM entity_event_counts WHERE entity_id = ? AND role <> 'any'"
            " GROUP BY role, event_type ORDER BY role, event_type", (entity_id,)):
        in_events.setdefault(role, {})[etype] = int(n)
    return {"names": names, "events": in_events}


def related_entities(c: Any, entity_id: str, limit: int, offset: int = 0) -> list[tuple[str, int]]:
    """Return ``(entity id, articles together)`` of the entities most often mentioned with this one.

    Read from the co-occurrence counts kept at write time (``entity_pairs``, over all articles): an
    entity has at most one row per other entity, so the cost does not grow with its articles.
    """
    rows = c.execute("SELECT other_id, articles FROM entity_pairs WHERE entity_id = ?"
                     " ORDER BY articles DESC, other_id LIMIT ? OFFSET ?", (entity_id, limit, offset)).fetchall()
    return [(eid, int(n)) for eid, n in rows]


def _summary_dates(f: EventFilter, granularity: str) -> bool:
    """Tell whether month summaries answer buckets exactly: month or year periods, bounds of at most a month.

    A bound ``YYYY`` or ``YYYY-MM`` compares with a date as it compares with the date's month.
    """
    return granularity != "day" and all(d is None or len(d) <= 7 for d in (f.date_from, f.date_to))


def event_buckets(c: Any, f: EventFilter, granularity: str) -> list[tuple[str, str, int]]:
    """Return ``(period, event type, count)`` of the events a filter selects, oldest period first (undated left out)."""
    width = PERIOD_CHARS[granularity]
    if _entity_only(f) and _summary_dates(f, granularity):
        where, args = ["entity_id = ?", "role = 'any'", "period <> ''"], [f.entity]
        if f.date_from:
            where.append("period >= ?")
            args.append(f.date_from)
        if f.date_to:
            where.append("period <= ?")
            args.append(f.date_to + "~")
        rows = c.execute(f"SELECT substr(period, 1, {width}) AS p, event_type, sum(events) FROM entity_event_counts"
                         " WHERE " + " AND ".join(where) + " GROUP BY p, event_type ORDER BY p, event_type",
                         args).fetchall()
        return [(p, t, int(n)) for p, t, n in rows]
    if _entity_only(f):  # days, or bounds inside a month: the entity's dated events, from their summary rows
        where, args = ["x.entity_id = ?", "x.happened <> ''"], [f.entity]
        if f.date_from:
            where.append("x.happened >= ?")
            args.append(f.date_from)
        if f.date_to:
            where.append("x.happened <= ?")
            args.append(f.date_to + "~")
        rows = c.execute(f"SELECT substr(x.happened, 1, {width}) AS p, e.event_type, count(*) FROM entity_events x"
                         " JOIN events e ON e.id = x.event_id WHERE " + " AND ".join(where)
                         + " GROUP BY p, e.event_type ORDER BY p, e.event_type", args).fetchall()
        return [(p, t, int(n)) for p, t, n in rows]
    where, args = _event_where(f)
    where.append(f"{_WHEN} IS NOT NULL")
    rows = c.execute(
        f"SELECT substr({_WHEN}, 1, {width}) AS period, e.event_type, count(*) FROM events e"
        " JOIN articles a ON a.id = e.article_id WHERE " + " AND ".join(where)
        + " GROUP BY period, e.event_type ORDER BY period, e.event_type", args).fetchall()
    return [(p, t, int(n)) for p, t, n in rows]


def mention_buckets(c: Any, entity_ids: Sequence[str], granularity: str) -> list[tuple[str, int]]:
    """Return ``(period, articles)``: articles mentioning all the given entities, per period of their date."""
    width = PERIOD_CHARS[granularity]
    if len(entity_ids) == 1 and granularity != "day":
        rows = c.execute(f"SELECT substr(period, 1, {width}) AS p, sum(articles) FROM entity_months"
                         " WHERE entity_id = ? GROUP BY p ORDER BY p", tuple(entity_ids)).fetchall()
        return [(p, int(n)) for p, n in rows]
    cond = " AND ".join("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)" for _ in entity_ids)
    rows = c.execute(f"SELECT substr(a.published_value, 1, {width}) AS period, count(*) FROM articles a"
                     f" WHERE a.published_value IS NOT NULL AND {cond} GROUP BY period ORDER BY period",
                     tuple(entity_ids)).fetchall() if entity_ids else []
    return [(p, int(n)) for p, n in rows]


def article_ids_with_all(c: Any, entity_ids: Sequence[str], limit: int, offset: int) -> tuple[int, list[tuple[str, ...]]]:
    """Return ``(total, [(id, title, publisher, published)])`` of articles mentioning every entity, newest first."""
    cond = " AND ".join("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)" for _ in entity_ids)
    total = c.execute(f"SELECT count(*) FROM articles a WHERE {cond}", tuple(entity_ids)).fetchone()[0]
    rows = c.execute(f"SELECT a.id, a.title, a.publisher, a.published_value FROM articles a WHERE {cond}"
                     " ORDER BY a.published_value DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
                     (*entity_ids, limit, offset)).fetchall()
    return int(total), [tuple(r) for r in rows]


def count_entities(c: Any, type_: str | None, nil: bool | None) -> int:
    """Return how many entities stand for themselves, optionally of one type / NIL or not."""
    where, args = ["merged_into IS NULL"], []
    if type_ is not None:
        where.append("type = ?")
        args.append(type_)
    if nil is not None:
        where.append("nil = ?")
        args.append(int(nil))
    return int(c.execute("SELECT count(*) FROM entities WHERE " + " AND ".join(where), args).fetchone()[0])


def facets(c: Any) -> dict[str, list[tuple[str, int]]]:
    """Return the values filters can take, with counts: publishers, event types, statuses."""
    return {
        "publishers": [(p, int(n)) for p, n in c.execute(
            "SELECT publisher, count(*) FROM articles WHERE publisher IS NOT NULL GROUP BY publisher"
            " ORDER BY count(*) DESC, publisher LIMIT 200")],
        "event_types": [(t, int(n)) for t, n in c.execute(
            "SELECT event_type, count(*) FROM events GROUP BY event_type ORDER BY event_type")],
        "statuses": [(s, int(n)) for s, n in c.execute(
            "SELECT status, count(*) FROM events WHERE status IS NOT NULL GROUP BY status ORDER BY status")],
    }


def article_pages(c: Any, after: str | None, limit: int) -> list[str]:
    """Return article ids after ``after`` in id order (keyset paging for exports)."""
    if after is None:
        return [r[0] for r in c.execute("SELECT id FROM articles ORDER BY id LIMIT ?", (limit,))]
    return [r[0] for r in c.execute("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (after, limit))]
