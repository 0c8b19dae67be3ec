"""Frozen records that flow between stages.

Every span is half-open ``[start, end)`` in code points of ``Article.text`` unless a field
says it is a raw offset. Records serialise with ``to_dict`` / ``from_dict`` (plain JSON types).
The records live in four modules (records, text, entities, events); import them from here.
"""

from __future__ import annotations

from ghatna.types.records import (  # noqa: F401
    Boilerplate,
    Caption,
    DateValue,
    OffsetMap,
    RawRecord,
    Record,
    Rejection,
    Segment,
    SourceRef,
    Span,
    Translation,
)
from ghatna.types.text import (  # noqa: F401
    Article,
    DateRef,
    Mention,
    QuoteSpan,
    Sentence,
    Token,
)
from ghatna.types.entities import (  # noqa: F401
    Alias,
    AliasKey,
    Annotations,
    Entity,
    EntityProfile,
    JsonRecord,
    LinkResult,
    LinkedEntity,
    Role,
)
from ghatna.types.events import (  # noqa: F401
    CanonicalEvent,
    Event,
    EventReport,
    Fact,
    NearDuplicate,
    Story,
    StoryMember,
)

__all__ = ["Alias", "AliasKey", "Annotations", "Article", "Boilerplate", "CanonicalEvent", "Caption", "DateRef", "DateValue", "Entity", "EntityProfile", "Event", "EventReport", "Fact", "JsonRecord", "LinkResult", "LinkedEntity", "Mention", "NearDuplicate", "OffsetMap", "QuoteSpan", "RawRecord", "Record", "Rejection", "Role", "Segment", "Sentence", "SourceRef", "Span", "Story", "StoryMember", "Token", "Translation"]
