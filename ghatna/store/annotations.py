"""Annotation rows of one article: write them (replacing what was there) and read them back as a record.

Functions here take an open connection inside the caller's transaction, so an article and its
annotations are written together or not at all. SQL stays portable (placeholders aside) for the
PostgreSQL backend.

Every row pointing at an entity keeps the id the linker gave (``linked_*``) and the id it stands for
now; the second differs only while a merge is active (see ``ghatna.store.entities``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, Iterable, Sequence

from ghatna.errors import StoreError
from ghatna.store import summaries
from ghatna.types import (AliasKey, Annotations, DateRef, JsonRecord, LinkedEntity, LinkResult, Mention,
                          QuoteSpan, Span)

#: ``(table, linked id column, current id column)`` of every row that points at an entity
ENTITY_REFS = (
    ("mentions", "linked_id", "entity_id"),
    ("aliases", "linked_id", "entity_id"),
    ("quotes", "linked_speaker", "speaker_id"),
    ("event_entities", "linked_id", "entity_id"),
    ("facts", "subject_linked", "subject_id"),
    ("facts", "object_linked", "object_id"),
)
#: event fields holding entity ids (output.md), each a list of ids or one id
EVENT_ROLES = ("actor", "recipient", "location")
#: how many ids go into one ``IN (...)`` (SQLite's default limit on parameters is 999)
CHUNK = 500


def dumps(value: Any) -> str:
    """Serialise compactly, keeping Devanagari readable in the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def fingerprint(bundle: Annotations) -> str:
    """Return a hash of everything in the bundle (equal bundles, equal fingerprints).

    The records' reprs spell out every field (strings, numbers, tuples, dicts in their order) and
    cost a third of a JSON dump; an unchanged re-ingest is then nearly free.
    """
    return hashlib.sha256(repr(bundle).encode("utf-8")).hexdigest()


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """Yield slices short enough for one ``IN (...)`` list."""
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def marks(n: int) -> str:
    """Return ``?, ?, …`` for n parameters."""
    return ", ".join("?" * n)


def resolve_ids(c: Any, ids: Iterable[str]) -> dict[str, str]:
    """Map each entity id to the id it stands for now, following active merges (unknown ids map to themselves)."""
    out = {i: i for i in ids if i}
    frontier = sorted(set(out.values()))
    for _ in range(64):  # merge chains are short; the bound only guards against a corrupt cycle
        step: dict[str, str] = {}
        for part in chunks(frontier):
            step.update(c.execute(f"SELECT id, merged_into FROM entities WHERE merged_into IS NOT NULL"
                                  f" AND id IN ({marks(len(part))})", tuple(part)).fetchall())
        if not step:
            break
        for orig, cur in out.items():
            if cur in step:
                out[orig] = step[cur]
        frontier = sorted(set(step.values()))
    return out


def _ids_of(value: Any) -> list[str]:
    """Return the entity ids in an event/fact field: a list of ids, one id, or nothing."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def _remap(value: Any, ids: dict[str, str]) -> Any:
    """Replace entity ids in an event/fact field by the ids they stand for now (shape kept)."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [ids.get(v, v) if isinstance(v, str) else v for v in value]
    return value


def _span_of(value: Any) -> tuple[int | None, int | None]:
    """Return ``(start, end)`` of an output.md span object, or Nones."""
    if isinstance(value, dict) and "start" in value and "end" in value:
        return int(value["start"]), int(value["end"])
    return None, None


def _speaker(links: LinkResult, q: QuoteSpan) -> str | None:
    """Return the entity the linker gave the span naming a quote's speaker."""
    return links.entity_at(q.resolved.start, q.resolved.end) if q.resolved else None


# -- writing --------------------------------------------------------------------------------------

