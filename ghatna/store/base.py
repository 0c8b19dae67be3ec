"""The store contract: what every backend (SQLite now, PostgreSQL later) offers, and ``open_store``.

The store knows records, not NLP: it takes :class:`~ghatna.types.Article` and
:class:`~ghatna.types.RawRecord` values and gives back equal ones. Articles are keyed by their
content hash, so writing the same article twice stores it once; each source it came from is kept.

Example:
    >>> from ghatna.config import StoreSettings
    >>> with open_store(StoreSettings(url=":memory:")) as store:
    ...     store.counts().articles
    0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence, runtime_checkable

from ghatna.config import StoreSettings
from ghatna.errors import StoreError
from ghatna.types import Article, RawRecord, Rejection


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one batch write did, article ids in input order.

    ``new``: stored for the first time. ``duplicate``: the content was already stored (earlier or
    in the same batch) and this source was added to its provenance. ``seen``: this very source
    (path, index) of this content was already recorded, so nothing was added.
    """

    new: tuple[str, ...] = ()
    duplicate: tuple[str, ...] = ()
    seen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of an article listing: the columns a list view needs, without the text."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    source_path: str
    source_index: int
    chars: int
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class RejectRow:
    """A recorded rejection with the time it was last seen."""

    rejection: Rejection
    at: str

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        return {**self.rejection.to_dict(), "at": self.at}


@dataclass(frozen=True, slots=True)
class Counts:
    """How much the store holds."""

    articles: int = 0
    sources: int = 0
    rejects: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as plain JSON types."""
        return {"articles": self.articles, "sources": self.sources, "rejects": dict(self.rejects)}


@runtime_checkable
class Store(Protocol):
    """A persistent home for articles, their raw sources and rejections.

    Backends are used by one thread; one process writes at a time, any number may read.
    """

    url: str

    def put_articles(self, items: Sequence[tuple[Article, RawRecord]]) -> WriteResult:
        """Write a batch of articles with the raw records they came from, in one transaction."""
        ...

    def put_rejections(self, rejections: Sequence[Rejection]) -> int:
        """Record rejections (one per source and code; a repeat updates it); return how many."""
        ...

    def has_article(self, article_id: str) -> bool:
        """Return whether an article with exactly this id is stored."""
        ...

    def get_article(self, article_id: str) -> Article:
        """Return the stored article; raise StoreError E502 if there is none."""
        ...

    def resolve_id(self, prefix: str) -> str:
        """Return the one article id starting with ``prefix`` (E502 none, E504 several)."""
        ...

    def get_sources(self, article_id: str) -> list[RawRecord]:
        """Return every raw record the article was read from, first seen first."""
        ...

    def list_articles(
        self, *, limit: int = 50, offset: int = 0, publisher: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
    ) -> list[ArticleRow]:
        """List articles, newest published first, then most recently ingested."""
        ...

    def list_rejections(self, *, code: str | None = None, limit: int = 100, offset: int = 0) -> list[RejectRow]:
        """List recorded rejections, most recent first, optionally of one code."""
        ...

    def counts(self) -> Counts:
        """Return how many articles, sources and rejections (by code) are stored."""
        ...

    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""
        ...

    def __enter__(self) -> "Store":
        ...

    def __exit__(self, *exc: object) -> None:
        ...


def open_store(settings: StoreSettings, *, create: bool = True) -> Store:
    """Open the store named by ``settings.url``, creating and migrating it when needed.

    Args:
        settings: the ``store`` section; ``url`` is a SQLite path (or ``:memory:``) or a
            ``postgresql://`` URL.
        create: when False, a SQLite file that does not exist is an error instead of being created
            (read-only commands should not leave empty databases behind).

    Returns:
        A :class:`Store`; use it as a context manager or call ``close()``.

    Raises:
        StoreError: E500 the store cannot be opened; E501 its schema is newer than this ghatna.
    """
    url = settings.url
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError("E500", url=url, detail="the PostgreSQL backend is not available yet")
    if "://" in url and not url.startswith("sqlite://"):
        raise StoreError("E500", url=url, detail="unknown scheme; give a file path or a postgresql:// URL")
    # imported here, not at the top, because ghatna.store.sqlite imports this module's records
    from ghatna.store.sqlite import SqliteStore

    path = url.removeprefix("sqlite://")
    return SqliteStore(path, create=create)
