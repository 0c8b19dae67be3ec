"""``ghatna dedup`` and ``ghatna stories``: the cross-document steps over the articles of a store.

``dedup`` finds reprints and lightly edited copies (MinHash LSH over word shingles, spellings
folded) and stores the pairs with their Jaccard estimates and the duplicate groups. ``stories``
runs near-duplicates, stories and canonical events (one per happening, with every reporting article)
and stores all three. Both replace what an earlier run stored; MinHash signatures are kept, so a
re-run only hashes new articles.

Exit codes: 0 done; 1 error (the store cannot be opened or written); 2 usage.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer

from ghatna.cli.common import EXIT_ERROR, EXIT_USAGE, load_cli_settings
from ghatna.errors import ConfigError, GhatnaError

DbOption = typer.Option(None, "--db", help="SQLite file to use (overrides store.url).")
ConfigOption = typer.Option(None, "--config", help="Settings file (TOML); default ./ghatna.toml if present.")
FormatOption = typer.Option("text", "--format", help="text for people, json for programs (one JSON object).")


def _run(db: Optional[str], config: Optional[Path], steps: tuple[str, ...], params: object, fmt: str,
         show: int) -> None:
    """Open the store, run the steps, store their results and print the summary (and the largest results)."""
    from ghatna.crossdoc import crossdoc_store
    from ghatna.store import open_store

    if fmt not in ("text", "json"):
        raise typer.BadParameter("choose text or json", param_hint="--format")
    try:
        settings = load_cli_settings(config, {"store.url": db})
        with open_store(settings.store, create=False) as store:
            result = crossdoc_store(store, params, steps=steps)  # type: ignore[arg-type]
    except GhatnaError as exc:
        typer.echo(f"error [{exc.code}] {exc.message}", err=True)
        if exc.hint:
            typer.echo(f"  hint: {exc.hint}", err=True)
        raise typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_ERROR) from exc
    summary = {"store": settings.store.url, **result.summary()}
    if fmt == "json":
        if show:
            summary["near_duplicates"] = [d.to_dict() for d in result.near_duplicates[:show]]
            summary["stories"] = [s.to_dict() for s in sorted(result.stories, key=lambda s: -len(s.members))[:show]]
            summary["canonical_events"] = [e.to_dict() for e in
                                           sorted(result.events, key=lambda e: -len(e.reports))[:show]]
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    for key, value in summary.items():
        if key != "seconds":
            typer.echo(f"{key:<38} {value}")
    typer.echo(f"{'seconds':<38} " + ", ".join(f"{k} {v}" for k, v in summary["seconds"].items()))
    for d in result.near_duplicates[:show]:
        typer.echo(f"duplicate  {d.a}  {d.b}  {d.jaccard:.2f} {d.kind}")
    for s in sorted(result.stories, key=lambda s: -len(s.members))[:show if "stories" in steps else 0]:
        if len(s.members) > 1:
            typer.echo(f"story      {s.id}  {len(s.members)} articles  {s.first_date}..{s.last_date}  {s.title or ''}")
    for e in sorted(result.events, key=lambda e: -len(e.reports))[:show if "events" in steps else 0]:
        if len(e.reports) > 1:
            typer.echo(f"event      {e.id}  {e.event_type} {','.join(e.actor)} -> {','.join(e.recipient)}"
                       f"  {e.date.value if e.date else '?'}  {len(e.reports)} reports")


def dedup(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    threshold: float = typer.Option(0.7, "--threshold", min=0.05, max=1.0,
                                    help="Smallest estimated Jaccard similarity of word 3-shingles for a pair."),
    fmt: str = FormatOption,
    show: int = typer.Option(10, "--show", help="Also print this many pairs (most similar first)."),
) -> None:
    """Find reprints and lightly edited copies among the stored articles; store pairs and groups."""
    from ghatna.crossdoc import CrossDocParams
    from ghatna.ingest.dedup import DedupParams

    params = CrossDocParams(dedup=DedupParams(threshold=threshold))
    _run(db, config, ("dedup",), params, fmt, show)


def stories(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    threshold: float = typer.Option(0.3, "--threshold", min=0.0, max=1.0,
                                    help="Smallest similarity (words, entities, events) to join a story."),
    window_days: int = typer.Option(3, "--window-days", min=0,
                                    help="A story takes no article published more days after its last one."),
    dedup_threshold: float = typer.Option(0.7, "--dedup-threshold", min=0.05, max=1.0,
                                          help="Near-duplicate threshold (reprints join their original's story)."),
    fmt: str = FormatOption,
    show: int = typer.Option(10, "--show", help="Also print this many of the largest stories and events."),
) -> None:
    """Group stored articles into stories and their events into canonical events (one per happening)."""
    from ghatna.crossdoc import CrossDocParams
    from ghatna.ingest.dedup import DedupParams

    base = CrossDocParams()
    params = CrossDocParams(dedup=DedupParams(threshold=dedup_threshold),
                            stories=replace(base.stories, threshold=threshold, window_days=window_days))
    _run(db, config, ("dedup", "stories", "events"), params, fmt, show)


def register(app: typer.Typer) -> None:
    """Attach the commands to the app."""
    app.command("dedup")(dedup)
    app.command("stories")(stories)
