"""Article-level evidence for linking: words with keys, titles and honorifics, role phrases, "X (Y)".

These are the rules the linker applies around mentions: an honorific or a title right before a
name (एचई कासिम-जोमार्ट टोकाएव, राष्ट्रपति तोकायेव), a role phrase anchored on a country, demonym,
organisation or person (रूसी संघ के राष्ट्रपति, कजाख नेता, पुतिन के शीर्ष राजनयिक), and acronyms
defined in the text (यूरेशियन रिसर्च इंस्टीट्यूट (ईआरआई)).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass

from ghatna.kb.keys import acronym_key, honorifics, ortho_key
from ghatna.resources.loader import read_tsv, read_yaml
from ghatna.text.translit import phonetic_key, word_spans

_GAP = re.compile(r"^[ \t\u00a0]*[-\u2010\u2011]?[ \t\u00a0]*$")


@functools.lru_cache(maxsize=1)
def _context_words() -> dict[str, frozenset[str]]:
    """Word lists of ``kb/role_context.yaml`` as sets of orthographic keys."""
    data = read_yaml("kb/role_context.yaml")
    return {name: frozenset(ortho_key(str(w)) for w in words) for name, words in data.items()}


def genitives() -> frozenset[str]:
    """Genitive postpositions linking an anchor to a role (X के राष्ट्रपति)."""
    return _context_words()["genitives"]


class Words:
    """The article's words, findable by offset.

    Kept as parallel lists (``starts``, ``ends``, ``orthos``) rather than one record per word:
    an article has hundreds of words and the linker reads only a few of them closely, so a
    record per word was most of the cost of linking.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # the words the gazetteer read just before (a memo in text.translit); a word's trailing full
        # stop (डॉ.) is left out of its span, and its key is the same with or without the stop
        words, self.starts, self.ends = word_spans(text)
        self.orthos: list[str] = list(map(ortho_key, words))

    def __len__(self) -> int:
        return len(self.starts)

    def word(self, i: int) -> str:
        """The text of word ``i`` (without a trailing full stop)."""
        return self.text[self.starts[i]:self.ends[i]]

    def at_start(self, pos: int) -> int | None:
        """Index of the word starting at ``pos``."""
        # a binary search: the linker asks about a few dozen offsets, fewer than the words a table would hold
        i = bisect.bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def at_end(self, pos: int) -> int | None:
        """Index of the word ending at ``pos``."""
        i = bisect.bisect_left(self.ends, pos)
        return i if i < len(self.ends) and self.ends[i] == pos else None

    def joined(self, i: int, j: int) -> bool:
        """True when words ``i`` and ``j = i + 1`` are separated by spaces only (same phrase)."""
        return 0 <= i < j < len(self.starts) and bool(_GAP.match(self.text[self.ends[i]:self.starts[j]]))

    def role_starts(self) -> list[int]:
        """Indices of words that may begin a role phrase (the only ones ``role_at`` can match)."""
        first = _role_first_words()
        return [i for i, o in enumerate(self.orthos) if o in first]


@functools.lru_cache(maxsize=1)
def role_phrases() -> dict[tuple[str, ...], str]:
    """Return ``ortho words of a role phrase -> office code`` (from ``kb/roles.tsv``)."""
    return {tuple(ortho_key(r["phrase"]).split()): r["office"] for r in read_tsv("kb/roles.tsv")}


@functools.lru_cache(maxsize=1)
def _longest_role() -> int:
    """Longest role phrase in words."""
    return max(len(k) for k in role_phrases())


@functools.lru_cache(maxsize=1)
def _role_first_words() -> frozenset[str]:
    """First words of role phrases: most words start none, and are rejected with one set lookup."""
    return frozenset(k[0] for k in role_phrases())


def role_at(words: Words, i: int) -> tuple[int, str] | None:
    """Return (word count, office) of a role phrase starting at word ``i``, longest first."""
    orthos = words.orthos
    if i >= len(orthos) or orthos[i] not in _role_first_words():
        return None
    phrases = role_phrases()
    longest = min(_longest_role(), len(orthos) - i)
    joined = 1  # words from i that follow one another with only spaces between them
    while joined < longest and words.joined(i + joined - 1, i + joined):
        joined += 1
    for n in range(joined, 0, -1):
        office = phrases.get(tuple(orthos[i:i + n]))
        if office:
            return n, office
    return None


