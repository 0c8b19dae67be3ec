"""Phrase matcher for known names: finds KB aliases in article text, in any spelling the keys fold.

The matcher never imports ``kb``: it is built from plain entries ``(phonetic tokens, orthographic
key, label, kind)`` that the caller takes from ``KnowledgeBase.gazetteer_entries()``. Text is cut
into words (hyphens split, so रूस-कज़ाकिस्तान gives two names); each word gets the phonetic key of
``text.translit``; the longest run of words whose keys form an alias wins. An alias matches words
of its own script only (cross-script matching is the linker's job: a Latin "Carney" must not
match the Hindi verb करने). Short aliases (under five sounds) must also agree on the stricter
orthographic key, so that चीन (China) does not match छीन ("snatch"). A match on the sound key
alone (a loose match) needs more: under seven sounds the orthographic keys may differ by one
letter at most (तोकायेव for टोकाएव, but not बढ़त "lead" for भारत, मिसाइल "missile" for मिशेल),
and a common Hindi word (``common_words``: frequent in ``hi/wordfreq.tsv``) matches only exactly
(करनी "to do" is not Carney).

Example:
    >>> g = Gazetteer([(("rus",), "रुस", "GPE", "Deva", False)])
    >>> [(m.text, m.label) for m in g.find("रूस और भारत")]
    [('रूस', 'GPE')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from ghatna.resources import loader
from ghatna.text.translit import ortho_key, phonetic_key, word_spans
from ghatna.types import Mention

_DEVA = re.compile(r"[\u0900-\u097f]")
_JOIN = re.compile(r"^[ \t\u00a0]*[-\u2010\u2011]?[ \t\u00a0]*$")  # what may sit between words of one name
_SHORT = 5
_LOOSE_FREE = 7  # sounds from which a loose match may differ from the alias by more than one letter
#: a word seen this often in ``hi/wordfreq.tsv`` (IL-NER train counts) is a common word
COMMON_WORD_COUNT = 20
_MAX_WORDS = 8
_MEMO_SIZE = 100_000  # one-word outcomes remembered per gazetteer (emptied when full)
_UNSEEN = object()

Entry = tuple[tuple[str, ...], str, str, str, bool]  # phonetic words, ortho key, label, script, strict


class Gazetteer:
    """Longest-match lookup of alias word sequences (stateless after construction)."""

    name = "ghatna.extract.gazetteer.v1"
    requires = ("article.text",)
    assigns = ("mentions",)

    def __init__(self, entries: Iterable[Entry], common_words: Iterable[str] = ()) -> None:
        """Index ``entries``; ``common_words`` (see ``common_words()``) match aliases exactly only."""
        self._common = frozenset(ortho_key(w) for w in common_words)  # compared as spelled-alike keys
        self._index: dict[tuple[str, ...], list[tuple[str, str, str, bool]]] = defaultdict(list)
        # first word -> word counts of the aliases starting with it, longest first: most words start
        # no alias and are passed over with one lookup, and the others try only lengths that exist
        lengths: dict[str, set[int]] = defaultdict(set)
        # every run of two or more words that begins an alias: how far a match can reach is known
        # before any length is tried (most words that start an alias start only one-word ones)
        self._prefixes: set[tuple[str, ...]] = set()
        for words, ortho, label, script, strict in entries:
            if words:
                self._index[tuple(words)].append((ortho, label, script, strict))
                lengths[words[0]].add(min(len(words), _MAX_WORDS))
                self._prefixes.update(tuple(words[:k]) for k in range(2, min(len(words), _MAX_WORDS) + 1))
        self._lengths = {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}
        self._multi = frozenset(p[0] for p in self._prefixes)  # first words of aliases of two or more words
        self._one_word: dict[str, tuple[int, str, bool] | None] = {}  # word -> outcome of a one-word match

    def __len__(self) -> int:
        return len(self._index)

    def find(self, text: str) -> list[Mention]:
        """Return gazetteer mentions in ``text`` (non-overlapping, longest first, in text order)."""
        words, starts, ends = word_spans(text)
        phons = list(map(phonetic_key, words))
        orthos: list[str | None] = [None] * len(words)
        out: list[Mention] = []
        skip_to = 0  # words before this are inside a name already found
        first, multi, prefixes, one_word = self._lengths, self._multi, self._prefixes, self._one_word
        last = len(words) - 1
        # only words whose key starts some alias can start a match: one set test rejects the rest
        for i in [k for k, p in enumerate(phons) if p in first]:
            if i < skip_to:
                continue
            p = phons[i]
            if p in multi and i < last and (p, phons[i + 1]) in prefixes:
                hit = self._match_at(text, words, starts, ends, phons, orthos, i)
            else:
                # no longer alias begins here, and a one-word match depends on the word alone:
                # the same words recur in every article, so their outcome is remembered
                hit = one_word.get(words[i], _UNSEEN)  # type: ignore[assignment]
                if hit is _UNSEEN:
                    hit = self._match_words(text, (words[i],), ((starts[i], ends[i]),), [p], [None], 0, first[p], 1)
                    if len(one_word) >= _MEMO_SIZE:
                        one_word.clear()
                    one_word[words[i]] = hit
            if hit is None:
                continue
            n, label, exact = hit
            start, end = starts[i], ends[i + n - 1]
            out.append(Mention(start, end, text[start:end], label, 1.0 if exact else 0.9, "gazetteer"))
            skip_to = i + n
        return out

    def _match_at(self, text: str, words: tuple[str, ...], starts: tuple[int, ...], ends: tuple[int, ...],
                  phons: list[str], orthos: list[str | None], i: int) -> tuple[int, str, bool] | None:
        """Return (word count, label, exact) of the longest alias starting at word ``i`` (two words or more
        from ``i`` begin some alias)."""
        reach = 2  # the most words from i whose keys begin some alias
        while reach < _MAX_WORDS and i + reach < len(words) and tuple(phons[i:i + reach + 1]) in self._prefixes:
            reach += 1
        return self._match_words(text, words, tuple(zip(starts[i:i + reach], ends[i:i + reach])), phons, orthos,
                                 i, self._lengths[phons[i]], reach)

    def _match_words(self, text: str, words: tuple[str, ...], spans: tuple[tuple[int, int], ...], phons: list[str],
                     orthos: list[str | None], i: int, lengths: tuple[int, ...],
                     reach: int) -> tuple[int, str, bool] | None:
        """Try the alias lengths that exist at word ``i`` (``spans`` are those of words i .. i+reach-1)."""
        first = words[i]
        if first[0].isascii() and first[0].isalpha() and not first[0].isupper():
            return None  # Latin names are capitalised; lower-case Latin words are not names
        for n in lengths:
            if n > reach:
                continue
            if n > 1 and not _JOIN.match(text[spans[n - 2][1]:spans[n - 1][0]]):
                continue  # a comma, danda or line break ends a name
            key = tuple(phons[i:i + n])
            entries = self._index.get(key)
            if not entries:
                continue
            for k in range(i, i + n):
                if orthos[k] is None:
                    orthos[k] = ortho_key(words[k])
            script = "Deva" if _DEVA.search(first) else "Latn"
            entries = [e for e in entries if e[2] == script]
            if not entries:
                continue
            ortho = " ".join(o for o in orthos[i:i + n] if o)
            exact = [e for e in entries if e[0] == ortho]
            sounds = sum(len(p) for p in key)
            if sounds < _SHORT or (n == 1 and ortho in self._common):
                loose = []
            else:
                loose = [e for e in entries if not e[3]
                         and (sounds >= _LOOSE_FREE or Levenshtein.distance(ortho, e[0], score_cutoff=1) <= 1)]
            if not exact and not loose:
                continue
            labels = Counter(e[1] for e in (exact or loose))
            # a name that is also a demonym (तुर्की: Turkey / Turkish) is reported as the name
            label = max(labels, key=lambda lab: (lab != "NORP", labels[lab]))
            return n, label, bool(exact)
        return None


def common_words(min_count: int = COMMON_WORD_COUNT) -> frozenset[str]:
    """Words of ``hi/wordfreq.tsv`` seen at least ``min_count`` times: the Hindi words news uses most."""
    return frozenset(r["word"] for r in loader.read_tsv("hi/wordfreq.tsv") if int(r["count"]) >= min_count)
