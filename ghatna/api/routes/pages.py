"""The web UI: server-rendered pages over the same views as the JSON API (templates in ``ghatna/web``).

Every page is plain HTML with a stylesheet from ``/static``; there is no script and no CDN, so it
works offline, and every value is escaped by the template engine (autoescape is on for all
templates), including article text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ghatna.api.context import context_of, next_offset
from ghatna.api.params import DateFrom, DateTo, EntityId, EventTypes, Limit, Offset, Text
from ghatna.api.routes.events import event_filter, search_filters
from ghatna.api.views import (article_pieces, article_view, chart_of, dyad_view, entity_names, entity_view,
                              event_dicts)
from ghatna.indexing import entity_match, index_pending
from ghatna.indexing import search as run_search
from ghatna.text.search import parse_query

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status: int = 200, **data: Any) -> HTMLResponse:
    """Render a template with the request and the page's data."""
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, **data)
    return HTMLResponse(html, status_code=status)


def pager(request: Request, total: int, limit: int, offset: int) -> dict[str, Any]:
    """Return links to the previous and next pages of a list (same query, other offset)."""
    params = {k: v for k, v in request.query_params.multi_items() if k != "offset"}

    def link(off: int) -> str:
        return request.url.path + "?" + urlencode([*params.items(), ("offset", str(off))])

    nxt = next_offset(total, limit, offset)
    return {"total": total, "first": offset + 1 if total else 0, "last": min(total, offset + limit),
            "prev": link(max(0, offset - limit)) if offset > 0 else None, "next": link(nxt) if nxt is not None else None}


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """Recent events, most mentioned entities, and the search box."""
    store = context_of(request).store()
    _, events = store.list_events(limit=20)  # type: ignore[attr-defined]
    return render(request, "home.html", counts=store.counts(), events=event_dicts(store, events),
                  entities=store.list_entities(limit=24))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=500), entity: list[str] = Query([], max_length=10),
                event_type: Text = None, date_from: DateFrom = None, date_to: DateTo = None, publisher: Text = None,
                limit: Limit = 20, offset: Offset = 0) -> Response:
    """Search results with snippets, the entities the query names, and filters."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit or 20, offset)
    store = ctx.store()
    filters = search_filters(store, entity, event_type, date_from, date_to, publisher)
    result = run_search(store, q, filters, limit=limit, offset=offset).to_dict()
    return render(request, "search.html", q=q, result=result, filters=filters, facets=store.facets(),  # type: ignore[attr-defined]
                  pages=pager(request, result["total"], limit, offset))


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: Text = None, type: Text = None, limit: Limit = 50,  # noqa: A002
                  offset: Offset = 0) -> Response:
    """Entities, most mentioned first, or those whose names match ``q``."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit or 50, offset)
    store = ctx.store()
    if q:
        index_pending(store)
        match = entity_match(parse_query(q))
        rows = [e for e, _ in store.search_entities(match, type=type, limit=limit, offset=offset)] if match else []  # type: ignore[attr-defined]
        total = offset + len(rows) + (1 if len(rows) == limit else 0)
    else:
        rows = store.list_entities(type=type, limit=limit, offset=offset)
        total = store.count_entities(type=type)  # type: ignore[attr-defined]
    return render(request, "entities.html", q=q or "", type=type or "", rows=rows,
                  pages=pager(request, total, limit, offset))


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> Response:
    """An entity: names and spellings with counts, roles, timeline chart, events, quotes, related entities."""
    store = context_of(request).store()
    view = entity_view(store, entity_id, events=100, quotes=30, related=20, articles=20)
    return render(request, "entity.html", v=view, tl=chart_of(view["timeline"]))


@router.get("/dyad", response_class=HTMLResponse)
def dyad_form(request: Request, a: EntityId = None, b: EntityId = None) -> Response:
    """Pick two entities (by id) for a dyad page."""
    if a and b:
        return RedirectResponse(request.url_for("dyad_page", a=a, b=b).path, status_code=303)
    return render(request, "dyad_form.html", a=a or "", b=b or "")


@router.get("/dyad/{a}/{b}", response_class=HTMLResponse, name="dyad_page")
def dyad_page(request: Request, a: str, b: str, date_from: DateFrom = None, date_to: DateTo = None,
              limit: Limit = 100, offset: Offset = 0) -> Response:
    """A ↔ B over time: chart, direction counts, events, shared articles."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit or 100, offset)
    view = dyad_view(ctx.store(), a, b, "month", date_from, date_to, limit, offset)
    return render(request, "dyad.html", v=view, tl=chart_of(view["buckets"]),
                  pages=pager(request, view["total"], limit, offset))


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    """An article with its entities, events and quotes highlighted (click a name for its entity page)."""
    store = context_of(request).store()
    doc = article_view(store, article_id)
    return render(request, "article.html", doc=doc, pieces=article_pieces(doc))


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, type: EventTypes = [], actor: EntityId = None,  # noqa: A002
                recipient: EntityId = None, country: EntityId = None, entity: EntityId = None, status: Text = None,
                date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = 50, offset: Offset = 0) -> Response:
    """The event table with its filters."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit or 50, offset)
    store = ctx.store()
    f = event_filter(store, type, actor, recipient, country, entity, status, None, date_from, date_to)
    total, rows = store.list_events(f, limit=limit, offset=offset)  # type: ignore[attr-defined]
    chosen = entity_names(store, [actor, recipient, country, entity])
    return render(request, "events.html", events=event_dicts(store, rows), facets=store.facets(),  # type: ignore[attr-defined]
                  form={"type": type, "actor": actor or "", "recipient": recipient or "", "country": country or "",
                        "entity": entity or "", "status": status or "", "date_from": date_from or "",
                        "date_to": date_to or ""}, chosen=chosen, pages=pager(request, total, limit, offset))


def render_error(request: Request, status: int, body: dict[str, Any]) -> Response:
    """Draw an error (the API's error shape) as a page."""
    try:
        return render(request, "error.html", status=status, body=body)
    except Exception:  # noqa: BLE001 - an error page must not fail; fall back to plain text
        return HTMLResponse(f"error {status}", status_code=status)

