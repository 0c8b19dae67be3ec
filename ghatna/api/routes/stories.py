"""``/api/stories``, ``/api/canonical-events`` and ``/api/articles/{id}/related``: what ``ghatna stories`` found.

Stories group articles about one happening; a canonical event is one happening with every article event
that reports it (each with its own evidence). Both are as the last ``ghatna stories`` (or ``ghatna load``
of a batch run) stored them; before that the lists are empty.
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query, Request

from ghatna.api.context import context_of
from ghatna.api.models import ErrorBody
from ghatna.api.params import EntityId, Limit, Offset, Text
from ghatna.errors import StoreError

router = APIRouter(prefix="/api", tags=["stories"],
                   responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}, 500: {"model": ErrorBody}})


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """Return a page of records; ``next`` is set when the page is full (there may be more)."""
    return {"limit": limit, "offset": offset, "next": offset + limit if len(items) == limit and limit else None,
            "items": [i.to_dict() for i in items]}


@router.get("/stories")
def list_stories(request: Request, min_articles: int = Query(1, ge=1, description="smallest story size"),
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Stories, latest first: their articles (with how each joined), dates, title and shared entities."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    return _page(ctx.store().list_stories(min_articles=min_articles, limit=limit, offset=offset),  # type: ignore[attr-defined]
                 limit, offset)


@router.get("/stories/{story_id}")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """One story with its canonical events."""
    store = context_of(request).store()
    story = store.get_story(story_id)  # type: ignore[attr-defined]
    if story is None:
        raise StoreError("E508", kind="story", id=story_id)
    events = store.list_canonical_events(story_id=story_id, limit=1000)  # type: ignore[attr-defined]
    return {**story.to_dict(), "canonical_events": [e.to_dict() for e in events]}


@router.get("/canonical-events")
def list_canonical_events(request: Request, story: Text = None, entity: EntityId = None,
                          min_reports: int = Query(1, ge=1, description="fewest reporting articles"),
                          limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Canonical events (one per happening), latest first, each with every report and its evidence."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    rows = store.list_canonical_events(story_id=story, entity_id=entity,  # type: ignore[attr-defined]
                                       min_reports=min_reports, limit=limit, offset=offset)
    return _page(rows, limit, offset)


@router.get("/articles/{article_id}/related")
def related(request: Request, article_id: str, limit: Optional[int] = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    """An article's story, its near-duplicates (with Jaccard estimates) and its events' canonical ids."""
    store = context_of(request).store()
    aid = store.resolve_id(article_id)
    return {"article_id": aid, "story_id": store.story_of(aid),  # type: ignore[attr-defined]
            "near_duplicates": [d.to_dict() for d in store.list_near_duplicates(article_id=aid, limit=limit)],  # type: ignore[attr-defined]
            "canonical_events": {str(k): v for k, v in store.canonical_of(aid).items()}}  # type: ignore[attr-defined]
