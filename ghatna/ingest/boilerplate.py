"""Classify whole lines of scraped text as boilerplate (ads, comment counters, source lines…).

The patterns are data (``hi/boilerplate.yaml``); this module compiles them and matches lines after
folding nukta and case, so a scrape that writes पढें for पढ़ें is still recognised.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ghatna.resources.loader import read_yaml
from ghatna.text.normalize import devanagari_key, fold_devanagari

# Python's \b treats Devanagari vowel signs as non-word characters, so a word end is spelled out.
_END = r"(?![\w\u0900-\u097f])"
#: Lines longer than this are article prose, never boilerplate (a guard against greedy patterns).
MAX_BOILERPLATE_CHARS = 300
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, full-line pattern) pairs in file order, patterns folded like the lines they meet."""
    out = []
    for kind, patterns in read_yaml("hi/boilerplate.yaml").items():
        for pattern in patterns:
            folded = fold_devanagari(unicodedata.normalize("NFC", pattern)).replace("{END}", _END)
            out.append((kind, re.compile(folded, re.IGNORECASE)))
    return tuple(out)


def load_patterns() -> None:
    """Compile the boilerplate patterns now rather than on the first line classified."""
    _compiled()


def classify_line(line: str) -> str | None:
    """Return the boilerplate kind of a stripped line (ad, comments, source…), or None for content.

    Example:
        >>> classify_line("[विज्ञापन_2]"), classify_line("टिप्पणी (0)"), classify_line("भारत ने कहा।")
        ('ad', 'comments', None)
    """
    if not line or len(line) > MAX_BOILERPLATE_CHARS:
        return None
    key = devanagari_key(line)
    for kind, pattern in _compiled():
        if pattern.fullmatch(key):
            return kind
    return None


def find_url(text: str) -> str | None:
    """Return the first URL in ``text`` with trailing punctuation trimmed, or None."""
    m = _URL.search(text)
    return m.group().rstrip(".,;:!?)]।\"'") if m else None


def source_value(line: str) -> str:
    """Return what a source line credits: the text after its first separator."""
    m = re.search(r"[:：\-–]\s*", line)
    return line[m.end():].strip() if m else ""
