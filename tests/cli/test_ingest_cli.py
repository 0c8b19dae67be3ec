"""``ghatna ingest | show | list | rejects`` end to end: summaries, exit codes, re-runs, annotations, SIGKILL."""

from __future__ import annotations

import importlib.resources
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ghatna.cli import ingest as cli_ingest
from ghatna.cli.ingest import STAGE_FAILED, IngestSummary, ingest_records
from ghatna.config import Settings, StoreSettings
from ghatna.errors import InputError, StoreError
from ghatna.registry import StageSpec, builtin_stages
from ghatna.store import open_store
from ghatna.types import DateValue, Mention, RawRecord, Rejection, SourceRef

try:  # the ingest stack is written alongside this module; until it lands these tests are skipped
    from ghatna.cli import extract as _extract  # noqa: F401  (the real app imports it)
    from ghatna.ingest.article import build_article  # noqa: F401
    from ghatna.ingest.readers import read_inputs  # noqa: F401

    MISSING = ""
except ImportError as exc:  # pragma: no cover - depends on the state of the tree
    MISSING = f"missing import {exc.name!r} ({exc})"

needs_ingest = pytest.mark.skipif(bool(MISSING), reason=MISSING)

#: the NER model ships in the package once trained; the subprocess tests that annotate need it
NER_SHIPPED = importlib.resources.files("ghatna.resources").joinpath("models/ner/model.crfsuite").is_file()

REPO = Path(__file__).resolve().parents[2]


def _stand_in_ner(settings: Settings):
    """An NER stage that tags 'मंत्री …' as nothing but 'विपक्ष' as an ORG (so NIL entities get stored)."""
    def run(article):
        pos = article.text.find("विपक्ष")
        return [Mention(pos, pos + 6, "विपक्ष", "ORG", 0.9, "model")] if pos >= 0 else []
    return run


@pytest.fixture(autouse=True)
def stand_in_ner(monkeypatch):
    """In-process ``ghatna ingest`` annotates with a stand-in NER stage (fast, and no trained model needed)."""
    table = dict(builtin_stages())
    table["ghatna.extract.ner.v1"] = StageSpec("ghatna.extract.ner.v1", _stand_in_ner, ("article",),
                                               ("model_mentions",), "stand-in NER")
    monkeypatch.setattr("ghatna.pipeline.builtin_stages", lambda: dict(table))


@pytest.fixture
def cli() -> typer.Typer:
    """A fresh app holding only this module's commands (the global app is for the console script)."""
    app = typer.Typer()
    cli_ingest.register(app)
    return app


