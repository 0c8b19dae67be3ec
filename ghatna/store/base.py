"""The store contract: what every backend (SQLite now, PostgreSQL later) offers, and ``open_store``.

The store knows records, not NLP: it takes :class:`~ghatna.types.Article`,
:class:`~ghatna.types.RawRecord` and :class:`~ghatna.types.Annotations` values and gives back equal
ones. Articles are keyed by their content hash, so writing the same article twice stores it once;
each source it came from is kept. Annotations are written with their article, replace earlier ones,
and make entities one per id across articles; merges join entities and can be undone exactly.

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
from ghatna.types import Annotations, Article, EntityProfile, RawRecord, Rejection


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
    #: articles whose annotations were written (new or changed; unchanged ones are skipped)
    annotated: tuple[str, ...] = ()


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
    annotated: int = 0  # articles with stored annotations
    entities: int = 0  # entities seen in articles (merged ones not counted)

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as plain JSON types."""
        return {"articles": self.articles, "sources": self.sources, "rejects": dict(self.rejects),
                "annotated": self.annotated, "entities": self.entities}


def _row_dict(row: Any) -> dict[str, Any]:
    """Return a slotted row record as plain JSON types (nested rows and tuples included)."""
    out: dict[str, Any] = {}
    for name in row.__slots__:
        value = getattr(row, name)
        if hasattr(value, "__slots__") and hasattr(value, "to_dict"):
            value = value.to_dict()
        elif isinstance(value, tuple):
            value = [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
        out[name] = value
    return out


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity as stored: what the KB or the linker said, when it was seen, how often."""

    id: str
    type: str
    name_en: str | None
    name_hi: str | None
    qid: str | None
    nil: bool
    merged_into: str | None
    first_seen: str | None
    last_seen: str | None
    mentions: int = 0
    articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        return _row_dict(self)


@dataclass(frozen=True, slots=True)
class AliasCount:
    """One name of an entity over the stored articles: counts, keys, first and last sighting.

    ``first_article``/``last_article`` are the evidence: the article each date comes from.
    """

    text: str
    script: str
    ortho: str
    phon: str
    how: tuple[str, ...]
    mentions: int
    articles: int
    first_seen: str | None
    first_article: str | None
    last_seen: str | None
    last_article: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        return _row_dict(self)


@dataclass(frozen=True, slots=True)
class EntityArticle:
    """An article that mentions an entity, with how many times."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain JSON types."""
        return _row_dict(self)


@dataclass(frozen=True, slots=True)
class EntityPage:
    """What an entity page shows: the entity, its names with counts, the ids merged into it, articles."""

    entity: EntityRow
    aliases: tuple[AliasCount, ...]
    merged_from: tuple[str, ...]
    articles: tuple[EntityArticle, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the page as plain JSON types."""
        return _row_dict(self)


@dataclass(frozen=True, slots=True)
class EntityMerge:
    """A decision that ``merged`` is the entity ``kept``, why, what it moved, and whether it was undone."""

    id: int
    kept: str
    merged: str
    reason: str
    evidence: dict[str, Any]
    moved: dict[str, int]
    created_by: str
    created_at: str
    undone_at: str | None = None

    @property
    def active(self) -> bool:
        """True until the merge is undone."""
        return self.undone_at is None

    def to_dict(self) -> dict[str, Any]:
        """Return the merge as plain JSON types."""
        return {**_row_dict(self), "active": self.active}


@runtime_checkable
class Store(Protocol):
    """A persistent home for articles, their raw sources and rejections.

    Backends are used by one thread; one process writes at a time, any number may read.
    """

    url: str

    def put_articles(self, items: Sequence[tuple[Article, RawRecord]],
                     annotations: Sequence[Annotations] = ()) -> WriteResult:
        """Write a batch of articles with their raw records and annotations, in one transaction."""
        ...

    def put_annotations(self, bundles: Sequence[Annotations]) -> int:
        """Write annotations of stored articles (each replaces the article's earlier ones); return how many changed."""
        ...

    def get_annotations(self, article_id: str) -> Annotations | None:
        """Return the stored annotations of an article (entity ids as merged now), None if never annotated."""
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

    def resolve_entity(self, entity_id: str) -> str:
        """Return the id an entity id stands for now (following active merges); E505 if never seen."""
        ...

    def get_entity(self, entity_id: str, *, articles: int = 20) -> EntityPage:
        """Return the page of an entity (a merged id gives the entity it was merged into); E505 if unknown."""
        ...

    def entity_articles(self, entity_id: str, *, limit: int = 50, offset: int = 0) -> list[EntityArticle]:
        """List the articles mentioning an entity, newest published first."""
        ...

    def list_entities(self, *, type: str | None = None, nil: bool | None = None,
                      limit: int = 50, offset: int = 0) -> list[EntityRow]:
        """List entities (merged ones left out), most mentioned first."""
        ...

    def find_entities(self, ortho: str, phon: str, *, limit: int = 10) -> list[tuple[EntityRow, float, str]]:
        """Find stored entities by the match keys of a name: ``(entity, score, alias text)``, best first."""
        ...

    def entity_profiles(self, *, nil_only: bool = True) -> list[EntityProfile]:
        """Return entities with their names and co-occurring entities (input of cross-article merging)."""
        ...

    def merge_entities(self, keep: str, merge: str, reason: str, *, evidence: dict[str, Any] | None = None,
                       created_by: str = "user") -> EntityMerge:
        """Record that ``merge`` is the entity ``keep``: its mentions, aliases, quotes, events and facts follow."""
        ...

    def undo_merge(self, merge_id: int) -> EntityMerge:
        """Revert a merge: every row goes back to the entity it stands for without it."""
        ...

    def list_merges(self, *, entity: str | None = None, active: bool | None = None,
                    limit: int = 100, offset: int = 0) -> list[EntityMerge]:
        """List merges, newest first, optionally those touching one entity or only (in)active ones."""
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
        from ghatna.store.postgres import PostgresStore  # needs psycopg only when asked for

        return PostgresStore(url, create=create)
    if "://" in url and not url.startswith("sqlite://"):
        raise StoreError("E500", url=url, detail="unknown scheme; give a file path or a postgresql:// URL")
    # imported here, not at the top, because ghatna.store.sqlite imports this module's records
    from ghatna.store.sqlite import SqliteStore

    path = url.removeprefix("sqlite://")
    return SqliteStore(path, create=create)
