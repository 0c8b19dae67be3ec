"""``ghatna ingest | show | list | rejects``: raw inputs into the store, and a look at what is there.

``ingest`` reads every input, builds articles, annotates them with the whole pipeline (entities,
dates, quotes, and events and facts where those stages run; ``--no-annotate`` skips it) and writes
them in batches of ``store.batch_size``, one transaction each, an article together with its
annotations: a run killed at any moment leaves whole batches only, and running it again on the same
inputs completes it (stored articles come back as duplicates, their annotations are replaced when
they changed, nothing is written twice).

Exit codes of ``ingest``: 0 every record became an article (new or duplicate); 3 partial, some
records were rejected (see ``ghatna rejects``); 1 error, nothing usable was read or the store failed;
2 usage or settings error; 130 interrupted.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import typer

from ghatna.cli.common import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, exit_code_for, load_cli_settings
from ghatna.config import Settings
from ghatna.errors import ConfigError, GhatnaError, InputError
from ghatna.output import article_document
from ghatna.store import Store, open_store
from ghatna.types import Annotations, Article, RawRecord, Rejection

log = logging.getLogger(__name__)

EXIT_INTERRUPTED = 130

#: the code a record gets when building its article fails with an unexpected error (a bug, not bad input)
STAGE_FAILED = "E702"


class Format(str, Enum):
    """Output formats of the commands."""

    text = "text"
    json = "json"


@dataclass
class IngestSummary:
    """What an ingestion run did."""

    store: str
    records: int = 0
    ingested: int = 0
    duplicate: int = 0
    seen: int = 0
    rejected: Counter = field(default_factory=Counter)
    annotated: int = 0  # articles whose annotations were written (new or changed)
    unannotated: int = 0  # articles stored without annotations because an annotation stage failed
    articles_in_store: int = 0
    seconds: float = 0.0
    error: GhatnaError | None = None
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        """Return the documented exit code for this outcome."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.error is not None:
            return EXIT_ERROR
        # a duplicate is a success: re-running over a corpus with bad files stays "partial"
        return exit_code_for(self.ingested + self.duplicate + self.seen, sum(self.rejected.values()))

    @property
    def status(self) -> str:
        """Return ok / partial / error / interrupted."""
        return {EXIT_OK: "ok", EXIT_PARTIAL: "partial", EXIT_ERROR: "error"}.get(self.exit_code, "interrupted")

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as the JSON printed by ``--format json``."""
        return {
            "status": self.status, "exit_code": self.exit_code, "store": self.store,
            "records": self.records, "ingested": self.ingested,
            # re-reading a source already stored is a duplicate too, for the user; the split is kept
            "duplicate": self.duplicate + self.seen, "duplicate_sources_added": self.duplicate,
            "rejected": dict(sorted(self.rejected.items())), "rejected_total": sum(self.rejected.values()),
            "annotated": self.annotated, "unannotated": self.unannotated,
            "articles_in_store": self.articles_in_store, "seconds": round(self.seconds, 3),
            "error": None if self.error is None else self.error.to_dict(),
        }


#: what a build function may return: an article, an article with its annotations (None when
#: annotating failed), or the rejection of the record
Built = Article | tuple[Article, Annotations | None] | Rejection


def ingest_records(
    items: Iterable[RawRecord | Rejection],
    settings: Settings,
    store: Store,
    build: Callable[[RawRecord, Settings], Built],
    on_progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Build articles (and their annotations) from read records and write them to ``store`` in batches.

    Args:
        items: what a reader yields: raw records, and rejections for inputs it could not read.
        settings: passed to ``build``; ``store.batch_size`` sets the transaction size.
        store: an open store.
        build: ``RawRecord -> Article`` (ingestion only), or ``-> (Article, Annotations | None)``
            (``ghatna.persist.Annotator``), or a ``Rejection``; it may also raise
            :class:`InputError` for a record to reject.
        on_progress: called with the running summary after each record.

    Returns:
        The summary; ``summary.error`` holds a StoreError that stopped the run (batches written
        before it are kept), ``summary.interrupted`` is set on Ctrl-C.
    """
    summary = IngestSummary(store=store.url)
    batch: list[tuple[Article, RawRecord]] = []
    bundles: list[Annotations] = []
    rejects: list[Rejection] = []
    size = max(1, settings.store.batch_size)
    start = time.perf_counter()

    def flush() -> None:
        """Write the pending batch and rejections (one transaction each)."""
        if batch:
            result = store.put_articles(batch, annotations=bundles) if bundles else store.put_articles(batch)
            summary.ingested += len(result.new)
            summary.duplicate += len(result.duplicate)
            summary.seen += len(result.seen)
            summary.annotated += len(result.annotated)
            batch.clear()
            bundles.clear()
        if rejects:
            store.put_rejections(rejects)
            rejects.clear()

    try:
        for item in items:
            summary.records += 1
            if isinstance(item, Rejection):
                rejection: Rejection | None = item
            else:
                rejection = None
                try:
                    built = build(item, settings)
                    if isinstance(built, Rejection):
                        rejection = built
                    elif isinstance(built, tuple):
                        batch.append((built[0], item))
                        if built[1] is None:
                            summary.unannotated += 1
                        else:
                            bundles.append(built[1])
                    else:
                        batch.append((built, item))
                except InputError as exc:
                    rejection = Rejection(item.source, exc.code, exc.message, exc.hint)
                except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
                    log.exception("building the article of %s#%d failed", item.source.path, item.source.index)
                    rejection = Rejection(item.source, STAGE_FAILED, f"stage 'ingest' failed: {exc!r}",
                                          "report this as a bug, with the input")
            if rejection is not None:
                summary.rejected[rejection.code] += 1
                rejects.append(rejection)
            if len(batch) >= size or len(rejects) >= size:
                flush()
            if on_progress is not None:
                on_progress(summary)
        flush()
    except GhatnaError as exc:  # the store failed (or a reader gave up): batches written so far stay
        summary.error = exc
    except KeyboardInterrupt:  # the open batch is dropped whole; a re-run writes it
        summary.interrupted = True
    summary.seconds = time.perf_counter() - start
    try:
        summary.articles_in_store = store.counts().articles
    except GhatnaError:
        pass
    return summary


