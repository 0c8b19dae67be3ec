"""ghatna.crossdoc over a store: the team articles stored with annotations, then dedup, stories, canonical events."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from ghatna import crossdoc
from ghatna.config import Settings
from ghatna.crossdoc import CrossDocParams, crossdoc_store
from ghatna.ingest.dedup import DedupParams
from ghatna.ingest.readers import read_inputs
from ghatna.persist import Annotator
from ghatna.store import open_store

from .conftest import ARTICLES, stub_ner_table

MODI, PUTIN = "Q1058", "Q7747"


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the team articles with their annotations (NER stubbed); returns its path."""
    from ghatna.config import StoreSettings

    path = str(tmp_path_factory.mktemp("crossdoc") / "ghatna.db")
    settings = Settings()
    annotate = Annotator(settings, table=stub_ner_table())
    items, bundles = [], []
    for record in read_inputs([str(ARTICLES)], settings):
        article, bundle = annotate(record, settings)
        items.append((article, record))
        bundles.append(bundle)
    with open_store(StoreSettings(url=path)) as store:
        store.put_articles(items, annotations=bundles)
    return path


def _open(path: str):
    """Open the test store."""
    from ghatna.config import StoreSettings

    return open_store(StoreSettings(url=path))


def _names(store) -> dict[str, str]:
    """Return article id -> file stem."""
    return {r.id: Path(r.source_path).stem for r in store.list_articles(limit=100)}


def test_crossdoc_store_persists_pairs_stories_and_canonical_events(stored: str) -> None:
    with _open(stored) as store:
        result = crossdoc_store(store)
        names = _names(store)
        assert result.articles == 8 and len(result.new_signatures) == 8
        pairs = store.list_near_duplicates()
        assert [(names[p.a], names[p.b]) for p in pairs] in ([("astana_a", "astana_a_reprint")],
                                                             [("astana_a_reprint", "astana_a")])
        stories = {frozenset(names[m.article_id] for m in s.members) for s in store.list_stories(min_articles=2)}
        assert stories == {frozenset({"astana_a", "astana_a_reprint", "astana_b"}),
                           frozenset({"call_a", "call_b", "call_c"})}
        ids = {v: k for k, v in names.items()}
        assert store.story_of(ids["call_a"]) == store.story_of(ids["call_c"]) != store.story_of(ids["astana_a"])
        calls = [e for e in store.list_canonical_events(entity_id=PUTIN, min_reports=3) if e.date
                 and e.date.value == "2024-06-25"]
        assert len(calls) == 1
        assert sorted(names[r.article_id] for r in calls[0].reports) == ["call_a", "call_b", "call_c"]
        # each report points at a stored event of its article, with that event's evidence
        for r in calls[0].reports:
            stored_event = store.get_annotations(r.article_id).events[r.seq].data
            assert stored_event["evidence"]["start"] == r.evidence.start
            assert store.canonical_of(r.article_id)[r.seq] == calls[0].id
        counts = store.crossdoc_counts()
        assert counts["near_duplicate_pairs"] == 1 and counts["multi_article_stories"] == 2
        assert counts["event_reports"] == result.summary()["event_reports"]


def test_crossdoc_store_rerun_reuses_signatures_and_replaces_results(stored: str) -> None:
    with _open(stored) as store:
        crossdoc_store(store)
        before = store.crossdoc_counts()
        again = crossdoc_store(store)
        assert again.new_signatures == [] and store.crossdoc_counts() == before
        strict = crossdoc_store(store, CrossDocParams(dedup=DedupParams(threshold=0.95)), steps=["dedup"])
        assert strict.near_duplicates == [] and store.crossdoc_counts()["near_duplicate_pairs"] == 0
        assert store.crossdoc_counts()["stories"] == before["stories"]  # a dedup-only run keeps the stories


def test_crossdoc_summary_counts(stored: str) -> None:
    with _open(stored) as store:
        s = crossdoc_store(store).summary()
    assert s["articles"] == 8 and s["near_duplicate_pairs"] == 1 and s["duplicate_groups"] == 1
    assert s["multi_article_stories"] == 2 and s["articles_in_multi_article_stories"] == 6
    assert s["canonical_events"] < s["event_reports"]
    assert set(s["seconds"]) >= {"read", "dedup", "stories", "events", "write"}


def test_crossdoc_docstring_examples_run() -> None:
    result = doctest.testmod(crossdoc)
    assert result.attempted > 0 and result.failed == 0


def test_crossdoc_document_fields_name_story_copy_and_canonical_event(corpus) -> None:
    result = crossdoc.run_crossdoc(corpus.inputs)
    fields = crossdoc.document_fields(result)
    a, reprint, b = (corpus.ids[n] for n in ("astana_a", "astana_a_reprint", "astana_b"))
    assert fields[a]["story_id"] == fields[reprint]["story_id"] == fields[b]["story_id"]
    assert sum("near_duplicate_of" in fields[x] for x in (a, reprint)) == 1
    events = next(i for i in corpus.inputs if i.id == b).events
    doc = {"article": {"id": b}, "events": [dict(e) for e in events]}
    crossdoc.add_document_fields(doc, fields[b])
    assert doc["article"]["story_id"] == fields[b]["story_id"] and doc["article"]["near_duplicate_of"] is None
    ids = [e["canonical_id"] for e in doc["events"]]
    assert all(ids) and len(ids) == len(events)
    meeting = next(e for e in result.events if e.id == ids[[x["event_type"] for x in doc["events"]].index("CONSULT")])
    assert len(meeting.reports) >= 2
