"""ghatna batch: the same articles, entities and events with the local and the Ray engine; failures as rows; load."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from ghatna.article_rows import ROW_SCHEMA, read_rows
from ghatna.batch import get_engine
from ghatna.batchjob import MapSpec, load_batch, run_batch
from ghatna.cli import batch as cli_batch
from ghatna.config import Settings, StoreSettings
from ghatna.crossdoc import crossdoc_store
from ghatna.store import open_store

from .stub_stages import stub_ner_table

ARTICLES = Path(__file__).parents[1] / "cluster" / "articles"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team articles plus inputs that must fail: an empty file and a binary one."""
    folder = tmp_path_factory.mktemp("inputs")
    for p in sorted(ARTICLES.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def _spec(workers: int) -> MapSpec:
    """Map settings: the full pipeline with NER stubbed, small batches so that several workers get work."""
    return MapSpec(Settings(), table=stub_ner_table(), workers=workers, batch_rows=3)


def _by_source(folder: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """Return output rows by (file name, index), without the timing column."""
    out = {}
    for row in read_rows(folder / "articles"):
        row.pop("seconds")
        out[(Path(row["source_path"]).name, row["source_index"])] = row
    return out


def _essence(row: dict[str, Any]) -> tuple[Any, ...]:
    """Return what must agree between engines: status, code, article id, entities and events."""
    ann = json.loads(row["annotations"]) if row["annotations"] else {}
    ents = sorted((m["start"], m["end"], m["entity_id"]) for m in (ann.get("links") or {}).get("mentions", []))
    return row["status"], row["code"], row["article_id"], ents, json.dumps(ann.get("events"), sort_keys=True)


@pytest.fixture(scope="module")
def local_run(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One local run with two worker processes."""
    out = tmp_path_factory.mktemp("local")
    run_batch([str(inputs)], out, _spec(2), get_engine("local"), engine_name="local")
    return out


def test_batch_local_rows_hold_articles_annotations_and_failures(local_run: Path) -> None:
    rows = _by_source(local_run)
    assert len(rows) == 10
    ok = [r for r in rows.values() if r["status"] == "ok"]
    assert len(ok) == 8 and all(r["annotations"] and r["entity_ids"] for r in ok)
    assert {r["code"] for k, r in rows.items() if k[0] in ("empty.txt", "binary.txt")} == {"E100", "E102"}
    assert all(r["stage"] == "ghatna.ingest.article.v1" for r in rows.values() if r["status"] == "rejected")
    call = rows[("call_a.txt", 0)]
    assert call["publisher"] == "Bharat Vartman" and call["published"] == "2024-06-25"
    assert "CONSULT" in call["event_types"]
    assert pq.read_schema(next((local_run / "articles").glob("*.parquet"))).equals(ROW_SCHEMA)
    manifest = json.loads((local_run / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["ok"], manifest["rejected"], manifest["engine"]) == (8, 2, "local")
    assert manifest["crossdoc"]["multi_article_stories"] == 2


def test_batch_local_one_worker_equals_two(inputs: Path, local_run: Path, tmp_path: Path) -> None:
    run_batch([str(inputs)], tmp_path, _spec(1), get_engine("local"), crossdoc=False)
    one, two = _by_source(tmp_path), _by_source(local_run)
    assert {k: _essence(v) for k, v in one.items()} == {k: _essence(v) for k, v in two.items()}
    assert not (tmp_path / "stories.parquet").exists()


def test_batch_refuses_an_output_folder_with_an_earlier_run(inputs: Path, local_run: Path) -> None:
    with pytest.raises(FileExistsError):
        run_batch([str(inputs)], local_run, _spec(1), get_engine("local"))


def test_batch_ray_gives_the_same_articles_entities_and_events_as_local(inputs: Path, local_run: Path,
                                                                         tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    # Ray workers unpickle the stub table by reference: they must import tests/batch/stub_stages.py
    tests_root = str(Path(__file__).parents[1])
    path = os.pathsep.join(p for p in (tests_root, os.environ.get("PYTHONPATH", "")) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": path}})
    try:
        run_batch([str(inputs)], tmp_path, _spec(2), get_engine("ray"), engine_name="ray")
    finally:
        ray.shutdown()
    with_ray, local = _by_source(tmp_path), _by_source(local_run)
    assert {k: _essence(v) for k, v in with_ray.items()} == {k: _essence(v) for k, v in local.items()}
    assert sum(r["status"] == "ok" for r in with_ray.values()) == 8
    ray_manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    local_manifest = json.loads((local_run / "manifest.json").read_text(encoding="utf-8"))
    for key in ("near_duplicate_pairs", "stories", "canonical_events", "event_reports"):
        assert ray_manifest["crossdoc"][key] == local_manifest["crossdoc"][key]


def test_batch_load_puts_articles_failures_stories_and_events_in_the_store(local_run: Path, tmp_path: Path) -> None:
    with open_store(StoreSettings(url=str(tmp_path / "ghatna.db"))) as store:
        summary = load_batch(local_run, store)
        assert (summary.articles, summary.new, summary.annotated, summary.rejected) == (8, 8, 8, 2)
        assert {r.rejection.code for r in store.list_rejections()} == {"E100", "E102"}
        loaded = store.crossdoc_counts()
        assert loaded["multi_article_stories"] == 2 and loaded["near_duplicate_pairs"] == 1
        calls = [e for e in store.list_canonical_events(entity_id="Q7747", min_reports=3)]
        assert len(calls) == 1 and len(calls[0].reports) == 3
        # the store's own run over the loaded articles agrees with the batch run, reusing its signatures
        again = crossdoc_store(store)
        assert again.new_signatures == [] and store.crossdoc_counts() == loaded


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """An app with the batch commands; the pipeline's stage table has NER stubbed (in-process only)."""
    table = stub_ner_table()
    monkeypatch.setattr("ghatna.pipeline.builtin_stages", lambda: dict(table))
    app = typer.Typer()
    cli_batch.register(app)
    return app


def test_batch_cli_runs_and_loads(cli: typer.Typer, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["batch", str(inputs), "--out", str(out), "--engine", "local", "--workers", "1"])
    assert res.exit_code == 3, res.output  # partial: two inputs are rejected rows
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert (summary["ok"], summary["rejected"], summary["codes"]) == (8, 2, {"E100": 1, "E102": 1})
    res = CliRunner().invoke(cli, ["load", str(out), "--db", str(tmp_path / "g.db")])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["new"] == 8
    res = CliRunner().invoke(cli, ["load", str(tmp_path / "nothing"), "--db", str(tmp_path / "g.db")])
    assert res.exit_code == 2
