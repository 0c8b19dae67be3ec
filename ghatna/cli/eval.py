"""``ghatna eval``: quality evaluations of the shipped stages (a command group).

``ghatna eval ner --data FILE [--format json] [--model DIR]`` scores the NER stage on an IOB2
file in the IL-NER or HiNER format: entity-level strict P/R/F1 per type and micro-averaged
over PER/LOC/ORG. Exit codes: 0 scored; 1 error (file unreadable, model missing).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

eval_app = typer.Typer(help="Measure the quality of ghatna's stages on annotated data.", no_args_is_help=True)


@eval_app.callback()
def eval_group() -> None:
    """Measure the quality of ghatna's stages on annotated data."""


@eval_app.command("ner")
def eval_ner(
    data: Path = typer.Option(..., "--data", help="IOB2 file (TOKEN<TAB>TAG, blank line between sentences)."),
    fmt: str = typer.Option("text", "--format", help="'text' (a table) or 'json'."),
    model: str = typer.Option("", "--model", help="NER model directory; default: the shipped model."),
) -> None:
    """Score the NER stage on an IOB2 file (strict entity-level P/R/F1)."""
    from ghatna.extract.ner import NerTagger
    from ghatna.extract.nerdata import read_iob
    from ghatna.extract.nereval import evaluate

    if fmt not in ("text", "json"):
        raise typer.BadParameter("choose 'text' or 'json'", param_hint="--format")
    report = evaluate(NerTagger.from_disk(model or None), read_iob(data))
    if fmt == "json":
        out = {"micro": report["micro"],
               "per_type": {k: {"p": v["p"], "r": v["r"], "f1": v["f1"], "support": v["gold"]}
                            for k, v in report["per_type"].items()},
               "sentences": report["sentences"]}
        typer.echo(json.dumps(out))
        return
    typer.echo(f"{data}: {report['sentences']} sentences, {report['tokens']} tokens")
    typer.echo(f"{'type':6s} {'P':>7s} {'R':>7s} {'F1':>7s} {'gold':>6s} {'pred':>6s}")
    for t, v in report["per_type"].items():
        typer.echo(f"{t:6s} {v['p']:7.4f} {v['r']:7.4f} {v['f1']:7.4f} {v['gold']:6d} {v['pred']:6d}")
    m = report["micro"]
    typer.echo(f"{'micro':6s} {m['p']:7.4f} {m['r']:7.4f} {m['f1']:7.4f}   (PER/LOC/ORG)")


def register(app: typer.Typer) -> None:
    """Attach the ``eval`` command group to the main app."""
    from ghatna.cli import eval_samples

    eval_samples.register(eval_app)
    app.add_typer(eval_app, name="eval")
