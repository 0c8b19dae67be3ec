"""Dated facts stated by an article: memberships, founding, chairs, relations, partnerships, trade, offices.

Each predicate has cue words in ``hi/fact_cues.yaml``; the subject and object come from the
sentence's entity phrases and their case markers (``extract.event_doc``), the dates from the
sentence's DateRefs (a range gives ``valid_from``/``valid_to``), amounts from ``extract.money``.
Sentences inside direct quotations are claims of the speaker and are left to the quotes.

Predicates: ``member_of``, ``observer_of``, ``founded``, ``chair_of``,
``diplomatic_relations_since``, ``strategic_partner_of``, ``trade_volume_with`` (value and
unit), ``holds_office`` (value: the office, from "भारत के प्रधानमंत्री नरेंद्र मोदी"), and
``hosts_summit_of`` (from hosting events).

Example:
    >>> from ghatna.text.segment import split_sentences
    >>> t = "भारत 2017 में एससीओ का पूर्ण सदस्य बना।"
    >>> ms = [Mention(0, 4, "भारत", "GPE", entity_id="Q668"), Mention(14, 19, "एससीओ", "ORG", entity_id="Q485207")]
    >>> from ghatna.extract.dates import find_dates
    >>> [(f.subject, f.predicate, f.object, f.valid_from) for f in find_facts(t, split_sentences(t), ms, find_dates(t))]
    [('Q668', 'member_of', 'Q485207', '2017')]
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ghatna.extract.event_doc import EventDoc, Phrase, assign_markers, build_doc
from ghatna.extract.event_lexicon import WordSeqs, event_lexicon
from ghatna.extract.money import find_amounts
from ghatna.resources.loader import read_tsv, read_yaml
from ghatna.text.normalize import devanagari_key
from ghatna.types import DateRef, DateValue, Event, Fact, Mention, QuoteSpan, Sentence, Span

SYMMETRIC = frozenset({"diplomatic_relations_since", "strategic_partner_of", "trade_volume_with"})
_ORG = "ORG"


@dataclass(frozen=True, slots=True)
class _Cues:
    """Folded cue word sequences of ``hi/fact_cues.yaml``."""

    seqs: dict[str, WordSeqs]
    cues_of: dict[str, frozenset[str]]  # a first word of a cue -> the names of the cues it may open


@functools.lru_cache(maxsize=1)
def _cues() -> _Cues:
    """Load the cue words once."""
    data = read_yaml("hi/fact_cues.yaml")
    seqs = {k: WordSeqs(tuple(devanagari_key(str(w)).split()) for w in v) for k, v in data.items()}
    cues_of: dict[str, set[str]] = {}
    for name, v in seqs.items():
        for first in v.by_first:
            cues_of.setdefault(first, set()).add(name)
    return _Cues(seqs, {k: frozenset(v) for k, v in cues_of.items()})


@functools.lru_cache(maxsize=1)
def _offices() -> dict[str, str]:
    """Folded role word -> office code (the KB's role table)."""
    return {devanagari_key(r["phrase"]): r["office"] for r in read_tsv("kb/roles.tsv")}


def _cues_in(keys: Sequence[str]) -> frozenset[str]:
    """Names of the cues whose first word is among ``keys`` (no other cue can be found there)."""
    cues_of = _cues().cues_of
    return frozenset(name for k in set(keys) if k in cues_of for name in cues_of[k])


def _find(keys: Sequence[str], name: str, start: int = 0, present: frozenset[str] | None = None) -> int:
    """Index of the first cue of ``name`` in ``keys`` at or after ``start`` (-1 if none).

    ``present`` (``_cues_in(keys)``) lets a sentence holding no first word of the cue be skipped
    without a scan, which is most sentences for most cues.
    """
    if present is not None and name not in present:
        return -1
    by_first = _cues().seqs[name].by_first
    for i in range(start, len(keys)):
        seqs = by_first.get(keys[i])
        if seqs and any(tuple(keys[i:i + len(s)]) == s for s in seqs):
            return i
    return -1


@dataclass
class _Sentence:
    """One sentence's words, phrases and dates, with lookups the rules share."""

    doc: EventDoc
    first: int
    end: int
    span: Sentence
    phrases: list[Phrase]
    dates: list[DateRef]
    keys: Sequence[str] = ()  # folded words of the sentence
    present: frozenset[str] = frozenset()  # cues that may be found in it
    found: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Slice the sentence's words once."""
        self.keys = self.doc.keys[self.first:self.end]
        self.present = _cues_in(self.keys)

    def find(self, name: str) -> int:
        """Sentence-relative index of the first cue of ``name`` (-1 if none); several rules ask for the same cue."""
        if name not in self.present:
            return -1
        i = self.found.get(name)
        if i is None:
            i = self.found[name] = _find(self.keys, name)
        return i

    def word(self, i: int) -> int:
        """Sentence-relative index -> document word index."""
        return self.first + i

    def evidence(self) -> Span:
        """The sentence as evidence."""
        return Span(self.span.start, self.span.end, self.span.text)

    def date_near(self, i: int, after: bool = False) -> DateRef | None:
        """The date expression nearest to word ``i`` (before it, or after it when ``after``)."""
        pos = self.doc.words[self.word(i)].start
        ds = [d for d in self.dates if (d.start >= pos if after else d.end <= pos)]
        if not ds:
            return None
        return min(ds, key=lambda d: abs(d.start - pos))


class _Reader:
    """Applies the fact rules to one article."""

    def __init__(self, doc: EventDoc, dates: Sequence[DateRef], countries: Mapping[str, str],
                 regions: Sequence[tuple[int, int]]) -> None:
        self.doc, self.dates, self.countries, self.regions = doc, dates, countries, regions
        self.out: list[Fact] = []
        self.prev_org: str | None = None
        counts: Counter[str] = Counter()
        for p in doc.phrases:
            for e, lab in zip(p.entities, p.labels):
                if lab == "GPE" and self.is_country(e):
                    counts[e] += 1
        self.salient = [e for e, _ in counts.most_common(2)]

    def is_country(self, eid: str) -> bool:
        """True when the entity is a country (not a city of one)."""
        return self.countries.get(eid, eid) == eid

    def add(self, s: _Sentence, subject: str | None, predicate: str, obj: str | None = None, *,
            value: float | str | None = None, unit: str | None = None, when: DateRef | None = None,
            until: str | None = None, confidence: float = 0.8) -> None:
        """Record a fact (subject and object must differ)."""
        if subject is None or subject == obj:
            return
        start = None if when is None else when.value
        end = until if until is not None else (None if when is None else when.range_end)
        self.out.append(Fact(subject, predicate, obj, value, unit, start, end, s.evidence(), confidence))

    def sentences(self) -> list[_Sentence]:
        """Sentences outside direct quotations."""
        out = []
        words = self.doc.words
        for first, end, sent in self.doc.sentences:
            # a sentence's words and dates start inside it: only quotations overlapping it matter
            regions = [(a, b) for a, b in self.regions if a < sent.end and sent.start < b]
            quoted = lambda pos: any(a <= pos < b for a, b in regions)  # noqa: E731
            if regions:
                # words inside a direct quotation are the speaker's claims: neither cues nor participants
                while first < end and quoted(words[first].start):
                    first += 1
                stop = next((k for k in range(first, end) if quoted(words[k].start)), end)
            else:
                stop = end
            if stop <= first:
                continue
            phrases = [p for p in self.doc.phrases_in(first, stop) if p.entities]
            dates = [d for d in self.dates if sent.start <= d.start < sent.end and d.value and not quoted(d.start)]
            out.append(_Sentence(self.doc, first, stop, sent, phrases, dates))
        return out

    # --- rules -----------------------------------------------------------------------------------

    def run(self) -> list[Fact]:
        """Apply every rule to every sentence."""
        history: list[_Sentence] = []
        for s in self.sentences():
            keys = s.keys
            self._chair(s, keys)
            founded = self._founded(s, keys)
            if s.find("observer") >= 0:
                self._observer(s, keys)
            elif not founded:
                self._member(s, keys)
            self._relations(s, keys, history)
            self._trade(s, keys)
            subjects = [p for p in s.phrases if p.orgs and p.marker in (None, "erg")]
            if subjects:
                self.prev_org = subjects[0].entities[0]
            history.append(s)
        return self.out

    def _chair(self, s: _Sentence, keys: list[str]) -> None:
        """"X जुलाई 2023 से जुलाई 2024 तक Y की अध्यक्षता करेगा"."""
        i = s.find("chair")
        if i < 0:
            return
        orgs = [p for p in s.phrases if p.orgs]
        holders = [p for p in s.phrases if not p.orgs and "GPE" in p.labels and p.marker in (None, "erg")
                   and s.doc.words[p.first].start < s.doc.words[s.word(i)].start]
        if not orgs or not holders:
            return
        org = min(orgs, key=lambda p: abs(p.first - s.word(i)))
        ranged = [d for d in s.dates if d.range_end]
        when = ranged[0] if ranged else s.date_near(i)
        self.add(s, holders[0].entities[0], "chair_of", org.entities[0], when=when)

    def _founded(self, s: _Sentence, keys: list[str]) -> bool:
        """"X की स्थापना 2001 में A, B … द्वारा की गई थी": founded, and founders are members."""
        i = s.find("founded")
        if i < 0 or s.find("relations") >= 0:
            return False
        here = s.word(i)
        keys_all = self.doc.keys
        # "X की स्थापना": the organisation right before the genitive of the cue word
        owner = [p for p in s.phrases if p.orgs and p.last + 2 == here and keys_all[p.last + 1] in self.doc.lex.genitives]
        org = owner[-1].entities[0] if owner else None
        if org is None and i > 0 and (keys[i - 1],) in _cues().seqs["relative_owners"]:
            subjects = [p for p in s.phrases if p.orgs and p.marker in (None, "erg") and p.last < here]
            org = subjects[-1].entities[0] if subjects else self.prev_org
        if org is None:
            return False
        when = s.date_near(i, after=True) or s.date_near(i)
        self.add(s, org, "founded", None, when=when)
        lex = self.doc.lex
        agent = next((k for k in range(i, len(keys)) if (lex.marker_at(keys, k) or ("",))[0] == "agt"), None)
        if agent is not None:
            for p in s.phrases:
                if here < p.first < s.word(agent):
                    for e, lab in zip(p.entities, p.labels):
                        if lab == "GPE":
                            self.add(s, e, "member_of", org, when=when)
        return True

    def _org_pronoun(self, s: _Sentence, keys: list[str]) -> str | None:
        """"इसके/इसका …": the organisation the previous sentences were about."""
        if any((k,) in _cues().seqs["org_pronouns"] for k in keys):
            return self.prev_org
        return None

    def _observer(self, s: _Sentence, keys: list[str]) -> None:
        """"X को Y में पर्यवेक्षक का दर्जा", "इसके तीन पर्यवेक्षक देश हैं: A, B", "X का Y के साथ संबंध … अवलोकक देश"."""
        i = s.find("observer")
        orgs = [p for p in s.phrases if p.orgs]
        targets = [p for p in orgs if p.marker in ("loc", "com", "gen")]
        if len(orgs) > 1 and targets:
            obj = targets[-1].entities[0]
        elif len(orgs) == 1:
            obj = orgs[0].entities[0]
        else:
            obj = self._org_pronoun(s, keys)
        if obj is None:
            return
        when = s.date_near(i) or s.date_near(i, after=True)
        for p in s.phrases:
            if obj in p.entities or (p.marker == "loc" and not p.orgs):
                continue
            for e, lab in zip(p.entities, p.labels):
                if lab in ("GPE", _ORG) and (lab == _ORG or self.is_country(e)):
                    self.add(s, e, "observer_of", obj, when=when)

    def _member(self, s: _Sentence, keys: list[str]) -> None:
        """"भारत, ईरान और पाकिस्तान सहित नौ सदस्यों", "भारत ने 2017 में … पूर्ण सदस्य राज्य बनने का दर्जा"."""
        i = s.find("member")
        if i < 0:
            return
        orgs = [p for p in s.phrases if p.orgs]
        obj = min(orgs, key=lambda p: abs(p.first - s.word(i))).entities[0] if orgs else self._org_pronoun(s, keys)
        if obj is None:
            return
        when = s.date_near(i)
        excluded = {p.first for p in s.phrases
                    if self.doc.lex.starts_with(self.doc.keys, p.last + 1, _cues().seqs["excluding"])}
        for p in s.phrases:
            if p.orgs or p.marker == "loc" or p.first in excluded or p.inst:
                continue
            for e, lab in zip(p.entities, p.labels):
                if lab == "GPE" and self.is_country(e):
                    self.add(s, e, "member_of", obj, when=when)

    def _pair(self, s: _Sentence, history: list[_Sentence]) -> list[str]:
        """The two countries a relation is between: named in the sentence, else in the ones before it."""
        for cand in [s] + list(reversed(history[-2:])):
            if cand is not s and cand.span.paragraph != s.span.paragraph:
                break
            found: list[str] = []
            for p in cand.phrases:
                for e, lab in zip(p.entities, p.labels):
                    if lab == "GPE" and self.is_country(e) and e not in found:
                        found.append(e)
            if len(found) >= 2:
                return found[:2]
        return []

    def _relations(self, s: _Sentence, keys: list[str], history: list[_Sentence]) -> None:
        """Diplomatic relations established, and partnerships upgraded, on a date."""
        for cue, start, predicate in (("relations", "relations_start", "diplomatic_relations_since"),
                                      ("partnership", "partnership_start", "strategic_partner_of")):
            i = s.find(cue)
            if i < 0 or s.find(start) < 0:
                continue
            # the date must be in the cue's clause: "…; यह … संबंध स्थापित करने की 30वीं वर्षगांठ" is no date of it
            lo, hi = next(((a, b) for a, b in self.doc.clauses(s.first, s.end) if a <= s.word(i) < b), (s.first, s.end))
            start_pos, end_pos = self.doc.words[lo].start, self.doc.words[hi - 1].end
            when = s.date_near(i, after=True) or s.date_near(i)
            if when is None or not (start_pos <= when.start < end_pos):
                continue
            pair = self._pair(s, history)
            if len(pair) == 2:
                self.add(s, pair[0], predicate, pair[1], when=when)

    def _trade(self, s: _Sentence, keys: list[str]) -> None:
        """"दोनों देशों के बीच द्विपक्षीय व्यापार … 27 अरब डॉलर"."""
        i = s.find("trade")
        if i < 0:
            return
        amounts = [a for a in find_amounts(s.span.text)]
        if not amounts:
            return
        countries = [e for p in s.phrases for e, lab in zip(p.entities, p.labels)
                     if lab == "GPE" and self.is_country(e)]
        pair = list(dict.fromkeys(countries))[:2]
        if len(pair) < 2 and s.find("both_countries") >= 0:
            pair = self.salient
        if len(pair) == 2:
            a = amounts[0]
            when = s.date_near(i) or s.date_near(i, after=True)
            self.add(s, pair[0], "trade_volume_with", pair[1], value=a.value, unit=a.unit,
                     when=when if when is not None and when.granularity == "year" else None)


def _offices_held(text: str, mentions: Sequence[Mention], names: Mapping[str, str]) -> list[Fact]:
    """"भारत के प्रधानमंत्री नरेंद्र मोदी": a role anchored on a country right before the person's name."""
    roles = [m for m in mentions if m.how == "role" and m.entity_id]
    named = [m for m in mentions if m.how != "role" and m.entity_id and m.label in ("PERSON", "PER")]
    out = []
    for r in roles:
        nxt = next((m for m in named if m.entity_id == r.entity_id and r.end <= m.start
                    and text[r.end:m.start].strip() == ""), None)
        anchors = [m for m in mentions if r.start <= m.start and m.end < r.end and m.label in ("GPE", "NORP")
                   and m.entity_id]
        if nxt is None or not anchors:
            continue
        country = anchors[0].entity_id
        words = devanagari_key(text[anchors[0].end:r.end]).split()
        words = words[1:] if words and words[0] in event_lexicon().genitives else words
        office = _offices().get(" ".join(words))
        if office is None or country not in names:
            continue
        title = f"{office.replace('_', ' ').title()} of {names[country]}"
        ev = Span(r.start, nxt.end, text[r.start:nxt.end])
        out.append(Fact(r.entity_id, "holds_office", None, title, None, None, None, ev, 0.9))
    return out


def _hosting(events: Sequence[Event], mentions: Sequence[Mention]) -> list[Fact]:
    """A hosting event with an organisation as recipient: X hosts Y's summit."""
    orgs = {m.entity_id for m in mentions if m.entity_id and m.label == _ORG}
    words = {w for s in _cues().seqs["hosting"] for w in s}
    out = []
    for e in events:
        if e.trigger is None or not e.actor or not e.recipient or e.recipient[0] not in orgs:
            continue
        if not words & set(devanagari_key(e.trigger.text).split()):
            continue
        out.append(Fact(e.actor[0], "hosts_summit_of", e.recipient[0], None, None,
                        e.date.value if e.date else None, None, e.evidence, round(e.confidence * 0.9, 2)))
    return out


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (subject, predicate, object, value); symmetric predicates in either order."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in facts:
        key: tuple[object, ...] = (f.subject, f.predicate, f.object, f.value)
        if f.predicate in SYMMETRIC:
            key = (frozenset((f.subject, f.object)), f.predicate, f.value)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def load_resources() -> None:
    """Read the fact cues, the role table and the event cue words now (the stage calls it when built)."""
    event_lexicon()
    _cues()
    _offices()


def find_facts(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention],
               dates: Sequence[DateRef] = (), article_date: DateValue | None = None, *,
               names: Mapping[str, str] | None = None, countries: Mapping[str, str] | None = None,
               events: Sequence[Event] = (), quotes: Sequence[QuoteSpan] = (),
               entity_types: Mapping[str, str] | None = None) -> list[Fact]:
    """Find the dated facts an article states.

    Args:
        text: ``Article.text``.
        sentences: its sentences.
        mentions: linked mentions (nested role and name mentions included).
        dates: its DateRefs (resolved against the article date).
        article_date: the article's date (kept for callers; facts carry the dates the text gives).
        names: entity id -> English name, for office titles ("Prime Minister of India").
        countries: entity id -> its country, so that cities are not taken for member states.
        events: the article's events; hosting events give ``hosts_summit_of``.
        quotes: quotations; sentences inside direct ones are skipped.
        entity_types: entity id -> type from the KB (outranks a model's mention label).

    Returns:
        Facts in text order of their evidence, without repeats.
    """
    lex = event_lexicon()
    doc = build_doc(text, sentences, mentions, lex, entity_types)
    assign_markers(doc, set())
    regions = [(q.start, q.end) for q in quotes if q.direct]
    facts = _Reader(doc, dates, countries or {}, regions).run()
    facts += _offices_held(text, mentions, names or {})
    facts += _hosting(events, mentions)
    facts.sort(key=lambda f: f.evidence.start if f.evidence else 0)
    return _dedupe(facts)
