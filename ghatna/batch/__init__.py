"""Batch engines: adapters that map ``ghatna.article_rows.ArticleMapper`` over many records.

No logic lives here: ``ghatna.batchjob.run_batch`` reads the inputs, calls an engine, and runs the
cross-document steps; an engine only decides where the mapper runs (local processes or Ray) and
writes the Parquet parts it returns.
"""

from __future__ import annotations

from typing import Any

ENGINES = ("local", "ray")


def get_engine(name: str) -> Any:
    """Return the engine callable named ``name`` (``local`` or ``ray``); Ray is imported only when asked for."""
    if name == "local":
        from ghatna.batch.local import local_engine

        return local_engine
    if name == "ray":
        from ghatna.batch.ray_engine import ray_engine

        return ray_engine
    raise ValueError(f"unknown engine {name!r}; choose one of {ENGINES}")
