"""Tokenizer: script-aware tokens with exact offsets; hyphenated names stay whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghatna.text.tokenize import iter_token_spans, token_script, tokenize


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
