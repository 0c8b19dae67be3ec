"""Cut an article's text into pieces for display, each marked with the mentions, quotes and evidence covering it.

Templates draw each piece as escaped text inside ``<span>`` / ``<a>`` elements; nothing here
produces markup, so article text can never become HTML.

Example:
    >>> pieces = highlight("मोदी ने कहा", [Mark(0, 4, "mention", "Q1058", "PERSON")])
    >>> [(p.text, p.entity) for p in pieces]
    [('मोदी', 'Q1058'), (' ने कहा', None)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to show: ``kind`` is mention, quote, evidence or trigger; ``ref`` an entity id or event id."""

    start: int
    end: int
    kind: str
    ref: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text with one set of marks: the entity it links to (innermost mention) and CSS classes."""

    text: str
    start: int
    entity: str | None
    label: str | None
    classes: tuple[str, ...]
    events: tuple[str, ...]


def highlight(text: str, marks: Iterable[Mark]) -> list[Piece]:
    """Return ``text`` cut at every mark boundary, each piece with the marks covering it."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m for m in valid if m.start <= a and b <= m.end]
        mentions = sorted((m for m in covering if m.kind == "mention"), key=lambda m: m.end - m.start)
        inner = mentions[0] if mentions else None
        kinds = sorted({m.kind for m in covering})
        classes = tuple(f"hl-{k}" for k in kinds) + ((f"ent-{inner.label}",) if inner and inner.label else ())
        events = tuple(sorted({m.ref for m in covering if m.kind in ("evidence", "trigger") and m.ref}))
        pieces.append(Piece(text[a:b], a, inner.ref if inner else None, inner.label if inner else None,
                            classes, events))
    return _join(pieces)


def _join(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring pieces that look the same (fewer elements to draw)."""
    out: list[Piece] = []
    for p in pieces:
        if out and not p.entity and not out[-1].entity and out[-1].classes == p.classes and out[-1].events == p.events:
            q = out[-1]
            out[-1] = Piece(q.text + p.text, q.start, None, None, q.classes, q.events)
        else:
            out.append(p)
    return out
