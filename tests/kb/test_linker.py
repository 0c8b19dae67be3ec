"""Linker mechanics that the case table does not pin: which overlapping mention is kept, and
that linking an article twice (memo warm) gives the same result."""

from __future__ import annotations

from ghatna.kb.knowledge import KnowledgeBase
from ghatna.kb.linker import link_mentions
from ghatna.types import Mention

TEXT = "रूसी संघ के राष्ट्रपति व्लादिमीर पुतिन ने कजाखस्तान का दौरा किया।"


def _m(text: str, label: str, how: str, nth: int = 0) -> Mention:
    """A mention of the ``nth`` occurrence of ``text`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Mention(start, start + len(text), text, label, 1.0, how)


def _spans(kb: KnowledgeBase, mentions: list[Mention]) -> list[tuple[str, str, str]]:
    res = link_mentions(TEXT, mentions, "2024-05", kb)
    return [(m.text, m.label, m.how) for m in res.mentions]


def test_linker_longest_overlapping_mention_wins(kb: KnowledgeBase) -> None:
    got = _spans(kb, [_m("पुतिन", "PERSON", "gazetteer"), _m("व्लादिमीर पुतिन", "PERSON", "model"),
                      _m("कजाखस्तान", "GPE", "gazetteer")])
    assert ("व्लादिमीर पुतिन", "PERSON", "model") in got
    assert not any(t == "पुतिन" for t, _, _ in got)


def test_linker_equal_spans_prefer_the_model(kb: KnowledgeBase) -> None:
    got = _spans(kb, [_m("कजाखस्तान", "GPE", "gazetteer"), _m("कजाखस्तान", "ORG", "model")])
    assert [(t, how) for t, _, how in got if t == "कजाखस्तान"] == [("कजाखस्तान", "model")]


def test_linker_partial_overlap_keeps_the_longer_only(kb: KnowledgeBase) -> None:
    a = _m("संघ के राष्ट्रपति", "ORG", "model")
    b = _m("रूसी संघ", "GPE", "gazetteer")
    got = _spans(kb, [b, a])
    assert "संघ के राष्ट्रपति" in [t for t, _, _ in got] and "रूसी संघ" not in [t for t, _, _ in got]


def test_linker_unlinkable_labels_pass_through_overlaps(kb: KnowledgeBase) -> None:
    date = Mention(0, len(TEXT) - 1, TEXT[:-1], "DATE", 1.0, "rule")
    got = _spans(kb, [date, _m("कजाखस्तान", "GPE", "gazetteer")])
    assert (TEXT[:-1], "DATE", "rule") in got and ("कजाखस्तान", "GPE", "gazetteer") in got


def test_linker_same_result_with_a_warm_memo(kb: KnowledgeBase) -> None:
    mentions = [_m("व्लादिमीर पुतिन", "PERSON", "model"), _m("कजाखस्तान", "GPE", "gazetteer")]
    first = link_mentions(TEXT, mentions, "2024-05", kb)
    assert kb.lookup_memo
    assert link_mentions(TEXT, mentions, "2024-05", kb) == first


def test_linker_relinked_mention_keeps_every_other_field() -> None:
    from dataclasses import fields, replace

    from ghatna.kb.linker import _relinked

    # _relinked builds the record field by field: a new Mention field must be added there too
    assert [f.name for f in fields(Mention)] == ["start", "end", "text", "label", "confidence", "how", "entity_id"]
    m = Mention(3, 9, "रूसी संघ", "GPE", 0.7, "model")
    assert _relinked(m, "Q159", "gazetteer", "NORP") == replace(m, entity_id="Q159", how="gazetteer", label="NORP")
