"""store.search + indexing: full-text search in any spelling or script, filters, ranking, paging, upkeep."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghatna.config import Settings
from ghatna.indexing import index_pending, search
from ghatna.store import Store
from ghatna.store.search import SearchFilters, Term, fts5_expr
from ghatna.text.search import KEYS_VERSION
from sample_store import load_samples

SAMPLE_A, SAMPLE_B = "000_cb69fbd326acacde", "002_5b730da54bd7f90e"


@pytest.fixture
def ids(sqlite_store: Store, settings: Settings, shared_dir: Path) -> dict[str, str]:
    """The two samples and the evil article, annotated by hand and indexed."""
    return load_samples(sqlite_store, settings, shared_dir)


@pytest.mark.parametrize("query", ["Tokayev", "टोकाएव", "तोकायेव", "टोकायेव", "kassym-jomart tokayev"])
def test_search_any_spelling_finds_both_samples(sqlite_store: Store, ids: dict[str, str], query: str) -> None:
    found = {h.id for h in search(sqlite_store, query).hits}
    assert {ids[SAMPLE_A], ids[SAMPLE_B]} <= found


def test_search_entity_names_widen_the_query(sqlite_store: Store, ids: dict[str, str]) -> None:
    result = search(sqlite_store, "Kazakhstan")
    assert {h.id for h in result.hits} == {ids[SAMPLE_A], ids[SAMPLE_B]}
    assert result.entities[0][0].id == "Q232"
    assert search(sqlite_store, "Kazakhstan", expand=False).total == 0  # no article spells it in Latin


def test_search_filters_narrow_the_hits(sqlite_store: Store, ids: dict[str, str]) -> None:
    both = {ids[SAMPLE_A], ids[SAMPLE_B]}
    assert {h.id for h in search(sqlite_store, "Tokayev", SearchFilters(entity_ids=("Q1058",))).hits} == {ids[SAMPLE_B]}
    assert {h.id for h in search(sqlite_store, "Tokayev", SearchFilters(date_from="2024-06")).hits} == {ids[SAMPLE_B]}
    assert {h.id for h in search(sqlite_store, "Tokayev", SearchFilters(date_to="2024-05")).hits} == {ids[SAMPLE_A]}
    typed = {h.id for h in search(sqlite_store, "Tokayev", SearchFilters(event_type="CONSULT")).hits}
    assert typed == both
    assert search(sqlite_store, "Tokayev", SearchFilters(publisher="nobody")).total == 0


def test_search_pages_through_every_hit(sqlite_store: Store, ids: dict[str, str]) -> None:
    total = search(sqlite_store, "Tokayev").total
    seen = [h.id for off in range(total) for h in search(sqlite_store, "Tokayev", limit=1, offset=off).hits]
    assert len(seen) == len(set(seen)) == total == 3


def test_search_ranks_by_bm25(sqlite_store: Store, ids: dict[str, str]) -> None:
    hits = search(sqlite_store, "Tokayev").hits
    assert [h.score for h in hits] == sorted(h.score for h in hits)
    assert hits[-1].id == ids["evil"]  # one mention in a short text ranks below the samples


def test_search_snippet_marks_the_matched_words(sqlite_store: Store, ids: dict[str, str]) -> None:
    result = search(sqlite_store, "तोकायेव", expand=False)
    text, marks = result.snippets[ids[SAMPLE_A]]
    assert marks and all(text[m.start:m.end] in ("तोकायेव", "टोकायेव") for m in marks)


def test_search_empty_query_lists_filtered_articles(sqlite_store: Store, ids: dict[str, str]) -> None:
    result = search(sqlite_store, "", SearchFilters(entity_ids=("Q232",)))
    assert {h.id for h in result.hits} == {ids[SAMPLE_A], ids[SAMPLE_B]}


def test_search_index_catches_up_and_reindexes_old_keys(sqlite_store: Store, ids: dict[str, str]) -> None:
    assert sqlite_store.search_pending() == (0, 0)
    c = sqlite_store._conn
    c.execute("UPDATE search_docs SET keys_version = ?", (KEYS_VERSION - 1,))
    assert index_pending(sqlite_store, requeue=True).articles == 3
    assert sqlite_store.search_pending() == (0, 0)


def test_search_merged_entity_leaves_the_entity_index(sqlite_store: Store, ids: dict[str, str]) -> None:
    sqlite_store.merge_entities("ghatna:kassym-jomart-tokayev", "ghatna:sergey-lavrov", "test")
    index_pending(sqlite_store)
    names = [e.id for e, _ in search(sqlite_store, "Lavrov").entities]
    assert names == ["ghatna:kassym-jomart-tokayev"]


def test_search_fts5_expression_quotes_every_token() -> None:
    assert fts5_expr(Term(('a"b',), prefix=True, column="body")) == 'body : "a""b"*'
