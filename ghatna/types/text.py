"""The article and what is found in its text: tokens, sentences, mentions, dates, quotes."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ghatna.types.records import Boilerplate, Caption, DateValue, OffsetMap, Record, SourceRef, Span, Translation


@dataclass(frozen=True, slots=True)
class Article(Record):
    """A cleaned article: NFC text, the raw text it came from, the map between them, metadata.

    ``id`` is a hash of the normalised text, so the same article read twice has the same id.
    ``offset_map`` maps ``text`` offsets to ``raw`` offsets. ``title_span``/``subtitle_span``,
    ``dateline`` and caption spans point into ``text``; a title known only from metadata (HTML,
    JSONL) has no span.
    """

    id: str
    text: str
    raw: str
    offset_map: OffsetMap
    source: SourceRef
    language: str = "hi"
    script: str = "Deva"
    title: str | None = None
    title_span: Span | None = None
    title_truncated: bool = False
    subtitle: str | None = None
    subtitle_span: Span | None = None
    publisher: str | None = None
    published: DateValue | None = None
    byline: str | None = None
    byline_span: Span | None = None
    dateline: Span | None = None
    source_url: str | None = None
    agencies: tuple[str, ...] = ()
    photo_captions: tuple[Caption, ...] = ()
    translated_from: Translation | None = None
    boilerplate: tuple[Boilerplate, ...] = ()
    warnings: tuple[str, ...] = ()

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to the span of ``raw`` it came from."""
        return self.offset_map.span_to_source(start, end)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        """Build from ``to_dict`` output."""
        span = lambda v: None if v is None else Span.from_dict(v)  # noqa: E731
        tr = d.get("translated_from")
        return cls(
            id=d["id"], text=d["text"], raw=d["raw"],
            offset_map=OffsetMap.from_dict(d["offset_map"]),
            source=SourceRef.from_dict(d["source"]),
            language=d.get("language", "hi"), script=d.get("script", "Deva"),
            title=d.get("title"), title_span=span(d.get("title_span")),
            title_truncated=bool(d.get("title_truncated")),
            subtitle=d.get("subtitle"), subtitle_span=span(d.get("subtitle_span")),
            publisher=d.get("publisher"),
            published=DateValue.from_dict(d.get("published")), byline=d.get("byline"),
            byline_span=span(d.get("byline_span")), dateline=span(d.get("dateline")), source_url=d.get("source_url"),
            agencies=tuple(d.get("agencies", ())),
            photo_captions=tuple(Caption(**c) for c in d.get("photo_captions", ())),
            translated_from=None if tr is None else Translation(tr["language"], tuple(tr.get("evidence", ()))),
            boilerplate=tuple(Boilerplate(**b) for b in d.get("boilerplate", ())),
            warnings=tuple(d.get("warnings", ())),
        )


@dataclass(frozen=True, slots=True)
class Token(Record):
    """A token with its offsets and script (Deva, Latn, Digit, Punct, Other)."""

    start: int
    end: int
    text: str
    script: str


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A sentence span of ``Article.text``.

    ``paragraph`` counts the non-blank lines of the text from 0. ``quote_open`` is the offset of
    the opening quotation mark when the sentence belongs to a quotation that spans several
    sentences (each of them carries it, so a quote's later sentences stay attributable).
    """

    start: int
    end: int
    text: str
    paragraph: int = 0
    quote_open: int | None = None


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """A named-entity mention: span of ``Article.text``, label, how it was found, linked entity."""

    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | LOC | DATE | TIME | NUM | MONEY | QUANTITY | ...
    confidence: float = 1.0
    how: str = "model"  # model | gazetteer | rule | acronym | role | coreference | demonym
    entity_id: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Mention":
        """Build from ``to_dict`` output."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


@dataclass(frozen=True, slots=True)
class DateRef(Record):
    """A date expression in ``Article.text``, resolved as far as its words and the anchor allow.

    ``value`` is YYYY, YYYY-MM or YYYY-MM-DD, or None when the expression needs an anchor date
    and none was given. ``kind``: ``stated`` when the words fix the date on their own,
    ``relative`` when part of it comes from the anchor ("मंगलवार", "21 मई", "पिछले वर्ष नवंबर").
    ``range_end`` is the last date a range covers ("जुलाई 2023 से जुलाई 2024" -> "2024-07").
    ``pattern`` is what the words themselves fix, TIMEX3 style, X for what the anchor supplies
    ("2023-11-09", "XXXX-05-21", "XXXX-11", "XXXX-WXX-2" for a Tuesday); ``shift`` is the move
    from the anchor as a signed ISO 8601 duration ("-P1Y", "P0Y", "-P2D", "-P1W"), empty if none.
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: str  # day | month | year
    kind: str = "stated"  # stated | relative | inferred
    range_end: str | None = None
    approximate: bool = False
    pattern: str = ""
    shift: str = ""

    def as_value(self) -> "DateValue | None":
        """Return the resolved date as a DateValue (None when unresolved)."""
        return None if self.value is None else DateValue(self.value, self.granularity, self.kind)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DateRef":
        """Build from ``to_dict`` output."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


@dataclass(frozen=True, slots=True)
class QuoteSpan(Record):
    """A quotation or reported statement in ``Article.text`` with its cue and speaker spans.

    ``start``/``end``/``text``: the quoted words (inside the marks for a direct quote, the
    reported clause for indirect speech). ``cue``: the words that introduce it ("ने कहा",
    "ने निष्कर्ष निकाला", "के अनुसार"); None for a quote that continues the previous speaker.
    ``speaker``: the words naming the speaker at the cue ("तोकायेव", "कज़ाख राष्ट्रपति",
    "उन्होंने"). ``resolved``: the span naming the speaker after pronoun and continuation
    chaining inside the article; the speaker itself when it is a name or role, None if unknown.
    The linker maps ``resolved`` to an entity.
    """

    start: int
    end: int
    text: str
    direct: bool
    cue: Span | None = None
    speaker: Span | None = None
    resolved: Span | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "QuoteSpan":
        """Build from ``to_dict`` output."""
        span = lambda v: None if v is None else Span.from_dict(v)  # noqa: E731
        return cls(int(d["start"]), int(d["end"]), d["text"], bool(d["direct"]),
                   span(d.get("cue")), span(d.get("speaker")), span(d.get("resolved")))
