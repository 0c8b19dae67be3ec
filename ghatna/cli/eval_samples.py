"""``ghatna eval samples``: run the whole pipeline on the shared sample articles and score it.

For each ``*.txt`` in the samples folder (default ``../shared/samples`` beside the repository)
the command runs every stage (``pipeline.FULL_STAGES``), builds the ``ghatna.article/1`` object
and compares it with ``expected/<name>.json`` (``extract.sampleeval`` says how). It prints, per
section (document, entities, events, quotes, facts), what matched, what was missed and what is
extra, with precision and recall. Exit codes: 0 every non-optional item matched; 1 something
required was missed, or the samples or the pipeline could not be loaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ghatna.cli.common import load_cli_settings

_MARK = {"matched": "ok  ", "missed": "MISS", "extra": "xtra", "optional-matched": "opt ", "optional-missed": "opt-"}


def default_samples() -> Path:
    """``../shared/samples`` beside the repository (or beside the working directory)."""
    repo = Path(__file__).resolve().parents[2]
    for cand in (repo.parent / "shared" / "samples", Path.cwd().parent / "shared" / "samples"):
        if cand.is_dir():
            return cand
    return repo.parent / "shared" / "samples"


def _pct(v: float | None) -> str:
    """A ratio as a percentage (or a dash)."""
    return "  -  " if v is None else f"{100 * v:5.1f}"


def samples(
    folder: Optional[Path] = typer.Option(None, "--samples", help="Folder with *.txt and expected/*.json "
                                          "(default: ../shared/samples beside the repository)."),
    fmt: str = typer.Option("text", "--format", help="'text' (a report) or 'json'."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Text report without matched items."),
    config: Optional[Path] = typer.Option(None, "--config", help="A ghatna.toml settings file."),
) -> None:
    """Score the full pipeline on the shared samples against their expected output."""
    from ghatna.extract.sampleeval import SECTIONS, compare_article
    from ghatna.ingest.readers import read_inputs
    from ghatna.output import article_document
    from ghatna.pipeline import FULL_STAGES, Pipeline

    if fmt not in ("text", "json"):
        raise typer.BadParameter("choose 'text' or 'json'", param_hint="--format")
    folder = folder or default_samples()
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        typer.echo(f"no samples (*.txt) in {folder}", err=True)
        raise typer.Exit(1)
    pipeline = Pipeline(load_cli_settings(config, {}), FULL_STAGES)
    reports = []
    for path in texts:
        exp_path = folder / "expected" / f"{path.stem}.json"
        if not exp_path.is_file():
            typer.echo(f"{path.name}: no {exp_path}", err=True)
            raise typer.Exit(1)
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        results = [r for _, r in pipeline.run_all(read_inputs([str(path)], pipeline.settings))]
        if not results or results[0].article is None:
            typer.echo(f"{path.name}: rejected by the pipeline", err=True)
            raise typer.Exit(1)
        doc = article_document(results[0].article, results[0].annotations)
        reports.append(compare_article(doc, expected, path.name))
    if fmt == "json":
        typer.echo(json.dumps({"ok": all(r.ok for r in reports), "samples": [r.to_dict() for r in reports]},
                              ensure_ascii=False))
    else:
        for r in reports:
            typer.echo(f"== {r.name}: {'PASS' if r.ok else 'FAIL'}")
            for name in SECTIONS:
                s = r.sections[name]
                typer.echo(f"  {name:9s} matched {s.count('matched'):3d}  missed {s.count('missed'):3d}  "
                           f"extra {s.count('extra'):3d}  optional {s.count('optional-matched')}  "
                           f"P {_pct(s.precision)}  R {_pct(s.recall)}")
                for item in s.items:
                    if quiet and item.status in ("matched", "optional-matched"):
                        continue
                    typer.echo(f"    {_MARK[item.status]} {item.label}" + (f"  ({item.detail})" if item.detail else ""))
        typer.echo("PASS" if all(r.ok for r in reports) else "FAIL")
    raise typer.Exit(0 if all(r.ok for r in reports) else 1)


def register(eval_app: typer.Typer) -> None:
    """Attach ``samples`` to the ``eval`` command group."""
    eval_app.command("samples")(samples)
