"""An article read for event extraction: words, entity noun phrases with their case markers, clauses.

Hindi marks the role of a noun phrase with the postposition after it (ने agent, को recipient,
से/के साथ partner, पर target, में place, द्वारा passive agent, का/की/के genitive). This module
turns the linker's mentions into noun phrases, reads the marker after each one (through genitive
chains such as "X के विदेश मंत्रियों की परिषद की बैठक" and institution heads such as "रूसी
सैनिकों ने"), groups coordinated phrases ("भारत और रूस ने"), finds pronouns, and cuts
sentences into clauses at complementizers, relative pronouns and quotation marks.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ghatna.extract.event_lexicon import EventLexicon
from ghatna.text.normalize import devanagari_key
from ghatna.text.tokenize import token_keys, token_tuple
from ghatna.types import Mention, Sentence, Token

PARTICIPANT_LABELS = frozenset({"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_QUOTE_MARKS = frozenset('"“”«»')
_PUNCT_STOP = frozenset("।॥?!.;:()[]{}\"“”«»")
_MAX_CHAIN = 8


@dataclass(eq=False)
class Phrase:
    """A noun phrase naming participants: linked entities, or a pronoun resolved later.

    ``marker`` is the case the phrase takes in its clause (see ``hi/event_cues.yaml``), "gen" when
    it modifies the noun at word ``head``, "cmp" when it sits right before the noun or verb at
    ``head`` with no postposition ("एससीओ शिखर सम्मेलन", "अस्ताना पहुंचे"), None for a subject.
    """

    first: int
    last: int
    entities: tuple[str, ...]
    labels: tuple[str, ...]
    start: int
    end: int
    pronoun: tuple[str, str] | None = None
    marker: str | None = None
    head: int | None = None
    after: int = 0  # word index after the marker
    capital_of: str | None = None
    inst: bool = False  # the phrase speaks through an institution head (भारत की सेना, रूसी सैनिक)

    @property
    def places(self) -> bool:
        """True when every entity of the phrase is a place."""
        return bool(self.labels) and all(lab in PLACE_LABELS for lab in self.labels) and not self.inst

    @property
    def orgs(self) -> bool:
        """True when every entity of the phrase is an organisation."""
        return bool(self.labels) and all(lab == "ORG" for lab in self.labels)


@dataclass
class EventDoc:
    """Words, phrases and sentences of one article, with lookups by word index."""

    text: str
    words: Sequence[Token]  # shared with the other stages that tokenise this text (immutable)
    keys: Sequence[str]  # devanagari_key of each word
    phrases: list[Phrase]
    sentences: list[tuple[int, int, Sentence]]  # first word, end word (exclusive), sentence
    lex: EventLexicon
    phrase_at: dict[int, Phrase] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)
    _named: frozenset[int] | None = None
    # clauses of a word range: asked for once per phrase and trigger of a sentence, and fixed once
    # the phrases are built (they depend on words and names only)
    _clauses: dict[tuple[int, int], tuple[tuple[int, int], ...]] = field(default_factory=dict)
    _sentence_firsts: list[int] | None = None
    _phrase_firsts: list[int] | None = None

    def word_index(self, pos: int) -> int:
        """Index of the word containing or following character ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1 if self.starts else 0

    def sentence_of(self, word: int) -> int:
        """Index of the sentence holding word ``word`` (the first one for words before any)."""
        if self._sentence_firsts is None:
            self._sentence_firsts = [s[0] for s in self.sentences]
        return max(0, bisect.bisect_right(self._sentence_firsts, word) - 1)

    def phrases_in(self, first: int, end: int) -> list[Phrase]:
        """Phrases (in order) whose first word lies in ``[first, end)``; phrases are sorted by first word."""
        if self._phrase_firsts is None:
            self._phrase_firsts = [p.first for p in self.phrases]
        firsts = self._phrase_firsts
        return self.phrases[bisect.bisect_left(firsts, first):bisect.bisect_left(firsts, end)]

    def clauses(self, first: int, end: int) -> tuple[tuple[int, int], ...]:
        """Cut words ``[first, end)`` into clauses at clause breaks and quotation marks."""
        found = self._clauses.get((first, end))
        if found is None:
            found = self._clauses[(first, end)] = tuple(self._cut_clauses(first, end))
        return found

    def _cut_clauses(self, first: int, end: int) -> list[tuple[int, int]]:
        """The clauses of ``clauses``, computed."""
        out = []
        start = first
        conditional = False
        named = self.named_words()
        for i in range(first, end):
            key = self.keys[i]
            conditional = conditional or key in self.lex.conditionals
            if i in named:
                continue  # "जो बाइडेन": a name, not the relative pronoun जो
            if (key in self.lex.clause_breaks or self.words[i].text in _QUOTE_MARKS
                    or (key in self.lex.then and conditional)):  # "अगर … तो …": the main clause follows
                if i > start:
                    out.append((start, i))
                start = i + 1
        if end > start:
            out.append((start, end))
        return out

    def named_words(self) -> frozenset[int]:
        """Indices of words inside named phrases (cached once phrases are built)."""
        if self._named is None:
            self._named = frozenset(i for p in self.phrases if p.pronoun is None for i in range(p.first, p.last + 1))
        return self._named

    def in_name(self) -> list[bool]:
        """Per word: False when the word lies inside an entity phrase (no trigger may use it)."""
        allowed = [True] * len(self.words)
        for p in self.phrases:
            if p.pronoun is None:
                for i in range(p.first, p.last + 1):
                    allowed[i] = False
        return allowed


