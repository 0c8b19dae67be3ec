"""What every request handler needs: settings, a store connection of its own thread, paging and auth checks.

A store backend holds one connection, used by one thread (SQLite refuses anything else), so each
worker thread of the server opens its own from ``store_factory`` on first use and keeps it: one
connection per thread, any number of readers beside the one writer (SQLite WAL).
"""

from __future__ import annotations

import hmac
import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from fastapi import Request

from ghatna.api.errors import ApiError
from ghatna.config import Settings
from ghatna.store import Store

log = logging.getLogger(__name__)


class StoreProvider:
    """Hands each thread its own store, opened on first use by ``factory``."""

    def __init__(self, factory: Callable[[], Store]) -> None:
        self._factory = factory
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []

    def get(self) -> Store:
        """Return this thread's store, opening it the first time."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._factory()
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close_all(self) -> None:
        """Close every store opened so far (at shutdown; a store of a live thread may refuse, which is fine)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - SQLite refuses a close from another thread; the process ends anyway
                log.debug("store of another thread left to the process exit")


@dataclass
class Context:
    """Per-application state: settings, stores, and the lazily built annotator for writes."""

    settings: Settings
    stores: StoreProvider
    annotator: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    run_lock: threading.Lock = field(default_factory=threading.Lock)

    def builder(self) -> Any:
        """Return the function that builds an article and its annotations from a raw record.

        The whole pipeline loads models and the KB, so it is built on the first write only; if it
        cannot be built, articles are stored without annotations (and the reason is logged).
        """
        with self.lock:
            if self.annotator is None:
                try:
                    from ghatna.persist import Annotator

                    self.annotator = Annotator(self.settings)
                except Exception as exc:  # noqa: BLE001 - a missing model must not stop ingestion
                    from ghatna.ingest.article import build_article

                    log.warning("the annotation pipeline is not available (%s); storing articles only", exc)
                    self.annotator = build_article
            return self._build_one

    def _build_one(self, record: Any, settings: Settings) -> Any:
        """Run the annotator on one record, one call at a time.

        The stages keep per-process caches (NER scores per word, the shared tokenisation, KB
        look-ups) written without locks, for one thread; the API serves requests on many.
        """
        with self.run_lock:
            return self.annotator(record, settings)

    def store(self) -> Store:
        """Return the calling thread's store."""
        return self.stores.get()

    def page(self, limit: int, offset: int) -> tuple[int, int]:
        """Check a page request against ``api.max_page_size``; return ``(limit, offset)``."""
        most = self.settings.api.max_page_size
        if limit > most:
            raise ApiError(422, "E801", detail=f"limit {limit} is over the largest page size {most}",
                           errors=[{"code": "E801", "message": f"limit: at most {most}", "loc": ["query", "limit"],
                                    "hint": "page through results with offset"}])
        return limit, offset


def context_of(request: Request) -> Context:
    """Return the application's context."""
    return request.app.state.ctx  # type: ignore[no-any-return]


def require_token(request: Request) -> None:
    """Let a write through only with ``Authorization: Bearer <api.token>`` (401 otherwise; 403 when writes are off)."""
    token = context_of(request).settings.api.token
    if not token:
        raise ApiError(403, "E803")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ApiError(401, "E802", headers={"WWW-Authenticate": "Bearer"})


def next_offset(total: int, limit: int, offset: int) -> int | None:
    """Return the offset of the next page, or None on the last one."""
    return offset + limit if offset + limit < total else None
