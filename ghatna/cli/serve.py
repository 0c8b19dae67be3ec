"""``ghatna serve`` (the web UI and REST API) and ``ghatna search`` (the same search from the shell).

``serve`` first brings the search index up to date (articles stored by ``ghatna ingest`` are
queued for it), then serves until interrupted. It is read-only unless ``api.token`` is set
(``GHATNA_API__TOKEN``), which enables ``POST /api/articles`` for holders of the token.

Exit codes: 0 stopped normally; 1 the store cannot be opened; 2 usage or settings error.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

import typer

from ghatna.cli.common import EXIT_ERROR, EXIT_USAGE, load_cli_settings
from ghatna.errors import ConfigError, GhatnaError
from ghatna.store.search import SearchFilters

log = logging.getLogger(__name__)


def _fail(exc: GhatnaError) -> typer.Exit:
    """Print a coded error with its hint; return the Exit to raise."""
    typer.echo(f"error [{exc.code}] {exc.message}", err=True)
    if exc.hint:
        typer.echo(f"  hint: {exc.hint}", err=True)
    return typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_ERROR)


def serve(db: Optional[str] = typer.Option(None, "--db", help="Store to serve (default: store.url setting)."),
          port: Optional[int] = typer.Option(None, "--port", help="Port (default: api.port, 8000)."),
          host: Optional[str] = typer.Option(None, "--host", help="Address (default: api.host, 127.0.0.1)."),
          config: Optional[Path] = typer.Option(None, "--config", help="Settings file (TOML).")) -> None:
    """Serve the web UI and the REST API (OpenAPI at /api/docs) over a store."""
    import uvicorn

    from ghatna.api.app import create_app
    from ghatna.indexing import index_pending
    from ghatna.store import open_store

    try:
        settings = load_cli_settings(config, {"store.url": db, "api.port": port, "api.host": host})
        with open_store(settings.store, create=False) as store:
            report = index_pending(store, requeue=True)
            counts = store.counts()
    except GhatnaError as exc:
        raise _fail(exc) from exc
    if report.articles or report.entities:
        typer.echo(f"indexed {report.articles} articles and {report.entities} entities for search", err=True)
    url = f"http://{settings.api.host}:{settings.api.port}/"
    typer.echo(f"Serving {counts.articles} articles from {settings.store.url} at {url}  (API: {url}api/docs;"
               f" writes {'need the token' if settings.api.token else 'disabled'}; Ctrl-C stops)", err=True)
    uvicorn.run(create_app(settings), host=settings.api.host, port=settings.api.port, log_level="warning")


def search(query: str = typer.Argument(..., help="Words, \"phrases\" or prefix*; any spelling, either script."),
           db: Optional[str] = typer.Option(None, "--db", help="Store to search (default: store.url setting)."),
           entity: Optional[list[str]] = typer.Option(None, "--entity", help="Only articles mentioning this entity."),
           event_type: Optional[str] = typer.Option(None, "--event-type", help="Only articles with such an event."),
           date_from: Optional[str] = typer.Option(None, "--from", help="Published on or after (YYYY[-MM[-DD]])."),
           date_to: Optional[str] = typer.Option(None, "--to", help="Published on or before (YYYY[-MM[-DD]])."),
           publisher: Optional[str] = typer.Option(None, "--publisher", help="Only this publisher."),
           limit: int = typer.Option(20, help="Results per page."), offset: int = typer.Option(0, help="Skip these."),
           config: Optional[Path] = typer.Option(None, "--config", help="Settings file (TOML).")) -> None:
    """Search stored articles; prints one JSON line per hit (rank, id, title, snippet), best first."""
    from ghatna.indexing import search as run_search
    from ghatna.store import open_store

    try:
        settings = load_cli_settings(config, {"store.url": db})
        with open_store(settings.store, create=False) as store:
            filters = SearchFilters(tuple(entity or ()), event_type, date_from, date_to, publisher)
            result = run_search(store, query, filters, limit=limit, offset=offset).to_dict()
    except GhatnaError as exc:
        raise _fail(exc) from exc
    for rank, hit in enumerate(result["results"], start=offset + 1):
        typer.echo(json.dumps({"rank": rank, **hit}, ensure_ascii=False))
    typer.echo(f"{result['total']} articles match", err=True)


def register(app: typer.Typer) -> None:
    """Attach ``serve`` and ``search`` to the ghatna command."""
    app.command("serve")(serve)
    app.command("search")(search)
