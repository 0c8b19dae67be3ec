"""PLOVER events, dated facts, and the cross-document records: near-duplicates, stories, canonical events."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ghatna.types.text import Article
from ghatna.types.records import DateValue, Record, Span


@dataclass(frozen=True, slots=True)
class Event(Record):
    """A PLOVER v2 event of one article (``docs/plover.md``; the ``events`` block of ``output.md``).

    ``actor``/``recipient`` are entity ids (several for compound actors; with no clear host all
    participants of a meeting are actors). ``date`` is None for a future or hypothetical event that
    states no date. ``trigger`` and ``evidence`` (the sentence) are spans of ``Article.text``;
    ``retold`` holds the evidence of the same happening told again elsewhere in the article.
    ``actor_text``/``recipient_text`` are the phrases that named the participants.
    """

    event_type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    date: DateValue | None = None
    location: str | None = None
    status: str = "occurred"  # occurred | future | hypothetical | negated
    trigger: Span | None = None
    evidence: Span | None = None
    confidence: float = 0.0
    quad_code: int | None = None
    actor_text: tuple[Span, ...] = ()
    recipient_text: tuple[Span, ...] = ()
    retold: tuple[Span, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        """Build from ``to_dict`` output."""
        span = lambda v: None if v is None else Span.from_dict(v)  # noqa: E731
        return cls(
            d["event_type"], d.get("mode"), tuple(d.get("context", ())), tuple(d.get("actor", ())),
            tuple(d.get("recipient", ())), DateValue.from_dict(d.get("date")), d.get("location"),
            d.get("status", "occurred"), span(d.get("trigger")), span(d.get("evidence")),
            float(d.get("confidence", 0.0)), d.get("quad_code"),
            tuple(Span.from_dict(s) for s in d.get("actor_text", ())),
            tuple(Span.from_dict(s) for s in d.get("recipient_text", ())),
            tuple(Span.from_dict(s) for s in d.get("retold", ())),
        )


@dataclass(frozen=True, slots=True)
class Fact(Record):
    """A dated fact stated by an article (the ``facts`` block of ``output.md``).

    ``object`` is an entity id, or None when the fact has a ``value`` instead (a trade volume in
    ``unit``, an office title). ``valid_from``/``valid_to`` are dates as precise as stated.
    """

    subject: str
    predicate: str  # member_of | observer_of | founded | chair_of | holds_office | trade_volume_with | …
    object: str | None = None
    value: float | str | None = None
    unit: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    evidence: Span | None = None
    confidence: float = 0.0

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Fact":
        """Build from ``to_dict`` output."""
        ev = d.get("evidence")
        return cls(d["subject"], d["predicate"], d.get("object"), d.get("value"), d.get("unit"),
                   d.get("valid_from"), d.get("valid_to"), None if ev is None else Span.from_dict(ev),
                   float(d.get("confidence", 0.0)))


@dataclass(frozen=True, slots=True)
class NearDuplicate(Record):
    """Two articles that are one text: a reprint or a lightly edited copy (``ingest.dedup``).

    ``a`` < ``b`` (article ids), so a pair has one form. ``jaccard`` is the MinHash estimate of the
    Jaccard similarity of their word shingles; ``kind`` is ``exact`` when their folded words are
    identical (spelling variants only) and ``near`` otherwise.
    """

    a: str
    b: str
    jaccard: float
    kind: str = "near"  # exact | near

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "NearDuplicate":
        """Build from ``to_dict`` output."""
        return cls(d["a"], d["b"], float(d["jaccard"]), d.get("kind", "near"))


@dataclass(frozen=True, slots=True)
class StoryMember(Record):
    """An article of a story: how similar it was to the story when it joined, and why it joined.

    ``how``: ``seed`` (it started the story), ``similar`` (shared entities, events and words),
    ``duplicate`` (a near-duplicate of an article of the story).
    """

    article_id: str
    score: float
    how: str = "similar"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "StoryMember":
        """Build from ``to_dict`` output."""
        return cls(d["article_id"], float(d["score"]), d.get("how", "similar"))


@dataclass(frozen=True, slots=True)
class Story(Record):
    """Articles about one happening, from any publisher, within a time window (``cluster.stories``).

    ``first_date``/``last_date`` span the members' publication dates; ``title`` is the first
    member's; ``entities`` are the entity ids the members share most, most shared first.
    """

    id: str
    members: tuple[StoryMember, ...]
    first_date: str | None = None
    last_date: str | None = None
    title: str | None = None
    entities: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Story":
        """Build from ``to_dict`` output."""
        return cls(d["id"], tuple(StoryMember.from_dict(m) for m in d.get("members", ())),
                   d.get("first_date"), d.get("last_date"), d.get("title"), tuple(d.get("entities", ())))


@dataclass(frozen=True, slots=True)
class EventReport(Record):
    """One article's telling of a canonical event: which event of which article, and its evidence.

    ``seq`` is the event's position in the article's ``events`` list (the store's events.seq).
    """

    article_id: str
    seq: int
    evidence: Span | None = None
    trigger: Span | None = None
    date: DateValue | None = None
    confidence: float = 0.0
    publisher: str | None = None
    published: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "EventReport":
        """Build from ``to_dict`` output."""
        span = lambda v: None if v is None else Span.from_dict(v)  # noqa: E731
        return cls(d["article_id"], int(d["seq"]), span(d.get("evidence")), span(d.get("trigger")),
                   DateValue.from_dict(d.get("date")), float(d.get("confidence", 0.0)),
                   d.get("publisher"), d.get("published"))


@dataclass(frozen=True, slots=True)
class CanonicalEvent(Record):
    """One happening, however many articles reported it (``cluster.happenings``).

    The fields are those of :class:`Event`, agreed over the reports (the most precise date, the
    participants of the fullest report, the place most reports give); ``reports`` keeps every
    article's telling with its own evidence; ``confidence`` grows with independent reports.
    """

    id: str
    event_type: str
    reports: tuple[EventReport, ...]
    mode: str | None = None
    context: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    date: DateValue | None = None
    location: str | None = None
    status: str = "occurred"
    quad_code: int | None = None
    confidence: float = 0.0
    story_id: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "CanonicalEvent":
        """Build from ``to_dict`` output."""
        return cls(
            d["id"], d["event_type"], tuple(EventReport.from_dict(r) for r in d.get("reports", ())),
            d.get("mode"), tuple(d.get("context", ())), tuple(d.get("actor", ())),
            tuple(d.get("recipient", ())), DateValue.from_dict(d.get("date")), d.get("location"),
            d.get("status", "occurred"), d.get("quad_code"), float(d.get("confidence", 0.0)),
            d.get("story_id"))
