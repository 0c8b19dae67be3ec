"""The store contract, run against every backend: SQLite always, PostgreSQL when a server is given.

``make test`` starts a throwaway PostgreSQL cluster (``scripts/start_postgres.sh``) and sets
``GHATNA_TEST_POSTGRES_URL``; each PostgreSQL test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest

from ghatna.config import Settings, StoreSettings
from ghatna.errors import StoreError
from ghatna.indexing import index_pending, search
from ghatna.store import Store, open_store
from ghatna.store.queries import EventFilter
from ghatna.store.search import SearchFilters
from ghatna.types import DateValue, Rejection, SourceRef

from .records import TEXT, bundle_of, full_bundle, mention

PG_URL = os.environ.get("GHATNA_TEST_POSTGRES_URL", "")
A, B = "000_cb69fbd326acacde", "002_5b730da54bd7f90e"
TOKAYEV = "ghatna:kassym-jomart-tokayev"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store of each backend (PostgreSQL: a fresh schema, dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "contract.db")
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL server: run through 'make test' or scripts/start_postgres.sh")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(backend: str) -> Iterator[Store]:
    """An open, migrated store of the backend under test."""
    s = open_store(StoreSettings(url=backend))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def samples(store: Store, settings: Settings, shared_dir: Path) -> dict[str, str]:
    """The two samples and the evil article, hand-annotated and indexed."""
    from sample_store import load_samples

    return load_samples(store, settings, shared_dir)


def test_contract_schema_is_fully_migrated(store: Store) -> None:
    assert store.schema_version() >= 3  # type: ignore[attr-defined]
    assert store.counts().articles == 0


def test_contract_article_round_trip_duplicates_and_sources(store: Store, make_article, make_raw) -> None:
    a = make_article(TEXT, path="a.txt", title="शीर्षक", publisher="P", published=DateValue("2024-05-21", "day"))
    first = store.put_articles([(a, make_raw(a))])
    again = store.put_articles([(a, make_raw(a))])
    other = make_article(TEXT, path="b.txt")
    dup = store.put_articles([(other, make_raw(other))])
    assert (first.new, again.seen, dup.duplicate) == ((a.id,), (a.id,), (a.id,))
    assert store.get_article(a.id) == a
    assert [r.source.path for r in store.get_sources(a.id)] == ["a.txt", "b.txt"]
    assert store.resolve_id(a.id[:6]) == a.id
    with pytest.raises(StoreError) as err:
        store.get_article("nope")
    assert err.value.code == "E502"


def test_contract_lists_filter_by_publisher_and_date(store: Store, make_article, make_raw) -> None:
    arts = [make_article(f"लेख {i} " * 5, path=f"{i}.txt", publisher=f"P{i % 2}",
                         published=DateValue(f"2024-0{i + 1}-15", "day")) for i in range(4)]
    store.put_articles([(a, make_raw(a)) for a in arts])
    assert [r.id for r in store.list_articles()] == [a.id for a in reversed(arts)]
    assert {r.id for r in store.list_articles(publisher="P0")} == {arts[0].id, arts[2].id}
    assert {r.id for r in store.list_articles(date_from="2024-02", date_to="2024-03")} == {arts[1].id, arts[2].id}


def test_contract_rejections_once_per_source_and_code(store: Store) -> None:
    r = Rejection(SourceRef("x.txt", 0), "E100", "input is empty", "hint")
    store.put_rejections([r])
    store.put_rejections([r])
    assert store.counts().rejects == {"E100": 1}
    assert [x.rejection.code for x in store.list_rejections()] == ["E100"]


def test_contract_annotations_round_trip_and_entity_page(store: Store, make_article, make_raw) -> None:
    article = make_article(TEXT, published=DateValue("2024-05-21", "day"))
    bundle = full_bundle(article.id)
    store.put_articles([(article, make_raw(article))], annotations=[bundle])
    assert store.get_annotations(article.id) == bundle
    page = store.get_entity("ghatna:tokayev")
    assert {a.text: a.mentions for a in page.aliases} == {"तोकायेव": 1, "टोकाएव": 1}
    merge = store.merge_entities("nil:person:minhduk", "ghatna:tokayev", "test")
    assert store.resolve_entity("ghatna:tokayev") == "nil:person:minhduk"
    store.undo_merge(merge.id)
    assert store.resolve_entity("ghatna:tokayev") == "ghatna:tokayev"
    assert store.get_annotations(article.id) == bundle


def _no_drift(store: Store) -> None:
    """Assert that every entity summary equals a recount from the store's rows."""
    drift = store.summary_drift()  # type: ignore[attr-defined]
    assert drift and not any(drift.values()), drift