def write_annotations(c: Any, bundle: Annotations, now: str, pending: summaries.Summary | None = None) -> bool:
    """Write one article's annotations, replacing earlier ones; return False when they were unchanged.

    The change to the entity summaries is written at once, or added to ``pending`` when given (the
    caller then writes it with ``summaries.write`` before its transaction ends).

    Raises:
        StoreError: E502 when the article is not stored.
    """
    fp = fingerprint(bundle)
    aid = bundle.article_id
    before = c.execute("SELECT fingerprint FROM annotated WHERE article_id = ?", (aid,)).fetchone()
    if before is not None and before[0] == fp:
        return False
    article = c.execute("SELECT published_value FROM articles WHERE id = ?", (aid,)).fetchone()
    if article is None:
        raise StoreError("E502", id=aid)
    seen = article[0]
    old_aliases: set[tuple[str, str, str]] = set()
    touched: set[str] = set()
    was = summaries.collect(c, [aid]) if before is not None else {}
    if before is not None:
        old_aliases = {tuple(r) for r in c.execute(  # type: ignore[misc]
            "SELECT DISTINCT linked_id, text, how FROM mentions WHERE article_id = ? AND linked_id IS NOT NULL",
            (aid,))}
        touched = {r[0] for r in c.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL", (aid,))}
        for table in ("mentions", "quotes", "dates", "events", "facts"):
            c.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))

    links = bundle.links
    _upsert_entities(c, links.entities, now)
    linked = [m.entity_id for m in links.mentions if m.entity_id]
    linked += [s for q in bundle.quotes if (s := _speaker(links, q))]
    for e in bundle.events:
        for role in EVENT_ROLES:
            linked += _ids_of(e.data.get(role))
    for f in bundle.facts:
        linked += _ids_of(f.data.get("subject")) + _ids_of(f.data.get("object"))
    now_id = resolve_ids(c, linked)

    c.executemany(
        "INSERT INTO mentions (article_id, seq, span_start, span_end, text, label, how, confidence, linked_id,"
        " entity_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, i, m.start, m.end, m.text, m.label, m.how, m.confidence, m.entity_id,
          now_id.get(m.entity_id) if m.entity_id else None) for i, m in enumerate(links.mentions)])
    c.executemany(
        "INSERT INTO quotes (article_id, seq, span_start, span_end, text, direct, cue_start, cue_end, cue_text,"
        " speaker_start, speaker_end, speaker_text, resolved_start, resolved_end, resolved_text, linked_speaker,"
        " speaker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, i, q.start, q.end, q.text, int(q.direct), *_span_cols(q.cue), *_span_cols(q.speaker),
          *_span_cols(q.resolved), sp, now_id.get(sp) if sp else None)
         for i, q in enumerate(bundle.quotes) for sp in [_speaker(links, q)]])
    c.executemany(
        "INSERT INTO dates (article_id, seq, span_start, span_end, text, value, granularity, kind, range_end,"
        " record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, i, d.start, d.end, d.text, d.value, d.granularity, d.kind, d.range_end, dumps(d.to_dict()))
         for i, d in enumerate(bundle.dates)])
    for i, e in enumerate(bundle.events):
        _insert_event(c, aid, i, e.data, now_id)
    for i, f in enumerate(bundle.facts):
        _insert_fact(c, aid, i, f.data, now_id)

    keys = {k.text: k for k in bundle.keys}
    counts = Counter((m.entity_id, m.text, m.how) for m in links.mentions if m.entity_id)
    if before is None:
        for (lid, text, how), n in counts.items():
            _add_alias(c, lid, now_id[lid], text, how, keys.get(text), aid, seen, n)  # type: ignore[arg-type]
    else:
        for key in sorted(old_aliases | set(counts)):  # type: ignore[arg-type]
            _recompute_alias(c, *key, keys.get(key[1]), now_id)
    touched |= {now_id[m.entity_id] for m in links.mentions if m.entity_id}
    refresh_seen(c, touched)
    change = summaries.diff(was, summaries.collect(c, [aid]))
    if pending is None:
        summaries.write(c, change)
    else:
        summaries.add_into(pending, change)
    c.execute("INSERT INTO annotated (article_id, fingerprint, stages, annotated_at) VALUES (?, ?, ?, ?)"
              " ON CONFLICT (article_id) DO UPDATE SET fingerprint = excluded.fingerprint,"
              " stages = excluded.stages, annotated_at = excluded.annotated_at",
              (aid, fp, dumps(list(bundle.stages)), now))
    return True


def _span_cols(span: Span | None) -> tuple[Any, Any, Any]:
    """Return ``(start, end, text)`` of an optional span."""
    return (span.start, span.end, span.text) if span is not None else (None, None, None)


