"""text.search: index keys in which every spelling and script of a word meet, and safe query terms."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ghatna.text.search import QueryTerm, name_search_keys, parse_query, search_keys, word_key, word_keys


@pytest.mark.parametrize("spelling", ["Tokayev", "टोकाएव", "तोकायेव", "टोकायेव", "TOKAYEV"])
def test_search_word_key_meets_across_spellings(spelling: str) -> None:
    assert word_key(spelling) == word_key("Tokayev")


@pytest.mark.parametrize(("a", "b"), [("मोदी", "पुतिन"), ("भारत", "रूस"), ("Tokayev", "Lavrov")])
def test_search_word_key_keeps_names_apart(a: str, b: str) -> None:
    assert word_key(a) != word_key(b)


def test_search_word_keys_give_offsets_of_the_words() -> None:
    text = "कासीम-जोमार्ट तोकायेव ने कहा।"
    spans = word_keys(text)
    assert [text[s:e] for s, e, _ in spans] == ["कासीम", "जोमार्ट", "तोकायेव", "ने", "कहा"]


def test_search_keys_are_script_independent() -> None:
    assert search_keys("नरेंद्र मोदी") == search_keys("Narendra Modi")


def test_search_name_keys_have_skeletons_for_loose_matches() -> None:
    keys, skels = name_search_keys(["Kazakhstan", "कजाखस्तान"])
    assert len(keys.split()) == 2 and skels.split() == ["kjkstn"]


@pytest.mark.parametrize(("query", "terms"), [
    ("Tokayev", [QueryTerm(("tokaev",))]),
    ('"नरेंद्र मोदी"', [QueryTerm(("narendra", "modi"))]),
    ("Toka*", [QueryTerm(("toka",), prefix=True)]),
    ("' OR 1=1; DROP TABLE articles --", [QueryTerm((k,)) for k in ("or", "1", "1", "drop", "table", "artikles")]),
    ('"" * ( ) NEAR', [QueryTerm(("near",))]),
])
def test_search_parse_query_reduces_everything_to_word_keys(query: str, terms: list[QueryTerm]) -> None:
    assert parse_query(query) == terms


@given(st.text(max_size=200))
def test_search_parse_query_tokens_are_plain_keys(query: str) -> None:
    for term in parse_query(query):
        assert term.tokens and all(t and '"' not in t and " " not in t for t in term.tokens)