def test_contract_entity_summaries_follow_ingest_reingest_merge_undo(store: Store, make_article, make_raw) -> None:
    a = make_article(TEXT, published=DateValue("2024-05-21", "day"))
    b = make_article(TEXT + " ।", published=DateValue("2024-06", "month"))
    short = bundle_of(b.id, [mention("तोकायेव", "ghatna:tokayev", how="model"), mention("डुक", "nil:person:duk")],
                      events=[{"event_type": "CONSULT", "actor": ["nil:person:duk"], "recipient": "ghatna:tokayev"}])
    store.put_articles([(a, make_raw(a)), (b, make_raw(b))], annotations=[full_bundle(a.id), short])
    _no_drift(store)
    tok = store.get_entity("ghatna:tokayev").entity
    assert (tok.mentions, tok.articles) == (3, 2)
    assert store.related_entities("ghatna:tokayev", limit=2) == [("Q1520", 1), ("Q159", 1)]  # type: ignore[attr-defined]
    assert store.event_buckets(EventFilter(entity="ghatna:tokayev"), "month") == [  # type: ignore[attr-defined]
        ("2024-05", "CONSULT", 1), ("2024-06", "CONSULT", 1)]
    assert store.event_buckets(EventFilter(entity="ghatna:tokayev", date_from="2024-06"), "year") == [  # type: ignore[attr-defined]
        ("2024", "CONSULT", 1)]
    assert store.event_buckets(EventFilter(entity="ghatna:tokayev", date_to="2024-05-30"), "day") == [  # type: ignore[attr-defined]
        ("2024-05-21", "CONSULT", 1)]
    assert store.mention_buckets(["ghatna:tokayev"], "year") == [("2024", 2)]  # type: ignore[attr-defined]
    assert store.entity_roles("ghatna:tokayev")["events"] == {"recipient": {"CONSULT": 2}}  # type: ignore[attr-defined]
    total, rows = store.list_events(EventFilter(entity="ghatna:tokayev"), limit=1)  # type: ignore[attr-defined]
    assert total == 2 and [r.article_id for r in rows] == [b.id]
    assert store.list_quotes(speaker="ghatna:tokayev", limit=0)[0] == 1  # type: ignore[attr-defined]
    # re-ingest: b's annotations replaced (Tokayev gone, Russia in), then a merge and its undo
    store.put_annotations([bundle_of(b.id, [mention("रूस", "Q159", "GPE"), mention("डुक", "nil:person:duk")])])
    _no_drift(store)
    assert [x.id for x in store.entity_articles("ghatna:tokayev")] == [a.id]
    m1 = store.merge_entities("nil:person:minhduk", "nil:person:duk", "surname")
    _no_drift(store)
    m2 = store.merge_entities("ghatna:tokayev", "nil:person:minhduk", "test")
    _no_drift(store)
    page = store.get_entity("nil:person:duk")
    assert page.entity.id == "ghatna:tokayev" and (page.entity.mentions, page.entity.articles) == (4, 2)
    assert store.related_entities("ghatna:tokayev", limit=1) == [("Q159", 2)]  # type: ignore[attr-defined]
    store.undo_merge(m1.id)
    _no_drift(store)
    store.undo_merge(m2.id)
    _no_drift(store)
    assert store.get_entity("nil:person:duk").entity.mentions == 1
    # an undated article given a date by a later reading: its rows move to that month
    assert store.mention_buckets(["nil:person:duk"], "month") == [("2024-06", 1)]  # type: ignore[attr-defined]
    c = make_article(TEXT + " ।।")
    store.put_articles([(c, make_raw(c))], annotations=[bundle_of(c.id, [mention("डुक", "nil:person:duk")])])
    assert store.mention_buckets(["nil:person:duk"], "month") == [("2024-06", 1)]  # type: ignore[attr-defined]
    dated = make_article(TEXT + " ।।", path="c2.txt", published=DateValue("2023-01-02", "day"))
    assert dated.id == c.id
    store.put_articles([(dated, make_raw(dated))])
    _no_drift(store)
    assert store.mention_buckets(["nil:person:duk"], "month") == [("2023-01", 1), ("2024-06", 1)]  # type: ignore[attr-defined]


