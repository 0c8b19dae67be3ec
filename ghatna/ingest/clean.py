"""From normalised scraped text to clean article text plus metadata, with an offset map.

The text is taken line by line. Boilerplate lines (ads, comment counters, source lines, read-more
and share lines, header lines) leave the text and are kept with their kind; photo-credit fragments
leave the caption line they end; everything else stays, including the title, subtitle, captions and
the byline line, because entities and facts are found there too and need offsets. The clean text is a
concatenation of pieces of the input; each line break of the clean text stands for whatever was
skipped between two kept pieces, so every clean character maps back to input characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ghatna.ingest.boilerplate import classify_line, find_url, source_value
from ghatna.ingest.metadata import (
    canonical_agency, detect_translation, ends_like_sentence, parse_byline, parse_caption,
    parse_dateline, parse_header, title_looks_truncated,
)
from ghatna.text.calendar import parse_date
from ghatna.types import Caption, DateValue, OffsetMap, Segment, Span, Translation

#: Longest line taken as a headline; longer first lines are prose.
MAX_TITLE_CHARS = 220
MAX_SUBTITLE_CHARS = 320
#: Header lines are looked for among the first few lines only.
HEADER_LINES = 3


@dataclass(frozen=True, slots=True)
class Line:
    """A stripped, non-empty line: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Removed:
    """Text taken out of the article: kind and span of the input text."""

    kind: str
    text: str
    start: int
    end: int


@dataclass
class _Draft:
    """Mutable working state of one cleaning run (never leaves this module)."""

    pieces: list[tuple[int, int]] = field(default_factory=list)  # input spans kept, in order
    removed: list[Removed] = field(default_factory=list)
    captions: list[tuple[int, int, str, str | None]] = field(default_factory=list)  # input span, credit, date
    publisher: str | None = None
    published: DateValue | None = None
    byline: str | None = None
    byline_span: tuple[int, int] | None = None
    agencies: list[str] = field(default_factory=list)
    source_url: str | None = None
    dateline: tuple[int, int] | None = None
    title: tuple[int, int] | None = None
    subtitle: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of cleaning: clean text, its map to the input, and metadata."""

    text: str
    offset_map: OffsetMap
    removed: tuple[Removed, ...]
    title: str | None
    title_span: Span | None
    title_truncated: bool
    subtitle: str | None
    subtitle_span: Span | None
    publisher: str | None
    published: DateValue | None
    byline: str | None
    byline_span: Span | None
    dateline: Span | None
    source_url: str | None
    agencies: tuple[str, ...]
    captions: tuple[Caption, ...]
    translated_from: Translation | None
    warnings: tuple[str, ...]


def split_lines(text: str) -> list[Line]:
    """Return the non-empty lines of ``text`` stripped of surrounding whitespace, with offsets."""
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            lines.append(Line(s, e, text[s:e]))
    return lines


def _add_agencies(draft: _Draft, names: tuple[str, ...] | list[str]) -> None:
    for name in names:
        canonical = canonical_agency(name) or name
        if canonical not in draft.agencies:
            draft.agencies.append(canonical)


def _take_source(draft: _Draft, line: Line) -> None:
    """Record what a ``स्रोत:`` / ``Source:`` line credits: a URL, or agency names."""
    url = find_url(line.text)
    if url and draft.source_url is None:
        draft.source_url = url
    elif not url:
        value = source_value(line.text)
        names = [n.strip() for n in re.split(r"[,/]| और ", value) if n.strip()]
        known = [n for n in names if canonical_agency(n)]
        _add_agencies(draft, known)
        if not known and value:
            draft.notes.append(line.text)


def _classify(draft: _Draft, lines: list[Line]) -> list[Line]:
    """Remove boilerplate and header lines; return the content lines (captions trimmed)."""
    content: list[Line] = []
    for i, line in enumerate(lines):
        if i < HEADER_LINES and len(content) <= 1:
            header = parse_header(line.text)
            if header is not None:
                draft.removed.append(Removed("header", line.text, line.start, line.end))
                draft.publisher = draft.publisher or header.publisher
                draft.byline = draft.byline or header.byline
                draft.published = draft.published or header.published
                continue
        kind = classify_line(line.text)
        if kind is not None:
            draft.removed.append(Removed(kind, line.text, line.start, line.end))
            if kind == "source":
                _take_source(draft, line)
            elif kind == "other":
                draft.notes.append(line.text)
            continue
        caption = parse_caption(line.text)
        if caption is not None:
            cut = line.start + caption.credit_start
            draft.removed.append(Removed("caption", line.text[caption.credit_start:], cut, line.end))
            text = line.text[: caption.text_end].rstrip()
            if text:
                kept = Line(line.start, line.start + len(text), text)
                draft.captions.append((kept.start, kept.end, caption.credit, caption.date))
                content.append(kept)
            else:
                draft.captions.append((line.start, line.start, caption.credit, None))
            continue
        content.append(line)
    return content


def _read_structure(draft: _Draft, content: list[Line]) -> None:
    """Find the byline line, the dateline, the title and the subtitle among the content lines."""
    for line in content:
        byline = parse_byline(line.text)
        if byline is not None:
            if byline.name and draft.byline is None:
                draft.byline = byline.name
                draft.byline_span = (line.start, line.start + len(byline.name))
            _add_agencies(draft, byline.agencies)
    caption_starts = {c[0] for c in draft.captions}
    prose = [ln for ln in content if ln.start not in caption_starts]
    if len(prose) >= 2 and not ends_like_sentence(prose[0].text) and len(prose[0].text) <= MAX_TITLE_CHARS:
        draft.title = (prose[0].start, prose[0].end)
        second = prose[1]
        if (len(prose) >= 3 and not ends_like_sentence(second.text)
                and len(second.text) <= MAX_SUBTITLE_CHARS and parse_byline(second.text) is None):
            draft.subtitle = (second.start, second.end)
    first_body = next((ln for ln in prose if (ln.start, ln.end) not in (draft.title, draft.subtitle)), None)
    if first_body is not None:
        dl = parse_dateline(first_body.text)
        if dl is not None:
            place_start, prefix_end, agencies = dl
            # the span keeps the place and date, not the separator after them
            span_text = first_body.text[place_start:prefix_end].rstrip(" ।:-–")
            draft.dateline = (first_body.start + place_start, first_body.start + place_start + len(span_text))
            _add_agencies(draft, agencies)


def _assemble(source: str, content: list[Line]) -> tuple[str, OffsetMap]:
    """Join the kept lines with newlines; each newline maps to the input between two kept lines."""
    out: list[str] = []
    segs: list[Segment] = []
    pos = 0
    prev_end: int | None = None
    for line in content:
        if prev_end is not None:
            out.append("\n")
            segs.append(Segment(pos, pos + 1, prev_end, line.start))
            pos += 1
        out.append(line.text)
        segs.append(Segment(pos, pos + len(line.text), line.start, line.end))
        pos += len(line.text)
        prev_end = line.end
    return "".join(out), OffsetMap(tuple(segs), pos, len(source))


def _to_clean(content: list[Line], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Translate an input span lying inside one content line into clean-text offsets."""
    if span is None:
        return None
    pos = 0
    for line in content:
        if line.start <= span[0] and span[1] <= line.end:
            return pos + span[0] - line.start, pos + span[1] - line.start
        pos += len(line.text) + 1
    return None


