"""Frozen records that flow between stages.

Every span is half-open ``[start, end)`` in code points of ``Article.text`` unless a field
says it is a raw offset. Records serialise with ``to_dict`` / ``from_dict`` (plain JSON types).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Iterator


def _plain(value: Any) -> Any:
    """Turn records, tuples and dicts into JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return value.to_dict()  # type: ignore[attr-defined]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin giving frozen dataclasses a JSON round trip."""

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON types."""
        return {
            f.name: _plain(getattr(self, f.name))
            for f in fields(self)  # type: ignore[arg-type]
            if not f.name.startswith("_")
        }


@dataclass(frozen=True, slots=True)
class Span(Record):
    """A piece of text with its offsets."""

    start: int
    end: int
    text: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Span":
        """Build from ``to_dict`` output."""
        return cls(int(d["start"]), int(d["end"]), d["text"])


@dataclass(frozen=True, slots=True)
class Segment(Record):
    """One piece of an offset map: target ``[start, end)`` comes from source ``[src_start, src_end)``.

    When both lengths are equal the piece maps character by character; otherwise it is an
    indivisible block (e.g. CR LF -> LF, or a character NFC changed).
    """

    start: int
    end: int
    src_start: int
    src_end: int

    @property
    def linear(self) -> bool:
        """True when characters map one to one."""
        return self.end - self.start == self.src_end - self.src_start


@dataclass(frozen=True, slots=True)
class OffsetMap(Record):
    """Maps offsets of a derived text back to the text it was derived from.

    Example:
        >>> m = OffsetMap((Segment(0, 3, 5, 8),), target_length=3, source_length=8)
        >>> m.span_to_source(1, 3)
        (6, 8)
    """

    segments: tuple[Segment, ...]
    target_length: int
    source_length: int
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s.start for s in self.segments))

    def _locate(self, pos: int) -> Segment:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0 or pos >= self.segments[i].end:
            raise IndexError(pos)
        return self.segments[i]

    def char_to_source(self, pos: int) -> tuple[int, int]:
        """Return the source span that target character ``pos`` comes from."""
        seg = self._locate(pos)
        if seg.linear:
            s = seg.src_start + (pos - seg.start)
            return s, s + 1
        return seg.src_start, seg.src_end

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open target span to the smallest source span covering it."""
        if not 0 <= start <= end <= self.target_length:
            raise IndexError((start, end))
        if start == end:
            if start == self.target_length:
                return self.source_length, self.source_length
            s = self.char_to_source(start)[0]
            return s, s
        return self.char_to_source(start)[0], self.char_to_source(end - 1)[1]

    def then(self, outer: "OffsetMap") -> "OffsetMap":
        """Compose: ``self`` maps C -> B and ``outer`` maps B -> A; the result maps C -> A."""
        out: list[Segment] = []
        for seg in self.segments:
            if seg.linear:
                # split where the linear piece crosses block boundaries of the outer map
                pos = seg.start
                while pos < seg.end:
                    b = seg.src_start + (pos - seg.start)
                    oseg = outer._locate(b)
                    if oseg.linear:
                        n = min(seg.end - pos, oseg.end - b)
                        a = oseg.src_start + (b - oseg.start)
                        out.append(Segment(pos, pos + n, a, a + n))
                        pos += n
                    else:
                        # consecutive target chars falling in one outer block form one block
                        n = min(seg.end - pos, oseg.end - b)
                        out.append(Segment(pos, pos + n, oseg.src_start, oseg.src_end))
                        pos += n
            else:
                a0, a1 = outer.span_to_source(seg.src_start, seg.src_end)
                out.append(Segment(seg.start, seg.end, a0, a1))
        return OffsetMap(tuple(_merge_segments(out)), self.target_length, outer.source_length)

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        """The map of a text to itself."""
        segs = (Segment(0, length, 0, length),) if length else ()
        return cls(segs, length, length)

    def to_dict(self) -> dict[str, Any]:
        """Serialise compactly as ``[[start, end, src_start, src_end], ...]``."""
        return {
            "segments": [[s.start, s.end, s.src_start, s.src_end] for s in self.segments],
            "target_length": self.target_length,
            "source_length": self.source_length,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "OffsetMap":
        """Build from ``to_dict`` output."""
        segs = tuple(Segment(*map(int, s)) for s in d["segments"])
        return cls(segs, int(d["target_length"]), int(d["source_length"]))


def _merge_segments(segs: list[Segment]) -> Iterator[Segment]:
    """Join adjacent linear segments that continue each other."""
    prev: Segment | None = None
    for s in segs:
        if (
            prev is not None and prev.linear and s.linear
            and prev.end == s.start and prev.src_end == s.src_start
        ):
            prev = Segment(prev.start, s.end, prev.src_start, s.src_end)
            continue
        if prev is not None:
            yield prev
        prev = s
    if prev is not None:
        yield prev


@dataclass(frozen=True, slots=True)
class SourceRef(Record):
    """Where a record came from: file path, index inside it, line or byte range, reader kind."""

    path: str
    index: int = 0
    kind: str = "txt"
    line: int | None = None
    byte_start: int | None = None
    byte_end: int | None = None
    id: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "SourceRef":
        """Build from ``to_dict`` output."""
        return cls(**{f.name: d.get(f.name, f.default) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class RawRecord(Record):
    """One article as read: bytes kept, plus fields a structured source gave (url, title…)."""

    source: SourceRef
    data: bytes
    content_type: str = "text"  # "text" | "html"
    fields: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Serialise; bytes are not included (store them separately)."""
        return {"source": self.source.to_dict(), "content_type": self.content_type,
                "fields": dict(self.fields), "size": len(self.data)}


@dataclass(frozen=True, slots=True)
class Rejection(Record):
    """A record that could not become an article, with a code and the reason."""

    source: SourceRef
    code: str
    reason: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class DateValue(Record):
    """A date as precise as known: ``value`` is YYYY, YYYY-MM or YYYY-MM-DD."""

    value: str
    granularity: str  # day | month | year
    kind: str = "stated"  # stated | relative | inferred

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "DateValue | None":
        """Build from ``to_dict`` output (None stays None)."""
        return None if d is None else cls(d["value"], d["granularity"], d.get("kind", "stated"))


@dataclass(frozen=True, slots=True)
class Boilerplate(Record):
    """A line or fragment removed from the clean text, with its kind and raw span."""

    kind: str  # ad | comments | source | caption | read_more | share | header | other
    text: str
    raw_start: int
    raw_end: int


@dataclass(frozen=True, slots=True)
class Caption(Record):
    """A photo caption: its text (a span of ``Article.text``), credit and date."""

    text: str
    start: int
    end: int
    credit: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Translation(Record):
    """The language an article was translated from, and why we think so."""

    language: str
    evidence: tuple[str, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Role(Record):
    """An office held: ``office`` code (president, prime_minister, …) of entity ``of``, with dates.

    ``start``/``end`` are ISO dates as precise as known (YYYY, YYYY-MM or YYYY-MM-DD); ``end``
    None means still in office.
    """

    office: str
    of: str
    start: str | None = None
    end: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Role":
        """Build from ``to_dict`` output."""
        return cls(d["office"], d["of"], d.get("start"), d.get("end"))


@dataclass(frozen=True, slots=True)
class Alias(Record):
    """One name of an entity, with its script, kind and where it came from."""

    text: str
    script: str = "Deva"  # Deva | Latn
    kind: str = "name"  # name | variant | acronym | surname | demonym | official
    source: str = ""  # seed | cldr | geonames | article:<id> | user:<file> …
    first_seen: str | None = None
    last_seen: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Alias":
        """Build from ``to_dict`` output."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A real-world thing: Wikidata QID as id where known, else a stable local id."""

    id: str
    type: str  # PERSON | ORG | GPE | LOC | NORP …
    name_en: str
    name_hi: str | None = None
    qid: str | None = None
    aliases: tuple[Alias, ...] = ()
    country: str | None = None  # entity id of the country it belongs to
    roles: tuple[Role, ...] = ()
    sources: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        """Build from ``to_dict`` output."""
        return cls(
            id=d["id"], type=d["type"], name_en=d["name_en"], name_hi=d.get("name_hi"),
            qid=d.get("qid"), aliases=tuple(Alias.from_dict(a) for a in d.get("aliases", ())),
            country=d.get("country"), roles=tuple(Role.from_dict(r) for r in d.get("roles", ())),
            sources=tuple(d.get("sources", ())),
        )


@dataclass(frozen=True, slots=True)
class LinkedEntity(Record):
    """An entity of one article with the mentions that refer to it (``output.md`` ``entities``)."""

    id: str
    qid: str | None
    type: str
    name_en: str | None
    name_hi: str | None
    mentions: tuple[Mention, ...]
    nil: bool = False
    #: where the article's metadata names this entity when the text does not (publisher from a
    #: removed header line): ``{"field", "text", "raw_start", "raw_end"}`` with offsets into ``Article.raw``
    metadata: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the ``output.md`` shape."""
        out = {"id": self.id, "qid": self.qid, "type": self.type, "name_en": self.name_en,
               "name_hi": self.name_hi,
               "mentions": [{"start": m.start, "end": m.end, "text": m.text, "how": m.how}
                            for m in self.mentions]}
        if self.metadata:
            out["metadata"] = [dict(m) for m in self.metadata]
        return out


@dataclass(frozen=True, slots=True)
class LinkResult(Record):
    """Linked mentions (text order) and the entities they refer to (order of first mention)."""

    mentions: tuple[Mention, ...]
    entities: tuple[LinkedEntity, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return every mention (with its entity id) and the entities with their ``nil`` flag."""
        return {"mentions": [m.to_dict() for m in self.mentions],
                "entities": [{**e.to_dict(), "nil": e.nil} for e in self.entities]}

    def entities_json(self) -> list[dict[str, Any]]:
        """Return the ``entities`` block of ``output.md``."""
        return [e.to_dict() for e in self.entities]

    def entity_at(self, start: int, end: int) -> str | None:
        """Return the entity of the linked mention overlapping ``[start, end)`` most, or None."""
        best, best_overlap = None, 0
        for m in self.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if m.entity_id and overlap > best_overlap:
                best, best_overlap = m.entity_id, overlap
        return best

    def entity_of(self, mention_text: str) -> list[str]:
        """Return the entity ids of the mentions whose text is ``mention_text``."""
        return [m.entity_id for m in self.mentions if m.text == mention_text and m.entity_id]


@dataclass(frozen=True, slots=True)
class AliasKey(Record):
    """The match keys of one surface form (made by ``ghatna.kb.keys``; the store indexes them)."""

    text: str
    ortho: str
    phon: str
    script: str = "Deva"  # Deva | Latn

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "AliasKey":
        """Build from ``to_dict`` output."""
        return cls(d["text"], d["ortho"], d["phon"], d.get("script", "Deva"))


@dataclass(frozen=True, slots=True)
class JsonRecord(Record):
    """An extraction kept as its ``ghatna.article/1`` JSON object (an event or a fact).

    The store persists events and facts in this contract shape, so it does not depend on the
    classes the extractors use; ``to_dict`` gives the object back.
    """

    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return (a copy of) the JSON object."""
        return dict(self.data)

    @classmethod
    def of(cls, record: Any) -> "JsonRecord":
        """Wrap a record with ``to_dict`` (or a dict) as a JsonRecord."""
        if isinstance(record, JsonRecord):
            return record
        return cls(_plain(record.to_dict() if hasattr(record, "to_dict") else dict(record)))


@dataclass(frozen=True, slots=True)
class Annotations(Record):
    """What the annotation stages found in one article, as the store keeps it.

    ``links``: every mention with its entity, and the article's entities. ``keys``: the match keys
    of each linked surface form (the store's alias index). ``events``/``facts``: their
    ``ghatna.article/1`` objects. ``stages``: the stage names that produced them.
    """

    article_id: str
    links: LinkResult = field(default_factory=lambda: LinkResult((), ()))
    dates: tuple[DateRef, ...] = ()
    quotes: tuple[QuoteSpan, ...] = ()
    events: tuple[JsonRecord, ...] = ()
    facts: tuple[JsonRecord, ...] = ()
    keys: tuple[AliasKey, ...] = ()
    stages: tuple[str, ...] = ()

    def pipeline_annotations(self) -> dict[str, Any]:
        """Return the annotations under the pipeline's names (what ``output.article_document`` reads)."""
        return {"links": self.links, "dates": list(self.dates), "quotes": list(self.quotes),
                "events": list(self.events), "facts": list(self.facts)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Annotations":
        """Build from ``to_dict`` output."""
        links = d.get("links") or {"mentions": [], "entities": []}
        mentions = tuple(Mention.from_dict(m) for m in links["mentions"])
        by_span = {(m.start, m.end, m.entity_id): m for m in mentions}
        entities = tuple(
            LinkedEntity(e["id"], e.get("qid"), e["type"], e.get("name_en"), e.get("name_hi"),
                         tuple(by_span.get((m["start"], m["end"], e["id"]))
                               or Mention(m["start"], m["end"], m["text"], "MISC", how=m["how"], entity_id=e["id"])
                               for m in e["mentions"]),
                         bool(e.get("nil")))
            for e in links["entities"])
        return cls(
            d["article_id"], LinkResult(mentions, entities),
            tuple(DateRef.from_dict(x) for x in d.get("dates", ())),
            tuple(QuoteSpan.from_dict(x) for x in d.get("quotes", ())),
            tuple(JsonRecord(dict(x)) for x in d.get("events", ())),
            tuple(JsonRecord(dict(x)) for x in d.get("facts", ())),
            tuple(AliasKey.from_dict(x) for x in d.get("keys", ())),
            tuple(d.get("stages", ())),
        )


@dataclass(frozen=True, slots=True)
class EntityProfile(Record):
    """An entity as the stored articles show it: its names with their keys, and who appears with it.

    ``context`` lists ``(other entity id, articles shared, articles mentioning the other)``, most
    shared first; the cross-article NIL merge weighs shared context by how rare it is.
    """

    id: str
    type: str
    nil: bool
    names: tuple[AliasKey, ...]
    mentions: int
    articles: int
    context: tuple[tuple[str, int, int], ...] = ()


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
