"""``ghatna batch`` and ``ghatna load``: the pipeline over many inputs with a batch engine, then into a store.

``batch --engine local|ray INPUT… --out DIR`` maps the whole per-article pipeline over the inputs
(local worker processes, or Ray Data on a local instance or a cluster), writes one Parquet row per
input record (articles with their annotations; failures as rows with code, stage and reason), then
runs near-duplicates, stories and canonical events over the output. ``load DIR`` puts all of it
into the store in one command.

Exit codes of ``batch``: 0 every record became an annotated article; 3 partial: some records were
rejected or failed (they are rows of the output); 1 error; 2 usage. ``load``: 0 loaded; 1 error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ghatna.cli.common import EXIT_ERROR, EXIT_USAGE, exit_code_for, load_cli_settings
from ghatna.errors import ConfigError, GhatnaError

ConfigOption = typer.Option(None, "--config", help="Settings file (TOML); default ./ghatna.toml if present.")


def _fail(exc: GhatnaError) -> typer.Exit:
    """Print a coded error and return the Exit to raise."""
    typer.echo(f"error [{exc.code}] {exc.message}", err=True)
    if exc.hint:
        typer.echo(f"  hint: {exc.hint}", err=True)
    return typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_ERROR)


def batch(
    paths: list[str] = typer.Argument(..., help="Files, directories or globs (as 'ghatna ingest' takes them)."),
    out: Path = typer.Option(..., "--out", help="Output folder (created; must hold no earlier run)."),
    engine: str = typer.Option(None, "--engine", help="local (worker processes) or ray (Ray Data); "
                               "default batch.engine."),
    workers: Optional[int] = typer.Option(None, "--workers", min=0,
                                          help="Worker processes or Ray actors; 0 = one per core (batch.workers)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address",
                                              help="Ray cluster to join (e.g. ray://head:10001); default a local one."),
    no_crossdoc: bool = typer.Option(False, "--no-crossdoc", help="Skip near-duplicates, stories, canonical events."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """Run the whole per-article pipeline over many inputs with Ray or local processes; write Parquet."""
    from ghatna.batch import get_engine
    from ghatna.batchjob import MapSpec, run_batch

    try:
        settings = load_cli_settings(config, {"batch.engine": engine, "batch.workers": workers})
    except GhatnaError as exc:
        raise _fail(exc) from exc
    if ray_address and settings.batch.engine == "ray":
        import ray

        ray.init(address=ray_address, log_to_driver=False)
    spec = MapSpec(settings, workers=settings.batch.workers)
    try:
        summary = run_batch(paths, out, spec, get_engine(settings.batch.engine),
                            engine_name=settings.batch.engine, crossdoc=not no_crossdoc)
    except FileExistsError as exc:
        typer.echo(f"error {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    except GhatnaError as exc:  # the pipeline cannot be built (model or KB missing)
        raise _fail(exc) from exc
    typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    raise typer.Exit(exit_code_for(summary.ok, summary.failed + summary.rejected))


def load(
    folder: Path = typer.Argument(..., help="The --out folder of a 'ghatna batch' run."),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite file to use (overrides store.url)."),
    config: Optional[Path] = ConfigOption,
) -> None:
    """Load a batch run's Parquet output (articles, annotations, failures, stories, events) into the store."""
    from ghatna.batchjob import load_batch
    from ghatna.store import open_store

    try:
        settings = load_cli_settings(config, {"store.url": db})
        with open_store(settings.store) as store:
            summary = load_batch(folder, store, batch_size=settings.store.batch_size)
    except FileNotFoundError as exc:
        typer.echo(f"error {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    except GhatnaError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Attach the commands to the app."""
    app.command("batch")(batch)
    app.command("load")(load)