# -- command helpers ------------------------------------------------------------------------------

def _settings(config: Optional[Path], db: Optional[str]) -> Settings:
    """Load settings with ``--config`` and let ``--db`` override ``store.url``."""
    return load_cli_settings(config, {"store.url": db})


def _fail(exc: GhatnaError) -> typer.Exit:
    """Print a coded error and its hint to stderr; return the Exit to raise."""
    typer.echo(f"error [{exc.code}] {exc.message}", err=True)
    if exc.hint:
        typer.echo(f"  hint: {exc.hint}", err=True)
    return typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_ERROR)


def _open(config: Optional[Path], db: Optional[str], *, create: bool = False) -> Store:
    """Open the configured store, turning errors into a printed message and an exit code."""
    try:
        return open_store(_settings(config, db).store, create=create)
    except GhatnaError as exc:
        raise _fail(exc) from exc


def _print_json(value: Any) -> None:
    """Print one JSON value on one line (UTF-8, Devanagari unescaped)."""
    typer.echo(json.dumps(value, ensure_ascii=False))


def _print_article(store: Store, article: Article, annotations: Annotations | None) -> None:
    """Print an article for people: metadata lines, what was extracted, then the clean text."""
    a = article
    lines = [("id", a.id), ("title", (a.title or "") + (" [truncated]" if a.title_truncated else "")),
             ("subtitle", a.subtitle), ("publisher", a.publisher),
             ("published", a.published and f"{a.published.value} ({a.published.granularity}, {a.published.kind})"),
             ("byline", a.byline), ("agencies", ", ".join(a.agencies)), ("url", a.source_url),
             ("translated", a.translated_from and a.translated_from.language),
             ("language", a.language)]
    for src in store.get_sources(a.id):
        lines.append(("source", f"{src.source.path}#{src.source.index} ({src.source.kind})"))
    for cap in a.photo_captions:
        lines.append(("caption", cap.text + (f" [{cap.credit}]" if cap.credit else "")))
    if a.boilerplate:
        lines.append(("removed", f"{len(a.boilerplate)} boilerplate lines: "
                      + ", ".join(sorted({b.kind for b in a.boilerplate}))))
    lines += [("warning", w) for w in a.warnings]
    if annotations is None:
        lines.append(("annotated", "no (ingested with --no-annotate, or before annotation existed)"))
    else:
        for e in annotations.links.entities:
            name = e.name_en or e.name_hi or e.mentions[0].text
            lines.append(("entity", f"{name} [{e.type}] {e.id} ×{len(e.mentions)}"))
        lines.append(("extracted", f"{len(annotations.quotes)} quotes, {len(annotations.events)} events,"
                      f" {len(annotations.facts)} facts, {len(annotations.dates)} dates"))
    for key, value in lines:
        if value:
            typer.echo(f"{key:<10} {value}")
    typer.echo("")
    typer.echo(a.text)


