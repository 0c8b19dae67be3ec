"""The docstring examples of the search, API and store modules run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["ghatna.text.search", "ghatna.store.search", "ghatna.store.pgsearch",
                                  "ghatna.indexing", "ghatna.api.highlight", "ghatna.api.charts", "ghatna.api.app"])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


def test_highlight_nested_mentions_link_the_innermost() -> None:
    from ghatna.api.highlight import Mark, highlight

    text = "कज़ाखस्तान के राष्ट्रपति ने कहा"
    pieces = highlight(text, [Mark(0, 24, "mention", "tokayev", "PERSON"), Mark(0, 10, "mention", "Q232", "GPE"),
                              Mark(0, 31, "evidence", "ev0")])
    assert [(p.text, p.entity) for p in pieces] == [("कज़ाखस्तान", "Q232"), (" के राष्ट्रपति", "tokayev"),
                                                    (" ने कहा", None)]
    assert all("hl-evidence" in p.classes for p in pieces)
    assert "".join(p.text for p in pieces) == text


def test_highlight_ignores_spans_outside_the_text() -> None:
    from ghatna.api.highlight import Mark, highlight

    assert [p.text for p in highlight("abc", [Mark(2, 9, "mention", "x"), Mark(-1, 1, "quote")])] == ["abc"]


def test_timeline_chart_sums_long_spans_by_year() -> None:
    from ghatna.api.charts import timeline_chart

    chart = timeline_chart([("2010-01", "CONSULT", 1), ("2024-12", "SUPPORT", 2)])
    assert [p["label"] for p in chart["periods"]] == [str(y) for y in range(2010, 2025)]
    assert max(b["h"] for b in chart["bars"]) <= chart["height"]
