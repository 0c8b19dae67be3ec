"""``ghatna kb merge-nil | merges | merge | undo-merge | entity`` and ``kb search`` over a store."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ghatna.cli import kb as kb_cmd
from ghatna.cli.ingest import ingest_records
from ghatna.config import Settings, StoreSettings
from ghatna.persist import Annotator
from ghatna.registry import StageSpec, builtin_stages
from ghatna.store import open_store
from ghatna.types import Mention, RawRecord, SourceRef

# written by the team: one unknown official, spelled two ways, in the same context
ARTICLES = [
    "अस्ताना। कज़ाखस्तान के उप विदेश मंत्री दाउलेत ज़ुमाबेकोव ने शंघाई सहयोग संगठन की बैठक से पहले रूस के "
    "विदेश मंत्री सर्गेई लावरोव से मुलाकात की।",
    "अस्ताना में शंघाई सहयोग संगठन के सम्मेलन की तैयारी पर कजाखस्तान के उप विदेश मंत्री दौलेत जुमाबेकोफ ने "
    "रूसी विदेश मंत्री सर्गेई लावरोव के साथ चर्चा की।",
]
UNKNOWN = ("दाउलेत ज़ुमाबेकोव", "दौलेत जुमाबेकोफ")


def _ner(settings: Settings):
    """Stand-in NER: the unknown names as PERSON mentions."""
    def run(article):
        return [Mention(p, p + len(n), n, "PERSON", 0.9, "model") for n in UNKNOWN if (p := article.text.find(n)) >= 0]
    return run


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """A store with both articles annotated (built once; tests that merge undo what they did)."""
    path = str(tmp_path_factory.mktemp("kb") / "s.db")
    table = dict(builtin_stages())
    table["ghatna.extract.ner.v1"] = StageSpec("ghatna.extract.ner.v1", _ner, ("article",), ("model_mentions",), "")
    settings = replace(Settings(), store=StoreSettings(url=path))
    with open_store(settings.store) as store:
        recs = [RawRecord(SourceRef(f"a{i}.txt"), t.encode("utf-8")) for i, t in enumerate(ARTICLES)]
        ingest_records(recs, settings, store, Annotator(settings, table=table))
    return path


def _run(*args: str):
    app = typer.Typer()
    kb_cmd.register(app)

    @app.callback()
    def _root() -> None:
        """Test root."""

    return CliRunner().invoke(app, list(args))


def _lines(res) -> list[dict]:
    assert res.exit_code == 0, res.output
    return [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]


def test_kb_search_finds_stored_unknown_entities_in_both_scripts(db):
    deva = _lines(_run("kb", "search", "दाउलेत ज़ुमाबेकोव", "--db", db))
    latin = _lines(_run("kb", "search", "Daulet Zhumabekov", "--db", db))
    assert deva[0]["id"].startswith("nil:person:") and deva[0]["stored"] and deva[0]["nil"]
    assert latin[0]["id"] == deva[0]["id"] and latin[0]["matched"] == "दाउलेत ज़ुमाबेकोव"
    # KB entities still come first, from the KB; the store adds no duplicate of them
    lavrov = _lines(_run("kb", "search", "लावरोव", "--db", db))
    assert [h["id"] for h in lavrov].count("ghatna:sergey-lavrov") == 1
    assert _run("kb", "search", "Zzqqxx Yyww", "--db", db).exit_code != 0


def test_kb_merge_nil_merges_undo_and_entity(db):
    dry = _lines(_run("kb", "merge-nil", "--db", db, "--dry-run"))
    assert len(dry) == 1 and dry[0]["applied"] is False and dry[0]["rule"] == "spelling"
    (done,) = _lines(_run("kb", "merge-nil", "--db", db))
    assert done["applied"] and done["merge_id"] >= 1
    page = _lines(_run("kb", "entity", done["merged"], "--db", db))[0]
    assert page["entity"]["id"] == done["kept"] and page["merged_from"] == [done["merged"]]
    assert {a["text"] for a in page["aliases"]} >= set(UNKNOWN) and len(page["articles"]) == 2
    (listed,) = _lines(_run("kb", "merges", "--db", db, "--active"))
    assert listed["id"] == done["merge_id"] and listed["evidence"]["rule"] == "spelling"
    undone = _lines(_run("kb", "undo-merge", str(done["merge_id"]), "--db", db))[0]
    assert undone["active"] is False
    assert _lines(_run("kb", "entity", done["merged"], "--db", db))[0]["entity"]["id"] == done["merged"]
    assert _lines(_run("kb", "merges", "--db", db, "--active")) == []
    assert _lines(_run("kb", "merge-nil", "--db", db)) == []  # the user split them: not proposed again


def test_kb_manual_merge_and_errors(db):
    (a,) = _lines(_run("kb", "search", "दाउलेत ज़ुमाबेकोव", "--db", db, "--limit", "1"))
    merged = _lines(_run("kb", "merge", "Q232", a["id"], "--reason", "test", "--db", db))[0]
    assert merged["kept"] == "Q232" and merged["created_by"] == "user"
    _run("kb", "undo-merge", str(merged["id"]), "--db", db)
    bad = _run("kb", "undo-merge", str(merged["id"]), "--db", db)
    assert bad.exit_code != 0 and "E507" in str(bad.exception)
    assert "E505" in str(_run("kb", "entity", "nil:person:none", "--db", db).exception)
    missing = _run("kb", "merges", "--db", str(Path(db).with_name("absent.db")))
    assert "E500" in str(missing.exception) and not Path(db).with_name("absent.db").exists()
