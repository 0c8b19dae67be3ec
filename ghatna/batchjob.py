"""A batch run end to end, whatever engine maps the articles, and loading its output into a store.

``run_batch`` reads the inputs (raw records as input rows), hands them to an engine that maps
``ArticleMapper`` over them and writes ``OUT/articles/*.parquet``, then runs the cross-document
steps over that output and writes their results next to it:

```
OUT/articles/*.parquet          one row per input record (article + annotations, or the failure)
OUT/near_duplicates.parquet     a, b, jaccard, kind
OUT/duplicate_groups.parquet    article_id, representative
OUT/signatures.parquet          article_id, params, fingerprint, signature (reused by later runs)
OUT/stories.parquet             id, title, first_date, last_date, articles, record (JSON)
OUT/story_articles.parquet      article_id, story_id, score, how
OUT/canonical_events.parquet    id, event_type, mode, status, date, location, story_id, reports, confidence, record
OUT/event_reports.parquet       article_id, seq, canonical_id, evidence (start, end, text), confidence
OUT/manifest.json               what ran, counts, timings
```

An engine is any callable ``engine(rows, out_folder, spec)`` that writes Parquet files of
``ROW_SCHEMA`` into ``out_folder``; ``ghatna.batch`` holds the local (multiprocessing) and Ray ones.
``load_batch`` puts articles, annotations, rejections and the cross-document results into a store.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from ghatna.article_rows import crossdoc_inputs, input_row, read_rows, row_items
from ghatna.config import Settings
from ghatna.crossdoc import CrossDocParams, CrossDocResult, run_crossdoc
from ghatna.ingest.readers import read_inputs
from ghatna.pipeline import FULL_STAGES
from ghatna.registry import StageSpec
from ghatna.store.crossdoc import CrossDocMethods
from ghatna.types import CanonicalEvent, NearDuplicate, Story

log = logging.getLogger(__name__)

ARTICLES = "articles"


@dataclass(frozen=True)
class MapSpec:
    """What every worker needs to build its mapper: settings, stage names, an optional stage table."""

    settings: Settings
    stages: tuple[str, ...] = FULL_STAGES
    table: dict[str, StageSpec] | None = None
    workers: int = 0  # 0: one per CPU core
    batch_rows: int = 64  # input rows per map call (and per local Parquet part)


#: an engine maps the rows with ArticleMapper(spec) and writes Parquet parts into the folder
Engine = Callable[[Iterator[dict[str, Any]], Path, MapSpec], None]


@dataclass
class BatchSummary:
    """What a batch run did."""

    out: str
    engine: str
    records: int = 0
    ok: int = 0
    failed: int = 0
    rejected: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    crossdoc: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as plain JSON types (also written to manifest.json)."""
        return {"out": self.out, "engine": self.engine, "records": self.records, "ok": self.ok,
                "failed": self.failed, "rejected": self.rejected, "codes": dict(sorted(self.codes.items())),
                "crossdoc": self.crossdoc, "seconds": {k: round(v, 3) for k, v in self.seconds.items()}}


