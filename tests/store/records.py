"""Annotation records built by hand for the store tests, and a snapshot of the store's tables."""

from __future__ import annotations

from ghatna.store.sqlite import SqliteStore
from ghatna.types import (AliasKey, Annotations, DateRef, JsonRecord, LinkedEntity, LinkResult, Mention, QuoteSpan,
                          Span)

TEXT = ("कज़ाख़स्तान के राष्ट्रपति तोकायेव ने अस्ताना में कहा कि रूस हमारा साझेदार है। "
        "टोकाएव ने मिन्ह डुक से मुलाकात की और कहा, \"व्यापार बढ़ेगा।\"")

#: entity id -> (qid, type, name_en, name_hi, nil)
ENTITIES = {
    "Q232": ("Q232", "GPE", "Kazakhstan", "कज़ाख़स्तान", False),
    "ghatna:tokayev": (None, "PERSON", "Kassym-Jomart Tokayev", "कासिम-जोमार्ट तोकायेव", False),
    "Q1520": ("Q1520", "GPE", "Astana", "अस्ताना", False),
    "Q159": ("Q159", "GPE", "Russia", "रूस", False),
    "nil:person:minhduk": (None, "PERSON", "Minh Duk", "मिन्ह डुक", True),
    "nil:person:duk": (None, "PERSON", "Duk", "डुक", True),
}


def keys_of(mentions) -> tuple[AliasKey, ...]:
    """Stand-in match keys (the store only indexes them): the text, lower-cased, per distinct linked text."""
    out: dict[str, AliasKey] = {}
    for m in mentions:
        if m.entity_id and m.text not in out:
            script = "Deva" if any("\u0900" <= ch <= "\u097f" for ch in m.text) else "Latn"
            out[m.text] = AliasKey(m.text, m.text.lower(), "k:" + m.text.lower(), script)
    return tuple(out.values())


def bundle_of(article_id: str, mentions, *, quotes=(), dates=(), events=(), facts=(), stages=("s.v1",)):
    """Build an Annotations record the way the linker groups entities (order of first mention)."""
    mentions = tuple(sorted(mentions, key=lambda m: (m.start, -m.end)))
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.entity_id:
            groups.setdefault(m.entity_id, []).append(m)
    entities = tuple(LinkedEntity(eid, *ENTITIES[eid][:4], tuple(ms), ENTITIES[eid][4]) for eid, ms in groups.items())
    return Annotations(article_id, LinkResult(mentions, entities), tuple(dates), tuple(quotes),
                       tuple(JsonRecord(e) for e in events), tuple(JsonRecord(f) for f in facts),
                       keys_of(mentions), tuple(stages))


def mention(text: str, eid: str | None, label: str = "PERSON", how: str = "gazetteer", nth: int = 0) -> Mention:
    """A mention of the nth occurrence of ``text`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Mention(start, start + len(text), text, label, 0.9, how, eid)


def full_bundle(article_id: str) -> Annotations:
    """Mentions, a quote with a speaker, a date, an event and a fact: every table gets rows."""
    ms = [mention("कज़ाख़स्तान", "Q232", "GPE"), mention("तोकायेव", "ghatna:tokayev", how="model"),
          mention("अस्ताना", "Q1520", "GPE"), mention("रूस", "Q159", "GPE"),
          mention("टोकाएव", "ghatna:tokayev", how="coreference"), mention("मिन्ह डुक", "nil:person:minhduk", how="model"),
          Mention(0, 3, TEXT[:3], "DATE", 0.5, "model")]
    q_start = TEXT.index("व्यापार")
    quote = QuoteSpan(q_start, q_start + 12, TEXT[q_start:q_start + 12], True,
                      Span(TEXT.index("कहा,"), TEXT.index("कहा,") + 3, "कहा"),
                      Span(TEXT.index("टोकाएव"), TEXT.index("टोकाएव") + 6, "टोकाएव"),
                      Span(TEXT.index("टोकाएव"), TEXT.index("टोकाएव") + 6, "टोकाएव"))
    date = DateRef(10, 14, TEXT[10:14], "2024-05-21", "day", "relative", pattern="XXXX-05-21", shift="P0Y")
    event = {"event_type": "CONSULT", "mode": "visit", "context": [], "actor": ["nil:person:minhduk"],
             "recipient": ["ghatna:tokayev"], "date": {"value": "2024-05-21", "granularity": "day", "kind": "stated"},
             "location": "Q1520", "status": "occurred", "trigger": {"start": 5, "end": 9, "text": TEXT[5:9]},
             "evidence": {"start": 0, "end": 20, "text": TEXT[:20]}, "confidence": 0.8}
    fact = {"subject": "Q232", "predicate": "trade_volume_with", "object": "Q159", "value": 27000000000,
            "unit": "USD", "valid_from": "2023", "valid_to": None, "evidence": {"start": 0, "end": 5, "text": TEXT[:5]}}
    return bundle_of(article_id, ms, quotes=[quote], dates=[date], events=[event], facts=[fact])


def table_rows(store: SqliteStore) -> dict[str, list[tuple]]:
    """Every annotation and entity table's rows without surrogate ids and clocks (for exact comparisons)."""
    c = store._conn
    return {
        "entities": c.execute("SELECT id, type, name_en, name_hi, qid, nil, merged_into, first_seen, last_seen"
                              " FROM entities ORDER BY id").fetchall(),
        "mentions": c.execute("SELECT article_id, seq, span_start, span_end, text, label, how, confidence, linked_id,"
                              " entity_id FROM mentions ORDER BY article_id, seq").fetchall(),
        "aliases": c.execute("SELECT linked_id, entity_id, text, how, ortho, phon, script, mentions, articles,"
                             " first_seen, first_article, last_seen, last_article FROM aliases"
                             " ORDER BY linked_id, text, how").fetchall(),
        "quotes": c.execute("SELECT article_id, seq, text, linked_speaker, speaker_id FROM quotes"
                            " ORDER BY article_id, seq").fetchall(),
        "dates": c.execute("SELECT article_id, seq, record FROM dates ORDER BY article_id, seq").fetchall(),
        "events": c.execute("SELECT e.article_id, e.seq, e.record, x.role, x.seq, x.linked_id, x.entity_id"
                            " FROM events e JOIN event_entities x ON x.event_id = e.id"
                            " ORDER BY e.article_id, e.seq, x.role, x.seq").fetchall(),
        "facts": c.execute("SELECT article_id, seq, record, subject_linked, subject_id, object_linked, object_id"
                           " FROM facts ORDER BY article_id, seq").fetchall(),
        "annotated": c.execute("SELECT article_id, fingerprint, stages FROM annotated ORDER BY article_id").fetchall(),
    }
