"""The ``ghatna`` command: builds the Typer app from the command modules.

Exit codes (documented in README): 0 everything succeeded; 1 error (nothing done);
2 usage error; 3 partial (some inputs rejected, the rest processed).
"""

from __future__ import annotations

import logging
import sys

import typer

from ghatna.errors import GhatnaError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3

app = typer.Typer(
    name="ghatna",
    help="Hindi-first news intelligence: ingest raw articles, extract entities and events, search them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    """Attach every command module (one place, no import side effects elsewhere)."""
    from ghatna.cli import eval as eval_cmd
    from ghatna.cli import extract, ingest
    from ghatna.cli import batch as batch_cmd
    from ghatna.cli import crossdoc as crossdoc_cmd
    from ghatna.cli import kb as kb_cmd
    from ghatna.cli import serve

    for module in (ingest, extract, eval_cmd, kb_cmd, serve):
        module.register(app)
    for module in (batch_cmd, crossdoc_cmd):
        module.register(app)


def main() -> None:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    _register()
    try:
        app()
    except GhatnaError as exc:
        typer.echo(f"error {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from exc
