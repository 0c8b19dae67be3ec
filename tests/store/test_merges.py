"""Entity merges in the store: everything follows the kept entity, and undo restores exactly."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from ghatna.errors import StoreError
from ghatna.store.sqlite import SqliteStore
from ghatna.types import DateValue

from .records import ENTITIES, TEXT, bundle_of, full_bundle, mention, table_rows

NIL, SHORT, TOK = "nil:person:minhduk", "nil:person:duk", "ghatna:tokayev"


@pytest.fixture
def store(sqlite_store, make_article, make_raw):
    """Two articles: the full one (with the NIL full name) and one naming only 'डुक' with Tokayev."""
    a = make_article(TEXT, published=DateValue("2024-05-21", "day"))
    b = make_article(TEXT + " ।", published=DateValue("2024-06-02", "day"))
    short = bundle_of(b.id, [mention("तोकायेव", TOK, how="model"), mention("डुक", SHORT, how="model")],
                      events=[{"event_type": "CONSULT", "actor": [SHORT], "recipient": TOK}],
                      facts=[{"subject": SHORT, "predicate": "holds_office", "object": None}])
    sqlite_store.put_articles([(a, make_raw(a)), (b, make_raw(b))], annotations=[full_bundle(a.id), short])
    sqlite_store.ids = (a.id, b.id)  # type: ignore[attr-defined]
    return sqlite_store


def test_merge_moves_every_row_and_pages_follow(store):
    a_id, b_id = store.ids
    m = store.merge_entities(NIL, SHORT, "surname", evidence={"shared": [TOK]})
    assert (m.kept, m.merged, m.active, m.created_by) == (NIL, SHORT, True, "user")
    assert m.moved["mentions.entity_id"] == 1 and m.moved["event_entities.entity_id"] == 1
    assert m.moved["facts.subject_id"] == 1 and m.evidence == {"shared": [TOK]}
    assert store.resolve_entity(SHORT) == NIL
    page = store.get_entity(SHORT)  # a merged id opens the page of the entity it is now
    assert page.entity.id == NIL and page.merged_from == (SHORT,)
    assert {a.text for a in page.aliases} == {"मिन्ह डुक", "डुक"}
    assert [x.id for x in page.articles] == [b_id, a_id] and page.entity.last_seen == "2024-06-02"
    got = store.get_annotations(b_id)
    assert [m.entity_id for m in got.links.mentions] == [TOK, NIL]
    assert got.events[0].to_dict()["actor"] == [NIL] and got.events[0].to_dict()["recipient"] == TOK
    assert got.facts[0].to_dict()["subject"] == NIL
    assert [e.id for e in store.list_entities(nil=True)] == [NIL]  # the merged one is not listed
    assert store.counts().entities == 5


def test_merge_then_undo_restores_every_table_exactly(store):
    before = table_rows(store)
    annotations = [store.get_annotations(i) for i in store.ids]
    m = store.merge_entities(NIL, SHORT, "surname")
    assert table_rows(store) != before
    undone = store.undo_merge(m.id)
    assert undone.undone_at is not None and not undone.active
    assert table_rows(store) == before
    assert [store.get_annotations(i) for i in store.ids] == annotations
    assert store.get_entity(SHORT).entity.id == SHORT


def test_undo_in_any_order_of_chained_merges(store):
    before = table_rows(store)
    first = store.merge_entities(NIL, SHORT, "duk is minh duk")
    second = store.merge_entities(TOK, NIL, "wrong on purpose")  # minh duk (with duk) into Tokayev
    assert store.resolve_entity(SHORT) == TOK and store.get_entity(TOK).merged_from == (NIL, SHORT)
    store.undo_merge(first.id)  # duk leaves; minh duk stays merged into Tokayev
    assert store.resolve_entity(SHORT) == SHORT and store.resolve_entity(NIL) == TOK
    assert [m.entity_id for m in store.get_annotations(store.ids[1]).links.mentions] == [TOK, SHORT]
    store.undo_merge(second.id)
    assert table_rows(store) == before


def test_article_written_during_a_merge_goes_back_on_undo(store, make_article, make_raw, tmp_path):
    m = store.merge_entities(NIL, SHORT, "surname")
    c = make_article(TEXT + " ।।", published=DateValue("2024-07-01", "day"))
    late = bundle_of(c.id, [mention("डुक", SHORT, how="model")])
    store.put_articles([(c, make_raw(c))], annotations=[late])
    assert [x.entity_id for x in store.get_annotations(c.id).links.mentions] == [NIL]
    assert store.get_entity(NIL).entity.last_seen == "2024-07-01"
    store.undo_merge(m.id)
    assert store.get_annotations(c.id) == late
    assert store.get_entity(SHORT).entity.last_seen == "2024-07-01"


def test_merge_and_undo_errors(store):
    with pytest.raises(StoreError) as err:
        store.merge_entities(NIL, NIL, "same")
    assert err.value.code == "E507"
    with pytest.raises(StoreError) as err:
        store.merge_entities(NIL, "nil:person:nobody", "x")
    assert err.value.code == "E505"
    m = store.merge_entities(NIL, SHORT, "surname")
    with pytest.raises(StoreError) as err:
        store.merge_entities(SHORT, NIL, "again")  # already one entity, whichever way round
    assert err.value.code == "E507"
    store.undo_merge(m.id)
    with pytest.raises(StoreError) as err:
        store.undo_merge(m.id)
    assert err.value.code == "E507" and "undone" in err.value.message
    with pytest.raises(StoreError) as err:
        store.undo_merge(999)
    assert err.value.code == "E506"


def test_list_merges_filters(store):
    m1 = store.merge_entities(NIL, SHORT, "one")
    m2 = store.merge_entities("Q232", "Q159", "two", created_by="merge-nil")
    store.undo_merge(m2.id)
    assert [m.id for m in store.list_merges()] == [m2.id, m1.id]
    assert [m.id for m in store.list_merges(active=True)] == [m1.id]
    assert [m.id for m in store.list_merges(active=False)] == [m2.id]
    assert [m.id for m in store.list_merges(entity="Q159")] == [m2.id]
    assert store.list_merges()[0].to_dict()["active"] is False


@hyp_settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.sampled_from(sorted(ENTITIES)), st.sampled_from(sorted(ENTITIES)),
                              st.booleans()), max_size=8))
def test_any_merges_undone_in_any_order_restore_the_store(ops, make_article, make_raw):
    store = SqliteStore(":memory:")
    try:
        a = make_article(TEXT, published=DateValue("2024-05-21", "day"))
        b = make_article(TEXT + " ।")
        store.put_articles([(a, make_raw(a)), (b, make_raw(b))], annotations=[
            full_bundle(a.id), bundle_of(b.id, [mention("डुक", SHORT, how="model"), mention("रूस", "Q159", "GPE")])])
        before = table_rows(store)
        made = []
        for keep, merge, undo_now in ops:
            try:
                made.append(store.merge_entities(keep, merge, "test").id)
            except StoreError as exc:
                assert exc.code == "E507"
                continue
            if undo_now:
                store.undo_merge(made.pop(0))  # undo the oldest active merge, not the latest
            assert not any(store.summary_drift().values())  # entity summaries equal a recount
        for mid in made[::2] + made[1::2]:
            store.undo_merge(mid)
        assert table_rows(store) == before
        assert not any(store.summary_drift().values())
    finally:
        store.close()
