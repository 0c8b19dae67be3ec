"""scripts/ner_harmonise.py: a repeated name's minority labels are relabelled to the corpus's majority reading."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def harmonise():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from ner_harmonise import harmonise as fn
    finally:
        sys.path.pop(0)
    return fn


def _sent(words: str, tags: str) -> tuple[list[str], list[str]]:
    return words.split(), tags.split()


def test_minority_readings_follow_the_majority(harmonise) -> None:
    org = _sent("नीति आयोग ने कहा", "B-ORG I-ORG O O")
    bare = _sent("नीति आयोग की बैठक", "O O O O")
    place = _sent("भारत में", "B-LOC O")
    untagged_place = _sent("भारत ने", "O O")
    items = [org] * 6 + [bare] * 2 + [place] * 4 + [untagged_place]
    out, changed = harmonise(items)
    assert out[6][1] == ["B-ORG", "I-ORG", "O", "O"]  # untagged नीति आयोग (2 of 8) becomes ORG
    assert out[12][1] == ["B-LOC", "O"]
    assert out[:6] == items[:6]
    assert changed == {"O->ORG": 2, "O->LOC": 1}


def test_a_name_the_corpus_mostly_leaves_untagged_loses_its_label(harmonise) -> None:
    items = [_sent("अटल रहे", "B-PER O")] * 3 + [_sent("अटल रहा", "O O")] * 12
    out, changed = harmonise(items)
    assert all(tags == ["O", "O"] for _, tags in out) and changed == {"PER->O": 3}


def test_no_clear_majority_or_too_few_names_changes_nothing(harmonise) -> None:
    split = [_sent("रिजर्व बैंक", "B-ORG I-ORG")] * 5 + [_sent("रिजर्व बैंक", "O O")] * 4  # 56 % ORG
    assert harmonise(split) == (split, {})
    rare = [_sent("पीएसबी में", "B-ORG O")] * 2 + [_sent("पीएसबी का", "O O")]  # named only twice
    assert harmonise(rare)[1] == {}


def test_dates_numbers_and_longer_names_are_left_alone(harmonise) -> None:
    longer, date = _sent("भारत सरकार ने", "B-ORG I-ORG O"), _sent("भारत 2020", "B-DATE I-DATE")
    items = [_sent("भारत में", "B-LOC O")] * 5 + [_sent("भारत ने", "O O"), longer, date]
    out, changed = harmonise(items)
    assert changed == {"O->LOC": 1} and out[5][1] == ["B-LOC", "O"]
    assert out[6] == longer and out[7] == date


def test_a_name_inside_an_unmodelled_one_is_not_an_untagged_name() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from ner_harmonise import harmonised
    finally:
        sys.path.pop(0)

    class Source:  # the sentence record's only field harmonised() reads
        source = "ilner-train"

    person = (["गांधी", "ने", "कहा"], ["B-PER", "O", "O"], [], Source())
    festival = (["गांधी", "जयंती", "पर"], ["B-MISC", "I-MISC", "O"], [], Source())
    bare = (["गांधी", "आए"], ["O", "O"], [], Source())
    out, changed, _ = harmonised([person] * 6 + [festival] * 3 + [bare])
    assert changed == {"O->PER": 1}  # only the bare गांधी: the festival is another reading, not an untagged name
    assert out[6][1] == ["O", "O", "O"]  # MISC is read as O afterwards (the model has no such class)
    assert out[9][1] == ["B-PER", "O"]
    kept, _, _ = harmonised([person] * 6 + [festival] * 3 + [bare], keep_misc=True)
    assert kept[6][1] == ["B-MISC", "I-MISC", "O"]
