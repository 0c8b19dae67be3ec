"""Annotations in the store: round trips, idempotent re-writes, replacement, alias counts, entity pages."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from ghatna.errors import StoreError
from ghatna.store.sqlite import SqliteStore
from ghatna.types import Annotations, DateRef, Mention, QuoteSpan, Span

from .records import ENTITIES, TEXT, bundle_of, full_bundle, mention, table_rows


@pytest.fixture
def stored(sqlite_store, make_article, make_raw):
    """A store holding one article with its full annotations; returns (store, article)."""
    from ghatna.types import DateValue

    article = make_article(TEXT, published=DateValue("2024-05-21", "day"))
    sqlite_store.put_articles([(article, make_raw(article))], annotations=[full_bundle(article.id)])
    return sqlite_store, article


def test_annotations_round_trip_every_table(stored):
    store, article = stored
    expected = full_bundle(article.id)
    assert store.get_annotations(article.id) == expected
    assert Annotations.from_dict(expected.to_dict()) == expected  # the record's own JSON round trip
    rows = table_rows(store)
    assert len(rows["mentions"]) == 7 and len(rows["quotes"]) == 1 and rows["quotes"][0][3] == "ghatna:tokayev"
    assert [r[3] for r in rows["events"]] == ["actor", "location", "recipient"]
    (fact,) = store._conn.execute("SELECT predicate, subject_id, object_id, value_num, unit FROM facts").fetchall()
    assert fact == ("trade_volume_with", "Q232", "Q159", 27e9, "USD")
    counts = store.counts()
    assert (counts.annotated, counts.entities) == (1, 5)


def test_annotations_of_unannotated_or_unknown_article_are_none(sqlite_store, make_article, make_raw):
    a = make_article(TEXT)
    sqlite_store.put_articles([(a, make_raw(a))])
    assert sqlite_store.get_annotations(a.id) is None and sqlite_store.get_annotations("nope") is None


def test_annotations_rewrite_same_is_a_no_op(stored, make_raw):
    store, article = stored
    before = table_rows(store)
    result = store.put_articles([(article, make_raw(article))], annotations=[full_bundle(article.id)])
    assert result.seen == (article.id,) and result.annotated == ()
    assert store.put_annotations([full_bundle(article.id)]) == 0
    assert table_rows(store) == before


def test_annotations_replacement_equals_a_fresh_write(stored, make_article, make_raw, tmp_path):
    store, article = stored
    other = make_article(TEXT + " दूसरा", published=None)
    second = bundle_of(other.id, [mention("तोकायेव", "ghatna:tokayev", how="model"), mention("रूस", "Q159", "GPE")])
    store.put_articles([(other, make_raw(other))], annotations=[second])
    # the first article re-annotated: Russia and the NIL are gone, Tokayev found once more
    changed = bundle_of(article.id, [mention("तोकायेव", "ghatna:tokayev", how="model"),
                                     mention("टोकाएव", "ghatna:tokayev", how="model")])
    assert store.put_annotations([changed]) == 1
    assert store.get_annotations(article.id) == changed

    fresh = SqliteStore(str(tmp_path / "fresh.db"))
    fresh.put_articles([(article, make_raw(article)), (other, make_raw(other))])
    fresh.put_annotations([full_bundle(article.id)])  # entity rows exist in both stores
    fresh.put_annotations([second, changed])
    a, b = table_rows(store), table_rows(fresh)
    for name in ("mentions", "aliases", "entities"):
        assert a[name] == b[name], name
    alias = {(r[2], r[3]): r for r in a["aliases"]}
    assert alias[("तोकायेव", "model")][7:9] == (2, 2)  # mentions, articles
    assert ("रूस", "gazetteer") in alias and alias[("रूस", "gazetteer")][7:9] == (1, 1)
    assert ("मिन्ह डुक", "model") not in alias  # no mention left, no alias
    fresh.close()


def test_annotations_of_missing_article_roll_back_the_batch(sqlite_store, make_article, make_raw):
    a = make_article(TEXT)
    with pytest.raises(StoreError) as err:
        sqlite_store.put_articles([(a, make_raw(a))], annotations=[full_bundle("not-stored")])
    assert err.value.code == "E502"
    assert sqlite_store.counts().articles == 0 and sqlite_store.counts().annotated == 0
    with pytest.raises(StoreError):
        sqlite_store.put_annotations([full_bundle("not-stored")])


def test_alias_first_and_last_seen_keep_their_evidence(sqlite_store, make_article, make_raw):
    from ghatna.types import DateValue

    dated = {"2024-06-25": None, "2023-11": None, None: None}
    for i, date in enumerate(dated):
        a = make_article(f"{TEXT} {i}", published=DateValue(date, "day") if date else None)
        sqlite_store.put_articles([(a, make_raw(a))], annotations=[
            bundle_of(a.id, [mention("तोकायेव", "ghatna:tokayev", how="model")])])
        dated[date] = a.id
    page = sqlite_store.get_entity("ghatna:tokayev")
    (alias,) = page.aliases
    assert (alias.mentions, alias.articles) == (3, 3)
    assert (alias.first_seen, alias.first_article) == ("2023-11", dated["2023-11"])
    assert (alias.last_seen, alias.last_article) == ("2024-06-25", dated["2024-06-25"])
    assert (page.entity.first_seen, page.entity.last_seen) == ("2023-11", "2024-06-25")
    assert [x.published for x in page.articles] == ["2024-06-25", "2023-11", None]


def test_entity_page_names_counts_and_unknown_id(stored):
    store, article = stored
    page = store.get_entity("ghatna:tokayev")
    assert page.entity.name_en == "Kassym-Jomart Tokayev" and (page.entity.mentions, page.entity.articles) == (2, 1)
    assert {(a.text, a.how) for a in page.aliases} == {("तोकायेव", ("model",)), ("टोकाएव", ("coreference",))}
    assert [a.id for a in page.articles] == [article.id] and page.articles[0].mentions == 2
    assert page.to_dict()["entity"]["id"] == "ghatna:tokayev"
    with pytest.raises(StoreError) as err:
        store.get_entity("Q0")
    assert err.value.code == "E505"
    listed = store.list_entities(nil=True)
    assert [e.id for e in listed] == ["nil:person:minhduk"]
    assert store.list_entities(type="GPE", limit=1)[0].type == "GPE"


def test_find_entities_by_keys_and_surname(stored):
    store, _ = stored
    (hit,) = store.find_entities("मिन्ह डुक", "")
    assert hit[0].id == "nil:person:minhduk" and hit[1] == 1.0
    assert store.find_entities("", "k:मिन्ह डुक")[0][1] == 0.9
    assert store.find_entities("", "k:मिन्ह")[0][0].id == "nil:person:minhduk"  # first word of a key
    assert store.find_entities("", "डुक")[0][2] == "मिन्ह डुक"  # last word of a key
    assert store.find_entities("", "%") == [] and store.find_entities("", "") == []


# -- property: any bundle written is read back equal ---------------------------------------------------

_POOL = sorted(ENTITIES)
_words = st.text(alphabet="कखगमनरसतअआइ ABCxyz", min_size=1, max_size=8)


@st.composite
def bundles(draw):
    """Random but consistent annotations: mentions with entities, quotes, dates, events, facts."""
    ms = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, 200))
        text = draw(_words)
        ms.append(Mention(start, start + len(text), text, draw(st.sampled_from(["PERSON", "GPE", "DATE"])),
                          draw(st.floats(0, 1, allow_nan=False)), draw(st.sampled_from(["model", "gazetteer", "role"])),
                          draw(st.one_of(st.none(), st.sampled_from(_POOL)))))
    quotes = [QuoteSpan(s, s + 3, draw(_words), draw(st.booleans()), None,
                        draw(st.one_of(st.none(), st.just(Span(s, s + 1, "x")))),
                        draw(st.one_of(st.none(), st.just(Span(s, s + 2, "xy")))))
              for s in draw(st.lists(st.integers(0, 200), max_size=3))]
    dates = [DateRef(s, s + 2, "कल", draw(st.one_of(st.none(), st.just("2024-05-21"))), "day",
                     draw(st.sampled_from(["stated", "relative"])), approximate=draw(st.booleans()))
             for s in draw(st.lists(st.integers(0, 200), max_size=3))]
    ids = st.lists(st.sampled_from(_POOL), max_size=3)
    events = [{"event_type": draw(st.sampled_from(["CONSULT", "AGREE"])), "actor": draw(ids),
               "recipient": draw(ids), "location": draw(st.one_of(st.none(), st.sampled_from(_POOL))),
               "mode": draw(st.one_of(st.none(), st.just(["phone", "visit"]))), "extra": draw(_words)}
              for _ in range(draw(st.integers(0, 2)))]
    facts = [{"subject": draw(st.sampled_from(_POOL)), "predicate": "member_of",
              "object": draw(st.one_of(st.none(), st.sampled_from(_POOL))),
              "value": draw(st.one_of(st.none(), st.integers(-10**6, 10**6), st.just({"n": 1})))}
             for _ in range(draw(st.integers(0, 2)))]
    return bundle_of("a1", ms, quotes=quotes, dates=dates, events=events, facts=facts,
                     stages=draw(st.lists(st.sampled_from(["a.v1", "b.v1"]), max_size=2)))


@hyp_settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(first=bundles(), second=bundles())
def test_any_annotations_round_trip_and_replace(first, second, make_article, make_raw):
    store = SqliteStore(":memory:")
    try:
        article = make_article("लेख " * 60, id="a1")
        store.put_articles([(article, make_raw(article))], annotations=[first])
        assert store.get_annotations("a1") == first
        store.put_annotations([second])
        assert store.get_annotations("a1") == second
        linked = Counter((m.entity_id, m.text, m.how) for m in second.links.mentions if m.entity_id)
        alias_rows = store._conn.execute("SELECT linked_id, text, how, mentions FROM aliases").fetchall()
        assert {(r[0], r[1], r[2]): r[3] for r in alias_rows} == dict(linked)
    finally:
        store.close()


def test_a_date_found_later_dates_a_stored_undated_article(sqlite_store, make_article, make_raw):
    from dataclasses import replace

    from ghatna.types import DateValue

    undated = make_article(TEXT, path="first.txt")
    sqlite_store.put_articles([(undated, make_raw(undated))])
    inferred = replace(undated, published=DateValue("2024-05", "month", "inferred"),
                       source=replace(undated.source, path="second.txt"))
    result = sqlite_store.put_articles([(inferred, make_raw(inferred))], annotations=[full_bundle(undated.id)])
    assert result.duplicate == (undated.id,)
    got = sqlite_store.get_article(undated.id)
    assert got.published == inferred.published and got.source.path == "first.txt"  # the first source stays
    assert sqlite_store.list_articles(date_from="2024-05")[0].id == undated.id
    other = replace(inferred, published=DateValue("2020", "year", "inferred"))
    sqlite_store.put_articles([(other, make_raw(other))])
    assert sqlite_store.get_article(undated.id).published == inferred.published  # a stored date is kept


def test_kb_entities_take_new_names_and_nil_entities_keep_their_first(stored, make_article, make_raw):
    from dataclasses import replace

    store, _ = stored
    other = make_article(TEXT + " ।")
    bundle = full_bundle(other.id)
    renamed = tuple(replace(e, name_en=e.name_en + " (new KB)") for e in bundle.links.entities)
    bundle = replace(bundle, links=replace(bundle.links, entities=renamed))
    store.put_articles([(other, make_raw(other))], annotations=[bundle])
    assert store.get_entity("Q232").entity.name_en == "Kazakhstan (new KB)"
    assert store.get_entity("nil:person:minhduk").entity.name_en == "Minh Duk"
