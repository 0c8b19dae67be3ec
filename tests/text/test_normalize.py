"""Normalisation: NFC, invisible characters, offset maps back to the raw text, the matching key."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from ghatna.text.normalize import KEY_MEMO_MAX_CHARS, devanagari_key, fold_devanagari, normalize_text

# text made of the characters scrapes actually mix: Devanagari (with nukta, both precomposed and
# decomposed), Latin, digits, punctuation, CR/LF, zero-width and bidi controls, exotic spaces.
_ALPHABET = st.sampled_from(
    list("कखगजडढफयरलवसहािीुूेैोौंँः़्।,. \n") + ["\u0958", "\u095b", "\u095e", "\r", "\r\n", "\u200b",
    "\u200d", "\u200c", "\ufeff", "\u202e", "\u00a0", "\u2009", "A", "z", "5", "\u0301", "e", "\u00e9", "\x07"])
_TEXT = st.lists(_ALPHABET, max_size=80).map("".join)


@given(_TEXT)
@hsettings(max_examples=300, deadline=None)
def test_normalize_is_idempotent(raw: str) -> None:
    once, _ = normalize_text(raw)
    twice, m = normalize_text(once)
    assert twice == once
    assert m.target_length == len(once)


@given(_TEXT)
@hsettings(max_examples=300, deadline=None)
def test_normalize_output_is_nfc_without_invisibles(raw: str) -> None:
    text, _ = normalize_text(raw)
    assert unicodedata.is_normalized("NFC", text)
    for ch in ("\u200b", "\ufeff", "\u202e", "\r", "\u00a0", "\x07"):
        assert ch not in text


@given(_TEXT, st.data())
@hsettings(max_examples=300, deadline=None)
def test_offset_map_spans_map_back_to_the_same_characters(raw: str, data: st.DataObject) -> None:
    text, m = normalize_text(raw)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    rs, re_ = m.span_to_source(start, end)
    assert 0 <= rs <= re_ <= len(raw)
    # the raw characters behind a span normalise to a text that contains the span
    assert text[start:end] in normalize_text(raw[rs:re_])[0]


@given(_TEXT)
@hsettings(max_examples=200, deadline=None)
def test_offset_map_round_trips_through_dict(raw: str) -> None:
    from ghatna.types import OffsetMap

    _, m = normalize_text(raw)
    assert OffsetMap.from_dict(m.to_dict()) == m


def test_normalize_maps_crlf_and_removed_characters() -> None:
    raw = "भारत\u200b\r\nरूस"
    text, m = normalize_text(raw)
    assert text == "भारत\nरूस"
    assert m.span_to_source(4, 5) == (5, 7)  # the LF stands for CR LF
    assert raw[slice(*m.span_to_source(5, 8))] == "रूस"


def test_normalize_keeps_precomposed_nukta_mapped_to_one_raw_character() -> None:
    raw = "\u095bेलेंस्की"  # ज़ precomposed: NFC decomposes it (composition exclusion)
    text, m = normalize_text(raw)
    assert text.startswith("ज\u093c")
    assert m.span_to_source(0, 2) == (0, 1)


@pytest.mark.parametrize(
    "a, b",
    [
        ("कज़ाख़स्तान", "कजाखस्तान"),
        ("पहुँचे", "पहुंचे"),
        ("डॉलर", "डालर"),
        ("फ़ोन", "फोन"),
        ("अफ़ग़ानिस्तान", "अफगानिस्तान"),
        ("TASS", "tass"),
        ("शंघाई  सहयोग\nसंगठन", "शंघाई सहयोग संगठन"),
    ],
)
def test_devanagari_key_folds_spelling_variants(a: str, b: str) -> None:
    assert devanagari_key(a) == devanagari_key(b)


@pytest.mark.parametrize("a, b", [("कजाख", "कजाक"), ("रूस", "रूसी"), ("भारत", "भरत")])
def test_devanagari_key_keeps_different_words_apart(a: str, b: str) -> None:
    assert devanagari_key(a) != devanagari_key(b)


def test_fold_does_not_touch_latin_case() -> None:
    assert fold_devanagari("Kremlin.ru") == "Kremlin.ru"


@pytest.mark.parametrize("text", ["कज़ाख़स्तान", "TASS", " शंघाई  सहयोग\nसंगठन ", "क" * (KEY_MEMO_MAX_CHARS + 5)])
def test_devanagari_key_memo_gives_the_computed_key(text: str) -> None:
    computed = " ".join(fold_devanagari(text).casefold().split())
    assert devanagari_key(text) == computed
    assert devanagari_key(text) == computed  # a second call (a memo hit for short strings)


def test_devanagari_key_memo_is_bounded_and_kept_for_words() -> None:
    from ghatna.text.normalize import _word_key

    info = _word_key.cache_info()
    assert info.maxsize is not None and 0 < info.maxsize <= 1 << 16
    long_text = "शंघाई सहयोग संगठन " * 10
    devanagari_key(long_text)
    assert _word_key.cache_info().currsize == info.currsize  # a long text is not memoised
    devanagari_key("नयाशब्दजोपहलेनहींथा")
    assert _word_key.cache_info().currsize == min(info.currsize + 1, info.maxsize)
