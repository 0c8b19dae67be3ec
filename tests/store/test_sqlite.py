"""The SQLite store: round trips, idempotence by content hash, provenance, migrations, WAL, readers."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from ghatna.config import StoreSettings
from ghatna.errors import StoreError
from ghatna.store import open_store
from ghatna.store.sqlite import SqliteStore, load_migrations, split_statements
from ghatna.types import (
    Article, Boilerplate, Caption, DateValue, OffsetMap, RawRecord, Rejection, Segment, SourceRef, Span,
    Translation,
)

TEXT = "राष्ट्रपति तोकायेव ने कहा कि कज़ाख़स्तान और भारत के संबंध मज़बूत हैं।"


def full_article(make_article, text: str = TEXT, **over) -> Article:
    """An article with every optional field set, so a round trip exercises all of them."""
    raw = "हेडर | 2024-06-25\n\n" + text + "\n[विज्ञापन_2]"
    fields = dict(
        raw=raw, offset_map=OffsetMap((Segment(0, len(text), 18, 18 + len(text)),), len(text), len(raw)),
        source=SourceRef("corpus/a.jsonl", 3, "jsonl", line=4, byte_start=10, byte_end=90, id="x-1"),
        title="तोकायेव", title_span=Span(11, 18, "तोकायेव"), title_truncated=True,
        subtitle="उप", subtitle_span=None, publisher="समाचार", published=DateValue("2024-06-25", "day"),
        byline="संवाददाता", dateline=Span(0, 10, text[:10]), source_url="https://example.org/a",
        agencies=("TASS", "Kazinform"),
        photo_captions=(Caption("फोटो", 0, 4, credit="Kremlin.ru", date="2023-11-09"),),
        translated_from=Translation("vi", ("Vietnamese page", "Tin tức")),
        boilerplate=(Boilerplate("ad", "[विज्ञापन_2]", len(raw) - 12, len(raw)),),
        warnings=("title cut off",),
    )
    fields.update(over)
    return make_article(text, **fields)


def test_put_then_get_round_trips_every_field(sqlite_store, make_article, make_raw):
    article = full_article(make_article)
    result = sqlite_store.put_articles([(article, make_raw(article, content_type="html", fields={"url": "u"}))])
    assert result.new == (article.id,)
    assert sqlite_store.has_article(article.id)
    assert sqlite_store.get_article(article.id) == article
    (src,) = sqlite_store.get_sources(article.id)
    assert src.source == article.source and src.data == article.raw.encode() and src.fields == {"url": "u"}
    assert src.content_type == "html"


def test_get_missing_article_raises_e502(sqlite_store):
    with pytest.raises(StoreError) as err:
        sqlite_store.get_article("nope")
    assert err.value.code == "E502"
    assert not sqlite_store.has_article("nope")


def test_put_same_source_twice_adds_nothing(sqlite_store, make_article, make_raw):
    a = make_article(TEXT)
    sqlite_store.put_articles([(a, make_raw(a))])
    again = sqlite_store.put_articles([(a, make_raw(a))])
    assert again.new == () and again.duplicate == () and again.seen == (a.id,)
    counts = sqlite_store.counts()
    assert (counts.articles, counts.sources) == (1, 1)


def test_put_same_text_from_another_path_is_duplicate_with_provenance(sqlite_store, make_article, make_raw):
    first = make_article(TEXT, path="a.txt")
    second = make_article(TEXT, path="b/c.txt", index=2)
    assert first.id == second.id
    sqlite_store.put_articles([(first, make_raw(first))])
    result = sqlite_store.put_articles([(second, make_raw(second))])
    assert result.duplicate == (first.id,) and result.new == ()
    assert sqlite_store.counts().articles == 1
    assert [s.source.path for s in sqlite_store.get_sources(first.id)] == ["a.txt", "b/c.txt"]
    # the first source stays the article's own
    assert sqlite_store.get_article(first.id).source.path == "a.txt"


def test_put_duplicate_inside_one_batch(sqlite_store, make_article, make_raw):
    a, b = make_article(TEXT, index=0), make_article(TEXT, index=1)
    result = sqlite_store.put_articles([(a, make_raw(a)), (b, make_raw(b))])
    assert result.new == (a.id,) and result.duplicate == (a.id,)


def test_put_articles_failing_midway_writes_nothing(sqlite_store, make_article, make_raw):
    good = make_article("पहला लेख")
    broken = make_article("दूसरा लेख", source=SourceRef(None))  # type: ignore[arg-type]
    with pytest.raises(StoreError) as err:  # NOT NULL source_path fails on the second row
        sqlite_store.put_articles([(good, make_raw(good)), (broken, make_raw(broken))])
    assert err.value.code == "E503"

    class Boom(Exception):
        pass

    def items():
        yield good, make_raw(good)
        raise Boom

    with pytest.raises(Boom):
        sqlite_store.put_articles(items())  # type: ignore[arg-type]
    assert sqlite_store.counts().articles == 0
    assert sqlite_store.put_articles([(good, make_raw(good))]).new == (good.id,)  # the store still works


def test_rejection_recorded_once_per_source_and_code(sqlite_store):
    src = SourceRef("bad.jsonl", 5, "jsonl", line=6)
    sqlite_store.put_rejections([Rejection(src, "E106", "line 6 is not JSON", "fix it")])
    sqlite_store.put_rejections([Rejection(src, "E106", "line 6 is not JSON (again)", "fix it")])
    sqlite_store.put_rejections([Rejection(SourceRef("big.txt"), "E104", "too big", "split")])
    assert sqlite_store.counts().rejects == {"E104": 1, "E106": 1}
    (row,) = sqlite_store.list_rejections(code="E106")
    assert row.rejection.reason.endswith("(again)") and row.rejection.source == src
    assert [r.rejection.code for r in sqlite_store.list_rejections()] == ["E104", "E106"]


def test_rejection_cleared_when_source_later_becomes_article(sqlite_store, make_article, make_raw):
    a = make_article(TEXT, path="fixed.txt")
    sqlite_store.put_rejections([Rejection(a.source, "E103", "bad utf-8", "")])
    sqlite_store.put_articles([(a, make_raw(a))])
    assert sqlite_store.counts().rejects == {}


def test_list_articles_newest_published_first_with_filters(sqlite_store, make_article, make_raw):
    dated = {
        "a": DateValue("2020-10-21", "day"), "b": DateValue("2024-06", "month"),
        "c": None, "d": DateValue("2023", "year"),
    }
    items = []
    for i, (name, date) in enumerate(dated.items()):
        art = make_article(f"लेख {name}", index=i, published=date, publisher="P" if name in "ab" else "Q")
        items.append((art, make_raw(art)))
    sqlite_store.put_articles(items)
    titles = [r.id for r in sqlite_store.list_articles()]
    order = {art.text[-1]: art.id for art, _ in items}
    assert titles == [order["b"], order["d"], order["a"], order["c"]]
    assert [r.id for r in sqlite_store.list_articles(limit=2, offset=1)] == [order["d"], order["a"]]
    assert {r.id for r in sqlite_store.list_articles(publisher="P")} == {order["a"], order["b"]}
    assert [r.id for r in sqlite_store.list_articles(date_from="2023", date_to="2024-06")] == [order["b"], order["d"]]
    assert [r.id for r in sqlite_store.list_articles(date_to="2020-10")] == [order["a"]]
    row = sqlite_store.list_articles(publisher="Q", limit=1)[0]
    assert row.chars == len("लेख d") and row.to_dict()["published"] == "2023"


def test_resolve_id_accepts_unique_prefix(sqlite_store, make_article, make_raw):
    a = make_article("क", id="abc123")
    b = make_article("ख", id="abd456")
    sqlite_store.put_articles([(a, make_raw(a)), (b, make_raw(b))])
    assert sqlite_store.resolve_id("abc") == "abc123"
    assert sqlite_store.resolve_id("abd456") == "abd456"
    with pytest.raises(StoreError) as err:
        sqlite_store.resolve_id("ab")
    assert err.value.code == "E504" and "abc123" in str(err.value)
    for missing in ("zz", ""):
        with pytest.raises(StoreError) as err:
            sqlite_store.resolve_id(missing)
        assert err.value.code == "E502"


def test_open_applies_all_migrations_once(settings):
    expected = len(load_migrations())
    with open_store(settings.store) as store:
        assert store.schema_version() == expected
    with open_store(settings.store) as store:
        rows = store._conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
        assert rows == expected


def test_open_applies_new_migration_in_order_and_rolls_back_a_failing_one(tmp_path):
    base = load_migrations()
    path = str(tmp_path / "m.db")
    SqliteStore(path, migrations=base).close()
    n = len(base)
    good = (n + 1, "add_note", "ALTER TABLE articles ADD COLUMN note TEXT;")
    bad = (n + 2, "broken", "CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);")
    with pytest.raises(StoreError):
        SqliteStore(path, migrations=[*base, good, bad])
    with SqliteStore(path, migrations=[*base, good]) as store:
        assert store.schema_version() == n + 1
        names = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "half" not in names  # the failing migration left nothing behind
        cols = {r[1] for r in store._conn.execute("PRAGMA table_info(articles)")}
        assert "note" in cols


def test_open_refuses_newer_schema_e501(settings):
    with open_store(settings.store) as store:
        store._conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    with pytest.raises(StoreError) as err:
        open_store(settings.store)
    assert err.value.code == "E501" and "999" in err.value.message


def test_split_statements_keeps_semicolons_in_strings_and_comments():
    sql = "-- a; comment\nCREATE TABLE t (x TEXT DEFAULT ';');\nINSERT INTO t VALUES ('a;b');\n-- tail\n"
    assert len(split_statements(sql)) == 2
    with pytest.raises(StoreError):
        split_statements("CREATE TABLE t (x")


def test_file_store_runs_in_wal_mode(sqlite_store, make_article, make_raw):
    assert sqlite_store.journal_mode() == "wal"
    a = make_article(TEXT)
    sqlite_store.put_articles([(a, make_raw(a))])
    assert Path(sqlite_store.url + "-wal").exists()
    assert sqlite_store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sqlite_store._conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_reader_is_not_blocked_by_a_writer_mid_transaction(settings, make_article, make_raw):
    first, second = make_article("पहला"), make_article("दूसरा", index=1)
    inside, release, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_items():
        yield first, make_raw(first)
        inside.set()  # the write transaction is open and holds the lock now
        release.wait(10)
        yield second, make_raw(second)

    def write():
        try:
            with open_store(settings.store) as writer:
                writer.put_articles(slow_items())  # type: ignore[arg-type]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    with open_store(settings.store) as reader:
        thread = threading.Thread(target=write)
        thread.start()
        assert inside.wait(10)
        t0 = time.monotonic()
        assert reader.counts().articles == 0  # uncommitted rows are invisible…
        assert not reader.has_article(first.id)
        assert time.monotonic() - t0 < 1.0  # …and reading did not wait for the writer
        release.set()
        thread.join(10)
        assert done.is_set() and not errors
        assert reader.counts().articles == 2


def test_open_errors_are_coded(tmp_path):
    not_db = tmp_path / "x.db"
    not_db.write_bytes(b"this is not a sqlite file at all, just text" * 10)
    for url in (str(not_db), "postgresql://localhost/ghatna", "mysql://h/db"):
        with pytest.raises(StoreError) as err:
            open_store(StoreSettings(url=url))
        assert err.value.code == "E500"
    with pytest.raises(StoreError) as err:
        open_store(StoreSettings(url=str(tmp_path / "missing.db")), create=False)
    assert err.value.code == "E500" and not (tmp_path / "missing.db").exists()
    # a PostgreSQL server that does not answer is a coded error naming the URL, not a driver traceback
    refused = pytest.raises(StoreError, open_store, StoreSettings(url="postgresql://127.0.0.1:1/ghatna")).value
    assert refused.code == "E500" and "postgresql://127.0.0.1:1/ghatna" in str(refused)


# -- property: a store write followed by a read returns the same record --------------------------

_chars = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be UTF-8 encoded
_text = st.text(_chars, min_size=1, max_size=60)
_opt_text = st.none() | st.text(_chars, max_size=20)


@st.composite
def articles(draw) -> Article:
    """Draw an Article with arbitrary text and metadata (spans are arbitrary too: the store is dumb)."""
    text = draw(_text)
    raw = draw(st.text(_chars, max_size=80))
    n, m = len(text), len(raw)
    span = st.none() | st.builds(Span, st.integers(0, n), st.integers(0, n), _text)
    return Article(
        id=draw(st.text("0123456789abcdef", min_size=1, max_size=16)),
        text=text, raw=raw, offset_map=OffsetMap((Segment(0, n, 0, m),), n, m),
        source=SourceRef(draw(_text), draw(st.integers(0, 2**31)), draw(st.sampled_from(["txt", "jsonl"])),
                         line=draw(st.none() | st.integers(1, 10**6)), id=draw(_opt_text)),
        language=draw(st.sampled_from(["hi", "en"])),
        title=draw(_opt_text), title_span=draw(span), title_truncated=draw(st.booleans()),
        subtitle=draw(_opt_text), publisher=draw(_opt_text),
        published=draw(st.none() | st.builds(DateValue, st.sampled_from(["2024", "2024-06", "2024-06-25"]),
                                              st.sampled_from(["day", "month", "year"]),
                                              st.sampled_from(["stated", "inferred"]))),
        byline=draw(_opt_text), dateline=draw(span), source_url=draw(_opt_text),
        agencies=tuple(draw(st.lists(_text, max_size=3))),
        photo_captions=tuple(draw(st.lists(st.builds(Caption, _text, st.integers(0, n), st.integers(0, n),
                                                      _opt_text, _opt_text), max_size=2))),
        translated_from=draw(st.none() | st.builds(Translation, _text, st.lists(_text, max_size=2).map(tuple))),
        boilerplate=tuple(draw(st.lists(st.builds(Boilerplate, st.sampled_from(["ad", "source"]), _text,
                                                   st.integers(0, m), st.integers(0, m)), max_size=2))),
        warnings=tuple(draw(st.lists(_text, max_size=2))),
    )


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles(), data=st.binary(max_size=64))
def test_property_write_then_read_returns_same_record(article, data):
    with SqliteStore(":memory:") as store:
        store.put_articles([(article, RawRecord(article.source, data, fields={"k": article.publisher}))])
        assert store.get_article(article.id) == article
        (src,) = store.get_sources(article.id)
        assert src.data == data and src.source == article.source
