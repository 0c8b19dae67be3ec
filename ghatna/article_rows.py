"""One pipeline result as one flat row: the Parquet schema of batch runs, the map function, and back.

``ArticleMapper`` is the map function every batch engine runs: a callable class that builds the
pipeline (models, KB) once in ``__init__`` (once per worker process or Ray actor) and turns a batch
of input rows (raw records as plain columns) into a ``pyarrow.Table`` of ``ROW_SCHEMA``. A record
that fails never stops the batch: it becomes a row with ``status`` ``rejected`` (the input could not
become an article: reader or E1xx codes) or ``failed`` (an annotation stage failed: the article is
kept without annotations, as ``ghatna ingest`` does), with the code, the stage and the reason.

Rows carry the article (``Article.to_dict``), its annotations (``Annotations.to_dict``), the raw
bytes and a few typed columns for querying the Parquet directly (title, publisher, published,
entity ids, event types). ``row_items`` turns a row back into what the store takes.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from ghatna.config import Settings
from ghatna.persist import to_annotations
from ghatna.pipeline import FULL_STAGES, Pipeline, settle_heap
from ghatna.registry import StageSpec
from ghatna.store.crossdoc import CrossDocInput
from ghatna.types import Annotations, Article, RawRecord, Rejection, SourceRef

#: columns of an input row: a raw record (or a reader's rejection) as plain values
INPUT_SCHEMA = pa.schema([
    ("source", pa.string()),  # SourceRef.to_dict() as JSON
    ("data", pa.binary()),
    ("content_type", pa.string()),
    ("fields", pa.string()),  # JSON
    ("rejection", pa.string()),  # Rejection.to_dict() as JSON when the reader rejected the input
])

#: columns of an output row (one per input record)
ROW_SCHEMA = pa.schema([
    ("source_path", pa.string()),
    ("source_index", pa.int64()),
    ("source", pa.string()),
    ("status", pa.string()),  # ok | failed (article kept, annotations lost) | rejected (no article)
    ("code", pa.string()),
    ("stage", pa.string()),
    ("reason", pa.string()),
    ("hint", pa.string()),
    ("article_id", pa.string()),
    ("title", pa.string()),
    ("publisher", pa.string()),
    ("published", pa.string()),
    ("text", pa.string()),
    ("entity_ids", pa.list_(pa.string())),
    ("event_types", pa.list_(pa.string())),
    ("article", pa.string()),  # Article.to_dict() as JSON
    ("annotations", pa.string()),  # Annotations.to_dict() as JSON; null when none
    ("data", pa.binary()),
    ("content_type", pa.string()),
    ("fields", pa.string()),
    ("seconds", pa.float64()),
])

_STAGE_IN_REASON = re.compile(r"stage '([^']+)'")


def _json(value: Any) -> str:
    """Serialise compactly, keeping Devanagari readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def input_row(item: RawRecord | Rejection) -> dict[str, Any]:
    """Return a reader's item as an input row."""
    if isinstance(item, Rejection):
        return {"source": _json(item.source.to_dict()), "data": b"", "content_type": "text", "fields": "{}",
                "rejection": _json(item.to_dict())}
    return {"source": _json(item.source.to_dict()), "data": item.data, "content_type": item.content_type,
            "fields": _json(item.fields), "rejection": None}


def _from_input(row: dict[str, Any]) -> RawRecord | Rejection:
    """Return the raw record (or rejection) an input row holds."""
    source = SourceRef.from_dict(json.loads(row["source"]))
    if row.get("rejection"):
        r = json.loads(row["rejection"])
        return Rejection(source, r["code"], r["reason"], r.get("hint", ""))
    return RawRecord(source, bytes(row["data"] or b""), row.get("content_type") or "text",
                     json.loads(row.get("fields") or "{}"))


def _failure_row(source: SourceRef, code: str, reason: str, hint: str, status: str) -> dict[str, Any]:
    """Return the row of a record that did not become an (annotated) article."""
    stage = "ghatna.ingest.article.v1" if code.startswith("E1") else None
    m = _STAGE_IN_REASON.search(reason)
    return {"source_path": source.path, "source_index": source.index, "source": _json(source.to_dict()),
            "status": status, "code": code, "stage": m.group(1) if m else stage, "reason": reason, "hint": hint,
            "article_id": None, "title": None, "publisher": None, "published": None, "text": None,
            "entity_ids": [], "event_types": [], "article": None, "annotations": None,
            "data": b"", "content_type": None, "fields": None, "seconds": 0.0}


