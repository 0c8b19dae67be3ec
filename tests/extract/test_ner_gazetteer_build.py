"""scripts/build_ner_gazetteer.py: the corpus-evidence filter drops broad-source words that are not names."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def build(monkeypatch: pytest.MonkeyPatch):
    """The build script as a module, reading a tiny synthetic training split instead of the corpora."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_ner_gazetteer as module
    finally:
        sys.path.pop(0)
    # 'और' (and) 6 times as O between names; 'दिल्ली' 6 times a place; 'है' (is) after words, 'रुपये' after numbers
    sentences = [(["दिल्ली", "और", "मुंबई", "में", "5", "रुपये", "मिले", "है"],
                  ["B-LOC", "O", "B-LOC", "O", "B-NUM", "O", "O", "O"])] * 6
    monkeypatch.setattr(module, "_training_tokens", lambda data: sentences)
    return module


def test_filter_drops_common_words_and_keeps_names_and_curated_rows(build) -> None:
    """A word mostly outside names (or, for a currency, not after a number) goes; names and seed rows stay."""
    rows = {("और", "GPE", "subdivision"), ("दिल्ली", "GPE", "city"), ("है", "CUR", "currency"),
            ("रुपये", "CUR", "currency"), ("में", "GPE", "seed")}
    dropped = build.dropped_rows(rows, Path("unused"))
    assert dropped == {("और", "GPE", "subdivision"), ("है", "CUR", "currency")}


def test_filter_needs_enough_matches(build, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fewer matches than MIN_MATCHES are not evidence enough."""
    monkeypatch.setattr(build, "MIN_MATCHES", 7)
    assert build.dropped_rows({("और", "GPE", "subdivision")}, Path("unused")) == set()


def test_filter_off_by_default_keeps_the_header_unchanged(build) -> None:
    """The filter line is written only when the filter dropped something."""
    build._DROPPED.clear()
    text = build.render({("दिल्ली", "GPE", "city")}, "2026-11-22")
    assert "# filter:" not in text and text.splitlines()[2] == "# updated: 2026-11-22"
    build.dropped_rows({("और", "GPE", "subdivision")}, Path("unused"))
    assert "# filter:" in build.render({("दिल्ली", "GPE", "city")}, "2026-11-22")
