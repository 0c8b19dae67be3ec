"""The local engine: ``ArticleMapper`` in worker processes (multiprocessing), built once per worker.

Input rows go out in chunks of ``spec.batch_rows``; at most ``2 × workers`` chunks are in flight, so
memory stays bounded on any input size. Each chunk's output is one Parquet part, written in input
order (``part-00000.parquet``, …). With one worker everything runs in this process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from threadpoolctl import threadpool_limits

from ghatna.article_rows import ArticleMapper
from ghatna.batchjob import MapSpec
from ghatna.pipeline import settle_heap

#: the mapper of this worker process, set by the pool initializer (one per process, never shared)
_WORKER: dict[str, ArticleMapper] = {}


def _init_worker(spec: MapSpec) -> None:
    """Build this worker's mapper (pipeline, model, KB) once.

    A worker is one core's worth of work: numpy's BLAS (the NER expert's small matrix products)
    is held to one thread, or its pool would spin on the other workers' cores. (Ray already gives
    its actors ``OMP_NUM_THREADS=1``.)
    """
    threadpool_limits(1, user_api="blas")
    _WORKER["mapper"] = ArticleMapper(spec.settings, spec.stages, spec.table)
    settle_heap()  # the worker keeps its pipeline for life: full collections need not walk it


def _map_chunk(rows: list[dict[str, Any]]) -> pa.Table:
    """Map one chunk of input rows in a worker."""
    mapper = _WORKER["mapper"]
    return mapper(pa.Table.from_pylist(rows)) if rows else mapper({})


def _chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Yield lists of ``size`` rows."""
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def local_engine(rows: Iterator[dict[str, Any]], folder: Path, spec: MapSpec) -> None:
    """Map ``rows`` with ``spec.workers`` processes (0: one per core) and write Parquet parts into ``folder``."""
    workers = spec.workers or os.cpu_count() or 1
    size = max(1, spec.batch_rows)
    parts = 0

    def write(table: pa.Table) -> None:
        """Write one part in order."""
        nonlocal parts
        pq.write_table(table, folder / f"part-{parts:05d}.parquet")
        parts += 1

    if workers == 1:
        mapper = ArticleMapper(spec.settings, spec.stages, spec.table)
        for chunk in _chunks(rows, size):
            write(mapper(pa.Table.from_pylist(chunk)))
        return
    # fork where the platform has it: workers start fast and share the parent's imported code
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(workers, initializer=_init_worker, initargs=(spec,)) as pool:
        pending: deque[Any] = deque()
        for chunk in _chunks(rows, size):
            pending.append(pool.apply_async(_map_chunk, (chunk,)))
            while len(pending) >= 2 * workers:
                write(pending.popleft().get())
        while pending:
            write(pending.popleft().get())
