"""``/api/entities`` and ``/api/dyads``: entity pages, their timelines, events, quotes, related entities; A ↔ B."""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Request

from ghatna.api.context import context_of, next_offset
from ghatna.api.models import DyadOut, EntityList, EntityPageOut, ErrorBody, EventList, Open, QuoteList, TimelineOut
from ghatna.api.params import DateFrom, DateTo, Granularity, Limit, Offset, Text
from ghatna.api.views import dyad_view, entity_names, entity_view, event_dicts, timeline_view
from ghatna.indexing import entity_match, index_pending
from ghatna.store.queries import EventFilter
from ghatna.store.search import SearchFilters
from ghatna.text.search import parse_query

router = APIRouter(prefix="/api", tags=["entities"],
                   responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}, 500: {"model": ErrorBody}})


@router.get("/entities", response_model=EntityList)
def list_entities(request: Request, q: Text = None, type: Text = None,  # noqa: A002
                  nil: Optional[bool] = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """List entities, most mentioned first; with ``q``, those whose names match it in any spelling, best first."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    if q:
        index_pending(store)
        match = entity_match(parse_query(q))
        found = store.search_entities(match, type=type, limit=limit + offset + 1) if match else []  # type: ignore[attr-defined]
        rows = [{**e.to_dict(), "score": round(s, 4)} for e, s in found if nil is None or e.nil == nil]
        total = len(rows) if len(rows) <= limit + offset else offset + limit + 1
        items = rows[offset:offset + limit]
    else:
        total = store.count_entities(type=type, nil=nil)  # type: ignore[attr-defined]
        items = [e.to_dict() for e in store.list_entities(type=type, nil=nil, limit=limit, offset=offset)]
    return {"total": total, "limit": limit, "offset": offset, "next": next_offset(total, limit, offset), "items": items}


@router.get("/entities/{entity_id}", response_model=EntityPageOut)
def get_entity(request: Request, entity_id: str, events: Limit = 50, quotes: Limit = 20) -> dict[str, Any]:
    """An entity's page: spellings with counts and first/last sightings, roles, events, quotes, related, timeline."""
    ctx = context_of(request)
    events, _ = ctx.page(events, 0)
    quotes, _ = ctx.page(quotes, 0)
    return entity_view(ctx.store(), entity_id, events=events, quotes=quotes)


@router.get("/entities/{entity_id}/timeline", response_model=TimelineOut)
def entity_timeline(request: Request, entity_id: str, granularity: Granularity = "month", date_from: DateFrom = None,
                    date_to: DateTo = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """The entity's events over time: counts per period and event type, articles per period, the events."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    out = timeline_view(ctx.store(), entity_id, granularity, date_from, date_to, limit, offset)
    out["next"] = next_offset(out["total"], limit, offset)
    return out


@router.get("/entities/{entity_id}/events", response_model=EventList)
def entity_events(request: Request, entity_id: str, role: Optional[Literal["actor", "recipient", "location"]] = None,
                  date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = 50,
                  offset: Offset = 0) -> dict[str, Any]:
    """Events the entity takes part in (in any role, or one), newest first."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    root = store.resolve_entity(entity_id)
    f = EventFilter(actor=root if role == "actor" else None, recipient=root if role == "recipient" else None,
                    country=root if role == "location" else None, entity=None if role else root,
                    date_from=date_from, date_to=date_to)
    total, rows = store.list_events(f, limit=limit, offset=offset)  # type: ignore[attr-defined]
    return {"total": total, "limit": limit, "offset": offset, "next": next_offset(total, limit, offset),
            "items": event_dicts(store, rows)}


@router.get("/entities/{entity_id}/quotes", response_model=QuoteList)
def entity_quotes(request: Request, entity_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """What the entity was quoted saying, newest article first."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    total, rows = store.list_quotes(speaker=store.resolve_entity(entity_id), limit=limit, offset=offset)  # type: ignore[attr-defined]
    return {"total": total, "limit": limit, "offset": offset, "next": next_offset(total, limit, offset),
            "items": [r.to_dict() for r in rows]}


@router.get("/entities/{entity_id}/articles", response_model=Open)
def entity_articles(request: Request, entity_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Articles mentioning the entity, newest first."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    root = store.resolve_entity(entity_id)
    page = store.search_articles(None, SearchFilters(entity_ids=(root,)), limit=limit, offset=offset)  # type: ignore[attr-defined]
    return {"total": page.total, "limit": limit, "offset": offset, "next": next_offset(page.total, limit, offset),
            "items": [{k: v for k, v in h.to_dict().items() if k != "score"} for h in page.hits]}


@router.get("/entities/{entity_id}/related", response_model=Open)
def entity_related(request: Request, entity_id: str, limit: Limit = 20) -> dict[str, Any]:
    """Entities most often mentioned in the same articles, with how many articles they share."""
    ctx = context_of(request)
    limit, _ = ctx.page(limit, 0)
    store = ctx.store()
    root = store.resolve_entity(entity_id)
    related = store.related_entities(root, limit=limit)  # type: ignore[attr-defined]
    names = entity_names(store, [root, *(eid for eid, _ in related)])
    return {"entity": names[root], "items": [{**names[eid], "articles": n} for eid, n in related]}


@router.get("/dyads/{a}/{b}", response_model=DyadOut)
def dyad(request: Request, a: str, b: str, granularity: Granularity = "month", date_from: DateFrom = None,
         date_to: DateTo = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """A ↔ B over time: events where both take part (as actor or recipient), by period, type and direction."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    out = dyad_view(ctx.store(), a, b, granularity, date_from, date_to, limit, offset)
    out["next"] = next_offset(out["total"], limit, offset)
    return out
