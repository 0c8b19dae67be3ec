"""``ghatna extract PATH…``: print one ``ghatna.article/1`` object per article (JSONL)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ghatna.cli.common import exit_code_for, load_cli_settings
from ghatna.ingest.readers import read_inputs
from ghatna.output import article_document
from ghatna.pipeline import FULL_STAGES, INGEST_STAGES, Pipeline


def extract(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    format: str = typer.Option("json", "--format", "-f", help="json (JSONL, one object per article) or text."),
    config: Optional[Path] = typer.Option(None, "--config", help="A ghatna.toml settings file."),
    annotate: bool = typer.Option(True, "--annotate/--no-annotate",
                                  help="Run the whole pipeline (entities, events, quotes, facts) or only cleaning."),
) -> None:
    """Extract articles with their entities, events, quotes and facts from raw inputs (JSONL out)."""
    if format not in ("json", "text"):
        raise typer.BadParameter("choose json or text", param_hint="--format")
    settings = load_cli_settings(config, {})
    pipeline = Pipeline(settings, FULL_STAGES if annotate else INGEST_STAGES)
    ok = rejected = 0
    for _record, result in pipeline.run_all(read_inputs(paths, settings)):
        if result.rejection is not None:
            rejected += 1
            r = result.rejection
            typer.echo(f"rejected {r.source.path}#{r.source.index} [{r.code}] {r.reason} — {r.hint}", err=True)
            continue
        ok += 1
        assert result.article is not None
        doc = article_document(result.article, result.annotations)
        if format == "json":
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        else:
            a = doc["article"]
            typer.echo(f"# {a['id']}  {a['title'] or '(no title)'}  [{a['source']['path']}]")
            typer.echo(a["text"])
            typer.echo("")
    raise typer.Exit(exit_code_for(ok, rejected))


def register(app: typer.Typer) -> None:
    """Attach the command to the app."""
    app.command("extract")(extract)