def test_contract_summaries_migration_fills_an_older_store(backend: str, make_article, make_raw) -> None:
    from ghatna.store.summaries import TABLES

    a = make_article(TEXT, published=DateValue("2024-05-21", "day"))
    b = make_article(TEXT + " ।")
    with open_store(StoreSettings(url=backend)) as old:
        old.put_articles([(a, make_raw(a)), (b, make_raw(b))], annotations=[
            full_bundle(a.id), bundle_of(b.id, [mention("तोकायेव", "ghatna:tokayev"), mention("रूस", "Q159", "GPE")])])
        with old._transaction() as c:  # type: ignore[attr-defined]
            # back to schema 4: rows written, no summaries (a store made before migration 0005)
            for table in TABLES:
                c.execute(f"DROP TABLE {table}")
            c.execute("DELETE FROM schema_migrations WHERE version = 5")
    with open_store(StoreSettings(url=backend)) as new:  # applies 0005, which fills the summaries from the rows
        assert new.schema_version() >= 5  # type: ignore[attr-defined]
        _no_drift(new)
        assert new.get_entity("ghatna:tokayev").entity.mentions == 3
        assert new.related_entities("Q159", limit=1) == [("ghatna:tokayev", 2)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ["Tokayev", "टोकाएव", "तोकायेव"])
def test_contract_search_in_any_spelling(store: Store, samples: dict[str, str], query: str) -> None:
    result = search(store, query)
    assert {samples[A], samples[B]} <= {h.id for h in result.hits}
    assert result.entities[0][0].id == TOKAYEV
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores)


def test_contract_search_filters_paging_and_widening(store: Store, samples: dict[str, str]) -> None:
    assert {h.id for h in search(store, "Kazakhstan").hits} == {samples[A], samples[B]}
    assert [h.id for h in search(store, "Tokayev", SearchFilters(entity_ids=("Q1058",))).hits] == [samples[B]]
    assert [h.id for h in search(store, "Tokayev", SearchFilters(date_to="2024-05")).hits] == [samples[A]]
    pages = [h.id for off in range(3) for h in search(store, "Tokayev", limit=1, offset=off).hits]
    assert len(set(pages)) == 3
    assert search(store, "' OR 1=1 --").total <= 1


def test_contract_event_quote_fact_queries(store: Store, samples: dict[str, str]) -> None:
    total, events = store.list_events(EventFilter(entity=TOKAYEV), limit=100)  # type: ignore[attr-defined]
    assert total == len(events) >= 3
    assert any(e.mode == "phone" for e in events)
    assert store.list_events(EventFilter(actor="Q1058", recipient=TOKAYEV))[0] >= 1  # type: ignore[attr-defined]
    assert store.list_events(EventFilter(involving=("Q1058", TOKAYEV)))[0] >= 2  # type: ignore[attr-defined]
    dated = store.list_events(EventFilter(date_from="2024-06", date_to="2024-06"))[1]  # type: ignore[attr-defined]
    assert dated and all(e.when.startswith("2024-06") for e in dated)
    buckets = store.event_buckets(EventFilter(entity=TOKAYEV), "year")  # type: ignore[attr-defined]
    assert {p for p, _, _ in buckets} == {"2022", "2024"}
    assert store.list_quotes(speaker="Q1058")[0] == 1  # type: ignore[attr-defined]
    assert store.list_facts()[0] == 0  # type: ignore[attr-defined]
    related = dict(store.related_entities(TOKAYEV))  # type: ignore[attr-defined]
    assert related["Q1058"] == 1 and related["Q232"] == 2
    assert store.count_entities(type="PERSON") >= 3  # type: ignore[attr-defined]


def test_contract_index_follows_merges(store: Store, samples: dict[str, str]) -> None:
    store.merge_entities(TOKAYEV, "ghatna:sergey-lavrov", "test")
    index_pending(store)
    assert [e.id for e, _ in search(store, "Lavrov").entities] == [TOKAYEV]


def test_contract_api_over_the_backend(backend: str, samples: dict[str, str], settings: Settings) -> None:
    from fastapi.testclient import TestClient

    from ghatna.api.app import create_app

    app = create_app(replace(settings, store=StoreSettings(url=backend)))
    with TestClient(app) as client:
        body = client.get("/api/search", params={"q": "टोकाएव"}).json()
        assert {samples[A], samples[B]} <= {r["id"] for r in body["results"]}
        page = client.get(f"/api/entities/{TOKAYEV}").json()
        assert ("CONSULT", "phone") in {(e["event_type"], e["mode"]) for e in page["events"]}
        assert client.get("/api/events", params={"actor": "' OR 1=1 --"}).json()["total"] == 0
