"""Acronyms read in either script: एससीओ = SCO, यूएनजीए = UNGA, जी20 = G20.

A Devanagari word is an acronym when the whole of it reads as two or more names of Latin
letters (``kb/letter_names.tsv``). The knowledge base keys names by it (``ghatna.kb.keys``) and
the NER features mark such words, so an organisation's initials the model never saw still look
like initials.

Example:
    >>> acronym_key("एससीओ") == acronym_key("SCO") == "SCO"
    True
"""

from __future__ import annotations

import functools
import re

from ghatna.resources.loader import read_tsv
from ghatna.text.translit import ortho_key

__all__ = ["acronym_key", "spelled_letters"]

_LATIN_ACRONYM = re.compile(r"^[A-Z](?:[A-Z&]|\.(?=[A-Z]))*\.?[0-9]*$")
_TRAILING_DIGITS = re.compile(r"[-\s]*([0-9\u0966-\u096f]+)$")
_DEVA_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


@functools.lru_cache(maxsize=1)
def _letter_names() -> tuple[dict[str, str], int]:
    """Return ``ortho key of a Hindi letter name -> Latin letter`` and the longest name length."""
    table: dict[str, str] = {}
    for row in read_tsv("kb/letter_names.tsv"):
        for name in row["names"].split("|"):
            table[ortho_key(name)] = row["letter"]
    return table, max(len(k) for k in table)


@functools.lru_cache(maxsize=65536)
def spelled_letters(word: str) -> str | None:
    """Read an ortho-keyed Devanagari word as spelled-out Latin letters (fewest letters), or None."""
    table, longest = _letter_names()
    n = len(word)
    best: list[str | None] = [None] * (n + 1)
    best[0] = ""
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + longest) + 1):
            letter = table.get(word[i:j])
            if letter is not None:
                cand = best[i] + letter  # type: ignore[operator]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    return best[n]


def acronym_key(text: str) -> str:
    """Return the acronym a surface form spells (``"SCO"`` for SCO, एससीओ, S.C.O.), else ''.

    Devanagari counts as an acronym when the whole word reads as two or more letter names.
    """
    s = text.strip()
    digits = ""
    m = _TRAILING_DIGITS.search(s)
    if m and m.start() > 0:
        digits, s = m.group(1).translate(_DEVA_DIGITS), s[:m.start()]
    compact = s.replace(" ", "")
    if _LATIN_ACRONYM.match(compact) and len(compact.replace(".", "")) >= 2 - bool(digits):
        return compact.replace(".", "") + digits
    if " " in s or not s:
        return ""
    key = ortho_key(s)
    if not key or not ("\u0900" <= key[0] <= "\u097f"):
        return ""
    letters = spelled_letters(key)
    if letters and (len(letters) >= 2 or digits):
        return letters + digits
    return ""
