"""The cue words of quotations and reported speech, loaded from data files and compiled once.

``hi/quote_verbs.txt`` lists verbs of saying; ``hi/quote_cues.yaml`` the source and genitive phrases
(``X के अनुसार``, ``X का कहना है``), ergative and genitive markers, pronouns, joiners,
complementizers, the words that cannot be inside a speaker's name, and adverbs that may stand
between a speaker and the verb. ``extract.quotes`` reads them through ``quote_cues()``.

Example:
    >>> cues = quote_cues()
    >>> bool(cues.verbs.search("मंत्री ने कहा")), "ने" in cues.ergatives
    (True, True)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Sequence

from ghatna.resources.loader import read_lines, read_yaml
from ghatna.text.normalize import devanagari_key, spelling_alternation

_B = r"(?<![\w\u0900-\u0963\u0966-\u097F])"
_E = r"(?![\w\u0900-\u0963\u0966-\u097F])"


@dataclass(frozen=True, slots=True)
class QuoteCues:
    """Folded cue words and the patterns built from them."""

    verbs: re.Pattern[str]
    sources: re.Pattern[str]
    genitive_phrases: re.Pattern[str]
    genitives: frozenset[str]
    ergatives: frozenset[str]
    agent_pronouns: frozenset[str]
    genitive_pronouns: frozenset[str]
    third_person: frozenset[str]
    joiners: frozenset[str]
    complementizers: frozenset[str]
    stops: frozenset[str]
    adverbs: tuple[tuple[str, ...], ...]
    joiners_genitives: frozenset[str]  # joiners | genitives, asked for per word of a speaker phrase
    not_left: frozenset[str]  # stops | genitives | joiners
    follow: re.Pattern[str]  # a complementizer after a verb of saying ("ने कहा, कि …")
    lead: re.Pattern[str]  # where a verb, genitive phrase or source phrase begins (see _indirect)


def _rx(words: Sequence[str]) -> re.Pattern[str]:
    """A bounded, case-insensitive alternation of words as written and folded."""
    return re.compile(rf"{_B}(?:{spelling_alternation(words)}){_E}", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def quote_cues() -> QuoteCues:
    """Load the cue files once."""
    data = read_yaml("hi/quote_cues.yaml")
    fold = lambda key: frozenset(devanagari_key(str(w)) for w in data[key])  # noqa: E731
    complementizers = fold("complementizers")
    comp = "|".join(re.escape(c) for c in sorted(complementizers))
    verbs, sources, genitive_phrases = (read_lines("hi/quote_verbs.txt"), [str(w) for w in data["source_phrases"]],
                                        [str(w) for w in data["genitive_phrases"]])
    any_cue = "|".join(spelling_alternation(words) for words in (verbs, sources, genitive_phrases))
    return QuoteCues(
        verbs=_rx(verbs),
        sources=_rx(sources),
        genitive_phrases=_rx(genitive_phrases),
        genitives=fold("genitives"),
        ergatives=fold("ergatives"),
        agent_pronouns=fold("agent_pronouns"),
        genitive_pronouns=fold("genitive_pronouns"),
        third_person=fold("third_person_pronouns"),
        joiners=fold("joiners"),
        complementizers=complementizers,
        stops=fold("speaker_stops"),
        adverbs=tuple(sorted((tuple(devanagari_key(str(w)).split()) for w in data["adverbs"]), key=len, reverse=True)),
        joiners_genitives=fold("joiners") | fold("genitives"),
        not_left=fold("speaker_stops") | fold("genitives") | fold("joiners"),
        follow=re.compile(rf"\s*,?\s*(?:{comp}){_E}", re.IGNORECASE),
        lead=re.compile(rf"{_B}(?=(?:{any_cue}))", re.IGNORECASE),
    )
