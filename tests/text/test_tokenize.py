"""Tokenizer: script-aware tokens with exact offsets; hyphenated names stay whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghatna.text.normalize import devanagari_key
from ghatna.text.tokenize import (_MARKS, _W, MEMO_MIN_CHARS, MEMO_SIZE, iter_token_spans, token_keys, token_script,
                                   token_tuple, tokenize)
from ghatna.types import Token


def _texts(text: str, **kw: bool) -> list[str]:
    return [t.text for t in tokenize(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("कजाख राष्ट्रपति कासिम-जोमार्ट टोकायेव ने कहा।",
         ["कजाख", "राष्ट्रपति", "कासिम-जोमार्ट", "टोकायेव", "ने", "कहा", "।"]),
        ('उन्होंने कहा, "रूस हमारा साझेदार है।"',
         ["उन्होंने", "कहा", ",", '"', "रूस", "हमारा", "साझेदार", "है", "।", '"']),
        ("27 अरब डॉलर, 1,00,000 रुपये", ["27", "अरब", "डॉलर", ",", "1,00,000", "रुपये"]),
        ("मिन्ह डुक (TASS, काज़िनफॉर्म के अनुसार)",
         ["मिन्ह", "डुक", "(", "TASS", ",", "काज़िनफॉर्म", "के", "अनुसार", ")"]),
        ("17वीं एससीओ बैठक॥", ["17वीं", "एससीओ", "बैठक", "॥"]),
        ("10:30 बजे, 22/02/1992 को...", ["10:30", "बजे", ",", "22/02/1992", "को", "..."]),
        ("₹500 और $27.5", ["₹", "500", "और", "$", "27.5"]),
        ("O'Brien ने X पर", ["O'Brien", "ने", "X", "पर"]),
        ("स्रोत: https://www.example.vn/a-664554.html", ["स्रोत", ":", "https://www.example.vn/a-664554.html"]),
        ("२०२४ में", ["२०२४", "में"]),
    ],
)
def test_tokenize_splits_as_documented(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("कासिम-जोमार्ट टोकायेव", ["कासिम", "-", "जोमार्ट", "टोकायेव"]),
        ("रूस-कज़ाकिस्तान", ["रूस", "-", "कज़ाकिस्तान"]),
        ("10-9-4 और 2018 - 19", ["10-9-4", "और", "2018", "-", "19"]),
    ],
)
def test_tokenize_split_hyphens_matches_ilner_style(text: str, expected: list[str]) -> None:
    assert _texts(text, split_hyphens=True) == expected


@pytest.mark.parametrize(
    ("token", "script"),
    [("भारत", "Deva"), ("TASS", "Latn"), ("2024", "Digit"), ("१९९२", "Digit"), ("1,000", "Digit"),
     ("।", "Punct"), ('"', "Punct"), ("₹", "Other"), ("17वीं", "Deva")],
)
def test_token_script_classifies(token: str, script: str) -> None:
    assert token_script(token) == script


def test_tokenize_keeps_matras_and_nukta_inside_words() -> None:
    # NFC decomposes क़ to क + nukta (U+093C); the nukta must not split the word
    assert _texts("क\u093cज़ाख़स्तान") == ["क\u093cज़ाख़स्तान"]


def test_tokenize_skips_zero_width_space() -> None:
    assert _texts("भारत\u200bरूस") == ["भारत", "रूस"]


@given(st.text(alphabet=st.sampled_from(list("कासिम-जोटायेव रूस।,\"'.09A b\n\u200d\u093c₹()")), max_size=60))
def test_tokens_are_exact_ordered_and_cover_every_visible_char(text: str) -> None:
    for split in (False, True):
        tokens = tokenize(text, split_hyphens=split)
        prev_end = 0
        for t in tokens:
            assert text[t.start:t.end] == t.text and t.text
            assert t.start >= prev_end
            prev_end = t.end
        covered = {i for t in tokens for i in range(t.start, t.end)}
        assert all(text[i].isspace() or i in covered or text[i] == "\u200d" for i in range(len(text)))


@given(st.text(max_size=80))
def test_iter_token_spans_never_crashes_and_stays_in_bounds(text: str) -> None:
    for s, e in iter_token_spans(text):
        assert 0 <= s < e <= len(text)


# --- the memo of long texts (one article tokenised by several stages) -----------------------------

_PIECE = "भारत, 2024 में कज़ाख़स्तान! "


def _long(n: int, tag: str = "") -> str:
    text = tag + _PIECE * n
    assert len(text) >= MEMO_MIN_CHARS
    return text


def test_memo_gives_the_tokens_of_the_pieces() -> None:
    text = _long(12)
    piece = tokenize(_PIECE)
    expected = [Token(t.start + k * len(_PIECE), t.end + k * len(_PIECE), t.text, t.script)
                for k in range(12) for t in piece]
    assert list(token_tuple(text)) == expected
    assert tokenize(text) == expected
    assert list(iter_token_spans(text)) == [(t.start, t.end) for t in expected]
    assert token_keys(text) == tuple(devanagari_key(t.text) for t in expected)


def test_memo_hit_is_the_same_immutable_result_and_lists_are_fresh() -> None:
    text = _long(10, "hit ")
    first = token_tuple(text)
    assert token_tuple("".join(list(text))) is first  # an equal string hits the memo
    assert isinstance(first, tuple) and token_keys(text) is token_keys(text)
    listed = tokenize(text)
    listed.clear()  # callers own the list tokenize returns
    assert tokenize(text) == list(first)


def test_memo_is_bounded() -> None:
    first = token_tuple(_long(10, "0 "))
    for i in range(1, MEMO_SIZE + 1):
        token_tuple(_long(10, f"{i} "))
    again = token_tuple(_long(10, "0 "))
    assert again == first and again is not first  # evicted, then computed again


def test_short_texts_skip_the_memo_and_keep_hyphen_modes_apart() -> None:
    assert token_tuple("a-b") is not token_tuple("a-b")
    text = _long(8, "कासिम-जोमार्ट ")
    assert [t.text for t in token_tuple(text, split_hyphens=True)][:3] == ["कासिम", "-", "जोमार्ट"]
    assert token_tuple(text)[0].text == "कासिम-जोमार्ट"


def test_word_class_is_letters_digits_and_marks_without_the_underscore() -> None:
    # the class as first written: two alternatives, \w without "_", or an added mark range
    reference = re.compile(rf"(?:[^\W_]|[{_MARKS}])")
    single = re.compile(_W)
    differ = [c for c in map(chr, range(0x10000)) if bool(reference.fullmatch(c)) != bool(single.fullmatch(c))]
    assert differ == []
    assert single.fullmatch("\u093e") and single.fullmatch("a") and not single.fullmatch("_")


@pytest.mark.parametrize("text", ["mail a.b+c@example.co.in now", "a@b.in", "x_y@z.org", "@@ a@b.c", "क@ख.ग"])
def test_email_is_one_token(text: str) -> None:
    email = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # the greedy form, which may backtrack
    expected = [m.group() for m in email.finditer(text)]
    assert [t for t in _texts(text) if email.fullmatch(t)] == expected and expected


def test_split_spans_derived_from_unsplit_ones_equal_a_split_scan() -> None:
    """Long texts get their split-hyphen tokens from the memoised unsplit ones: same as scanning."""
    import unicodedata

    from ghatna.text.tokenize import _scan, _split_from

    dashes = [chr(c) for c in range(0x2100) if unicodedata.category(chr(c)) == "Pd"] + ["\u2212", "\ufe63", "\uff0d"]
    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[2] / "examples").glob("*.txt"))]
    texts += ["कासिम-जोमार्ट तोकायेव और रूस-कज़ाकिस्तान, (एससीओ) “मोदी” 'पुतिन' ने कहा।",
              "x-www.example.com/path मोदी-शाह 10-12 मई -मोदी मोदी- O'Brien-Smith e-mail ab-cd@x.com",
              "a\u200bb \u200dक ख\u200d-ग   'उद्धरण'(भीतर)बाहर [अ]-ब\nनई पंक्ति—डैश ‘दो’ «तीन»"]
    texts += [f"a{d}b 1{d}2 क{d}ख x{d}www.a.com ab{d}cd@x.org {d}{d} {d}क क{d} 1{d}a a{d}1 O'B{d}C 2{d}3{d}क"
              for d in dashes]
    for text in texts:
        assert _split_from(text, tuple(_scan(text, False))) == tuple(_scan(text, True)), text[:80]
    long = texts[0]
    assert len(long) >= 200 and list(iter_token_spans(long, split_hyphens=True)) == _scan(long, True)
