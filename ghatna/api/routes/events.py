"""``/api/events``, ``/api/quotes``, ``/api/facts`` and ``/api/search``: filtered, paged lists and full-text search."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query, Request

from ghatna.api.context import context_of, next_offset
from ghatna.api.models import ErrorBody, EventList, EventOut, FactList, QuoteList, SearchOut
from ghatna.api.params import DateFrom, DateTo, EntityId, EventTypes, Limit, Offset, Text
from ghatna.api.views import event_dicts, safe_entity
from ghatna.errors import GhatnaError
from ghatna.indexing import search as run_search
from ghatna.store import Store
from ghatna.store.queries import EventFilter
from ghatna.store.search import SearchFilters

router = APIRouter(prefix="/api", tags=["events, quotes, facts, search"],
                   responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}, 500: {"model": ErrorBody}})


def _now_id(store: Store, entity_id: Optional[str]) -> Optional[str]:
    """Return the id an entity filter stands for now (an unknown id is kept: it simply matches nothing)."""
    if not entity_id:
        return None
    return safe_entity(store, entity_id) or entity_id


def event_filter(store: Store, type: list[str], actor: Optional[str], recipient: Optional[str],  # noqa: A002
                 country: Optional[str], entity: Optional[str], status: Optional[str], mode: Optional[str],
                 date_from: Optional[str], date_to: Optional[str], article: Optional[str] = None) -> EventFilter:
    """Build an event filter from request parameters, following merges of the entity ids."""
    return EventFilter(tuple(t for t in type if t), _now_id(store, actor), _now_id(store, recipient),
                       _now_id(store, entity), _now_id(store, country), (), status, mode, date_from, date_to, article)


@router.get("/events", response_model=EventList)
def list_events(request: Request, type: EventTypes = [], actor: EntityId = None,  # noqa: A002
                recipient: EntityId = None, country: EntityId = None, entity: EntityId = None, status: Text = None,
                mode: Text = None, article: Text = None, date_from: DateFrom = None, date_to: DateTo = None,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Events, newest first, by PLOVER type, actor, recipient, country (any role), status, mode, date range."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    f = event_filter(store, type, actor, recipient, country, entity, status, mode, date_from, date_to, article)
    total, rows = store.list_events(f, limit=limit, offset=offset)  # type: ignore[attr-defined]
    return {"total": total, "limit": limit, "offset": offset, "next": next_offset(total, limit, offset),
            "items": event_dicts(store, rows)}


@router.get("/events/{event_id}", response_model=EventOut)
def get_event(request: Request, event_id: int) -> dict[str, Any]:
    """One event with its PLOVER object, entities as they stand now, and evidence span."""
    store = context_of(request).store()
    return event_dicts(store, [store.get_event(event_id)])[0]  # type: ignore[attr-defined]


@router.get("/quotes", response_model=QuoteList)
def list_quotes(request: Request, speaker: EntityId = None, article: Text = None, date_from: DateFrom = None,
                date_to: DateTo = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Quotations, newest article first, by speaker, article or date range."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    total, rows = store.list_quotes(speaker=_now_id(store, speaker), article_id=article,  # type: ignore[attr-defined]
                                    date_from=date_from, date_to=date_to, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "next": next_offset(total, limit, offset),
            "items": [r.to_dict() for r in rows]}


@router.get("/facts", response_model=FactList)
def list_facts(request: Request, subject: EntityId = None, predicate: Text = None, object: EntityId = None,  # noqa: A002
               article: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Facts (membership, offices, trade volumes…), by subject, predicate, object or article."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    total, rows = store.list_facts(subject=_now_id(store, subject), predicate=predicate,  # type: ignore[attr-defined]
                                   object=_now_id(store, object), article_id=article, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "next": next_offset(total, limit, offset),
            "items": [r.to_dict() for r in rows]}


def search_filters(store: Store, entity: list[str], event_type: Optional[str], date_from: Optional[str],
                   date_to: Optional[str], publisher: Optional[str]) -> SearchFilters:
    """Build search filters from request parameters (entity ids follow merges)."""
    ids = tuple(i for i in (_now_id(store, e) for e in entity) if i)
    return SearchFilters(ids, event_type or None, date_from, date_to, publisher or None)


@router.get("/search", response_model=SearchOut)
def search(request: Request, q: str = Query("", max_length=500, description="words, \"phrases\", prefix*; any script"),
           entity: list[str] = Query([], max_length=10, description="only articles mentioning these entities"),
           event_type: Text = None, date_from: DateFrom = None, date_to: DateTo = None, publisher: Text = None,
           expand: bool = True, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Full-text search in any spelling or script (Tokayev = टोकाएव = तोकायेव), ranked by bm25, paged without a cap."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    filters = search_filters(store, entity, event_type, date_from, date_to, publisher)
    try:
        result = run_search(store, q, filters, limit=limit, offset=offset, expand=expand)
    except GhatnaError:
        raise
    out = result.to_dict()
    out["next"] = next_offset(result.total, limit, offset)
    return out
