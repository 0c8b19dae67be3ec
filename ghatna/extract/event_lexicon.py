"""The event trigger lexicon and the grammar words around it, loaded from data files.

``hi/event_triggers.yaml`` lists, for each of the 16 PLOVER v2 categories, the Hindi words that
signal it (with the mode they say and the frame that finds their participants);
``hi/event_cues.yaml`` holds postpositions, pronouns, light verbs and status words. This module
folds and indexes both once, and finds triggers in a sequence of folded words (longest match
first, as spaCy's PhraseMatcher does for its patterns).

Example:
    >>> lex = event_lexicon()
    >>> [(m.entry.event_type, m.entry.mode) for m in lex.match(["हवाई", "हमला", "किया"])]
    [('ASSAULT', 'aerial')]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ghatna.errors import ResourceError
from ghatna.resources.loader import read_yaml
from ghatna.text.normalize import devanagari_key

TRIGGERS = "hi/event_triggers.yaml"
CUES = "hi/event_cues.yaml"
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FRAMES = frozenset({"ask", "meet", "visit", "arrive", "host", "summit", "participate", "give", "object", "target",
                    "agent", "sign", "praise", "welcome", "exercise"})


class WordSeqs(tuple):  # type: ignore[type-arg]
    """Word sequences (a plain tuple of tuples, order kept) indexed by their first word.

    Matching a list of phrases at every word of an article was a linear scan of all of them per
    word; the index narrows it to the few sequences that start with the word at hand, which gives
    the same answer since no other sequence can match there.
    """

    by_first: dict[str, tuple[tuple[str, ...], ...]]

    def __new__(cls, seqs: Iterable[tuple[str, ...]]) -> "WordSeqs":
        """Build the tuple and its index."""
        self = super().__new__(cls, seqs)
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for seq in self:
            if not seq:
                raise ResourceError("E603", name="word sequences", line=0, detail="an empty word sequence")
            by_first.setdefault(seq[0], []).append(seq)
        self.by_first = {k: tuple(v) for k, v in by_first.items()}
        return self

    def starting_at(self, words: Sequence[str], i: int) -> tuple[tuple[str, ...], ...]:
        """The sequences (in order) whose first word is ``words[i]``."""
        return self.by_first.get(words[i], ()) if 0 <= i < len(words) else ()


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One trigger of the lexicon: its words (each a set of folded forms) and what it signals."""

    words: tuple[frozenset[str], ...]
    event_type: str | None  # None for phrases that name no event (they block shorter triggers)
    mode: str | None = None
    frame: str = "agent"
    verb: bool = False
    light: bool = False
    partner: bool = False
    inherit: bool = False
    phrase: str = ""


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger found at word ``start`` spanning ``length`` words."""

    start: int
    length: int
    entry: TriggerEntry

    @property
    def end(self) -> int:
        """Index after the last word."""
        return self.start + self.length


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """Folded trigger index and grammar word sets (see ``hi/event_cues.yaml`` for their meaning)."""

    by_first: dict[str, tuple[TriggerEntry, ...]]
    trigger_words: frozenset[str]  # every folded word of every trigger
    quads: dict[str, int]
    modes: dict[str, tuple[str, ...]]
    mode_cues: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    markers: tuple[tuple[tuple[str, ...], str], ...]  # word sequence -> marker name, longest first
    marker_index: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # the markers by first word, same order
    genitives: frozenset[str]
    coordinators: frozenset[str]
    institution_heads: tuple[tuple[str, ...], ...]
    pronouns: dict[str, tuple[str, str]]  # folded word -> (person, case)
    light_verbs: frozenset[str]
    light_kinds: dict[str, str]  # folded light verb -> do | give | happen | other
    statement_nouns: frozenset[str]
    passive: frozenset[str]
    auxiliaries: frozenset[str]
    nonfinite_after: tuple[tuple[str, ...], ...]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    future_modifiers: tuple[tuple[str, ...], ...]
    clause_breaks: frozenset[str]
    conditionals: frozenset[str]
    material: frozenset[str]
    not_future: frozenset[str]
    host_participles: tuple[tuple[str, ...], ...]
    capital_words: frozenset[str]
    particles: frozenset[str]
    progressive: frozenset[str]
    go_auxiliary: frozenset[str]
    infinitive_ending: str
    complementizers: frozenset[str]
    then: frozenset[str]
    not_only: frozenset[str]
    relative_locatives: frozenset[str]

    def match(self, words: Sequence[str], allowed: Sequence[bool] | None = None) -> list[TriggerMatch]:
        """Return non-overlapping triggers in folded ``words``, longest first at each position.

        ``allowed[i]`` False keeps word ``i`` out of any trigger (it lies inside a name). Phrases
        listed as naming no event are consumed and not returned.
        """
        out: list[TriggerMatch] = []
        i = 0
        while i < len(words):
            hit = None
            if allowed is None or allowed[i]:
                for entry in self.by_first.get(words[i], ()):
                    span = self._span_at(words, i, entry, allowed)
                    if span:
                        hit = TriggerMatch(i, span, entry)
                        break
            if hit is None:
                i += 1
                continue
            if hit.entry.event_type is not None:
                out.append(hit)
            i = hit.end
        return out

    def _span_at(self, words: Sequence[str], i: int, entry: TriggerEntry, allowed: Sequence[bool] | None) -> int:
        """Words the entry covers at ``i`` (0 if it does not match); a negation or particle may sit
        between its words ("पीछे नहीं हटेगा", "निंदा भी की")."""
        j = i
        for k, forms in enumerate(entry.words):
            if k and j < len(words) and words[j] not in forms and (words[j] in self.negation or words[j] in self.particles):
                j += 1
            if j >= len(words) or words[j] not in forms or (allowed is not None and not allowed[j]):
                return 0
            j += 1
        return j - i

    def starts_with(self, words: Sequence[str], i: int, phrases: Sequence[tuple[str, ...]]) -> int:
        """Length of the longest of ``phrases`` found at ``words[i:]`` (0 if none)."""
        if isinstance(phrases, WordSeqs) and i >= 0:
            phrases = phrases.starting_at(words, i)
        best = 0
        for p in phrases:
            if len(p) > best and tuple(words[i:i + len(p)]) == p:
                best = len(p)
        return best

    def marker_at(self, words: Sequence[str], i: int) -> tuple[str, int] | None:
        """The case marker starting at word ``i``: (name, word count), longest first."""
        if i < 0:
            candidates = self.markers
        elif i < len(words):
            candidates = self.marker_index.get(words[i], ())
        else:
            return None
        for seq, name in candidates:
            if tuple(words[i:i + len(seq)]) == seq:
                return name, len(seq)
        return None


def _fold(word: Any) -> str:
    """Folded key of a data word."""
    return devanagari_key(str(word))


def _seqs(items: Sequence[Any]) -> WordSeqs:
    """Folded word sequences, longest first."""
    return WordSeqs(sorted({tuple(_fold(w).split()) for w in items}, key=len, reverse=True))


def _entry(raw: dict[str, Any], event_type: str | None) -> TriggerEntry:
    """Build one trigger entry from its YAML mapping."""
    phrase = str(raw["t"])
    words = tuple(frozenset(_fold(form) for form in word.split("|")) for word in phrase.split())
    frame = str(raw.get("frame", "agent"))
    if frame not in FRAMES:
        raise ResourceError("E603", name=TRIGGERS, line=0, detail=f"unknown frame {frame!r} in {phrase!r}")
    return TriggerEntry(words, event_type, raw.get("mode"), frame, bool(raw.get("verb")), bool(raw.get("light")),
                        bool(raw.get("partner")), bool(raw.get("inherit")), phrase)


@functools.lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """Load, check and index the trigger lexicon and the cue words (once per process)."""
    data = read_yaml(TRIGGERS)
    cues = read_yaml(CUES)
    entries: list[TriggerEntry] = []
    quads: dict[str, int] = {}
    modes: dict[str, tuple[str, ...]] = {}
    for event_type, spec in data["types"].items():
        if event_type not in PLOVER_TYPES:
            raise ResourceError("E603", name=TRIGGERS, line=0, detail=f"unknown event type {event_type!r}")
        quads[event_type] = int(spec["quad"])
        modes[event_type] = tuple(spec.get("modes") or ())
        for raw in spec["triggers"]:
            e = _entry(raw, event_type)
            if e.mode is not None and e.mode not in modes[event_type]:
                raise ResourceError("E603", name=TRIGGERS, line=0, detail=f"mode {e.mode!r} not of {event_type}")
            entries.append(e)
    entries += [_entry({"t": p}, None) for p in data.get("not_events", [])]
    by_first: dict[str, list[TriggerEntry]] = {}
    for e in entries:
        for first in e.words[0]:
            by_first.setdefault(first, []).append(e)
    mode_cues = {
        t: tuple((mode, frozenset(_fold(w) for w in words)) for mode, words in table.items())
        for t, table in data.get("mode_cues", {}).items()
    }
    for name in cues["markers"]:
        if not isinstance(name, str):  # YAML 1.1 reads a bare `on:` key as True
            raise ResourceError("E603", name=CUES, line=0, detail=f"marker name {name!r} must be a quoted string")
    markers = tuple(sorted(((tuple(_fold(w).split()), name) for name, words in cues["markers"].items()
                            for w in words), key=lambda m: len(m[0]), reverse=True))
    marker_index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for seq, name in markers:
        if not seq:
            raise ResourceError("E603", name=CUES, line=0, detail=f"marker {name!r} has an empty entry")
        marker_index.setdefault(seq[0], []).append((seq, name))
    pronouns = {_fold(w): (person, case) for person, cases in cues["pronouns"].items()
                for case, words in cases.items() for w in words}
    kinds = {_fold(w): kind for kind, words in cues["light_verbs"].items() for w in words}
    flat = lambda key: frozenset(_fold(w) for w in cues[key])  # noqa: E731
    return EventLexicon(
        by_first={k: tuple(sorted(v, key=lambda e: len(e.words), reverse=True)) for k, v in by_first.items()},
        trigger_words=frozenset(w for e in entries if e.event_type for forms in e.words for w in forms),
        quads=quads, modes=modes, mode_cues=mode_cues, markers=markers,
        marker_index={k: tuple(v) for k, v in marker_index.items()},
        genitives=flat("genitives"), coordinators=flat("coordinators"),
        institution_heads=_seqs(cues["institution_heads"]), pronouns=pronouns,
        light_verbs=frozenset(kinds), light_kinds=kinds, statement_nouns=flat("statement_nouns"), passive=flat("passive"),
        auxiliaries=flat("auxiliaries"),
        nonfinite_after=_seqs(cues["nonfinite_after"]), negation=flat("negation"),
        hypothetical=flat("hypothetical"), future_modifiers=_seqs(cues["future_modifiers"]),
        clause_breaks=flat("clause_breaks"), conditionals=flat("conditionals"),
        material=frozenset(str(t) for t in cues["material"]), not_future=flat("not_future"), host_participles=_seqs(cues["host_participles"]),
        capital_words=flat("capital_words"), particles=flat("particles"), progressive=flat("progressive"),
        go_auxiliary=flat("go_auxiliary"), infinitive_ending=_fold(cues["infinitive_ending"]),
        complementizers=flat("complementizers"), then=flat("then"), not_only=flat("not_only"),
        relative_locatives=flat("relative_locatives"),
    )
