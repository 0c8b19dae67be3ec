"""The REST API: resources, filters, paging, exports, writes with a token, one error shape."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tests_api_helpers import A, B, TOKAYEV, assert_error

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("q", ["Tokayev", "टोकाएव", "तोकायेव"])
def test_api_search_finds_both_samples_in_any_spelling(client: TestClient, sample_ids: dict, q: str) -> None:
    body = client.get("/api/search", params={"q": q}).json()
    ids = [r["id"] for r in body["results"]]
    assert {sample_ids[A], sample_ids[B]} <= set(ids)
    assert body["entities"][0]["id"] == TOKAYEV
    for r in body["results"]:
        assert all(0 <= h["start"] < h["end"] <= len(r["snippet"]) for h in r["highlights"])


def test_api_search_filters_and_pages(client: TestClient, sample_ids: dict) -> None:
    only_b = client.get("/api/search", params={"q": "Tokayev", "entity": "Q1058"}).json()
    assert [r["id"] for r in only_b["results"]] == [sample_ids[B]]
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/search", params={"q": "Tokayev", "limit": 1, "offset": offset}).json()
        seen += [r["id"] for r in page["results"]]
        offset = page["next"]
    assert len(seen) == len(set(seen)) == page["total"] == 3


def test_api_entity_page_has_spellings_roles_events_quotes_related(client: TestClient) -> None:
    body = client.get(f"/api/entities/{TOKAYEV}").json()
    spellings = {a["text"]: a["mentions"] for a in body["aliases"]}
    assert {"कासीम-जोमार्ट तोकायेव", "कासिम-जोमार्ट टोकाएव", "तोकायेव"} <= set(spellings)
    assert all(n >= 1 for n in spellings.values())
    assert any(r["text"] == "कज़ाख राष्ट्रपति" for r in body["roles"]["names"])
    modes = {(e["event_type"], e["mode"]) for e in body["events"]}
    assert ("CONSULT", "phone") in modes
    assert "Q1058" in {r["id"] for r in body["related"]}
    assert body["timeline"] and all(t["count"] >= 1 for t in body["timeline"])


def test_api_entity_list_and_name_search(client: TestClient) -> None:
    assert client.get("/api/entities", params={"q": "टोकाएव"}).json()["items"][0]["id"] == TOKAYEV
    listed = client.get("/api/entities", params={"type": "GPE", "limit": 5}).json()
    assert listed["total"] >= 5 and all(e["type"] == "GPE" for e in listed["items"])


def test_api_events_filters(client: TestClient) -> None:
    def ids(**params: object) -> set[int]:
        return {e["id"] for e in client.get("/api/events", params={"limit": 100, **params}).json()["items"]}

    every = ids()
    consult = ids(type="CONSULT")
    assert consult and consult < every
    phone = [e for e in client.get("/api/events", params={"mode": "phone"}).json()["items"]]
    assert {e["date"] for e in phone} == {"2024-05", "2024-06-25"}
    assert ids(actor="Q1058", recipient=TOKAYEV)
    assert ids(country="Q232") and ids(country="Q232") <= every
    assert ids(date_from="2024-06") == ids(date_from="2024-06-01", date_to="2024-12")
    assert ids(status="future") and not ids(status="future") & ids(status="occurred")


def test_api_event_and_quote_and_fact_endpoints(client: TestClient) -> None:
    first = client.get("/api/events").json()["items"][0]
    one = client.get(f"/api/events/{first['id']}").json()
    assert one["event_type"] == first["event_type"] and one["names"]
    quotes = client.get("/api/quotes", params={"speaker": "Q1058"}).json()
    assert quotes["total"] == 1 and quotes["items"][0]["text"].startswith("कज़ाखस्तान के राष्ट्रपति")
    assert client.get("/api/facts").json()["total"] == 0


def test_api_article_document_has_evidence_spans(client: TestClient, sample_ids: dict) -> None:
    doc = client.get(f"/api/articles/{sample_ids[B][:8]}").json()
    text = doc["article"]["text"]
    assert doc["schema"] == "ghatna.article/1"
    for ent in doc["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for ev in doc["events"]:
        assert text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["text"]
    assert len(doc["event_ids"]) == len(doc["events"])


def test_api_timeline_and_dyad(client: TestClient) -> None:
    tl = client.get(f"/api/entities/{TOKAYEV}/timeline", params={"granularity": "year"}).json()
    assert {b["period"] for b in tl["buckets"]} == {"2022", "2024"}  # 2022: the India–Central Asia summit
    dyad = client.get(f"/api/dyads/Q1058/{TOKAYEV}").json()
    assert dyad["total"] >= 2 and dyad["directions"]["a_to_b"] >= 1
    assert {e["event_type"] for e in dyad["events"]} >= {"CONSULT", "SUPPORT"}


def test_api_exports_in_three_formats(client: TestClient) -> None:
    lines = client.get("/api/export/events.jsonl").text.splitlines()
    rows = [json.loads(x) for x in lines]
    assert rows and {"event_type", "actor", "actor_names", "evidence"} <= set(rows[0])
    assert [r["event_id"] for r in rows] == sorted(r["event_id"] for r in rows)
    csv_text = client.get("/api/export/events.csv", params={"type": "CONSULT"}).text
    assert csv_text.splitlines()[0].startswith("event_id,") and len(csv_text.splitlines()) > 1
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(client.get("/api/export/events.parquet").content))
    assert table.num_rows == len(rows)
    assert len(client.get("/api/export/articles.jsonl").text.splitlines()) == 3
    assert client.get("/api/export/nothing.csv").status_code == 422


def test_api_page_size_is_limited(client: TestClient) -> None:
    assert_error(client.get("/api/events", params={"limit": 101}), 422, "E801")
    assert client.get("/api/events", params={"limit": 100}).status_code == 200


def test_api_write_needs_the_token(client: TestClient) -> None:
    article = {"text": "प्रधानमंत्री मोदी ने आज कज़ाखस्तान के राष्ट्रपति टोकायेव से मुलाकात की और व्यापार पर बात की।",
               "title": "मुलाकात", "publisher": "Test"}
    assert_error(client.post("/api/articles", json=article), 401, "E802")
    assert_error(client.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"}), 401, "E802")
    ok = client.post("/api/articles", json=article, headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 201 and ok.json()["results"][0]["status"] == "new"
    new_id = ok.json()["results"][0]["id"]
    assert new_id in {r["id"] for r in client.get("/api/search", params={"q": "Tokayev"}).json()["results"]}
    again = client.post("/api/articles", json={"articles": [article]}, headers={"Authorization": "Bearer s3cret-token"})
    assert again.json()["results"][0]["status"] == "duplicate"


def test_api_writes_are_off_without_a_configured_token(api_settings, sample_ids) -> None:
    from dataclasses import replace

    from ghatna.api.app import create_app
    from ghatna.config import ApiSettings

    app = create_app(replace(api_settings, api=ApiSettings(token="")))
    with TestClient(app) as c:
        assert_error(c.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer "}), 403, "E803")


def test_api_body_size_is_limited(client: TestClient) -> None:
    big = {"text": "क" * 300_000}
    assert_error(client.post("/api/articles", json=big, headers={"Authorization": "Bearer s3cret-token"}), 413, "E804")


@pytest.mark.parametrize(("method", "url", "status", "code"), [
    ("get", "/api/nope", 404, "E800"), ("get", "/api/articles/ffffffffffff", 404, "E502"),
    ("get", "/api/entities/Q0", 404, "E505"), ("get", "/api/events/999999", 404, "E508"),
    ("get", "/api/events?date_from=May", 422, "E801"), ("get", "/api/events/abc", 422, "E801"),
    ("delete", "/api/events", 405, "E806"), ("post", "/api/articles", 401, "E802"),
])
def test_api_every_error_has_one_shape(client: TestClient, method: str, url: str, status: int, code: str) -> None:
    assert_error(getattr(client, method)(url), status, code)


def test_api_crash_is_a_500_in_the_error_shape(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from ghatna.api.routes import entities

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("secret detail from the store")

    monkeypatch.setattr(entities, "entity_view", boom)
    r = client.get(f"/api/entities/{TOKAYEV}")
    assert_error(r, 500, "E805")
    assert "secret" not in r.text


def test_api_invalid_write_body_is_422(client: TestClient) -> None:
    r = client.post("/api/articles", json={"text": "x", "evil": 1}, headers={"Authorization": "Bearer s3cret-token"})
    assert_error(r, 422, "E801")


def test_api_openapi_lists_every_resource(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/search", "/api/articles", "/api/articles/{article_id}", "/api/entities/{entity_id}",
              "/api/entities/{entity_id}/timeline", "/api/dyads/{a}/{b}", "/api/events", "/api/quotes", "/api/facts",
              "/api/export/{resource}.{fmt}"):
        assert p in paths, p


def test_api_threads_use_their_own_connections(client: TestClient) -> None:
    urls = ["/api/search?q=Tokayev", f"/api/entities/{TOKAYEV}", "/api/events", "/"] * 10
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda u: client.get(u).status_code, urls))
    assert set(codes) == {200}