def _write(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
    """Write rows as one Parquet file."""
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _js(value: Any) -> str:
    """Serialise compactly, keeping Devanagari readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def write_crossdoc(out: Path, result: CrossDocResult, params: CrossDocParams) -> None:
    """Write the cross-document results of a run as Parquet files next to the articles."""
    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.binary()
    _write(out / "near_duplicates.parquet", [d.to_dict() for d in result.near_duplicates],
           pa.schema([("a", s), ("b", s), ("jaccard", f), ("kind", s)]))
    _write(out / "duplicate_groups.parquet", [{"article_id": k, "representative": v} for k, v in result.groups.items()],
           pa.schema([("article_id", s), ("representative", s)]))
    key = params.dedup.signature_key()
    _write(out / "signatures.parquet", [{"article_id": a, "params": key, "fingerprint": fp, "signature": sig}
                                        for a, sig, fp in result.new_signatures],
           pa.schema([("article_id", s), ("params", s), ("fingerprint", s), ("signature", b)]))
    _write(out / "stories.parquet", [{"id": st.id, "title": st.title, "first_date": st.first_date,
                                      "last_date": st.last_date, "articles": len(st.members),
                                      "record": _js(st.to_dict())} for st in result.stories],
           pa.schema([("id", s), ("title", s), ("first_date", s), ("last_date", s), ("articles", i), ("record", s)]))
    _write(out / "story_articles.parquet", [{"article_id": m.article_id, "story_id": st.id, "score": m.score,
                                             "how": m.how} for st in result.stories for m in st.members],
           pa.schema([("article_id", s), ("story_id", s), ("score", f), ("how", s)]))
    _write(out / "canonical_events.parquet", [
        {"id": e.id, "event_type": e.event_type, "mode": e.mode, "status": e.status,
         "date": e.date.value if e.date else None, "location": e.location, "story_id": e.story_id,
         "actor": list(e.actor), "recipient": list(e.recipient), "reports": len(e.reports),
         "confidence": e.confidence, "record": _js(e.to_dict())} for e in result.events],
        pa.schema([("id", s), ("event_type", s), ("mode", s), ("status", s), ("date", s), ("location", s),
                   ("story_id", s), ("actor", pa.list_(s)), ("recipient", pa.list_(s)), ("reports", i),
                   ("confidence", f), ("record", s)]))
    _write(out / "event_reports.parquet", [
        {"article_id": r.article_id, "seq": r.seq, "canonical_id": e.id,
         "evidence_start": r.evidence.start if r.evidence else None,
         "evidence_end": r.evidence.end if r.evidence else None,
         "evidence": r.evidence.text if r.evidence else None, "confidence": r.confidence}
        for e in result.events for r in e.reports],
        pa.schema([("article_id", s), ("seq", i), ("canonical_id", s), ("evidence_start", i), ("evidence_end", i),
                   ("evidence", s), ("confidence", f)]))


def run_batch(paths: Sequence[str], out: str | Path, spec: MapSpec, engine: Engine, *, engine_name: str = "",
              crossdoc: bool = True, params: CrossDocParams = CrossDocParams()) -> BatchSummary:
    """Run the pipeline over every input with ``engine``, then the cross-document steps.

    Args:
        paths: files, folders, globs (as ``ghatna ingest`` takes them).
        out: output folder; ``out/articles`` must not hold Parquet files of an earlier run.
        spec: settings, stages and worker count for the mappers.
        engine: maps the rows and writes ``out/articles/*.parquet``.
        crossdoc: run near-duplicates, stories and canonical events after the map.
        params: of the cross-document steps.

    Returns:
        The summary (also written to ``out/manifest.json``).
    """
    out = Path(out)
    folder = out / ARTICLES
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("*.parquet")):
        raise FileExistsError(f"{folder} already holds Parquet files; give an empty --out folder")
    summary = BatchSummary(str(out), engine_name)
    t = time.perf_counter()
    engine((input_row(item) for item in read_inputs(list(paths), spec.settings)), folder, spec)
    summary.seconds["map"] = time.perf_counter() - t
    for row in read_rows(folder, ("status", "code")):
        summary.records += 1
        setattr(summary, row["status"], getattr(summary, row["status"]) + 1)
        if row["code"]:
            summary.codes[row["code"]] = summary.codes.get(row["code"], 0) + 1
    if crossdoc:
        t = time.perf_counter()
        result = run_crossdoc(crossdoc_inputs(folder), params)
        write_crossdoc(out, result, params)
        summary.crossdoc = result.summary()
        summary.seconds["crossdoc"] = time.perf_counter() - t
    (out / "manifest.json").write_text(json.dumps({**summary.to_dict(), "stages": list(spec.stages)},
                                                  ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


@dataclass
class LoadSummary:
    """What loading a batch output into a store did."""

    store: str
    articles: int = 0
    new: int = 0
    duplicate: int = 0
    annotated: int = 0
    rejected: int = 0
    crossdoc: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as plain JSON types."""
        return {"store": self.store, "articles": self.articles, "new": self.new, "duplicate": self.duplicate,
                "annotated": self.annotated, "rejected": self.rejected, "crossdoc": self.crossdoc,
                "seconds": round(self.seconds, 3)}


def _records(path: Path) -> list[dict[str, Any]]:
    """Return a Parquet file's rows, or none when it is absent."""
    return pq.read_table(path).to_pylist() if path.exists() else []


def load_batch(folder: str | Path, store: Any, *, batch_size: int = 200) -> LoadSummary:
    """Load a batch run's output into ``store``: articles with annotations, rejections, cross-document results.

    Cross-document results are loaded only when the run wrote them; they replace the store's.
    """
    folder = Path(folder)
    if not (folder / ARTICLES).is_dir():
        raise FileNotFoundError(f"{folder} holds no '{ARTICLES}' folder; give the --out folder of 'ghatna batch'")
    summary = LoadSummary(getattr(store, "url", ""))
    start = time.perf_counter()
    items: list[Any] = []
    bundles: list[Any] = []
    rejects: list[Any] = []

    def flush() -> None:
        """Write the pending articles and rejections."""
        if items:
            r = store.put_articles(items, annotations=bundles)
            summary.new += len(r.new)
            summary.duplicate += len(r.duplicate) + len(r.seen)
            summary.annotated += len(r.annotated)
            items.clear()
            bundles.clear()
        if rejects:
            store.put_rejections(rejects)
            rejects.clear()

    for row in read_rows(folder / ARTICLES):
        got = row_items(row)
        if isinstance(got, tuple):
            summary.articles += 1
            items.append(got[:2])
            if got[2] is not None:
                bundles.append(got[2])
        else:
            summary.rejected += 1
            rejects.append(got)
        if len(items) >= batch_size or len(rejects) >= batch_size:
            flush()
    flush()
    if (folder / "stories.parquet").exists() and isinstance(store, CrossDocMethods):
        _load_crossdoc(folder, store)
        summary.crossdoc = store.crossdoc_counts()
    summary.seconds = time.perf_counter() - start
    return summary


def _load_crossdoc(folder: Path, store: CrossDocMethods) -> None:
    """Put the cross-document Parquet files of a run into the store."""
    sigs = _records(folder / "signatures.parquet")
    by_params: dict[str, list[tuple[str, bytes, str]]] = {}
    for r in sigs:
        by_params.setdefault(r["params"], []).append((r["article_id"], bytes(r["signature"]), r["fingerprint"]))
    for key, rows in by_params.items():
        store.put_signatures(rows, key)
    pairs = [NearDuplicate.from_dict(r) for r in _records(folder / "near_duplicates.parquet")]
    groups = {r["article_id"]: r["representative"] for r in _records(folder / "duplicate_groups.parquet")}
    store.put_near_duplicates(pairs, groups)
    store.put_stories([Story.from_dict(json.loads(r["record"])) for r in _records(folder / "stories.parquet")])
    store.put_canonical_events([CanonicalEvent.from_dict(json.loads(r["record"]))
                                for r in _records(folder / "canonical_events.parquet")])
