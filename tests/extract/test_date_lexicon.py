"""The date, tense and quote data files: tidy (sorted, unique, NFC) and every entry usable.

As dateparser checks its language data against its parser, each listed word is run through the
extractor in a fixed frame, so a word that the patterns cannot reach fails here.
"""

from __future__ import annotations

import datetime as dt
import doctest
import unicodedata
from typing import Any

import pytest

from ghatna.extract import dates, quotes, tense
from ghatna.extract.date_lexicon import fold, lexicon
from ghatna.extract.dates import find_dates
from ghatna.extract.quotes import find_quotes
from ghatna.extract.tense import clause_tense
from ghatna.resources.loader import read_lines, read_yaml
from ghatna.types import DateValue

ANCHOR = DateValue("2024-06-25", "day")
OWN_YAML = ["hi/relative_dates.yaml", "hi/tense.yaml", "hi/weekdays.yaml", "hi/quote_cues.yaml"]


def _lists(data: Any) -> list[list[str]]:
    """Every list inside a parsed YAML document."""
    if isinstance(data, list):
        return [[str(x) for x in data]]
    if isinstance(data, dict):
        return [sub for v in data.values() for sub in _lists(v)]
    return []


@pytest.mark.parametrize("name", OWN_YAML)
def test_yaml_lists_and_keys_are_sorted_unique_nfc(name):
    data = read_yaml(name)
    for entries in _lists(data):
        assert entries == sorted(set(entries)), entries
        assert all(unicodedata.is_normalized("NFC", e) for e in entries)
    for key, value in data.items():
        if isinstance(value, dict):
            keys = [str(k) for k in value]
            assert keys == sorted(keys), f"{name}:{key} keys must be sorted"


def test_folded_keys_do_not_collide():
    data = read_yaml("hi/relative_dates.yaml")
    for section in ("deictic_days", "modifiers", "units", "numbers", "approximate_numbers", "directions"):
        keys = [fold(str(k)) for k in data[section]]
        assert len(keys) == len(set(keys)), section


def test_every_month_name_resolves():
    for number, names in read_yaml("hi/months.yaml").items():
        for name in names:
            text = f"21 {name} 2023 को"
            found = find_dates(text, ANCHOR)
            assert [d.value for d in found] == [f"2023-{int(number):02d}-21"], name


def test_every_weekday_name_resolves_to_its_weekday():
    for number, names in read_yaml("hi/weekdays.yaml").items():
        for name in names:
            (d,) = find_dates(f"{name} को बैठक हुई।", ANCHOR)
            assert dt.date.fromisoformat(d.value).isoweekday() == int(number), name


def test_every_modifier_and_unit_combination_is_found():
    data = read_yaml("hi/relative_dates.yaml")
    units = [u for u, kind in data["units"].items() if kind != "day"]
    for modifier in data["modifiers"]:
        for unit in units:
            found = find_dates(f"{modifier} {unit} बैठक हुई", ANCHOR)
            assert [d.text for d in found] == [f"{modifier} {unit}"], (modifier, unit)
            assert found[0].value is not None


def test_every_number_unit_direction_combination_is_found():
    data = read_yaml("hi/relative_dates.yaml")
    numbers = list(data["numbers"]) + list(data["approximate_numbers"])
    for number in numbers:
        for direction, sign in data["directions"].items():
            phrase = f"{number} साल {direction}"
            # counting forward from the article date needs a future clause ("… बाद पूरा होगा")
            found = find_dates(f"यह {phrase} {'होगा' if sign > 0 else 'हुआ'}", ANCHOR)
            assert [d.text for d in found] == [phrase], phrase


def test_every_deictic_word_resolves():
    for word, spec in read_yaml("hi/relative_dates.yaml")["deictic_days"].items():
        (d,) = find_dates(f"{word} बैठक हुई थी।", ANCHOR)
        expected = dt.date(2024, 6, 25) + dt.timedelta(days=int(spec["days"]))
        assert d.value == expected.isoformat(), word


def test_every_future_ending_and_past_word_sets_the_tense():
    data = read_yaml("hi/tense.yaml")
    for ending in data["future_endings"]:
        stem = "कर" if ending[0] in "ािीुूेैोौंृ" else "जा"
        assert clause_tense(f"कल {stem}{ending}", 2) == "future", ending
    for word in data["past_words"]:
        assert clause_tense(f"कल {word}", 2) == "past", word


def test_every_quote_verb_gives_reported_speech():
    lex_quotes = read_lines("hi/quote_verbs.txt")
    for verb in lex_quotes:
        (q,) = find_quotes(f"मंत्री ने {verb} कि सरकार यह काम करेगी।")
        assert (q.direct, q.speaker.text, q.text) == (False, "मंत्री", "सरकार यह काम करेगी"), verb
        assert q.cue.text.endswith(verb)


def test_lexicon_compiles_every_pattern():
    assert len(lexicon().patterns) >= 20


@pytest.mark.parametrize("module", [dates, tense, quotes], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
