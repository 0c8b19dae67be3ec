"""Phrase matcher for known names: finds KB aliases in article text, in any spelling the keys fold.

The matcher never imports ``kb``: it is built from plain entries ``(phonetic tokens, orthographic
key, label, kind)`` that the caller takes from ``KnowledgeBase.gazetteer_entries()``. Text is cut
into words (hyphens split, so रूस-कज़ाकिस्तान gives two names); each word gets the phonetic key of
``text.translit``; the longest run of words whose keys form an alias wins. An alias matches words
of its own script only (cross-script matching is the linker's job: a Latin "Carney" must not
match the Hindi verb करने). Short aliases (under five sounds) must also agree on the stricter
orthographic key, so that चीन (China) does not match छीन ("snatch").

Example:
    >>> g = Gazetteer([(("rus",), "रुस", "GPE", "Deva", False)])
    >>> [(m.text, m.label) for m in g.find("रूस और भारत")]
    [('रूस', 'GPE')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from ghatna.text.translit import ortho_key, phonetic_key
from ghatna.types import Mention

_WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u097f]+")
_DEVA = re.compile(r"[\u0900-\u097f]")
_JOIN = re.compile(r"^[ \t\u00a0]*[-\u2010\u2011]?[ \t\u00a0]*$")  # what may sit between words of one name
_SHORT = 5
_MAX_WORDS = 8

Entry = tuple[tuple[str, ...], str, str, str, bool]  # phonetic words, ortho key, label, script, strict


class Gazetteer:
    """Longest-match lookup of alias word sequences (stateless after construction)."""

    name = "ghatna.extract.gazetteer.v1"
    requires = ("article.text",)
    assigns = ("mentions",)

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._index: dict[tuple[str, ...], list[tuple[str, str, str, bool]]] = defaultdict(list)
        # first word -> most words of an alias starting with it: most words start no alias and are
        # passed over with one lookup, and the others try only lengths that exist
        self._first: dict[str, int] = {}
        for words, ortho, label, script, strict in entries:
            if words:
                self._index[tuple(words)].append((ortho, label, script, strict))
                self._first[words[0]] = min(max(self._first.get(words[0], 1), len(words)), _MAX_WORDS)

    def __len__(self) -> int:
        return len(self._index)

    def find(self, text: str) -> list[Mention]:
        """Return gazetteer mentions in ``text`` (non-overlapping, longest first, in text order)."""
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        phons = [phonetic_key(w) for _, _, w in words]
        orthos: list[str | None] = [None] * len(words)
        out: list[Mention] = []
        i = 0
        while i < len(words):
            hit = self._match_at(text, words, phons, orthos, i)
            if hit is None:
                i += 1
                continue
            n, label, exact = hit
            start, end = words[i][0], words[i + n - 1][1]
            out.append(Mention(start, end, text[start:end], label, 1.0 if exact else 0.9, "gazetteer"))
            i += n
        return out

    def _match_at(self, text: str, words: list[tuple[int, int, str]], phons: list[str],
                  orthos: list[str | None], i: int) -> tuple[int, str, bool] | None:
        """Return (word count, label, exact) of the longest alias starting at word ``i``."""
        first = words[i][2]
        if first[0].isascii() and first[0].isalpha() and not first[0].isupper():
            return None  # Latin names are capitalised; lower-case Latin words are not names
        longest = self._first.get(phons[i])
        if longest is None:
            return None
        for n in range(min(longest, len(words) - i), 0, -1):
            if n > 1 and not _JOIN.match(text[words[i + n - 2][1]:words[i + n - 1][0]]):
                continue  # a comma, danda or line break ends a name
            key = tuple(phons[i:i + n])
            entries = self._index.get(key)
            if not entries:
                continue
            for k in range(i, i + n):
                if orthos[k] is None:
                    orthos[k] = ortho_key(words[k][2])
            script = "Deva" if _DEVA.search(first) else "Latn"
            entries = [e for e in entries if e[2] == script]
            if not entries:
                continue
            ortho = " ".join(o for o in orthos[i:i + n] if o)
            exact = [e for e in entries if e[0] == ortho]
            loose = [e for e in entries if not e[3]] if sum(len(p) for p in key) >= _SHORT else []
            if not exact and not loose:
                continue
            labels = Counter(e[1] for e in (exact or loose))
            # a name that is also a demonym (तुर्की: Turkey / Turkish) is reported as the name
            label = max(labels, key=lambda lab: (lab != "NORP", labels[lab]))
            return n, label, bool(exact)
        return None
