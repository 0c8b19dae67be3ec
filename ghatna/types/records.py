"""Base records: the JSON round trip, spans, offset maps, sources, rejections, dates, metadata pieces."""

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
