"""Canonical match keys for a surface form: orthographic, phonetic, skeleton and acronym keys.

The script-level keys come from ``ghatna.text.translit`` (so that the gazetteer, which may not import
``kb``, computes the same ones); this module adds what is specific to names: honorifics stripped,
acronyms read in either script (एससीओ = SCO, यूएनजीए = UNGA, जी20 = G20).

Example:
    >>> acronym_key("एससीओ") == acronym_key("SCO") == "SCO"
    True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ghatna.resources.loader import read_tsv
from ghatna.text.acronyms import acronym_key
from ghatna.text.translit import ortho_key, phonetic_key, skeleton_key

__all__ = ["NameKeys", "acronym_key", "honorifics", "name_keys", "ortho_key", "phonetic_key",
           "skeleton_key", "strip_honorifics"]


@dataclass(frozen=True, slots=True)
class NameKeys:
    """The keys of one name: orthographic, phonetic, consonant skeleton, acronym (or '')."""

    ortho: str
    phon: str
    skeleton: str
    acronym: str


@functools.lru_cache(maxsize=1)
def honorifics() -> tuple[frozenset[str], frozenset[str]]:
    """Return the orthographic keys of prefix and suffix honorifics (श्री, एचई, डॉ. / जी)."""
    rows = read_tsv("kb/honorifics.tsv")
    pre = frozenset(ortho_key(r["text"]) for r in rows if r["position"] == "prefix")
    post = frozenset(ortho_key(r["text"]) for r in rows if r["position"] == "suffix")
    return pre, post


_WORDS = re.compile(r"[^\s\-\u2010\u2011.]+\.?")


def strip_honorifics(text: str) -> str:
    """Return ``text`` without leading/trailing honorifics (the name words are kept as written).

    Example:
        >>> strip_honorifics("एचई कासिम-जोमार्ट टोकाएव")
        'कासिम-जोमार्ट टोकाएव'
    """
    pre, post = honorifics()
    spans = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    while len(spans) > 1 and ortho_key(text[spans[0][0]:spans[0][1]]) in pre:
        spans.pop(0)
    while len(spans) > 1 and ortho_key(text[spans[-1][0]:spans[-1][1]]) in post:
        spans.pop()
    return text[spans[0][0]:spans[-1][1]] if spans else text


@functools.lru_cache(maxsize=65536)  # a news corpus repeats the same names; keys are a pure function
def name_keys(text: str) -> NameKeys:
    """Return all keys of a name, honorifics stripped.

    Example:
        >>> name_keys("श्री नरेंद्र मोदी").phon
        'narendra modi'
    """
    name = strip_honorifics(text)
    return NameKeys(ortho_key(name), phonetic_key(name), skeleton_key(name), acronym_key(name))
