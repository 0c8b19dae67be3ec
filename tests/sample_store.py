"""A store holding the two shared samples with hand-made annotations (from samples/expected), for API and UI tests.

The annotations are built from ``samples/expected/*.json`` by locating each listed surface form in
the article text, so these tests do not depend on the NER model or the event extractor; an
``evil`` article carries markup and script payloads for the security tests.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from ghatna.config import Settings
from ghatna.extract.dates import article_dates
from ghatna.indexing import index_pending
from ghatna.ingest.article import build_article
from ghatna.store import Store
from ghatna.types import (AliasKey, Annotations, JsonRecord, LinkedEntity, LinkResult, Mention, QuoteSpan, RawRecord,
                          SourceRef, Span)

SAMPLES = ("000_cb69fbd326acacde", "002_5b730da54bd7f90e")
#: words that name each kind of event in the samples (where the event is said to happen)
TRIGGERS = {"phone": ("फ़ोन पर बातचीत", "फोन पर बातचीत", "बातचीत"), "visit": ("पहुंचे", "यात्रा"),
            "multilateral": ("बैठक", "शिखर"), None: ("बैठक", "मुलाकात", "बधाई", "समर्थन")}
EVIL_TEXT = ('टोकायेव ने कहा <script>alert("x")</script> और <img src=x onerror=alert(1)> '
             'फिर <a href="javascript:alert(2)">यहाँ</a> देखें। "\' OR 1=1 --')


def entity_id(entity: dict) -> str:
    """The id a hand-made entity gets: its QID, or a local id from its English name."""
    return entity.get("qid") or "ghatna:" + re.sub(r"[^a-z0-9]+", "-", entity["name_en"].lower()).strip("-")


def _find_all(text: str, surface: str) -> list[int]:
    """Return the start of every occurrence of ``surface`` in ``text``."""
    return [m.start() for m in re.finditer(re.escape(surface), text)]


def _sentence(text: str, start: int, end: int) -> Span:
    """Return the sentence (danda, ?, ! or line) around a span."""
    left = max(text.rfind(c, 0, start) for c in "।?!\n") + 1
    rights = [i for i in (text.find(c, end) for c in "।?!\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and text[left].isspace():
        left += 1
    return Span(left, right, text[left:right])


def annotate(article_id: str, text: str, expected: dict) -> Annotations:
    """Build the annotations of one sample from its expected JSON."""
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    info = {}
    forms = []
    for ent in expected["entities"]:
        eid = entity_id(ent)
        info[eid] = ent
        forms += [(s, eid, ent["type"], "gazetteer") for s in ent.get("mentions", [])]
        forms += [(s, eid, ent["type"], "role") for s in ent.get("role_mentions", [])]
    for surface, eid, typ, how in sorted(forms, key=lambda f: -len(f[0])):  # longest first claims its span
        for start in _find_all(text, surface):
            end = start + len(surface)
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            mentions.append(Mention(start, end, surface, typ, 0.9, how, eid))
    mentions.sort(key=lambda m: (m.start, -m.end))
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.entity_id, []).append(m)
    entities = tuple(LinkedEntity(eid, info[eid].get("qid"), info[eid]["type"], info[eid]["name_en"],
                                  next((m.text for m in ms if m.how != "role"), None), tuple(ms), False)
                     for eid, ms in groups.items())
    by_name = {e["name_en"]: entity_id(e) for e in expected["entities"]}
    events = [_event(text, ev, by_name) for ev in expected.get("events", [])]
    quotes = []
    for q in expected.get("quotes", []):
        start = text.find(q["starts_with"])
        if start >= 0:
            end = start + len(q["starts_with"])
            speaker = next((m for m in mentions if m.entity_id == by_name.get(q["speaker"])), None)
            sp = Span(speaker.start, speaker.end, speaker.text) if speaker else None
            quotes.append(QuoteSpan(start, end, text[start:end], True, None, sp, sp))
    keys = tuple({m.text: AliasKey(m.text, m.text, m.text, "Deva") for m in mentions}.values())
    return Annotations(article_id, LinkResult(tuple(mentions), entities), (), tuple(quotes),
                       tuple(JsonRecord(e) for e in events if e), (), keys, ("tests.samples.v1",))


def _event(text: str, ev: dict, by_name: dict[str, str]) -> dict | None:
    """Build one event object (output.md shape) from an expected event, with its trigger and evidence."""
    words = ([ev["evidence_contains"]] if ev.get("evidence_contains") else []) + list(TRIGGERS.get(ev.get("mode"), ()))
    start = next((i for w in words if (i := text.find(w)) >= 0), -1)
    if start < 0:
        return None
    word = next(w for w in words if text.find(w) == start)
    trigger = Span(start, start + len(word), word)
    evidence = _sentence(text, trigger.start, trigger.end)
    date = ev.get("date")
    ids = lambda v: [by_name[v]] if v in by_name else []  # noqa: E731
    return {"event_type": ev["event_type"], "mode": ev.get("mode"), "context": [],
            "actor": ids(ev.get("actor")), "recipient": ids(ev.get("recipient")),
            "date": {"value": date, "granularity": {4: "year", 7: "month"}.get(len(date), "day"), "kind": "stated"}
            if date else None,
            "location": by_name.get(ev.get("location") or ""), "status": ev.get("status", "occurred"),
            "trigger": trigger.to_dict(), "evidence": evidence.to_dict(), "confidence": 0.9}


def load_samples(store: Store, settings: Settings, shared: Path, *, evil: bool = True) -> dict[str, str]:
    """Write the samples (and the evil article) with their annotations; return ``{sample name: article id}``."""
    items, bundles, ids = [], [], {}
    for name in SAMPLES:
        path = shared / "samples" / f"{name}.txt"
        record = RawRecord(SourceRef(str(path), 0, "txt"), path.read_bytes())
        article = build_article(record, settings)
        anchor, _ = article_dates(article.text, article.published)  # what the dates stage infers
        if article.published is None and anchor is not None:
            article = dataclasses.replace(article, published=anchor)
        expected = json.loads((shared / "samples" / "expected" / f"{name}.json").read_text(encoding="utf-8"))
        items.append((article, record))
        bundles.append(annotate(article.id, article.text, expected))
        ids[name] = article.id
    if evil:
        record = RawRecord(SourceRef("evil.txt", 0, "txt"), EVIL_TEXT.encode("utf-8"), "text",
                           {"title": '<script>alert("t")</script>', "publisher": "<b>Evil</b>"})
        article = build_article(record, settings)
        start = article.text.index("टोकायेव")
        m = Mention(start, start + 7, "टोकायेव", "PERSON", 0.9, "gazetteer", "ghatna:kassym-jomart-tokayev")
        ent = LinkedEntity(m.entity_id, None, "PERSON", "Kassym-Jomart Tokayev", "टोकायेव", (m,), False)
        items.append((article, record))
        bundles.append(Annotations(article.id, LinkResult((m,), (ent,)), keys=(AliasKey(m.text, m.text, m.text, "Deva"),)))
        ids["evil"] = article.id
    store.put_articles(items, bundles)
    index_pending(store)
    return ids
