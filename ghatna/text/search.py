"""Search keys: the normalised text the full-text index holds, and the terms of a query.

Every word of an article is indexed by its loose cross-script sound key
(:func:`ghatna.text.translit.phonetic_key`), so that a query in any Devanagari spelling or in Latin
script meets every variant: Tokayev, टोकाएव, तोकायेव and टोकायेव all become ``tokaev``. The
store indexes what these functions give it (it may not import this layer); the display text is
never changed, and :func:`word_keys` maps matches back to character offsets for highlighting.

``KEYS_VERSION`` changes whenever the keys change, so stored indexes are rebuilt.

Example:
    >>> search_keys("कासीम-जोमार्ट तोकायेव ने कहा") == search_keys("Kassym-Jomart Tokayev ne kaha")
    True
    >>> [(t.tokens, t.prefix) for t in parse_query('"नरेंद्र मोदी" Toka*')]
    [(('narendra', 'modi'), False), (('toka',), True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghatna.text.translit import phonetic_key, skeleton_key

#: bump when search_keys/entity keys change: stores re-index every article and entity
KEYS_VERSION = 1

# A word: letters, digits and the Devanagari signs (matras, virama, nukta) that Python's \w leaves out.
_WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u097f]+")
_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')
#: longest query accepted, in characters (longer input is cut, not refused)
MAX_QUERY_CHARS = 500
#: most terms one query keeps (each becomes an index lookup)
MAX_TERMS = 16


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One term of a query: one key (a word) or several in a row (a phrase); ``prefix`` for ``word*``."""

    tokens: tuple[str, ...]
    prefix: bool = False


def word_key(word: str) -> str:
    """Return the index key of one word ('' when it has no letters or digits)."""
    return phonetic_key(word).replace(" ", "")


def word_keys(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, key)`` of every word of ``text`` that has a key, in order.

    Example:
        >>> word_keys("मोदी ने")
        [(0, 4, 'modi'), (5, 7, 'ne')]
    """
    out = []
    for m in _WORD.finditer(text):
        key = word_key(m.group())
        if key:
            out.append((m.start(), m.end(), key))
    return out


def search_keys(text: str | None) -> str:
    """Return the text the index holds for ``text``: the key of each word, space-separated."""
    if not text:
        return ""
    return " ".join(k for _, _, k in word_keys(text))


def name_search_keys(names: list[str]) -> tuple[str, str]:
    """Return ``(keys, skeletons)`` indexed for an entity's names (skeletons of words of 3+ consonants).

    Skeletons let Kazakhstan find कजाखस्तान (kajakstan / kajakastan share ``kjkstn``); they are
    kept apart from the keys so that a match on them ranks lower.
    """
    keys, skels = [], []
    for name in names:
        for _, _, key in word_keys(name):
            keys.append(key)
            skel = skeleton_key(key)
            if len(skel) >= 3:
                skels.append(skel)
    return " ".join(dict.fromkeys(keys)), " ".join(dict.fromkeys(skels))


def parse_query(query: str) -> list[QueryTerm]:
    """Split a user query into terms: words, ``"quoted phrases"`` and ``prefix*`` words.

    Anything else (operators, brackets, SQL) is only text: it is reduced to word keys, so no
    query syntax of the index reaches the store.
    """
    terms: list[QueryTerm] = []
    for m in _QUERY_PART.finditer(query[:MAX_QUERY_CHARS]):
        phrase, word = m.group(1), m.group(2)
        if phrase is not None:
            tokens = tuple(k for _, _, k in word_keys(phrase))
            if tokens:
                terms.append(QueryTerm(tokens))
            continue
        keys = [k for _, _, k in word_keys(word)]
        for i, key in enumerate(keys):
            # only the last word of 'abc*' is a prefix (the key of a cut word is a prefix of its key
            # only approximately, as the sound folds look at neighbouring letters)
            terms.append(QueryTerm((key,), prefix=word.endswith("*") and i == len(keys) - 1))
    return terms[:MAX_TERMS]


def skeleton_of(token: str) -> str:
    """Return the consonant skeleton of a key when it is long enough to search by (else '')."""
    skel = skeleton_key(token)
    return skel if len(skel) >= 3 else ""
