"""/api/stories, /api/canonical-events and /api/articles/{id}/related over a store where 'ghatna stories' ran."""

from __future__ import annotations

from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from ghatna.api.app import create_app
from ghatna.config import Settings
from ghatna.ingest.article import build_article
from ghatna.store import open_store
from ghatna.types import CanonicalEvent, DateValue, EventReport, NearDuplicate, Span, Story, StoryMember


@pytest.fixture
def crossdoc_client(api_settings: Settings, sample_ids: dict[str, str]) -> Iterator[tuple[TestClient, list[str]]]:
    """A client over the samples with a story, a near-duplicate pair and a canonical event stored."""
    ids = sorted(sample_ids.values())
    a, b = ids[0], ids[1]
    with open_store(api_settings.store) as store:
        store.put_near_duplicates([NearDuplicate(a, b, 0.81)], {a: a, b: a})
        store.put_stories([Story("st_1", (StoryMember(a, 1.0, "seed"), StoryMember(b, 0.5)), "2024-06-25",
                                 "2024-06-26", "एक कहानी", ("Q232",))])
        store.put_canonical_events([CanonicalEvent(
            "ce_1", "CONSULT", (EventReport(a, 0, Span(0, 4, "abcd")), EventReport(b, 0, Span(2, 5, "xyz"))),
            actor=("Q232",), recipient=("Q668",), date=DateValue("2024-06-25", "day"), story_id="st_1")])
    app = create_app(api_settings, build=lambda record, settings: build_article(record, settings))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, [a, b]


def test_api_stories_list_and_one(crossdoc_client) -> None:
    client, (a, b) = crossdoc_client
    page = client.get("/api/stories", params={"min_articles": 2}).json()
    assert [s["id"] for s in page["items"]] == ["st_1"] and page["next"] is None
    assert [m["article_id"] for m in page["items"][0]["members"]] == [a, b]
    one = client.get("/api/stories/st_1").json()
    assert one["title"] == "एक कहानी" and [e["id"] for e in one["canonical_events"]] == ["ce_1"]
    missing = client.get("/api/stories/st_404")
    assert missing.status_code == 404 and missing.json()["ok"] is False


def test_api_canonical_events_by_entity_story_and_reports(crossdoc_client) -> None:
    client, (a, b) = crossdoc_client
    items = client.get("/api/canonical-events", params={"entity": "Q668", "min_reports": 2}).json()["items"]
    assert [(e["id"], len(e["reports"])) for e in items] == [("ce_1", 2)]
    assert items[0]["reports"][1]["evidence"] == {"start": 2, "end": 5, "text": "xyz"}
    assert client.get("/api/canonical-events", params={"min_reports": 3}).json()["items"] == []
    assert client.get("/api/canonical-events", params={"story": "st_2"}).json()["items"] == []


def test_api_article_related(crossdoc_client) -> None:
    client, (a, b) = crossdoc_client
    got = client.get(f"/api/articles/{b}/related").json()
    assert got["story_id"] == "st_1" and got["canonical_events"] == {"0": "ce_1"}
    assert got["near_duplicates"] == [{"a": a, "b": b, "jaccard": 0.81, "kind": "near"}]
    assert client.get("/api/articles/ffffffffffff/related").status_code == 404
