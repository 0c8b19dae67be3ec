"""The cross-document tables on every backend: signatures, near-duplicates, stories, canonical events."""

from __future__ import annotations

from typing import Callable

import pytest

from ghatna.store import Store
from ghatna.types import (Article, CanonicalEvent, DateValue, EventReport, NearDuplicate, RawRecord, Span, Story,
                          StoryMember)

from .test_contract import backend, store  # noqa: F401 - the backend fixtures (SQLite, and PostgreSQL when given)

PUTIN, MODI = "Q7747", "Q1058"


@pytest.fixture
def ids(store: Store, make_article: Callable[..., Article]) -> list[str]:  # noqa: F811
    """Three stored articles; returns their ids."""
    arts = [make_article(f"लेख संख्या {i}: मोदी और पुतिन के बीच फोन पर बातचीत हुई।", path=f"a{i}.txt") for i in range(3)]
    store.put_articles([(a, RawRecord(a.source, a.raw.encode("utf-8"))) for a in arts])
    return [a.id for a in arts]


def _event(ids: list[str], cid: str = "ce_1", date: str | None = "2024-06-25") -> CanonicalEvent:
    """A canonical event reported by every article."""
    reports = tuple(EventReport(a, i, Span(0, 4, "मोदी"), Span(5, 9, "फोन"), DateValue(date, "day") if date else None,
                                0.8, f"p{i}", "2024-06-25") for i, a in enumerate(ids))
    return CanonicalEvent(cid, "CONSULT", reports, mode="phone", actor=(MODI,), recipient=(PUTIN,),
                          date=DateValue(date, "day") if date else None, location="Q987", confidence=0.99,
                          story_id="st_1")


def test_crossdoc_store_signatures_round_trip_and_update(store: Store, ids: list[str]) -> None:  # noqa: F811
    store.put_signatures([(ids[0], b"\x01\x00\x00\x00" * 4, "fp0"), (ids[1], b"\x02" * 16, "fp1")], "k1")
    assert store.get_signatures("k1") == {ids[0]: (b"\x01\x00\x00\x00" * 4, "fp0"), ids[1]: (b"\x02" * 16, "fp1")}
    store.put_signatures([(ids[0], b"\x03" * 16, "fp9")], "k2")
    assert store.get_signatures("k2") == {ids[0]: (b"\x03" * 16, "fp9")}
    assert set(store.get_signatures("k1")) == {ids[1]}


def test_crossdoc_store_near_duplicates_replace_earlier_ones(store: Store, ids: list[str]) -> None:  # noqa: F811
    a, b, c = sorted(ids)
    store.put_near_duplicates([NearDuplicate(a, b, 0.82), NearDuplicate(a, c, 1.0, "exact")], {a: a, b: a, c: a})
    assert store.list_near_duplicates() == [NearDuplicate(a, c, 1.0, "exact"), NearDuplicate(a, b, 0.82)]
    assert store.list_near_duplicates(article_id=b) == [NearDuplicate(a, b, 0.82)]
    store.put_near_duplicates([NearDuplicate(b, c, 0.75)], {b: b, c: b})
    assert store.list_near_duplicates() == [NearDuplicate(b, c, 0.75)]
    assert store.crossdoc_counts()["duplicate_groups"] == 1


def test_crossdoc_store_stories_round_trip(store: Store, ids: list[str]) -> None:  # noqa: F811
    big = Story("st_1", (StoryMember(ids[0], 1.0, "seed"), StoryMember(ids[1], 0.41)), "2024-06-25", "2024-06-26",
                "मोदी-पुतिन बातचीत", (MODI, PUTIN))
    undated = Story("st_2", (StoryMember(ids[2], 1.0, "seed"),))
    store.put_stories([undated, big])
    assert store.list_stories() == [big, undated]  # dated first, undated last
    assert store.list_stories(min_articles=2) == [big]
    assert store.get_story("st_1") == big and store.get_story("nope") is None
    assert store.story_of(ids[1]) == "st_1" and store.story_of(ids[2]) == "st_2"
    store.put_stories([big])
    assert store.story_of(ids[2]) is None


def test_crossdoc_store_canonical_events_round_trip_and_filters(store: Store, ids: list[str]) -> None:  # noqa: F811
    event, undated = _event(ids[1:]), _event(ids[:1], "ce_2", None)
    store.put_canonical_events([undated, event])
    assert store.list_canonical_events() == [event, undated]  # dated first, undated last
    store.put_canonical_events([event])
    assert store.list_canonical_events() == [event]
    assert store.list_canonical_events(entity_id=PUTIN, min_reports=2) == [event]
    assert store.list_canonical_events(min_reports=3) == []
    assert store.list_canonical_events(entity_id="Q1") == [] and store.list_canonical_events(story_id="st_9") == []
    assert store.list_canonical_events(story_id="st_1") == [event]
    assert store.canonical_of(ids[2]) == {1: "ce_1"}
    counts = store.crossdoc_counts()
    assert (counts["canonical_events"], counts["event_reports"]) == (1, 2)
    store.put_canonical_events([])
    assert store.list_canonical_events() == [] and store.canonical_of(ids[0]) == {}


def test_crossdoc_store_inputs_hold_entities_and_events_in_seq_order(store: Store, ids: list[str]) -> None:  # noqa: F811
    got = list(store.iter_crossdoc_inputs(page=2))
    assert [g.id for g in got] == sorted(ids)
    assert all(g.text.startswith("लेख") and g.entities == () and g.events == () for g in got)
    assert [g.text for g in store.iter_crossdoc_inputs(with_text=False)] == ["", "", ""]
