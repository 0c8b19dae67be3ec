"""Sentence split for Hindi (and Indian English) news text, with offsets and quotation tracking.

Rules, and why each exists:

* A line break always ends a sentence: cleaned articles keep one paragraph per line, and a
  caption or byline line has no final punctuation.
* ``।``, ``॥``, ``?`` and ``!`` end a sentence, also with no space after them: hand-typed Hindi
  often runs ``है।यह`` together, and the danda has no other use.
* ``|`` ends a sentence after Devanagari: many Hindi sites type a pipe for the danda (it is on
  the keyboard, U+0964 is not). After Latin or digits it is a separator ("India News | 2024").
* ``.`` ends a sentence only before whitespace, and not after an abbreviation listed in
  ``hi/abbreviations.txt`` (डॉ., Mr.), dotted initials (ए.पी.जे., U.S.), a single Latin initial,
  or a list number at the start of a line. Decimals (2.5) and URLs have no space after the dot.
  An ellipsis (``...``, ``…``) does not end a sentence inside a line.
* Closing quotation marks and brackets after the terminator stay with the sentence. When a
  closing quotation mark is followed by a dash or a comma, an attribution follows
  (``"…सहयोग दिया।"- प्रधानमंत्री मोदी ने X पर पोस्ट किया।``) and the sentence goes on.
* Quotations: a straight ``"`` toggles, ``“ ”``, ``« »`` and ``‘ ’`` pair; single marks count
  only outside a double-quoted span and not inside words (Modi’s). A quotation left open at the
  end of a line is closed there (Hindi news does not carry quotes across paragraphs). Every
  sentence of a quotation that spans several sentences carries ``quote_open``.
* A sentence longer than ``max_chars`` is cut at the last space before the limit, so that no
  downstream stage meets an unbounded run of text.
"""

from __future__ import annotations

import functools
import re

from ghatna.resources.loader import read_lines
from ghatna.text.normalize import devanagari_key
from ghatna.types import Sentence, Span

