"""``/api/export/{events|quotes|facts|entities|articles}.{jsonl|csv|parquet}``: everything, streamed in id order.

JSONL and CSV stream page by page (keyset paging, so memory stays flat however large the store);
Parquet is built in memory (pyarrow), column by column. Events come PLOVER-style: type, mode,
actor and recipient ids with names, date, status, location, evidence, source article.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Iterator, Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from ghatna.api.context import Context, context_of
from ghatna.api.models import ErrorBody
from ghatna.api.params import DateFrom, DateTo, EntityId, EventTypes, Text
from ghatna.api.routes.events import event_filter
from ghatna.api.views import entity_names
from ghatna.store.queries import EventFilter

router = APIRouter(prefix="/api", tags=["exports"], responses={422: {"model": ErrorBody}, 500: {"model": ErrorBody}})

#: rows read per page while exporting
CHUNK = 1000
MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


def _event_rows(ctx: Context, f: EventFilter) -> Iterator[dict[str, Any]]:
    """Yield every event as a flat PLOVER-style row, page by page."""
    after = 0
    while True:
        store = ctx.store()  # each page may run on another worker thread: take that thread's store
        _, rows = store.list_events(EventFilter(**{**_fields(f), "after_id": after}), limit=CHUNK,  # type: ignore[attr-defined]
                                    count=False)
        if not rows:
            return
        names = entity_names(store, [i for e in rows for i in (*e.actor, *e.recipient, e.location)])
        for e in rows:
            ev = e.evidence or {}
            yield {"event_id": e.id, "article_id": e.article_id, "event_type": e.event_type, "mode": e.mode,
                   "status": e.status, "date": e.date, "date_granularity": e.date_granularity, "when": e.when,
                   "actor": list(e.actor), "actor_names": [names[i]["name"] for i in e.actor],
                   "recipient": list(e.recipient), "recipient_names": [names[i]["name"] for i in e.recipient],
                   "location": e.location, "location_name": names[e.location]["name"] if e.location else None,
                   "confidence": e.confidence, "evidence_start": ev.get("start"), "evidence_end": ev.get("end"),
                   "evidence": ev.get("text"), "publisher": e.publisher, "published": e.published}
        after = rows[-1].id


def _fields(f: EventFilter) -> dict[str, Any]:
    """Return a filter's fields as keyword arguments."""
    return {name: getattr(f, name) for name in f.__slots__}  # type: ignore[attr-defined]


def _paged(fetch: Callable[[Any, int], list[Any]], to_row: Callable[[Any], dict[str, Any]],
           key: Callable[[Any], Any]) -> Iterator[dict[str, Any]]:
    """Yield rows of a keyset-paged list: ``fetch(after, limit)`` returns the next page."""
    after = None
    while True:
        rows = fetch(after, CHUNK)
        if not rows:
            return
        for r in rows:
            yield to_row(r)
        after = key(rows[-1])


def _rows(ctx: Context, resource: str, f: EventFilter) -> Iterator[dict[str, Any]]:
    """Yield the rows of one exported resource."""
    if resource == "events":
        return _event_rows(ctx, f)
    if resource == "quotes":
        return _paged(lambda after, n: ctx.store().list_quotes(after_id=after or 0, limit=n)[1],  # type: ignore[attr-defined]
                      lambda q: q.to_dict(), lambda q: q.id)
    if resource == "facts":
        return _paged(lambda after, n: ctx.store().list_facts(after_id=after or 0, limit=n)[1],  # type: ignore[attr-defined]
                      lambda x: {k: v for k, v in x.to_dict().items() if k != "record"}, lambda x: x.id)
    return _paged(lambda after, n: [_article_row(ctx, i) for i in ctx.store().article_ids(after=after, limit=n)],  # type: ignore[attr-defined]
                  lambda a: a, lambda a: a["id"])


def _article_row(ctx: Context, article_id: str) -> dict[str, Any]:
    """Return an article's metadata and text as one flat row."""
    a = ctx.store().get_article(article_id)
    return {"id": a.id, "title": a.title, "publisher": a.publisher,
            "published": a.published.value if a.published else None, "source_url": a.source_url,
            "language": a.language, "text": a.text}


def _entities(ctx: Context) -> Iterator[dict[str, Any]]:
    """Yield every entity (offset paging: the list is ordered by mentions, which has no stable key)."""
    offset = 0
    while True:
        rows = ctx.store().list_entities(limit=CHUNK, offset=offset)
        if not rows:
            return
        for e in rows:
            yield e.to_dict()
        offset += len(rows)


def _cell(value: Any) -> Any:
    """Return a value as one CSV cell: lists joined by ';', objects as JSON."""
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """Serialise rows as JSON lines."""
    for r in rows:
        yield (json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8")


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """Serialise rows as CSV with a header from the first row (UTF-8, RFC 4180 quoting)."""
    buf = io.StringIO()
    writer: Optional[csv.DictWriter[str]] = None
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(r), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in r.items()})
        if buf.tell() > 65536:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def _parquet(rows: Iterator[dict[str, Any]]) -> bytes:
    """Build a Parquet file of the rows (lists stay lists; objects become JSON text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for k, v in r.items()} for r in rows]
    table = pa.Table.from_pylist(data) if data else pa.table({})
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


@router.get("/export/{resource}.{fmt}", response_model=None)
def export(request: Request, resource: Literal["events", "quotes", "facts", "entities", "articles"],
           fmt: Literal["jsonl", "csv", "parquet"], type: EventTypes = [], actor: EntityId = None,  # noqa: A002
           recipient: EntityId = None, country: EntityId = None, entity: EntityId = None, status: Text = None,
           date_from: DateFrom = None, date_to: DateTo = None) -> Response:
    """Download a whole resource as JSONL, CSV or Parquet (event filters apply to events)."""
    ctx = context_of(request)
    f = event_filter(ctx.store(), type, actor, recipient, country, entity, status, None, date_from, date_to)
    rows = _entities(ctx) if resource == "entities" else _rows(ctx, resource, f)
    headers = {"Content-Disposition": f'attachment; filename="ghatna-{resource}.{fmt}"'}
    if fmt == "parquet":
        return Response(_parquet(rows), media_type=MEDIA[fmt], headers=headers)
    return StreamingResponse(_jsonl(rows) if fmt == "jsonl" else _csv(rows), media_type=MEDIA[fmt], headers=headers)
