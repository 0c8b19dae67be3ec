"""Script-aware tokens with character offsets (Devanagari, Latin, digits, punctuation).

Rules (why each exists):

* A word is a run of letters, digits and combining marks of any script, so Devanagari
  matras and nukta stay inside the word (Python's ``\\w`` alone does not match them).
* The danda ``।`` and double danda ``॥`` are sentence punctuation (Unicode gives them their
  own code points, U+0964/U+0965) and always split.
* Quotes, brackets and other punctuation split; a run of one repeated punctuation character
  (``...``, ``!!``, ``---``) is one token.
* A hyphen between two word characters joins, so a hyphenated name such as a Kazakh double
  given name stays one token. ``split_hyphens=True`` splits such words into word, hyphen,
  word instead, which is how the IL-NER corpus is tokenised; digit-hyphen-digit groups
  (``10-9-4``, ``1831-1832``) stay whole in both modes, as both corpora keep them.
* ``.``, ``,``, ``:`` and ``/`` between digits join (``27.5``, ``1,00,000``, ``10:30``,
  ``22/02/1992``); an apostrophe between letters joins (``O'Brien``).
* URLs and e-mail addresses are single tokens.

Offsets are half-open code-point offsets into the text given; ``text[t.start:t.end] == t.text``
always holds and tokens never overlap. Whitespace and control characters are skipped.

Example:
    >>> [t.text for t in tokenize("Putin, 2024.")]
    ['Putin', ',', '2024', '.']
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ghatna.types import Token

# Word characters: letters and digits of any script, plus combining marks that \w misses.
# Devanagari block minus the dandas (U+0964, U+0965); Devanagari Extended; Vedic Extensions;
# Latin combining diacritics; ZWNJ/ZWJ, which Hindi uses inside conjuncts.
_W = r"(?:[^\W_]|[\u0900-\u0963\u0966-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF\u0300-\u036F\u200C\u200D])"
_HYPHEN = r"\-\u2010\u2011"
_DIGIT_JOIN = rf"(?<=\d)[.,:/{_HYPHEN}](?=\d)"
_APOSTROPHE_JOIN = r"(?<=[^\W\d_])['\u2019](?=[^\W\d_])"
_HYPHEN_JOIN = rf"[{_HYPHEN}](?={_W})"

_URL = r"(?:https?://|www\.)[^\s<>\"'\u0964]*[^\s<>\"'\u0964.,;:!?)\]}]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"


def _pattern(split_hyphens: bool) -> re.Pattern[str]:
    """Compile the token regex for one hyphen mode."""
    joins = [_DIGIT_JOIN, _APOSTROPHE_JOIN] + ([] if split_hyphens else [_HYPHEN_JOIN])
    word = rf"{_W}+(?:(?:{'|'.join(joins)}){_W}+)*"
    # (\S)\1* groups a run of one repeated non-word character (e.g. '...').
    return re.compile(rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<word>{word})|(?P<sym>([^\s\w])\5*|_+)")


_PATTERNS = {False: _pattern(False), True: _pattern(True)}

_DEVA = re.compile(r"[\u0900-\u0963\u0971-\u097F\uA8E0-\uA8FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def token_script(text: str) -> str:
    """Classify a token: Deva, Latn, Digit, Punct or Other.

    Devanagari wins over Latin in a mixed token; a token of digits only (any script) is
    Digit, as is a number with digit separators (``1,000``).

    Example:
        >>> token_script("2024"), token_script("TASS"), token_script(",")
        ('Digit', 'Latn', 'Punct')
    """
    if _DEVA.search(text):
        return "Deva"
    if _LATIN.search(text):
        return "Latn"
    if text[:1].isdigit() and text[-1:].isdigit():
        return "Digit"
    if text and all(unicodedata.category(c).startswith("P") for c in text):
        return "Punct"
    return "Other"


def iter_token_spans(text: str, *, split_hyphens: bool = False) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each token; the cheap form used by the NER stage."""
    for m in _PATTERNS[split_hyphens].finditer(text):
        if m.group("sym") is not None and unicodedata.category(m.group()[0]) in ("Cc", "Cf", "Zs"):
            continue  # control and format characters are not tokens
        yield m.start(), m.end()


def tokenize(text: str, *, split_hyphens: bool = False) -> list[Token]:
    """Split text into tokens with offsets and script.

    Args:
        text: any string (normally ``Article.text``).
        split_hyphens: split letter-hyphen-letter words into three tokens (IL-NER style).

    Returns:
        Tokens in text order; ``text[t.start:t.end] == t.text``.

    Example:
        >>> [t.text for t in tokenize("रूस-कज़ाकिस्तान संबंध।")]
        ['रूस-कज़ाकिस्तान', 'संबंध', '।']
    """
    out = []
    for s, e in iter_token_spans(text, split_hyphens=split_hyphens):
        piece = text[s:e]
        out.append(Token(s, e, piece, token_script(piece)))
    return out