def invoke(app: typer.Typer, *args: str):
    """Run a command in-process, stderr kept apart from stdout."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def fill_store(settings: Settings, make_article, make_raw) -> list:
    """Store three articles and two rejections; return the articles."""
    arts = [
        make_article("कज़ाख़स्तान के राष्ट्रपति ने भारत का दौरा किया।", index=0, title="दौरा",
                     publisher="समाचार", published=DateValue("2024-06-25", "day")),
        make_article("बजट में शिक्षा के लिए अधिक धन दिया गया।", index=1, title="बजट",
                     publisher="अर्थ", published=DateValue("2023-02", "month")),
        make_article("क्रिकेट टीम ने सीरीज़ जीती।", index=2, title="खेल"),
    ]
    with open_store(settings.store) as store:
        store.put_articles([(a, make_raw(a)) for a in arts])
        store.put_rejections([Rejection(SourceRef("bad/big.txt"), "E104", "too big", "split it"),
                              Rejection(SourceRef("bad/x.jsonl", 3, "jsonl", line=4), "E106", "not JSON", "fix")])
    return arts


# -- show / list / rejects (need only the store) -----------------------------------------------------

def test_show_by_unique_prefix_prints_text_and_metadata(cli, settings, make_article, make_raw):
    arts = fill_store(settings, make_article, make_raw)
    res = invoke(cli, "show", arts[0].id[:6], "--db", settings.store.url)
    assert res.exit_code == 0, res.stderr
    assert arts[0].text in res.stdout and "समाचार" in res.stdout and "2024-06-25" in res.stdout
    assert "test.txt#0" in res.stdout


def test_show_json_is_the_article_block(cli, settings, make_article, make_raw):
    arts = fill_store(settings, make_article, make_raw)
    res = invoke(cli, "show", arts[1].id, "--db", settings.store.url, "--format", "json")
    obj = json.loads(res.stdout)
    assert obj["schema"] == "ghatna.article/1"
    block = obj["article"]
    assert block["id"] == arts[1].id and block["text"] == arts[1].text
    assert block["published"] == {"value": "2023-02", "granularity": "month", "kind": "stated"}
    assert block["translated_from"] is None and "offset_map" not in block and "raw" not in block


def test_show_unknown_id_exits_1_with_code_and_hint(cli, settings, make_article, make_raw):
    fill_store(settings, make_article, make_raw)
    res = invoke(cli, "show", "zzzz", "--db", settings.store.url)
    assert res.exit_code == 1
    assert "E502" in res.stderr and "hint:" in res.stderr and res.stdout == ""


def test_read_commands_on_missing_store_fail_without_creating_it(cli, tmp_path):
    db = tmp_path / "none.db"
    for cmd in (["list"], ["rejects"], ["show", "abc"]):
        res = invoke(cli, *cmd, "--db", str(db))
        assert res.exit_code == 1 and "E500" in res.stderr
    assert not db.exists()


def test_list_newest_first_and_json_lines(cli, settings, make_article, make_raw):
    arts = fill_store(settings, make_article, make_raw)
    res = invoke(cli, "list", "--db", settings.store.url, "--format", "json")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == [arts[0].id, arts[1].id, arts[2].id]
    res = invoke(cli, "list", "--db", settings.store.url, "--limit", "1")
    assert res.stdout.count("\n") == 1 and "दौरा" in res.stdout
    res = invoke(cli, "list", "--db", settings.store.url, "--publisher", "अर्थ", "--format", "json")
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == [arts[1].id]


def test_rejects_filter_by_code(cli, settings, make_article, make_raw):
    fill_store(settings, make_article, make_raw)
    res = invoke(cli, "rejects", "--db", settings.store.url)
    assert "E104" in res.stdout and "E106" in res.stdout and "bad/x.jsonl#3:4" in res.stdout
    res = invoke(cli, "rejects", "--db", settings.store.url, "--code", "E106", "--format", "json")
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["code"] for r in rows] == ["E106"] and rows[0]["source"]["line"] == 4


def test_postgres_url_is_a_clear_error(cli, tmp_path):
    res = invoke(cli, "list", "--db", "postgresql://localhost/ghatna")
    assert res.exit_code == 1 and "E500" in res.stderr and "postgresql://localhost/ghatna" in res.stderr


# -- ingest_records (the loop under the command), with a stand-in article builder --------------------

def _records(n: int, bad: set[int] = frozenset(), path: str = "c.jsonl"):
    """Yield n raw records; indexes in ``bad`` carry text the fake builder rejects."""
    for i in range(n):
        text = "BAD" if i in bad else f"लेख संख्या {i} का पाठ"
        yield RawRecord(SourceRef(path, i, "jsonl", line=i + 1), text.encode("utf-8"))


@pytest.fixture
def fake_build(make_article):
    """A build function: decodes the bytes, rejects 'BAD' (E101) and 'BOOM' (an unexpected error)."""
    def build(raw: RawRecord, settings: Settings):
        text = raw.data.decode("utf-8")
        if text == "BAD":
            raise InputError("E101")
        if text == "BOOM":
            raise RuntimeError("bug")
        return make_article(text, source=raw.source)
    return build


def _small_batches(settings: Settings) -> Settings:
    """The same settings with batches of 7, so runs span several transactions."""
    return Settings(store=StoreSettings(url=settings.store.url, batch_size=7))


def test_ingest_records_counts_and_exit_codes(settings, sqlite_store, fake_build):
    s = _small_batches(settings)
    summary = ingest_records(_records(30), s, sqlite_store, fake_build)
    assert (summary.records, summary.ingested, summary.duplicate + summary.seen) == (30, 30, 0)
    assert summary.exit_code == 0 and summary.status == "ok"
    again = ingest_records(_records(30, bad={4, 5}), s, sqlite_store, fake_build)
    assert (again.ingested, again.seen, dict(again.rejected)) == (0, 28, {"E101": 2})
    assert again.exit_code == 3 and again.to_dict()["duplicate"] == 28
    assert sqlite_store.counts().articles == 30 and sqlite_store.counts().rejects == {"E101": 2}


def test_ingest_records_only_rejections_is_an_error(settings, sqlite_store, fake_build):
    items = [Rejection(SourceRef("gone.txt"), "E110", "no such path", "")]
    summary = ingest_records(iter(items), settings, sqlite_store, fake_build)
    assert summary.exit_code == 1 and sqlite_store.counts().rejects == {"E110": 1}


def test_ingest_records_unexpected_failure_becomes_e702_and_run_goes_on(settings, sqlite_store, fake_build):
    items = [*_records(3), RawRecord(SourceRef("x.txt", 9), b"BOOM"), *_records(2, path="d.jsonl")]
    summary = ingest_records(items, settings, sqlite_store, fake_build)
    # d.jsonl repeats two texts of c.jsonl: duplicates with a new source each
    assert (summary.ingested, summary.duplicate, summary.seen) == (3, 2, 0)
    assert dict(summary.rejected) == {STAGE_FAILED: 1} and summary.exit_code == 3
    (row,) = sqlite_store.list_rejections()
    assert "RuntimeError" in row.rejection.reason


def test_ingest_records_store_failure_keeps_whole_batches(settings, sqlite_store, fake_build):
    s = _small_batches(settings)
    calls = {"n": 0}
    real = sqlite_store.put_articles

    def failing(items):
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("E503", detail="disk full")
        return real(items)

    sqlite_store.put_articles = failing  # type: ignore[method-assign]
    summary = ingest_records(_records(40), s, sqlite_store, fake_build)
    assert summary.exit_code == 1 and summary.error is not None and summary.error.code == "E503"
    assert summary.ingested == 14 and sqlite_store.counts().articles == 14


def test_ingest_records_progress_callback_sees_every_record(settings, sqlite_store, fake_build):
    seen: list[int] = []
    ingest_records(_records(5), settings, sqlite_store, fake_build, lambda s: seen.append(s.records))
    assert seen == [1, 2, 3, 4, 5]


def test_summary_json_shape():
    s = IngestSummary(store="x.db", records=3, ingested=1, duplicate=1, seen=1)
    s.rejected["E104"] += 1
    d = s.to_dict()
    assert d["status"] == "partial" and d["duplicate"] == 2 and d["rejected"] == {"E104": 1}
    assert d["rejected_total"] == 1 and d["exit_code"] == 3


# -- the real ingest stack -----------------------------------------------------------------------------

ARTICLE = (
    "समाचार डेस्क | 2024-03-{day:02d}\n\n"
    "नई दिल्ली। सरकार ने आज {n} नई योजनाओं की घोषणा की। मंत्री ने कहा कि इन योजनाओं पर {m} करोड़ रुपये "
    "खर्च होंगे और काम अगले महीने शुरू होगा।\n\n"
    "विपक्ष ने घोषणा संख्या {n} की आलोचना की और कहा कि बजट में पारदर्शिता नहीं है।\n"
)


def write_corpus(folder: Path, n: int) -> Path:
    """Write n small distinct Hindi articles as .txt files; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:05d}.txt").write_text(ARTICLE.format(day=i % 28 + 1, n=i, m=i * 7 + 3), encoding="utf-8")
    return folder


