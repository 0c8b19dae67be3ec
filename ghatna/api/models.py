"""Request and response models of the REST API (they make the OpenAPI description at /api/openapi.json).

Responses list the fields clients rely on and allow more (``extra="allow"``): records may gain
fields, as the ``ghatna.article/1`` contract allows, without breaking the schema.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A response object that may carry more fields than listed."""

    model_config = ConfigDict(extra="allow")


class ErrorItem(Open):
    """One problem: a code from the catalogue, its message, what to do, and where (for invalid parameters)."""

    code: str
    message: str
    hint: str = ""
    loc: Optional[list[str]] = None


class ErrorBody(BaseModel):
    """The one error shape of every endpoint."""

    ok: bool = False
    status: int
    error: str
    errors: list[ErrorItem]


class Page(Open):
    """A page of a list: ``total`` items in all, this page's ``limit``/``offset``, the ``next`` offset or null."""

    total: int
    limit: int
    offset: int
    next: Optional[int] = None


class EntityOut(Open):
    """An entity with how often it is mentioned."""

    id: str
    type: str
    name_en: Optional[str] = None
    name_hi: Optional[str] = None
    qid: Optional[str] = None
    nil: bool = False
    mentions: int = 0
    articles: int = 0


class EventOut(Open):
    """A stored event: PLOVER type, entities by role (ids as merged now), date, status, evidence span."""

    id: int
    article_id: str
    event_type: str
    mode: Optional[str] = None
    status: Optional[str] = None
    date: Optional[str] = None
    when: Optional[str] = None
    actor: list[str] = []
    recipient: list[str] = []
    location: Optional[str] = None
    evidence: Optional[dict[str, Any]] = None
    names: dict[str, str] = {}


class QuoteOut(Open):
    """A quotation with its speaker entity and its article."""

    id: int
    article_id: str
    text: str
    start: int
    end: int
    direct: bool
    speaker: Optional[str] = None


class FactOut(Open):
    """A fact: subject, predicate, object or value, validity, evidence."""

    id: int
    article_id: str
    predicate: str
    subject: Optional[str] = None
    object: Optional[str] = None
    value: Any = None


class ArticleRowOut(Open):
    """One line of an article list."""

    id: str
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[str] = None


class ArticleList(Page):
    """A page of articles."""

    items: list[ArticleRowOut]


class EntityList(Page):
    """A page of entities."""

    items: list[EntityOut]


class EventList(Page):
    """A page of events."""

    items: list[EventOut]


class QuoteList(Page):
    """A page of quotes."""

    items: list[QuoteOut]


class FactList(Page):
    """A page of facts."""

    items: list[FactOut]


class SearchResult(Open):
    """An article found: its rank (bm25, lower is better), a snippet and the matched words' offsets in it."""

    id: str
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[str] = None
    score: float
    snippet: str
    highlights: list[dict[str, int]]


class SearchOut(Page):
    """Search results, with the entities the query names and the spellings it was widened with."""

    query: str
    results: list[SearchResult]
    entities: list[EntityOut]
    expanded_with: list[str]


class EntityPageOut(Open):
    """Everything about an entity: names with counts, roles, events, quotes, related entities, timeline."""

    entity: EntityOut
    aliases: list[dict[str, Any]]
    roles: dict[str, Any]
    events: list[EventOut]
    events_total: int
    quotes: list[QuoteOut]
    related: list[dict[str, Any]]
    timeline: list[dict[str, Any]]


class TimelineOut(Open):
    """Events of an entity over time."""

    entity: dict[str, Any]
    granularity: str
    buckets: list[dict[str, Any]]
    events: list[EventOut]
    total: int


class DyadOut(Open):
    """A ↔ B over time."""

    a: dict[str, Any]
    b: dict[str, Any]
    buckets: list[dict[str, Any]]
    events: list[EventOut]
    total: int
    directions: dict[str, int]


class ArticleIn(BaseModel):
    """An article to ingest: ``text`` or ``html``, with the metadata a feed gives."""

    model_config = ConfigDict(extra="forbid")

    text: Optional[str] = Field(None, description="plain text of the article")
    html: Optional[str] = Field(None, description="the page's HTML, when there is no text")
    id: Optional[str] = Field(None, max_length=200, description="the source's own id")
    title: Optional[str] = Field(None, max_length=2000)
    url: Optional[str] = Field(None, max_length=4000)
    publisher: Optional[str] = Field(None, max_length=500)
    published: Optional[str] = Field(None, max_length=40, description="YYYY-MM-DD, YYYY-MM or YYYY")
    byline: Optional[str] = Field(None, max_length=500)


class ArticlesIn(BaseModel):
    """A batch of articles to ingest."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(..., min_length=1, max_length=1000)


class IngestOut(Open):
    """What ingestion did per article, in input order."""

    ok: bool = True
    results: list[dict[str, Any]]