def _upsert_entities(c: Any, entities: Sequence[LinkedEntity], now: str) -> None:
    """Insert the article's entities; a KB entity takes the KB's current names, a NIL one keeps its first.

    Rows are only updated when a value changes (a new KB version), so that triggers watching entity
    names fire for real changes; and no upsert clause is used, because SQLite lets an outer conflict
    clause override the ``OR IGNORE`` of statements inside such triggers.
    """
    c.executemany("INSERT INTO entities (id, type, name_en, name_hi, qid, nil, created_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                  [(e.id, e.type, e.name_en, e.name_hi, e.qid, int(e.nil), now) for e in entities])
    known = [(e.type, e.name_en, e.name_hi, e.qid, e.id, e.type, e.name_en, e.name_hi, e.qid)
             for e in entities if not e.nil]
    c.executemany("UPDATE entities SET type = ?, name_en = ?, name_hi = ?, qid = ? WHERE id = ? AND nil = 0"
                  " AND (type IS DISTINCT FROM ? OR name_en IS DISTINCT FROM ? OR name_hi IS DISTINCT FROM ?"
                  " OR qid IS DISTINCT FROM ?)", known)
    # a NIL entity keeps the names of its first article; a name it lacked may come later
    unknown = [(e.name_en, e.name_hi, e.id, int(e.name_en is not None), int(e.name_hi is not None))
               for e in entities if e.nil and (e.name_en is not None or e.name_hi is not None)]
    c.executemany("UPDATE entities SET name_en = COALESCE(name_en, ?), name_hi = COALESCE(name_hi, ?)"
                  " WHERE id = ? AND nil = 1 AND ((name_en IS NULL AND ? = 1) OR (name_hi IS NULL AND ? = 1))",
                  unknown)


def _insert_event(c: Any, aid: str, seq: int, data: dict[str, Any], now_id: dict[str, str]) -> None:
    """Insert one event (its JSON object plus query columns) and its actor/recipient/location rows."""
    date = data.get("date") if isinstance(data.get("date"), dict) else {}
    mode = data.get("mode")
    if isinstance(mode, (list, tuple)):
        mode = ",".join(str(x) for x in mode) or None
    trig, evid = _span_of(data.get("trigger")), _span_of(data.get("evidence"))
    cur = c.execute(
        "INSERT INTO events (article_id, seq, event_type, mode, status, date_value, date_granularity, date_kind,"
        " trigger_start, trigger_end, evidence_start, evidence_end, confidence, record)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (aid, seq, str(data.get("event_type") or ""), mode, data.get("status"), date.get("value"),
         date.get("granularity"), date.get("kind"), *trig, *evid, data.get("confidence"), dumps(data)))
    event_id = cur.lastrowid
    rows = [(event_id, role, i, lid, now_id.get(lid, lid))
            for role in EVENT_ROLES for i, lid in enumerate(_ids_of(data.get(role)))]
    c.executemany("INSERT INTO event_entities (event_id, role, seq, linked_id, entity_id) VALUES (?, ?, ?, ?, ?)",
                  rows)


def _insert_fact(c: Any, aid: str, seq: int, data: dict[str, Any], now_id: dict[str, str]) -> None:
    """Insert one fact: its JSON object plus subject, predicate, object, value and validity columns."""
    subj = next(iter(_ids_of(data.get("subject"))), None)
    obj = next(iter(_ids_of(data.get("object"))), None)
    value = data.get("value")
    number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    evid = _span_of(data.get("evidence"))
    c.execute(
        "INSERT INTO facts (article_id, seq, predicate, subject_linked, subject_id, object_linked, object_id,"
        " value_num, value_text, unit, valid_from, valid_to, evidence_start, evidence_end, record)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (aid, seq, str(data.get("predicate") or ""), subj, now_id.get(subj) if subj else None, obj,
         now_id.get(obj) if obj else None, number, None if value is None or number is not None else dumps(value),
         data.get("unit"), _text(data.get("valid_from")), _text(data.get("valid_to")), *evid, dumps(data)))


def _text(value: Any) -> str | None:
    """Return a scalar as text (years may come as numbers), None as None."""
    return None if value is None else str(value)


