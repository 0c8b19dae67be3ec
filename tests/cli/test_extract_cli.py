"""ghatna extract: JSONL documents, with the cross-document fields over the run's articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ghatna.cli import extract as cli_extract

ARTICLES = Path(__file__).parents[1] / "cluster" / "articles"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """An app with only the extract command."""
    app = typer.Typer()
    cli_extract.register(app)
    app.command("noop")(lambda: None)  # a second command keeps typer from collapsing the group
    return app


def _docs(app: typer.Typer, *args: str) -> dict[str, dict]:
    """Run ``extract`` and return its documents keyed by the file name of their source."""
    res = CliRunner().invoke(app, ["extract", *args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    docs = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    return {Path(d["article"]["source"]["path"]).stem: d for d in docs}


@pytest.fixture(scope="module")
def crossdoc_docs(app: typer.Typer) -> dict[str, dict]:
    """The team article pairs through ``ghatna extract`` with the default cross-document steps."""
    return _docs(app, str(ARTICLES))


def test_extract_adds_story_and_near_duplicate_ids(crossdoc_docs: dict[str, dict]) -> None:
    docs = crossdoc_docs
    assert len(docs) == 8
    a, reprint, b = docs["astana_a"]["article"], docs["astana_a_reprint"]["article"], docs["astana_b"]["article"]
    assert a["story_id"] and a["story_id"] == b["story_id"] == reprint["story_id"]
    assert reprint["near_duplicate_of"] == a["id"] or a["near_duplicate_of"] == reprint["id"]
    assert docs["astana_xi"]["article"]["story_id"] != a["story_id"]
    assert docs["call_a"]["article"]["near_duplicate_of"] is None


def test_extract_gives_one_canonical_id_to_the_phone_call_reported_three_times(crossdoc_docs: dict[str, dict]) -> None:
    ids = []
    for name in ("call_a", "call_b", "call_c"):
        events = crossdoc_docs[name]["events"]
        assert all("canonical_id" in e for e in events)
        ids.append({e["canonical_id"] for e in events if e["event_type"] == "CONSULT" and e["canonical_id"]})
    shared = ids[0] & ids[1] & ids[2]
    assert len(shared) == 1, ids


def test_no_crossdoc_streams_documents_without_the_fields(app: typer.Typer) -> None:
    docs = _docs(app, "--no-crossdoc", str(ARTICLES / "call_a.txt"))
    assert "story_id" not in docs["call_a"]["article"]
    assert all("canonical_id" not in e for e in docs["call_a"]["events"])
