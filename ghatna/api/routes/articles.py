"""``/api/articles``: list and read articles (the ``ghatna.article/1`` document with evidence spans); ingest with a token."""

from __future__ import annotations

import logging
from typing import Any, Union

from fastapi import APIRouter, Depends, Request

from ghatna.api.context import context_of, next_offset, require_token
from ghatna.api.errors import ApiError
from ghatna.api.models import ArticleIn, ArticleList, ArticlesIn, ErrorBody, IngestOut, Open
from ghatna.api.params import DateFrom, DateTo, EntityId, Limit, Offset, Text
from ghatna.api.views import article_view, safe_entity
from ghatna.errors import GhatnaError, InputError
from ghatna.indexing import index_pending
from ghatna.store.search import SearchFilters
from ghatna.types import Annotations, Article, RawRecord, Rejection, SourceRef

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["articles"],
                   responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}, 500: {"model": ErrorBody}})


@router.get("/articles", response_model=ArticleList)
def list_articles(request: Request, publisher: Text = None, entity: EntityId = None, date_from: DateFrom = None,
                  date_to: DateTo = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """List articles, newest published first, optionally of one publisher, date range or entity."""
    ctx = context_of(request)
    limit, offset = ctx.page(limit, offset)
    store = ctx.store()
    ids: tuple[str, ...] = ()
    if entity:
        ids = (safe_entity(store, entity) or entity,)
    page = store.search_articles(None, SearchFilters(ids, None, date_from, date_to, publisher),  # type: ignore[attr-defined]
                                 limit=limit, offset=offset)
    return {"total": page.total, "limit": limit, "offset": offset, "next": next_offset(page.total, limit, offset),
            "items": [{k: v for k, v in h.to_dict().items() if k != "score"} for h in page.hits]}


@router.get("/articles/{article_id}", response_model=Open)
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """Return one article (an id prefix is enough) as its ``ghatna.article/1`` document plus stored event ids."""
    if len(article_id) > 200:
        raise ApiError(422, "E801", detail="article id too long")
    return article_view(context_of(request).store(), article_id)


def _record(i: int, item: ArticleIn) -> RawRecord:
    """Return the raw record of one posted article (its provenance: the API, its position, the source's id)."""
    body, content_type = item.text, "text"
    if not body or not body.strip():
        body, content_type = item.html, "html"
    if not body or not body.strip():
        raise ApiError(422, "E801", detail=f"articles[{i}] needs a non-empty 'text' or 'html'")
    fields = {k: v.strip() for k, v in (("id", item.id), ("url", item.url), ("published", item.published),
                                       ("publisher", item.publisher), ("title", item.title),
                                       ("byline", item.byline)) if isinstance(v, str) and v.strip()}
    return RawRecord(SourceRef("api", i, "api", id=item.id), body.encode("utf-8", "surrogatepass"), content_type,
                     fields)


@router.post("/articles", status_code=201, response_model=IngestOut, dependencies=[Depends(require_token)],
             responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody}})
def post_articles(request: Request, body: Union[ArticlesIn, ArticleIn]) -> dict[str, Any]:
    """Ingest articles (one object, or ``{"articles": [...]}``): annotate, store, index. Needs the bearer token."""
    ctx = context_of(request)
    items = body.articles if isinstance(body, ArticlesIn) else [body]
    records = [_record(i, item) for i, item in enumerate(items)]
    build = ctx.builder()
    results: list[dict[str, Any]] = []
    batch: list[tuple[Article, RawRecord]] = []
    bundles: list[Annotations] = []
    for i, record in enumerate(records):
        try:
            built = build(record, ctx.settings)
        except InputError as exc:
            built = Rejection(record.source, exc.code, exc.message, exc.hint)
        if isinstance(built, Rejection):
            results.append({"index": i, "status": "rejected", "code": built.code, "reason": built.reason})
            continue
        article, bundle = built if isinstance(built, tuple) else (built, None)
        batch.append((article, record))
        if bundle is not None:
            bundles.append(bundle)
        results.append({"index": i, "id": article.id, "annotated": bundle is not None})
    store = ctx.store()
    if batch:
        written = store.put_articles(batch, bundles)
        status = {**{a: "duplicate" for a in written.seen}, **{a: "duplicate" for a in written.duplicate},
                  **{a: "new" for a in written.new}}
        for r in results:
            if "id" in r:
                r["status"] = status.get(r["id"], "duplicate")
        try:
            index_pending(store)
        except GhatnaError as exc:  # the articles are stored; the index catches up on the next search
            log.warning("indexing after a write failed: %s", exc)
    ok = all(r["status"] != "rejected" for r in results)
    return {"ok": ok, "results": results}