# -- alias summaries ------------------------------------------------------------------------------

def _first_key(seen: str | None, article: str) -> tuple[bool, str, str]:
    """Sort key of a sighting for 'first seen': dated before undated, then by date, then article id."""
    return (seen is None, seen or "", article)


def _last_key(seen: str | None, article: str) -> tuple[bool, str, str]:
    """Sort key of a sighting for 'last seen': the largest dated one wins over undated ones."""
    return (seen is not None, seen or "", article)


def _add_alias(c: Any, linked: str, current: str, text: str, how: str, key: AliasKey | None,
               article: str, seen: str | None, n: int) -> None:
    """Count one more article's mentions of an alias (the common case: a new article)."""
    row = c.execute("SELECT id, mentions, articles, first_seen, first_article, last_seen, last_article"
                    " FROM aliases WHERE linked_id = ? AND text = ? AND how = ?", (linked, text, how)).fetchone()
    if row is None:
        ortho, phon, script = _keys(text, key)
        c.execute("INSERT INTO aliases (linked_id, entity_id, text, how, ortho, phon, script, mentions, articles,"
                  " first_seen, first_article, last_seen, last_article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                  (linked, current, text, how, ortho, phon, script, n, seen, article, seen, article))
        return
    rid, mentions, articles, fs, fa, ls, la = row
    if _first_key(seen, article) < _first_key(fs, fa):
        fs, fa = seen, article
    if _last_key(seen, article) > _last_key(ls, la):
        ls, la = seen, article
    c.execute("UPDATE aliases SET mentions = ?, articles = ?, first_seen = ?, first_article = ?, last_seen = ?,"
              " last_article = ? WHERE id = ?", (mentions + n, articles + 1, fs, fa, ls, la, rid))


def _recompute_alias(c: Any, linked: str, text: str, how: str, key: AliasKey | None,
                     now_id: dict[str, str]) -> None:
    """Recount an alias from its mentions (after an article's annotations were replaced); drop it at zero."""
    rows = c.execute(
        "SELECT m.article_id, a.published_value, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.linked_id = ? AND m.text = ? AND m.how = ? GROUP BY m.article_id, a.published_value",
        (linked, text, how)).fetchall()
    exists = c.execute("SELECT id FROM aliases WHERE linked_id = ? AND text = ? AND how = ?",
                       (linked, text, how)).fetchone()
    if not rows:
        if exists:
            c.execute("DELETE FROM aliases WHERE id = ?", (exists[0],))
        return
    first = min(rows, key=lambda r: _first_key(r[1], r[0]))
    last = max(rows, key=lambda r: _last_key(r[1], r[0]))
    values = (sum(r[2] for r in rows), len(rows), first[1], first[0], last[1], last[0])
    if exists:
        c.execute("UPDATE aliases SET mentions = ?, articles = ?, first_seen = ?, first_article = ?, last_seen = ?,"
                  " last_article = ? WHERE id = ?", (*values, exists[0]))
    else:
        current = now_id.get(linked) or resolve_ids(c, [linked])[linked]
        c.execute("INSERT INTO aliases (linked_id, entity_id, text, how, ortho, phon, script, mentions, articles,"
                  " first_seen, first_article, last_seen, last_article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (linked, current, text, how, *_keys(text, key), *values))


def _keys(text: str, key: AliasKey | None) -> tuple[str, str, str]:
    """Return ``(ortho, phon, script)`` of an alias; without keys from the caller, the text itself."""
    if key is not None:
        return key.ortho, key.phon, key.script
    script = "Deva" if any("\u0900" <= ch <= "\u097f" for ch in text) else "Latn"
    return text.lower(), text.lower(), script


def refresh_seen(c: Any, entity_ids: Iterable[str]) -> None:
    """Recompute entities' first/last seen from the aliases that point at them now."""
    ids = sorted(set(entity_ids))
    for part in chunks(ids):
        c.execute("UPDATE entities SET"
                  " first_seen = (SELECT min(a.first_seen) FROM aliases a WHERE a.entity_id = entities.id),"
                  " last_seen = (SELECT max(a.last_seen) FROM aliases a WHERE a.entity_id = entities.id)"
                  f" WHERE id IN ({marks(len(part))})", tuple(part))


# -- reading --------------------------------------------------------------------------------------

def read_annotations(c: Any, article_id: str) -> Annotations | None:
    """Return an article's annotations with entity ids as they stand now, or None if never annotated."""
    row = c.execute("SELECT stages FROM annotated WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    mrows = c.execute("SELECT span_start, span_end, text, label, confidence, how, entity_id, linked_id FROM mentions"
                      " WHERE article_id = ? ORDER BY seq", (article_id,)).fetchall()
    mentions = tuple(Mention(s, e, t, lab, conf, how, eid) for s, e, t, lab, conf, how, eid, _ in mrows)
    links = LinkResult(mentions, _entities(c, mentions))
    keys = _read_keys(c, mrows)
    quotes = tuple(
        QuoteSpan(s, e, t, bool(d), _span(cs, ce, ct), _span(ss, se, st), _span(rs, re_, rt))
        for s, e, t, d, cs, ce, ct, ss, se, st, rs, re_, rt in c.execute(
            "SELECT span_start, span_end, text, direct, cue_start, cue_end, cue_text, speaker_start, speaker_end,"
            " speaker_text, resolved_start, resolved_end, resolved_text FROM quotes WHERE article_id = ?"
            " ORDER BY seq", (article_id,)))
    dates = tuple(DateRef.from_dict(json.loads(r[0])) for r in c.execute(
        "SELECT record FROM dates WHERE article_id = ? ORDER BY seq", (article_id,)))
    events = []
    for event_id, record in c.execute("SELECT id, record FROM events WHERE article_id = ? ORDER BY seq",
                                      (article_id,)).fetchall():
        ids = dict(c.execute("SELECT linked_id, entity_id FROM event_entities WHERE event_id = ?", (event_id,)))
        data = json.loads(record)
        for role in EVENT_ROLES:
            if role in data:
                data[role] = _remap(data[role], ids)
        events.append(JsonRecord(data))
    facts = []
    for record, sl, si, ol, oi in c.execute(
            "SELECT record, subject_linked, subject_id, object_linked, object_id FROM facts WHERE article_id = ?"
            " ORDER BY seq", (article_id,)).fetchall():
        data = json.loads(record)
        ids = {k: v for k, v in ((sl, si), (ol, oi)) if k and v}
        for role in ("subject", "object"):
            if role in data:
                data[role] = _remap(data[role], ids)
        facts.append(JsonRecord(data))
    return Annotations(article_id, links, dates, quotes, tuple(events), tuple(facts), keys,
                       tuple(json.loads(row[0])))


def _span(start: int | None, end: int | None, text: str | None) -> Span | None:
    """Rebuild an optional span from its three columns."""
    return None if start is None or end is None or text is None else Span(start, end, text)


def _entities(c: Any, mentions: Sequence[Mention]) -> tuple[LinkedEntity, ...]:
    """Group linked mentions by the entity they stand for, in order of first mention."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.entity_id:
            groups.setdefault(m.entity_id, []).append(m)
    info: dict[str, tuple[Any, ...]] = {}
    ids = list(groups)
    for part in chunks(ids):
        for r in c.execute(f"SELECT id, qid, type, name_en, name_hi, nil FROM entities"
                           f" WHERE id IN ({marks(len(part))})", tuple(part)):
            info[r[0]] = r
    out = []
    for eid, ms in groups.items():
        _, qid, typ, en, hi, nil = info.get(eid, (eid, None, "MISC", None, None, 0))
        out.append(LinkedEntity(eid, qid, typ, en, hi, tuple(ms), bool(nil)))
    return tuple(out)


def _read_keys(c: Any, mrows: Sequence[tuple[Any, ...]]) -> tuple[AliasKey, ...]:
    """Return the match keys of the article's linked surface forms, in order of first mention."""
    out: dict[str, AliasKey] = {}
    for _s, _e, text, _lab, _conf, how, _eid, linked in mrows:
        if linked is None or text in out:
            continue
        r = c.execute("SELECT ortho, phon, script FROM aliases WHERE linked_id = ? AND text = ? AND how = ?",
                      (linked, text, how)).fetchone()
        if r is not None:
            out[text] = AliasKey(text, r[0], r[1], r[2])
    return tuple(out.values())