class ArticleMapper:
    """The map function of batch runs: the pipeline built once, applied to batches of input rows.

    Example:
        >>> from ghatna.pipeline import INGEST_STAGES
        >>> mapper = ArticleMapper(Settings(), INGEST_STAGES)
        >>> rec = RawRecord(SourceRef("a.txt"), "भारत और कज़ाख़स्तान के बीच व्यापार बढ़ा।".encode())
        >>> row = mapper.map_record(rec)
        >>> row["status"], row["title"] is None, len(row["article_id"])
        ('ok', False, 16)
    """

    def __init__(self, settings: Settings, stages: Sequence[str] = FULL_STAGES,
                 table: dict[str, StageSpec] | None = None, settle: bool = False) -> None:
        """Build the pipeline (loads the model and the KB; raises ResourceError when one is missing).

        ``settle``: the process keeps this mapper for life (a Ray actor): see ``pipeline.settle_heap``.
        """
        self.settings = settings
        self.pipeline = Pipeline(settings, tuple(stages), table)
        if settle:
            settle_heap()

    def map_record(self, item: RawRecord | Rejection) -> dict[str, Any]:
        """Run the pipeline on one record and return its output row (never raises for bad input)."""
        if isinstance(item, Rejection):
            return _failure_row(item.source, item.code, item.reason, item.hint, "rejected")
        start = time.perf_counter()
        try:
            result = self.pipeline.run(item)
        except Exception as exc:  # noqa: BLE001 - the pipeline catches stage errors; this is a last guard
            return _failure_row(item.source, "E702", f"stage 'pipeline' failed: {exc!r}", "report this", "rejected")
        failure: Rejection | None = None
        article, bundle = result.article, None
        if article is not None:
            bundle = to_annotations(article.id, result.annotations, self.pipeline.stage_names)
        else:
            failure = result.rejection
            assert failure is not None
            if failure.code.startswith("E1"):
                return {**_failure_row(item.source, failure.code, failure.reason, failure.hint, "rejected"),
                        "data": item.data, "content_type": item.content_type, "fields": _json(item.fields)}
            # an annotation stage failed on an article: keep the article, as 'ghatna ingest' does
            from ghatna.ingest.article import build_article

            article = build_article(item, self.settings)
        row = {**_failure_row(item.source, failure.code, failure.reason, failure.hint, "failed")} if failure else {
            "source_path": item.source.path, "source_index": item.source.index,
            "source": _json(item.source.to_dict()), "status": "ok", "code": None, "stage": None,
            "reason": None, "hint": None}
        events = bundle.events if bundle else ()
        row.update({
            "article_id": article.id, "title": article.title, "publisher": article.publisher,
            "published": article.published.value if article.published else None, "text": article.text,
            "entity_ids": [e.id for e in bundle.links.entities] if bundle else [],
            "event_types": [str(e.data.get("event_type")) for e in events],
            "article": _json(article.to_dict()), "annotations": _json(bundle.to_dict()) if bundle else None,
            "data": item.data, "content_type": item.content_type, "fields": _json(item.fields),
            "seconds": round(time.perf_counter() - start, 6)})
        return row

    def map_rows(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Map input rows to output rows, in order."""
        return [self.map_record(_from_input(r)) for r in rows]

    def __call__(self, batch: pa.Table | dict[str, Any]) -> pa.Table:
        """Map a batch of input rows (a pyarrow Table or a dict of columns) to a Table of ``ROW_SCHEMA``."""
        rows = batch.to_pylist() if isinstance(batch, pa.Table) else [
            dict(zip(batch, values)) for values in zip(*batch.values())]
        return rows_table(self.map_rows(rows))


def rows_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Return output rows as a Table of ``ROW_SCHEMA``."""
    return pa.Table.from_pylist(rows, schema=ROW_SCHEMA)


def part_files(folder: str | Path) -> list[Path]:
    """Return the Parquet files of a folder in name order."""
    return sorted(p for p in Path(folder).glob("*.parquet") if p.is_file())


def read_rows(folder: str | Path, columns: Sequence[str] | None = None,
              batch_size: int = 512) -> Iterator[dict[str, Any]]:
    """Yield the rows of every Parquet file in ``folder`` (name order), a batch at a time."""
    for path in part_files(folder):
        f = pq.ParquetFile(path)
        for batch in f.iter_batches(batch_size=batch_size, columns=list(columns) if columns else None):
            yield from batch.to_pylist()


def row_items(row: dict[str, Any]) -> tuple[Article, RawRecord, Annotations | None] | Rejection:
    """Return what the store takes of a row: article, raw record and annotations, or the rejection."""
    source = SourceRef.from_dict(json.loads(row["source"]))
    if row["status"] == "rejected" or not row.get("article"):
        return Rejection(source, row["code"] or "E702", row["reason"] or "", row["hint"] or "")
    article = Article.from_dict(json.loads(row["article"]))
    raw = RawRecord(source, bytes(row["data"] or b""), row.get("content_type") or "text",
                    json.loads(row.get("fields") or "{}"))
    ann = Annotations.from_dict(json.loads(row["annotations"])) if row.get("annotations") else None
    return article, raw, ann


CROSSDOC_COLUMNS = ("status", "article_id", "title", "publisher", "published", "text", "annotations")


def _crossdoc_input(aid: str, title: str | None, publisher: str | None, published: str | None, text: str,
                    ann: dict[str, Any]) -> CrossDocInput:
    """Build the cross-document input from an article's fields and its ``Annotations.to_dict()``."""
    mentions = (ann.get("links") or {}).get("mentions") or ()
    ents = Counter(m["entity_id"] for m in mentions if m.get("entity_id"))
    return CrossDocInput(aid, title, publisher, published, text, tuple(sorted(ents.items())),
                         tuple(ann.get("events") or ()))


def row_crossdoc_input(row: dict[str, Any]) -> CrossDocInput | None:
    """Return what the cross-document steps read of a row (None for a row without an article)."""
    if not row.get("article_id") or row.get("status") == "rejected":
        return None
    ann = json.loads(row["annotations"]) if row.get("annotations") else {}
    return _crossdoc_input(row["article_id"], row.get("title"), row.get("publisher"), row.get("published"),
                           row.get("text") or "", ann)


def article_crossdoc_input(article: Article, bundle: Annotations | None) -> CrossDocInput:
    """Return what the cross-document steps read of an article and its annotations (``ghatna extract``)."""
    return _crossdoc_input(article.id, article.title, article.publisher,
                           article.published.value if article.published else None, article.text,
                           bundle.to_dict() if bundle is not None else {})


def crossdoc_inputs(folder: str | Path) -> Iterator[CrossDocInput]:
    """Yield each distinct article of a batch output folder once (the first row that has it)."""
    seen: set[str] = set()
    for row in read_rows(folder, CROSSDOC_COLUMNS):
        item = row_crossdoc_input(row)
        if item is not None and item.id not in seen:
            seen.add(item.id)
            yield item