@needs_ingest
def test_ingest_then_reingest_adds_nothing(cli, tmp_path):
    corpus = write_corpus(tmp_path / "in", 12)
    db = str(tmp_path / "s.db")
    first = invoke(cli, "ingest", str(corpus), "--db", db, "--format", "json")
    assert first.exit_code == 0, first.stderr
    s1 = json.loads(first.stdout)
    assert s1["ingested"] == 12 and s1["status"] == "ok"
    second = invoke(cli, "ingest", str(corpus), "--db", db, "--format", "json")
    s2 = json.loads(second.stdout)
    assert second.exit_code == 0 and s2["ingested"] == 0 and s2["duplicate"] == 12
    with open_store(StoreSettings(url=db)) as store:
        assert store.counts().articles == 12 and store.counts().sources == 12
    text = invoke(cli, "ingest", str(corpus), "--db", db)
    assert "ingested   0" in text.stdout and "duplicate  12" in text.stdout


@needs_ingest
def test_ingest_annotates_and_show_prints_the_stored_document(cli, tmp_path):
    corpus = write_corpus(tmp_path / "in", 3)
    db = str(tmp_path / "s.db")
    first = json.loads(invoke(cli, "ingest", str(corpus), "--db", db, "--format", "json").stdout)
    assert first["annotated"] == 3 and first["unannotated"] == 0
    with open_store(StoreSettings(url=db)) as store:
        ids = [r.id for r in store.list_articles()]
        before = store._conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        counts = store.counts()
    assert counts.annotated == 3 and before > 0
    doc = json.loads(invoke(cli, "show", ids[0][:8], "--db", db, "--format", "json").stdout)
    assert doc["schema"] == "ghatna.article/1" and doc["article"]["id"] == ids[0]
    names = {e["name_en"] for e in doc["entities"]}
    assert "New Delhi" in names and any(e["id"].startswith("nil:org:") for e in doc["entities"])
    assert all(doc["article"]["text"][m["start"]:m["end"]] == m["text"] for e in doc["entities"] for m in e["mentions"])
    assert doc["quotes"] and set(doc) >= {"events", "facts"}
    text = invoke(cli, "show", ids[0], "--db", db).stdout
    assert "entity     New Delhi [GPE] Q987" in text and "quotes" in text
    # re-ingesting replaces nothing and duplicates nothing
    again = json.loads(invoke(cli, "ingest", str(corpus), "--db", db, "--format", "json").stdout)
    assert again["annotated"] == 0 and again["duplicate"] == 3
    with open_store(StoreSettings(url=db)) as store:
        assert store._conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == before


