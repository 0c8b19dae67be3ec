"""kb.nilmerge: unknown entities of different articles pair up only when names AND context agree."""

from __future__ import annotations

import doctest

import pytest

from ghatna.kb import nilmerge
from ghatna.kb.keys import name_keys
from ghatna.kb.nilmerge import context_agreement, names_agree, propose_nil_merges
from ghatna.types import AliasKey, EntityProfile

KAZAKH = (("Q232", 1, 3), ("Q1520", 1, 2), ("Q485207", 1, 2), ("ghatna:sergey-lavrov", 1, 2))
CRICKET = (("geonames:1275339", 1, 2), ("Q408", 1, 2), ("Q668", 1, 40))


def key(text: str) -> AliasKey:
    """Real match keys of a name."""
    k = name_keys(text)
    return AliasKey(text, k.ortho, k.phon)


def profile(eid: str, *names: str, context=KAZAKH, type_: str = "PERSON", mentions: int = 1,
            nil: bool = True) -> EntityProfile:
    """A stored entity as the store profiles it."""
    return EntityProfile(eid, type_, nil, tuple(key(n) for n in names), mentions, 1, tuple(context))


@pytest.mark.parametrize("a, b, rule", [
    ("दाउलेत ज़ुमाबेकोव", "दौलेत जुमाबेकोफ", "spelling"),  # -ov / -of, nukta, vowel length
    ("नुरलान येरमेकबायेव", "नूरलान एर्मेकबाएव", "spelling"),
    ("ज़ुमाबेकोव", "दाउलेत ज़ुमाबेकोव", "surname"),
    ("डुक", "मिन्ह डुक", "surname"),
    ("रमेश वर्मा", "सुनील वर्मा", None),  # same surname, another first name: two people
    ("वर्मा", "शर्मा", None),
    ("ली", "मिन्ह ली", None),  # a two-letter surname says too little
    ("दाउलेत ज़ुमाबेकोव", "दाउलेत ज़ुमाबायेव", None),  # another family name
])
def test_names_agree(a, b, rule):
    got = names_agree([key(a)], [key(b)], "PERSON")
    assert (got[0] if got else None) == rule


def test_surname_rule_is_for_persons_only():
    assert names_agree([key("बैंक")], [key("एशियाई बैंक")], "ORG") is None


def test_context_agreement_weighs_rare_companions_more():
    a = profile("nil:a", "x", context=(("Q668", 1, 90), ("Q987", 1, 80), ("rare:1", 1, 2)))
    common_only = profile("nil:b", "x", context=(("Q668", 1, 90), ("Q987", 1, 80), ("rare:2", 1, 2)))
    rare_too = profile("nil:c", "x", context=(("Q668", 1, 90), ("rare:1", 1, 2)))
    low, shared = context_agreement(a, common_only, total=100)
    high, _ = context_agreement(a, rare_too, total=100)
    assert shared == ["Q987", "Q668"] and low < 0.5 < high


def test_same_person_two_spellings_same_context_is_proposed():
    full = profile("nil:person:full", "दाउलेत ज़ुमाबेकोव", mentions=3)
    variant = profile("nil:person:variant", "दौलेत जुमाबेकोफ")
    (p,) = propose_nil_merges([variant, full], total_articles=10)
    assert (p.kept, p.merged, p.rule) == ("nil:person:full", "nil:person:variant", "spelling")
    assert p.evidence["shared_context"][-1] == "Q232" and p.score == 1.0  # the most common companion last
    assert "दौलेत जुमाबेकोफ" in p.reason


def test_same_surname_different_context_stays_apart():
    full = profile("nil:person:full", "रमेश वर्मा", context=CRICKET)
    short = profile("nil:person:short", "वर्मा", context=KAZAKH + (("Q668", 1, 40),))
    assert propose_nil_merges([full, short], total_articles=100) == []
    # two shared companions, but only common ones (India, New Delhi): the context still disagrees
    full2 = profile("nil:person:full", "रमेश वर्मा", context=CRICKET + (("Q987", 1, 50),))
    short2 = profile("nil:person:short", "वर्मा", context=KAZAKH + (("Q668", 1, 40), ("Q987", 1, 50)))
    assert propose_nil_merges([full2, short2], total_articles=100) == []
    assert len(propose_nil_merges([full2, short2], total_articles=100, min_context=0.1)) == 1


def test_a_surname_matching_two_full_names_is_left_alone():
    a = profile("nil:person:ramesh", "रमेश वर्मा")
    b = profile("nil:person:sunil", "सुनील वर्मा")
    short = profile("nil:person:varma", "वर्मा")
    assert propose_nil_merges([a, b, short], total_articles=10) == []
    assert [p.merged for p in propose_nil_merges([a, short], total_articles=10)] == ["nil:person:varma"]


def test_types_kb_entities_and_undone_pairs_are_not_paired():
    full = profile("nil:person:full", "दाउलेत ज़ुमाबेकोव")
    org = profile("nil:org:x", "दौलेत जुमाबेकोफ", type_="ORG")
    known = profile("Q1", "दौलेत जुमाबेकोफ", nil=False)
    assert propose_nil_merges([full, org, known], total_articles=10) == []
    variant = profile("nil:person:variant", "दौलेत जुमाबेकोफ")
    assert propose_nil_merges([full, variant], total_articles=10,
                              exclude=[("nil:person:full", "nil:person:variant")]) == []


def test_nilmerge_doctest():
    assert doctest.testmod(nilmerge).attempted > 0 and doctest.testmod(nilmerge).failed == 0
