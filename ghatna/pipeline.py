"""The per-article pipeline: ordered stages, checked at build time, run record by record.

``Pipeline.run(record)`` never raises for a bad record: it returns a ``Result`` holding either the
annotated article or a ``Rejection`` (code, reason), so that batch runs record failures and go on.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ghatna.config import Settings
from ghatna.errors import GhatnaError, PipelineError
from ghatna.registry import StageSpec, builtin_stages, get_stage
from ghatna.types import Article, RawRecord, Rejection

log = logging.getLogger(__name__)

def settle_heap() -> None:
    """Collect garbage once, then exempt every live object from later collections (``gc.freeze``).

    For a long-lived process that has just built its pipeline (a batch worker, ``ghatna ingest``):
    the model, KB and lexicons live as long as the process, and every full collection would walk
    them all again (about 115 ms each, a few ms per article on average). Not for code that builds
    many pipelines (tests): frozen objects are never freed.
    """
    gc.collect()
    gc.freeze()


#: Ingestion only: what ``ghatna ingest`` runs.
INGEST_STAGES = ("ghatna.ingest.article.v1",)
#: The whole per-article pipeline: what ``ghatna extract`` runs.
FULL_STAGES = (
    "ghatna.ingest.article.v1",
    "ghatna.text.sentences.v1",
    "ghatna.extract.dates.v1",
    "ghatna.extract.ner.v1",
    "ghatna.extract.gazetteer.v1",
    "ghatna.kb.link.v1",
    "ghatna.extract.quotes.v1",
    "ghatna.extract.events.v1",
    "ghatna.extract.facts.v1",
)
DEFAULT_STAGES = INGEST_STAGES


@dataclass(frozen=True, slots=True)
class Result:
    """What the pipeline made of one record: an article with its annotations, or a rejection."""

    article: Article | None = None
    rejection: Rejection | None = None
    annotations: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the record became an article."""
        return self.article is not None


class Pipeline:
    """Ordered stages built from registered names; ``requires`` are checked when it is built.

    Example:
        >>> from ghatna.config import Settings
        >>> p = Pipeline(Settings())
        >>> p.stage_names
        ('ghatna.ingest.article.v1',)
    """

    def __init__(self, settings: Settings, stages: Iterable[str] = DEFAULT_STAGES,
                 table: dict[str, StageSpec] | None = None) -> None:
        self.settings = settings
        table = builtin_stages() if table is None else table
        specs = [get_stage(name, table) for name in stages]
        available = {"record"}
        for spec in specs:
            for need in spec.requires:
                if need not in available:
                    raise PipelineError("E700", stage=spec.name, field=need)
            available.update(spec.assigns)
        self._specs = specs
        self._runners = [spec.factory(settings) for spec in specs]

    @property
    def stage_names(self) -> tuple[str, ...]:
        """Names of the stages in order."""
        return tuple(s.name for s in self._specs)

    def run(self, record: RawRecord) -> Result:
        """Run every stage on one record; a coded failure becomes a rejection."""
        state: dict[str, Any] = {"record": record}
        for spec, runner in zip(self._specs, self._runners):
            try:
                args = [state[name] for name in spec.requires]
                out = runner(*args)
            except GhatnaError as exc:
                return Result(rejection=Rejection(record.source, exc.code, exc.message, exc.hint))
            except Exception as exc:  # a bug in a stage must not stop a batch: record it, log it
                log.exception("stage %s failed on %s", spec.name, record.source.path)
                err = PipelineError("E702", stage=spec.name, detail=f"{type(exc).__name__}: {exc}")
                return Result(rejection=Rejection(record.source, err.code, err.message, err.hint))
            if len(spec.assigns) == 1:
                state[spec.assigns[0]] = out
            else:
                state.update(zip(spec.assigns, out))
        article = state.get("article")
        annotations = {k: v for k, v in state.items() if k not in ("record", "article")}
        return Result(article=article, annotations=annotations)

    def run_all(self, items: Iterable[RawRecord | Rejection]) -> Iterator[tuple[RawRecord | None, Result]]:
        """Run over records from a reader; reader rejections pass through as results."""
        for item in items:
            if isinstance(item, Rejection):
                yield None, Result(rejection=item)
            else:
                yield item, self.run(item)
