"""Text normalisation with an offset map back to the original, and a Devanagari matching key.

``normalize_text`` produces the displayed text: NFC, line breaks unified, invisible format
characters (zero-width space, BOM, bidi controls) removed, exotic spaces made plain — and an
``OffsetMap`` from every output character to the input characters it came from.
``devanagari_key`` produces a separate key for matching only (nukta, chandrabindu, candra vowels
folded, see ``resources/hi/fold.tsv``); it never changes the displayed text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
import re
import unicodedata

from ghatna.resources.loader import read_tsv
from ghatna.types import OffsetMap, Segment

# Characters with no visible effect that scrapes carry: zero-width space, word joiner, BOM,
# soft hyphen, bidi marks/embeddings/isolates (Unicode TR9), Arabic letter mark, and C0/C1
# controls other than tab and newline. ZWJ/ZWNJ are kept: in Devanagari they select half forms.
_DROP = (
    "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
    + "".join(chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r")
    + "\x7f" + "".join(chr(c) for c in range(0x80, 0xA0))
)
# Spaces that render as a plain space (no-break, figure, thin, ideographic...).
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SPECIAL = re.compile("\r\n|[\r\u2028\u2029]|[" + re.escape(_DROP) + "]+|[" + _SPACES + "]")


def _nfc_chunk(chunk: str, offset: int, out: list[str], segs: list[Segment], pos: int) -> int:
    """Append the NFC form of ``chunk`` (found at source ``offset``); return the new output length."""
    if unicodedata.is_normalized("NFC", chunk):
        out.append(chunk)
        segs.append(Segment(pos, pos + len(chunk), offset, offset + len(chunk)))
        return pos + len(chunk)
    # Split into clusters (a starter and the combining marks after it) so that only the clusters
    # NFC changes become blocks; the rest keeps a character-level map.
    i, n = 0, len(chunk)
    pieces: list[tuple[int, int, str]] = []
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(chunk[j]):
            j += 1
        pieces.append((i, j, unicodedata.normalize("NFC", chunk[i:j])))
        i = j
    joined = "".join(p[2] for p in pieces)
    if not unicodedata.is_normalized("NFC", joined):
        # composition across clusters (Hangul jamo, some Indic two-part vowels): one block
        whole = unicodedata.normalize("NFC", chunk)
        out.append(whole)
        segs.append(Segment(pos, pos + len(whole), offset, offset + n))
        return pos + len(whole)
    for a, b, norm in pieces:
        out.append(norm)
        segs.append(Segment(pos, pos + len(norm), offset + a, offset + b))
        pos += len(norm)
    return pos


def normalize_text(raw: str) -> tuple[str, OffsetMap]:
    """Return the displayed form of ``raw`` and the map from its offsets back to ``raw``.

    Example:
        >>> text, m = normalize_text("a\\u200bb\\r\\nc")
        >>> text, m.span_to_source(2, 3)
        ('ab\\nc', (3, 5))
    """
    out: list[str] = []
    segs: list[Segment] = []
    pos = 0
    last = 0
    for match in _SPECIAL.finditer(raw):
        if match.start() > last:
            pos = _nfc_chunk(raw[last:match.start()], last, out, segs, pos)
        token = match.group()
        if token in ("\r\n", "\r", "\u2028", "\u2029"):
            out.append("\n")
            segs.append(Segment(pos, pos + 1, match.start(), match.end()))
            pos += 1
        elif token[0] in _SPACES:
            out.append(" ")
            segs.append(Segment(pos, pos + 1, match.start(), match.end()))
            pos += 1
        # else: dropped characters produce no output
        last = match.end()
    if last < len(raw):
        pos = _nfc_chunk(raw[last:], last, out, segs, pos)
    text, offset_map = "".join(out), OffsetMap(tuple(_merge(segs)), pos, len(raw))
    if not unicodedata.is_normalized("NFC", text):
        # removing a character can bring together marks that NFC must reorder ("्" ZWSP "́"):
        # normalise once more (there is nothing left to remove) and compose the two maps
        again, second = normalize_text(text)
        return again, second.then(offset_map)
    return text, offset_map


def _merge(segs: list[Segment]) -> list[Segment]:
    """Join adjacent one-to-one segments that continue each other."""
    merged: list[Segment] = []
    for s in segs:
        if merged:
            p = merged[-1]
            if p.linear and s.linear and p.end == s.start and p.src_end == s.src_start:
                merged[-1] = Segment(p.start, s.end, p.src_start, s.src_end)
                continue
        merged.append(s)
    return merged


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str | None]:
    """Translation table for ``str.translate`` built from ``hi/fold.tsv``."""
    return {ord(row["from"]): (row["to"] or None) for row in read_tsv("hi/fold.tsv")}


_WS = re.compile(r"\s+")


def fold_devanagari(text: str) -> str:
    """Apply the folds of ``hi/fold.tsv`` (nukta, chandrabindu, candra vowels) and return NFC text."""
    decomposed = unicodedata.normalize("NFD", text).translate(_fold_table())
    return unicodedata.normalize("NFC", decomposed)


#: Strings up to this long (words and short phrases) have their key memoised.
KEY_MEMO_MAX_CHARS = 48


def devanagari_key(text: str) -> str:
    """Return a matching key: Devanagari folds, Latin lowercased, whitespace collapsed.

    Example:
        >>> devanagari_key("कज़ाख़स्तान") == devanagari_key("कजाखस्तान")
        True
    """
    if len(text) <= KEY_MEMO_MAX_CHARS:
        return _word_key(text)
    return _key(text)


def _key(text: str) -> str:
    """The matching key, computed."""
    return _WS.sub(" ", fold_devanagari(text).casefold()).strip()


# Every stage keys the same few thousand words (per token, per cue word); two Unicode
# normalisations per call made keying a large share of extraction time. A bounded memo of a pure
# function: it never needs resetting.
_word_key = functools.lru_cache(maxsize=1 << 14)(_key)  # at most a few MB


def spelling_alternation(words: Iterable[str]) -> str:
    """Return a regex alternation matching each word as written and with its Devanagari folds applied.

    Longest first, so that ``फोटो साभार`` wins over ``फोटो``. Used to find listed words in displayed
    text (where offsets matter, so the text itself cannot be folded).
    """
    forms: set[str] = set()
    for word in words:
        nfc = unicodedata.normalize("NFC", str(word))
        forms.update({nfc, fold_devanagari(nfc)})
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
