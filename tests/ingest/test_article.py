"""ingest.article: the script counts and the letter floor agree with a plain count of every character."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from ghatna.ingest.article import _has_letters, script_profile

# Devanagari (and its extension block), ASCII, accented and other Latin, Urdu, Cyrillic, digits,
# punctuation and spaces: every branch of the count
_ALPHABET = st.sampled_from(
    list("कखगािीुंः।॥०१ꣲꣳabcXYZ019 .,-\n\"'éÉßıſŁñ") + ["\u0627", "\u0628", "\u0416", "\u00aa", "\u2160", "\u00b2"]
)


def _reference(text: str) -> tuple[int, int, int]:
    """One character at a time: what ``script_profile`` must count."""
    deva = latin = other = 0
    for ch in text:
        if "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff":
            deva += 1
        elif ch.isalpha():
            if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return deva, latin, other


@hsettings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_article_script_profile_counts_every_character(text: str) -> None:
    assert script_profile(text) == _reference(text)


@hsettings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=40), st.integers(-1, 45))
def test_article_has_letters_is_a_letter_count_floor(text: str, n: int) -> None:
    assert _has_letters(text, n) == (sum(ch.isalpha() for ch in text) >= n)


@pytest.mark.parametrize(("text", "counts"), [
    ("भारत और Russia", (6, 6, 0)),
    ("Straße Łódź", (0, 10, 0)),
    ("Москва", (0, 0, 6)),
    ("१२ 12 ।", (3, 0, 0)),
])
def test_article_script_profile_examples(text: str, counts: tuple[int, int, int]) -> None:
    assert script_profile(text) == counts


def test_article_load_resources_reads_the_word_lists_before_any_record() -> None:
    from ghatna.ingest import boilerplate, metadata
    from ghatna.ingest.article import load_resources

    metadata._word_counts.cache_clear()
    boilerplate._compiled.cache_clear()
    load_resources()
    assert metadata._word_counts.cache_info().currsize == 1 and boilerplate._compiled.cache_info().currsize == 1
