"""The tense of the clause that follows a position in Hindi (or English) text, from verb clues.

Hindi is verb-final: the main verb of the clause a date word sits in comes after it, before the
next clause break (कि, लेकिन, a danda). The clues — future endings (-एगा, -ेंगे), future
phrases (जा रहा, होने वाली), past auxiliaries and perfective forms (था, हुई, किया) — live in
``hi/tense.yaml``. The last clue in the clause wins, because the main verb comes last
("कल होने वाली बैठक में भाग लिया" is past).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ghatna.errors import ResourceError
from ghatna.resources.loader import read_yaml
from ghatna.text.normalize import devanagari_key

_WORD = re.compile(r"(?:[^\W_]|[\u0900-\u0963\u0966-\u097F\u200c\u200d])+")
_BREAK_CHARS = re.compile(r"[।॥?!;\"“”\n|]")


@dataclass(frozen=True, slots=True)
class _Clues:
    """Folded tense clues from ``hi/tense.yaml``."""

    future_endings: tuple[str, ...]
    future_phrases: tuple[tuple[str, ...], ...]
    future_by_first: dict[str, tuple[tuple[str, ...], ...]]  # the phrases by first word: one lookup per word
    past_words: frozenset[str]
    past_endings: tuple[str, ...]
    clause_breaks: frozenset[str]


@functools.lru_cache(maxsize=1)
def _clues() -> _Clues:
    """Load and fold the clue lists once."""
    data = read_yaml("hi/tense.yaml")
    fold = lambda words: [devanagari_key(str(w)) for w in words]  # noqa: E731
    phrases = tuple(tuple(p.split()) for p in fold(data["future_phrases"]))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        if not p:
            raise ResourceError("E603", name="hi/tense.yaml", line=0, detail="an empty future phrase")
        by_first.setdefault(p[0], []).append(p)
    return _Clues(
        future_endings=tuple(fold(data["future_endings"])),
        future_phrases=phrases,
        future_by_first={k: tuple(v) for k, v in by_first.items()},
        past_words=frozenset(fold(data["past_words"])),
        past_endings=tuple(fold(data["past_endings"])),
        clause_breaks=frozenset(fold(data["clause_breaks"])),
    )


def _clause_words(text: str, pos: int, limit: int) -> list[str]:
    """Folded words from ``pos`` up to the end of the clause (at most ``limit`` characters)."""
    window = text[pos:pos + limit]
    stop = _BREAK_CHARS.search(window)
    if stop is not None:
        window = window[:stop.start()]
    breaks = _clues().clause_breaks
    words = []
    for match in _WORD.finditer(window):
        word = devanagari_key(match.group())
        if word in breaks:
            break
        words.append(word)
    return words


def clause_tense(text: str, pos: int, *, limit: int = 300) -> str | None:
    """Return "future", "past" or None for the clause that runs on from ``text[pos]``.

    Example:
        >>> clause_tense("कल बैठक होगी।", 2), clause_tense("कल बैठक हुई थी।", 2)
        ('future', 'past')
    """
    clues = _clues()
    words = _clause_words(text, pos, limit)
    found: str | None = None
    for i, word in enumerate(words):
        if any(tuple(words[i:i + len(p)]) == p for p in clues.future_by_first.get(word, ())):
            found = "future"
        elif word in clues.past_words or word.endswith(clues.past_endings):
            found = "past"
        elif len(word) > 2 and word.endswith(clues.future_endings):
            found = "future"
    return found
