"""Candidate lookups: the per-KB memo returns what a fresh lookup returns, stays bounded, and a KB
built by ``extend`` does not inherit the old answers."""

from __future__ import annotations

import pytest

from ghatna.kb import candidates
from ghatna.kb.candidates import _lookup, find_candidates
from ghatna.kb.keys import name_keys
from ghatna.kb.knowledge import KnowledgeBase, alias_row
from ghatna.types import Alias, Entity


def _tiny_kb() -> KnowledgeBase:
    """A KB of three entities, built in microseconds (the shipped one is shared by the session)."""
    ents = [Entity("Q232", "GPE", "Kazakhstan", "कजाखस्तान"), Entity("Q159", "GPE", "Russia", "रूस"),
            Entity("Q7747", "PERSON", "Vladimir Putin", "व्लादिमीर पुतिन")]
    rows = [alias_row(0, "कजाखस्तान", "name", "seed"), alias_row(0, "Kazakhstan", "name", "seed"),
            alias_row(1, "रूस", "name", "seed"), alias_row(2, "व्लादिमीर पुतिन", "name", "seed"),
            alias_row(2, "पुतिन", "surname", "seed")]
    return KnowledgeBase(ents, rows, {}, [0.9, 0.9, 0.9])


@pytest.mark.parametrize("name", ["कजाखस्तान", "कज़ाकिस्तान", "Kazakhstan", "पुतीन", "रूस", "Putin", "अज्ञात नाम"])
@pytest.mark.parametrize("fuzzy", [True, False])
def test_candidates_memo_hit_equals_fresh_lookup(name: str, fuzzy: bool) -> None:
    kb = _tiny_kb()
    first = find_candidates(kb, name, fuzzy=fuzzy)
    assert (name_keys(name), fuzzy) in kb.lookup_memo
    second = find_candidates(kb, name, fuzzy=fuzzy)
    assert first == second == list(_lookup(kb, name_keys(name), fuzzy))


def test_candidates_memo_keeps_fuzzy_and_exact_apart() -> None:
    kb = _tiny_kb()
    assert find_candidates(kb, "कजाखतान", fuzzy=False) == []
    fuzzy = find_candidates(kb, "कजाखतान", fuzzy=True)
    assert [kb.entities[c.entity].id for c in fuzzy] == ["Q232"] and fuzzy[0].how == "fuzzy"


def test_candidates_callers_cannot_change_the_memo() -> None:
    kb = _tiny_kb()
    got = find_candidates(kb, "रूस")
    got.clear()
    assert [kb.entities[c.entity].id for c in find_candidates(kb, "रूस")] == ["Q159"]


def test_candidates_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "MEMO_SIZE", 3)
    kb = _tiny_kb()
    names = ["रूस", "पुतिन", "कजाखस्तान", "Kazakhstan", "Putin", "मॉस्को", "दिल्ली"]
    for name in names:
        find_candidates(kb, name)
        assert len(kb.lookup_memo) <= 3
    # answers stay right after the memo was emptied
    assert [kb.entities[c.entity].id for c in find_candidates(kb, "पुतिन")] == ["Q7747"]


def test_candidates_extended_kb_starts_with_an_empty_memo() -> None:
    kb = _tiny_kb()
    assert find_candidates(kb, "अस्ताना") == []  # remembered as a miss
    bigger = kb.extend([Entity("Q1520", "GPE", "Astana", "अस्ताना", aliases=(Alias("अस्ताना", source="user"),))])
    assert bigger.lookup_memo == {}
    assert [bigger.entities[c.entity].id for c in find_candidates(bigger, "अस्ताना")] == ["Q1520"]
    assert find_candidates(kb, "अस्ताना") == []  # the old KB is unchanged


def test_candidates_search_uses_the_memo(kb: KnowledgeBase) -> None:
    before = kb.search("कजाखस्तान", limit=3)
    assert any(keys.ortho == name_keys("कजाखस्तान").ortho for keys, _ in kb.lookup_memo)
    assert kb.search("कजाखस्तान", limit=3) == before


def test_fuzzy_one_word_match_does_not_add_a_syllable() -> None:
    ents = [Entity("X1", "PERSON", "Islam Karimov", "इस्लाम करीमोव")]
    rows = [alias_row(0, "इस्लाम करीमोव", "name", "seed"), alias_row(0, "करीमोव", "surname", "seed")]
    kb = KnowledgeBase(ents, rows, {}, [0.9])
    assert find_candidates(kb, "करीमबेकोव") == []  # Karimbekov: three sounds more, another name
    near = find_candidates(kb, "करीमोफ")  # a one-letter variant is still found fuzzily
    assert [(kb.entities[c.entity].id, c.how) for c in near] == [("X1", "fuzzy")]