@functools.lru_cache(maxsize=1)
def _role_last_words() -> frozenset[str]:
    """Last words of role phrases: a phrase can end only at one of them."""
    return frozenset(k[-1] for k in role_phrases())


def role_ending_at(words: Words, j: int) -> tuple[int, str] | None:
    """Return (first word index, office) of a role phrase whose last word is ``j``."""
    if not 0 <= j < len(words) or words.orthos[j] not in _role_last_words():
        return None
    for n in range(min(_longest_role(), j + 1), 0, -1):
        hit = role_at(words, j - n + 1)
        if hit and hit[0] == n:
            return j - n + 1, hit[1]
    return None


def honorific_before(words: Words, i: int) -> int | None:
    """Return the index of a prefix honorific directly before word ``i`` (श्री, एचई, डॉ.)."""
    pre, _ = honorifics()
    if i > 0 and words.orthos[i - 1] in pre and words.joined(i - 1, i):
        return i - 1
    return None


def current_role(words: Words, i: int) -> bool:
    """False when the role at word ``i`` is qualified as former/deputy/future."""
    return not (i > 0 and words.orthos[i - 1] in _context_words()["not_current"])


def person_role(words: Words, i: int, n: int) -> bool:
    """False when the role phrase at words ``i .. i+n`` names an institution (राष्ट्रपति पद)."""
    k = i + n
    return not (k < len(words) and words.orthos[k] in _context_words()["not_person_after"] and words.joined(k - 1, k))


@dataclass(frozen=True, slots=True)
class AcronymDef:
    """An acronym defined in the text: ``long form (ACRONYM)``; offsets of both parts."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int
    letters: str


_PAREN = re.compile(r"\(\s*([^()\s][^()]{0,20}?)\s*\)")
# Letters whose names start with a vowel sound, so a long form's first sound may be any vowel or y
# (E ~ यूरेशियन "yu-"). Consonant letters compare by their phonetic first letter.
_VOWELISH = set("aeiouy")
_EQUIV = {"c": "ks", "k": "kcq", "q": "k", "s": "sc", "g": "gj", "j": "jgz", "z": "jz", "v": "vbw", "w": "vw",
          "b": "bv", "f": "fp", "p": "pf", "x": "ks"}


def _initial_ok(letter: str, word: str) -> bool:
    """True when ``word`` can be what acronym ``letter`` abbreviates."""
    sound = phonetic_key(word)[:1]
    if not sound:
        return False
    low = letter.lower()
    if low in "aeiou":
        return sound in _VOWELISH
    return sound in _EQUIV.get(low, low)


def acronym_definitions(words: Words, mention_ends: dict[int, int]) -> list[AcronymDef]:
    """Find "X (Y)" where Y spells an acronym; X is a known mention or the words its letters fit.

    Args:
        words: the article's words.
        mention_ends: ``end offset -> start offset`` of mentions (a mention ending before "(").
    """
    text = words.text
    out = []
    for m in _PAREN.finditer(text):
        letters = acronym_key(m.group(1))
        if not letters or not letters.isalpha() or len(letters) > 8:
            continue
        before = text[:m.start()].rstrip()
        short = (m.start(1), m.end(1))
        if len(before) in mention_ends:
            out.append(AcronymDef(mention_ends[len(before)], len(before), *short, letters))
            continue
        j = words.at_end(len(before))
        long_start = _fit_initials(words, j, letters) if j is not None else None
        if long_start is not None:
            out.append(AcronymDef(long_start, len(before), *short, letters))
    return out


def _fit_initials(words: Words, j: int, letters: str) -> int | None:
    """Return the start offset of the words ending at ``j`` whose initials spell ``letters``."""
    content: list[int] = []  # word indices
    k = j
    while k >= 0 and len(content) < len(letters):
        if k < j and not words.joined(k, k + 1):
            return None
        if words.orthos[k] not in _context_words()["connectors"]:
            content.append(k)
        k -= 1
    if len(content) != len(letters):
        return None
    content.reverse()
    hits = sum(_initial_ok(a, words.word(k)) for a, k in zip(letters, content))
    if not _initial_ok(letters[0], words.word(content[0])) or hits < math.ceil(2 * len(letters) / 3):
        return None
    return words.starts[content[0]]