def clean_text(source: str, hints: dict[str, Any] | None = None, language: str = "hi") -> Cleaned:
    """Clean normalised scraped text and read its metadata.

    Args:
        source: the normalised text of one article (``text.normalize.normalize_text`` output).
        hints: fields a structured source already gave (``title``, ``publisher``, ``published``,
            ``url``); they win over what the text says, except that a title in the text keeps its span.
        language: the text's language, for translation detection.

    Returns:
        A ``Cleaned`` record whose offset map goes from clean text to ``source``.
    """
    hints = hints or {}
    draft = _Draft()
    content = _classify(draft, split_lines(source))
    _read_structure(draft, content)
    text, offset_map = _assemble(source, content)

    def span(pair: tuple[int, int] | None) -> Span | None:
        clean = _to_clean(content, pair)
        return None if clean is None else Span(clean[0], clean[1], text[clean[0]:clean[1]])

    title_span, subtitle_span = span(draft.title), span(draft.subtitle)
    title = title_span.text if title_span else None
    hinted_title = str(hints["title"]).strip() if hints.get("title") else None
    truncated = False
    if title_span is not None:
        body = text[title_span.end:]
        truncated = title_looks_truncated(title_span.text, body)
        if hinted_title and len(hinted_title) > len(title_span.text) and hinted_title.startswith(title_span.text):
            truncated = True
    if hinted_title and (title is None or not hinted_title.startswith(title)):
        title, title_span = hinted_title, None
    published = draft.published
    if hints.get("published"):
        published = parse_date(str(hints["published"])[:10]) or published
        if published is None:
            draft.warnings.append(f"could not read the published date {hints['published']!r}")
    source_url = str(hints["url"]) if hints.get("url") else draft.source_url
    captions = []
    for start, end, credit, date in draft.captions:
        clean = _to_clean(content, (start, end)) or (0, 0)
        captions.append(Caption(text[clean[0]:clean[1]], clean[0], clean[1], credit, date))
    return Cleaned(
        text=text, offset_map=offset_map, removed=tuple(draft.removed),
        title=title, title_span=title_span, title_truncated=truncated,
        subtitle=subtitle_span.text if subtitle_span else None, subtitle_span=subtitle_span,
        publisher=str(hints["publisher"]) if hints.get("publisher") else draft.publisher,
        published=published, byline=draft.byline, byline_span=span(draft.byline_span),
        dateline=span(draft.dateline),
        source_url=source_url, agencies=tuple(draft.agencies), captions=tuple(captions),
        translated_from=detect_translation(source_url, language, draft.notes),
        warnings=tuple(draft.warnings),
    )