@needs_ingest
def test_ingest_no_annotate_stores_articles_only(cli, tmp_path):
    corpus = write_corpus(tmp_path / "in", 2)
    db = str(tmp_path / "s.db")
    res = json.loads(invoke(cli, "ingest", str(corpus), "--db", db, "--no-annotate", "--format", "json").stdout)
    assert res["ingested"] == 2 and res["annotated"] == 0
    with open_store(StoreSettings(url=db)) as store:
        aid = store.list_articles()[0].id
        assert store.counts().annotated == 0 and store.get_annotations(aid) is None
    doc = json.loads(invoke(cli, "show", aid, "--db", db, "--format", "json").stdout)
    assert doc["entities"] == [] and doc["quotes"] == []
    assert "annotated  no" in invoke(cli, "show", aid, "--db", db).stdout
    # annotating later: the same inputs again, annotated this time
    res = json.loads(invoke(cli, "ingest", str(corpus), "--db", db, "--format", "json").stdout)
    assert res["duplicate"] == 2 and res["annotated"] == 2


def test_ingest_without_a_model_says_how_to_go_on(cli, tmp_path, monkeypatch):
    from ghatna.errors import ResourceError

    def missing(settings):
        raise ResourceError("E300", path="ghatna/resources/models/ner")

    table = dict(builtin_stages())
    table["ghatna.extract.ner.v1"] = StageSpec("ghatna.extract.ner.v1", missing, ("article",), ("model_mentions",), "")
    monkeypatch.setattr("ghatna.pipeline.builtin_stages", lambda: dict(table))
    res = invoke(cli, "ingest", str(write_corpus(tmp_path / "in", 1)), "--db", str(tmp_path / "s.db"))
    assert res.exit_code == 1 and "E300" in res.stderr and "--no-annotate" in res.stderr