def _print_summary(summary: IngestSummary) -> None:
    """Print the ingestion summary for people."""
    typer.echo(f"ingested   {summary.ingested}")
    typer.echo(f"duplicate  {summary.duplicate + summary.seen}")
    typer.echo(f"rejected   {sum(summary.rejected.values())}")
    for code, n in sorted(summary.rejected.items()):
        typer.echo(f"  {code}     {n}")
    if summary.annotated or summary.unannotated:
        typer.echo(f"annotated  {summary.annotated}" + (f" ({summary.unannotated} articles could not be annotated;"
                                                          " see the log)" if summary.unannotated else ""))
    typer.echo(f"store      {summary.store} ({summary.articles_in_store} articles, {summary.seconds:.1f} s)")


# -- commands -------------------------------------------------------------------------------------

DbOption = typer.Option(None, "--db", help="SQLite file to use (overrides store.url).")
ConfigOption = typer.Option(None, "--config", help="Settings file (TOML); default ./ghatna.toml if present.")
FormatOption = typer.Option(Format.text, "--format", help="text for people, json for programs.")


def _builder(settings: Settings, annotate: bool) -> Callable[[RawRecord, Settings], Built]:
    """Return the build function: the whole pipeline, or ingestion only (imported here: heavy)."""
    if not annotate:
        from ghatna.ingest.article import build_article

        return build_article
    from ghatna.persist import Annotator
    from ghatna.pipeline import settle_heap

    annotator = Annotator(settings)
    settle_heap()  # the command keeps the pipeline to its end: full collections need not walk it
    return annotator


def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    fmt: Format = FormatOption,
    no_annotate: bool = typer.Option(False, "--no-annotate",
                                     help="Store articles only; skip entities, dates, quotes, events, facts."),
) -> None:
    """Read raw articles into the store with what they mention; print ingested / duplicate / rejected counts.

    Each article is annotated by the whole pipeline (entities linked to the knowledge base, dates,
    quotes, events, facts) and stored with its annotations in the same transaction.

    Exit codes: 0 all good; 3 partial: some inputs rejected (see 'ghatna rejects');
    1 error: nothing usable, or the store failed; 2 usage; 130 interrupted (run it again).
    """
    try:
        settings = _settings(config, db)
        build = _builder(settings, not no_annotate)
    except GhatnaError as exc:
        stop = _fail(exc)
        if exc.code in ("E300", "E400"):  # a model or KB missing: ingestion alone still works
            typer.echo("  or store the articles without annotating them: ghatna ingest --no-annotate …", err=True)
        raise stop from exc
    # imported here so that show/list/rejects start without the ingest stack
    from ghatna.ingest.readers import read_inputs

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    store = _open(config, db, create=True)
    progress = Progress(
        SpinnerColumn(), TextColumn("[bold]ingesting[/]" if no_annotate else "[bold]ingesting and annotating[/]"),
        TextColumn("{task.fields[records]} read · {task.fields[new]} new · {task.fields[dup]} duplicate"
                   " · {task.fields[rej]} rejected"),
        TimeElapsedColumn(), console=Console(stderr=True), disable=not sys.stderr.isatty(), transient=True,
    )
    with store, progress:
        task = progress.add_task("ingest", records=0, new=0, dup=0, rej=0, total=None)

        def tick(s: IngestSummary) -> None:
            """Update the bar's counts (cheap: Rich redraws on its own timer; 'new' moves at each commit)."""
            progress.update(task, records=s.records, new=s.ingested, dup=s.duplicate + s.seen,
                            rej=sum(s.rejected.values()))

        summary = ingest_records(read_inputs(paths, settings), settings, store, build, tick)
    if fmt is Format.json:
        _print_json(summary.to_dict())
    else:
        _print_summary(summary)
    if summary.records == 0:
        typer.echo("warning: no input records found", err=True)
    if summary.error is not None:
        raise _fail(summary.error)
    if summary.interrupted:
        typer.echo("interrupted: whole batches were kept; run the same command again to complete", err=True)
    raise typer.Exit(summary.exit_code)


