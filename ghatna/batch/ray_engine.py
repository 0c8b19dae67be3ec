"""The Ray engine: Ray Data maps ``ArticleMapper`` (an actor per worker: the model loaded once each).

The input rows become Arrow blocks of ``spec.batch_rows`` rows; ``map_batches`` runs the mapper
in ``spec.workers`` actors (one CPU each) and ``write_parquet`` writes the parts. On a cluster,
call ``ray.init(address=…)`` before the run (``ghatna batch --ray-address``); otherwise a local Ray
instance is started with ``spec.workers`` CPUs and stopped afterwards. The inputs are read on the
driver and handed to Ray's object store.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa

from ghatna.article_rows import INPUT_SCHEMA, ArticleMapper
from ghatna.batchjob import MapSpec


def ray_engine(rows: Iterator[dict[str, Any]], folder: Path, spec: MapSpec) -> None:
    """Map ``rows`` with Ray Data and write Parquet parts into ``folder``."""
    import ray

    started = False
    if not ray.is_initialized():
        ray.init(num_cpus=spec.workers or os.cpu_count(), include_dashboard=False, log_to_driver=False)
        started = True
    try:
        size = max(1, spec.batch_rows)
        blocks = []
        while chunk := list(itertools.islice(rows, size)):
            blocks.append(pa.Table.from_pylist(chunk, schema=INPUT_SCHEMA))
        if not blocks:
            return
        workers = spec.workers or int(ray.available_resources().get("CPU", 1)) or 1
        ds = ray.data.from_arrow(blocks)
        mapped = ds.map_batches(
            ArticleMapper, fn_constructor_kwargs={"settings": spec.settings, "stages": spec.stages,
                                                  "table": spec.table, "settle": True},
            batch_size=size, batch_format="pyarrow", concurrency=min(workers, len(blocks)), num_cpus=1)
        mapped.write_parquet(str(folder))
    finally:
        if started:
            ray.shutdown()