_ALWAYS = "।॥?!"
_CLOSERS = "”»’)]}\"'"
# what _Quotes.feed or a sentence end looks at; every other character leaves the state as it is
_MARKS = re.compile("[" + re.escape(_ALWAYS + ".|\"“«‘”»’") + "]")
_DEVANAGARI = re.compile(r"[\u0900-\u0963\u0966-\u097F]")
# One written syllable: a vowel or consonant (with nukta), an optional vowel sign and nasal sign.
_AKSARA = re.compile(r"[\u0904-\u0939\u0958-\u0961\u0972-\u097F]\u093C?[\u093E-\u094C\u0962\u0963]?[\u0900-\u0903]?")


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Folded abbreviations (without their full stop) from ``hi/abbreviations.txt``."""
    return frozenset(devanagari_key(w) for w in read_lines("hi/abbreviations.txt"))


def _is_initials(token: str) -> bool:
    """True for dotted initials such as ``ए.पी.जे`` or ``U.S`` (the final dot already cut off)."""
    parts = token.split(".")
    if len(parts) == 1:
        return len(token) == 1 and token.isascii() and token.isalpha() and token.isupper()
    return all(
        (len(p) == 1 and p.isascii() and p.isalpha()) or _AKSARA.fullmatch(p) is not None
        for p in parts
    )


def _token_before(line: str, i: int) -> tuple[str, int]:
    """Return the word that ends at ``i`` (leading brackets and quotes stripped) and its start."""
    j = i
    while j > 0 and not line[j - 1].isspace():
        j -= 1
    token = line[j:i]
    stripped = token.lstrip("(\"“‘'[{«")
    return stripped, j + (len(token) - len(stripped))


def dot_ends_sentence(line: str, i: int) -> bool:
    """Decide whether the full stop at ``line[i]`` ends a sentence."""
    if i + 1 < len(line) and not (line[i + 1].isspace() or line[i + 1] in _CLOSERS):
        return False  # 2.5, www.x.com, "..." continue
    if i > 0 and line[i - 1] in ".…":
        return False  # the end of an ellipsis
    token, start = _token_before(line, i)
    if not token:
        return True
    if devanagari_key(token) in _abbreviations() or _is_initials(token):
        return False
    if token.isdigit() and len(token) <= 3 and not line[:start].strip():
        return False  # "1. " numbering a list item at the start of a line
    return True


def _pipe_ends_sentence(line: str, i: int) -> bool:
    """Decide whether ``|`` at ``line[i]`` stands for a danda."""
    if i + 1 < len(line) and not line[i + 1].isspace():
        return False
    j = i - 1
    if j >= 0 and line[j] == " ":
        j -= 1
    return j >= 0 and _DEVANAGARI.match(line[j]) is not None


class _Quotes:
    """Quotation state while scanning one line: which mark is open, where, and in which sentences."""

    def __init__(self) -> None:
        self.open_at: int | None = None
        self.closer = ""

    def feed(self, line: str, i: int, base: int) -> int | None:
        """Update the state for ``line[i]``; return the absolute offset of a quotation it opens."""
        ch = line[i]
        if self.open_at is None:
            if ch in "\"“«":
                self.open_at, self.closer = base + i, {"\"": "\"", "“": "”", "«": "»"}[ch]
                return self.open_at
            if ch == "‘" and (i == 0 or not line[i - 1].isalnum()):
                self.open_at, self.closer = base + i, "’"
                return self.open_at
            return None
        if ch == self.closer or (self.closer in "”\"»" and ch in "”\"»"):
            if ch == "’" and i + 1 < len(line) and line[i + 1].isalnum():
                return None  # an apostrophe inside a word
            self.open_at, self.closer = None, ""
        return None


def _line_sentences(line: str, base: int) -> list[tuple[int, int, set[int]]]:
    """Split one line; return ``(start, end, quotation offsets active in it)`` relative to ``line``."""
    quotes = _Quotes()
    out: list[tuple[int, int, set[int]]] = []
    start, active = 0, set()
    i, n = 0, len(line)
    while i < n:
        # only quotation marks and terminators change anything: jump to the next one
        found = _MARKS.search(line, i)
        if found is None:
            break
        i = found.start()
        ch = line[i]
        opened = quotes.feed(line, i, base)
        if opened is not None:
            active.add(opened)
        ends = (
            ch in _ALWAYS
            or (ch == "." and dot_ends_sentence(line, i))
            or (ch == "|" and _pipe_ends_sentence(line, i))
        )
        if not ends:
            i += 1
            continue
        j = i + 1
        while j < n and line[j] in _ALWAYS + ".":
            j += 1
        closed_quote = False
        while j < n and line[j] in _CLOSERS:
            was_open = quotes.open_at
            if line[j] in "\"'" and was_open is None:
                break  # a straight mark that opens the next quotation
            quotes.feed(line, j, base)
            closed_quote = closed_quote or (was_open is not None and quotes.open_at is None)
            j += 1
        k = j
        while k < n and line[k] == " ":
            k += 1
        if closed_quote and k < n and line[k] in "-–—,":
            i = j
            continue  # the attribution of the quotation follows
        if k < n and ch == "." and line[k].islower():
            i = j
            continue  # lowercase Latin after a dot: an abbreviation we do not list
        out.append((start, j, active))
        start = j
        active = {quotes.open_at} if quotes.open_at is not None else set()
        i = j
    out.append((start, n, active))
    return out


def _cut_long(start: int, end: int, text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``[start, end)`` into pieces of at most ``max_chars`` at spaces (hard cut if none)."""
    pieces = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars + 1)
        cut = cut if cut > start else start + max_chars
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def paragraph_spans(text: str) -> list[Span]:
    """Return the non-blank lines of ``text`` as spans, surrounding whitespace trimmed.

    Example:
        >>> [p.text for p in paragraph_spans(" क\\n\\nख ")]
        ['क', 'ख']
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            s = pos + (len(line) - len(line.lstrip()))
            out.append(Span(s, s + len(stripped), stripped))
        pos += len(line) + 1
    return out


def quotation_spans(text: str) -> list[Span]:
    """Return the quotations of ``text``, marks included, paired as ``split_sentences`` pairs them.

    A quotation left open at the end of a line runs to the end of that line.

    Example:
        >>> [q.text for q in quotation_spans('उसने कहा, "हाँ।" फिर “नहीं”')]
        ['"हाँ।"', '“नहीं”']
    """
    out = []
    for para in paragraph_spans(text):
        quotes = _Quotes()
        for mark in _MARKS.finditer(para.text):  # other characters leave the quotation state as it is
            i = mark.start()
            was_open = quotes.open_at
            quotes.feed(para.text, i, para.start)
            if was_open is not None and quotes.open_at is None:
                end = para.start + i + 1
                out.append(Span(was_open, end, text[was_open:end]))
        if quotes.open_at is not None:
            out.append(Span(quotes.open_at, para.end, text[quotes.open_at:para.end]))
    return out


def split_sentences(text: str, *, max_chars: int = 2000) -> list[Sentence]:
    """Split text into sentences with offsets, paragraph numbers and quotation links.

    Args:
        text: any string (normally ``Article.text``).
        max_chars: longest sentence kept whole (``Settings.text.max_sentence_chars``).

    Returns:
        Sentences in order; ``text[s.start:s.end] == s.text``, no sentence crosses a line break
        and none starts or ends with whitespace.

    Example:
        >>> [s.text for s in split_sentences('डॉ. शर्मा ने कहा, "हम तैयार हैं। काम शुरू होगा।" बैठक 2.5 घंटे चली।')]
        ['डॉ. शर्मा ने कहा, "हम तैयार हैं।', 'काम शुरू होगा।"', 'बैठक 2.5 घंटे चली।']
    """
    raw: list[tuple[int, int, set[int], int]] = []
    for number, para in enumerate(paragraph_spans(text)):
        for s, e, active in _line_sentences(para.text, para.start):
            piece = para.text[s:e]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                raw.append((para.start + s + lead, para.start + s + trail, active, number))
    spread: dict[int, int] = {}
    for _, _, active, _ in raw:
        for q in active:
            spread[q] = spread.get(q, 0) + 1
    out = []
    for s, e, active, number in raw:
        multi = sorted(q for q in active if spread[q] > 1)
        quote_open = multi[0] if multi else None
        for a, b in _cut_long(s, e, text, max(1, max_chars)):
            b = a + len(text[a:b].rstrip())
            if b > a:
                out.append(Sentence(a, b, text[a:b], number, quote_open))
    return out
