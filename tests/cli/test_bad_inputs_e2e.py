"""The bad-input corpus through `ghatna ingest`: every item becomes an article or a coded rejection,
the run goes on, nothing good is lost, and the exit code says "partial"."""

from __future__ import annotations

import importlib.resources
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.badinputs import FORBIDDEN_MARKERS, LEGACY_UNICODE, write_bad_corpus

REPO = Path(__file__).resolve().parents[2]
# hostile inputs go through annotation too once the NER model ships; until then, ingestion alone
ANNOTATE = () if importlib.resources.files("ghatna.resources").joinpath("models/ner/model.crfsuite").is_file() \
    else ("--no-annotate",)


def _ghatna(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ghatna", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("bad")
    (root / "in").mkdir()
    expected = write_bad_corpus(root / "in")
    db = root / "s.db"
    result = _ghatna("ingest", str(root / "in"), "--db", str(db), "--format", "json", *ANNOTATE)
    return expected, db, result


def _source_key(path: str, line: int | None, root: Path) -> str:
    name = str(Path(path).relative_to(root)) if Path(path).is_absolute() else path
    return f"{name}:{line}" if line else name


def test_exit_code_is_partial_and_summary_counts_every_item(ingested) -> None:
    expected, _db, result = ingested
    assert result.returncode == 3, result.stderr
    summary = json.loads(result.stdout)
    want_articles = sum(1 for v in expected.values() if v == "article")
    want_rejects: dict[str, int] = {}
    for v in expected.values():
        if v.startswith("reject:"):
            want_rejects[v.split(":", 1)[1]] = want_rejects.get(v.split(":", 1)[1], 0) + 1
    assert summary["status"] == "partial"
    assert summary["ingested"] == want_articles
    assert summary["rejected"] == want_rejects


def test_every_item_is_an_article_or_a_recorded_rejection(ingested) -> None:
    expected, db, _ = ingested
    root = db.parent / "in"
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        arts = [json.loads(r["record"]) for r in con.execute("SELECT record FROM articles")]
        rejects = [dict(r) for r in con.execute("SELECT * FROM rejects")]
    got: dict[str, str] = {}
    for a in arts:
        got[_source_key(a["source"]["path"], a["source"].get("line"), root)] = "article"
    for r in rejects:
        key = _source_key(r["source_path"], r.get("source_line"), root)
        got[key] = f"reject:{r['code']}"
        assert r["reason"] and r["hint"], r
    assert got == expected


def test_converted_and_hostile_inputs_are_clean(ingested) -> None:
    _expected, db, _ = ingested
    with sqlite3.connect(db) as con:
        texts = {json.loads(r[0])["source"]["path"].rsplit("/", 1)[-1]: r[1]
                 for r in con.execute("SELECT record, text FROM articles")}
    assert " ".join(texts["legacy_krutidev.txt"].split()) == " ".join(LEGACY_UNICODE.split())
    for marker in FORBIDDEN_MARKERS:
        assert marker not in texts["hostile.html"]


def test_rerun_adds_nothing(ingested) -> None:
    _expected, db, first = ingested
    again = _ghatna("ingest", str(db.parent / "in"), "--db", str(db), "--format", "json", *ANNOTATE)
    summary = json.loads(again.stdout)
    assert summary["ingested"] == 0 and summary["duplicate"] == json.loads(first.stdout)["ingested"]
