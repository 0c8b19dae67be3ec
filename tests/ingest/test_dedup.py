"""Near-duplicates: a reprint is found across spelling variants, separate tellings are not, order does not matter."""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from ghatna.ingest import dedup
from ghatna.ingest.dedup import (DedupParams, Shingler, duplicate_groups, estimate_jaccard, find_near_duplicates,
                                 signatures)
from ghatna.types import NearDuplicate

ARTICLES = Path(__file__).parents[1] / "cluster" / "articles"


def _texts(*names: str) -> list[tuple[str, str]]:
    """Return (name, text) of team-written test articles."""
    return [(n, (ARTICLES / f"{n}.txt").read_text(encoding="utf-8")) for n in names]


def _sigs(docs: list[tuple[str, str]], params: DedupParams = DedupParams()) -> tuple[dict, dict]:
    """Return signatures and fingerprints by id."""
    out = list(signatures(docs, params))
    return {i: s for i, s, _ in out}, {i: f for i, _, f in out}


def test_dedup_reprint_with_new_headline_and_spellings_is_near_duplicate() -> None:
    sigs, prints = _sigs(_texts("astana_a", "astana_a_reprint", "astana_b", "delhi_japan"))
    pairs = find_near_duplicates(sigs, DedupParams(), prints)
    assert [(p.a, p.b, p.kind) for p in pairs] == [("astana_a", "astana_a_reprint", "near")]
    assert 0.7 <= pairs[0].jaccard < 1.0


def test_dedup_same_story_in_other_words_is_not_duplicate() -> None:
    sigs, prints = _sigs(_texts("call_a", "call_b", "call_c"))
    assert find_near_duplicates(sigs, DedupParams(), prints) == []
    assert estimate_jaccard(sigs["call_a"], sigs["call_c"]) < 0.2


def test_dedup_spelling_variants_only_are_exact_duplicates() -> None:
    text = dict(_texts("astana_a"))["astana_a"]
    variant = text.replace("कज़ाख़स्तान", "कजाखस्तान").replace("मुलाकात", "मुलाक़ात")
    sigs, prints = _sigs([("x", text), ("y", variant), ("z", "बिल्कुल अलग खबर: क्रिकेट टीम ने मैच जीता")])
    pairs = find_near_duplicates(sigs, DedupParams(), prints)
    assert pairs == [NearDuplicate("x", "y", 1.0, "exact")]


def test_dedup_words_fold_spelling_and_skip_punctuation() -> None:
    sh = Shingler(2)
    assert sh.words("कज़ाख़स्तान, Astana।") == ["कजाखस्तान", "astana"]
    assert sh.shingles(["a", "b", "c"]) == {b"a b", b"b c"}
    assert sh.shingles(["a"]) == {b"a"}
    assert sh.shingles([]) == set()


def test_dedup_signatures_are_uint32_and_deterministic() -> None:
    docs = _texts("call_a")
    (_, s1, f1), = signatures(docs)
    (_, s2, f2), = signatures(docs)
    assert s1.dtype == np.uint32 and len(s1) == 128
    assert np.array_equal(s1, s2) and f1 == f2
    assert list(signatures([("empty", " ।, ")])) == []


def test_dedup_signature_key_names_what_signatures_depend_on() -> None:
    assert DedupParams().signature_key() == "minhash/affine32/crc32/p128/s1/k3"
    assert DedupParams(threshold=0.5).signature_key() == DedupParams().signature_key()
    assert DedupParams(shingle=5).signature_key() != DedupParams().signature_key()


def test_dedup_groups_chain_pairs_and_pick_earliest_representative() -> None:
    pairs = [NearDuplicate("a", "b", 0.9), NearDuplicate("b", "c", 0.8), NearDuplicate("x", "y", 0.75)]
    groups = duplicate_groups(pairs, {"a": "2024-07-05", "b": "2024-07-04", "y": "2024-01-01"})
    assert groups == {"a": "b", "b": "b", "c": "b", "x": "y", "y": "y"}


@hsettings(max_examples=25, deadline=None)
@given(st.permutations(["astana_a", "astana_a_reprint", "astana_b", "call_a", "call_c"]),
       st.sampled_from([0.5, 0.7, 0.9, 0.99]))
def test_dedup_is_symmetric_and_order_free(order: list[str], threshold: float) -> None:
    params = DedupParams(threshold=threshold)
    sigs, prints = _sigs(_texts(*order), params)
    forward = find_near_duplicates(sigs, params, prints)
    backward = find_near_duplicates(dict(reversed(list(sigs.items()))), params, prints)
    assert forward == backward
    assert all(p.a < p.b and p.jaccard >= threshold for p in forward)


@pytest.mark.parametrize("module", [dedup])
def test_dedup_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
