"""Search and read-model methods shared by the store backends (a mixin over their connection handling).

A backend provides ``_reading(func, *args)`` (run ``func(conn, *args)`` in one read transaction),
``_transaction()`` (a write transaction yielding the connection) and ``_fts`` (the module with its
full-text functions: :mod:`ghatna.store.search` for SQLite). Everything else is written once here.
"""

from __future__ import annotations

from datetime import datetime, timezone
from types import ModuleType
from typing import Any, Sequence

from ghatna.errors import StoreError
from ghatna.store import queries as q
from ghatna.store import search as fts
from ghatna.store.base import EntityRow
from ghatna.store.queries import EventFilter, EventRow, FactRow, QuoteRow
from ghatna.store.search import ArticleDoc, EntityDoc, Match, SearchFilters, SearchPage


def _now() -> str:
    """Return the current UTC time as sortable ISO 8601 text."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class QueryMethods:
    """Full-text index upkeep and the queries behind the API and the web UI."""

    _fts: ModuleType = fts

    def _reading(self, func: Any, *args: Any) -> Any:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def _transaction(self) -> Any:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    # -- index upkeep ---------------------------------------------------------------------------

    def requeue_search(self, version: int) -> int:
        """Queue every article and entity indexed with other keys than ``version``; return how many."""
        with self._transaction() as c:
            self._fts.drop_missing_pending(c)
            return self._fts.requeue_stale(c, version)

    def search_pending(self) -> tuple[int, int]:
        """Return how many articles and entities wait to be (re)indexed."""
        return self._reading(self._fts.pending_count)

    def search_queue(self, limit: int = 500) -> list[tuple[str, str | None, str]]:
        """Return ``(id, title, text)`` of up to ``limit`` articles waiting to be indexed."""
        return self._reading(self._fts.pending_articles, limit)

    def put_search_docs(self, docs: Sequence[ArticleDoc], version: int) -> int:
        """Write the search keys of articles (replacing earlier ones) in one transaction."""
        with self._transaction() as c:
            return self._fts.write_article_docs(c, docs, version, _now())

    def entity_queue(self, limit: int = 500) -> list[tuple[str, list[str]]]:
        """Return ``(id, names)`` of up to ``limit`` entities waiting to be indexed (no names: remove)."""
        return self._reading(self._fts.pending_entities, limit)

    def put_entity_docs(self, docs: Sequence[EntityDoc], version: int) -> int:
        """Write the name keys of entities (an empty doc removes one) in one transaction."""
        with self._transaction() as c:
            return self._fts.write_entity_docs(c, docs, version, _now())

    # -- search ---------------------------------------------------------------------------------

    def search_articles(self, match: Match | None, filters: SearchFilters = SearchFilters(), *,
                        limit: int = 20, offset: int = 0) -> SearchPage:
        """Return one page of articles matching ``match`` (None: all) and the filters, best first, with the total."""
        return self._reading(self._fts.search_articles, match, filters, max(0, limit), max(0, offset))

    def search_entities(self, match: Match, *, type: str | None = None,  # noqa: A002
                        limit: int = 10, offset: int = 0) -> list[tuple[EntityRow, float]]:
        """Return entities whose names match, best first, with their scores."""
        return self._reading(self._fts.search_entities, match, type, max(0, limit), max(0, offset))

    def name_aliases(self, entity_ids: Sequence[str]) -> dict[str, list[str]]:
        """Return each entity's names and naming aliases (no roles or pronouns), most used first."""
        return self._reading(self._fts.name_aliases, list(entity_ids))

    def entity_rows(self, entity_ids: Sequence[str]) -> dict[str, EntityRow]:
        """Return entities by id (as stored) with mention counts; unknown ids are left out."""
        return self._reading(fts.entity_rows, list(entity_ids))

    def entity_labels(self, entity_ids: Sequence[str]) -> dict[str, tuple[str, str | None, str | None]]:
        """Return ``{id: (type, name_en, name_hi)}`` (no counts: cheap even for the most mentioned entities)."""
        return self._reading(fts.entity_labels, list(entity_ids))

    # -- events, quotes, facts ------------------------------------------------------------------

    def list_events(self, f: EventFilter = EventFilter(), *, limit: int = 50, offset: int = 0,
                    count: bool = True) -> tuple[int, list[EventRow]]:
        """Return ``(total, events)`` matching the filter, newest first (id order when ``f.after_id`` is set)."""
        return self._reading(lambda c: q.list_events(c, f, max(0, limit), max(0, offset), count=count))

    def get_event(self, event_id: int) -> EventRow:
        """Return one event by its store id; E508 if there is none."""
        row = self._reading(q.get_event, int(event_id))
        if row is None:
            raise StoreError("E508", kind="event", id=event_id)
        return row

    def event_buckets(self, f: EventFilter, granularity: str = "month") -> list[tuple[str, str, int]]:
        """Return ``(period, event type, count)`` of the filtered events, oldest first."""
        return self._reading(q.event_buckets, f, granularity)

    def list_quotes(self, *, speaker: str | None = None, article_id: str | None = None, date_from: str | None = None,
                    date_to: str | None = None, limit: int = 50, offset: int = 0,
                    after_id: int | None = None) -> tuple[int, list[QuoteRow]]:
        """Return ``(total, quotes)``, newest article first."""
        return self._reading(q.list_quotes, speaker, article_id, date_from, date_to, max(0, limit), max(0, offset),
                             after_id)

    def list_facts(self, *, subject: str | None = None, predicate: str | None = None, object: str | None = None,  # noqa: A002
                   article_id: str | None = None, limit: int = 50, offset: int = 0,
                   after_id: int | None = None) -> tuple[int, list[FactRow]]:
        """Return ``(total, facts)``, newest article first."""
        return self._reading(q.list_facts, subject, predicate, object, article_id, max(0, limit), max(0, offset),
                             after_id)

    # -- entity views ---------------------------------------------------------------------------

    def entity_roles(self, entity_id: str) -> dict[str, Any]:
        """Return an entity's role names and the roles it plays in events, by event type."""
        return self._reading(q.entity_roles, entity_id)

    def related_entities(self, entity_id: str, *, limit: int = 20, offset: int = 0) -> list[tuple[str, int]]:
        """Return ``(entity id, articles together)`` of the entities most often mentioned with it, most first."""
        return self._reading(q.related_entities, entity_id, max(0, limit), max(0, offset))

    def mention_buckets(self, entity_ids: Sequence[str], granularity: str = "month") -> list[tuple[str, int]]:
        """Return ``(period, articles)`` of articles mentioning all the entities."""
        return self._reading(q.mention_buckets, list(entity_ids), granularity)

    def articles_with_all(self, entity_ids: Sequence[str], *, limit: int = 50,
                          offset: int = 0) -> tuple[int, list[tuple[str, ...]]]:
        """Return ``(total, [(id, title, publisher, published)])`` of articles mentioning every entity."""
        return self._reading(q.article_ids_with_all, list(entity_ids), max(0, limit), max(0, offset))

    def count_entities(self, *, type: str | None = None, nil: bool | None = None) -> int:  # noqa: A002
        """Return how many entities stand for themselves (not merged away), of a type / NIL or not."""
        return self._reading(q.count_entities, type, nil)

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Return publishers, event types and statuses with counts (for filter menus)."""
        return self._reading(q.facets)

    def article_ids(self, *, after: str | None = None, limit: int = 1000) -> list[str]:
        """Return article ids after ``after`` in id order (for exports that walk every article)."""
        return self._reading(q.article_pages, after, max(0, limit))