def _outer_mentions(mentions: Sequence[Mention]) -> list[Mention]:
    """Linked participant mentions, outermost only (a role phrase wins over the names inside it)."""
    ms = sorted((m for m in mentions if m.entity_id and m.label in PARTICIPANT_LABELS),
                key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            if m.end > out[-1].end and m.start >= out[-1].start and m.entity_id != out[-1].entity_id:
                continue  # a crossing span: keep the first
            continue
        out.append(m)
    return out


def _join_gap(text: str) -> bool:
    """True when only spaces, a hyphen or brackets separate two mentions of one name."""
    return all(c in " \t-()" for c in text)


def _loose_common_word(doc: EventDoc, m: Mention) -> bool:
    """A one-word name the gazetteer matched only by sound that is an event word ("मिसाइल" ~ मिशेल)."""
    if m.how != "gazetteer" or m.confidence >= 1.0 or " " in m.text.strip():
        return False
    return devanagari_key(m.text) in doc.lex.trigger_words


def _phrases_from_mentions(doc: EventDoc, mentions: Sequence[Mention],
                           types: Mapping[str, str]) -> list[Phrase]:
    """One phrase per name (adjacent mentions of one entity and "X (Y)" acronyms joined)."""
    out: list[Phrase] = []
    for m in _outer_mentions([m for m in mentions if not _loose_common_word(doc, m)]):
        first, last = doc.word_index(m.start), doc.word_index(max(m.start, m.end - 1))
        # the linked entity's type where known (a model may tag a country LOC), else the mention's
        # (a demonym keeps NORP: it is an adjective whose noun follows, "इज़राइली जहाज़ को")
        label = m.label if m.label == "NORP" else (types.get(m.entity_id or "") or m.label)
        label = "PERSON" if label == "PER" else label
        prev = out[-1] if out else None
        if prev is not None and prev.pronoun is None and (
                first <= prev.last or (prev.entities[-1] == m.entity_id and _join_gap(doc.text[prev.end:m.start]))):
            if m.entity_id not in prev.entities:
                prev.entities += (m.entity_id,)
                prev.labels += (label,)
            prev.last, prev.end = max(prev.last, last), max(prev.end, m.end)
            continue
        out.append(Phrase(first, last, (m.entity_id,), (label,), m.start, m.end))
    for p in out:  # a closing bracket of "X (Y)" belongs to the phrase
        if p.last + 1 < len(doc.words) and doc.words[p.last + 1].text == ")" and "(" in doc.text[p.start:p.end]:
            p.last += 1
            p.end = doc.words[p.last].end
    return out


def _coordinate(doc: EventDoc, phrases: list[Phrase]) -> list[Phrase]:
    """Join phrases separated only by coordinators ("भारत, रूस और चीन ने") into one phrase."""
    out: list[Phrase] = []
    for p in phrases:
        prev = out[-1] if out else None
        if prev is not None and prev.pronoun is None and p.pronoun is None and p.first > prev.last + 1:
            gap = doc.keys[prev.last + 1:p.first]
            if all(k in doc.lex.coordinators for k in gap) and len(gap) <= 2:
                prev.entities += tuple(e for e in p.entities if e not in prev.entities)
                prev.labels += tuple(lab for e, lab in zip(p.entities, p.labels) if e not in prev.entities[:-1])
                prev.last, prev.end = p.last, p.end
                continue
        out.append(p)
    return out


def _pronoun_phrases(doc: EventDoc, taken: set[int]) -> list[Phrase]:
    """Phrases for pronouns (their entities are filled in by the resolver)."""
    out: list[Phrase] = []
    pronouns = doc.lex.pronouns
    if pronouns.keys().isdisjoint(doc.keys):
        return out
    for i, key in enumerate(doc.keys):
        pr = pronouns.get(key)
        if pr is None or i in taken:
            continue
        w = doc.words[i]
        if pr[1] == "obl":
            m = doc.lex.marker_at(doc.keys, i + 1)
            if m is None:
                continue  # "उस दौरान": a determiner, not a pronoun
            out.append(Phrase(i, i, (), (), w.start, w.end, pronoun=pr, marker=m[0], after=i + 1 + m[1]))
            continue
        out.append(Phrase(i, i, (), (), w.start, w.end, pronoun=pr,
                          marker=pr[1] if pr[1] in ("erg", "dat", "abl") else None))
    return out


def _scan_marker(doc: EventDoc, p: Phrase, trigger_starts: set[int]) -> None:
    """Read the case marker after phrase ``p`` (through genitive chains and institution heads)."""
    lex = doc.lex
    keys = doc.keys
    i = p.last + 1
    gen = p.pronoun is not None and p.pronoun[1] == "gen"
    loose = "NORP" in p.labels  # a demonym is an adjective: its noun follows (रूसी व्यापार समुदाय से)
    steps = 0
    while i < len(keys) and steps < _MAX_CHAIN:
        if i in trigger_starts and i != p.first:
            p.marker, p.head, p.after = ("gen" if gen else "cmp"), i, i
            return
        nxt = doc.phrase_at.get(i)
        if nxt is not None and nxt is not p:
            p.marker, p.head, p.after = ("gen" if gen else None), (i if gen else None), i
            return
        m = lex.marker_at(keys, i)
        if m is not None:
            p.marker, p.after = m[0], i + m[1]
            return
        word = doc.words[i].text
        if keys[i] in lex.genitives:
            gen = True
        elif word in _PUNCT_STOP or keys[i] in lex.clause_breaks or keys[i] in lex.light_verbs:
            break
        elif keys[i] in lex.coordinators and not (gen or loose):
            break
        else:
            head = lex.starts_with(keys, i, lex.institution_heads)
            if head and (steps == 0 or gen):
                p.inst = True
                i += head
                steps += head
                continue
            compound = steps == 0 and p.pronoun is None and i + 1 < len(keys) and keys[i + 1] in lex.genitives
            if not (gen or loose or compound):
                break  # "एससीओ राष्ट्रपति की सम्मेलन" (a compound noun) goes on; a subject ends here
        i += 1
        steps += 1
    p.marker = "gen" if gen else None
    p.after = i


def _capitals(doc: EventDoc, phrases: list[Phrase]) -> None:
    """"कजाकिस्तान की राजधानी अस्ताना": the city remembers its country; the country is no participant."""
    for a, b in zip(phrases, phrases[1:]):
        gap = doc.keys[a.last + 1:b.first]
        if len(gap) == 2 and gap[0] in doc.lex.genitives and gap[1] in doc.lex.capital_words and a.entities:
            b.capital_of = a.entities[0]
            a.marker, a.head = "capital", b.first


def build_doc(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention], lex: EventLexicon,
              types: Mapping[str, str] | None = None) -> EventDoc:
    """Read an article into words, phrases and sentences (markers come with ``assign_markers``).

    ``types`` maps entity ids to their type (PERSON, ORG, GPE, LOC) where the KB knows it.
    """
    words = token_tuple(text)
    doc = EventDoc(text, words, token_keys(text), [], [], lex, starts=[w.start for w in words])
    named = _coordinate(doc, _phrases_from_mentions(doc, mentions, types or {}))
    taken = {i for p in named for i in range(p.first, p.last + 1)}
    phrases = sorted(named + _pronoun_phrases(doc, taken), key=lambda p: p.first)
    doc.phrases = phrases
    doc.phrase_at = {p.first: p for p in phrases}
    for s in sentences:
        first = bisect.bisect_left(doc.starts, s.start)
        end = bisect.bisect_left(doc.starts, s.end)
        doc.sentences.append((first, end, s))
    return doc


def assign_markers(doc: EventDoc, trigger_starts: set[int]) -> None:
    """Give every phrase its case marker; ``trigger_starts`` are where event words begin."""
    for p in doc.phrases:
        if p.pronoun is not None and p.pronoun[1] == "gen":
            # a possessive pronoun modifies the word right after it ("उनकी गर्मजोशी", "मेरी … बातचीत")
            p.marker, p.head, p.after = "gen", p.last + 1, p.last + 1
        elif p.pronoun is None or p.marker is None:
            _scan_marker(doc, p, trigger_starts)
    _capitals(doc, doc.phrases)