def show(
    article_id: str = typer.Argument(..., metavar="ID", help="Article id, or a unique prefix of it."),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    fmt: Format = FormatOption,
) -> None:
    """Print one stored article with its entities, quotes, events and facts (json: its ghatna.article/1 object)."""
    with _open(config, db) as store:
        try:
            article = store.get_article(store.resolve_id(article_id))
            annotations = store.get_annotations(article.id)
        except GhatnaError as exc:
            raise _fail(exc) from exc
        if fmt is Format.json:
            _print_json(article_document(article, annotations.pipeline_annotations() if annotations else None))
        else:
            _print_article(store, article, annotations)


def list_articles(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    limit: int = typer.Option(50, "--limit", min=1, help="Most articles shown."),
    offset: int = typer.Option(0, "--offset", min=0, help="Articles skipped (for paging)."),
    publisher: Optional[str] = typer.Option(None, "--publisher", help="Only this publisher."),
    since: Optional[str] = typer.Option(None, "--from", help="Published on or after (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, "--to", help="Published on or before (YYYY[-MM[-DD]])."),
    fmt: Format = FormatOption,
) -> None:
    """List stored articles, newest first (json: one object per line)."""
    with _open(config, db) as store:
        try:
            rows = store.list_articles(limit=limit, offset=offset, publisher=publisher,
                                       date_from=since, date_to=until)
        except GhatnaError as exc:
            raise _fail(exc) from exc
    for row in rows:
        if fmt is Format.json:
            _print_json(row.to_dict())
        else:
            title = (row.title or "").replace("\n", " ")
            typer.echo(f"{row.id[:12]}  {row.published or '-':<10}  {(row.publisher or '-')[:20]:<20}  {title[:60]}")


def rejects(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    code: Optional[str] = typer.Option(None, "--code", help="Only rejections with this code (e.g. E104)."),
    limit: int = typer.Option(100, "--limit", min=1, help="Most rejections shown."),
    fmt: Format = FormatOption,
) -> None:
    """List inputs that could not become articles, with their code, reason and what to do."""
    with _open(config, db) as store:
        try:
            rows = store.list_rejections(code=code, limit=limit)
        except GhatnaError as exc:
            raise _fail(exc) from exc
    for row in rows:
        if fmt is Format.json:
            _print_json(row.to_dict())
        else:
            r = row.rejection
            where = f"{r.source.path}#{r.source.index}" + (f":{r.source.line}" if r.source.line else "")
            typer.echo(f"{r.code}  {where}  {r.reason}" + (f"  ({r.hint})" if r.hint else ""))


def register(app: typer.Typer) -> None:
    """Attach ingest, show, list and rejects to the ``ghatna`` app."""
    app.command("ingest")(ingest)
    app.command("show")(show)
    app.command("list")(list_articles)
    app.command("rejects")(rejects)
