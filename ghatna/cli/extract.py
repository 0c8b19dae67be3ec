"""``ghatna extract PATH…``: print one ``ghatna.article/1`` object per article (JSONL).

With the whole pipeline (the default), the cross-document steps run over the articles of the run
before anything is printed, so each object carries ``article.story_id``,
``article.near_duplicate_of`` and ``events[i].canonical_id``: the articles are held in memory until
then. ``--no-crossdoc`` prints each article as soon as it is done (streaming, constant memory);
for corpora that do not fit in memory, ``ghatna batch`` writes Parquet and runs the same steps.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from ghatna.article_rows import article_crossdoc_input
from ghatna.cli.common import exit_code_for, load_cli_settings
from ghatna.ingest.readers import read_inputs
from ghatna.output import article_document
from ghatna.persist import to_annotations
from ghatna.pipeline import FULL_STAGES, INGEST_STAGES, Pipeline
from ghatna.store.crossdoc import CrossDocInput


def extract(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    format: str = typer.Option("json", "--format", "-f", help="json (JSONL, one object per article) or text."),
    config: Optional[Path] = typer.Option(None, "--config", help="A ghatna.toml settings file."),
    annotate: bool = typer.Option(True, "--annotate/--no-annotate",
                                  help="Run the whole pipeline (entities, events, quotes, facts) or only cleaning."),
    crossdoc: bool = typer.Option(True, "--crossdoc/--no-crossdoc",
                                  help="Add story, near-duplicate and canonical-event ids (holds the run's "
                                       "articles in memory; --no-crossdoc streams)."),
) -> None:
    """Extract articles with their entities, events, quotes and facts from raw inputs (JSONL out)."""
    if format not in ("json", "text"):
        raise typer.BadParameter("choose json or text", param_hint="--format")
    settings = load_cli_settings(config, {})
    pipeline = Pipeline(settings, FULL_STAGES if annotate else INGEST_STAGES)
    ok = rejected = 0
    held: list[dict[str, Any]] = []
    inputs: list[CrossDocInput] = []
    cross = crossdoc and annotate
    seen: set[str] = set()
    for _record, result in pipeline.run_all(read_inputs(paths, settings)):
        if result.rejection is not None:
            rejected += 1
            r = result.rejection
            typer.echo(f"rejected {r.source.path}#{r.source.index} [{r.code}] {r.reason} — {r.hint}", err=True)
            continue
        ok += 1
        assert result.article is not None
        doc = article_document(result.article, result.annotations)
        if cross:
            held.append(doc)
            bundle = to_annotations(result.article.id, result.annotations, pipeline.stage_names)
            if result.article.id not in seen:  # the same article read twice is one input
                seen.add(result.article.id)
                inputs.append(article_crossdoc_input(result.article, bundle))
        else:
            _emit(doc, format)
    if cross and held:
        from ghatna.crossdoc import add_document_fields, document_fields, run_crossdoc

        fields = document_fields(run_crossdoc(inputs))
        for doc in held:
            _emit(add_document_fields(doc, fields.get(doc["article"]["id"])), format)
    raise typer.Exit(exit_code_for(ok, rejected))


def _emit(doc: dict[str, Any], format: str) -> None:
    """Print one article document as a JSONL line, or its text for ``--format text``."""
    if format == "json":
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    else:
        a = doc["article"]
        typer.echo(f"# {a['id']}  {a['title'] or '(no title)'}  [{a['source']['path']}]")
        typer.echo(a["text"])
        typer.echo("")


def register(app: typer.Typer) -> None:
    """Attach the command to the app."""
    app.command("extract")(extract)