@needs_ingest
def test_ingest_with_a_bad_input_is_partial(cli, tmp_path):
    corpus = write_corpus(tmp_path / "in", 3)
    (corpus / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "s.db")
    res = invoke(cli, "ingest", str(corpus), "--db", db, "--format", "json")
    summary = json.loads(res.stdout)
    assert res.exit_code == 3 and summary["status"] == "partial"
    assert summary["ingested"] == 3 and summary["rejected_total"] == 1
    listed = invoke(cli, "rejects", "--db", db)
    assert "empty.txt" in listed.stdout


def _ghatna(*args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    """Start the real console entry point (``python -m ghatna``) as a child process."""
    return subprocess.Popen([sys.executable, "-m", "ghatna", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _count(db: Path) -> int:
    """Count committed articles with a plain reader connection."""
    try:
        with sqlite3.connect(db) as c:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@needs_ingest
@pytest.mark.slow
@pytest.mark.parametrize("annotate", [False, pytest.param(True, marks=pytest.mark.skipif(
    not NER_SHIPPED, reason="the NER model is not in the package yet (make train-ner)"))],
    ids=["no-annotate", "annotate"])
def test_sigkill_midway_leaves_store_consistent_and_rerun_completes(tmp_path, annotate):
    # annotating costs more per article, so fewer articles still leave time to kill the run midway
    n = 400 if annotate else 3000
    flags = () if annotate else ("--no-annotate",)
    corpus = write_corpus(tmp_path / "in", n)
    env = {**os.environ, "GHATNA_STORE__BATCH_SIZE": "50"}
    killed_db = tmp_path / "killed.db"
    proc = _ghatna("ingest", str(corpus), "--db", str(killed_db), *flags, env=env)
    deadline = time.monotonic() + 60
    while _count(killed_db) < 100 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "ingestion finished before it could be killed; grow the corpus"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL

    with open_store(StoreSettings(url=str(killed_db)), create=False) as store:
        assert store.integrity_check() == "ok"
        counts = store.counts()
        assert 0 < counts.articles < n
        assert counts.articles % 50 == 0  # whole batches only
        assert counts.sources == counts.articles
        assert counts.annotated == (counts.articles if annotate else 0)  # each article with its annotations
        for row in store.list_articles(limit=n):
            article = store.get_article(row.id)
            assert article.text and article.raw and article.offset_map.target_length == len(article.text)
            assert len(store.get_sources(row.id)) == 1
        partial = counts.articles

    rerun = _ghatna("ingest", str(corpus), "--db", str(killed_db), "--format", "json", *flags, env=env)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    resumed = json.loads(out)
    assert resumed["duplicate"] == partial and resumed["ingested"] == n - partial

    clean_db = tmp_path / "clean.db"
    clean = _ghatna("ingest", str(corpus), "--db", str(clean_db), "--format", "json", *flags, env=env)
    out, err = clean.communicate(timeout=300)
    assert clean.returncode == 0, err.decode()
    assert _count(killed_db) == _count(clean_db) == json.loads(out)["ingested"]
    if annotate:  # the interrupted and resumed store holds the same annotations as the clean one
        with sqlite3.connect(killed_db) as a, sqlite3.connect(clean_db) as b:
            for sql in ("SELECT article_id, fingerprint FROM annotated ORDER BY 1",
                        "SELECT linked_id, text, how, mentions, articles FROM aliases ORDER BY 1, 2, 3"):
                assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
