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

Why a memo: one article's text is tokenised by several stages in a row (NER, quotes, events,
facts), each needing the same tokens and the same matching keys. Texts of ``MEMO_MIN_CHARS`` or
more are tokenised once and the result kept, as immutable tuples, for the last ``MEMO_SIZE``
texts (a pure function of the text, so nothing ever needs resetting). Short snippets, which
stages tokenise in loops, skip the memo: hashing and storing them would cost more than it saves.

Example:
    >>> [t.text for t in tokenize("Putin, 2024.")]
    ['Putin', ',', '2024', '.']
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import Iterable, Iterator

from ghatna.text.normalize import devanagari_key
from ghatna.types import Token

#: Texts at least this long are memoised (an article, not a snippet).
MEMO_MIN_CHARS = 200
#: How many texts the memo keeps (a stage sequence works on one article at a time).
MEMO_SIZE = 8

# Word characters: letters and digits of any script, plus combining marks that \w misses.
# Devanagari block minus the dandas (U+0964, U+0965); Devanagari Extended; Vedic Extensions;
# Latin combining diacritics; ZWNJ/ZWJ, which Hindi uses inside conjuncts. Written as one class
# after a check for the underscore (none of the added ranges holds it) rather than as two
# alternatives, which re tries one after the other for every character (a third faster).
_MARKS = r"\u0900-\u0963\u0966-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF\u0300-\u036F\u200C\u200D"
_W = rf"(?:(?!_)[\w{_MARKS}])"
_HYPHEN = r"\-\u2010\u2011"
_DIGIT_JOIN = rf"(?<=\d)[.,:/{_HYPHEN}](?=\d)"
_APOSTROPHE_JOIN = r"(?<=[^\W\d_])['\u2019](?=[^\W\d_])"
_HYPHEN_JOIN = rf"[{_HYPHEN}](?={_W})"

_URL = r"(?:https?://|www\.)[^\s<>\"'\u0964]*[^\s<>\"'\u0964.,;:!?)\]}]"
# possessive: '@' is not in the class, so giving characters back can never find it
_EMAIL = r"[\w.+-]++@[\w-]+(?:\.[\w-]+)+"


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


def _scan(text: str, split_hyphens: bool) -> list[tuple[int, int]]:
    """``(start, end)`` of each token, from running the token regex over ``text``."""
    out = []
    for m in _PATTERNS[split_hyphens].finditer(text):
        if m.lastgroup == "sym" and unicodedata.category(text[m.start()]) in ("Cc", "Cf", "Zs"):
            continue  # control and format characters are not tokens
        out.append(m.span())
    return out


_JOINING_HYPHEN = re.compile(rf"[{_HYPHEN}]")


def _split_from(text: str, coarse: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """The ``split_hyphens=True`` spans of ``text``, derived from its unsplit spans ``coarse``.

    The two modes differ only where a hyphen joins word characters; no token holds whitespace
    and tokenising starts afresh after it, so only the whitespace-delimited runs holding a hyphen
    are scanned again, split. Cheaper than a second scan of the whole text, which stages that
    need both modes (NER splits, the others do not) would otherwise pay.
    """
    hyphens = [m.start() for m in _JOINING_HYPHEN.finditer(text)]
    if not hyphens:
        return coarse
    starts = [st for st, _ in coarse]
    out: list[tuple[int, int]] = []
    done, n, kept = 0, len(text), 0
    for h in hyphens:
        if h < done:
            continue  # in a run already split
        a, b = h, h + 1
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < n and not text[b].isspace():
            b += 1
        first = bisect.bisect_left(starts, a)
        out += coarse[kept:first]
        out += [(a + x, a + y) for x, y in _scan(text[a:b], True)]
        kept = bisect.bisect_left(starts, b)
        done = b
    out += coarse[kept:]
    return tuple(out)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _memo_spans(text: str, split_hyphens: bool) -> tuple[tuple[int, int], ...]:
    """The spans of a long text, computed once per text (see the module notes)."""
    if split_hyphens:
        return _split_from(text, _memo_spans(text, False))
    return tuple(_scan(text, False))


@functools.lru_cache(maxsize=MEMO_SIZE)
def _memo_tokens(text: str, split_hyphens: bool) -> tuple[Token, ...]:
    """The tokens of a long text, computed once per text."""
    return _make_tokens(text, _memo_spans(text, split_hyphens))


@functools.lru_cache(maxsize=MEMO_SIZE)
def _memo_keys(text: str) -> tuple[str, ...]:
    """The matching keys of a long text's tokens, computed once per text."""
    return tuple(devanagari_key(t.text) for t in _memo_tokens(text, False))


def _make_tokens(text: str, spans: Iterable[tuple[int, int]]) -> tuple[Token, ...]:
    """Tokens with their script for the given spans of ``text``."""
    out = []
    for s, e in spans:
        piece = text[s:e]
        c = piece[0]
        # most tokens of Hindi text open with a Devanagari letter, which makes them Deva outright
        script = "Deva" if "\u0900" <= c <= "\u0963" or "\u0971" <= c <= "\u097f" else token_script(piece)
        out.append(Token(s, e, piece, script))
    return tuple(out)


def iter_token_spans(text: str, *, split_hyphens: bool = False) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each token; the cheap form used by the NER stage."""
    if len(text) >= MEMO_MIN_CHARS:
        yield from _memo_spans(text, split_hyphens)
    else:
        yield from _scan(text, split_hyphens)


def token_tuple(text: str, *, split_hyphens: bool = False) -> tuple[Token, ...]:
    """Return the tokens of ``tokenize`` as an immutable tuple, shared by every caller of one long text.

    Example:
        >>> [t.text for t in token_tuple("Putin, 2024.")]
        ['Putin', ',', '2024', '.']
    """
    if len(text) >= MEMO_MIN_CHARS:
        return _memo_tokens(text, split_hyphens)
    return _make_tokens(text, _scan(text, split_hyphens))


def token_keys(text: str) -> tuple[str, ...]:
    """Return ``devanagari_key`` of each token of ``token_tuple(text)``, in the same order.

    Example:
        >>> token_keys("कज़ाख़स्तान, 2024") == token_keys("कजाखस्तान, 2024")
        True
    """
    if len(text) >= MEMO_MIN_CHARS:
        return _memo_keys(text)
    return tuple(devanagari_key(t.text) for t in token_tuple(text))


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
    return list(token_tuple(text, split_hyphens=split_hyphens))
