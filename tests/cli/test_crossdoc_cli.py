"""ghatna dedup and ghatna stories over a store holding the team-written article pairs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ghatna.cli import crossdoc as cli_crossdoc
from ghatna.config import Settings, StoreSettings
from ghatna.ingest.readers import read_inputs
from ghatna.persist import Annotator
from ghatna.registry import builtin_stages
from ghatna.store import open_store

ARTICLES = Path(__file__).parents[1] / "cluster" / "articles"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the team articles and their annotations (NER stubbed: the model ships separately)."""
    table = builtin_stages()
    ner = table["ghatna.extract.ner.v1"]
    table[ner.name] = dataclasses.replace(ner, factory=lambda s: (lambda article: []))
    annotate, settings = Annotator(Settings(), table=table), Settings()
    items, bundles = [], []
    for record in read_inputs([str(ARTICLES)], settings):
        article, bundle = annotate(record, settings)
        items.append((article, record))
        bundles.append(bundle)
    path = str(tmp_path_factory.mktemp("cli") / "ghatna.db")
    with open_store(StoreSettings(url=path)) as store:
        store.put_articles(items, annotations=bundles)
    return path


@pytest.fixture
def cli() -> typer.Typer:
    """An app with only the cross-document commands."""
    app = typer.Typer()
    cli_crossdoc.register(app)
    return app


def _invoke(app: typer.Typer, *args: str):
    """Run a command in-process."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli_dedup_stores_the_reprint_pair(cli: typer.Typer, db: str) -> None:
    res = _invoke(cli, "dedup", "--db", db, "--format", "json", "--show", "5")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["near_duplicate_pairs"] == 1 and out["steps"] == ["dedup"]
    assert out["near_duplicates"][0]["kind"] == "near" and out["near_duplicates"][0]["jaccard"] >= 0.7
    strict = json.loads(_invoke(cli, "dedup", "--db", db, "--threshold", "0.99", "--format", "json").stdout)
    assert strict["near_duplicate_pairs"] == 0 and strict["signatures_made"] == 0


def test_cli_stories_groups_articles_and_merges_events(cli: typer.Typer, db: str) -> None:
    res = _invoke(cli, "stories", "--db", db, "--format", "json", "--show", "2")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["multi_article_stories"] == 2 and out["articles_in_multi_article_stories"] == 6
    assert [len(s["members"]) for s in out["stories"]] == [3, 3]
    assert len(out["canonical_events"][0]["reports"]) == 3
    text = _invoke(cli, "stories", "--db", db).stdout
    assert "multi_article_stories" in text and "story      st_" in text and "3 reports" in text
    with open_store(StoreSettings(url=db)) as store:
        assert store.crossdoc_counts()["multi_article_stories"] == 2


def test_cli_stories_window_zero_still_joins_same_day_reports(cli: typer.Typer, db: str) -> None:
    out = json.loads(_invoke(cli, "stories", "--db", db, "--window-days", "0", "--format", "json").stdout)
    assert out["multi_article_stories"] >= 1


def test_cli_crossdoc_missing_store_is_an_error(cli: typer.Typer, tmp_path: Path) -> None:
    res = _invoke(cli, "stories", "--db", str(tmp_path / "none.db"))
    assert res.exit_code == 1 and "E500" in res.output
