"""Name -> factory tables for pipeline stages: the one place where stages are registered.

A stage is registered once under a versioned name (``ghatna.ingest.article.v1``) with what it
requires and assigns; ``builtin_stages()`` fills the table explicitly (no registration by import
side effect), and the pipeline checks requires/assigns when it is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ghatna.config import Settings
from ghatna.errors import PipelineError


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A registered stage: ``factory(settings)`` returns the callable that runs it."""

    name: str
    factory: Callable[[Settings], Callable[..., Any]]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    help: str


def _ingest_factory(settings: Settings) -> Callable[..., Any]:
    from ghatna.ingest.article import build_article

    return lambda record: build_article(record, settings)


def builtin_stages() -> dict[str, StageSpec]:
    """Return the table of built-in stages, keyed by name."""
    specs = [
        StageSpec("ghatna.ingest.article.v1", _ingest_factory, ("record",), ("article",),
                  "decode, extract HTML, undo legacy fonts, normalise and clean one raw record"),
    ]
    return {s.name: s for s in specs}


def get_stage(name: str, table: dict[str, StageSpec] | None = None) -> StageSpec:
    """Return the stage registered under ``name`` or raise E701."""
    table = builtin_stages() if table is None else table
    try:
        return table[name]
    except KeyError:
        raise PipelineError("E701", name=name) from None
