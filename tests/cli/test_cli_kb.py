"""ghatna kb search|show|add."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from ghatna.cli import kb as kb_cmd


def _app() -> typer.Typer:
    app = typer.Typer()
    kb_cmd.register(app)

    @app.callback()
    def _root() -> None:
        """Test root."""

    return app


def _run(*args: str):
    return CliRunner().invoke(_app(), list(args))


def test_cli_kb_search_same_entity_in_both_scripts() -> None:
    latin = json.loads(_run("kb", "search", "Tokayev").output.splitlines()[0])
    deva = json.loads(_run("kb", "search", "टोकाएव").output.splitlines()[0])
    assert latin["id"] == deva["id"] == "ghatna:kassym-jomart-tokayev"
    assert latin["name_en"] == "Kassym-Jomart Tokayev"


def test_cli_kb_show_and_unknown_name() -> None:
    shown = json.loads(_run("kb", "show", "कज़ाकिस्तान").output)
    assert shown["qid"] == "Q232" and any(a["kind"] == "demonym" for a in shown["aliases"])
    res = _run("kb", "show", "zzqqxx")
    assert res.exit_code != 0 and "E402" in str(res.exception)


def test_cli_kb_add_writes_an_extended_kb(tmp_path: Path) -> None:
    src = tmp_path / "people.yaml"
    src.write_text("- {name_en: Minh Duc, name_hi: मिन्ह डुक}\n", encoding="utf-8")
    out = tmp_path / "kb.json.gz"
    res = _run("kb", "add", str(src), "--out", str(out))
    assert res.exit_code == 0, res.output
    found = json.loads(_run("kb", "search", "मिन्ह डुक", "--kb", str(out)).output.splitlines()[0])
    assert found["id"] == "user:minh-duc"
